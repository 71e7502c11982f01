"""Changing one's own password: the current one, then the new one twice (the sign-in's policy).

The store checks the current password and the policy (store.accounts.actions.change_own_password),
in a worker thread because hashing takes a moment; the person's other sessions end. A refusal
empties the fields it concerns, so nothing refused stays hidden in a field to be typed after.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from store.accounts.passwords import MIN_LENGTH
from store.accounts.reauth import REAUTH_MESSAGE, ReauthenticationFailed
from store.core.access import Actor
from store.core.db import Database
from store.core.errors import StoreError
from tui.store_call import run_store_call, screen_clock

TITLE = "Change my password"
POLICY = (
    f"At least {MIN_LENGTH} characters, with upper and lower case letters, a digit and a "
    "symbol; not a common password, nor your username."
)
DIFFERENT = "The two new passwords are not the same: type the new one twice again."
MISSING = "Type your current password, then the new one twice."
WRONG_CURRENT = "Not changed: that is not your current password. Type all three again."
CHANGED = "Your password has been changed; any other session of yours has ended."
FIELDS = ("current-password", "new-password", "repeat-password")


class ChangePasswordDialog(ModalScreen[bool]):
    """Dismisses with True once the password is changed, False when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="change-password-cancel")]

    def __init__(self, database: Database, actor: Actor) -> None:
        super().__init__()
        self.database = database
        self.actor = actor
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(TITLE, classes="dialog-title")
            yield Label("Your current password")
            yield Input(password=True, max_length=200, id="current-password")
            yield Label("The new password")
            yield Input(password=True, max_length=200, id="new-password")
            yield Label("The new password again")
            yield Input(password=True, max_length=200, id="repeat-password")
            yield Label(POLICY, classes="muted", markup=False)
            yield Label("", id="change-password-problem", classes="dialog-error", markup=False)
            yield Label(
                "Enter: next field, then change · Esc cancels", classes="dialog-hint", markup=False
            )

    def on_mount(self) -> None:
        self.query_one("#current-password", Input).focus()

    def _value(self, field: str) -> str:
        return self.query_one(f"#{field}", Input).value

    def _say(self, text: str) -> None:
        self.query_one("#change-password-problem", Label).update(text)

    @on(Input.Submitted)
    def _next_or_change(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id != FIELDS[-1]:
            self.focus_next()
            return
        self.change()

    def change(self) -> None:
        """Check the typing here, then ask the store to change the password."""
        if self.busy:
            return
        current, new, again = (self._value(field) for field in FIELDS)
        if not current or not new:
            self._say(MISSING)
            return
        if new != again:
            self._refused(DIFFERENT, FIELDS[1:])
            return
        from store.accounts.actions import change_own_password

        database, actor, now = self.database, self.actor, screen_clock(self)
        self.busy = True
        self._say("Checking…")
        run_store_call(
            self,
            lambda: change_own_password(database, actor, current, new, now=now),
            self._changed,
            self._store_refused,
            failed=self._not_checked,
        )

    def _changed(self, _result: None) -> None:
        self.busy = False
        self.dismiss(True)

    def _not_checked(self) -> None:
        self.busy = False  # the app has said what went wrong; the fields stay for another try
        self._say("")

    def _store_refused(self, error: StoreError) -> None:
        self.busy = False
        if isinstance(error, ReauthenticationFailed) and str(error) == REAUTH_MESSAGE:
            self._refused(WRONG_CURRENT, FIELDS)
        elif isinstance(error, ReauthenticationFailed):
            self._refused(f"Not changed: {error}", FIELDS)  # held back or locked
        else:
            self._refused(f"Not changed: {error}", FIELDS[1:])

    def _refused(self, text: str, cleared: tuple[str, ...]) -> None:
        """Say why, empty the fields concerned, and put the cursor in the first of them."""
        for field in cleared:
            self.query_one(f"#{field}", Input).clear()
        self.query_one(f"#{cleared[0]}", Input).focus()
        self._say(text)

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(False)
