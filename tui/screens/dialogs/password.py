"""Asking for the acting person's own password again before a sensitive action."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class PasswordDialog(ModalScreen[str | None]):
    """Ask for the password (masked); dismisses with it, or None when cancelled.

    The caller passes it to the store function as the confirmation: the store checks it
    (store.accounts.reauth.confirm_password), so a wrong one is refused there, with its message.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, action: str, problem: str = "") -> None:
        super().__init__()
        self.action = action
        self.problem = problem

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.action, classes="dialog-title", markup=False)
            yield Label("Enter your own password to confirm.", markup=False)
            yield Input(password=True, max_length=200, id="password-input")
            if self.problem:
                yield Label(self.problem, classes="dialog-error", markup=False)
            yield Label("Enter confirms · Esc cancels", classes="dialog-hint", markup=False)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value:
            self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
