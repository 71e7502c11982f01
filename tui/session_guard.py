"""Keeps a signed-in session alive and ends it: activity, heartbeats, the idle warning, sign-out.

Key presses reach the database at most once every ACTIVITY_EVERY (a write per key would contend
with the judgements for the write lock); a heartbeat every settings.heartbeat_interval asks the
store where the session stands, which warns at the idle warning and ends it at the idle limit.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Label

from store.auth_settings import SecuritySettings
from store.db import Database
from store.sessions import (
    SIGNED_OUT,
    SessionState,
    SessionStatus,
    end_session,
    heartbeat,
    record_activity,
)
from store.words import plural

ACTIVITY_EVERY = timedelta(seconds=30)
WARNING_TEXT = "You will be signed out in 5 minutes"
# The end reason of a session the app could not close in the usual way (a crash, a quit while
# the sign-in was being checked): the audit trail says so rather than "signed out".
APP_STOPPED = "app stopped"


class IdleWarningDialog(ModalScreen[bool]):
    """Dismisses with True for "Stay signed in" (s), False for "Sign out" (o)."""

    BINDINGS = [
        Binding("s,enter", "answer(True)", "Stay signed in", id="stay-signed-in"),
        Binding("o", "answer(False)", "Sign out", id="sign-out"),
    ]

    def __init__(self, minutes: int = 5) -> None:
        super().__init__()
        self.minutes = minutes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            title = f"You will be signed out in {plural(self.minutes, 'minute')}"
            yield Label(title, classes="dialog-title")
            yield Label("No key has been pressed for a while.", markup=False)
            yield Label("s Stay signed in · o Sign out", classes="dialog-hint")

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
        """Begin the heartbeats."""
        seconds = self.settings.heartbeat_interval.total_seconds()
        self.timer = self.app.set_interval(seconds, self.check, name="session heartbeat")

    def stop(self) -> None:
        if self.timer is not None:
            self.timer.stop()
            self.timer = None

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
        self.handle(record_activity(self.database, self.session_id, now, self.settings))

    def check(self) -> None:
        """The heartbeat: tell the database the app is alive, and act on the session's state."""
        if not self.ended:
            self.handle(heartbeat(self.database, self.session_id, self.clock(), self.settings))

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
