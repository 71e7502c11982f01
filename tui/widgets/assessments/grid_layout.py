"""The judgement grid's layout: column widths, where each column sits, and how text fits a cell.

Shared by the grid widget and its benchmark; no Textual here beyond the Rich style of the palette.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from rich.cells import cell_len
from rich.style import Style

from store.assessments.grid_model import ColumnKind, GridColumn, GridModel
from store.curriculum.codes import CodeSet, NumberRange
from store.curriculum.eyfs import GoneBeyond
from store.curriculum.percentages import format_percent
from store.progress.beside import Beside
from tui.widgets.line_grid import ColumnGeometry

HEADER_HEIGHT = 3
FOOT_LINES = 4
"""The foot's figure lines (number and % of each counted group); a fifth says what shows."""
FOOT_HEIGHT = FOOT_LINES + 1
MIXED_FOOT_LABELS = ("No. below", "% below", "No. at or above", "% at or above")
"""When frameworks that name their two groups (below; at or above) differently share a grid."""
NAME_WIDTH = 17
"""The pupil column at 80 columns; a wider terminal gives long names more room."""
FIXED_AFTER_NAME = 1 + 3 + 1
"""A space, Include in Data (Yes/No) and the rule."""


def fixed_width(name_width: int) -> int:
    """The part that does not scroll sideways: name, space, Yes/No, rule."""
    return name_width + FIXED_AFTER_NAME


FIXED_WIDTH = fixed_width(NAME_WIDTH)


# (compact, wide) widths. Wide shows words and percentages to 2 decimals: 7 cells hold
# "*OnTrk+" (note, word, gone beyond) and "100.00" with a space before the next.
VALUE_WIDTHS = (3, 7)
NUMBER_WIDTHS = (5, 6)
NOTES_WIDTHS = (8, 18)


def column_width(column: GridColumn, wide: bool) -> int:
    """A column's width: codes and Yes/No in 3 cells (7 wide), derived numbers in 5 (6); a
    column of three-letter codes takes 4, so that neighbours never touch ("WTSEXS")."""
    if column.kind is ColumnKind.PERIOD_NOTES:
        widths = NOTES_WIDTHS
    elif column.derived is not None and not column.derived.yes_no:
        widths = NUMBER_WIDTHS
    else:
        widths = VALUE_WIDTHS
    if wide or column.subject is None:
        return widths[1 if wide else 0]
    return max(widths[0], _longest_text(column.subject.scale) + 1)


def beside_width(column: GridColumn, beside: Beside) -> int:
    """The cells an assessment column adds for what shows beside its values: an arrow, or the
    earlier value (its longest short text) and the arrow."""
    if beside is Beside.NOTHING or column.kind is not ColumnKind.JUDGEMENT:
        return 0
    if column.subject is None or column.period is None:
        return 0
    if beside is not Beside.EARLIER:
        return 1
    return _longest_text(column.subject.scale) + 1


@lru_cache(maxsize=64)
def _longest_text(scale: CodeSet | NumberRange) -> int:
    """The widest short text a subject shows: a code's, or its largest mark's digits."""
    codes = scale if isinstance(scale, CodeSet) else scale.codes
    longest = max((len(code.short) for code in codes), default=1)
    if isinstance(scale, NumberRange):
        longest = max(longest, len(str(scale.high)), len(str(scale.low)))
    return longest


def foot_labels(model: GridModel) -> tuple[str, str, str, str]:
    """The foot's line labels: the shown frameworks' own when they agree (EYFS in-year and
    the ELGs share theirs); plain words when each counts below and at or above; else each
    line's labels joined ("No. EXS+/Wt": KS1's groups beside the phonics outcome's)."""
    shown = model.frameworks_shown
    settings = model.cohort.settings  # the establishment's score threshold ("No. ≥100")
    labels = list(dict.fromkeys(framework.foot_line_labels_in(settings) for framework in shown))
    labels = [line for line in labels if any(line)]  # the engagement model's foot is empty
    if len(labels) == 1:
        return labels[0]
    if not labels:
        return ("", "", "", "")
    if not any(framework.groups or framework.has_scores for framework in shown):
        return MIXED_FOOT_LABELS
    first, second, third, fourth = (joined(line) for line in zip(*labels, strict=True))
    return first, second, third, fourth


def joined(labels: tuple[str, ...]) -> str:
    """Labels of one foot line as one: "No. EXS+" and "No. Wt" are "No. EXS+/Wt"."""
    distinct = list(dict.fromkeys(labels))
    heads = {label.split(" ", 1)[0] for label in distinct}
    if len(heads) == 1 and all(" " in label for label in distinct):
        head = heads.pop()
        return f"{head} " + "/".join(label.split(" ", 1)[1] for label in distinct)
    return "/".join(distinct)


# The gone-beyond palette uses the 16 ANSI colours, so PuTTY's defaults show it.
PALETTE = {
    GoneBeyond.GREEN: Style(bgcolor="green", color="black"),
    GoneBeyond.BLUE: Style(bgcolor="blue", color="bright_white"),
    GoneBeyond.PURPLE: Style(bgcolor="magenta", color="bright_white"),
    GoneBeyond.YELLOW: Style(bgcolor="yellow", color="black"),
}


class Geometry(ColumnGeometry):
    """Where each column sits in the scrolling part, separators included."""

    @classmethod
    def of(cls, model: GridModel, wide: bool, beside: Beside = Beside.NOTHING) -> Geometry:
        xs: list[int] = []
        widths: list[int] = []
        rules: list[bool] = []
        x = 0
        columns = model.columns
        for index, column in enumerate(columns):
            width = column_width(column, wide) + beside_width(column, beside)
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


def mean_text(mean: Decimal | None, wide: bool) -> str:
    """A mean score in the foot: to 2 places in wide columns, whole (half up) in compact ones
    ("101"), "-" when there is none."""
    if mean is None:
        return "-"
    if wide:
        return format_percent(mean)
    return str(mean.quantize(Decimal(1), rounding=ROUND_HALF_UP))


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
