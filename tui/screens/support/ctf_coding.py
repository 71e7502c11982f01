"""Support's table of how a CTF codes each subject (f in the console): the coding every return
writes now, Enter (or e) to set a subject's, r to put it back to the program's own.

The list is a few dozen rows read on the UI thread (as the news list is); each change is one row
and its audit, written as the console's other forms write theirs. A refusal stays in the form
with the cursor on the value to put right.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Input, Label, Static

from store.core.access import Actor
from store.core.db import Database
from store.returns.ctf_coding import (
    FIELDS,
    CodingRow,
    coding_values,
    ctf_codings,
    reset_ctf_coding,
    said,
    set_ctf_coding,
)
from tui.screens.dialogs.confirm import ConfirmDialog
from tui.screens.dialogs.forms import FormDialog
from tui.screens.store_list import StoreListScreen
from tui.widgets.text_field import TextField

BANNER = "Confirm these against the DfE's assessment component files before the first return."
COLUMNS = ("Return", "Subject", "Stage", "Subj", "Method", "Comp", "Qual", "Set by")
BUILT_IN = "built in"
_NAME_SHOWN = 24  # a subject's name in the table; the line below says it whole
_WHO_SHOWN = 12

Save = Callable[[tuple[str, ...]], CodingRow]
"""Writes the five values as typed, in FIELDS' order; raises the store's refusal."""


def field_id(field: str) -> str:
    return f"coding-{field.replace('_', '-')}"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def described(row: CodingRow) -> str:
    """ "Reading (KS1 teacher assessment): the program's own coding" or who set it and when."""
    where = f"{row.subject_name} ({row.kind.title})"
    if row.coding is None:
        return f"{where}: no coding, so its return is refused until you set one (Enter)."
    if row.built_in or row.set_at is None:
        return f"{where}: the program's own coding; Enter sets yours in its place."
    when = f"{row.set_at.astimezone():%d/%m/%Y %H:%M}"
    return f"{where}: set by {row.set_by} on {when}; r puts back the program's own."


@dataclass(frozen=True)
class CodingItem:
    """A row of the table: its place (which picks it out again after a change) and coding."""

    id: int
    row: CodingRow


class CtfCodingDialog(FormDialog[CodingRow]):
    """The five values of one subject's StageAssessment, filled with what a return writes now."""

    FIELD_IDS: ClassVar[dict[str, str]] = {part.field: field_id(part.field) for part in FIELDS}

    def __init__(self, row: CodingRow, save: Save) -> None:
        super().__init__(f"CTF coding: {row.subject_name} ({row.kind.title})")
        self.row = row
        self.save = save

    def fields(self) -> ComposeResult:
        values = coding_values(self.row.coding) if self.row.coding else ("",) * len(FIELDS)
        yield Label(BANNER, markup=False)
        for part, value in zip(FIELDS, values, strict=True):
            yield Label(f"{part.element} (at most {part.max_length} characters)")
            yield TextField(
                value,
                max_length=part.max_length,
                what=part.element,
                id=field_id(part.field),
                compact=True,
            )

    def build(self) -> CodingRow:
        return self.save(
            tuple(self.query_one(f"#{field_id(part.field)}", Input).value for part in FIELDS)
        )


class CtfCodingScreen(StoreListScreen[CodingItem]):
    """Every subject a CTF return carries, with the coding a return writes now."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Enter on a row edits it too (the table's own Enter: RowSelected).
        Binding("e", "edit", "Edit", id="coding-edit", tooltip="Set the subject's coding"),
        Binding(
            "r",
            "reset",
            "Built in",
            id="coding-reset",
            tooltip="Put the subject back to the program's own coding",
        ),
        Binding("escape", "leave", "Back", id="coding-back"),
    ]
    DEFAULT_CSS = """
    CtfCodingScreen #coding-banner { height: auto; padding: 0 1; text-style: bold; }
    CtfCodingScreen #coding-table { height: 1fr; }
    CtfCodingScreen #coding-detail { height: 2; background: $panel; padding: 0 1; }
    """
    TABLE_ID = "coding-table"
    BELOW_ID = "coding-detail"
    COLUMNS = COLUMNS

    def __init__(self, database: Database, actor: Actor) -> None:
        super().__init__(database, actor, "How a CTF codes each subject (every school's returns)")

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        widgets.insert(1, Static(BANNER, id="coding-banner", markup=False))
        yield from widgets

    def read(self) -> list[CodingItem]:
        return [
            CodingItem(place, row)
            for place, row in enumerate(ctf_codings(self.database, self.actor))
        ]

    def row(self, item: CodingItem) -> list[Text | str]:
        row = item.row
        values = coding_values(row.coding) if row.coding else ("",) * len(FIELDS)
        who = BUILT_IN if row.built_in else _cut(row.set_by or "", _WHO_SHOWN)
        return [
            row.kind.name,
            _cut(row.subject_name, _NAME_SHOWN),
            *(Text(value) for value in values),
            Text(who),
        ]

    @on(DataTable.RowHighlighted)
    def shown(self) -> None:
        item = self.current
        self.say(Text(described(item.row)) if item else "")

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        item = self.current
        if item is None:
            return
        row = item.row

        def save(values: tuple[str, ...]) -> CodingRow:
            stage, subject, method, component, qualifier = values
            return set_ctf_coding(
                self.database, self.actor, row.framework_id, row.subject,
                stage=stage, ctf_subject=subject, method=method, component=component,
                result_qualifier=qualifier,
            )  # fmt: skip

        def saved(new: CodingRow | None) -> None:
            if new is not None:
                self.reload(select=item.id)
                self.notify(f"Saved: {described(new)}")

        self.app.push_screen(CtfCodingDialog(row, save), saved)

    def action_reset(self) -> None:
        item = self.current
        if item is None:
            return
        row = item.row
        if row.built_in:
            self.notify(f"{row.subject_name} has the program's own coding already.")
            return

        def reset() -> int:
            reset_ctf_coding(self.database, self.actor, row.framework_id, row.subject)
            self.notify(f"{row.subject_name}: back to the program's own coding.")
            return item.id

        self.ask_then_write(
            ConfirmDialog(
                f"Put {row.subject_name} back to the program's own coding?",
                f"{row.set_by} set {said(row.coding)}. Returns will write the coding the "
                "program came with instead.",
            ),
            reset,
        )
