"""However the app ends (quit, crash, quit during the sign-in check), its session ends with it."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

import pytest

from store.accounts.sessions import SIGNED_OUT
from store.accounts.settings import SecuritySettings, utc_now
from store.accounts.sign_in import enter_security_code
from store.accounts.sign_in_steps import NeedsSecurityCode, SignedIn, SignInStep
from store.core.db import Database
from tests.store.accounts_helpers import Clock, Person, code_digits, sign_in
from tests.tui.sign_in_helpers import make_app, sessions, sign_in_with_code, type_in
from tui import cli
from tui.app import PupilTrackerApp
from tui.screens.accounts import sign_in as sign_in_screen
from tui.screens.accounts.sign_in import SignInScreen
from tui.screens.school.home import HomeScreen
from tui.session_guard import APP_STOPPED, SessionGuard

pytestmark = pytest.mark.usefixtures("quick_hashing")


def raise_error(screen: HomeScreen) -> None:
    raise RuntimeError("a bug in a screen")


async def test_an_unhandled_exception_ends_the_session(
    database: Database,
    clerk: Person,
    clock: Clock,
    settings: SecuritySettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(HomeScreen, "action_trail", raise_error)
    clock.advance(hours=1)
    with pytest.raises(RuntimeError, match="a bug in a screen"):
        async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
            await sign_in_with_code(pilot, clerk)
            assert isinstance(pilot.app.screen, HomeScreen)
            await pilot.press("t")  # the audit trail: raises
            await pilot.pause()
    last = sessions(database)[-1]
    assert last.ended_at is not None
    assert last.end_reason == APP_STOPPED  # the trail tells a crash from a sign-out


async def test_quitting_while_the_password_is_checked_leaves_no_live_session(
    database: Database,
    clerk: Person,
    clock: Clock,
    settings: SecuritySettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The check opens the session in its thread after the app has gone: it is ended there."""
    quitted = threading.Event()

    def slow_check(*args: Any, **kwargs: Any) -> SignInStep:
        quitted.wait(timeout=30)
        return enter_security_code(*args, **kwargs)

    monkeypatch.setattr(sign_in_screen, "enter_security_code", slow_check)
    clock.advance(hours=1)
    app = make_app(database, clock, settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_in(pilot, clerk.username, clerk.password)
        screen = pilot.app.screen
        assert isinstance(screen, SignInScreen) and isinstance(screen.step, NeedsSecurityCode)
        await pilot.press(*code_digits(clerk.code, screen.step), "enter")  # the last check
        await pilot.press("f10")
    quitted.set()
    # The check's thread runs on: wait for it (every thread of the loop's default executor).
    await asyncio.get_running_loop().shutdown_default_executor()
    rows = sessions(database)
    assert len(rows) == 2  # the check did open a session...
    assert rows[-1].ended_at is not None and rows[-1].end_reason == APP_STOPPED  # ...and ended it


def raising_run(database: Database, session_id: int) -> Callable[[PupilTrackerApp], None]:
    """An app run that signs in, then dies of something no handler of the app sees."""

    def run(app: PupilTrackerApp) -> None:
        app.session_guard = SessionGuard(
            app,
            database,
            session_id,
            clock=app.clock,
            settings=app.settings,
            on_end=lambda message: None,
        )
        raise KeyboardInterrupt

    return run


def test_the_command_ends_a_session_the_app_left_open(
    database: Database, clerk: Person, settings: SecuritySettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    signed_in = sign_in(database, clerk, settings, utc_now())
    assert isinstance(signed_in, SignedIn)
    session_id = signed_in.session_id
    monkeypatch.setattr(PupilTrackerApp, "run", raising_run(database, session_id))
    monkeypatch.setattr(database, "dispose", lambda: None)  # the test reads it afterwards
    with pytest.raises(KeyboardInterrupt):
        cli.run_app(database)
    last = sessions(database)[-1]
    assert last.id == session_id
    assert last.ended_at is not None and last.end_reason == APP_STOPPED


async def test_quitting_signs_out_once(
    database: Database, clerk: Person, clock: Clock, settings: SecuritySettings
) -> None:
    """A normal quit ends the session as a sign-out, with one write: nothing left to end."""
    clock.advance(hours=1)
    app = make_app(database, clock, settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_with_code(pilot, clerk)
        await pilot.press("f10")
    assert sessions(database)[-1].end_reason == SIGNED_OUT
    assert app.session_guard is None  # so the command's own check writes nothing more
