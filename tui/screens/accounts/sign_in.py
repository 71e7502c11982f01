"""Signing in: username and password, then whatever the store's step machine asks next.

The screen shows the step it is given and passes the step's ticket back with the answer; the
checking (and the slow password hashing) runs in a worker thread, so typing never freezes.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import datetime, timedelta

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Label, Static

from store.accounts.sessions import end_session
from store.accounts.settings import SecuritySettings
from store.accounts.sign_in import (
    choose_new_password,
    confirm_totp_enrolment,
    continue_sign_in,
    end_other_session,
    enter_security_code,
    enter_totp,
    start_sign_in,
)
from store.accounts.sign_in_steps import (
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
from store.core.db import Database
from store.core.words import plural
from tui.screens.accounts.sign_in_fields import Step, step_widgets
from tui.session_guard import APP_STOPPED
from tui.store_call import run_store_call
from tui.widgets.key_bar import KeyBar
from tui.widgets.support_contact import SupportContactLine

PASSWORDS_DIFFER = "The two new passwords are not the same: type them again."
ABANDONED = "Sign-in abandoned: the other session goes on."
CLEARED = "Cleared: type your username and your password."
TOO_SOON = "Too soon: that password was not checked, and has been cleared."
# Keys the app handles itself even while a step is being checked: help, quit.
PASS_THROUGH = frozenset({"f1", "f10", "ctrl+q"})

Answer = Callable[[datetime], SignInStep]


class SignInScreen(Screen[None]):
    """Asks for the username and password, then each further step until signed in.

    Keys are taken in the order typed (`take_key`, which the app calls before routing a key):
    Textual would hand each key to the focused field through that field's own queue, so a
    burst like "name", Tab, "password" reached the username field before Tab moved the focus,
    and the password showed in clear. Keys typed while a step is checked or built are held,
    then given to the next step's fields; after a refusal, or for a step without fields (the
    code shown once, the question about another session), they are dropped unread.
    """

    # Focus is placed by `_place_focus`, once, as each step's fields are mounted.
    AUTO_FOCUS = ""

    DEFAULT_CSS = """
    #sign-in { padding: 1 2; height: 1fr; }
    #sign-in Label, #sign-in Static { width: 100%; height: auto; }
    #sign-in-step { height: auto; }
    #sign-in Input { width: 40; }
    #security-code { text-style: bold; padding: 1 0; }
    #support-contact { padding: 0 2; }
    /* The authenticator step is the tallest: its code and link need every line at 80x24. */
    #sign-in.-enrolment { padding: 0 2; }
    #totp-enrolment { height: auto; }
    #totp-words { width: 1fr; height: auto; padding-right: 1; }
    #sign-in #totp-qr { width: auto; }
    #sign-in #totp-words Input { width: 16; }
    #sign-in #totp-secret { padding: 1 0; text-style: bold; }
    #totp-uri { text-wrap: nowrap; text-overflow: clip; }
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
        self.countdown: Timer | None = None
        self.wait_reason = ""  # what the wait is for, said before the seconds left
        self.busy = False
        # False while the step's fields are being built or its answer checked: keys are held.
        self.ready = False
        self.replaying = False
        self.held: list[events.Key] = []

    # --- what each step shows -------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="sign-in"):
            yield Label("Pupil Tracker · Sign in", classes="title")
            yield Static(self.message, id="sign-in-message", classes="dialog-error", markup=False)
            yield Vertical(*step_widgets(self.step, self.username), id="sign-in-step")
        yield SupportContactLine(self.database, id="support-contact")
        yield KeyBar()

    async def on_mount(self) -> None:
        self._place_focus()
        await self._take_held_keys()

    async def show(self, step: Step, message: str = "", keep_typed: bool = True) -> None:
        """Show `step` in place of the current one; `keep_typed` False drops held keys."""
        self.ready = False
        self.step = step
        self._say(message)
        # The contact helps on the first step, where people get stuck; later steps need room.
        self.query_one(SupportContactLine).set_shown(step is None)
        self.query_one("#sign-in").set_class(isinstance(step, NeedsTotpEnrolment), "-enrolment")
        await self.query_one("#sign-in-step").remove()
        fields = Vertical(*step_widgets(self.step, self.username), id="sign-in-step")
        await self.query_one("#sign-in", Vertical).mount(fields)
        self._place_focus()
        if not keep_typed or self.focused is None:
            self.held.clear()
        await self._take_held_keys()

    def _change_step(self, step: Step, message: str, keep_typed: bool = True) -> None:
        self.ready = False  # from this key on, keys wait for the new step
        self.call_later(self.show, step, message, keep_typed)

    def _place_focus(self) -> None:
        inputs = list(self.query(Input))
        if not inputs:
            self.set_focus(None)
            return
        self.set_focus(inputs[1] if self.step is None and self.username else inputs[0])

    # --- keys -----------------------------------------------------------------------------

    async def take_key(self, event: events.Key) -> bool:
        """Take a key typed on this screen, in order; False leaves it to the app (help, quit)."""
        if event.key in PASS_THROUGH:
            return False
        if event.is_forwarded:  # typed for the screen before this one, and back from it late
            return True
        if not self.ready or self.replaying:
            self.held.append(event)
        else:
            await self._press(event)
        return True

    async def _take_held_keys(self) -> None:
        """The step is ready: give it the keys typed meanwhile, then the keys as they come."""
        self.ready = True
        self.replaying = True
        try:
            while self.ready and self.held:
                await self._press(self.held.pop(0))
        finally:
            self.replaying = False

    async def _press(self, event: events.Key) -> None:
        field = self.focused if isinstance(self.focused, Input) else None
        if field is not None and event.key in ("tab", "shift+tab"):
            self._focus_by(field, -1 if event.key == "shift+tab" else 1)
        elif field is not None and event.key == "enter":
            self._enter(field)
        elif field is not None and event.is_printable and event.character:
            start, end = field.selection
            field.replace(event.character, *sorted((start, end)))
        else:
            active = self.active_bindings.get(event.key)
            if active is not None and active.enabled:
                await self.app.run_action(active.binding.action, active.node)

    def _focus_by(self, field: Input, by: int) -> None:
        inputs = list(self.query(Input))
        self.set_focus(inputs[(inputs.index(field) + by) % len(inputs)])

    def _enter(self, field: Input) -> None:
        """Enter in a field: on to the next field, or from the last one, answer the step."""
        if field is not list(self.query(Input))[-1]:
            self._focus_by(field, 1)
            return
        self.ready = False
        if not self.submit():
            self.ready = True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer":
            return isinstance(self.step, SessionConflict)
        if action == "proceed":
            return isinstance(self.step, ShowSecurityCode)
        return True

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        # Only when the app does not pass keys through `take_key` (which takes Enter itself).
        event.stop()
        self._enter(event.input)

    def _value(self, input_id: str) -> str:
        return self.query_one(f"#{input_id}", Input).value

    def submit(self) -> bool:
        """Answer the step shown with what was typed; False if nothing went to the store."""
        if self.busy:
            return False
        waiting = self._seconds_to_wait()
        if waiting > 0:
            # Refused here, so cleared like any refusal: the hidden text must not stay in the
            # field for the next try to be typed after it.
            self._clear_secrets()
            self.wait_reason = TOO_SOON
            self._say(f"{TOO_SOON} {_wait_text(waiting)}")
            return False
        db, settings, step = self.database, self.settings, self.step
        if step is None:
            self.username = self._value("username").strip()
            password = self._value("password")
            if not self.username or not password:
                self._say("Type your username and your password.")
                return False
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
                return True
            ticket = step.ticket
            self.run_step(
                lambda now: choose_new_password(db, ticket, new, now=now, settings=settings)
            )
        else:
            return False
        return True

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
            self._change_step(None, ABANDONED)
            return
        db, settings, ticket = self.database, self.settings, step.ticket
        self.run_step(lambda now: end_other_session(db, ticket, now=now, settings=settings))

    def action_start_again(self) -> None:
        if self.busy:
            return
        if self.step is not None:
            self._change_step(None, "")
            return
        self.username = ""
        for field in self.query(Input):
            field.clear()
        self.set_focus(self.query_one("#username", Input))
        self._say(CLEARED)

    def _say(self, message: str) -> None:
        self.message = message
        self.query_one("#sign-in-message", Static).update(message)

    # --- the store's answer ---------------------------------------------------------------

    def run_step(self, answer: Answer) -> None:
        self.busy = True
        self.ready = False
        self._say("Checking…")
        self._answer(answer)

    def _answer(self, answer: Answer) -> None:
        run_store_call(
            self,
            lambda: answer(self.clock()),
            self.answered,
            lambda error: self.answered(Refused(str(error))),
            failed=self._not_answered,
            # A session opened as the app stopped (quit, or a crash) is ended, not left live.
            dropped=self._drop,
            group="sign-in",
            exclusive=True,
        )

    def _not_answered(self) -> None:
        """The check failed unexpectedly (the app has said so): the step can be tried again."""
        self.busy = False
        self._change_step(self.step, "", keep_typed=False)

    def _drop(self, step: SignInStep) -> None:
        """Nobody will use a session opened as the app stopped: end it, not leave it live."""
        if isinstance(step, SignedIn):
            end_session(self.database, step.session_id, self.clock(), APP_STOPPED)

    def answered(self, step: SignInStep) -> None:
        self.busy = False
        if not self.app.is_running or not self.is_attached:
            self._drop(step)
            return
        if isinstance(step, SignedIn):
            self.on_signed_in(step)
            self.app.call_after_refresh(_freeze_without_sign_in)
            return
        if isinstance(step, Refused):
            message = step.message
            if step.delay_seconds > 0:
                self.blocked_until = self.clock() + timedelta(seconds=step.delay_seconds)
                # The store's own "wait ..." sentence is replaced by the count as it runs.
                self.wait_reason = "" if "wait" in message.lower() else message
                if self.wait_reason:
                    message += f" {_wait_text(step.delay_seconds)}"
                self._start_countdown()
            self._change_step(None, message, keep_typed=False)
            return
        problem = (
            step.problem if isinstance(step, NeedsPasswordChange | NeedsTotpEnrolment) else None
        )
        self._change_step(step, problem or "")

    def _seconds_to_wait(self) -> int:
        if self.blocked_until is None:
            return 0
        left = (self.blocked_until - self.clock()).total_seconds()
        return 0 if left <= 0 else int(left) + (0 if left.is_integer() else 1)

    def _start_countdown(self) -> None:
        if self.countdown is not None:
            self.countdown.stop()
        self.countdown = self.set_interval(1, self.count_down, name="sign-in wait")

    def count_down(self) -> None:
        """Each second of a wait: how long is left, by `clock`; then that a try is welcome."""
        if not self.is_attached or self.step is not None:
            return
        waiting = self._seconds_to_wait()
        if waiting > 0:
            self._say(f"{self.wait_reason} {_wait_text(waiting)}".strip())
            return
        if self.countdown is not None:
            self.countdown.stop()
            self.countdown = None
        self._say("You can try again now.")

    def _clear_secrets(self) -> None:
        """Empty every field of the step but the username: what was typed there was refused."""
        for field in self.query(Input):
            if field.id != "username":
                field.clear()


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
    return f"Wait {plural(seconds, 'second')} before trying again."
