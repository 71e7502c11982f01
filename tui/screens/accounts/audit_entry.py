"""One audit trail entry in full: every field on its own line, long values wrapped."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from store.core.audit_trail import TrailEntry


def entry_fields(entry: TrailEntry) -> list[tuple[str, str]]:
    """(label, value) of every field, in the order a person reads them."""
    return [
        ("When", f"{entry.at.astimezone():%d/%m/%Y %H:%M:%S}"),
        ("Who", entry.actor),
        ("From", entry.source),
        ("Establishment", entry.establishment),
        ("Pupil", entry.pupil),
        ("Action", entry.action),
        ("What", entry.target),
        ("Old", entry.old_value),
        ("New", entry.new_value),
    ]


class AuditEntryDialog(ModalScreen[None]):
    """What the 80-column table cuts short (What, Old, New), whole; Escape or Enter closes."""

    DEFAULT_CSS = """
    AuditEntryDialog #entry-fields { height: auto; max-height: 18; }
    """

    BINDINGS = [
        Binding("escape,enter", "close", "Close"),
        Binding("up", "scroll(-1)", "Up", show=False),
        Binding("down", "scroll(1)", "Down", show=False),
    ]

    def __init__(self, entry: TrailEntry) -> None:
        super().__init__()
        self.entry = entry

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 1))
        table.add_column(style="bold", no_wrap=True)
        table.add_column(overflow="fold")  # long values wrap, even a word longer than a line
        for label, value in entry_fields(self.entry):
            # Text, never markup: notes and names are typed by people.
            table.add_row(label, Text(value or "-"))
        with Vertical(classes="dialog"):
            yield Label("Audit trail entry", classes="dialog-title")
            with VerticalScroll(id="entry-fields"):
                yield Static(table, id="entry-text")
            yield Label("↑↓ scroll · Enter or Esc closes", classes="dialog-hint")

    def action_scroll(self, lines: int) -> None:
        self.query_one("#entry-fields", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
