"""The base of both Line API grids, the judgement grid and the pupils' characteristics grid:
pupil names fixed on the left, header lines at the top and a foot at the bottom that stay put,
a cursor that moves cell by cell and brings itself into view in jumps (every scroll repaints
the whole grid), and repaints of single cells (an entry costs a few hundred bytes over SSH).

A grid says how tall its header and foot are, how narrow its names may be, and how many rows
and columns it has; it paints its own lines.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from textual import events
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView

from tui.widgets.component_styles import ComponentStyles

NAME_WIDTH_LIMIT = 40
LAYOUT_WIDTH = 80
"""The terminal width the columns are laid out for."""


def name_width(names: Iterable[str], view_width: int, narrowest: int) -> int:
    """The pupil column's width: `narrowest` on an 80-column terminal, so that layout stays as
    it was; wider terminals give it the columns beyond 80, as far as the longest name needs
    and at most NAME_WIDTH_LIMIT."""
    room = narrowest + max(0, view_width - LAYOUT_WIDTH)
    longest = max((cell_len(name) for name in names), default=0)
    return max(narrowest, min(longest, room, NAME_WIDTH_LIMIT))


@dataclass(frozen=True)
class ColumnGeometry:
    """Where each column sits in the scrolling part: its x, its width, and whether a rule
    follows it."""

    xs: list[int]
    widths: list[int]
    rules_after: list[bool]
    total_width: int

    def columns_between(self, start: int, end: int) -> range:
        """Indexes of the columns that show between virtual x `start` and `end`."""
        first = max(0, bisect_right(self.xs, start) - 1)
        last = bisect_right(self.xs, end)
        return range(first, min(last, len(self.xs)))


NO_COLUMNS = ColumnGeometry([], [], [], 0)


# A grid fits the same few texts (values, codes, figures) again at every repaint: cached.
@lru_cache(maxsize=4096)
def fit(text: str, width: int) -> str:
    """`text` cut or padded to exactly `width` cells, with an ellipsis when cut."""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…" if width > 1 else set_cell_size(text, width)
    return set_cell_size(text, width)


@lru_cache(maxsize=1024)
def centre(text: str, width: int) -> str:
    """`text` in the middle of exactly `width` cells (cut as `fit` cuts it when too long)."""
    if cell_len(text) >= width:
        return fit(text, width)
    left = (width - cell_len(text)) // 2
    return fit(" " * left + text, width)


class LineGrid(ComponentStyles, ScrollView):
    """Rows of pupils, columns that scroll sideways, and a cursor."""

    HEADER_HEIGHT: ClassVar[int] = 1
    FOOT_HEIGHT: ClassVar[int] = 1
    NARROWEST_NAME: ClassVar[int] = 20
    """The pupil column at 80 columns."""
    FIXED_AFTER_NAME: ClassVar[int] = 1
    """Cells right of the names that do not scroll either (the rule; Include in Data)."""
    ANCHOR_SLACK: ClassVar[int] = 0
    """Cells kept right of a column brought into view from the right (its rule)."""

    row: int
    column: int
    _geometry: ColumnGeometry = NO_COLUMNS
    _name_width: int = 0
    _view_key: tuple[Size, bool, bool] | None = None
    _view_size: Size = Size(0, 0)

    # --- what each grid says about itself ------------------------------------------------

    def row_names(self) -> Iterable[str]:
        """The pupils' names as shown (they size the name column)."""
        raise NotImplementedError

    @property
    def row_count(self) -> int:
        raise NotImplementedError

    @property
    def column_count(self) -> int:
        return len(self._geometry.xs)

    def anchor_starts(self, column: int) -> Iterable[int]:
        """Where to scroll to show `column`, best first (the first that fits is taken)."""
        return ()

    def _cursor_changed(self) -> None:
        """The cursor moved (or the grid was loaded): scroll to it and say so."""
        self._scroll_to_cursor()

    def _leaving_cell(self) -> None:
        """The cursor is about to leave its cell for another."""

    # --- geometry ------------------------------------------------------------------------

    @property
    def _fixed_width(self) -> int:
        """Names and what follows them: the part that does not scroll sideways."""
        return self._name_width + self.FIXED_AFTER_NAME

    @property
    def _view(self) -> Size:
        """The painted area, without scrollbars."""
        # Asked for by every line and every repaint; working it out finds the widget on its
        # screen each time (0.5 ms of a 200-column keystroke), so it is kept until the size
        # or the scrollbars change.
        key = (self.outer_size, self.show_vertical_scrollbar, self.show_horizontal_scrollbar)
        if key != self._view_key:
            self._view_key, self._view_size = key, self.scrollable_content_region.size
        return self._view_size

    @property
    def _body_height(self) -> int:
        """How many pupils show at once."""
        return max(1, self._view.height - self.HEADER_HEIGHT - self.FOOT_HEIGHT)

    def _lay_out(self) -> None:
        """Size the pupil column for the names and the terminal, and the scrolling area."""
        # Before its first layout the grid has no size yet: it will be the terminal's width,
        # and guessing it now saves painting the whole grid twice as it opens.
        width = self._view.width or self.app.size.width
        self._name_width = name_width(self.row_names(), width, self.NARROWEST_NAME)
        self.virtual_size = Size(
            self._fixed_width + self._geometry.total_width,
            self.HEADER_HEIGHT + self.row_count + self.FOOT_HEIGHT,
        )

    def on_resize(self, _event: events.Resize) -> None:
        before = self._name_width
        self._lay_out()
        if self._name_width != before:
            self.refresh()

    # --- repainting ----------------------------------------------------------------------

    def _refresh_virtual(
        self, x: int, y: int, width: int, height: int = 1, row_line: bool = False
    ) -> None:
        """Refresh a region given in scrolling-area coordinates (y counts header lines); with
        `row_line`, the row's fixed part too (its name shows the cursor's row)."""
        scroll_x, scroll_y = self.scroll_offset
        screen_y = y
        if y >= self.HEADER_HEIGHT:
            screen_y = y - scroll_y
            if not self.HEADER_HEIGHT <= screen_y < self.HEADER_HEIGHT + self._body_height:
                return  # a row scrolled out of view
        visible = Region(0, 0, self._view.width, self._view.height)
        region = Region(self._fixed_width + x - scroll_x, screen_y, width, height)
        region = region.intersection(visible)
        if region.area:
            self.refresh(region)
        if row_line:
            self.refresh(Region(0, screen_y, self._fixed_width, 1))

    def _refresh_cell(self, row: int, column: int, name: bool = True, header: bool = True) -> None:
        """Repaint a cell and, if asked, its row's name and its column's code in the header
        (each shows the cursor: a move down a column leaves the header as it was)."""
        if not self.row_count or not self.column_count:
            return
        x, width = self._geometry.xs[column], self._geometry.widths[column]
        self._refresh_virtual(x, self.HEADER_HEIGHT + row, width, row_line=name)
        if header:
            self._refresh_virtual(x, self.HEADER_HEIGHT - 1, width)

    # --- the cursor ----------------------------------------------------------------------

    def move_to(self, row: int, column: int) -> None:
        if not self.row_count or not self.column_count:
            return
        row = max(0, min(row, self.row_count - 1))
        column = max(0, min(column, self.column_count - 1))
        if (row, column) == (self.row, self.column):
            return
        self._leaving_cell()
        row_changed, column_changed = row != self.row, column != self.column
        self._refresh_cell(self.row, self.column, name=row_changed, header=column_changed)
        self.row, self.column = row, column
        self._refresh_cell(row, column, name=row_changed, header=column_changed)
        self._cursor_changed()

    def user_move(self, row: int, column: int) -> None:
        """A move the user asked for (a grid may first finish what the last key began)."""
        self.move_to(row, column)

    def _scroll_to_cursor(self) -> None:
        """Bring the cursor into view: down in half pages (typing down a column scrolls once
        every few rows), across to where `anchor_starts` says."""
        if not self.row_count or not self.column_count:
            return
        scroll_x, scroll_y = self.scroll_offset
        body = self._body_height
        new_y = scroll_y
        if not scroll_y <= self.row < scroll_y + body:
            new_y = max(0, self.row - body // 2)
        x, width = self._geometry.xs[self.column], self._geometry.widths[self.column]
        view = max(1, self._view.width - self._fixed_width)
        new_x = scroll_x
        if x < scroll_x or x + width > scroll_x + view:
            new_x = self._anchor(self.column, view)
        if (new_x, new_y) != (scroll_x, scroll_y):
            self.scroll_to(new_x, new_y, animate=False, immediate=True)

    def _anchor(self, column: int, view: int) -> int:
        x, width = self._geometry.xs[column], self._geometry.widths[column]
        for start in self.anchor_starts(column):
            if x + width <= start + view:
                return start
        return max(0, x + width + self.ANCHOR_SLACK - view)

    def action_move(self, dx: int, dy: int) -> None:
        self.user_move(self.row + dy, self.column + dx)

    def action_move_home(self) -> None:
        self.user_move(self.row, 0)

    def action_move_end(self) -> None:
        self.user_move(self.row, self.column_count - 1)

    def action_page(self, direction: int) -> None:
        self.user_move(self.row + direction * self._body_height, self.column)
