"""Every key of the grid does something or says why not, in every kind of column, on the status
line; a run of entries stops at the end of its period (or of the ELGs) and says so."""

from __future__ import annotations

from datetime import date

import pytest
from textual.pilot import Pilot
from textual.screen import ModalScreen

from store.assessments import periods as assessments
from store.assessments.changes import Change, elg_edit, judgement_edit
from store.assessments.cohort import Cell, load_cohort
from store.assessments.grid_model import ColumnKind
from store.assessments.judgements import write_changes
from store.core.access import Actor, Role
from store.curriculum.eyfs import AREA_CODES, ElgOutcome, Judgement, YearGroup
from tests.tui.assessments.test_grid_keys import open_grid
from tests.tui.conftest import YEAR, R, School
from tui.app import PupilTrackerApp
from tui.screens.assessments.grid_keys import RECEPTION_ONLY, not_here
from tui.widgets.assessments.grid_entry import LAST_PUPIL
from tui.widgets.assessments.judgement_grid import JudgementGrid
from tui.widgets.assessments.status_line import StatusLine

B, O = Judgement.BELOW, Judgement.ON_TRACK  # noqa: E741  (the letters on screen)
E, X, A = ElgOutcome.EMERGING, ElgOutcome.EXPECTED, ElgOutcome.ABSENT
ASSESSMENT_KEYS = "In an assessment: b (or 1) Below, o (or 2) On track; Delete clears."
ELG_KEYS = "In the ELGs: e (or 1) Emerging, x (or 2) Expected, a Absent; Delete clears."


def with_elgs(school: School) -> School:
    assessments.create_elg_section(
        school.database, school.actor, school.establishment.id, YEAR, date(YEAR + 1, 6, 5)
    )
    return school


def status_line(pilot: Pilot[None]) -> str:
    return pilot.app.screen.query_one(StatusLine).text


def column_of(grid: JudgementGrid, kind: ColumnKind) -> int:
    assert grid.model is not None
    return next(i for i, c in enumerate(grid.model.columns) if c.kind is kind)


def held(school: School) -> tuple[object, ...]:
    """Everything the cohort holds: cells (values, colours, notes), goals, notes, Include."""
    cohort = load_cohort(school.database, school.actor, school.establishment.id, YEAR, R)
    included = tuple(pupil.include_in_data for pupil in cohort.pupils)
    return cohort.cells, cohort.elg_outcomes, cohort.period_notes, included


def filled(school: School, row: int) -> None:
    """Every area of Autumn 1 On track and every goal Expected, for one pupil."""
    cohort = load_cohort(school.database, school.actor, school.establishment.id, YEAR, R)
    assert cohort.elg is not None
    pupil = school.pupil_ids[row]
    edits: list[Change] = [judgement_edit(pupil, school.period_id, c, Cell(O)) for c in AREA_CODES]
    edits += [elg_edit(cohort.elg.id, pupil, code, X) for code in AREA_CODES]
    write_changes(school.database, school.actor, school.establishment.id, edits)


async def show_elgs(pilot: Pilot[None]) -> JudgementGrid:
    grid = await open_grid(pilot)
    await pilot.press("l")  # shows them and jumps to their first goal
    await pilot.pause()
    return grid


async def test_keys_of_the_other_kind_of_column_say_what_to_press(school: School) -> None:
    with_elgs(school)
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await show_elgs(pilot)
        for key in ("b", "o", "g"):
            grid.say(None)
            await pilot.press(key)
            assert grid.notice == ELG_KEYS
        await pilot.pause()
        assert ELG_KEYS in status_line(pilot)  # whole at 80 columns
        for key in ("n", "N", "enter"):
            grid.say(None)
            await pilot.press(key)
            assert grid.notice is not None and grid.notice.startswith("The End of Year ELGs take")
        assert not isinstance(pilot.app.screen, ModalScreen)
        assert school.elg_row(0) == dict.fromkeys(AREA_CODES)
        await pilot.press("home")  # Autumn 1, Listening, Attention and Understanding
        for key in ("e", "x", "a"):
            grid.say(None)
            await pilot.press(key)
            assert grid.notice == ASSESSMENT_KEYS
        await pilot.pause()
        assert ASSESSMENT_KEYS in status_line(pilot)
        assert school.judgements() == {}


async def test_elg_keys_in_a_nursery_grid_say_they_are_for_reception(school: School) -> None:
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await pilot.press("left_square_bracket")  # Nursery 2 (Year 1 follows Reception)
        for key in ("l", "S", "U"):
            grid.say(None)
            await pilot.press(key)
            assert grid.notice == RECEPTION_ONLY
        await pilot.press("i")
        assert grid.notice is not None and "no pupils" in grid.notice


async def test_unlock_says_it_is_for_the_support_team(school: School) -> None:
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await pilot.press("U")
        assert grid.notice == "Only the support team can unlock submitted End of Year ELGs."


KEYS = ["b", "o", "e", "x", "a", "1", "2", "delete", "backspace", "g", "n", "N", "enter"]
KEYS += ["F", "R", "i", "d"]
KINDS = list(ColumnKind)


@pytest.mark.parametrize("kind", KINDS, ids=[kind.value for kind in KINDS])
async def test_every_key_in_every_kind_of_column_acts_or_says_why_not(
    school: School, kind: ColumnKind
) -> None:
    with_elgs(school)
    filled(school, row=1)  # so that Delete has something to clear
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await show_elgs(pilot)
        column = column_of(grid, kind)
        silent: list[str] = []
        for key in KEYS:
            grid.move_to(1, column)
            grid.say(None)
            before = held(school)
            await pilot.press(key)
            await pilot.pause()
            dialog = isinstance(pilot.app.screen, ModalScreen)
            if dialog:
                await pilot.press("escape")
            after = held(school)
            moved = (grid.row, grid.column) != (1, column)
            if not (dialog or moved or after != before or grid.notice):
                silent.append(key)
            if after != before:
                await pilot.press("u")  # back to the filled row for the next key
        assert silent == []


async def test_a_run_stops_on_the_periods_notes_and_goes_no_further(school: School) -> None:
    spring = assessments.create_period(
        school.database, school.actor, school.establishment.id, "Spring 1",
        date(YEAR + 1, 2, 6), [R],
    )  # fmt: skip
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await pilot.press(*"o" * 17)
        assert grid.model is not None
        assert grid.model.columns[grid.column].kind is ColumnKind.PERIOD_NOTES
        assert grid.notice == "The end of Autumn 1: the cursor stops on its Notes."
        await pilot.press("b", "b")  # one key too many: refused, nothing else changes
        assert grid.notice == "This is the Notes column: press n or Enter to write notes."
        assert grid.model.columns[grid.column].kind is ColumnKind.PERIOD_NOTES
    assert [school.cell(0, code).value for code in AREA_CODES] == [O] * 17
    assert all(school.cell(0, code, spring.id).value is None for code in AREA_CODES)


async def test_a_run_of_goals_skips_gld_and_stops_on_the_total(school: School) -> None:
    with_elgs(school)
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await show_elgs(pilot)
        await pilot.press(*"x" * 17, "e")
        assert grid.model is not None
        assert grid.model.columns[grid.column].code == "Score"
        assert grid.notice is not None and "ELG Total Score" in grid.notice
    assert school.elg_row(0) == dict.fromkeys(AREA_CODES, X)


async def test_a_run_down_a_column_stops_at_the_last_pupil(school: School) -> None:
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await pilot.press("d", "b", "b", "b", "b")
        assert grid.row == 3 and grid.notice == LAST_PUPIL
        await pilot.press("o")  # typed one too many: the last pupil's B stays
        assert grid.notice == LAST_PUPIL
        assert school.cell(3, "LAU").value is B
        await pilot.press("up", "down", "o")  # after a move it is a deliberate change
        assert school.cell(3, "LAU").value is O


async def test_changing_one_goal_of_an_absent_row_says_so_and_undo_restores_it(
    school: School,
) -> None:
    with_elgs(school)
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await show_elgs(pilot)
        await pilot.press("x", "x", "left", "left", "a")  # two goals, then Absent over them
        replaced = "ADEYEMI, Olamide: Absent in all 17 goals, replacing 2 goals (u undoes)."
        assert grid.notice == replaced
        await pilot.press("x")  # the cursor moved on to SP
        assert school.elg_row(0) == {**dict.fromkeys(AREA_CODES), "SP": X}
        assert grid.notice == (
            "ADEYEMI, Olamide: no longer Absent, the other 16 goals are blank (u undoes)."
        )
        await pilot.pause()
        assert "no longer Absent" in status_line(pilot)
        await pilot.press("u")
        assert school.elg_row(0) == dict.fromkeys(AREA_CODES, A)
        await pilot.press("u")
        assert school.elg_row(0) == {**dict.fromkeys(AREA_CODES), "LAU": X, "SP": X}


async def test_a_column_fill_over_absent_pupils_says_what_it_cleared(school: School) -> None:
    with_elgs(school)
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await show_elgs(pilot)
        await pilot.press("d", "a", "a", "up", "up", "F", "x")
        assert grid.notice == "2 pupils were Absent: their other goals are now blank (u undoes)."
    assert [school.elg_row(row)["LAU"] for row in range(4)] == [X] * 4
    assert school.elg_row(0)["SP"] is None


async def test_support_sees_no_refusal_for_unlock_in_reception(school: School) -> None:
    """U is support's key: for them it is a binding, not a refusal (nothing to unlock yet)."""
    support = Actor("helpdesk", Role.SUPPORT, None)
    app = PupilTrackerApp(school.database, support)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "a")
        await pilot.pause()
        grid = pilot.app.screen.query_one(JudgementGrid)
        await pilot.press("U")
        assert grid.notice != "Only the support team can unlock submitted End of Year ELGs."


async def test_undo_and_redo_say_which_step_they_took_back(school: School) -> None:
    """An undo is never silent: after an entry that changed nothing (o on an O cell), u takes
    back the fill before it, and the status line says so."""
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await pilot.press("F", "o", "right", "b", "u")
        assert grid.notice == ("Undone: the entry in Speaking for ADEYEMI, Olamide; y redoes it.")
        await pilot.press("home", "o", "u")  # o on an O cell is no step: the fill is undone
        assert grid.notice == "Undone: the column fill (4 changes); y redoes it."
        await pilot.press("y")
        assert grid.notice == "Redone: the column fill (4 changes)."
        await pilot.press("i", "u")
        assert grid.notice == "Undone: Include in Data for ADEYEMI, Olamide; y redoes it."


def test_each_screen_key_that_does_not_apply_has_its_sentence() -> None:
    """The sentences for the screen's keys when their binding is off (its check_action)."""
    n1, user, manager = YearGroup.NURSERY_1, Role.USER, Role.MANAGER
    assert not_here("l", n1, manager) == not_here("S", n1, manager) == RECEPTION_ONLY
    assert not_here("U", n1, Role.SUPPORT) == RECEPTION_ONLY
    assert (
        not_here("U", R, manager) == "Only the support team can unlock submitted End of Year ELGs."
    )
    assert not_here("S", R, user).startswith("Only a manager can submit")
    assert not_here("D", R, user) == "Only a manager can delete an assessment period."
    assert not_here("n", R, user).startswith("The End of Year ELGs take no notes")
