"""Check boxes that say their state in text: "[x]" or "[ ]", readable in 16 colours and NO_COLOR.

Textual's own check boxes draw the same "X" ticked or not and show the state by colour alone.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList


def tick(ticked: bool) -> str:
    return "[x]" if ticked else "[ ]"


class TickBox(Checkbox):
    """A Checkbox whose box reads [x] or [ ]."""

    DEFAULT_CSS = """
    TickBox { border: none; padding: 0 1 0 0; height: 1; }
    TickBox:focus { text-style: bold reverse; border: none; }
    """

    @property
    def _button(self) -> Content:
        return Content(tick(self.value))


class TickList(SelectionList[int]):
    """A SelectionList whose rows start [x] or [ ]."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        index = self.scroll_offset.y + y
        if index >= self.option_count:
            return line
        value = self.get_option_at_index(index).value
        segments = list(line)
        # The stock row starts with three segments drawing the coloured box.
        if len(segments) > 3:
            box_style = segments[1].style
            segments[:3] = [Segment(tick(value in self._selected), box_style)]
        return Strip(segments)
