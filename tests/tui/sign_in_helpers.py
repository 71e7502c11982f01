"""Shared set-up for the Pilot tests of signing in and of accounts: fixtures, typing, reading."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlmodel import col
from textual.pilot import Pilot
from textual.widgets import Static

from store.accounts.sessions import end_session
from store.accounts.settings import SecuritySettings
from store.accounts.sign_in_steps import NeedsSecurityCode
from store.core.access import Role
from store.core.db import Database
from store.core.models import LoginSession
from store.establishments.establishments import EstablishmentInfo
from tests.store.accounts_helpers import (
    T0,
    Clock,
    Person,
    add,
    cheap_hashing,
    code_digits,
    first_sign_in,
    school,
)
from tests.tui.waiting import settle as settle_workers
from tui.app import PupilTrackerApp
from tui.screens.accounts.sign_in import SignInScreen

# conftest.py imports these fixtures for every test under tests/tui; a module that hashes
# passwords asks for the cheap hashing: pytestmark = pytest.mark.usefixtures("quick_hashing").


@pytest.fixture
def quick_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    cheap_hashing(monkeypatch)


@pytest.fixture
def settings(tmp_path: Path) -> SecuritySettings:
    return SecuritySettings(key_file=tmp_path / "keys" / "secret.key")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def stmarys(database: Database) -> EstablishmentInfo:
    """2041 - ST MARY'S PRIMARY."""
    return school(database)


def signed_out(
    database: Database,
    username: str,
    role: Role,
    establishment_id: int | None,
    settings: SecuritySettings,
) -> Person:
    """A new account that has finished its first sign-in (at T0) and signed out."""
    issued = add(database, username, role, establishment_id, settings=settings)
    person, signed_in = first_sign_in(database, issued, settings, now=T0)
    end_session(database, signed_in.session_id, T0)
    return person


@pytest.fixture
def clerk(database: Database, settings: SecuritySettings, stmarys: EstablishmentInfo) -> Person:
    """St Mary's manager, who has signed in once before (and signed out)."""
    return signed_out(database, "clerk", Role.MANAGER, stmarys.id, settings)


@pytest.fixture
def helpdesk(database: Database, settings: SecuritySettings) -> Person:
    """A support team member who has signed in once (with an authenticator) and signed out."""
    return signed_out(database, "helpdesk", Role.SUPPORT, None, settings)


def make_app(database: Database, clock: Clock, settings: SecuritySettings) -> PupilTrackerApp:
    """The app as started with accounts in the database: it asks for a sign-in."""
    return PupilTrackerApp(database, clock=clock, settings=settings)


async def settle(pilot: Pilot[None]) -> None:
    """Wait for the sign-in worker, then for the screen to show its answer (the answer may
    start another read, such as the support contact's, whose text then takes its height)."""
    await settle_workers(pilot)
    await pilot.pause()


async def type_in(pilot: Pilot[None], *texts: str) -> None:
    """Type each text into the focused field and press Enter after it."""
    for text in texts:
        await pilot.press(*text, "enter")
    await settle(pilot)


def sign_in_screen(pilot: Pilot[None]) -> SignInScreen:
    screen = pilot.app.screen
    assert isinstance(screen, SignInScreen), screen
    return screen


def message(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one("#sign-in-message", Static).render())


def screen_text(pilot: Pilot[None]) -> str:
    return " ".join(str(widget.render()) for widget in pilot.app.screen.query(Static))


async def sign_in_with_code(pilot: Pilot[None], person: Person) -> None:
    """Name, password, then the security code digits asked for."""
    await type_in(pilot, person.username, person.password)
    step = sign_in_screen(pilot).step
    assert isinstance(step, NeedsSecurityCode), message(pilot)
    await type_in(pilot, code_digits(person.code, step))


def sessions(database: Database) -> list[LoginSession]:
    with database.read() as session:
        rows = list(session.scalars(select(LoginSession).order_by(col(LoginSession.id))))
        for row in rows:
            session.expunge(row)
        return rows
