"""Choose one value from a list by keyboard: arrows, or type its code or name; Enter picks it."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

ValueT = TypeVar("ValueT")

TYPE_AHEAD_PAUSE = 1.0  # seconds: a longer pause starts a new search
REVERSE = Style(reverse=True)
DEFAULT_HINT = "Type a code or name to find it · ↑↓ move · Enter choose · Esc cancel"


@dataclass(frozen=True)
class Choice(Generic[ValueT]):
    """One value to choose: `key` is its short form ("3", "WBRI", "Yes"), `label` its words."""

    value: ValueT
    key: str
    label: str = ""


class ChoiceList(OptionList):
    """An OptionList whose highlighted choice is in reverse video, so it shows without colour.

    (The stock list takes the highlight's colours from CSS but drops `reverse`.)
    """

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        # Every choice is one line: its prompt is short.
        if self.highlighted is not None and self.scroll_offset.y + y == self.highlighted:
            return line.apply_style(REVERSE)
        return line


class ChooseDialog(ModalScreen[Choice[ValueT] | None], Generic[ValueT]):
    """Dismisses with the chosen `Choice` (its value may be None), or None when cancelled.

    Typing jumps to the first choice whose code, then name, starts with what was typed, so
    "3" Enter picks class 3 and "WB" Enter picks WBRI.
    """

    DEFAULT_CSS = """
    ChooseDialog #choices { height: auto; max-height: 14; border: none; padding: 0; }
    ChooseDialog #typed { height: 1; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        choices: Sequence[Choice[ValueT]],
        selected: int | None = None,
        hint: str = DEFAULT_HINT,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.selected = selected
        self.hint = hint
        self.typed = ""
        self._typed_at = 0.0

    def compose(self) -> ComposeResult:
        width = max((len(choice.key) for choice in self.choices), default=0)
        options = [
            Option(
                Text(f"{choice.key:<{width}}  {choice.label}")
                if choice.label and choice.label != choice.key
                else Text(choice.key)
            )
            for choice in self.choices
        ]
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield ChoiceList(*options, id="choices")
            yield Label("", id="typed", markup=False)
            yield Label(self.hint, classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self.selected if self.selected is not None else 0
        options.focus()

    @property
    def highlighted(self) -> Choice[ValueT] | None:
        index = self.query_one(OptionList).highlighted
        return None if index is None else self.choices[index]

    def on_key(self, event: events.Key) -> None:
        character = event.character
        if character is None or not character.isprintable():
            return
        if character == " " and not self.typed:
            return
        now = time.monotonic()
        if now - self._typed_at > TYPE_AHEAD_PAUSE:
            self.typed = ""
        self._typed_at = now
        event.stop()
        event.prevent_default()
        found = self._find(self.typed + character)
        if found is None and self.typed:
            # No choice goes on that way: start again from this key.
            found = self._find(character)
            self.typed = ""
        if found is None:
            self.query_one("#typed", Label).update(f"Nothing starts with {character!r}.")
            return
        self.typed += character
        self.query_one(OptionList).highlighted = found
        self.query_one("#typed", Label).update(f"Typed: {self.typed}")

    def _find(self, typed: str) -> int | None:
        wanted = typed.casefold()
        for part in ("key", "label"):
            for index, choice in enumerate(self.choices):
                if getattr(choice, part).casefold().startswith(wanted):
                    return index
        return None

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
