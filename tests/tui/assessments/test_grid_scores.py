"""Standardised scores in the grid, as a Year 1 teacher's manager keys them in: a score period
made with the new-assessment form, scores typed as digits (or Absent instead), the foot's
number and % at or above the school's threshold, its mean and how many have a score, the
status line's band, and B to set the threshold, bands and margin (a manager only). Each test
reads what the database then holds."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import Input, RadioSet, Static

from store.assessments.cohort import Cell, load_cohort
from store.core.access import Actor, Role
from store.core.models import Pupil
from store.core.models_scores import ScoreSettingsRow
from store.curriculum.eyfs import YearGroup
from store.curriculum.scores import SCORES_ID
from store.curriculum.year_groups import birth_date_range
from tests.tui.assessments.test_grid_export import export, sheet_at, written
from tests.tui.assessments.test_grid_frameworks import open_year_1
from tests.tui.conftest import YEAR, School
from tui.app import PupilTrackerApp
from tui.screens.assessments.score_settings import WHO_MAY, ScoreSettingsDialog
from tui.screens.help import HelpScreen
from tui.widgets.assessments.grid_layout import foot_labels
from tui.widgets.assessments.judgement_grid import JudgementGrid
from tui.widgets.assessments.status_line import StatusLine

Y1 = YearGroup.YEAR_1
SURNAMES = ["Ahmed", "Byrne", "Cole"]


@pytest.fixture
def year_one(school: School) -> list[int]:
    """Three Year 1 pupils and no assessment yet."""
    first, _ = birth_date_range(Y1, YEAR)
    ids = []
    with school.database.write() as session:
        for index, surname in enumerate(SURNAMES):
            pupil = Pupil(
                establishment_id=school.establishment.id,
                upn=f"S20410000000{index}",
                surname=surname,
                forenames="Sam",
                date_of_birth=first + timedelta(days=40 * index),
            )
            session.add(pupil)
            session.flush()
            assert pupil.id is not None
            ids.append(pupil.id)
    return ids


def held(school: School, pupil_ids: list[int], code: str = "RD") -> list[Cell]:
    cohort = load_cohort(school.database, school.actor, school.establishment.id, YEAR, Y1)
    (period,) = cohort.periods
    assert period.framework == SCORES_ID
    return [cohort.cell(pupil_id, period.id, code) for pupil_id in pupil_ids]


def foot(grid: JudgementGrid, column: int) -> list[str]:
    return [grid._foot_cell(column, line).strip() for line in range(4)]


def status(pilot: Pilot[None]) -> str:
    return pilot.app.screen.query_one(StatusLine).text


def stored(school: School) -> list[tuple[int, int, int, int, str]]:
    with school.database.read() as session:
        return [
            (row.threshold, row.in_line, row.well_above, row.margin, row.set_by)
            for row in session.scalars(select(ScoreSettingsRow))
        ]


async def make_score_period(pilot: Pilot[None]) -> JudgementGrid:
    """Open Year 1 and make "Autumn test" with the new-assessment form, as Standardised scores."""
    grid = await open_year_1(pilot)
    await pilot.press("c", *"Autumn test", "tab", "tab")
    await pilot.pause()
    form = pilot.app.screen
    choice = form.query_one("#period-framework", RadioSet)
    assert "Standardised scores" in [str(button.label) for button in choice.query("RadioButton")]
    # EYFS in-year, KS1 teacher assessment, the phonics check, then standardised scores.
    await pilot.press("down", "down", "down", "enter", "f2")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    assert pilot.app.screen is not form
    assert grid.model is not None
    assert [c.code for c in grid.model.columns] == ["RD", "MA", "GPS", "Notes"]
    return grid


async def test_scores_are_typed_stored_counted_and_the_settings_set_with_b(
    school: School, year_one: list[int]
) -> None:
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await make_score_period(pilot)
        for row, keys in enumerate((("9", "8"), ("1", "0", "4"), ("a",))):
            grid.move_to(row, 0)
            await pilot.press(*keys)
        await pilot.pause()
        assert held(school, year_one) == [Cell(number=98), Cell(number=104), Cell("A")]
        assert grid.model is not None
        assert foot_labels(grid.model) == ("No. ≥100", "% ≥100", "Mean", "No. scored")
        # Of the two with a score (Cole was absent): 104 reaches 100; the mean is 101.
        assert foot(grid, 0) == ["1", "50", "101", "2"]
        grid.move_to(1, 0)
        await pilot.pause()
        said = status(pilot)
        assert "Reading score: 104: in line (95-104)" in said
        assert "Mean 101.00 of 2 scored · ≥100 1 (50.00%) · WB 0 B 0 IL 2 A 0 WA 0" in said

        await pilot.press("B")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, ScoreSettingsDialog)
        await pilot.press("ctrl+a", "ctrl+k", "1", "5", "0", "f2")  # no score is 150
        await pilot.pause()
        assert "a score from 69 to 141" in str(form.query_one("#form-error", Static).render())
        assert pilot.app.screen is form and stored(school) == []
        # Every field shows at 80x24 (the five band starts share one).
        fields = [field.region for field in form.query(Input)]
        assert len(fields) == 3 and all(r.height > 0 and r.bottom <= 24 for r in fields)
        await pilot.press("ctrl+a", "ctrl+k", "9", "8", "tab")
        await pilot.press("ctrl+a", "ctrl+k", *"70 92 85 108 120", "f2")  # not rising
        await pilot.pause()
        assert "in line starts at 85, not above" in str(
            form.query_one("#form-error", Static).render()
        )
        await pilot.press("ctrl+a", "ctrl+k", *"70 80 92 108 120", "tab")
        await pilot.press("ctrl+a", "ctrl+k", "3", "f2")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert pilot.app.screen is not form
        assert stored(school) == [(98, 92, 120, 3, "clerk")]
        # Read again with the cohort: 98 now reaches the threshold too, and 104 is in 92-107.
        assert foot_labels(grid.model) == ("No. ≥98", "% ≥98", "Mean", "No. scored")
        assert foot(grid, 0) == ["2", "AL", "101", "2"]
        assert "Score settings: threshold 98;" in status(pilot)
        grid.move_to(1, 0)
        await pilot.pause()
        assert "Reading score: 104: in line (92-107)" in status(pilot)


async def test_a_teacher_pressing_b_is_told_who_sets_them(
    school: School, year_one: list[int]
) -> None:
    teacher = Actor("tia", Role.USER, school.establishment.id)
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        await make_score_period(pilot)
    async with PupilTrackerApp(school.database, teacher).run_test(size=(80, 24)) as pilot:
        grid = await open_year_1(pilot)
        await pilot.press("B")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, ScoreSettingsDialog)
        assert WHO_MAY in status(pilot)
        assert grid.model is not None
        await pilot.press("f1")  # help says what the threshold is, and what it is not
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        text = " ".join(str(static.render()) for static in pilot.app.screen.query(Static))
        assert "threshold (the score it takes as age-related" in " ".join(text.split())
        assert "not the national KS2 scaled score" in " ".join(text.split())
    assert stored(school) == []


async def test_screen_data_writes_the_scores_foot(
    school: School, year_one: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from exports.folder import EXPORTS_DIR_ENV

    monkeypatch.setenv(EXPORTS_DIR_ENV, str(tmp_path))
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await make_score_period(pilot)
        for row, keys in enumerate((("9", "8"), ("1", "0", "4"), ("1", "2", "1"))):
            grid.move_to(row, 0)
            await pilot.press(*keys)
        await pilot.pause()
        said = await export(pilot, "enter")
    sheet = sheet_at(written(said, "Screen data"))
    first = [sheet.cell(r, 1).value for r in range(1, sheet.max_row + 1)]
    codes = first.index("Pupil") + 1
    headers = [sheet.cell(codes, c).value for c in range(1, sheet.max_column + 1)]
    reading = headers.index("RD") + 1

    def figure(label: str) -> object:
        return sheet.cell(first.index(label) + 1, reading).value

    # 98, 104 and 121: two reach 100; the mean is 323 / 3.
    assert figure("Total number ≥100") == 2
    assert figure("% ≥100") == pytest.approx(0.6667)
    assert figure("Mean score") == pytest.approx(107.67)
    assert figure("Number scored") == 3
