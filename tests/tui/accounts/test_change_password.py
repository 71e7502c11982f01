"""Pilot tests: changing one's own password from the home screen, as every role."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label

from store.accounts.passwords import verify_password
from store.accounts.sessions import start_session
from store.accounts.settings import SecuritySettings
from store.core.access import Role
from store.core.db import Database
from store.establishments.establishments import EstablishmentInfo
from tests.store.accounts_helpers import Clock, account, audit_actions
from tests.tui.sign_in_helpers import make_app, sessions, sign_in_with_code, signed_out
from tests.tui.waiting import settle
from tui.screens.accounts.change_password import WRONG_CURRENT, ChangePasswordDialog
from tui.screens.school.home import HomeScreen

pytestmark = pytest.mark.usefixtures("quick_hashing")

NEW = "Orchard-Lantern-73?"


def problem(pilot: Pilot[None]) -> str:
    screen = pilot.app.screen
    return str(screen.query_one("#change-password-problem", Label).render())


@pytest.mark.parametrize("role", [Role.USER, Role.MANAGER])
async def test_change_my_password_from_home(
    database: Database,
    stmarys: EstablishmentInfo,
    clock: Clock,
    settings: SecuritySettings,
    role: Role,
) -> None:
    person = signed_out(database, f"p.{role.value}", role, stmarys.id, settings)
    clock.advance(hours=1)
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await sign_in_with_code(pilot, person)
        # The same account is also signed in on another PC (started in a way the rule missed).
        with database.write() as session:
            account_id = account(database, person.username).id or 0
            other_id = start_session(session, account_id, "ssh 203.0.113.5", clock.now).id
        home = pilot.app.screen
        assert "P  Change my password" in str(home.query_one("#home-menu").render())
        await pilot.press("P")
        assert isinstance(pilot.app.screen, ChangePasswordDialog)
        # A wrong current password: refused, all three emptied, nothing changed.
        await pilot.press(*"Not-It-At-All-1!", "enter", *NEW, "enter", *NEW, "enter")
        await settle(pilot)
        assert problem(pilot) == WRONG_CURRENT
        assert all(field.value == "" for field in pilot.app.screen.query(Input))
        assert pilot.app.screen.query_one("#current-password", Input).has_focus
        # Two different new ones: refused before the store.
        await pilot.press(*person.password, "enter", *NEW, "enter", *"Other-One-55!", "enter")
        assert "not the same" in problem(pilot)
        assert pilot.app.screen.query_one("#new-password", Input).has_focus
        await pilot.press(*NEW, "enter", *NEW, "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        assert pilot.app.session_guard is not None  # this session goes on
    row = account(database, person.username)
    assert verify_password(row.password_hash, NEW)
    assert "change own password" in audit_actions(database, person.username)
    rows = {row.id: row for row in sessions(database)}
    assert rows[other_id].end_reason == "password changed"


async def test_there_is_nothing_to_change_without_accounts(
    database: Database, clock: Clock, settings: SecuritySettings
) -> None:
    """The local manager of a database without accounts has no password."""
    from tests.store.accounts_helpers import school
    from tui.app import PupilTrackerApp

    establishment = school(database)
    async with PupilTrackerApp(database, clock=clock, settings=settings).run_test(
        size=(80, 24)
    ) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        home = pilot.app.screen
        assert isinstance(home, HomeScreen), establishment
        assert "Change my password" not in str(home.query_one("#home-menu").render())
        await pilot.press("P")
        assert pilot.app.screen is home
