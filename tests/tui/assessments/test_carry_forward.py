"""Carry forward (C): a later period's blank cells filled from the assessment before it, for the
pupils shown, only after the teacher says yes, as one step that u takes back."""

from __future__ import annotations

from datetime import date

from textual.pilot import Pilot

from store.assessments import periods as assessments
from store.assessments.changes import judgement_edit
from store.assessments.cohort import Cell
from store.assessments.judgements import write_changes
from store.curriculum.eyfs import AREA_CODES, Judgement
from tests.tui.assessments.test_grid_keys import make_app, open_grid
from tests.tui.conftest import YEAR, R, School
from tui.screens.assessments.grid_screen import AssessmentsScreen
from tui.screens.dialogs.confirm import ConfirmDialog
from tui.widgets.assessments.judgement_grid import JudgementGrid
from tui.widgets.assessments.status_line import StatusLine

B, ON = Judgement.BELOW, Judgement.ON_TRACK
LAU, SP = AREA_CODES[0], AREA_CODES[1]


def spring(school: School) -> int:
    """A second period after Autumn 1, and Autumn 1's judgements: Adeyemi (row 0) Below in
    LAU and On track in SP; Clarke (row 1) On track in LAU. In Spring, Adeyemi's SP is already
    Below and Clarke's LAU blank carries a note."""
    eid = school.establishment.id
    later = assessments.create_period(
        school.database, school.actor, eid, "Spring 1", date(YEAR + 1, 2, 3), [R]
    ).id
    adeyemi, clarke = school.pupil_ids[0], school.pupil_ids[1]
    edits = [
        judgement_edit(adeyemi, school.period_id, LAU, Cell(B)),
        judgement_edit(adeyemi, school.period_id, SP, Cell(ON)),
        judgement_edit(clarke, school.period_id, LAU, Cell(ON)),
        judgement_edit(adeyemi, later, SP, Cell(B)),
        judgement_edit(clarke, later, LAU, Cell(note="Settling in")),
    ]
    write_changes(school.database, school.actor, eid, edits)
    return later


async def into_spring(pilot: Pilot[None], grid: JudgementGrid, later: int) -> None:
    assert grid.model is not None
    first = next(i for i, c in enumerate(grid.model.columns) if c.period and c.period.id == later)
    grid.move_to(0, first)
    await pilot.pause()


def status(pilot: Pilot[None]) -> str:
    return pilot.app.screen.query_one(StatusLine).text


def first_line(pilot: Pilot[None]) -> str:
    return status(pilot).splitlines()[0]


async def test_c_carries_the_blanks_forward_after_yes_and_u_takes_it_back(
    school: School,
) -> None:
    later = spring(school)
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await into_spring(pilot, grid, later)
        await pilot.press("C")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert dialog.question == (
            "Carry 2 values forward from Autumn 1 into the blank cells of Spring 1 "
            "(4 pupils shown)?"
        )
        await pilot.press("y")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(pilot.app.screen, AssessmentsScreen)
        assert school.cell(0, LAU, later).value is B  # carried
        assert school.cell(0, SP, later).value is B  # already there: kept
        clarke = school.cell(1, LAU, later)
        assert (clarke.value, clarke.note) == (ON, "Settling in")  # carried, note kept
        assert school.cell(2, LAU, later).value is None  # nothing before to carry
        await pilot.press("u")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert school.cell(0, LAU, later).value is None
        assert school.cell(1, LAU, later) == Cell(note="Settling in")
        assert school.cell(0, SP, later).value is B


async def test_no_leaves_the_blanks_and_the_first_period_says_why(school: School) -> None:
    later = spring(school)
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await into_spring(pilot, grid, later)
        await pilot.press("C")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert school.cell(0, LAU, later).value is None
        grid.move_to(0, 0)  # Autumn 1: the first of the year
        await pilot.pause()
        await pilot.press("C")
        await pilot.pause()
        assert isinstance(pilot.app.screen, AssessmentsScreen)
        assert "there is none before it to carry from" in status(pilot)


async def test_the_status_line_says_what_the_pupil_had_before_and_how_it_moved(
    school: School,
) -> None:
    later = spring(school)
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await into_spring(pilot, grid, later)  # Adeyemi, LAU: blank now, Below in Autumn 1
        assert first_line(pilot) == "ADEYEMI, Olamide · LAU: blank (Autumn 1: Below)"
        await pilot.press("o")  # On track now: up from Below
        await pilot.app.workers.wait_for_complete()
        grid.move_to(0, grid.column - 1)
        await pilot.pause()
        assert first_line(pilot) == "ADEYEMI, Olamide · LAU: On track (Autumn 1: Below ↑)"
        grid.move_to(0, grid.column + 1)  # SP: Below now, On track in Autumn 1
        await pilot.pause()
        assert first_line(pilot) == "ADEYEMI, Olamide · Speaking: Below (Autumn 1: On track ↓)"
