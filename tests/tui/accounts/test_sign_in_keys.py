"""Pilot tests of typing on the sign-in screen: keys typed in a burst land where they were typed.

`burst` posts every key to the app at once, as tmux send-keys or a fast typist does, with no
pause between them for the app to catch up (pilot.press waits for the app after each key).
"""

from __future__ import annotations

import pytest
from textual import events
from textual.keys import _character_to_key, key_to_character
from textual.pilot import Pilot
from textual.widgets import Input

from store.accounts.lockout import FAILED_MESSAGE
from store.accounts.settings import SecuritySettings
from store.accounts.sign_in_steps import NeedsSecurityCode, ShowSecurityCode
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
)
from tests.store.accounts_helpers import sign_in as sign_in_in_store
from tests.tui.sign_in_helpers import make_app, message, sign_in_with_code
from tui.screens.accounts.sign_in import CLEARED, SignInScreen
from tui.screens.school.home import HomeScreen

pytestmark = pytest.mark.usefixtures("quick_hashing")


def burst(pilot: Pilot[None], *keys: str) -> None:
    """Post every key to the app at once: a single character, or a key name such as "tab"."""
    for key in keys:
        if len(key) == 1:
            event = events.Key(key if key.isalnum() else _character_to_key(key), key)
        else:
            event = events.Key(key, key_to_character(key))
        event.set_sender(pilot.app)
        pilot.app.post_message(event)


async def settle(pilot: Pilot[None]) -> None:
    """Wait until the keys are taken and every check they started has answered."""
    for _ in range(20):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = pilot.app.screen
        order = pilot.app.key_order  # type: ignore[attr-defined]
        held = bool(order.held) or order.in_flight is not None
        taken = not held and (
            not isinstance(screen, SignInScreen) or (screen.ready and not screen.held)
        )
        if taken and all(worker.is_finished for worker in pilot.app.workers):
            return
    raise AssertionError("the sign-in screen never settled")


def field(pilot: Pilot[None], input_id: str) -> Input:
    return pilot.app.screen.query_one(f"#{input_id}", Input)


async def test_name_tab_password_in_a_burst_fill_each_field(
    database: Database, clerk: Person, clock: Clock, settings: SecuritySettings
) -> None:
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        burst(pilot, *clerk.username, "tab", *clerk.password)
        await settle(pilot)
        assert field(pilot, "username").value == clerk.username
        assert field(pilot, "password").value == clerk.password
        assert field(pilot, "password").password  # shown as dots
        assert field(pilot, "password").has_focus


async def test_keys_typed_as_the_screen_appears_after_sign_out_are_kept(
    database: Database, clerk: Person, clock: Clock, settings: SecuritySettings
) -> None:
    """The QA case: o (sign out), then name, Tab, password at once."""
    clock.advance(hours=1)
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await sign_in_with_code(pilot, clerk)
        await pilot.press("o")
        burst(pilot, *clerk.username, "tab", *clerk.password)
        await settle(pilot)
        assert field(pilot, "username").value == clerk.username
        assert field(pilot, "password").value == clerk.password
        await pilot.press("escape")
        await sign_in_with_code(pilot, clerk)
        assert isinstance(pilot.app.screen, HomeScreen)
        guard = pilot.app.session_guard
        assert guard is not None
        guard.sign_out()  # what o does; the keys come before the new screen is even built
        burst(pilot, *clerk.username, "tab", *clerk.password)
        await settle(pilot)
        assert isinstance(pilot.app.screen, SignInScreen)
        assert field(pilot, "username").value == clerk.username
        assert field(pilot, "password").value == clerk.password


async def test_typing_ahead_through_the_first_sign_in(
    database: Database, clock: Clock, settings: SecuritySettings
) -> None:
    """Keys typed while a step is checked wait for the next step's fields."""
    issued = add(database, "newbie", Role.USER, school(database).id, settings=settings)
    temporary = issued.temporary_password
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        burst(pilot, *"newbie", "tab", *temporary, "enter")
        burst(pilot, *GOOD_PASSWORD, "tab", *GOOD_PASSWORD, "enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SignInScreen)
        assert isinstance(screen.step, ShowSecurityCode), message(pilot)
    assert not account(database, "newbie").password_is_temporary


async def test_keys_typed_before_a_refusal_are_dropped(
    database: Database, clerk: Person, clock: Clock, settings: SecuritySettings
) -> None:
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        burst(pilot, *clerk.username, "tab", *"Wrong-Guess-1!", "enter", *"42")
        await settle(pilot)
        assert message(pilot) == FAILED_MESSAGE
        assert field(pilot, "username").value == clerk.username
        assert field(pilot, "password").value == ""  # not "42", typed for a step never shown
        assert field(pilot, "password").has_focus
        burst(pilot, *clerk.password, "enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SignInScreen) and isinstance(screen.step, NeedsSecurityCode)


async def test_escape_on_the_first_step_clears_both_fields(
    database: Database, clerk: Person, clock: Clock, settings: SecuritySettings
) -> None:
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await pilot.press(*clerk.username, "tab", *clerk.password)
        await pilot.press("escape")
        assert field(pilot, "username").value == ""
        assert field(pilot, "password").value == ""
        assert field(pilot, "username").has_focus
        assert message(pilot) == CLEARED


async def test_a_live_session_question_drops_keys_typed_ahead(
    database: Database, clerk: Person, clock: Clock, settings: SecuritySettings
) -> None:
    """A y typed before the question about the other session is shown does not answer it."""
    clock.advance(hours=1)
    assert type(sign_in_in_store(database, clerk, settings, clock.now)).__name__ == "SignedIn"
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await pilot.press(*clerk.username, "tab", *clerk.password, "enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SignInScreen) and isinstance(screen.step, NeedsSecurityCode)
        digits = code_digits(clerk.code, screen.step)
        burst(pilot, *digits, "enter", "y")
        await settle(pilot)
        assert pilot.app.screen.query("#session-conflict")
        assert pilot.app.session_guard is None  # not signed in: the question waits


async def test_keys_sent_with_the_o_itself_land_on_the_sign_in_screen_in_their_fields(
    database: Database, clerk: Person, clock: Clock, settings: SecuritySettings
) -> None:
    """Keys sent in the same burst as o wait until the sign-in screen is up, then go where
    they were typed for (tui/key_order.py): the name in Username, the Tab moves on, the
    password in Password. They used to reach the home screen and be lost, and a Tab among
    them moved the new screen's focus so that the next name and password swapped fields.
    """
    clock.advance(hours=1)
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await sign_in_with_code(pilot, clerk)
        burst(pilot, "o", *clerk.username, "tab", *clerk.password)
        await settle(pilot)
        assert isinstance(pilot.app.screen, SignInScreen)
        assert field(pilot, "username").value == clerk.username
        assert field(pilot, "password").value == clerk.password
        assert field(pilot, "password").has_focus
