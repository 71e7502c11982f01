"""Signing in: username and password, then whatever the store's step machine asks next.

The screen shows the step it is given and passes the step's ticket back with the answer; the
checking (and the slow password hashing) runs in a worker thread, so typing never freezes.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import datetime, timedelta

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Label, Static

from store.auth_settings import SecuritySettings, clock_time
from store.db import Database
from store.errors import StoreError
from store.sign_in import (
    choose_new_password,
    confirm_totp_enrolment,
    continue_sign_in,
    end_other_session,
    enter_security_code,
    enter_totp,
    start_sign_in,
)
from store.sign_in_steps import (
    NeedsPasswordChange,
    NeedsSecurityCode,
    NeedsTotp,
    NeedsTotpEnrolment,
    Refused,
    SessionConflict,
    ShowSecurityCode,
    SignedIn,
    SignInStep,
)
from tui.widgets.key_bar import KeyBar

PASSWORDS_DIFFER = "The two new passwords are not the same: type them again."
ABANDONED = "Sign-in abandoned: the other session goes on."
CODE_SHOWN_ONCE = (
    "Write it down and keep it safe: it will not be shown again. Each time you sign in you "
    "will be asked for two of its digits."
)

Step = (
    NeedsSecurityCode
    | NeedsTotp
    | NeedsPasswordChange
    | ShowSecurityCode
    | NeedsTotpEnrolment
    | SessionConflict
    | None
)
Answer = Callable[[datetime], SignInStep]


class SignInScreen(Screen[None]):
    """Asks for the username and password, then each further step until signed in."""

    DEFAULT_CSS = """
    #sign-in { padding: 1 2; height: 1fr; }
    #sign-in Input { width: 40; }
    #security-code { text-style: bold; padding: 1 0; }
    """

    BINDINGS = [
        Binding("enter", "proceed", "Continue", id="sign-in-continue"),
        Binding("y", "answer(True)", "Yes, end it", id="end-other-session"),
        Binding("n", "answer(False)", "No", id="keep-other-session"),
        Binding("escape", "start_again", "Start again", id="sign-in-start-again"),
        Binding("f10", "app.quit", "Quit", id="sign-in-quit"),
    ]

    def __init__(
        self,
        database: Database,
        *,
        settings: SecuritySettings,
        clock: Callable[[], datetime],
        source: str,
        on_signed_in: Callable[[SignedIn], None],
        message: str = "",
    ) -> None:
        super().__init__()
        self.database = database
        self.settings = settings
        self.clock = clock
        self.source = source
        self.on_signed_in = on_signed_in
        self.message = message
        self.step: Step = None
        self.username = ""
        # After a refusal with a delay, no try before this (by `clock`, which tests move).
        self.blocked_until: datetime | None = None
        self.unblock_timer: Timer | None = None
        self.busy = False

    # --- what each step shows -------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="sign-in"):
            yield Label("Pupil Tracker · Sign in", classes="title")
            yield Static(self.message, id="sign-in-message", classes="dialog-error", markup=False)
            yield from self._step_widgets()
        yield KeyBar()

    def _step_widgets(self) -> ComposeResult:
        step = self.step
        digits = r"[0-9]*"
        if step is None:
            yield Label("Username")
            yield Input(self.username, max_length=80, id="username")
            yield Label("Password")
            yield Input(password=True, max_length=200, id="password")
        elif isinstance(step, NeedsSecurityCode):
            yield Label(step.prompt, markup=False)
            yield Input(max_length=2, restrict=digits, id="code-digits")
        elif isinstance(step, NeedsTotp):
            yield Label("Enter the 6-digit code your authenticator app shows now.")
            yield Input(max_length=6, restrict=digits, id="totp")
        elif isinstance(step, NeedsPasswordChange):
            yield Label("Your password is temporary: choose a new one.")
            yield Label("New password")
            yield Input(password=True, max_length=200, id="new-password")
            yield Label("The new password again")
            yield Input(password=True, max_length=200, id="repeat-password")
        elif isinstance(step, ShowSecurityCode):
            yield Label("Your security code is:")
            yield Static(step.code, id="security-code", markup=False)
            yield Label(CODE_SHOWN_ONCE, markup=False)
            yield Label("Press Enter to continue.")
        elif isinstance(step, NeedsTotpEnrolment):
            yield Label("Add this account to your authenticator app with this key:")
            yield Static(step.secret, id="totp-secret", markup=False)
            yield Static(step.uri, id="totp-uri", classes="muted", markup=False)
            yield Label("Then enter the 6-digit code it shows.")
            yield Input(max_length=6, restrict=digits, id="totp")
        elif isinstance(step, SessionConflict):
            since = clock_time(step.started_at)
            yield Label(
                f"You are signed in elsewhere (from {step.source} since {since}). "
                "End that session and continue? y/n",
                id="session-conflict",
                markup=False,
            )

    async def show(self, step: Step, message: str = "") -> None:
        self.step = step
        self.message = message
        await self.recompose()
        inputs = list(self.query(Input))
        if inputs:
            target = inputs[1] if step is None and self.username else inputs[0]
            target.focus()
        else:
            self.set_focus(None)

    async def on_mount(self) -> None:
        await self.show(None, self.message)

    # --- keys -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer":
            return isinstance(self.step, SessionConflict)
        if action == "proceed":
            return isinstance(self.step, ShowSecurityCode)
        return True

    @on(Input.Submitted)
    def _next_or_submit(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = list(self.query(Input))
        if event.input is not inputs[-1]:
            self.focus_next()
        else:
            self.submit()

    def _value(self, input_id: str) -> str:
        return self.query_one(f"#{input_id}", Input).value

    def submit(self) -> None:
        """Answer the step shown with what was typed."""
        if self.busy:
            return
        waiting = self._seconds_to_wait()
        if waiting > 0:
            self._say(f"Please wait: {_wait_text(waiting)}")
            return
        db, settings, step = self.database, self.settings, self.step
        if step is None:
            self.username = self._value("username").strip()
            password = self._value("password")
            if not self.username or not password:
                self._say("Type your username and your password.")
                return
            name, source = self.username, self.source
            self.run_step(
                lambda now: start_sign_in(
                    db, name, password, source=source, now=now, settings=settings
                )
            )
        elif isinstance(step, NeedsSecurityCode):
            digits = self._value("code-digits")
            ticket = step.ticket
            self.run_step(
                lambda now: enter_security_code(db, ticket, digits, now=now, settings=settings)
            )
        elif isinstance(step, NeedsTotp):
            code, ticket = self._value("totp"), step.ticket
            self.run_step(lambda now: enter_totp(db, ticket, code, now=now, settings=settings))
        elif isinstance(step, NeedsTotpEnrolment):
            code, ticket = self._value("totp"), step.ticket
            self.run_step(
                lambda now: confirm_totp_enrolment(db, ticket, code, now=now, settings=settings)
            )
        elif isinstance(step, NeedsPasswordChange):
            new, again = self._value("new-password"), self._value("repeat-password")
            if new != again:
                self.run_step(lambda now: NeedsPasswordChange(step.ticket, PASSWORDS_DIFFER))
                return
            ticket = step.ticket
            self.run_step(
                lambda now: choose_new_password(db, ticket, new, now=now, settings=settings)
            )

    def action_proceed(self) -> None:
        step = self.step
        if isinstance(step, ShowSecurityCode) and not self.busy:
            db, settings, ticket = self.database, self.settings, step.ticket
            self.run_step(lambda now: continue_sign_in(db, ticket, now=now, settings=settings))

    def action_answer(self, end_other: bool) -> None:
        step = self.step
        if not isinstance(step, SessionConflict) or self.busy:
            return
        if not end_other:
            self.call_later(self.show, None, ABANDONED)
            return
        db, settings, ticket = self.database, self.settings, step.ticket
        self.run_step(lambda now: end_other_session(db, ticket, now=now, settings=settings))

    def action_start_again(self) -> None:
        if not self.busy and self.step is not None:
            self.call_later(self.show, None, "")

    def _say(self, message: str) -> None:
        self.message = message
        self.query_one("#sign-in-message", Static).update(message)

    # --- the store's answer ---------------------------------------------------------------

    def run_step(self, answer: Answer) -> None:
        self.busy = True
        self._say("Checking…")
        self._answer(answer)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _answer(self, answer: Answer) -> None:
        try:
            step: SignInStep = answer(self.clock())
        except StoreError as error:
            step = Refused(str(error))
        self.app.call_from_thread(self.answered, step)

    def answered(self, step: SignInStep) -> None:
        self.busy = False
        if isinstance(step, SignedIn):
            self.on_signed_in(step)
            self.app.call_after_refresh(_freeze_without_sign_in)
            return
        if isinstance(step, Refused):
            message = step.message
            if step.delay_seconds > 0:
                self.blocked_until = self.clock() + timedelta(seconds=step.delay_seconds)
                if self.unblock_timer is not None:
                    self.unblock_timer.stop()
                self.unblock_timer = self.set_timer(step.delay_seconds, self._unblocked)
                if "wait" not in message.lower():
                    message += f" {_wait_text(step.delay_seconds)}"
            self.call_later(self.show, None, message)
            return
        problem = (
            step.problem if isinstance(step, NeedsPasswordChange | NeedsTotpEnrolment) else None
        )
        self.call_later(self.show, step, problem or "")

    def _seconds_to_wait(self) -> int:
        if self.blocked_until is None:
            return 0
        left = (self.blocked_until - self.clock()).total_seconds()
        return 0 if left <= 0 else int(left) + (0 if left.is_integer() else 1)

    def _unblocked(self) -> None:
        self.unblock_timer = None
        if not self.is_attached:
            return
        waiting = self._seconds_to_wait()
        if waiting > 0:  # the clock is behind the timer: look again when it should be over
            self.unblock_timer = self.set_timer(waiting, self._unblocked)
        elif self.step is None:
            self._say("You can try again now.")


def _freeze_without_sign_in() -> None:
    """Collect what signing in left behind, then freeze what is alive again.

    The app freezes the objects alive at start-up (gc.freeze in tui/app.py), so that full
    collections skip them. This screen was one of them, and frozen garbage is never collected:
    about half a MiB for the rest of the session, measured by bench/signed_in_memory.py.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _wait_text(seconds: int) -> str:
    return f"Wait {seconds} second{'s' if seconds != 1 else ''} before trying again."
