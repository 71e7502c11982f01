"""A field whose value is chosen from a list: one focusable line, "Class: Class 2 ▸"."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static


class ChoiceField(Static, can_focus=True):
    """Shows a label and the chosen value; Enter asks the screen to offer the choices.

    The screen knows what to offer (`kind` says which list, `row_id` which row it belongs to),
    so the field itself stays a plain line of text that reads the same without colour.
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

    def __init__(
        self,
        label: str,
        value: str,
        *,
        kind: str,
        row_id: int | None = None,
        label_width: int = 0,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__("", id=id, classes=classes, markup=False)
        self.label = label
        self.value_text = value
        self.kind = kind
        self.row_id = row_id
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


class SectionHeading(Static, can_focus=True):
    """A section's title line; focusable so that f6 can jump to it and f3 knows the section."""

    DEFAULT_CSS = """
    SectionHeading { height: auto; width: 1fr; text-style: bold; margin-top: 1; padding: 0 1; }
    SectionHeading:focus { text-style: bold reverse; }
    """

    def __init__(self, title: str, hint: str, *, section: str, id: str | None = None) -> None:
        super().__init__(Text.assemble((title, "bold"), f"  {hint}" if hint else ""), id=id)
        self.section = section
