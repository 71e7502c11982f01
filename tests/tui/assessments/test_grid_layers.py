"""T and J: the pupils' targets and the teacher's judgement of progress, entered in the periods'
place with the same keys, kept as layers no report, list or return reads as an assessment."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import col, select

from store.assessments.changes import judgement_edit
from store.assessments.cohort import Cell, load_cohort
from store.assessments.judgements import write_changes
from store.assessments.periods import create_period
from store.core.models import AssessmentPeriod, AuditEntry
from store.core.models import Judgement as JudgementRow
from store.curriculum.eyfs import AREA_CODES, Judgement, YearGroup
from store.curriculum.layers import Layer
from tests.tui.assessments.test_carry_forward import status
from tests.tui.assessments.test_grid_beside import press
from tests.tui.assessments.test_grid_export import export, sheet_at, written
from tests.tui.assessments.test_grid_export import exports as exports
from tests.tui.assessments.test_grid_export import open_grid as export_grid
from tests.tui.assessments.test_grid_keys import make_app, open_grid
from tests.tui.conftest import YEAR, R, School
from tui.app import PupilTrackerApp
from tui.screens.dialogs.choose import ChooseDialog

LAU = AREA_CODES[0]
N2 = YearGroup.NURSERY_2
LAST_MAY, LAST_JULY = date(YEAR, 5, 1), date(YEAR, 7, 1)


def layer_rows(school: School) -> list[AssessmentPeriod]:
    with school.database.read() as session:
        return list(
            session.scalars(
                select(AssessmentPeriod).where(col(AssessmentPeriod.layer_of) != None)  # noqa: E711
            )
        )


def values_in(school: School, period_id: int) -> dict[tuple[int, str], str | None]:
    with school.database.read() as session:
        rows = session.execute(
            select(JudgementRow.pupil_id, JudgementRow.area_code, JudgementRow.value).where(
                JudgementRow.period_id == period_id
            )
        ).all()
    return {(pupil, code): value for pupil, code, value in rows}


async def test_t_shows_targets_entered_with_the_same_keys_and_t_again_the_assessment(
    school: School,
) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await press(pilot, "T")
        assert "Targets" in status(pilot)
        [targets] = layer_rows(school)
        assert (targets.layer_of, targets.layer, targets.name) == (
            school.period_id,
            Layer.TARGETS.value,
            "Autumn 1 targets",
        )
        assert grid.model is not None and grid.model.layer is Layer.TARGETS
        assert grid.model.columns[0].section_label.startswith("Autumn 1 targets")
        assert "Notes" not in [column.code for column in grid.model.columns]
        grid.move_to(0, 0)
        await pilot.pause()
        await press(pilot, "o")  # Adeyemi's LAU target: On track
        assert values_in(school, targets.id) == {(school.pupil_ids[0], LAU): "O"}
        assert values_in(school, school.period_id) == {}  # the assessment is untouched
        await press(pilot, "u")  # undo takes the target back
        assert values_in(school, targets.id) == {}
        await press(pilot, "y")
        await press(pilot, "T")
        assert grid.model.layer is None
        assert grid.model.columns[0].period is not None
        assert grid.model.columns[0].period.id == school.period_id
        assert len(layer_rows(school)) == 1  # made once
    with school.database.read() as session:
        actions = list(session.scalars(select(AuditEntry.action)))
    assert actions.count("create layer") == 1
    cohort = load_cohort(school.database, school.actor, school.establishment.id, YEAR, R)
    assert [period.id for period in cohort.periods] == [school.period_id]  # no new assessment
    assert [layer.id for layer in cohort.layers] == [targets.id]


async def test_j_takes_above_expected_below_and_refuses_the_assessment_codes(
    school: School,
) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await press(pilot, "J")
        [judged] = layer_rows(school)
        assert judged.framework == "eyfs-in-year-judged"
        grid.move_to(1, 0)
        await pilot.pause()
        await press(pilot, "e")
        assert values_in(school, judged.id) == {(school.pupil_ids[1], LAU): "E"}
        grid.move_to(1, 0)
        await pilot.pause()
        assert status(pilot).startswith("CLARKE, Ivy · LAU judged progress: Expected progress")
        grid.move_to(1, 0)
        await pilot.pause()
        await press(pilot, "o")  # On track is the assessment's code, not a judgement of progress
        assert values_in(school, judged.id) == {(school.pupil_ids[1], LAU): "E"}
        assert "a Above expected progress, e Expected progress, b Below" in status(pilot)
        await press(pilot, "T")  # from one layer straight to the other
        assert grid.model is not None and grid.model.layer is Layer.TARGETS
        assert len(layer_rows(school)) == 2


async def test_v_marks_each_judgement_above_met_or_below_its_target(school: School) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await press(pilot, "T")
        for row, key in ((0, "o"), (1, "b"), (2, "o")):  # the targets in LAU
            grid.move_to(row, 0)
            await pilot.pause()
            await press(pilot, key)
        await press(pilot, "T")
        for row, key in ((0, "o"), (1, "o"), (2, "b")):  # the judgements in LAU
            grid.move_to(row, 0)
            await pilot.pause()
            await press(pilot, key)
        for _ in range(3):
            await press(pilot, "V")
        assert "against its target: > above, = met, < below" in status(pilot)
        marks = [grid._cell(row, 0)[0][-1] for row in range(4)]
        assert marks == ["=", ">", "<", " "]  # met, above, below, no target


@pytest.mark.parametrize(("key", "adeyemi"), [("s", "O"), ("u", "O")])
async def test_c_in_targets_sets_the_blank_targets_by_a_rule(
    school: School, key: str, adeyemi: str
) -> None:
    """s: the same as the latest assessment; u: one step above it (On track is the top)."""
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        for row, value in ((0, "o"), (1, "b"), (2, "b")):  # Autumn 1's judgements in LAU
            grid.move_to(row, 0)
            await pilot.pause()
            await press(pilot, value)
        await press(pilot, "T")
        grid.move_to(1, 0)
        await pilot.pause()
        await press(pilot, "b")  # Clarke's target is set already: kept
        await press(pilot, "C")
        dialog = pilot.app.screen
        assert isinstance(dialog, ChooseDialog)
        labels = [choice.label for choice in dialog.choices]
        assert labels == [
            "The same as the latest assessment (2 targets)",
            "One step above the latest assessment (2 targets)",
        ]
        await press(pilot, key)
        [targets] = layer_rows(school)
        third = "B" if key == "s" else "O"  # Below, or one step above it
        assert values_in(school, targets.id) == {
            (school.pupil_ids[0], LAU): adeyemi,
            (school.pupil_ids[1], LAU): "B",
            (school.pupil_ids[2], LAU): third,
        }
        await press(pilot, "u")  # one undo step
        assert values_in(school, targets.id) == {(school.pupil_ids[1], LAU): "B"}


async def test_screen_data_in_the_targets_writes_the_targets(school: School, exports: Path) -> None:
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        await export_grid(pilot)
        await pilot.press("b")  # Adeyemi's LAU judgement: Below
        await press(pilot, "T")
        await pilot.press("left", "o")  # and target: On track
        said = await export(pilot, "enter")
    sheet = sheet_at(written(said, "Screen data"))
    assert "· The targets of the assessments shown: Autumn 1 ·" in str(sheet["A2"].value)
    row = next(
        r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "ADEYEMI, Olamide"
    )
    assert sheet.cell(row, 3).value == "O"


async def test_at_the_start_of_a_year_c_sets_targets_one_step_above_last_year(
    school: School,
) -> None:
    """Nothing this year yet: only last year's rule is offered, from Nursery 2's Summer 2 (a
    later blank of Summer 1 does not hide a pupil's earlier value), and u takes it back."""
    eid, ids = school.establishment.id, school.pupil_ids
    summer_1 = create_period(school.database, school.actor, eid, "Summer 1", LAST_MAY, [N2]).id
    summer_2 = create_period(school.database, school.actor, eid, "Summer 2", LAST_JULY, [N2]).id
    edits = [
        judgement_edit(ids[0], summer_1, LAU, Cell(Judgement.BELOW)),  # Summer 2: blank
        judgement_edit(ids[1], summer_2, LAU, Cell(Judgement.BELOW)),
        judgement_edit(ids[2], summer_2, LAU, Cell(Judgement.ON_TRACK)),  # the top: stays
        judgement_edit(ids[3], summer_2, LAU, Cell(note="Absent all term")),  # no value
    ]
    write_changes(school.database, school.actor, eid, edits)
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        await press(pilot, "T")
        await press(pilot, "C")
        dialog = pilot.app.screen
        assert isinstance(dialog, ChooseDialog)
        assert [choice.label for choice in dialog.choices] == [
            "One step above last year's Summer 2 (3 targets)"
        ]
        assert "l up from last year" in dialog.hint
        await press(pilot, "l")
        [targets] = layer_rows(school)
        assert values_in(school, targets.id) == {
            (ids[0], LAU): "O",
            (ids[1], LAU): "O",
            (ids[2], LAU): "O",
        }
        await press(pilot, "u")
        assert values_in(school, targets.id) == {}


async def test_c_says_why_when_neither_year_has_a_value(school: School) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        await press(pilot, "T")
        await press(pilot, "C")
        assert not isinstance(pilot.app.screen, ChooseDialog)
        assert "with a value this year or last: nothing to set" in status(pilot)
