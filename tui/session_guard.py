"""Keeps a signed-in session alive and ends it: activity, heartbeats, the idle warning, sign-out.

Key presses reach the database at most once every ACTIVITY_EVERY (a write per key would contend
with the judgements for the write lock); a heartbeat every settings.heartbeat_interval, in a
worker thread so that no key waits for it, asks the store where the session stands, which warns
at the idle warning and ends it at the idle limit. A write refused because the session has ended
(signed in elsewhere, ended by support) signs the person out at once, whatever screen made it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Label

from store.accounts.sessions import (
    SIGNED_OUT,
    SessionState,
    SessionStatus,
    end_session,
    heartbeat,
    record_activity,
)
from store.accounts.settings import SecuritySettings
from store.core.db import Database
from store.core.errors import SessionEnded
from store.core.words import plural
from tui.store_call import run_store_call

ACTIVITY_EVERY = timedelta(seconds=30)
WARNING_TEXT = "You will be signed out in 5 minutes"
# The end reason of a session the app could not close in the usual way (a crash, a quit while
# the sign-in was being checked): the audit trail says so rather than "signed out".
APP_STOPPED = "app stopped"


SIGN_OUT_KEY = "f8"
# Keys the app answers anywhere (help, quit): they do not count as "stay".
APP_KEYS = frozenset({"f1", "f10"})


class IdleWarningDialog(ModalScreen[bool]):
    """Dismisses with True ("Stay signed in") for any key, False ("Sign out") for F8 only.

    A clerk coming back to the grid types a judgement first, and `o` is On track: no letter,
    digit or Enter may sign them out, so only an F-key does.
    """

    BINDINGS = [Binding(SIGN_OUT_KEY, "answer(False)", "Sign out", id="sign-out")]

    def __init__(self, minutes: int = 5) -> None:
        super().__init__()
        self.minutes = minutes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            title = f"You will be signed out in {plural(self.minutes, 'minute')}"
            yield Label(title, classes="dialog-title")
            yield Label("No key has been pressed for a while.", markup=False)
            yield Label(
                f"Any key: stay signed in · {SIGN_OUT_KEY.upper()}: sign out",
                classes="dialog-hint",
            )

    def on_key(self, event: events.Key) -> None:
        if event.key == SIGN_OUT_KEY or event.key in APP_KEYS:
            return  # the binding signs out; help and quit are the app's
        event.stop()
        event.prevent_default()
        self.dismiss(True)

    def action_answer(self, stay: bool) -> None:
        self.dismiss(stay)


class SessionGuard:
    """One signed-in session of the app, from sign-in to sign-out."""

    def __init__(
        self,
        app: App[None],
        database: Database,
        session_id: int,
        *,
        clock: Callable[[], datetime],
        settings: SecuritySettings,
        on_end: Callable[[str], None],
    ) -> None:
        self.app = app
        self.database = database
        self.session_id = session_id
        self.clock = clock
        self.settings = settings
        self.on_end = on_end
        self.last_recorded = clock()
        self.warning: IdleWarningDialog | None = None
        self.ended = False
        self.timer: Timer | None = None

    def start(self) -> None:
        """Begin the heartbeats, and listen for writes refused because the session ended."""
        seconds = self.settings.heartbeat_interval.total_seconds()
        self.timer = self.app.set_interval(seconds, self.check, name="session heartbeat")
        self.database.session_ended_listeners.append(self.refused)

    def stop(self) -> None:
        if self.timer is not None:
            self.timer.stop()
            self.timer = None
        listeners = self.database.session_ended_listeners
        if self.refused in listeners:
            listeners.remove(self.refused)

    def refused(self, error: SessionEnded) -> None:
        """A write of this session was refused because it has ended: sign out now, saying why.

        Called in the thread that wrote (a worker, or the app's own); the sign-out runs on the
        app's thread once the screen that wrote has shown its refusal.
        """
        if error.session_id == self.session_id and not self.ended:
            self.app.call_later(self.finish, str(error))

    def key_pressed(self) -> bool:
        """A key: the idle clock starts again (written at most once every ACTIVITY_EVERY).

        Returns False when the session turned out to have ended, so the key should go nowhere.
        """
        if self.ended:
            return False
        now = self.clock()
        # While the warning is up, its own keys answer it; s records the activity.
        if self.warning is None and now - self.last_recorded >= ACTIVITY_EVERY:
            self.stay(now)
        return not self.ended

    def stay(self, now: datetime | None = None) -> None:
        """Record activity now (a key press, or "Stay signed in")."""
        now = now or self.clock()
        self.last_recorded = now
        # On the UI thread: the key waits to know whether the session still stands. One
        # indexed row, at most once every ACTIVITY_EVERY (bench/ui_reads.py measures it).
        self.handle(record_activity(self.database, self.session_id, now, self.settings))

    def check(self) -> None:
        """The heartbeat: tell the database the app is alive, and act on the session's state.

        In a worker thread: a busy database must not hold up the keys typed meanwhile.
        """
        if not self.ended:
            run_store_call(
                self.app,
                lambda: heartbeat(self.database, self.session_id, self.clock(), self.settings),
                self._beaten,
                group="session-heartbeat",
                exclusive=True,
            )

    def _beaten(self, status: SessionStatus) -> None:
        if not self.ended:
            self.handle(status)

    def handle(self, status: SessionStatus) -> None:
        if status.state is SessionState.ENDED:
            self.finish(status.message)
        elif status.state is SessionState.WARNING:
            self.show_warning(status)
        elif self.warning is not None:
            # Activity elsewhere in the app (or "Stay") brought the session back: no warning.
            warning, self.warning = self.warning, None
            if warning.is_attached:
                warning.dismiss(True)

    def show_warning(self, status: SessionStatus) -> None:
        if self.warning is not None:
            return
        left = max(1, round((status.signs_out_at - self.clock()).total_seconds() / 60))
        self.warning = IdleWarningDialog(left)
        self.app.push_screen(self.warning, self._answered)

    def _answered(self, stay: bool | None) -> None:
        if self.warning is None:  # dismissed by handle(), not by the person
            return
        self.warning = None
        if stay:
            self.stay()
        else:
            self.sign_out()

    def sign_out(self, reason: str = SIGNED_OUT) -> None:
        """End the session on the person's request (or on a hangup, reason HANGUP)."""
        if self.ended:
            return
        # On the UI thread: the sign-in screen must not open before the session has ended. One
        # indexed row (bench/ui_reads.py).
        end_session(self.database, self.session_id, self.clock(), reason)
        self.finish("You have signed out.")

    def finish(self, message: str) -> None:
        """The session is over: stop the heartbeats and hand back to the app with a message."""
        if self.ended:
            return
        self.ended = True
        self.stop()
        self.warning = None
        self.on_end(message)
