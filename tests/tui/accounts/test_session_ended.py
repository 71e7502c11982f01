"""Pilot tests: a session ended elsewhere cannot write, and the app signs the person out at once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from store.accounts.settings import SecuritySettings
from store.accounts.sign_in import end_other_session
from store.accounts.sign_in_steps import SessionConflict, SignedIn
from store.assessments import periods as assessments
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.models import Judgement, Pupil
from store.curriculum.dates import academic_year_of
from store.curriculum.eyfs import YearGroup
from store.curriculum.year_groups import birth_date_range
from store.establishments.establishments import EstablishmentInfo
from tests.store.accounts_helpers import Clock, Person, sign_in
from tests.tui.sign_in_helpers import make_app, message, sessions, settle, sign_in_with_code
from tests.tui.waiting import settle as settle_workers
from tui.screens.accounts.sign_in import SignInScreen
from tui.screens.assessments.grid_screen import AssessmentsScreen
from tui.screens.school.home import HomeScreen

pytestmark = pytest.mark.usefixtures("quick_hashing")

ELSEWHERE = "ssh 198.51.100.9"


def _reception_cohort(database: Database, establishment: EstablishmentInfo) -> None:
    year = academic_year_of(date.today())
    first, _ = birth_date_range(YearGroup.RECEPTION, year)
    with database.write() as session:
        session.add(
            Pupil(
                establishment_id=establishment.id,
                upn="A204100000001",
                surname="Adeyemi",
                forenames="Olamide",
                date_of_birth=first + timedelta(days=40),
            )
        )
    setup = Actor("setup", Role.SUPPORT, None)
    assessments.create_period(
        database, setup, establishment.id, "Autumn 1", date(year, 10, 17), [YearGroup.RECEPTION]
    )


def _judgements(database: Database) -> int:
    with database.read() as session:
        return session.scalar(select(func.count()).select_from(Judgement)) or 0


async def test_a_judgement_after_a_sign_in_elsewhere_is_refused_and_signs_out(
    database: Database,
    clerk: Person,
    stmarys: EstablishmentInfo,
    clock: Clock,
    settings: SecuritySettings,
) -> None:
    """The reported case: A saved a judgement 8 s after B's sign-in ended A's session."""
    _reception_cohort(database, stmarys)
    clock.advance(hours=1)
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await sign_in_with_code(pilot, clerk)
        assert isinstance(pilot.app.screen, HomeScreen)
        await pilot.press("a")
        await settle_workers(pilot)
        assert isinstance(pilot.app.screen, AssessmentsScreen)
        # Meanwhile the same person signs in elsewhere and ends this session.
        clock.advance(seconds=2)
        conflict = sign_in(database, clerk, settings, clock.now, source=ELSEWHERE)
        assert isinstance(conflict, SessionConflict)
        taken = end_other_session(database, conflict.ticket, now=clock.now, settings=settings)
        assert isinstance(taken, SignedIn)
        clock.advance(seconds=8)
        await pilot.press("o")  # On track, 8 seconds later, before any heartbeat
        await settle_workers(pilot)
        await settle(pilot)
        assert isinstance(pilot.app.screen, SignInScreen)
        said = message(pilot)
        assert "Your session ended" in said and "nothing was saved" in said
        assert f"signed in again from {ELSEWHERE}" in said
        assert pilot.app.session_guard is None
    assert _judgements(database) == 0
    assert [row.ended_at is None for row in sessions(database)][-2:] == [False, True]


async def test_after_a_killed_app_the_next_sign_in_does_not_ask_and_says_when_it_stopped(
    database: Database, clerk: Person, clock: Clock, settings: SecuritySettings
) -> None:
    """A SIGKILL leaves the session open; a minute without heartbeats and it is over."""
    clock.advance(hours=1)
    killed = sign_in(database, clerk, settings, clock.now, source=ELSEWHERE)
    assert isinstance(killed, SignedIn)  # ... and then its app was killed: no more heartbeats
    clock.advance(seconds=61)
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await sign_in_with_code(pilot, clerk)
        assert isinstance(pilot.app.screen, HomeScreen)  # not "You are signed in elsewhere"
        said = [str(toast.message) for toast in pilot.app._notifications]
        assert any(f"Your earlier session from {ELSEWHERE} stopped at" in text for text in said)
    rows = sessions(database)
    assert rows[-2].end_reason == "no heartbeat (connection lost)"
