"""The pupil characteristics filter as users meet it: a keyboard-first dialog and a one-line bar.

`FilterDialog` edits a `store.pupils.filters.PupilFilter` and dismisses with the new one (Enter) or
None
(Escape); `FilterBar` shows the active filter in one line. The assessment grid uses both; multi-edit
and the reports are meant to use them too, so neither knows which screen it is on.

Every item is one line, "Gender  [All]  Male   Female ": the chosen option is in brackets, so the
dialog reads the same in 16 colours and under NO_COLOR.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Label, Static

from store.assessments.cohort import PupilRow
from store.core.words import plural
from store.pupils.ethnicity import MAIN_CODES
from store.pupils.filters import (
    CUSTOM_COUNT,
    CUSTOM_ITEMS,
    PupilFilter,
    class_choices,
    class_name,
    custom_name,
    ethnicity_choices,
    ethnicity_counts,
)

ItemOption = tuple[object, str]
"""(value, label): the value goes into the PupilFilter, the label is what the line shows."""

ALL = "All"
YES_NO: tuple[ItemOption, ...] = ((None, ALL), (True, "Yes"), (False, "No"))
GENDERS: tuple[ItemOption, ...] = ((None, ALL), ("M", "Male"), ("F", "Female"))
SENS: tuple[ItemOption, ...] = (
    (None, ALL),
    ("none", "No SEN"),
    ("K", "K support"),
    ("E", "E EHC plan"),
    ("any", "K or E"),
)
NAME_WIDTH = 16
DEFAULT_CLASS_SLOTS = 20
HINT = "↑↓ item  ←→/letter choose  / search  r reset  Enter apply  Esc cancel"


def _fit(text: str, width: int) -> str:
    """`text` cut (with an ellipsis) or padded to exactly `width` cells."""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


def option_window(labels: Sequence[str], chosen: int, width: int) -> tuple[int, int]:
    """Which options fit in `width` cells with `chosen` among them: (first, stop).

    Each option takes its label, two brackets (or spaces) and a space; "… " marks options cut
    off at either end. Short lists show whole; long ones (ethnicity, class) slide along.
    """
    sizes = [cell_len(label) + 3 for label in labels]
    more = 2

    def needed(first: int, stop: int) -> int:
        return (more if first else 0) + sum(sizes[first:stop]) + (more if stop < len(labels) else 0)

    first = 0
    while first < chosen and needed(first, chosen + 1) > width:
        first += 1
    stop = chosen + 1
    while stop < len(labels) and needed(first, stop + 1) <= width:
        stop += 1
    return first, stop


class ChoiceLine(Widget):
    """One filter item: its name, then its options with the chosen one in brackets."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"choice-line--chosen"}
    DEFAULT_CSS = """
    ChoiceLine { height: 1; width: 1fr; }
    ChoiceLine > .choice-line--chosen { text-style: bold; color: $text-accent; }
    """

    def __init__(
        self,
        item: str,
        title: str,
        options: Sequence[ItemOption],
        value: object = None,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.item = item
        self.title = title
        self.options = list(options)
        self.current = False
        values = [option for option, _ in self.options]
        if value not in values:
            # A value the list does not offer (an odd code in old data) still shows.
            self.options.append((value, str(value)))
            values.append(value)
        self.index = values.index(value)

    @property
    def value(self) -> object:
        return self.options[self.index][0]

    def choose(self, index: int) -> bool:
        """Pick option `index` (clamped); say whether that changed anything."""
        index = max(0, min(index, len(self.options) - 1))
        if index == self.index:
            return False
        self.index = index
        self.refresh()
        return True

    def choose_by_letter(self, letter: str) -> bool:
        """Pick the next option whose label starts with `letter` (round the end)."""
        count = len(self.options)
        for offset in range(1, count + 1):
            index = (self.index + offset) % count
            if self.options[index][1].casefold().startswith(letter.casefold()):
                return self.choose(index)
        return False

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="crop", end="")
        # A pointer as well as reverse video: the current line shows even without styles.
        text.append(">" if self.current else " ", Style(bold=True))
        name_style = Style(bold=True, reverse=True) if self.current else Style()
        text.append(_fit(self.title, NAME_WIDTH), name_style)
        text.append("  ")
        labels = [label for _, label in self.options]
        first, stop = option_window(labels, self.index, self.size.width - NAME_WIDTH - 3)
        chosen = self.get_component_rich_style("choice-line--chosen")
        if first:
            text.append("… ")
        for index in range(first, stop):
            if index == self.index:
                text.append(f"[{labels[index]}]", chosen)
            else:
                text.append(f" {labels[index]} ")
            text.append(" ")
        if stop < len(labels):
            text.append("…")
        return text


class SearchLine(Widget):
    """The surname / UPN search: typed into while it is the current line."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"search-line--placeholder"}
    DEFAULT_CSS = """
    SearchLine { height: 1; width: 1fr; }
    SearchLine > .search-line--placeholder { color: $text-muted; }
    """
    MAX_LENGTH = 40

    def __init__(self, value: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.value = value
        self.current = False

    def type(self, characters: str) -> bool:
        """Add `characters` at the end (up to MAX_LENGTH); say whether anything was added."""
        room = self.MAX_LENGTH - len(self.value)
        added = "".join(ch for ch in characters if ch.isprintable())[:room]
        if added:
            self.value += added
            self.refresh()
        return bool(added)

    def set_value(self, value: str) -> bool:
        if value == self.value:
            return False
        self.value = value[: self.MAX_LENGTH]
        self.refresh()
        return True

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="crop", end="")
        text.append(">" if self.current else " ", Style(bold=True))
        name_style = Style(bold=True, reverse=True) if self.current else Style()
        text.append(_fit("Surname / UPN", NAME_WIDTH), name_style)
        text.append("  ")
        if self.current:
            text.append(self.value)
            text.append(" ", Style(reverse=True))  # the text cursor
        elif self.value:
            text.append(self.value)
        else:
            placeholder = self.get_component_rich_style("search-line--placeholder")
            text.append("part of a surname or UPN (/ jumps here)", placeholder)
        return text


FilterLine = ChoiceLine | SearchLine


class FilterItems(VerticalScroll, can_focus=True, inherit_bindings=False):
    """The dialog's lines, one current; the only focusable widget, so it takes every key.

    Keys over SSH often arrive bunched ("down", "m" in one packet). Textual hands each key to
    the widget focused when it arrives but runs bindings only once the key has bubbled up to the
    app, so moving focus between lines, or mixing bindings with typed letters, lets a later key
    overtake an earlier one. Here one widget handles every key itself, in the order typed; its
    BINDINGS are the table it follows, and what F1 lists.
    """

    DEFAULT_CSS = """
    FilterItems { height: auto; max-height: 70vh; scrollbar-size-vertical: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Previous item", show=False),
        Binding("down", "move(1)", "Next item", show=False),
        Binding("home", "move_to(0)", "First item", show=False),
        Binding("end", "move_to(-1)", "Surname / UPN search", show=False),
        Binding("left", "step(-1)", "Previous option", show=False),
        Binding("right", "step(1)", "Next option", show=False),
        Binding("space", "cycle", "Next option (round)", show=False),
        Binding(
            "delete,backspace",
            "clear",
            "All",
            show=False,
            tooltip="This item back to All (in the search: delete a letter)",
        ),
        Binding("slash", "move_to(-1)", "Search", tooltip="Type part of a surname or UPN"),
        Binding(
            "r",
            "reset",
            "Reset",
            tooltip="Every item back to All and the search cleared (in the search, r types r)",
        ),
    ]
    _ACTIONS: ClassVar[dict[str, str]] = {
        key.strip(): binding.action
        for binding in BINDINGS
        if isinstance(binding, Binding)
        for key in binding.key.split(",")
    }

    class Changed(Message):
        """An item or the search changed."""

    def __init__(self, *lines: FilterLine, id: str | None = None) -> None:
        super().__init__(*lines, id=id)
        self.lines = list(lines)
        self.cursor = 0

    def on_mount(self) -> None:
        self._set_current(0)

    @property
    def current(self) -> FilterLine:
        return self.lines[self.cursor]

    def _set_current(self, index: int) -> None:
        self.current.current = False
        self.current.refresh()
        self.cursor = index % len(self.lines)
        self.current.current = True
        self.current.refresh()
        self.scroll_to_widget(self.current, animate=False, immediate=True)

    def _changed(self, changed: bool) -> None:
        if changed:
            self.post_message(self.Changed())

    async def on_key(self, event: events.Key) -> None:
        line = self.current
        action = self._ACTIONS.get(event.key)
        if isinstance(line, SearchLine) and event.is_printable and event.key != "slash":
            assert event.character is not None
            self._changed(line.type(event.character))
        elif action is not None:
            await self.run_action(action)
        elif isinstance(line, ChoiceLine) and event.is_printable:
            assert event.character is not None
            self._changed(line.choose_by_letter(event.character))
        else:
            return  # Enter, Escape, Tab, F1...: the dialog's and the app's
        event.stop()
        event.prevent_default()

    def on_paste(self, event: events.Paste) -> None:
        line = self.current
        if isinstance(line, SearchLine):
            event.stop()
            self._changed(line.type(" ".join(event.text.split())))

    def action_move(self, step: int) -> None:
        self._set_current(self.cursor + step)

    def action_move_to(self, index: int) -> None:
        self._set_current(index)

    def action_step(self, step: int) -> None:
        line = self.current
        if isinstance(line, ChoiceLine):
            self._changed(line.choose(line.index + step))

    def action_cycle(self) -> None:
        line = self.current
        if isinstance(line, ChoiceLine):
            self._changed(line.choose((line.index + 1) % len(line.options)))
        else:
            self._changed(line.type(" "))

    def action_clear(self) -> None:
        line = self.current
        if isinstance(line, ChoiceLine):
            self._changed(line.choose(0))
        else:
            self._changed(line.set_value(line.value[:-1]))

    def action_reset(self) -> None:
        for line in self.lines:
            if isinstance(line, ChoiceLine):
                line.choose(0)
            else:
                line.set_value("")
        self.post_message(self.Changed())


class FilterDialog(ModalScreen[PupilFilter | None]):
    """Edit a pupil characteristics filter: Enter applies, Escape cancels, r resets.

    Args:
        current: the filter in force (the dialog opens showing it).
        pupils: the pupils it will be applied to: the live count, and which ethnicities and
            classes to offer first.
        custom_names: the establishment's names for its six custom flags.
        class_names: the establishment's class names, slot 1 first.
        context: shown after the title, e.g. "Reception 2025/2026".
    """

    DEFAULT_CSS = """
    FilterDialog > .dialog { width: 76; }
    FilterDialog #filter-summary { color: $text-accent; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without changing the filter"),
        Binding("enter", "apply", "Apply", tooltip="Apply the filter"),
        # A modal screen's keys leave out the app's, F1 among them: this dialog's keys need help.
        Binding("f1", "app.help", "Help", show=False, tooltip="Every key in this dialog"),
    ]

    def __init__(
        self,
        current: PupilFilter,
        pupils: Sequence[PupilRow],
        custom_names: Sequence[str] = (),
        class_names: Sequence[str] = (),
        context: str = "",
    ) -> None:
        super().__init__()
        self.current = current
        self.pupils = list(pupils)
        self.custom_names = tuple(custom_names)
        self.class_names = tuple(class_names)
        self.context = context
        self._ethnicity_counts = ethnicity_counts(self.pupils)

    def items(self) -> list[tuple[str, str, Sequence[ItemOption]]]:
        """(item, title, options) for each line, in the user guide's order, class last."""
        ethnicities = [(None, ALL), *((code, code) for code in ethnicity_choices(self.pupils))]
        slots = class_choices(self.pupils, len(self.class_names) or DEFAULT_CLASS_SLOTS)
        classes = [(None, ALL), *((slot, class_name(self.class_names, slot)) for slot in slots)]
        customs = [
            (CUSTOM_ITEMS[n], custom_name(self.custom_names, n + 1), YES_NO)
            for n in range(CUSTOM_COUNT)
        ]
        return [
            ("intervention", "Intervention", YES_NO),
            ("gender", "Gender", GENDERS),
            ("summer_born", "Summer born", YES_NO),
            ("sen", "SEN", SENS),
            ("ethnicity", "Ethnicity", ethnicities),
            ("pupil_premium", "PP", YES_NO),
            ("disadvantaged", "Disadvantaged", YES_NO),
            ("eal", "EAL", YES_NO),
            *customs,
            ("class_slot", "Class", classes),
        ]

    def compose(self) -> ComposeResult:
        title = "Pupil characteristics" + (f" · {self.context}" if self.context else "")
        lines: list[FilterLine] = [
            ChoiceLine(item, name, options, self.current.item(item), id=f"filter-{item}")
            for item, name, options in self.items()
        ]
        lines.append(SearchLine(self.current.search, id="filter-search"))
        with Vertical(classes="dialog"):
            yield Label(title, classes="dialog-title", markup=False)
            yield FilterItems(*lines, id="filter-items")
            yield Label("", id="filter-summary", markup=False)
            yield Label(HINT, classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        self._update_summary()

    # --- reading -------------------------------------------------------------------------

    @property
    def lines(self) -> list[ChoiceLine]:
        return list(self.query(ChoiceLine))

    def chosen(self) -> PupilFilter:
        """The filter as the dialog shows it now."""
        result = PupilFilter(search=self.query_one(SearchLine).value)
        for line in self.lines:
            result = result.with_item(line.item, line.value)
        return result

    @on(FilterItems.Changed)
    def _update_summary(self) -> None:
        chosen = self.chosen()
        matching = len(chosen.apply(self.pupils))
        summary = f"{matching:,} of {len(self.pupils):,} pupils match"
        if chosen.ethnicity is not None:
            name = MAIN_CODES.get(chosen.ethnicity, "")
            count = self._ethnicity_counts[chosen.ethnicity]
            summary += f" · {chosen.ethnicity} {name}: {plural(count, 'pupil')}"
        if matching == 0 and not chosen.is_empty:
            summary += " · r resets"
        self.query_one("#filter-summary", Label).update(summary)

    # --- keys ----------------------------------------------------------------------------

    def action_apply(self) -> None:
        self.dismiss(self.chosen())

    def action_cancel(self) -> None:
        self.dismiss(None)


class FilterBar(Static):
    """The active filter in one line ("Filter: Male · EAL · 7 of 30 pupils"); hidden when none."""

    DEFAULT_CSS = """
    FilterBar { height: 1; background: $panel; color: $text-accent; text-style: bold;
                padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.display = False

    def show_filter(
        self,
        pupil_filter: PupilFilter,
        custom_names: Sequence[str],
        class_names: Sequence[str],
        shown: int,
        total: int,
    ) -> None:
        """Show `pupil_filter` with how many of `total` pupils it lets through; hide if empty."""
        if pupil_filter.is_empty:
            if self.display:
                self.display = False
            return
        line = f"{pupil_filter.describe(custom_names, class_names)} · {shown:,} of {total:,} pupils"
        # One line whatever it says: only showing it needs a new layout.
        self.update(Text(line, no_wrap=True, overflow="ellipsis", end=""), layout=not self.display)
        self.display = True
