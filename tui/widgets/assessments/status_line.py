"""The two lines under the grid: the cursor's cell, and its column's figures or news about the
last key. Painted with the Line API: a Static made Content of its text and wrapped it at every
key, 8% of an entry's CPU for two lines of plain words."""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from tui.widgets.line_grid import fit

NEWS_STYLE = Style(bold=True)  # readable without colour


class StatusLine(Widget):
    """Two lines of plain text, each cut with an ellipsis when longer than the widget."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lines: tuple[str, str] = ("", "")
        self._news = False

    @property
    def text(self) -> str:
        """Both lines, as typed (not cut), one under the other."""
        return "\n".join(self._lines)

    def show(self, first: str, second: str, *, news: bool = False) -> None:
        """Say `first` and `second`; `news` (about the last key) shows the second in bold."""
        lines = (first.replace("\n", " "), second.replace("\n", " "))
        if (lines, news) != (self._lines, self._news):
            self._lines, self._news = lines, news
            self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.outer_size.width - self.styles.gutter.width
        if y >= len(self._lines) or width <= 0:
            return Strip.blank(max(0, width))
        text = self._lines[y]
        if cell_len(text) > width:
            text = fit(text, width)
        style = self.rich_style + NEWS_STYLE if y == 1 and self._news else self.rich_style
        return Strip([Segment(text, style)])  # the widget's background fills the rest
