"""Dialogs of the progress meetings: a new meeting, and choosing several pupils."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import date
from typing import TypeVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label
from textual.widgets.option_list import Option

from store.assessments.cohort import PeriodInfo
from store.core.errors import InvalidInput, StoreError
from store.core.search_key import search_key
from store.curriculum.dates import parse_uk_date
from store.curriculum.eyfs import AREAS
from store.meetings.meetings import MAX_TEACHER
from store.meetings.record import ALL_CLASSES, PupilChoice
from tui.screens.dialogs.choose import Choice, ChoiceList, ChooseDialog
from tui.widgets.choice_field import ChoiceField
from tui.widgets.tick import tick

ValueT = TypeVar("ValueT")


def class_choices(classes: Sequence[tuple[int, str]]) -> list[Choice[int | None]]:
    choices: list[Choice[int | None]] = [Choice(None, "All", ALL_CLASSES)]
    return choices + [Choice(slot, str(slot), name) for slot, name in classes]


def period_choices(periods: Sequence[PeriodInfo]) -> list[Choice[int | None]]:
    choices: list[Choice[int | None]] = [Choice(None, "None", "no assessment: figures blank")]
    return choices + [
        Choice(period.id, period.name, f"{period.day:%d/%m/%Y}") for period in periods
    ]


def area_choices() -> list[Choice[str]]:
    # By name first: typing "Wri" finds Writing, where the code "W" would stop at WR.
    return [Choice(area.code, area.name, area.code) for area in AREAS]


def pupil_choices(pupils: Sequence[PupilChoice]) -> list[Choice[int]]:
    return [Choice(pupil.id, pupil.name) for pupil in pupils]


def index_of(choices: Sequence[Choice[ValueT]], value: ValueT | None) -> int:
    return next((i for i, choice in enumerate(choices) if choice.value == value), 0)


def default_period(periods: Sequence[PeriodInfo], today: date) -> PeriodInfo | None:
    """The latest Reception assessment on or before today, else the first of the year."""
    done = [period for period in periods if period.day <= today]
    return done[-1] if done else (periods[0] if periods else None)


class NewMeetingDialog(ModalScreen[int | None]):
    """Class, assessment, teacher and date; Enter on the date (or F2) creates the meeting."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("f2", "submit", "Create"),
    ]

    def __init__(
        self,
        classes: Sequence[tuple[int, str]],
        periods: Sequence[PeriodInfo],
        today: date,
        create: Callable[[int | None, int | None, str, date], int],
    ) -> None:
        super().__init__()
        self.class_options = class_choices(classes)
        self.period_options = period_choices(periods)
        chosen = default_period(periods, today)
        self.class_slot: int | None = None
        self.period_id: int | None = chosen.id if chosen else None
        self.today = today
        self.create = create

    def compose(self) -> ComposeResult:
        period = self.period_options[index_of(self.period_options, self.period_id)]
        with Vertical(classes="dialog"):
            yield Label("New progress meeting (Reception)", classes="dialog-title")
            yield ChoiceField("Class", ALL_CLASSES, kind="class", id="new-meeting-class")
            yield ChoiceField("Assessment", period.key, kind="period", id="new-meeting-period")
            yield Label("Teacher")
            yield Input(id="new-meeting-teacher")
            yield Label("Date (dd/mm/yyyy)")
            yield Input(self.today.strftime("%d/%m/%Y"), id="new-meeting-date")
            yield Label("", id="form-error", classes="dialog-error", markup=False)
            yield Label(
                "Enter on a choice changes it · Enter on the date (or F2) creates · Esc cancels",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#new-meeting-teacher", Input).focus()

    @on(ChoiceField.Pressed)
    def _choose(self, event: ChoiceField.Pressed) -> None:
        field = event.field
        choices = self.class_options if field.kind == "class" else self.period_options
        current = self.class_slot if field.kind == "class" else self.period_id

        def chosen(choice: Choice[int | None] | None) -> None:
            if choice is None:
                return
            if field.kind == "class":
                self.class_slot = choice.value
                field.set_value(choice.label)
            else:
                self.period_id = choice.value
                field.set_value(choice.key if choice.value is not None else "none")

        title = "Class" if field.kind == "class" else "Assessment (this year's Reception)"
        self.app.push_screen(ChooseDialog(title, choices, index_of(choices, current)), chosen)

    @on(ChoiceField.Typed)
    def _typed_on_choice(self, event: ChoiceField.Typed) -> None:
        self.query_one("#form-error", Label).update(event.field.hint())

    @on(Input.Changed, "#new-meeting-teacher")
    def _teacher_typed(self, event: Input.Changed) -> None:
        length = len(event.value)
        self.query_one("#form-error", Label).update(
            f"The teacher's name is {length} characters; at most {MAX_TEACHER} fit: shorten it."
            if length > MAX_TEACHER
            else ""
        )

    @on(Input.Submitted)
    def _next_or_submit(self, event: Input.Submitted) -> None:
        if event.input.id == "new-meeting-date":
            self.action_submit()
        else:
            self.focus_next()

    def action_submit(self) -> None:
        teacher = self.query_one("#new-meeting-teacher", Input)
        date_field = self.query_one("#new-meeting-date", Input)
        wrong: Widget | None = None
        try:
            if len(teacher.value) > MAX_TEACHER:
                wrong = teacher
                raise ValueError(
                    f"The teacher's name is {len(teacher.value)} characters; at most "
                    f"{MAX_TEACHER} fit: shorten it."
                )
            wrong = date_field
            day = parse_uk_date(date_field.value)
            wrong = None
            meeting_id = self.create(self.class_slot, self.period_id, teacher.value, day)
        except (ValueError, StoreError) as error:
            self.query_one("#form-error", Label).update(str(error))
            field = error.field if isinstance(error, InvalidInput) else None
            wrong = wrong or {
                "teacher": teacher,
                "day": date_field,
                "class_slot": self.query_one("#new-meeting-class", ChoiceField),
            }.get(field or "")
            if wrong is not None:
                wrong.focus()  # the field to put right
            return
        self.dismiss(meeting_id)

    def action_cancel(self) -> None:
        self.dismiss(None)


TYPE_AHEAD_PAUSE = 1.0  # seconds without a key before typing starts a new name


class PupilsDialog(ModalScreen[list[int] | None]):
    """Tick several pupils: space ticks, typing jumps to a name, Enter keeps the ticks.

    What is typed builds up ("k", "kh", "kha" finds KHAN, not HUGHES then ALI); a pause of a
    second, Backspace to nothing, or Escape starts again. A letter typed again on its own
    ("k", "k") moves on to the next name with that letter.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("space", "tick", "Tick", show=False),
    ]
    DEFAULT_CSS = """
    PupilsDialog #pupil-ticks { height: auto; max-height: 14; border: none; padding: 0; }
    PupilsDialog #pupil-typed { height: 1; }
    """

    def __init__(self, title: str, pupils: Sequence[PupilChoice], ticked: set[int]) -> None:
        super().__init__()
        self.title_text = title
        self.pupils = list(pupils)
        self._keys = [search_key(pupil.name) for pupil in self.pupils]
        self.ticked = set(ticked)
        self.typed = ""
        self.typed_at = 0.0
        self.clock: Callable[[], float] = time.monotonic

    def _prompt(self, pupil: PupilChoice) -> Text:
        return Text(f"{tick(pupil.id in self.ticked)} {pupil.name}")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield ChoiceList(
                *[Option(self._prompt(pupil)) for pupil in self.pupils], id="pupil-ticks"
            )
            yield Label(
                "No children in this meeting's class." if not self.pupils else "",
                id="pupil-count",
                markup=False,
            )
            yield Label("", id="pupil-typed", markup=False)
            yield Label(
                "space ticks · type a surname to jump · Enter keeps the ticks · Esc cancels",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        options = self.query_one(ChoiceList)
        options.highlighted = 0 if self.pupils else None
        options.focus()
        self._count()

    def _count(self) -> None:
        if self.pupils:
            self.query_one("#pupil-count", Label).update(f"{len(self.ticked)} ticked")

    def action_tick(self) -> None:
        options = self.query_one(ChoiceList)
        index = options.highlighted
        if index is None or index >= len(self.pupils):
            return
        pupil = self.pupils[index]
        self.ticked ^= {pupil.id}
        options.replace_option_prompt_at_index(index, self._prompt(pupil))
        self._count()

    def on_key(self, event: events.Key) -> None:
        if event.key == "backspace" and self.typed:
            event.stop()
            self._show_typed(self.typed[:-1])
            return
        character = event.character
        if character is None or not character.isprintable() or character.isspace():
            return
        event.stop()
        character = character.casefold()
        typed = self.typed if not self._paused() else ""
        self.typed_at = self.clock()
        options = self.query_one(ChoiceList)
        found = self._find(typed + character)
        if found is None and typed and set(typed) == {character}:
            # "k", "k": the next name with that letter, as a list usually goes.
            found, typed = self._find(character, after=options.highlighted), ""
        if found is None and typed:
            found, typed = self._find(character), ""  # no such name: start a new one
        if found is None:
            self._show_typed(typed)
            self.query_one("#pupil-typed", Label).update(f"No name starts with {character!r}.")
            return
        options.highlighted = found
        self._show_typed(typed + character)
        self.set_timer(TYPE_AHEAD_PAUSE + 0.1, self._forget_after_pause)

    def _paused(self) -> bool:
        return self.clock() - self.typed_at > TYPE_AHEAD_PAUSE

    def _forget_after_pause(self) -> None:
        if self._paused():
            self._show_typed("")

    def _find(self, typed: str, after: int | None = None) -> int | None:
        """The first name starting with `typed`; with `after`, the next one after it (round).

        Compared by search keys: "obr" finds O'BRIEN (case, accents and punctuation aside).
        """
        wanted = search_key(typed)
        if not wanted:
            return None
        start = 0 if after is None else after + 1
        order = [*range(start, len(self.pupils)), *range(start)]
        return next((i for i in order if self._keys[i].startswith(wanted)), None)

    def _show_typed(self, typed: str) -> None:
        self.typed = typed
        self.query_one("#pupil-typed", Label).update(f"Typed: {typed}" if typed else "")

    @on(ChoiceList.OptionSelected)
    def _done(self, event: ChoiceList.OptionSelected) -> None:
        event.stop()
        self.dismiss(sorted(self.ticked))

    def action_cancel(self) -> None:
        if self.typed:
            self._show_typed("")  # Escape first forgets what was typed, then cancels
            return
        self.dismiss(None)
