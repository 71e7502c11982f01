"""Pilot tests of the support console: real keys, an injected clock, then the database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import pytest
from sqlalchemy import select
from sqlmodel import col
from textual.pilot import Pilot
from textual.widgets import Input, Label, Static

from store.accounts.accounts import AccountSummary, IssuedPassword, create_account
from store.accounts.actions import reset_security_code, set_disabled
from store.accounts.diagnosis import AccountDetails, account_details, find_accounts
from store.accounts.reauth import SERVER_ADMINISTRATOR
from store.accounts.sessions import end_session
from store.accounts.settings import SecuritySettings
from store.accounts.sign_in import start_sign_in
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.models import AuditEntry, IssuedUpn, LoginSession, Pupil
from store.curriculum.upn import upn_problem
from store.establishments.establishments import EstablishmentInfo, find_establishment_by_number
from tests.store.accounts_helpers import (
    SOURCE,
    Clock,
    Person,
    account,
    add,
    audit_actions,
    first_sign_in,
    school,
)
from tests.tui.waiting import Gate, settle, watch_database_threads
from tui.app import PupilTrackerApp
from tui.screens.accounts.school_accounts import SchoolAccountsScreen
from tui.screens.dialogs.forms import NewEstablishmentDialog
from tui.screens.dialogs.password import PasswordDialog
from tui.screens.dialogs.shown_once import ShownOnceDialog
from tui.screens.pupils.archived_pupils import ArchivedPupilsDialog
from tui.screens.pupils.upn_request import UpnRequestDialog
from tui.screens.school.home import HomeScreen
from tui.screens.start import StartScreen
from tui.screens.support import console_reads
from tui.screens.support.console import ResultList, SupportConsoleScreen, open_support_console
from tui.store_call import WRONG_PASSWORD
from tui.widgets.accounts.account_panel import AccountPanel
from tui.widgets.key_bar import key_text

WRONG = "Not-My-Password-9!"
ELSEWHERE = "ssh 203.0.113.9"


pytestmark = pytest.mark.usefixtures("quick_hashing")


def signed_in_user(
    database: Database, settings: SecuritySettings, establishment: EstablishmentInfo
) -> Person:
    """j.smith (Jane Smith), a user who signed in from SOURCE and is still signed in."""
    issued = create_account(
        database,
        Actor("helpdesk", Role.SUPPORT, None),
        username="j.smith",
        role=Role.USER,
        establishment_id=establishment.id,
        now=Clock().now,
        display_name="Jane Smith",
        settings=settings,
    )
    return first_sign_in(database, issued, settings)[0]


@pytest.fixture
def jane(database: Database, settings: SecuritySettings, stmarys: EstablishmentInfo) -> Person:
    return signed_in_user(database, settings, stmarys)


@pytest.fixture
def smiley(
    database: Database, settings: SecuritySettings, stmarys: EstablishmentInfo
) -> IssuedPassword:
    """a.smiley, a new user of the same school: "smi" finds them and j.smith."""
    return add(database, "a.smiley", Role.USER, stmarys.id, settings=settings)


SUPPORT_ACTOR = Actor("helpdesk", Role.SUPPORT, None, "ssh 192.0.2.50")


def make_app(
    database: Database, clock: Clock, settings: SecuritySettings, actor: Actor = SUPPORT_ACTOR
) -> PupilTrackerApp:
    return PupilTrackerApp(
        database, actor=actor, clock=clock, settings=settings, today=date(2025, 11, 3)
    )


@pytest.fixture
def support_app(
    database: Database, helpdesk: Person, clock: Clock, settings: SecuritySettings
) -> PupilTrackerApp:
    """The app with helpdesk, of the support team, at the keyboard."""
    return make_app(database, clock, settings)


async def open_console(pilot: Pilot[None], search: str = "") -> SupportConsoleScreen:
    """From the start screen: s opens the console; then find `search`."""
    assert isinstance(pilot.app.screen, StartScreen)
    await pilot.press("s")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SupportConsoleScreen)
    if search:
        await find(pilot, search)
    return screen


async def find(pilot: Pilot[None], text: str) -> None:
    """Type `text` into the search box (replacing what was there), then go to the results."""
    if not isinstance(pilot.app.focused, Input):
        await pilot.press("slash")
    await pilot.press("ctrl+u", *text, "enter")
    await settle(pilot)


def results(pilot: Pilot[None]) -> list[str]:
    return [str(option.prompt) for option in pilot.app.screen.query_one(ResultList).options]


def panel(pilot: Pilot[None]) -> str:
    return pilot.app.screen.query_one(AccountPanel).plain


def status(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one("#console-status", Static).render())


def diagnosis_line(pilot: Pilot[None]) -> str:
    return next(line for line in panel(pilot).splitlines() if line.startswith("Diagnosis: "))


async def confirm(pilot: Pilot[None], password: str) -> None:
    assert isinstance(pilot.app.screen, PasswordDialog)
    await pilot.press(*password, "enter")
    await settle(pilot)


def sessions_of(database: Database, username: str) -> list[LoginSession]:
    owner = account(database, username)
    with database.read() as session:
        query = select(LoginSession).where(col(LoginSession.account_id) == owner.id)
        return list(session.scalars(query))


def fail_sign_ins(
    database: Database, settings: SecuritySettings, clock: Clock, username: str, times: int
) -> None:
    """Wrong passwords from ELSEWHERE, each after the delay the last one brought."""
    for _ in range(times):
        refused = start_sign_in(
            database, username, "Wrong-Again-1!", source=ELSEWHERE, now=clock.now, settings=settings
        )
        clock.advance(seconds=getattr(refused, "delay_seconds", 0) or 1)


# --- finding ----------------------------------------------------------------------------------


async def test_search_finds_by_part_of_a_username_name_or_number(
    database: Database, support_app: PupilTrackerApp, jane: Person, settings: SecuritySettings
) -> None:
    hillside = school(database, "3050", "HILLSIDE NURSERY")
    add(database, "h.nurse", Role.MANAGER, hillside.id, settings=settings)
    async with support_app.run_test(size=(80, 24)) as pilot:
        await open_console(pilot, "smi")
        assert [row.split()[1] for row in results(pilot)] == ["j.smith"]
        assert panel(pilot).startswith("j.smith (Jane Smith) · user of 2041")
        await find(pilot, "JANE")
        assert [row.split()[1] for row in results(pilot)] == ["j.smith"]
        await find(pilot, "305")
        assert [row.split()[:2] for row in results(pilot)] == [
            ["School", "3050"],
            ["User", "h.nurse"],
        ]
        assert panel(pilot).startswith("3050 - HILLSIDE NURSERY")
        assert "h.nurse" in panel(pilot)
        await find(pilot, "hillside")
        assert len(results(pilot)) == 2
        await pilot.press("enter")  # a school: its users, to manage them
        await settle(pilot)
        users = pilot.app.screen
        assert isinstance(users, SchoolAccountsScreen)
        assert [summary.username for summary in users.accounts] == ["h.nurse"]


async def test_slash_starts_a_new_search_from_the_search_box_too(
    support_app: PupilTrackerApp, jane: Person
) -> None:
    async with support_app.run_test(size=(80, 24)) as pilot:
        await open_console(pilot)
        search = pilot.app.screen.query_one("#console-search", Input)
        assert pilot.app.focused is search
        await pilot.press(*"smi")
        await settle(pilot)
        await pilot.press("slash", *"jane")  # typed over the selected "smi", no "/" typed
        await settle(pilot)
        assert search.value == "jane"
        assert [row.split()[1] for row in results(pilot)] == ["j.smith"]
        await pilot.press("enter", "slash")  # from the results: back to the box
        assert pilot.app.focused is search


# --- the database is read off the UI thread ---------------------------------------------------


def gate_search(monkeypatch: pytest.MonkeyPatch, text: str) -> Gate:
    """Searches for `text` wait for the gate (in their worker thread)."""
    gate = Gate()

    def held(
        database: Database, actor: Actor, wanted: str, *, now: datetime
    ) -> list[AccountSummary]:
        if wanted == text:
            gate.hold()
        return find_accounts(database, actor, wanted, now=now)

    monkeypatch.setattr(console_reads, "find_accounts", held)
    return gate


def gate_details(monkeypatch: pytest.MonkeyPatch, username: str) -> Gate:
    """Reading `username`'s details waits for the gate (in its worker thread)."""
    gate = Gate()

    def held(
        database: Database, actor: Actor, who: str, *, now: datetime, settings: SecuritySettings
    ) -> AccountDetails:
        if who == username:
            gate.hold()
        return account_details(database, actor, who, now=now, settings=settings)

    monkeypatch.setattr(console_reads, "account_details", held)
    return gate


async def test_the_console_and_users_screen_read_the_database_off_the_ui_thread(
    database: Database,
    support_app: PupilTrackerApp,
    jane: Person,
    stmarys: EstablishmentInfo,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    archived_pupils(database, stmarys)
    sessions = watch_database_threads(monkeypatch)
    async with support_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        sessions.watching = True
        await open_console(pilot, "j.smi")
        await pilot.press("f5")
        await settle(pilot)
        await find(pilot, "2041")
        await pilot.press("b")  # the archived pupils are read first
        await settle(pilot)
        assert isinstance(pilot.app.screen, ArchivedPupilsDialog)
        await pilot.press("escape", "down", "up", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SchoolAccountsScreen)
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("escape")  # back: the console searches again
        await settle(pilot)
        assert isinstance(pilot.app.screen, SupportConsoleScreen)
        sessions.watching = False
    assert len(sessions.threads) >= 10
    assert sessions.on_ui_thread == 0


async def test_typing_never_waits_for_a_search_and_an_old_search_is_dropped(
    support_app: PupilTrackerApp,
    jane: Person,
    smiley: IssuedPassword,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gate = gate_search(monkeypatch, "smi")
    async with support_app.run_test(size=(80, 24)) as pilot:
        await open_console(pilot)
        await pilot.press(*"smi")
        await gate.reached()  # the search for "smi" is stuck in the database
        await pilot.press(*"th")
        assert pilot.app.screen.query_one("#console-search", Input).value == "smith"
        await pilot.press("escape")
        assert isinstance(pilot.app.focused, ResultList)
        gate.released.set()
        await settle(pilot)
        # Only what matches "smith", the text in the box: a.smiley (found by "smi") is not.
        assert [row.split()[1] for row in results(pilot)] == ["j.smith"]
        assert status(pilot).startswith("1 found")
        assert panel(pilot).startswith("j.smith (Jane Smith)")


async def test_moving_never_waits_for_details_and_old_details_are_dropped(
    database: Database,
    support_app: PupilTrackerApp,
    jane: Person,
    smiley: IssuedPassword,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gate = gate_details(monkeypatch, "j.smith")
    gate.armed = False
    async with support_app.run_test(size=(80, 24)) as pilot:
        screen = await open_console(pilot, "smi")
        assert panel(pilot).startswith("a.smiley · user of 2041")
        gate.armed = True
        await pilot.press("down")
        await gate.reached()  # j.smith's details are stuck in the database
        await pilot.press("x")  # no action until the highlighted account's details are in
        assert pilot.app.screen is screen
        await pilot.pause(0.3)  # longer than SLOW_READ
        await pilot.pause()
        assert panel(pilot) == "Reading j.smith…"
        await pilot.press("up")
        gate.released.set()
        await settle(pilot)
        # j.smith's details came back after the highlight had moved on: not shown.
        assert panel(pilot).startswith("a.smiley · user of 2041")
        await pilot.press("x")
        dialog = pilot.app.screen
        assert isinstance(dialog, PasswordDialog) and "a.smiley" in dialog.action
        await pilot.press("escape")
    assert not account(database, "a.smiley").disabled


async def test_a_long_list_arrives_whole_and_keeps_its_highlight(
    database: Database, support_app: PupilTrackerApp
) -> None:
    for index in range(120):
        school(database, f"{3000 + index}", f"LITTLE OAKS {index:03d}")
    async with support_app.run_test(size=(80, 24)) as pilot:
        screen = await open_console(pilot, "little oaks")
        for _ in range(20):  # the rows go in a few at a time, a repaint apart
            if len(results(pilot)) == 120:
                break
            await pilot.pause()
        assert len(results(pilot)) == 120
        await pilot.press("end")
        await settle(pilot)
        assert panel(pilot).startswith("3119 - LITTLE OAKS 119")
        await pilot.press("n", "escape")  # back from a dialog: the search is made again
        await settle(pilot)
        assert screen.current is not None and screen.current.establishment is not None
        assert screen.current.establishment.number == "3119"
        assert panel(pilot).startswith("3119 - LITTLE OAKS 119")


# --- the diagnosis, state by state ------------------------------------------------------------


@dataclass(frozen=True)
class State:
    """How to put j.smith in a state, what to search for, and what the console must say."""

    arrange: Callable[[Database, SecuritySettings, Clock, EstablishmentInfo], None]
    search: str
    line: str
    evidence: str = ""
    state: str = ""


def _can_sign_in(db: Database, s: SecuritySettings, clock: Clock, e: EstablishmentInfo) -> None:
    signed_in_user(db, s, e)
    for row in sessions_of(db, "j.smith"):
        end_session(db, row.id or 0, clock.now)
    clock.advance(hours=1)


def _live(db: Database, s: SecuritySettings, clock: Clock, e: EstablishmentInfo) -> None:
    signed_in_user(db, s, e)
    clock.advance(minutes=1)  # within the heartbeat's grace: the session is live


def _locked(db: Database, s: SecuritySettings, clock: Clock, e: EstablishmentInfo) -> None:
    _can_sign_in(db, s, clock, e)
    fail_sign_ins(db, s, clock, "j.smith", 10)


def _delayed(db: Database, s: SecuritySettings, clock: Clock, e: EstablishmentInfo) -> None:
    _can_sign_in(db, s, clock, e)
    fail_sign_ins(db, s, clock, "j.smith", 3)


def _pending(db: Database, s: SecuritySettings, clock: Clock, e: EstablishmentInfo) -> None:
    add(db, "j.smith", Role.USER, e.id, settings=s)


def _expired(db: Database, s: SecuritySettings, clock: Clock, e: EstablishmentInfo) -> None:
    _pending(db, s, clock, e)
    clock.advance(hours=73)


def _disabled(db: Database, s: SecuritySettings, clock: Clock, e: EstablishmentInfo) -> None:
    _can_sign_in(db, s, clock, e)
    set_disabled(db, SUPPORT_ACTOR, SERVER_ADMINISTRATOR, "j.smith", True, now=clock.now)


def _no_code(db: Database, s: SecuritySettings, clock: Clock, e: EstablishmentInfo) -> None:
    _can_sign_in(db, s, clock, e)
    reset_security_code(db, SUPPORT_ACTOR, SERVER_ADMINISTRATOR, "j.smith", now=clock.now)


def _unknown(db: Database, s: SecuritySettings, clock: Clock, e: EstablishmentInfo) -> None:
    _can_sign_in(db, s, clock, e)
    fail_sign_ins(db, s, clock, "J.Smyth", 1)


def _support(db: Database, s: SecuritySettings, clock: Clock, e: EstablishmentInfo) -> None:
    add(db, "new.helper", Role.SUPPORT, None, settings=s)


STATES = {
    "can sign in": State(_can_sign_in, "j.smith", "Nothing stops j.smith signing in now"),
    "live session elsewhere": State(
        _live, "j.smith", f"j.smith is signed in from {SOURCE} since", state="active"
    ),
    "locked": State(
        _locked,
        "j.smith",
        "j.smith cannot sign in until",
        evidence="unlocking lifts it",
        state="locked until",
    ),
    "delayed after failures": State(
        _delayed, "j.smith", "Nothing stops j.smith", evidence="Each try now waits 1 second;"
    ),
    "temporary password pending": State(
        _pending,
        "j.smith",
        "j.smith has not finished a first sign-in",
        state="temporary password pending (expires",
    ),
    "temporary password expired": State(
        _expired,
        "j.smith",
        "their temporary password expired at",
        state="temporary password expired",
    ),
    "disabled": State(_disabled, "j.smith", "the account is disabled", state="disabled"),
    "no security code": State(_no_code, "j.smith", "they have no security code yet"),
    "unknown username": State(
        _unknown,
        "j.smyth",
        "There is no account called j.smyth.",
        evidence="1 failed sign-ins with it in a row, the last at",
    ),
    "support without an authenticator": State(
        _support, "new.helper", "has not finished a first sign-in", evidence="No authenticator yet"
    ),
}


@pytest.mark.parametrize("name", list(STATES))
async def test_the_diagnosis_for_each_state(
    name: str,
    database: Database,
    support_app: PupilTrackerApp,
    stmarys: EstablishmentInfo,
    clock: Clock,
    settings: SecuritySettings,
) -> None:
    expected = STATES[name]
    expected.arrange(database, settings, clock, stmarys)
    async with support_app.run_test(size=(80, 24)) as pilot:
        await open_console(pilot, expected.search)
        assert len(results(pilot)) == 1
        assert expected.line in diagnosis_line(pilot), panel(pilot)
        if expected.evidence:
            assert expected.evidence in panel(pilot)
        if expected.state:
            assert f"State         {expected.state}" in panel(pilot)


async def test_locked_details_say_until_when_and_where_from_and_unlock_clears_it(
    database: Database,
    helpdesk: Person,
    support_app: PupilTrackerApp,
    stmarys: EstablishmentInfo,
    clock: Clock,
    settings: SecuritySettings,
) -> None:
    _locked(database, settings, clock, stmarys)
    locked_until = account(database, "j.smith").locked_until
    assert locked_until is not None
    async with support_app.run_test(size=(80, 24)) as pilot:
        await open_console(pilot, "j.smith")
        text = panel(pilot)
        assert "Last failure  " in text and f"from {ELSEWHERE}" in text
        assert ELSEWHERE in diagnosis_line(pilot)
        assert "Failures      10 in a row" in text
        assert "u Unlock" in key_text(pilot.app.screen).plain
        await pilot.press("u")
        await confirm(pilot, helpdesk.password)
        assert "j.smith is unlocked" in status(pilot)
        assert "Nothing stops j.smith signing in now" in diagnosis_line(pilot)
    row = account(database, "j.smith")
    assert row.locked_until is None and row.failed_sign_ins == 0
    assert audit_actions(database, "j.smith")[-1] == "unlock account"


async def test_a_lock_that_ran_out_shows_after_refreshing(
    database: Database,
    support_app: PupilTrackerApp,
    stmarys: EstablishmentInfo,
    clock: Clock,
    settings: SecuritySettings,
) -> None:
    _locked(database, settings, clock, stmarys)
    async with support_app.run_test(size=(80, 24)) as pilot:
        await open_console(pilot, "j.smith")
        assert "cannot sign in until" in diagnosis_line(pilot)
        clock.advance(minutes=31)
        await pilot.press("f5")
        await settle(pilot)
        assert "Nothing stops j.smith" in diagnosis_line(pilot)
        assert status(pilot) == "Details read again."


async def test_end_session(
    database: Database, helpdesk: Person, support_app: PupilTrackerApp, jane: Person, clock: Clock
) -> None:
    clock.advance(minutes=1)
    async with support_app.run_test(size=(80, 24)) as pilot:
        await open_console(pilot, "j.smith")
        assert f"Session       from {SOURCE}, started" in panel(pilot)
        await pilot.press("e")
        await confirm(pilot, helpdesk.password)
        assert f"j.smith's session from {SOURCE} has ended." == status(pilot)
        assert "Session       none live" in panel(pilot)
        assert "e End session" not in key_text(pilot.app.screen).plain
    assert all(row.ended_at is not None for row in sessions_of(database, "j.smith"))


async def test_a_new_temporary_password_ends_every_session(
    database: Database, helpdesk: Person, support_app: PupilTrackerApp, jane: Person
) -> None:
    async with support_app.run_test(size=(80, 24)) as pilot:
        await open_console(pilot, "j.smith")
        await pilot.press("p")
        await confirm(pilot, helpdesk.password)
        assert isinstance(pilot.app.screen, ShownOnceDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert "has not finished a first sign-in" in diagnosis_line(pilot)
    assert account(database, "j.smith").password_is_temporary
    assert all(row.ended_at is not None for row in sessions_of(database, "j.smith"))


async def test_reset_a_support_accounts_authenticator(
    database: Database, helpdesk: Person, support_app: PupilTrackerApp, settings: SecuritySettings
) -> None:
    first_sign_in(database, add(database, "second.helper", Role.SUPPORT, None), settings)
    assert account(database, "second.helper").totp_secret_encrypted is not None
    async with support_app.run_test(size=(80, 24)) as pilot:
        await open_console(pilot, "second")
        await pilot.press("t")
        await confirm(pilot, helpdesk.password)
        assert "No authenticator yet" in panel(pilot)
    assert account(database, "second.helper").totp_secret_encrypted is None


# --- establishments ---------------------------------------------------------------------------


async def test_create_an_establishment(database: Database, support_app: PupilTrackerApp) -> None:
    async with support_app.run_test(size=(80, 24)) as pilot:
        await open_console(pilot)
        await pilot.press("down", "n")
        assert isinstance(pilot.app.screen, NewEstablishmentDialog)
        await pilot.press(*"4100", "enter", *"Oak Tree Nursery", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SupportConsoleScreen)
        assert status(pilot).startswith("Created 4100 - Oak Tree Nursery.")
        assert results(pilot)[0].split()[:2] == ["School", "4100"]
        assert panel(pilot).startswith("4100 - Oak Tree Nursery")
    created = find_establishment_by_number(database, "4100")
    assert created is not None and created.name == "Oak Tree Nursery"


def archived_pupils(database: Database, establishment: EstablishmentInfo) -> list[int]:
    with database.write() as session:
        pupils = [
            Pupil(
                establishment_id=establishment.id,
                upn=f"A20410000000{index}",
                surname=surname,
                forenames="Sam",
                date_of_birth=date(2021, 3, 1 + index),
                archived=True,
            )
            for index, surname in enumerate(["Adams", "Brown", "Cole"])
        ]
        session.add_all(pupils)
        session.flush()
        return [pupil.id or 0 for pupil in pupils]


def archived_flags(database: Database, ids: list[int]) -> list[bool]:
    with database.read() as session:
        return [session.get(Pupil, pupil_id).archived for pupil_id in ids]  # type: ignore[union-attr]


async def test_retrieve_archived_pupils(
    database: Database, helpdesk: Person, support_app: PupilTrackerApp, stmarys: EstablishmentInfo
) -> None:
    ids = archived_pupils(database, stmarys)
    async with support_app.run_test(size=(80, 24)) as pilot:
        await open_console(pilot, "2041")
        assert "3 archived pupils" in panel(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ArchivedPupilsDialog)
        await pilot.press("space", "down", "down", "space", "enter")
        await confirm(pilot, helpdesk.password)
        assert "Brought back 2 pupil(s)" in status(pilot)
        assert "1 archived pupil\n" in panel(pilot)
    assert archived_flags(database, ids) == [False, True, False]
    with database.read() as session:
        rows = session.scalars(
            select(AuditEntry).where(col(AuditEntry.action) == "unarchive pupil")
        ).all()
        assert sorted(row.pupil_id or 0 for row in rows) == [ids[0], ids[2]]
        assert {row.actor for row in rows} == {"helpdesk"}


async def test_issue_in_house_upns(
    database: Database, helpdesk: Person, support_app: PupilTrackerApp
) -> None:
    nursery = school(database, "3050", "LITTLE ACORNS NURSERY")
    issued: list[str] = []
    async with support_app.run_test(size=(80, 24)) as pilot:
        await open_console(pilot, "acorns")
        for count in ("5", "3"):
            await pilot.press("i")
            assert isinstance(pilot.app.screen, UpnRequestDialog)
            # The LA number is remembered from the first time.
            la_number = pilot.app.screen.query_one("#upn-la", Input)
            assert la_number.value == ("888" if issued else "")
            await pilot.press("ctrl+u", *"888", "enter", "ctrl+u", *count, "enter")
            await confirm(pilot, helpdesk.password)
            dialog = pilot.app.screen
            assert isinstance(dialog, ShownOnceDialog)
            issued += str(dialog.query_one("#shown-text", Static).render()).split()
            said = " ".join(str(label.render()) for label in dialog.query(Label))
            assert "audit trail" in said and "None is ever issued twice" in said
            await pilot.press("enter")
    assert len(issued) == 8 and len(set(issued)) == 8
    for upn in issued:
        assert upn_problem(upn) is None
        assert upn[1:8] == "8883050"
    with database.read() as session:
        stored = set(session.scalars(select(col(IssuedUpn.upn))))
        trail = session.scalars(
            select(AuditEntry).where(col(AuditEntry.action) == "issue in-house UPNs")
        ).all()
    assert stored == set(issued)
    assert [row.establishment_id for row in trail] == [nursery.id, nursery.id]


# --- refusals -----------------------------------------------------------------------------------


async def test_every_action_with_a_wrong_password_changes_nothing(
    database: Database,
    support_app: PupilTrackerApp,
    jane: Person,
    stmarys: EstablishmentInfo,
    clock: Clock,
    settings: SecuritySettings,
) -> None:
    ids = archived_pupils(database, stmarys)
    fail_sign_ins(database, settings, clock, "j.smith", 2)
    before = account(database, "j.smith")
    trail_before = len(audit_actions(database, "j.smith"))
    async with support_app.run_test(size=(80, 24)) as pilot:
        await open_console(pilot, "j.smith")
        # End session first, while the session is live by the clock.
        for keys in (["e"], ["p"], ["c"], ["u"], ["x"], ["r", "m", "enter"]):
            await pilot.press(*keys)
            await confirm(pilot, WRONG)
            assert status(pilot) == WRONG_PASSWORD
            assert isinstance(pilot.app.screen, SupportConsoleScreen)
            clock.advance(minutes=1)
        await find(pilot, "2041")
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("space", "enter")
        await confirm(pilot, WRONG)
        assert status(pilot) == WRONG_PASSWORD
        clock.advance(minutes=1)
        await pilot.press("i", *"888", "enter", "enter")
        await confirm(pilot, WRONG)
        assert status(pilot) == WRONG_PASSWORD
    after = account(database, "j.smith")
    assert after.password_hash == before.password_hash
    assert after.security_code_encrypted == before.security_code_encrypted
    assert (after.failed_sign_ins, after.disabled, after.role) == (2, False, "user")
    assert [row.ended_at for row in sessions_of(database, "j.smith")] == [None]
    assert len(audit_actions(database, "j.smith")) == trail_before
    assert archived_flags(database, ids) == [True, True, True]
    with database.read() as session:
        assert session.scalars(select(IssuedUpn)).all() == []
    assert account(database, "helpdesk").failed_sign_ins == 8


async def test_only_support_opens_the_console(
    database: Database, stmarys: EstablishmentInfo, clock: Clock, settings: SecuritySettings
) -> None:
    manager = Actor("clerk", Role.MANAGER, stmarys.id)
    async with make_app(database, clock, settings, manager).run_test(size=(80, 24)) as pilot:
        assert "Support console" not in key_text(pilot.app.screen).plain
        await pilot.press("s")
        assert isinstance(pilot.app.screen, StartScreen)
        await pilot.press("enter", "s")  # not on a manager's home menu: the key does nothing
        await pilot.pause()
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        open_support_console(home, database, manager)  # asked for anyway: a polite no
        await pilot.pause()
        assert pilot.app.screen is home
        said = [notification.message for notification in pilot.app._notifications]
        assert any("support team" in message for message in said)
