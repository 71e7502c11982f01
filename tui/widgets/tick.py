"""Check boxes that say their state in text: "[x]" or "[ ]", readable in 16 colours and NO_COLOR.

Textual's own check boxes draw the same "X" ticked or not and show the state by colour alone.
Labels given as str are plain text, never markup: they carry names people type (custom filters,
periods, pupils), which may hold [brackets].
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.content import Content, ContentText
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList
from textual.widgets.selection_list import Selection

REVERSE = Style(reverse=True)


def tick(ticked: bool) -> str:
    return "[x]" if ticked else "[ ]"


def plain_selection(prompt: str, value: int, selected: bool = False) -> Selection[int]:
    """A TickList row whose prompt shows exactly as given (`Selection` reads a str as markup)."""
    return Selection(Content(prompt), value, selected)


class TickBox(Checkbox):
    """A Checkbox whose box reads [x] or [ ] and whose str label is plain text."""

    DEFAULT_CSS = """
    TickBox { border: none; padding: 0 1 0 0; height: 1; }
    TickBox:focus { text-style: bold reverse; border: none; }
    """

    @property
    def _button(self) -> Content:
        return Content(tick(self.value))

    def _make_label(self, label: ContentText) -> Content:
        return Content.from_text(label, markup=False).first_line.rstrip()


class TickList(SelectionList[int]):
    """A SelectionList whose rows start [x] or [ ]; build its rows with `plain_selection`.

    Rows given as (prompt, value[, selected]) tuples are plain text too.
    """

    def _make_selection(
        self,
        selection: Selection[int] | tuple[ContentText, int] | tuple[ContentText, int, bool],
    ) -> Selection[int]:
        if isinstance(selection, tuple) and isinstance(selection[0], str):
            return super()._make_selection((Content(selection[0]), *selection[1:]))
        return super()._make_selection(selection)

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
        strip = Strip(segments)
        if self.has_focus and index == self.highlighted:
            # In reverse video, so the highlighted row shows without colour too.
            return strip.apply_style(REVERSE)
        return strip
