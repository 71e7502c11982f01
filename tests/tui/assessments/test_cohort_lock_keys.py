"""Pilot tests: after the Reception ELGs are submitted, the pupil form, archive and multi-edit
keep the cohort as submitted, and say so in a sentence; the database is unchanged."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlmodel import col
from textual.pilot import Pilot
from textual.widgets import Select, Static

from store.assessments.elg_submission import submit
from store.core.models import AuditEntry, Pupil
from store.curriculum.upn import upn_check_letter
from tests.tui.assessments.test_elg_submission import make_section
from tests.tui.conftest import School
from tests.tui.waiting import settle
from tui.app import PupilTrackerApp
from tui.screens.dialogs.confirm import ConfirmDialog
from tui.screens.pupils.multi_edit import MultiEditScreen
from tui.screens.pupils.pupil_form import PupilFormScreen
from tui.screens.pupils.pupils import PupilsScreen
from tui.widgets.pupils.characteristics_grid import CharacteristicsGrid

UNLOCK = "Ask the support team to unlock them first."
INCLUDE_COLUMN = 1  # Edit multiple pupils: Class, Include in Data, ...


@pytest.fixture
def submitted(school: School) -> School:
    """St Mary's with its Reception ELGs complete and submitted; every pupil a valid record."""
    with school.database.write() as session:
        for serial, pupil in enumerate(session.scalars(select(Pupil).order_by(col(Pupil.id)))):
            twelve = f"20410000{serial:04d}"
            pupil.upn, pupil.postcode = upn_check_letter(twelve) + twelve, "PR1 2AB"
            pupil.ethnicity, pupil.gender = "WBRI", "F"
    section = make_section(school, complete=True)
    submit(
        school.database,
        school.actor,
        school.establishment.id,
        section,
        authority_confirmed=True,
    )
    return school


def snapshot(school: School) -> tuple[object, ...]:
    with school.database.read() as session:
        rows = session.scalars(select(Pupil).order_by(col(Pupil.id))).all()
        pupils = [(p.year_override, p.archived, p.include_in_data, p.date_of_birth) for p in rows]
        audit = session.scalar(select(func.count()).select_from(AuditEntry))
    return tuple(pupils), audit


def messages(pilot: Pilot[None]) -> list[str]:
    return [notification.message for notification in pilot.app._notifications]


async def open_pupils(pilot: Pilot[None]) -> PupilsScreen:
    await pilot.press("enter", "p")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, PupilsScreen)
    return screen


async def test_a_year_override_on_the_pupil_form_is_refused_and_kept_on_screen(
    submitted: School,
) -> None:
    before = snapshot(submitted)
    app = PupilTrackerApp(submitted.database, submitted.actor, today=date.today())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_pupils(pilot)
        await pilot.press("enter")  # ADEYEMI, Olamide: the first pupil
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, PupilFormScreen)
        # From Surname: Forenames, Date of birth, Class, then Year override.
        await pilot.press("tab", "tab", "tab", "tab")
        override = form.query_one("#field-year_override", Select)
        assert override.has_focus
        await pilot.press("enter", "down", "down", "enter")  # None, Nursery 1, Nursery 2
        await pilot.pause()
        assert override.value == "N2"
        await pilot.press("f2")
        await settle(pilot)
        assert pilot.app.screen is form  # still there, with what was typed
        assert override.value == "N2"
        problems = str(form.query_one("#form-problems", Static).render())
        assert problems.startswith("Not saved. ADEYEMI, Olamide is in the ")
        assert "Reception cohort, whose End of Year Early Learning Goals were submitted" in problems
        assert problems.endswith(UNLOCK)
    assert snapshot(submitted) == before


async def test_archiving_a_pupil_of_the_cohort_is_refused(submitted: School) -> None:
    before = snapshot(submitted)
    app = PupilTrackerApp(submitted.database, submitted.actor)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_pupils(pilot)
        await pilot.press("space", "x")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PupilsScreen)
        refused = [m for m in messages(pilot) if m.endswith(UNLOCK)]
        assert refused and refused[0].startswith("ADEYEMI, Olamide is in the ")
        assert "archiving them would change that submission" in refused[0]
    assert snapshot(submitted) == before


async def test_include_in_data_in_edit_multiple_pupils_is_refused(submitted: School) -> None:
    before = snapshot(submitted)
    app = PupilTrackerApp(submitted.database, submitted.actor)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_pupils(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(pilot.app.screen, MultiEditScreen)
        await pilot.press("right")
        assert pilot.app.screen.query_one(CharacteristicsGrid).column == INCLUDE_COLUMN
        await pilot.press("n")  # Include in Data: No, for Adeyemi
        await settle(pilot)
        refused = [m for m in messages(pilot) if m.endswith(UNLOCK)]
        assert refused and "changing Include in Data would change that submission" in refused[0]
    assert snapshot(submitted) == before
