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
    shown = dict(grid._painted)
    assert shown, "the grid painted nothing"
    for y, (_key, strip) in shown.items():
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
