"""Pilot tests of signing in and of the session guard: real keys, then what the database holds."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label, Static

from store.accounts.lockout import FAILED_MESSAGE
from store.accounts.sessions import IDLE
from store.accounts.settings import SecuritySettings
from store.accounts.sign_in_steps import NeedsSecurityCode
from store.core.access import Role
from store.core.db import Database
from tests.store.accounts_helpers import (
    GOOD_PASSWORD,
    Clock,
    Person,
    account,
    add,
    code_digits,
    school,
    sign_in,
)
from tests.tui.sign_in_helpers import (
    make_app,
    message,
    screen_text,
    sessions,
    settle,
    sign_in_screen,
    sign_in_with_code,
    type_in,
)
from tui.screens.accounts.sign_in import TOO_SOON, SignInScreen
from tui.screens.school.home import HomeScreen
from tui.screens.start import StartScreen
from tui.session_guard import IdleWarningDialog

pytestmark = pytest.mark.usefixtures("quick_hashing")


async def idle_for(pilot: Pilot[None], clock: Clock, minutes: int) -> None:
    """Let `minutes` pass with no key pressed, then let the session guard look."""
    guard = pilot.app.session_guard
    assert guard is not None
    clock.advance(minutes=minutes)
    guard.check()  # the heartbeat, in a worker
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_database_with_accounts_starts_on_sign_in(
    database: Database, clerk: Person, clock: Clock, settings: SecuritySettings
) -> None:
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        assert isinstance(pilot.app.screen, SignInScreen)


async def test_an_empty_database_starts_as_the_local_manager(
    database: Database, clock: Clock, settings: SecuritySettings
) -> None:
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        assert isinstance(pilot.app.screen, StartScreen)
        assert pilot.app.session_guard is None


async def test_password_and_two_code_digits_open_the_school(
    database: Database, clerk: Person, clock: Clock, settings: SecuritySettings
) -> None:
    clock.advance(hours=1)
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await pilot.press(*"clerk", "enter")
        password = pilot.app.screen.query_one("#password")
        assert password.has_focus
        await type_in(pilot, clerk.password)
        screen = pilot.app.screen
        assert isinstance(screen, SignInScreen) and isinstance(screen.step, NeedsSecurityCode)
        assert screen.step.prompt in screen_text(pilot)
        await type_in(pilot, code_digits(clerk.code, screen.step))
        assert isinstance(pilot.app.screen, HomeScreen)
        assert pilot.app.actor.username == "clerk"
        assert pilot.app.actor.establishment_id is not None
        live = [row for row in sessions(database) if row.ended_at is None]
        assert len(live) == 1
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, StartScreen)
    # Quitting the app signs out.
    assert all(row.ended_at is not None for row in sessions(database))


async def test_sign_out_from_the_home_screen(
    database: Database, clerk: Person, clock: Clock, settings: SecuritySettings
) -> None:
    clock.advance(hours=1)
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await pilot.press(*"clerk", "enter")
        await type_in(pilot, clerk.password)
        screen = pilot.app.screen
        assert isinstance(screen, SignInScreen) and isinstance(screen.step, NeedsSecurityCode)
        await type_in(pilot, code_digits(clerk.code, screen.step))
        assert isinstance(pilot.app.screen, HomeScreen)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(pilot.app.screen, SignInScreen)
        assert all(row.ended_at is not None for row in sessions(database))


async def test_wrong_password_says_the_same_as_an_unknown_user(
    database: Database, clerk: Person, clock: Clock, settings: SecuritySettings
) -> None:
    said = []
    for username, password in [("clerk", "Not-The-One-99!"), ("nobody", clerk.password)]:
        async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
            await type_in(pilot, username, password)
            assert isinstance(pilot.app.screen, SignInScreen)
            assert pilot.app.screen.step is None
            said.append(message(pilot))
    assert said[0] == said[1] == FAILED_MESSAGE
    assert sessions(database)[-1].ended_at is not None  # only the first sign-in's session


async def test_first_sign_in_changes_the_password_and_shows_the_code_once(
    database: Database, clock: Clock, settings: SecuritySettings
) -> None:
    issued = add(database, "newbie", Role.USER, school(database).id, settings=settings)
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await type_in(pilot, "newbie", issued.temporary_password)
        assert pilot.app.screen.query_one("#new-password").has_focus
        for secret in ("#new-password", "#repeat-password"):
            assert pilot.app.screen.query_one(secret, Input).password  # dots, never the text
        await type_in(pilot, "short", "short")
        assert message(pilot)  # the policy's reason
        assert pilot.app.screen.query("#new-password")
        await type_in(pilot, GOOD_PASSWORD, "Something-Else-55!")
        assert "not the same" in message(pilot)
        await type_in(pilot, GOOD_PASSWORD, GOOD_PASSWORD)
        code = str(pilot.app.screen.query_one("#security-code", Static).render())
        assert len(code) == 5 and code.isdigit()
        assert "not be shown again" in screen_text(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
    row = account(database, "newbie")
    assert not row.password_is_temporary
    # The code shown is the one kept: a later sign-in with it works.
    clock.advance(hours=1)
    step = sign_in(database, Person("newbie", GOOD_PASSWORD, code), settings, clock.now)
    assert type(step).__name__ == "SignedIn"


async def test_the_idle_warning_and_stay_signed_in(
    database: Database, clerk: Person, clock: Clock, settings: SecuritySettings
) -> None:
    clock.advance(hours=1)
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await sign_in_with_code(pilot, clerk)
        await idle_for(pilot, clock, 55)
        assert isinstance(pilot.app.screen, IdleWarningDialog)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)
        last = sessions(database)[-1]
        assert last.ended_at is None
        assert last.last_activity is not None
        assert last.last_activity.replace(tzinfo=None) == clock.now.replace(tzinfo=None)
        await idle_for(pilot, clock, 59)
        assert isinstance(pilot.app.screen, IdleWarningDialog)  # warned again, not signed out


async def test_the_last_minute_warning_says_one_minute(
    database: Database, clerk: Person, clock: Clock, settings: SecuritySettings
) -> None:
    clock.advance(hours=1)
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await sign_in_with_code(pilot, clerk)
        await idle_for(pilot, clock, 59)
        warning = pilot.app.screen
        assert isinstance(warning, IdleWarningDialog)
        title = str(warning.query_one(".dialog-title", Label).render())
        assert title == "You will be signed out in 1 minute"


async def test_sixty_idle_minutes_sign_out(
    database: Database, clerk: Person, clock: Clock, settings: SecuritySettings
) -> None:
    clock.advance(hours=1)
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await sign_in_with_code(pilot, clerk)
        await idle_for(pilot, clock, 60)
        await pilot.pause()
        assert isinstance(pilot.app.screen, SignInScreen)
        assert "signed out" in message(pilot) and IDLE in message(pilot)
        assert pilot.app.session_guard is None
        last = sessions(database)[-1]
        assert last.ended_at is not None and last.end_reason == IDLE


async def test_the_warning_can_sign_out(
    database: Database, clerk: Person, clock: Clock, settings: SecuritySettings
) -> None:
    clock.advance(hours=1)
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await sign_in_with_code(pilot, clerk)
        await idle_for(pilot, clock, 56)
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(pilot.app.screen, SignInScreen)
        assert sessions(database)[-1].ended_at is not None


@pytest.mark.parametrize("key", ["o", "b", "2", "enter", "escape", "s"])
async def test_any_other_key_on_the_warning_stays_signed_in(
    database: Database, clerk: Person, clock: Clock, settings: SecuritySettings, key: str
) -> None:
    """A clerk coming back types a judgement first: `o` is On track, never "sign out"."""
    clock.advance(hours=1)
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await sign_in_with_code(pilot, clerk)
        await idle_for(pilot, clock, 56)
        warning = pilot.app.screen
        assert isinstance(warning, IdleWarningDialog)
        assert "F8: sign out" in str(warning.query_one(".dialog-hint", Label).render())
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)  # the key answered the warning only
        last = sessions(database)[-1]
        assert last.ended_at is None
        assert last.last_activity is not None
        assert last.last_activity.replace(tzinfo=None) == clock.now.replace(tzinfo=None)


async def test_a_live_session_elsewhere_is_ended_only_when_asked(
    database: Database, clerk: Person, clock: Clock, settings: SecuritySettings
) -> None:
    clock.advance(hours=1)
    elsewhere = sign_in(database, clerk, settings, clock.now, source="ssh 198.51.100.9")
    assert type(elsewhere).__name__ == "SignedIn"
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await sign_in_with_code(pilot, clerk)
        conflict = str(pilot.app.screen.query_one("#session-conflict", Label).render())
        assert "signed in elsewhere (from ssh 198.51.100.9 since" in conflict
        await pilot.press("n")
        await pilot.pause()
        assert pilot.app.screen.query("#username")
        assert sessions(database)[-1].ended_at is None  # the other one goes on
        await sign_in_with_code(pilot, clerk)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        rows = sessions(database)
        assert rows[-2].ended_at is not None  # the one elsewhere
        assert rows[-1].ended_at is None  # this one


async def test_after_repeated_failures_submitting_waits_for_the_delay(
    database: Database, clerk: Person, clock: Clock, settings: SecuritySettings
) -> None:
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await type_in(pilot, "clerk", "Wrong-Guess-1!")
        assert message(pilot) == FAILED_MESSAGE
        for attempt in range(2, 7):  # the 3rd failure waits 1 s, the 6th 8 s
            clock.advance(minutes=1)  # the store's own hold-back is over each time
            await type_in(pilot, f"Wrong-Guess-{attempt}!")
        assert message(pilot) == f"{FAILED_MESSAGE} Wait 8 seconds before trying again."
        await type_in(pilot, clerk.password)
        assert message(pilot) == f"{TOO_SOON} Wait 8 seconds before trying again."
        assert account(database, "clerk").failed_sign_ins == 6  # the early try never reached it


async def _throttled(pilot: Pilot[None], clock: Clock) -> None:
    """Six wrong passwords in a row: the sixth asks for 8 seconds' wait."""
    await type_in(pilot, "clerk", "Wrong-Guess-1!")
    for attempt in range(2, 7):
        clock.advance(minutes=1)
        await type_in(pilot, f"Wrong-Guess-{attempt}!")
    assert "Wait 8 seconds" in message(pilot)


async def test_a_try_during_the_wait_is_cleared_so_the_next_one_signs_in(
    database: Database, clerk: Person, clock: Clock, settings: SecuritySettings
) -> None:
    """The refused password stayed hidden in the field, and the right one was typed after it."""
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await _throttled(pilot, clock)
        await type_in(pilot, clerk.password)  # too soon
        assert pilot.app.screen.query_one("#password", Input).value == ""
        assert pilot.app.screen.query_one("#password", Input).has_focus
        assert pilot.app.screen.query_one("#username", Input).value == "clerk"
        clock.advance(seconds=8)
        await type_in(pilot, clerk.password)
        screen = pilot.app.screen
        assert isinstance(screen, SignInScreen) and isinstance(screen.step, NeedsSecurityCode)
        await type_in(pilot, code_digits(clerk.code, screen.step))
        assert isinstance(pilot.app.screen, HomeScreen)
    assert account(database, "clerk").failed_sign_ins == 0


async def test_the_wait_counts_down_on_screen(
    database: Database, clerk: Person, clock: Clock, settings: SecuritySettings
) -> None:
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await _throttled(pilot, clock)
        screen = sign_in_screen(pilot)
        assert screen.countdown is not None  # ticks every second
        clock.advance(seconds=3)
        screen.count_down()
        assert message(pilot) == f"{FAILED_MESSAGE} Wait 5 seconds before trying again."
        clock.advance(seconds=4)
        screen.count_down()
        assert message(pilot) == f"{FAILED_MESSAGE} Wait 1 second before trying again."
        clock.advance(seconds=1)
        screen.count_down()
        assert message(pilot) == "You can try again now."
        assert screen.countdown is None


@pytest.mark.parametrize("wrong", ["digits", "new password"])
async def test_every_refused_step_clears_what_was_typed(
    database: Database, clock: Clock, settings: SecuritySettings, clerk: Person, wrong: str
) -> None:
    """Security code digits and new passwords: a refusal leaves no hidden text behind."""
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        if wrong == "digits":
            await type_in(pilot, "clerk", clerk.password)
            step = sign_in_screen(pilot).step
            assert isinstance(step, NeedsSecurityCode)
            right = code_digits(clerk.code, step)
            await type_in(pilot, "00" if right != "00" else "11")
            assert sign_in_screen(pilot).step is None
            assert pilot.app.screen.query_one("#password", Input).value == ""
        else:
            issued = add(
                database,
                "newbie",
                Role.USER,
                account(database, "clerk").establishment_id,
                settings=settings,
            )
            await type_in(pilot, "newbie", issued.temporary_password)
            await type_in(pilot, GOOD_PASSWORD, "Something-Else-55!")
            assert "not the same" in message(pilot)
            for field in ("#new-password", "#repeat-password"):
                assert pilot.app.screen.query_one(field, Input).value == ""
