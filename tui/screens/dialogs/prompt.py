"""A one-line text prompt (notes, names): Enter saves, Escape cancels."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from tui.widgets.text_field import TextField


class PromptDialog(ModalScreen[str | None]):
    """Ask for one line of text; dismisses with the text, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, value: str = "", hint: str = "", max_length: int = 2000) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.hint = hint
        self.max_length = max_length

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield TextField(
                self.value, max_length=self.max_length, what="This text", id="prompt-input"
            )
            yield Label(
                self.hint or "Enter saves · Esc cancels", classes="dialog-hint", markup=False
            )

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
