"""F1 help: the keys that work on the screen underneath, built from its active bindings."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

GRID_LEGEND = (
    "In the grid: B Below, O On track, E Emerging, X Expected, A Absent, · blank. "
    "* before a value: the cell has a note. + after On track: gone beyond (its colour is the "
    "background). A row in italics with Include = No is left out of every figure. "
    "The foot shows whole percentages; press w for wide columns with 2 decimals, and the status "
    "line always gives the cursor column's figures to 2 decimals."
)


def describe_keys(screen: Screen[object]) -> Table:
    """A table of every key the screen answers to now, with what it does."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    seen: set[str] = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not active.enabled or (binding.action in seen and not binding.show):
            continue
        seen.add(binding.action)
        shown = screen.app.get_key_display(binding)
        description = binding.tooltip or binding.description
        table.add_row(Text(shown or key), Text(description))
    return table


class HelpScreen(ModalScreen[None]):
    """Escape, q or F1 closes it."""

    BINDINGS = [Binding("escape,q,f1", "close", "Close")]

    def __init__(self, underneath: Screen[object]) -> None:
        super().__init__()
        self.underneath = underneath

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Label("Keys", classes="dialog-title")
            yield Static(describe_keys(self.underneath))
            yield Static(GRID_LEGEND, classes="muted", markup=False)
            yield Label("Esc closes", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
