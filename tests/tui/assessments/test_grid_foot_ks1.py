"""The foot of a KS1 teacher assessment column at 80x24: number and % EXS+ and GDS under the
column, every group (EXS+, GDS, below EXS, the rest) in the status line, pupils with Include in
Data = No left out; the labels shared with the phonics recheck's beside it."""

from __future__ import annotations

from textual.pilot import Pilot

from store.curriculum.ks1 import KS1_TA, PHONICS
from store.curriculum.statistics import GroupCount, GroupStats
from tests.tui.assessments.test_grid_ks1 import RD, SC, open_year_2
from tests.tui.assessments.test_grid_ks1 import year_two as year_two  # the fixture
from tests.tui.conftest import School
from tui.app import PupilTrackerApp
from tui.screens.assessments.grid_legend import grid_legend
from tui.widgets.assessments.grid_layout import FOOT_HEIGHT, FOOT_LINES, joined
from tui.widgets.assessments.judgement_grid import JudgementGrid
from tui.widgets.assessments.status_line import StatusLine


def foot(grid: JudgementGrid, column: int) -> list[str]:
    """The column's four foot figures as painted."""
    return [grid._foot_cell(column, line).strip() for line in range(FOOT_LINES)]


def foot_labels(grid: JudgementGrid) -> list[str]:
    """The labels left of the foot's figure lines, as painted."""
    top = grid.scrollable_content_region.height - FOOT_HEIGHT
    return [
        grid.render_line(top + line).text.split("│", 1)[0].strip() for line in range(FOOT_LINES)
    ]


def figures(pilot: Pilot[None]) -> str:
    """The status line's second line: the cursor column's figures."""
    return pilot.app.screen.query_one(StatusLine).text.split("\n")[1]


async def type_down(pilot: Pilot[None], grid: JudgementGrid, column: int, keys: str) -> None:
    """Type one code key per pupil down `column`, from the first row."""
    for row, key in enumerate(keys):
        grid.move_to(row, column)
        await pilot.press(key)
    await pilot.pause()


async def look_at(pilot: Pilot[None], grid: JudgementGrid, row: int, column: int) -> None:
    """Put the cursor on a cell as an arrow key does (which clears the last key's notice)."""
    grid.move_to(row, column + 1)
    await pilot.press("left")
    await pilot.pause()


def test_f1_says_what_the_ks1_foot_and_status_line_count() -> None:
    legend = grid_legend([KS1_TA, PHONICS], reception=False)
    assert (
        "KS1 teacher assessment's foot: number and % EXS+ and GDS; the status line gives every "
        "group of the cursor's column: EXS+ (GDS, EXS), GDS (GDS), Below EXS (WTS, PK4, PK3, "
        "PK2, PK1, EM, HNM), Other (A, Q, blank)."
    ) in legend
    assert "foot:" not in grid_legend([PHONICS], reception=False)  # two groups: its colours


def test_the_labels_of_frameworks_that_count_differently_are_joined() -> None:
    assert joined(("No. EXS+", "No. Wt")) == "No. EXS+/Wt"
    assert joined(("% GDS", "% Wa", "% GDS")) == "% GDS/Wa"
    assert joined(("No. EXS+", "Avg")) == "No. EXS+/Avg"


async def test_the_ks1_foot_counts_exs_plus_and_gds_and_the_status_line_every_group(
    school: School, year_two: dict[str, int]
) -> None:
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await open_year_2(pilot)
        assert grid.model is not None
        assert foot(grid, RD) == ["0", "0", "0", "0"]
        await type_down(pilot, grid, RD, "get")  # Ahmed GDS, Byrne EXS, Ó'Connor WTS
        assert foot(grid, RD) == ["2", "67", "1", "33"]
        assert grid.model.stats(RD) == GroupStats(
            (
                GroupCount("EXS+", 2, 3),
                GroupCount("GDS", 1, 3),
                GroupCount("Below EXS", 1, 3),
                GroupCount("Other", 0, 3),
            ),
            3,
        )
        # KS1 beside the phonics recheck: each line says both frameworks' groups.
        assert foot_labels(grid) == ["No. EXS+/Wt", "% EXS+/Wt", "No. GDS/Wa", "% GDS/Wa"]
        await look_at(pilot, grid, 0, RD)
        assert figures(pilot) == (
            "EXS+ 2 (66.67%) · GDS 1 (33.33%) · Below EXS 1 (33.33%) · Other 0 (0.00%)"
        )
        await type_down(pilot, grid, SC, "ha")  # Science: HNM, A, blank
        assert foot(grid, SC) == ["0", "0", "0", "0"]
        await look_at(pilot, grid, 2, SC)
        assert figures(pilot) == (
            "EXS+ 0 (0.00%) · GDS 0 (0.00%) · Below EXS 1 (33.33%) · Other 2 (66.67%)"
        )
        await look_at(pilot, grid, 0, RD)  # Ahmed, GDS: Include in Data = No leaves them out
        await pilot.press("i")
        await pilot.pause()
        assert foot(grid, RD) == ["1", "50", "0", "0"]
        assert figures(pilot) == (
            "EXS+ 1 (50.00%) · GDS 0 (0.00%) · Below EXS 1 (50.00%) · Other 0 (0.00%)"
        )
        await pilot.press("w")  # wide columns: 2 decimals under the column too
        await pilot.pause()
        assert foot(grid, RD) == ["1", "50.00", "0", "0.00"]
