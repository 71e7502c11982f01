"""The judgement grid's layout: column widths, where each column sits, and how text fits a cell.

Shared by the grid widget and its benchmark; no Textual here beyond the Rich style of the palette.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from rich.cells import cell_len, set_cell_size
from rich.style import Style

from store.assessments.grid_model import ColumnKind, GridColumn, GridModel
from store.curriculum.eyfs import GoneBeyond
from store.curriculum.percentages import format_percent

HEADER_HEIGHT = 3
FOOT_LINES = 4
"""The foot's figure lines (number and % of each counted group); a fifth says what shows."""
FOOT_HEIGHT = FOOT_LINES + 1
MIXED_FOOT_LABELS = ("No. below", "% below", "No. at or above", "% at or above")
"""When frameworks that name their groups differently share a grid."""
NAME_WIDTH = 17
"""The pupil column at 80 columns; a wider terminal gives long names more room."""
NAME_WIDTH_LIMIT = 40
LAYOUT_WIDTH = 80
"""The terminal width the judgement columns are laid out for."""


def fixed_width(name_width: int) -> int:
    """The part that does not scroll sideways: name, space, Yes/No, rule."""
    return name_width + 1 + 3 + 1


FIXED_WIDTH = fixed_width(NAME_WIDTH)


def name_width(names: Iterable[str], view_width: int, narrowest: int = NAME_WIDTH) -> int:
    """The pupil column's width: `narrowest` on an 80-column terminal, so that layout stays as
    it was; wider terminals give it the columns beyond 80, as far as the longest name needs
    and at most NAME_WIDTH_LIMIT."""
    room = narrowest + max(0, view_width - LAYOUT_WIDTH)
    longest = max((cell_len(name) for name in names), default=0)
    return max(narrowest, min(longest, room, NAME_WIDTH_LIMIT))


# (compact, wide) widths. Wide shows words and percentages to 2 decimals: 7 cells hold
# "*OnTrk+" (note, word, gone beyond) and "100.00" with a space before the next.
VALUE_WIDTHS = (3, 7)
NUMBER_WIDTHS = (5, 6)
NOTES_WIDTHS = (8, 18)


def column_width(column: GridColumn, wide: bool) -> int:
    """A column's width: codes and Yes/No in 3 cells (7 wide), derived numbers in 5 (6)."""
    if column.kind is ColumnKind.PERIOD_NOTES:
        widths = NOTES_WIDTHS
    elif column.derived is not None and not column.derived.yes_no:
        widths = NUMBER_WIDTHS
    else:
        widths = VALUE_WIDTHS
    return widths[1 if wide else 0]


def foot_labels(model: GridModel) -> tuple[str, str, str, str]:
    """The foot's line labels: the shown frameworks' own when they agree (EYFS in-year and
    the ELGs share theirs), else plain words."""
    labels = {framework.foot_line_labels for framework in model.frameworks_shown}
    if len(labels) == 1:
        return labels.pop()
    if not labels:
        return ("", "", "", "")
    return MIXED_FOOT_LABELS


# The gone-beyond palette uses the 16 ANSI colours, so PuTTY's defaults show it.
PALETTE = {
    GoneBeyond.GREEN: Style(bgcolor="green", color="black"),
    GoneBeyond.BLUE: Style(bgcolor="blue", color="bright_white"),
    GoneBeyond.PURPLE: Style(bgcolor="magenta", color="bright_white"),
    GoneBeyond.YELLOW: Style(bgcolor="yellow", color="black"),
}


@dataclass(frozen=True)
class Geometry:
    """Where each column sits in the scrolling part, separators included."""

    xs: list[int]
    widths: list[int]
    rules_after: list[bool]
    total_width: int

    @classmethod
    def of(cls, model: GridModel, wide: bool) -> Geometry:
        xs: list[int] = []
        widths: list[int] = []
        rules: list[bool] = []
        x = 0
        columns = model.columns
        for index, column in enumerate(columns):
            width = column_width(column, wide)
            following = columns[index + 1] if index + 1 < len(columns) else None
            rule = (
                following is None
                or following.section_key != column.section_key
                or following.group_label != column.group_label
            )
            xs.append(x)
            widths.append(width)
            rules.append(rule)
            x += width + (1 if rule else 0)
        return cls(xs, widths, rules, x)

    def columns_between(self, start: int, end: int) -> range:
        """Indexes of the columns that show between virtual x `start` and `end`."""
        first = max(0, bisect_right(self.xs, start) - 1)
        last = bisect_right(self.xs, end)
        return range(first, min(last, len(self.xs)))


# The grid fits the same few texts (values, codes, figures) again at every repaint: cached.
@lru_cache(maxsize=4096)
def fit(text: str, width: int) -> str:
    """`text` cut or padded to exactly `width` cells, with an ellipsis when cut."""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…" if width > 1 else set_cell_size(text, width)
    return set_cell_size(text, width)


@lru_cache(maxsize=1024)
def centre(text: str, width: int) -> str:
    if cell_len(text) >= width:
        return fit(text, width)
    left = (width - cell_len(text)) // 2
    return fit(" " * left + text, width)


ALL = "AL"  # 100% in a compact foot: "100" would fill the cell and touch its neighbour's figure
TOO_WIDE = "##"  # a foot figure with no room (a count over 99 in compact columns): press w


def foot_text(value: object, wide: bool) -> str:
    """A foot figure: percentages whole in compact columns (never rounded up to "all")."""
    if not isinstance(value, Decimal):
        return str(value)
    if wide:
        return format_percent(value)
    if value == 100:
        return ALL
    whole = value.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return str(min(whole, Decimal(99)))


def foot_cell(text: str, width: int, rule_after: bool) -> str:
    """`text` right-aligned in its cell, then a space, so no figure runs into the next one's.

    Only a cell with the column rule after it may be filled to its edge.
    """
    size = cell_len(text)
    if size == width and rule_after:
        return text
    if size > width - 1:
        text, size = TOO_WIDE[: width - 1], min(len(TOO_WIDE), width - 1)
    return " " * (width - 1 - size) + text + " "
