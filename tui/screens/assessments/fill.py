"""Flood-fill: choose the value for a whole column or row, with "blank cells only" for columns.

The choices are the column's codes (the row's: every subject's), each on the key that enters
it in the grid.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from store.curriculum.codes import CodeSet
from tui.widgets.assessments.value_keys import every_known_key, key_name
from tui.widgets.tick import TickBox


@dataclass(frozen=True)
class FillChoice:
    value: str | None
    """The stored code to fill with; None: blank."""
    blanks_only: bool


class FillDialog(ModalScreen[FillChoice | None]):
    """One key picks the value; space toggles "only blank cells" (column fills)."""

    BINDINGS = [
        Binding("delete,backspace", "pick('')", "Blank", show=False),
        Binding("space", "toggle_blanks", "Blank cells only", show=False),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, codes: CodeSet, column: bool) -> None:
        super().__init__()
        self.title_text = title
        self.codes = codes
        self.column = column
        picks = [
            Binding(key_name(key), f"pick({code.code!r})", code.words, show=False)
            for code in codes
            for key in code.keys
        ]
        # Another framework's value keys say what belongs here, rather than nothing at all.
        elsewhere = sorted(key_name(key) for key in every_known_key() - codes.keys)
        if elsewhere:
            picks.append(Binding(",".join(elsewhere), "not_here", "Other values", show=False))
        self._bindings = BindingsMap.merge([BindingsMap(picks), self._bindings])

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            choices = [f"{code.keys[0]} {code.words}" for code in self.codes if code.keys]
            yield Label(f"Fill with: {' · '.join([*choices, 'Del blank'])}", markup=False)
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

    def action_not_here(self) -> None:
        self.notify(
            f"That value does not belong here: fill with {self.codes.listed()}, or Del for blank.",
            severity="warning",
        )

    def action_pick(self, code: str) -> None:
        if code and self.codes.by_stored(code) is None:
            self.action_not_here()
            return
        blanks = self.column and self.query_one("#blanks-only", TickBox).value
        self.dismiss(FillChoice(code or None, blanks))

    def action_cancel(self) -> None:
        self.dismiss(None)
