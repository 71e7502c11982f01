"""The grid repaints single cells by splicing them into the line it painted before
(tui/widgets/spliced_lines.py): after every key, each line on screen must be exactly the line
painted whole from the model."""

from __future__ import annotations

import pytest
from rich.segment import Segment
from textual.strip import Strip

from tests.tui.assessments.test_grid_keys import make_app, open_grid
from tests.tui.conftest import School
from tui.widgets.assessments.judgement_grid import JudgementGrid
from tui.widgets.spliced_lines import SplicedLines

KEYS = (
    # entries along a row, over the end of the period's areas, and back
    *"bobobobobobobobobo",
    "left",
    "delete",
    "g",
    "g",
    "u",
    "u",
    "ctrl+y",
    # down a column, then across the edge of the screen
    "d",
    *"obob",
    "d",
    *["right"] * 30,
    *"bo",
    "end",
    "home",
    "w",
    *"ob",
    "w",
    "pagedown",
    "o",
)


def segments(strip: Strip) -> list[Segment]:
    return list(strip.simplify())


def check_lines(grid: JudgementGrid, key: str) -> None:
    """Every line on screen, as the grid last gave it, against the line painted whole now."""
    view = (grid.scroll_offset, grid._view, grid.has_focus)
    shown = {y: strip for y, (at, strip) in grid._painted.items() if at == view}
    assert sorted(shown) == list(range(grid._view.height)), f"lines missing after {key!r}"
    for y, strip in shown.items():
        assert segments(strip) == segments(grid.paint_line(y)), f"line {y} after {key!r}"


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_every_line_shown_is_the_line_painted_whole(
    school: School, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    spliced: list[int] = []
    splice = SplicedLines._splice

    def counted(self: SplicedLines, y: int, strip: Strip, damage: list[tuple[int, int]]) -> object:
        result = splice(self, y, strip, damage)
        if result is not None:
            spliced.append(y)
        return result

    monkeypatch.setattr(SplicedLines, "_splice", counted)
    async with make_app(school).run_test(size=size) as pilot:
        grid = await open_grid(pilot)
        for key in KEYS:
            await pilot.press(key)
            await pilot.pause()
            check_lines(grid, key)
    assert len(spliced) > len(KEYS), "the cells were not spliced: every line was painted whole"


async def test_lines_stay_true_over_a_dialog_a_fill_and_a_resize(school: School) -> None:
    """A fill changes a cell on many lines at once, under its dialog; a resize repaints all."""
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await pilot.press(*"bob")
        await pilot.press("F", "o")  # the whole column, from the dialog
        await pilot.pause()
        assert pilot.app.screen.query_one(JudgementGrid) is grid
        check_lines(grid, "F o")
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        for key in ("b", "down", "o", "u", "R", "b"):
            await pilot.press(key)
            await pilot.pause()
            check_lines(grid, key)
        await pilot.resize_terminal(80, 24)
        await pilot.press("o")
        await pilot.pause()
        check_lines(grid, "o after a resize back")
