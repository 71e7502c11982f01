"""Lines repainted cell by cell: when only some cells of a grid line were refreshed, the line
painted last time is kept and just those cells are painted again and spliced in.

Textual asks a Line API widget for the whole of every line a refresh touched. An entry touches
six lines of the judgement grid (the cell's row, the column codes and four foot lines) for two
cells and one foot column, and painting them whole was a quarter of a keystroke's CPU at 200
columns. A grid says which lines it can paint cell by cell (`cell_painter`); any other line, a
refresh of the whole widget or of the names, and any scroll, resize or change of focus paint
whole lines as before.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Offset, Region, Size
from textual.strip import Strip

from tui.widgets.line_grid import LineGrid, fit

CellPainter = Callable[[int], tuple[str, Style]]
"""The text and style of a line's cell in column `index` (fitted to the column's width)."""

MOST_SPLICES = 8
"""More refreshed cells than this on one line: painting it whole is as quick."""

LineKey = tuple[Offset, Size, bool]


class SplicedLines(LineGrid):
    """A LineGrid whose lines are painted by `paint_line`, and by `cell_painter` in part."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        # Before Textual's set-up, which may already mark the widget dirty.
        self._painted: dict[int, tuple[LineKey, Strip]] = {}
        self._damage: dict[int, list[tuple[int, int]]] = {}
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def paint_line(self, y: int) -> Strip:
        """Line `y` of the widget, whole, exactly `self._view.width` cells long."""
        raise NotImplementedError

    def cell_painter(self, y: int) -> CellPainter | None:
        """How to paint single cells of line `y`, or None if it is only painted whole."""
        return None

    def _set_dirty(self, *regions: Region) -> None:
        if regions:
            for region in regions:
                for y in region.line_range:
                    self._damage.setdefault(y, []).append((region.x, region.right))
        else:
            self._painted.clear()
            self._damage.clear()
        super()._set_dirty(*regions)

    def render_line(self, y: int) -> Strip:
        key = (self.scroll_offset, self._view, self.has_focus)
        damage = self._damage.pop(y, None)
        painted = self._painted.get(y)
        strip = None
        if painted is not None and painted[0] == key:
            strip = painted[1] if damage is None else self._splice(y, painted[1], damage)
        if strip is None:
            strip = self.paint_line(y)
        self._painted[y] = (key, strip)
        return strip

    def _splice(self, y: int, strip: Strip, damage: list[tuple[int, int]]) -> Strip | None:
        """`strip` with the cells in the damaged x ranges painted again; None when the line
        must be painted whole (a name, a cell cut by an edge, or many cells)."""
        painter = self.cell_painter(y)
        if painter is None or len(damage) > MOST_SPLICES:
            return None
        fixed, scroll_x, view = self._fixed_width, self.scroll_offset.x, self._view.width
        xs, widths = self._geometry.xs, self._geometry.widths
        cells: dict[int, Segment] = {}  # x where a repainted cell starts -> the cell
        for left, right in damage:
            if left < fixed:
                return None
            index = max(0, bisect_right(xs, left - fixed + scroll_x) - 1)
            while index < len(xs) and (start := fixed + xs[index] - scroll_x) < right:
                end = start + widths[index]
                if end > left and start not in cells:  # a rule between columns never changes
                    if start < fixed or end > view:
                        return None
                    text, style = painter(index)
                    cells[start] = Segment(fit(text, widths[index]), style)
                index += 1
        return Strip(replace_cells(strip, sorted(cells.items())), strip.cell_length)


def replace_cells(segments: Iterable[Segment], cells: list[tuple[int, Segment]]) -> list[Segment]:
    """The segments with each (x, cell), sorted by x, put in place of what showed from x for
    the cell's width; neighbours of one style are joined. One pass: cropping the strip around
    each cell and joining the pieces cost several times as much."""
    out: list[Segment] = []

    def add(segment: Segment) -> None:
        if not segment.text:
            return
        if out and out[-1].style is segment.style:
            out[-1] = Segment(out[-1].text + segment.text, segment.style)
        else:
            out.append(segment)

    pending = iter(cells)
    cell = next(pending, None)
    covered = 0  # the end of the last cell put in
    start = 0
    for segment in segments:
        end = start + segment.cell_length
        piece: Segment | None = segment
        if covered > start:  # the last cell put in reaches into this segment
            piece = segment.split_cells(covered - start)[1] if covered < end else None
        at = max(start, covered)
        while piece is not None and cell is not None and cell[0] < end:
            x, new = cell
            before, after = piece.split_cells(x - at)
            add(before)
            add(new)
            covered = x + new.cell_length
            piece = after.split_cells(covered - x)[1] if covered < end else None
            at = covered
            cell = next(pending, None)
        if piece is not None:
            add(piece)
        start = end
    return out
