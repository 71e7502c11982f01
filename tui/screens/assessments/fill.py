"""Flood-fill: choose the value for a whole column or row, with "blank cells only" for columns."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from store.curriculum.eyfs import ElgOutcome, Judgement
from tui.widgets.tick import TickBox


@dataclass(frozen=True)
class FillChoice:
    value: Judgement | ElgOutcome | None
    blanks_only: bool


class FillDialog(ModalScreen[FillChoice | None]):
    """One key picks the value; space toggles "only blank cells" (column fills)."""

    BINDINGS = [
        Binding("b,1", "pick('B')", "Below", show=False),
        Binding("o,2", "pick('O')", "On track", show=False),
        Binding("e", "pick('E')", "Emerging", show=False),
        Binding("x", "pick('X')", "Expected", show=False),
        Binding("a", "pick('A')", "Absent", show=False),
        Binding("delete,backspace", "pick('')", "Blank", show=False),
        Binding("space", "toggle_blanks", "Blank cells only", show=False),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, elg: bool, column: bool) -> None:
        super().__init__()
        self.title_text = title
        self.elg = elg
        self.column = column

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            if self.elg:
                choices = "e Emerging · x Expected · a Absent · Del blank"
            else:
                choices = "b Below · o On track · Del blank"
            yield Label(f"Fill with: {choices}", markup=False)
            if self.column:
                yield TickBox("Only blank cells (space)", value=False, id="blanks-only")
            yield Label("Esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        # Keys go to the dialog's bindings, not to a focused checkbox.
        self.set_focus(None)

    def action_toggle_blanks(self) -> None:
        if self.column:
            box = self.query_one("#blanks-only", TickBox)
            box.value = not box.value

    def action_pick(self, code: str) -> None:
        value: Judgement | ElgOutcome | None = None
        if code:
            if self.elg and code in "EXA":
                value = ElgOutcome(code)
            elif not self.elg and code in "BO":
                value = Judgement(code)
            else:
                self.notify("That value does not belong here.", severity="warning")
                return
        blanks = self.column and self.query_one("#blanks-only", TickBox).value
        self.dismiss(FillChoice(value, blanks))

    def action_cancel(self) -> None:
        self.dismiss(None)
