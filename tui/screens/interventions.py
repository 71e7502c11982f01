"""A pupil's interventions: read every one (from any school), add, edit and delete this school's."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from store import interventions
from store.access import Actor
from store.cohort import PupilRow
from store.db import Database
from store.errors import StoreError
from store.establishments import EstablishmentInfo
from store.interventions import InterventionInfo
from store.rules import academic_year_of, format_academic_year, parse_academic_year
from tui.screens.dialogs.confirm import ConfirmDialog
from tui.screens.dialogs.forms import FormDialog


class InterventionDialog(FormDialog[bool]):
    """Academic year, assessment and details of one intervention."""

    def __init__(self, screen: InterventionsScreen, existing: InterventionInfo | None) -> None:
        super().__init__("Edit intervention" if existing else "New intervention")
        self.owner = screen
        self.existing = existing

    def fields(self) -> ComposeResult:
        existing = self.existing
        year = existing.academic_year if existing else academic_year_of(self.owner.today)
        yield Label("Academic year")
        yield Input(format_academic_year(year), id="intervention-year")
        yield Label("Assessment (e.g. Autumn 1)")
        yield Input(
            existing.assessment if existing else "", max_length=60, id="intervention-assessment"
        )
        yield Label("Details")
        yield Input(
            existing.details if existing else "", max_length=2000, id="intervention-details"
        )

    def build(self) -> bool:
        year = parse_academic_year(self.query_one("#intervention-year", Input).value)
        assessment = self.query_one("#intervention-assessment", Input).value
        details = self.query_one("#intervention-details", Input).value
        owner = self.owner
        args = (owner.database, owner.actor, owner.establishment.id, owner.pupil.id)
        if self.existing is None:
            interventions.add_intervention(*args, year, assessment, details)
        else:
            interventions.update_intervention(*args, self.existing.id, year, assessment, details)
        return True


class InterventionsScreen(ModalScreen[None]):
    """a adds, Enter edits, d deletes (this school's only), Escape closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a,plus", "add", "Add", id="add-intervention"),
        Binding("e", "edit", "Edit", id="edit-intervention"),
        Binding("d,delete", "delete", "Delete", id="delete-intervention"),
        Binding("escape", "close", "Close", id="close-interventions"),
    ]

    def __init__(
        self,
        database: Database,
        actor: Actor,
        establishment: EstablishmentInfo,
        pupil: PupilRow,
        today: date,
    ) -> None:
        super().__init__()
        self.database = database
        self.actor = actor
        self.establishment = establishment
        self.pupil = pupil
        self.today = today
        self.items: list[InterventionInfo] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(
                f"Interventions: {self.pupil.display_name}", classes="dialog-title", markup=False
            )
            yield OptionList(id="intervention-list")
            yield Static("", id="intervention-empty", markup=False)
            yield Label("a add · Enter/e edit · d delete · Esc close", classes="dialog-hint")

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.items = interventions.list_interventions(
            self.database, self.actor, self.establishment.id, self.pupil.id
        )
        options = self.query_one(OptionList)
        options.clear_options()
        for item in self.items:
            where = "" if item.editable else f"  (recorded by {item.establishment})"
            year = format_academic_year(item.academic_year)
            # Text, not markup: details are typed by people and may hold [brackets].
            label = Text(f"{year} {item.assessment}: {item.details}{where}")
            options.add_option(Option(label, id=str(item.id)))
        self.query_one("#intervention-empty", Static).update(
            "" if self.items else "No interventions yet: press a to add one."
        )
        options.display = bool(self.items)
        if self.items:
            options.highlighted = 0
            options.focus()

    def _current(self) -> InterventionInfo | None:
        index = self.query_one(OptionList).highlighted
        return self.items[index] if index is not None and index < len(self.items) else None

    def on_option_list_option_selected(self) -> None:
        self.action_edit()

    def _after(self, saved: bool | None) -> None:
        if saved:
            self.reload()

    def action_add(self) -> None:
        self.app.push_screen(InterventionDialog(self, None), self._after)

    def action_edit(self) -> None:
        item = self._current()
        if item is None:
            return
        if not item.editable:
            self.notify(f"Recorded by {item.establishment}: it can be read here, not changed.")
            return
        self.app.push_screen(InterventionDialog(self, item), self._after)

    def action_delete(self) -> None:
        item = self._current()
        if item is None:
            return
        if not item.editable:
            self.notify(f"Recorded by {item.establishment}: it can be read here, not deleted.")
            return

        def done(yes: bool | None) -> None:
            if not yes:
                return
            try:
                interventions.delete_intervention(
                    self.database, self.actor, self.establishment.id, self.pupil.id, item.id
                )
            except StoreError as error:
                self.notify(str(error), severity="error")
                return
            self.reload()

        when = f"{format_academic_year(item.academic_year)} {item.assessment}".strip()
        self.app.push_screen(
            ConfirmDialog(
                f"Delete {self.pupil.display_name}'s intervention of {when}?",
                f'"{item.details}" goes from the record, here and at any school the child '
                "moves to.",
                yes="Delete",
                no="Keep it",
            ),
            done,
        )

    def action_close(self) -> None:
        self.dismiss(None)
