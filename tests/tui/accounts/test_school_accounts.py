"""Pilot tests of the Users screen: a manager's real keys, then what the database holds."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlmodel import col
from textual.pilot import Pilot
from textual.widgets import Static

from store.accounts.accounts import create_account
from store.accounts.passwords import verify_password
from store.accounts.settings import SecuritySettings
from store.accounts.sign_in import start_sign_in
from store.accounts.sign_in_steps import NeedsPasswordChange, SignedIn
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.models import LoginSession
from store.establishments.establishments import EstablishmentInfo
from tests.store.accounts_helpers import (
    GOOD_PASSWORD,
    Clock,
    Person,
    account,
    add,
    audit_actions,
    first_sign_in,
    school,
    sign_in,
)
from tests.tui.waiting import settle, watch_database_threads
from tui.app import PupilTrackerApp
from tui.screens.accounts.new_account import NewAccountDialog
from tui.screens.accounts.school_accounts import (
    AccountList,
    SchoolAccountsScreen,
    open_school_accounts,
)
from tui.screens.dialogs.choose import ChooseDialog
from tui.screens.dialogs.password import PasswordDialog
from tui.screens.dialogs.shown_once import ShownOnceDialog
from tui.screens.school.home import HomeScreen
from tui.store_call import WRONG_PASSWORD

pytestmark = pytest.mark.usefixtures("quick_hashing")

WRONG = "Not-My-Password-9!"


@pytest.fixture
def colleague(
    database: Database, settings: SecuritySettings, stmarys: EstablishmentInfo
) -> tuple[Person, SignedIn]:
    """A user of the same school who is signed in right now."""
    issued = add(database, "j.smith", Role.USER, stmarys.id, settings=settings)
    return first_sign_in(database, issued, settings)


def make_app(
    database: Database, actor: Actor, clock: Clock, settings: SecuritySettings
) -> PupilTrackerApp:
    return PupilTrackerApp(database, actor=actor, clock=clock, settings=settings)


def as_manager(stmarys: EstablishmentInfo) -> Actor:
    return Actor("clerk", Role.MANAGER, stmarys.id, "ssh 192.0.2.7")


@pytest.fixture
def manager_app(
    database: Database,
    clerk: Person,
    stmarys: EstablishmentInfo,
    clock: Clock,
    settings: SecuritySettings,
) -> PupilTrackerApp:
    """The app with clerk, St Mary's manager, at the keyboard."""
    return make_app(database, as_manager(stmarys), clock, settings)


async def open_users(pilot: Pilot[None], highlighted: str = "") -> SchoolAccountsScreen:
    """From the start screen: Enter opens the school, u its users; then go to `highlighted`."""
    await pilot.press("enter")
    assert isinstance(pilot.app.screen, HomeScreen)
    await pilot.press("u")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SchoolAccountsScreen)
    if highlighted:
        await highlight(pilot, screen, highlighted)
    return screen


async def highlight(pilot: Pilot[None], screen: SchoolAccountsScreen, username: str) -> None:
    """Move the cursor down the list to `username`, as a person would."""
    await pilot.press("home")
    for _ in range(len(screen.accounts)):
        if screen.current is not None and screen.current.username == username:
            return
        await pilot.press("down")
    assert screen.current is not None and screen.current.username == username


async def confirm(pilot: Pilot[None], password: str) -> None:
    assert isinstance(pilot.app.screen, PasswordDialog)
    await pilot.press(*password, "enter")
    await settle(pilot)


def status(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one("#accounts-status", Static).render())


def shown_once(pilot: Pilot[None]) -> str:
    screen = pilot.app.screen
    assert isinstance(screen, ShownOnceDialog)
    return str(screen.query_one("#shown-text", Static).render())


def rows(screen: SchoolAccountsScreen) -> list[str]:
    return [summary.username for summary in screen.accounts]


def live_sessions(database: Database, username: str) -> list[LoginSession]:
    owner = account(database, username)
    with database.read() as session:
        return list(
            session.scalars(
                select(LoginSession).where(
                    col(LoginSession.account_id) == owner.id,
                    col(LoginSession.ended_at).is_(None),
                )
            )
        )


async def test_a_manager_adds_a_user_whose_temporary_password_works(
    database: Database,
    manager_app: PupilTrackerApp,
    stmarys: EstablishmentInfo,
    clock: Clock,
    settings: SecuritySettings,
) -> None:
    async with manager_app.run_test(size=(80, 24)) as pilot:
        screen = await open_users(pilot)
        assert rows(screen) == ["clerk"]
        await pilot.press("a")
        assert type(pilot.app.screen).__name__ == "NewAccountDialog"
        # Enter on the role offers the list ("user" first); Enter keeps it.
        await pilot.press(*"A.Jones", "enter", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ChooseDialog)
        await pilot.press("enter", *"Amy Jones", "enter")
        await settle(pilot)
        password = shown_once(pilot)
        await pilot.press("enter")
        assert pilot.app.screen is screen
        assert rows(screen) == ["a.jones", "clerk"]
        assert screen.current is not None and screen.current.username == "a.jones"
        assert "Added a.jones" in status(pilot)
    added = account(database, "a.jones")
    assert (added.role, added.establishment_id, added.display_name) == (
        "user",
        stmarys.id,
        "Amy Jones",
    )
    assert added.password_is_temporary and password not in added.password_hash
    assert verify_password(added.password_hash, password)
    step = start_sign_in(
        database, "a.jones", password, source="local", now=clock.now, settings=settings
    )
    assert isinstance(step, NeedsPasswordChange)
    assert audit_actions(database, "a.jones")[0] == "create account"


async def test_a_taken_username_keeps_the_form_open_with_the_reason(
    database: Database, manager_app: PupilTrackerApp, colleague: tuple[Person, SignedIn]
) -> None:
    async with manager_app.run_test(size=(80, 24)) as pilot:
        await open_users(pilot)
        await pilot.press("a", *"j.smith", "enter", "m", "enter")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, NewAccountDialog)
        assert "is taken" in str(form.query_one("#form-error", Static).render())
        assert form.focused is form.query_one("#account-username")  # the field to put right
        assert form.role is Role.MANAGER  # kept as chosen
        await pilot.press("escape")
    assert account(database, "j.smith").role == "user"


async def test_disable_and_enable_again(
    database: Database, manager_app: PupilTrackerApp, colleague: tuple[Person, SignedIn]
) -> None:
    async with manager_app.run_test(size=(80, 24)) as pilot:
        screen = await open_users(pilot, "j.smith")
        await pilot.press("x")
        await confirm(pilot, GOOD_PASSWORD)
        assert account(database, "j.smith").disabled
        assert live_sessions(database, "j.smith") == []
        assert screen.current is not None and screen.current.state == "disabled"
        assert "j.smith is disabled" in status(pilot)
        await pilot.press("x")
        await confirm(pilot, GOOD_PASSWORD)
        assert not account(database, "j.smith").disabled
        assert "enabled again" in status(pilot)
    assert audit_actions(database, "j.smith")[-2:] == ["disable account", "enable account"]


async def test_change_role_by_choosing_from_the_list(
    database: Database, manager_app: PupilTrackerApp, colleague: tuple[Person, SignedIn]
) -> None:
    async with manager_app.run_test(size=(80, 24)) as pilot:
        await open_users(pilot, "j.smith")
        await pilot.press("r")
        assert isinstance(pilot.app.screen, ChooseDialog)
        await pilot.press("m", "enter")
        await confirm(pilot, GOOD_PASSWORD)
        assert "now a manager" in status(pilot)
    assert account(database, "j.smith").role == "manager"
    assert live_sessions(database, "j.smith") == []  # the new role applies from the next sign-in


async def test_the_actions_menu_on_enter_resets_the_password(
    database: Database,
    manager_app: PupilTrackerApp,
    colleague: tuple[Person, SignedIn],
    clock: Clock,
    settings: SecuritySettings,
) -> None:
    person, _ = colleague
    old_hash = account(database, "j.smith").password_hash
    async with manager_app.run_test(size=(80, 24)) as pilot:
        screen = await open_users(pilot, "j.smith")
        await pilot.press("enter")
        menu = pilot.app.screen
        assert isinstance(menu, ChooseDialog)
        assert [choice.key for choice in menu.choices] == ["p", "c", "x", "r"]  # no unlock
        await pilot.press("p", "enter")
        await confirm(pilot, GOOD_PASSWORD)
        password = shown_once(pilot)
        await pilot.press("enter")
        assert screen.current is not None
        assert screen.current.state.startswith("temporary password pending")
    after = account(database, "j.smith")
    assert after.password_hash != old_hash and after.password_is_temporary
    assert not verify_password(after.password_hash, person.password)
    assert verify_password(after.password_hash, password)
    assert live_sessions(database, "j.smith") == []
    clock.advance(minutes=5)
    old = sign_in(database, person, settings, clock.now)
    assert not isinstance(old, SignedIn)


async def test_reset_security_code(
    database: Database, manager_app: PupilTrackerApp, colleague: tuple[Person, SignedIn]
) -> None:
    async with manager_app.run_test(size=(80, 24)) as pilot:
        await open_users(pilot, "j.smith")
        await pilot.press("c")
        await confirm(pilot, GOOD_PASSWORD)
        assert "no longer works" in shown_once(pilot)
        title = pilot.app.screen.query_one(".dialog-title", Static)
        assert str(title.render()) == "Security code reset for j.smith"
        await pilot.press("enter")
        assert "security code is reset" in status(pilot)
    assert account(database, "j.smith").security_code_encrypted is None


async def test_a_wrong_password_is_refused_and_changes_nothing(
    database: Database,
    manager_app: PupilTrackerApp,
    colleague: tuple[Person, SignedIn],
    clock: Clock,
) -> None:
    before = account(database, "j.smith")
    async with manager_app.run_test(size=(80, 24)) as pilot:
        screen = await open_users(pilot, "j.smith")
        for key in ("p", "c", "x"):
            await pilot.press(key)
            await confirm(pilot, WRONG)
            assert status(pilot) == WRONG_PASSWORD
            assert pilot.app.screen is screen  # no password shown, no dialog left open
            clock.advance(minutes=1)  # past the delay that failures bring
        await pilot.press("r", "m", "enter")
        await confirm(pilot, WRONG)
        assert status(pilot) == WRONG_PASSWORD
        await pilot.press("p")
        await pilot.press("escape")
        assert "Cancelled" in status(pilot)
    after = account(database, "j.smith")
    assert after.password_hash == before.password_hash
    assert after.security_code_encrypted == before.security_code_encrypted
    assert (after.disabled, after.role, after.password_is_temporary) == (False, "user", False)
    assert len(live_sessions(database, "j.smith")) == 1
    assert account(database, "clerk").failed_sign_ins == 4  # each wrong password counted
    assert audit_actions(database, "j.smith")[-1] == "sign in"


async def test_a_user_cannot_open_the_users_screen(
    database: Database,
    colleague: tuple[Person, SignedIn],
    stmarys: EstablishmentInfo,
    clock: Clock,
    settings: SecuritySettings,
) -> None:
    actor = Actor("j.smith", Role.USER, stmarys.id)
    async with make_app(database, actor, clock, settings).run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "u")  # not on a user's home menu: the key does nothing
        await pilot.pause()
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        open_school_accounts(home, database, actor, stmarys)  # asked for anyway: a polite no
        await pilot.pause()
        assert pilot.app.screen is home
        said = [notification.message for notification in pilot.app._notifications]
        assert any("Only a manager or the support team" in message for message in said)
        # Even opened directly, the store refuses the list.
        pilot.app.push_screen(SchoolAccountsScreen(database, actor, stmarys))
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SchoolAccountsScreen)
        assert screen.accounts == []
        assert "Only an account manager or the support team" in status(pilot)
        await pilot.press("a")
        assert pilot.app.screen is screen  # adding is not offered either


async def test_a_manager_sees_only_their_own_establishments_users(
    database: Database,
    manager_app: PupilTrackerApp,
    colleague: tuple[Person, SignedIn],
    stmarys: EstablishmentInfo,
    clock: Clock,
    settings: SecuritySettings,
) -> None:
    hillside = school(database, "3050", "HILLSIDE NURSERY")
    create_account(
        database,
        Actor("support.tester", Role.SUPPORT, None),
        username="h.nurse",
        role=Role.MANAGER,
        establishment_id=hillside.id,
        now=clock.now,
        settings=settings,
    )
    async with manager_app.run_test(size=(80, 24)) as pilot:
        screen = await open_users(pilot)
        assert rows(screen) == ["clerk", "j.smith"]
        listed = [str(option.prompt) for option in screen.query_one(AccountList).options]
        assert not any("h.nurse" in row for row in listed)
        pilot.app.push_screen(SchoolAccountsScreen(database, as_manager(stmarys), hillside))
        await settle(pilot)
        other = pilot.app.screen
        assert isinstance(other, SchoolAccountsScreen) and other.accounts == []
        assert "your own establishment" in status(pilot)


async def test_own_account_offers_no_actions(
    database: Database, manager_app: PupilTrackerApp
) -> None:
    async with manager_app.run_test(size=(80, 24)) as pilot:
        screen = await open_users(pilot, "clerk")
        await pilot.press("x")
        assert pilot.app.screen is screen
        await pilot.press("enter")
        assert pilot.app.screen is screen
        assert "cannot change your own account here" in status(pilot)
    assert not account(database, "clerk").disabled


async def test_the_list_is_read_off_the_ui_thread_and_keeps_the_highlight(
    database: Database,
    manager_app: PupilTrackerApp,
    colleague: tuple[Person, SignedIn],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sessions = watch_database_threads(monkeypatch)
    async with manager_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        sessions.watching = True
        await pilot.press("u")
        screen = pilot.app.screen
        assert isinstance(screen, SchoolAccountsScreen)  # open at once, the list on its way
        await settle(pilot)
        assert rows(screen) == ["clerk", "j.smith"]
        await highlight(pilot, screen, "j.smith")
        await pilot.press("f5")
        await settle(pilot)
        assert screen.current is not None and screen.current.username == "j.smith"
        assert status(pilot) == "Reloaded."
        sessions.watching = False
    assert len(sessions.threads) >= 2
    assert sessions.on_ui_thread == 0
