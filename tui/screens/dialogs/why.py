"""Sentences that explain something, one a line (why a pupil stands where they do in a Progress
figure; a pupil's engagement model over time); Enter or Esc closes."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static


class WhyDialog(ModalScreen[None]):
    """A pupil's values behind their status, one sentence a line; Enter or Esc closes."""

    DEFAULT_CSS = """
    WhyDialog > .dialog { max-height: 90%; }
    WhyDialog #why-lines { height: auto; max-height: 16; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "close", "Close", id="why-close"),
        Binding("f1", "app.help", "Help", show=False, tooltip="Every key here"),
    ]

    def __init__(self, title: str, lines: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title", id="why-title")
            with VerticalScroll(id="why-lines"):
                yield Static(Text("\n".join(self.lines)), id="why-text")
            yield Label("↑↓ scroll · Enter or Esc closes", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#why-lines", VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
