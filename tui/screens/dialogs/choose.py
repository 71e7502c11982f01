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

from store.core.search_key import search_key

ValueT = TypeVar("ValueT")

TYPE_AHEAD_PAUSE = 1.0  # seconds: a longer pause starts a new search
REVERSE = Style(reverse=True)
ONE_KEY_CODE = 3  # the longest code one key can choose at once ("Yes")
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

    Typing jumps to the choice whose code (or name) is exactly what was typed, else to the first
    whose code, then name, starts with it: "W" finds W Writing (not WR), "WB" Enter WBRI.
    Where one key is enough (short codes that all begin differently: S or A, Yes or No), that
    key picks its choice at once.
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
        self._done = False  # keys typed in a burst can still arrive once it is dismissed

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
        if self._done:
            event.stop()
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
        if self._one_key and self._codes[found].startswith(self.typed.casefold()):
            self._pick(self.choices[found])
            return
        self.query_one(OptionList).highlighted = found
        self.query_one("#typed", Label).update(f"Typed: {self.typed}")

    def _find(self, typed: str) -> int | None:
        """An exact code (or name) first, so "W" finds W Writing before WR Word Reading.

        Compared by search keys: "obr" finds O'BRIEN, "zoe" Zoë (case, accents, apostrophes,
        hyphens and spaces aside).
        """
        wanted = search_key(typed)
        if not wanted:
            return None
        keys = [(search_key(choice.key), search_key(choice.label)) for choice in self.choices]
        for part in (0, 1):
            for index, folded in enumerate(keys):
                if folded[part] == wanted:
                    return index
        for part in (0, 1):
            for index, folded in enumerate(keys):
                if folded[part].startswith(wanted):
                    return index
        return None

    @property
    def _codes(self) -> list[str]:
        return [choice.key.casefold() for choice in self.choices]

    @property
    def _one_key(self) -> bool:
        """Whether the first key of a code always tells it apart, so it can choose at once.

        Only short codes (S, K, Yes): longer ones are names people type out, and the letters
        after the first would then land on the screen underneath.
        """
        codes = self._codes
        if not all(0 < len(code) <= ONE_KEY_CODE for code in codes):
            return False
        return len({code[0] for code in codes}) == len(codes)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._pick(self.choices[event.option_index])

    def action_cancel(self) -> None:
        self._pick(None)

    def _pick(self, choice: Choice[ValueT] | None) -> None:
        if not self._done:
            self._done = True
            self.dismiss(choice)
