"""The phonics check's outcome in the grid, as a Year 2 teacher types the recheck's marks: Wa
or Wt beside each mark by the year's threshold, the foot's Wa among pupils with a mark, a
new threshold shown after f5, and the workbooks' Outcome column."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from store.assessments.phonics_threshold import set_phonics_threshold
from store.core.access import Actor, Role
from store.curriculum.statistics import BandStats
from tests.tui.assessments.test_grid_export import export, sheet_at, written
from tests.tui.assessments.test_grid_ks1 import open_year_2, year_two  # noqa: F401  (fixture)
from tests.tui.conftest import YEAR, School
from tui.app import PupilTrackerApp
from tui.widgets.assessments.judgement_grid import JudgementGrid

SUPPORT = Actor("helpdesk", Role.SUPPORT, None)
pytestmark = pytest.mark.usefixtures("year_two")


def columns(grid: JudgementGrid) -> tuple[int, int]:
    """The phonics mark's column and its Outcome's, just after it."""
    assert grid.model is not None
    codes = [column.code for column in grid.model.columns]
    psc = codes.index("PSC")
    assert codes[psc + 1] == "PSO" and grid.model.columns[psc + 1].title == "Outcome"
    return psc, psc + 1


def shown(grid: JudgementGrid, column: int) -> list[str]:
    """The column's cells as painted, top to bottom."""
    assert grid.model is not None
    return [grid._cell(row, column)[0].strip() for row in range(len(grid.model.rows))]


def foot(grid: JudgementGrid, column: int) -> list[str]:
    """The column's four foot figures as painted (number and % Wt, number and % Wa)."""
    return [grid._foot_cell(column, line).strip() for line in range(4)]


async def type_marks(pilot: Pilot[None], grid: JudgementGrid, psc: int) -> None:
    """Ahmed 31, Byrne 32, Ó'Connor absent."""
    for row, keys in enumerate((("3", "1"), ("3", "2"), ("a",))):
        grid.move_to(row, psc)
        await pilot.press(*keys)
    await pilot.pause()


async def test_the_outcome_follows_each_mark_and_the_foot_counts_pupils_with_one(
    school: School,
) -> None:
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await open_year_2(pilot)
        psc, pso = columns(grid)
        assert shown(grid, pso) == ["·", "·", "·"]
        await type_marks(pilot, grid, psc)
        assert shown(grid, psc) == ["31", "32", "A"]
        assert shown(grid, pso) == ["Wt", "Wa", "·"]  # the usual threshold: 32
        assert grid.model is not None
        # Among the two with a mark, not the three: Ó'Connor was absent.
        assert grid.model.stats(pso) == BandStats(("Wt", "Wa"), 1, 1, 2)
        assert foot(grid, pso) == ["1", "50", "1", "50"]
        grid.move_to(0, psc)
        await pilot.press("4", "0")  # Ahmed's mark put right: 40
        await pilot.pause()
        assert shown(grid, pso) == ["Wa", "Wa", "·"]
        assert foot(grid, pso) == ["0", "0", "2", "AL"]
        grid.move_to(0, pso)
        await pilot.pause()
        assert grid.model.text(0, pso) == "Wa"


async def test_a_new_threshold_shows_after_f5(school: School) -> None:
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await open_year_2(pilot)
        psc, pso = columns(grid)
        await type_marks(pilot, grid, psc)
        assert shown(grid, pso) == ["Wt", "Wa", "·"]
        set_phonics_threshold(school.database, SUPPORT, YEAR, 33)  # support, elsewhere
        await pilot.press("f5")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        psc, pso = columns(grid)
        assert shown(grid, pso) == ["Wt", "Wt", "·"]
        assert foot(grid, pso) == ["2", "AL", "0", "0"]
        set_phonics_threshold(school.database, SUPPORT, YEAR, 31)
        await pilot.press("f5")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert shown(grid, pso) == ["Wa", "Wa", "·"]


async def test_screen_data_and_all_data_write_the_outcome(
    school: School, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from exports.folder import EXPORTS_DIR_ENV

    monkeypatch.setenv(EXPORTS_DIR_ENV, str(tmp_path))
    set_phonics_threshold(school.database, SUPPORT, YEAR, 31)
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await open_year_2(pilot)
        psc, _ = columns(grid)
        for row, keys in enumerate((("3", "0"), ("3", "1"), ("q",))):
            grid.move_to(row, psc)
            await pilot.press(*keys)
        await pilot.pause()
        screen_said = await export(pilot, "enter")
        all_said = await export(pilot, "down", "enter")
    for said, what in ((screen_said, "Screen data"), (all_said, "All data")):
        sheet = sheet_at(written(said, what))
        first = [sheet.cell(r, 1).value for r in range(1, sheet.max_row + 1)]
        codes = first.index("Pupil") + 1
        headers = [sheet.cell(codes, c).value for c in range(1, sheet.max_column + 1)]
        pso = headers.index("PSO") + 1
        assert headers[pso - 2] == "PSC"
        outcomes = {
            name: (sheet.cell(first.index(name) + 1, pso - 1).value,
                   sheet.cell(first.index(name) + 1, pso).value)
            for name in ("AHMED, Sam", "BYRNE, Sam", "Ó'CONNOR, Sam")
        }  # fmt: skip
        assert outcomes == {
            "AHMED, Sam": (30, "Wt"),
            "BYRNE, Sam": (31, "Wa"),  # the year's threshold is 31
            "Ó'CONNOR, Sam": ("Q", None),  # maladministration: no outcome
        }, what
        wa = first.index("Total number Wa") + 1
        assert sheet.cell(wa, pso).value == 1, what
        assert sheet.cell(first.index("% Wa") + 1, pso).value == pytest.approx(0.5), what
        legend = str(sheet.cell(sheet.max_row, 1).value)
        assert "Outcome: Wa met the standard" in legend, what
