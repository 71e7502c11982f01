"""Small forms: a new assessment period, a new ELG section, a new establishment.

Each form checks its fields, asks the store to write, and stays open with a message that says
what to put right when either refuses; nothing is written until everything is right.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioButton, RadioSet

from store.core.errors import InvalidInput, StoreError
from store.curriculum.dates import parse_uk_date
from store.curriculum.eyfs import EARLY_YEARS, YearGroup
from store.establishments.establishments import MAX_ESTABLISHMENT_NAME
from tui.widgets.text_field import TextField
from tui.widgets.tick import TickBox

ResultT = TypeVar("ResultT")
ValueT = TypeVar("ValueT")


def optional_date(text: str) -> date | None:
    """A dd/mm/yyyy date, or None for a blank field."""
    return parse_uk_date(text) if text.strip() else None


class FieldRefused(ValueError):
    """A field's text that cannot be read (a date that is not one): the message, and its widget."""

    def __init__(self, message: str, widget_id: str) -> None:
        super().__init__(message)
        self.widget_id = widget_id


class FormDialog(ModalScreen[ResultT | None], Generic[ResultT]):
    """Enter on the last field (or F2 anywhere) submits; Escape cancels.

    A refusal is shown in the dialog and the cursor goes to the field to put right: the one
    `read` could not read, or the one a store refusal names (`InvalidInput.field`, looked up in
    `FIELD_IDS`).
    """

    FIELD_IDS: ClassVar[dict[str, str]] = {}
    """The store's name of each field (InvalidInput.field) -> the id of its widget."""
    HINT: ClassVar[str] = "Enter next field / save · F2 save · Esc cancel"

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("f2", "submit", "Save"),
    ]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    def build(self) -> ResultT:
        """Check the fields and write; raise ValueError or StoreError with the user's message."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield from self.fields()
            yield Label("", id="form-error", classes="dialog-error", markup=False)
            yield Label(self.HINT, classes="dialog-hint")

    @on(Input.Submitted)
    def _next_or_submit(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        if event.input is inputs[-1]:
            self.action_submit()
        else:
            self.focus_next()

    def read(self, widget_id: str, parse: Callable[[str], ValueT]) -> ValueT:
        """The value of the Input `widget_id` read by `parse`; FieldRefused when it cannot be."""
        text = self.query_one(f"#{widget_id}", Input).value
        try:
            return parse(text)
        except ValueError as error:
            raise FieldRefused(str(error), widget_id) from error

    def show_problem(self, message: str, widget_id: str | None = None) -> None:
        """Say what is wrong; with `widget_id`, put the cursor on that field."""
        self.query_one("#form-error", Label).update(message)
        if widget_id is not None:
            for widget in self.query(f"#{widget_id}"):
                widget.focus()

    def action_submit(self) -> None:
        try:
            result = self.build()
        except FieldRefused as refused:
            self.show_problem(str(refused), refused.widget_id)
            return
        except (ValueError, StoreError) as error:
            field = error.field if isinstance(error, InvalidInput) else None
            self.show_problem(str(error), self.FIELD_IDS.get(field or ""))
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)


class NewPeriodDialog(FormDialog[ResultT]):
    """Name, date, year groups and (when there is a choice) framework of a new assessment
    period."""

    FIELD_IDS: ClassVar[dict[str, str]] = {
        "name": "period-name",
        "day": "period-date",
        "year_groups": f"group-{EARLY_YEARS[0].value}",
        "framework": "period-framework",
    }

    def __init__(
        self,
        default_group: YearGroup,
        default_day: date,
        create: Callable[[str, date, list[YearGroup], str], ResultT],
    ) -> None:
        super().__init__("New assessment")
        self.default_group = default_group
        self.default_day = default_day
        self.create = create
        # Imported here: the first screen imports this module (for a new establishment).
        from store.curriculum import frameworks

        self.frameworks = frameworks.for_periods()
        assessed = {group for framework in self.frameworks for group in framework.year_groups}
        self.groups = sorted(assessed, key=lambda group: group.offset)

    def fields(self) -> ComposeResult:
        from store.assessments.periods import MAX_PERIOD_NAME

        yield Label(f"Assessment name (at most {MAX_PERIOD_NAME} characters)")
        yield TextField(
            placeholder="e.g. Autumn 1",
            max_length=MAX_PERIOD_NAME,
            what="An assessment name",
            id="period-name",
        )
        yield Label("Assessment date (dd/mm/yyyy)")
        yield Input(self.default_day.strftime("%d/%m/%Y"), id="period-date")
        if len(self.frameworks) > 1:
            yield Label("Assessed with (up/down, space chooses)")
            default = next(
                (f for f in self.frameworks if self.default_group in f.year_groups),
                self.frameworks[0],
            )
            with RadioSet(id="period-framework"):
                for framework in self.frameworks:
                    yield RadioButton(
                        framework.name, value=framework is default, id=f"framework-{framework.id}"
                    )
        yield Label("Years (space ticks)")
        with Horizontal(classes="checkboxes"):
            for group in self.groups:
                yield TickBox(
                    group.label, value=group is self.default_group, id=f"group-{group.value}"
                )

    def build(self) -> ResultT:
        name = self.query_one("#period-name", Input).value
        day = self.read("period-date", parse_uk_date)
        groups = [g for g in self.groups if self.query_one(f"#group-{g.value}", TickBox).value]
        return self.create(name, day, groups, self._framework_id())

    def _framework_id(self) -> str:
        if len(self.frameworks) == 1:
            return self.frameworks[0].id
        index = self.query_one("#period-framework", RadioSet).pressed_index
        return self.frameworks[max(0, index)].id


class NewElgDialog(FormDialog[ResultT]):
    """The date of a Reception cohort's End of Year Early Learning Goals."""

    FIELD_IDS: ClassVar[dict[str, str]] = {"day": "elg-date"}

    def __init__(self, default_day: date, create: Callable[[date], ResultT]) -> None:
        super().__init__("New End of Year Early Learning Goals")
        self.default_day = default_day
        self.create = create

    def fields(self) -> ComposeResult:
        yield Label("Date (dd/mm/yyyy)")
        yield Input(self.default_day.strftime("%d/%m/%Y"), id="elg-date")

    def build(self) -> ResultT:
        return self.create(self.read("elg-date", parse_uk_date))


class NewEstablishmentDialog(FormDialog[ResultT]):
    """Number and name of a new establishment."""

    FIELD_IDS: ClassVar[dict[str, str]] = {
        "number": "establishment-number",
        "name": "establishment-name",
    }

    def __init__(self, create: Callable[[str, str], ResultT]) -> None:
        super().__init__("New establishment")
        self.create = create

    def fields(self) -> ComposeResult:
        yield Label("Establishment number (4 to 7 digits)")
        yield TextField(
            placeholder="e.g. 2041",
            max_length=7,
            what="An establishment number",
            id="establishment-number",
        )
        yield Label(f"Name (at most {MAX_ESTABLISHMENT_NAME} characters)")
        yield TextField(
            placeholder="e.g. ST MARY'S C OF E PRIMARY",
            max_length=MAX_ESTABLISHMENT_NAME,
            what="An establishment name",
            id="establishment-name",
        )

    def build(self) -> ResultT:
        return self.create(
            self.query_one("#establishment-number", Input).value,
            self.query_one("#establishment-name", Input).value,
        )
