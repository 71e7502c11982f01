"""A colleague's entries appear on an open grid by themselves, within about a second
(tui/screens/assessments/colleagues_live.py): only the cells that changed, the cursor where it
was, and nothing the person typed meanwhile undone. On SQLite and PostgreSQL."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from datetime import date

from textual.pilot import Pilot

from store.assessments.cohort import Cell, Cohort, load_cohort
from store.core.access import Actor, Role
from store.curriculum.eyfs import Judgement, YearGroup
from store.curriculum.upn import upn_check_letter
from store.pupils.editing import create_pupil
from store.pupils.fields import PupilForm
from tests.tui.assessments.test_grid_colleagues import colleague_writes, status
from tests.tui.assessments.test_grid_keys import make_app, open_grid
from tests.tui.conftest import YEAR, School
from tests.tui.waiting import Gate, settle
from tui.screens.assessments.grid_screen import AssessmentsScreen
from tui.widgets.assessments.judgement_grid import JudgementGrid

B, O = Judgement.BELOW, Judgement.ON_TRACK  # noqa: E741  (the letters on screen)
WAIT_SECONDS = 10.0
"""How long a test waits for the grid's own timer (it looks every second; CI can be slow)."""


async def until(pilot: Pilot[None], shown: Callable[[], bool]) -> None:
    """Wait, pressing nothing, until `shown()` holds."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not shown():
        assert time.monotonic() < deadline, "the colleague's change never appeared"
        await pilot.pause(0.05)


def shown_value(grid: JudgementGrid, row: int, column: int = 0) -> str | None:
    assert grid.model is not None
    return grid.model.cell(row, column).value


def screen(pilot: Pilot[None]) -> AssessmentsScreen:
    assert isinstance(pilot.app.screen, AssessmentsScreen)
    return pilot.app.screen


async def test_a_colleagues_entry_appears_without_a_key(school: School) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await pilot.press("right", "down")  # the cursor somewhere else: Speaking, row 1
        assert grid.model is not None
        foot_before = grid.model.stats(0)
        colleague_writes(school, 2, B)
        await until(pilot, lambda: shown_value(grid, 2) == B)
        assert (grid.row, grid.column) == (1, 1)
        assert grid.model.stats(0) != foot_before  # the foot counts Bernard's Below
        assert "colleague" not in status(pilot)  # not under the cursor: nothing said
        colleague_writes(school, 2, O, seen=Cell(B))  # and a change of his mind
        await until(pilot, lambda: shown_value(grid, 2) == O)


async def test_a_change_under_the_cursor_is_said(school: School) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        colleague_writes(school, 0, O)
        await until(pilot, lambda: shown_value(grid, 0) == O)
        first, said = status(pilot).splitlines()
        assert first.startswith("ADEYEMI, Olamide · Listening")  # the cell, named above
        assert first.endswith(": On track")
        assert said.strip() == "A colleague has just changed this cell."


async def test_what_was_typed_while_the_grid_looked_is_not_undone(school: School) -> None:
    """The grid reads the cohort before the person's entry lands and shows it after: the
    entry stays on screen and in the database, and the colleague's cell arrives too."""
    app = make_app(school)
    app.colleague_poll_seconds = None  # looked at when the test says
    async with app.run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        watch = screen(pilot).colleagues
        colleague_writes(school, 1, O)
        gate = Gate()
        before_entry = load_cohort(
            school.database, school.actor, school.establishment.id, YEAR, YearGroup.RECEPTION
        )

        def stale_reader() -> Callable[..., Cohort]:
            def read(only: Collection[int] | None = None) -> Cohort:
                gate.hold()
                return before_entry  # read before the entry below was written

            return read

        watch._reader = stale_reader
        watch.look()
        await gate.reached()
        await pilot.press("b")  # row 0, while the look is under way
        gate.released.set()
        await settle(pilot)
        assert shown_value(grid, 0) == B
        assert shown_value(grid, 1) == O
        assert school.cell(0, "LAU").value is B
        assert school.cell(1, "LAU").value is O


async def test_a_colleagues_new_pupil_appears_and_the_cursor_stays_on_its_pupil(
    school: School,
) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await pilot.press("down", "down")  # NOWAK, Łukasz
        assert grid.model is not None
        here = grid.model.rows[grid.row].id
        bernard = Actor("bernard", Role.MANAGER, school.establishment.id)
        form = PupilForm(
            upn=upn_check_letter("204100000009") + "204100000009",
            surname="Abbott",  # first in the list: every row below moves down one
            forenames="Zoë",
            date_of_birth=school_birth_date(school),
            gender="F",
            postcode="LS1 4AP",
            ethnicity="WBRI",
        )
        create_pupil(school.database, bernard, school.establishment.id, form, date(YEAR, 11, 1))
        await until(pilot, lambda: grid.model is not None and len(grid.model.rows) == 5)
        assert grid.model.rows[0].surname == "Abbott"
        assert grid.model.rows[grid.row].id == here


def school_birth_date(school: School) -> str:
    cohort = load_cohort(
        school.database, school.actor, school.establishment.id, YEAR, YearGroup.RECEPTION
    )
    return f"{cohort.pupils[0].date_of_birth:%d/%m/%Y}"


async def test_changes_show_behind_a_dialog_and_stop_with_the_grid(school: School) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await pilot.press("F")  # the fill dialog, in front of the grid, which stays visible
        await pilot.pause()
        assert pilot.app.screen is not screen_of(grid)
        colleague_writes(school, 3, B)
        await until(pilot, lambda: shown_value(grid, 3) == B)
        await pilot.press("escape", "escape")  # the dialog, then the grid
        await pilot.pause()
        assert not isinstance(pilot.app.screen, AssessmentsScreen)
        colleague_writes(school, 3, O, seen=Cell(B))
        await pilot.pause(1.5)  # a tick of a timer left behind would have looked by now
        assert not [w for w in pilot.app.workers if w.group == "colleagues"]


def screen_of(grid: JudgementGrid) -> object:
    return grid.screen
