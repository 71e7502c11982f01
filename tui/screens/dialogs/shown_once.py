"""A result to read once (a temporary password, issued UPNs): it stays until Enter is pressed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

REMINDER = "Press Enter once you have written it down."


class ShownOnceDialog(ModalScreen[None]):
    """Shows `value` prominently with an explanation; only Enter dismisses it.

    Unlike a notification it never times out, so nobody loses a password they had no time to
    write down; once dismissed it cannot be shown again (nothing keeps it). Escape, pressed out
    of habit, only reminds: closing by accident would mean another reset.
    """

    DEFAULT_CSS = """
    ShownOnceDialog #shown-value { height: auto; max-height: 12; margin-bottom: 1; }
    ShownOnceDialog #shown-value Static { text-style: bold; }
    """

    BINDINGS = [
        Binding("enter", "close", "Done"),
        Binding("escape", "remind", "Reminds that Enter closes", show=False),
        Binding("c", "copy", "Copy", show=False),
    ]

    def __init__(
        self, title: str, value: str, explanation: str, copy_text: str | None = None
    ) -> None:
        """Args:
        title: What this is, e.g. "New temporary password for j.smith".
        value: The thing to read (one or several lines).
        explanation: What to do with it.
        copy_text: Offer `c` to copy this to the terminal's clipboard (never a secret).
        """
        super().__init__()
        self.title_text = title
        self.value = value
        self.explanation = explanation
        self.copy_text = copy_text

    def compose(self) -> ComposeResult:
        hint = "Enter closes"
        if self.copy_text is not None:
            hint = "c copies to the clipboard (where the terminal allows) · " + hint
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            with VerticalScroll(id="shown-value"):
                yield Static(self.value, id="shown-text", markup=False)
            yield Label(self.explanation, markup=False)
            yield Label(hint, id="shown-hint", classes="dialog-hint", markup=False)

    def action_copy(self) -> None:
        if self.copy_text is not None:
            self.app.copy_to_clipboard(self.copy_text)
            self.notify("Copied (if your terminal passes clipboard requests on).")

    def action_remind(self) -> None:
        hint = self.query_one("#shown-hint", Label)
        hint.update(REMINDER)
        hint.add_class("dialog-error")

    def action_close(self) -> None:
        self.dismiss(None)
