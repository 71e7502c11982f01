"""A pupil's record: every field, checked on save, and what was typed kept when it is refused."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Label, Select, Static

from store.core.access import Actor
from store.core.db import Database
from store.core.errors import StoreError
from store.curriculum import frameworks
from store.curriculum.dates import academic_year_of, format_academic_year, parse_uk_date
from store.curriculum.eyfs import YearGroup
from store.curriculum.year_groups import birth_date_range, year_group_of
from store.establishments.establishments import EstablishmentInfo
from store.pupils import editing, pupils
from store.pupils.editing import PupilInvalid
from store.pupils.ethnicity import ALL_CODES
from store.pupils.fields import (
    FIELD_LABELS,
    GENDER_LABELS,
    SEN_LABELS,
    PupilForm,
    PupilValues,
    form_from_values,
    validate_pupil,
)
from store.pupils.profile import Profile
from tui.screens.dialogs.confirm import ConfirmDialog
from tui.widgets.key_bar import KeyBar
from tui.widgets.tick import TickBox

TEXT_FIELDS = ("upn", "surname", "forenames", "date_of_birth", "postcode", "sen_notes")
CHOICE_FIELDS = ("class_slot", "year_override", "gender", "ethnicity", "sen")
OPTION_FLAGS = ("disadvantaged", "eal", "pupil_premium", "fsm")
DATA_FLAGS = ("include_in_data", "alternative_assessment")
PLACEHOLDERS = {
    "upn": "13 characters, e.g. A123456789012",
    "date_of_birth": "dd/mm/yyyy",
    "postcode": "the school's own if not known",
}


class PupilFormScreen(Screen[None]):
    """F2 saves; Escape goes back (asking first if something was changed)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "save", "Save", id="save-pupil"),
        Binding("f3", "interventions", "Interventions", id="pupil-interventions"),
        Binding("escape", "leave", "Back", id="leave-form"),
    ]
    DEFAULT_CSS = """
    PupilFormScreen .row { height: 1; }
    PupilFormScreen .row Label { width: 24; }
    PupilFormScreen .row Input { width: 1fr; }
    PupilFormScreen .row Select { width: 1fr; }
    PupilFormScreen #form-problems { color: $text-error; text-style: bold; height: auto; }
    PupilFormScreen .flags { height: auto; layout: grid; grid-size: 3; grid-gutter: 0 1; }
    PupilFormScreen .-invalid Label { color: $text-error; text-style: bold; }
    """

    def __init__(
        self,
        database: Database,
        actor: Actor,
        establishment: EstablishmentInfo,
        pupil_id: int | None,
        profile: Profile,
        today: date,
        academic_year: int | None = None,
    ) -> None:
        """`academic_year` is the one being viewed (today's by default): saving asks first when
        the date of birth puts the pupil outside every year group the tracker assesses."""
        super().__init__()
        self.database = database
        self.actor = actor
        self.establishment = establishment
        self.pupil_id = pupil_id
        self.profile = profile
        self.today = today
        self.academic_year = academic_year_of(today) if academic_year is None else academic_year
        self.original = PupilForm()
        if pupil_id is not None:
            # On the UI thread: the form opens filled in; one row (bench/ui_reads.py).
            stored = pupils.get_pupil(database, actor, establishment.id, pupil_id)
            self.original = form_from_values(stored)

    def compose(self) -> ComposeResult:
        form = self.original
        title = (
            "New pupil" if self.pupil_id is None else f"{form.surname.upper()}, {form.forenames}"
        )
        yield Static(f"{self.establishment.title} · {title}", id="cohort-bar", markup=False)
        # Above the scrolling fields, so it stays in view by the field it is about.
        yield Static("", id="form-problems", markup=False)
        with VerticalScroll(id="pupil-form"):
            for name in TEXT_FIELDS[:4]:
                yield self._text_row(name, getattr(form, name))
            for name in ("class_slot", "year_override", "gender"):
                yield self._choice_row(name, getattr(form, name))
            yield self._text_row("postcode", form.postcode)
            for name in ("ethnicity", "sen"):
                yield self._choice_row(name, getattr(form, name))
            yield self._text_row("sen_notes", form.sen_notes)
            yield Label("Options, custom filters and data (space ticks):", classes="muted")
            with Horizontal(classes="flags"):
                for name in OPTION_FLAGS:
                    yield TickBox(FIELD_LABELS[name], getattr(form, name), id=f"field-{name}")
                for index, custom in enumerate(self.profile.custom_names, start=1):
                    yield TickBox(
                        custom, getattr(form, f"custom_{index}"), id=f"field-custom_{index}"
                    )
                for name in DATA_FLAGS:
                    yield TickBox(FIELD_LABELS[name], getattr(form, name), id=f"field-{name}")
        yield KeyBar()

    def _text_row(self, name: str, value: str) -> Horizontal:
        return Horizontal(
            Label(FIELD_LABELS[name]),
            Input(value, placeholder=PLACEHOLDERS.get(name, ""), id=f"field-{name}", compact=True),
            classes="row",
            id=f"row-{name}",
        )

    def _choice_row(self, name: str, value: str) -> Horizontal:
        options: list[tuple[str, str]]
        if name == "class_slot":
            options = [
                (f"{slot} {label}", str(slot))
                for slot, label in enumerate(self.profile.class_names, 1)
            ]
        elif name == "year_override":
            options = [(group.label, group.value) for group in YearGroup]
        elif name == "gender":
            options = [(label, code) for code, label in GENDER_LABELS.items()]
        elif name == "ethnicity":
            options = [(f"{code} {label}", code) for code, label in ALL_CODES.items()]
        else:
            options = [(label, code or "") for code, label in SEN_LABELS.items() if code]
        prompt = {
            "class_slot": "No class",
            "year_override": "None (from date of birth)",
            "sen": "None",
            "gender": "Choose",
            "ethnicity": "Choose",
        }[name]
        current = value if value in {code for _, code in options} else Select.NULL
        # Text, never markup: class names are typed by people and may hold [brackets].
        shown = [(Text(label), code) for label, code in options]
        return Horizontal(
            Label(FIELD_LABELS[name]),
            Select(shown, prompt=prompt, value=current, id=f"field-{name}", compact=True),
            classes="row",
            id=f"row-{name}",
        )

    def on_mount(self) -> None:
        self.query_one("#field-upn" if self.pupil_id is None else "#field-surname", Input).focus()

    def current_form(self) -> PupilForm:
        """The form as it stands on screen."""
        values: dict[str, object] = {}
        for name in TEXT_FIELDS:
            values[name] = self.query_one(f"#field-{name}", Input).value
        for name in CHOICE_FIELDS:
            chosen = self.query_one(f"#field-{name}", Select).value
            values[name] = "" if chosen is Select.NULL else str(chosen)
        for field in fields(PupilForm):
            if field.type in ("bool", bool):
                values[field.name] = self.query_one(f"#field-{field.name}", TickBox).value
        return PupilForm(**values)  # type: ignore[arg-type]

    def action_save(self) -> None:
        form = self.current_form()
        question = self._outside_the_year_groups(form)
        if question is None:
            self._save(form)
            return

        def answered(yes: bool | None) -> None:
            # No keeps the form as typed, to put the date of birth right.
            if yes:
                self._save(form)

        self.app.push_screen(ConfirmDialog(*question), answered)

    def _outside_the_year_groups(self, form: PupilForm) -> tuple[str, str] | None:
        """The question to ask when the date of birth takes the pupil out of every year group
        the tracker assesses (Nursery 1 to Year 2).

        Only for a new pupil or a changed date of birth, without a year override (which is a
        choice already made); a form with problems goes to the store, which says what they are.
        """
        values = validate_pupil(form, self.today)
        if not isinstance(values, PupilValues) or values.year_override:
            return None
        if self.pupil_id is not None and not self.original.year_override:
            try:
                if parse_uk_date(self.original.date_of_birth) == values.date_of_birth:
                    return None
            except ValueError:
                pass
        born = values.date_of_birth
        groups = frameworks.year_groups_assessed()
        group = year_group_of(born, self.academic_year)
        if group in groups:
            return None
        if group is not None:
            which = group.label
        elif born > birth_date_range(groups[0], self.academic_year)[1]:
            which = f"younger than {groups[0].label}"
        else:
            which = f"older than {groups[-1].label}"
        name = f"{values.surname.upper()}, {values.forenames}"
        year = format_academic_year(self.academic_year)
        return (
            f"Save {name} as {which}?",
            f"Born {born:%d/%m/%Y}, the pupil is {which} in {year}, so will not appear in any "
            f"grid ({groups[0].label} to {groups[-1].label}). Check the date of birth (day/"
            "month/year) or set a year override; n goes back to the form as typed.",
        )

    def _save(self, form: PupilForm) -> None:
        for row in self.query(".row"):
            row.remove_class("-invalid")
        try:
            if self.pupil_id is None:
                self.pupil_id = editing.create_pupil(
                    self.database, self.actor, self.establishment.id, form, self.today
                )
                self.notify(f"Added {form.surname.strip().upper()}, {form.forenames.strip()}.")
            else:
                changed = editing.update_pupil(
                    self.database,
                    self.actor,
                    self.establishment.id,
                    self.pupil_id,
                    form,
                    self.today,
                )
                self.notify(f"Saved: {', '.join(changed)}." if changed else "Nothing had changed.")
        except PupilInvalid as refused:
            lines = [f"{problem.field}: {problem.message}" for problem in refused.problems]
            self.query_one("#form-problems", Static).update("Not saved.\n" + "\n".join(lines))
            labels = {label: name for name, label in FIELD_LABELS.items()}
            wrong = [labels[p.field] for p in refused.problems if p.field in labels]
            for name in wrong:
                for row in self.query(f"#row-{name}"):
                    row.add_class("-invalid")
            if wrong:  # problems come in the form's order: the cursor goes to the first
                self.query_one(f"#field-{wrong[0]}").focus()
            return
        except StoreError as error:
            self.query_one("#form-problems", Static).update(f"Not saved. {error}")
            return
        self.original = form
        self.query_one("#form-problems", Static).update("")
        self.dismiss(None)

    def action_interventions(self) -> None:
        if self.pupil_id is None:
            self.notify("Save the pupil first; then add interventions.")
            return
        from store.assessments.cohort import PupilRow
        from tui.screens.pupils.interventions import InterventionsScreen

        form = self.original
        pupil = PupilRow(
            self.pupil_id, form.upn, form.surname, form.forenames, self.today, None, True
        )
        self.app.push_screen(
            InterventionsScreen(self.database, self.actor, self.establishment, pupil, self.today)
        )

    def action_leave(self) -> None:
        if self.current_form() == self.original:
            self.dismiss(None)
            return

        def done(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog("Leave without saving?", "What you typed here is lost."), done
        )
