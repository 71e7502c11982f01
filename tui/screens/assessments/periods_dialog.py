"""Show or hide assessment periods (and the End of Year ELGs) in the grid."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label
from textual.widgets.selection_list import Selection

from store.assessments.cohort import PeriodInfo
from tui.widgets.tick import TickList, plain_selection

ELG_ID = 0


@dataclass(frozen=True)
class VisibleChoice:
    hidden_periods: frozenset[int]
    show_elg: bool


class PeriodsDialog(ModalScreen[VisibleChoice | None]):
    """Space ticks what shows; Enter applies; Escape cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "apply", "Apply", priority=True),
    ]

    def __init__(
        self,
        periods: list[PeriodInfo],
        hidden: set[int],
        elg_available: bool,
        show_elg: bool,
    ) -> None:
        super().__init__()
        self.periods = periods
        self.hidden = hidden
        self.elg_available = elg_available
        self.show_elg = show_elg

    def compose(self) -> ComposeResult:
        selections: list[Selection[int]] = [
            plain_selection(f"{p.name}  {p.day:%d/%m/%Y}", p.id, p.id not in self.hidden)
            for p in self.periods
        ]
        if self.elg_available:
            selections.append(
                plain_selection("End of Year Early Learning Goals", ELG_ID, self.show_elg)
            )
        with Vertical(classes="dialog"):
            yield Label("Show assessments", classes="dialog-title")
            yield TickList(*selections, id="periods-list")
            yield Label("Space show/hide · Enter apply · Esc cancel", classes="dialog-hint")

    def action_apply(self) -> None:
        chosen = set(self.query_one(TickList).selected)
        hidden = frozenset(p.id for p in self.periods if p.id not in chosen)
        self.dismiss(VisibleChoice(hidden, ELG_ID in chosen))

    def action_cancel(self) -> None:
        self.dismiss(None)
