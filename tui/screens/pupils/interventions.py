"""A pupil's interventions: read every one (from any school), add, edit and delete this school's."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from store.assessments.cohort import PupilRow
from store.core.access import Actor
from store.core.db import Database
from store.core.errors import StoreError
from store.curriculum.dates import academic_year_of, format_academic_year
from store.establishments.establishments import EstablishmentInfo
from store.pupils import interventions
from store.pupils.intervention_periods import YearAssessments, intervention_assessments
from store.pupils.interventions import MAX_DETAILS, InterventionInfo
from tui.screens.dialogs.choose import Choice, ChooseDialog
from tui.screens.dialogs.confirm import ConfirmDialog
from tui.screens.dialogs.forms import FormDialog
from tui.widgets.choice_field import ChoiceField
from tui.widgets.text_field import TextField

NO_ASSESSMENTS = (
    "This pupil has no assessments here yet: an intervention is recorded against one. Create "
    "an assessment for their year group first (Assessments screen, c)."
)


class InterventionDialog(FormDialog[bool]):
    """Academic year and assessment, each chosen from the pupil's own (Enter), and details."""

    FIELD_IDS: ClassVar[dict[str, str]] = {
        "academic_year": "intervention-year",
        "assessment": "intervention-assessment",
        "details": "intervention-details",
    }
    HINT: ClassVar[str] = "Enter on a ▸ line chooses · Enter on Details or F2 saves · Esc cancels"

    def __init__(
        self,
        screen: InterventionsScreen,
        existing: InterventionInfo | None,
        years: list[YearAssessments],
    ) -> None:
        super().__init__("Edit intervention" if existing else "New intervention")
        self.owner = screen
        self.existing = existing
        self.years = years
        if existing is not None:
            self.year, self.assessment = existing.academic_year, existing.assessment
        else:
            current = academic_year_of(screen.today)
            held = [item.academic_year for item in years]
            self.year = current if current in held or not held else held[0]
            self.assessment = self._default_assessment(self.year)

    def _names(self, year: int) -> tuple[str, ...]:
        return next((item.assessments for item in self.years if item.academic_year == year), ())

    def _default_assessment(self, year: int) -> str:
        found = next((item for item in self.years if item.academic_year == year), None)
        return found.latest_by(self.owner.today) if found is not None else ""

    def _year_text(self) -> str:
        found = next((item for item in self.years if item.academic_year == self.year), None)
        return found.label if found is not None else format_academic_year(self.year)

    def fields(self) -> ComposeResult:
        yield ChoiceField(
            "Academic year", self._year_text(), kind="year", label_width=15, id="intervention-year"
        )
        yield ChoiceField(
            "Assessment",
            self.assessment,
            kind="assessment",
            label_width=15,
            id="intervention-assessment",
        )
        yield Label(f"Details (at most {MAX_DETAILS} characters)")
        yield TextField(
            self.existing.details if self.existing else "",
            max_length=MAX_DETAILS,
            what="Details",
            id="intervention-details",
        )

    def on_mount(self) -> None:
        if not self.years:
            self.show_problem(NO_ASSESSMENTS)
        self.query_one("#intervention-year", ChoiceField).focus()

    @on(ChoiceField.Typed)
    def _typed_on_choice(self, event: ChoiceField.Typed) -> None:
        self.show_problem(event.field.hint())

    @on(ChoiceField.Pressed, "#intervention-year")
    def _choose_year(self) -> None:
        choices = [
            Choice(
                item.academic_year, format_academic_year(item.academic_year), item.year_group.label
            )
            for item in self.years
        ]
        if not choices:
            self.show_problem(NO_ASSESSMENTS)
            return
        held = [choice.value for choice in choices]
        selected = held.index(self.year) if self.year in held else 0

        def chosen(choice: Choice[int] | None) -> None:
            if choice is None:
                return
            if choice.value != self.year:
                self.year = choice.value
                if self.assessment not in self._names(self.year):
                    self.assessment = self._default_assessment(self.year)
                self._show_choices()
            self.query_one("#intervention-assessment", ChoiceField).focus()

        self.app.push_screen(ChooseDialog("Academic year", choices, selected), chosen)

    @on(ChoiceField.Pressed, "#intervention-assessment")
    def _choose_assessment(self) -> None:
        names = self._names(self.year)
        if not names:
            self.show_problem(
                f"No assessments in {format_academic_year(self.year)} for this pupil: "
                "choose another academic year."
            )
            return
        choices = [Choice(name, name) for name in names]
        selected = names.index(self.assessment) if self.assessment in names else 0

        def chosen(choice: Choice[str] | None) -> None:
            if choice is None:
                return
            self.assessment = choice.value
            self._show_choices()
            self.query_one("#intervention-details", Input).focus()

        title = f"Assessment in {format_academic_year(self.year)}"
        self.app.push_screen(ChooseDialog(title, choices, selected), chosen)

    def _show_choices(self) -> None:
        self.query_one("#intervention-year", ChoiceField).set_value(self._year_text())
        self.query_one("#intervention-assessment", ChoiceField).set_value(self.assessment)

    def build(self) -> bool:
        details = self.query_one("#intervention-details", Input).value
        owner = self.owner
        args = (owner.database, owner.actor, owner.establishment.id, owner.pupil.id)
        if self.existing is None:
            interventions.add_intervention(*args, self.year, self.assessment, details)
        else:
            interventions.update_intervention(
                *args, self.existing.id, self.year, self.assessment, details
            )
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
        # On the UI thread: one child's few interventions, 1-2 ms (bench/ui_reads.py).
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

    def _years(self) -> list[YearAssessments] | None:
        try:
            # On the UI thread: the dialog opens with them, 1-3 ms (bench/ui_reads.py).
            return intervention_assessments(
                self.database, self.actor, self.establishment.id, self.pupil.id
            )
        except StoreError as error:
            self.notify(str(error), severity="error")
            return None

    def action_add(self) -> None:
        years = self._years()
        if years is None:
            return
        if not years:
            self.notify(NO_ASSESSMENTS, severity="warning")
            return
        self.app.push_screen(InterventionDialog(self, None, years), self._after)

    def action_edit(self) -> None:
        item = self._current()
        if item is None:
            return
        if not item.editable:
            self.notify(f"Recorded by {item.establishment}: it can be read here, not changed.")
            return
        years = self._years()
        if years is not None:
            self.app.push_screen(InterventionDialog(self, item, years), self._after)

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
