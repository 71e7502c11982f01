"""A field whose value is chosen from a list: one focusable line, "Class: Class 2 ▸"."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static


class ChoiceField(Static, can_focus=True):
    """Shows a label and the chosen value; Enter asks the screen to offer the choices.

    The screen knows what to offer (`kind` says which list, `in_row` whether it belongs to a
    row of a section), so the field itself stays a plain line of text that reads the same
    without colour. Letters typed on it cannot go anywhere: it posts `Typed` so that the screen
    can say how to choose instead of dropping them without a word.
    """

    DEFAULT_CSS = """
    ChoiceField { height: auto; width: 1fr; padding: 0 1; }
    ChoiceField:focus { text-style: reverse; }
    """
    BINDINGS = [Binding("enter", "choose", "Choose", show=False)]

    class Pressed(Message):
        """Enter was pressed on the field."""

        def __init__(self, field: ChoiceField) -> None:
            super().__init__()
            self.field = field

        @property
        def control(self) -> ChoiceField:
            return self.field

    class Typed(Message):
        """A printable key was pressed on the field, which takes no typing."""

        def __init__(self, field: ChoiceField, character: str) -> None:
            super().__init__()
            self.field = field
            self.character = character

        @property
        def control(self) -> ChoiceField:
            return self.field

    def __init__(
        self,
        label: str,
        value: str,
        *,
        kind: str,
        in_row: bool = False,
        label_width: int = 0,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__("", id=id, classes=classes, markup=False)
        self.label = label
        self.value_text = value
        self.kind = kind
        self.in_row = in_row
        self.label_width = label_width  # to line up with the labels of text fields beside it

    def on_mount(self) -> None:
        self.update(self._text())

    def set_value(self, value: str) -> None:
        self.value_text = value
        self.update(self._text())

    def _text(self) -> Text:
        # Text, never markup: pupils' and classes' names are typed by people.
        return Text.assemble(
            (f"{self.label}: ".ljust(self.label_width), "bold"), self.value_text or "(none)", " ▸"
        )

    def action_choose(self) -> None:
        self.post_message(self.Pressed(self))

    def on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character and not event.character.isspace():
            event.stop()
            self.post_message(self.Typed(self, event.character))

    def hint(self, also: str = "") -> str:
        """What to press here, for a status line (`also`: another key that chooses)."""
        keys = f"Enter (or {also})" if also else "Enter"
        return f"{self.label} is chosen from a list, not typed: press {keys} to choose."


class SectionHeading(Static, can_focus=True):
    """A section's title line; focusable so that f6 can jump to it and f3 knows the section."""

    DEFAULT_CSS = """
    SectionHeading { height: auto; width: 1fr; text-style: bold; margin-top: 1; padding: 0 1; }
    SectionHeading:focus { text-style: bold reverse; }
    """

    def __init__(self, title: str, hint: str, *, section: str, id: str | None = None) -> None:
        super().__init__(Text.assemble((title, "bold"), f"  {hint}" if hint else ""), id=id)
        self.section = section
