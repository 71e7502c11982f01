"""Shared look of every exported workbook: title block, header row, panes, widths, fills, save."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Hashable, Sequence
from copy import copy
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from exports.cells import FORMULA_STARTS, CellValue, put, readable_text
from exports.folder import write_new_file
from store.curriculum.eyfs import GoneBeyond


def solid(rgb: str) -> PatternFill:
    """A solid cell fill of colour `rgb` ("RRGGBB")."""
    return PatternFill(fill_type="solid", start_color=rgb, end_color=rgb)


# Light tints of the grid's 16-colour palette, so black text stays readable when printed.
GONE_BEYOND_FILLS: dict[GoneBeyond, PatternFill] = {
    GoneBeyond.GREEN: solid("92D050"),
    GoneBeyond.BLUE: solid("9BC2E6"),
    GoneBeyond.PURPLE: solid("C9A0DC"),
    GoneBeyond.YELLOW: solid("FFFF00"),
}
# Excel's own "Good" and "Bad" cell styles, which readers already know.
GLD_YES_FILL = solid("C6EFCE")
GLD_NO_FILL = solid("FFC7CE")
HEADER_FILL = solid("D9D9D9")

HEADER_FONT = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
HEADER_BORDER = Border(bottom=Side(style="thin"))
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="bottom", wrap_text=True)

MADE_FORMAT = "%d/%m/%Y %H:%M"
# Every workbook stores a percentage as the fraction it is (0.2333) shown as 23.33%, so a
# reader can sum, chart and reformat it; averages are plain numbers with 2 decimals.
PERCENT_FORMAT = "0.00%"
WHOLE_PERCENT_FORMAT = "0%"  # the progress meeting's whole percentages (23% holds 0.23)
AVERAGE_FORMAT = "0.00"
# A header may widen its column until it fits on HEADER_LINES lines, but not past HEADER_WIDTH
# characters: a longer header wraps onto more lines of a taller header row instead.
HEADER_LINES = 2
HEADER_WIDTH = 24
SHORT_HEADER = 12  # a header this short stays on one line ("% Below", not "%" over "Below")
LINE_HEIGHT = 15.0  # points per line of 11-point text


@dataclass(frozen=True)
class Title:
    """What the two title rows at the top of a sheet say.

    Row 1: "Assessments: Screen data · 1234 - SUNNYSIDE PRIMARY · 2025/2026 · Reception".
    Row 2: "Pupils: Filter: Male · 12 of 30 pupils · <extra> · Made 12/03/2026 14:05".
    Two rows, not a block, so that frozen header rows leave room for the data.

    Attributes:
        heading: What the sheet is, e.g. "Assessments: Screen data".
        establishment: Number and name, e.g. "1234 - SUNNYSIDE PRIMARY".
        year: Academic year, e.g. "2025/2026".
        made_at: When the file was made (tz-aware; written in local time).
        group: Year group(s) shown, "" to leave it out.
        filter: Pupils shown ("All pupils", the characteristics filter, a class), "" to leave out.
        extra: Further phrases for row 2, e.g. which assessments are shown.
    """

    heading: str
    establishment: str
    year: str
    made_at: datetime
    group: str = ""
    filter: str = ""
    extra: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        """The two title rows' text."""
        first = [self.heading, self.establishment, self.year] + ([self.group] if self.group else [])
        second = ([f"Pupils: {self.filter}"] if self.filter else []) + list(self.extra)
        second.append(f"Made {self.made_at.astimezone():{MADE_FORMAT}}")
        return [" · ".join(first), " · ".join(second)]


def fraction(value: Decimal) -> float:
    """A percentage (23.33) as the fraction a PERCENT_FORMAT cell holds (0.2333)."""
    return float(value / 100)


def wrapped(text: str, width: int) -> list[str]:
    """`text` as a wrapped cell `width` characters wide shows it (breaking only at spaces)."""
    lines: list[str] = []
    for line in text.splitlines() or [""]:
        lines += textwrap.wrap(line, max(1, width), break_long_words=False) or [""]
    return lines


def header_width(text: str, lines: int = HEADER_LINES, maximum: int = HEADER_WIDTH) -> int:
    """The characters a header needs: its length when it is short (SHORT_HEADER), else the
    narrowest width at which `text` wraps onto at most `lines` lines, though no wider than
    `maximum` unless one word is longer.

    "% Below" needs 7; "Total Number Below" needs 12 ("Total Number" over "Below").
    """
    words = text.split()
    if not words:
        return 0
    whole = len(" ".join(words))
    if whole <= SHORT_HEADER:
        return whole
    longest = max(len(word) for word in words)
    width = max(longest, min(maximum, math.ceil(whole / lines)))
    while width < maximum and len(wrapped(text, width)) > lines:
        width += 1
    return width


def write_title(sheet: Worksheet, title: Title, row: int = 1) -> int:
    """Write the two title rows in column A from `row`; return the next row.

    Every line is text written through `put`, so an establishment or filter name that looks
    like a formula stays text.
    """
    for offset, line in enumerate(title.lines()):
        cell = put(sheet, row + offset, 1, line)
        if offset == 0:
            cell.font = TITLE_FONT
    return row + len(title.lines())


class StyleCache:
    """Gives many cells the same look quickly.

    Setting `cell.font` (or fill, border...) hashes the style object on every cell, which
    costs about 25 us each: seconds over a whole phase's grid. The first cell of each look is
    styled the ordinary way and its style array kept; later cells get a copy of that array.
    """

    def __init__(self) -> None:
        self._arrays: dict[tuple[Hashable, bool], Any] = {}

    def apply(self, cell: Cell, look: Hashable, **styles: Any) -> Cell:
        """Style `cell` as `styles` (font=..., fill=...), which `look` names for reuse."""
        # The quote prefix that keeps formula-like text as text lives in the same array.
        key = (look, bool(cell.quotePrefix))
        array = self._arrays.get(key)
        if array is None:
            for name, value in styles.items():
                setattr(cell, name, value)
            self._arrays[key] = copy(cell._style)
        else:
            cell._style = copy(array)
        return cell


_HEADER_STYLE = {
    "font": HEADER_FONT,
    "fill": HEADER_FILL,
    "border": HEADER_BORDER,
    "alignment": HEADER_ALIGNMENT,
}


def write_header(
    sheet: Worksheet,
    row: int,
    labels: Sequence[str],
    first_column: int = 1,
    styles: StyleCache | None = None,
) -> None:
    """Write one bold, shaded, wrapped header row of `labels` starting at `first_column`."""
    styles = styles or StyleCache()
    for offset, label in enumerate(labels):
        styles.apply(put(sheet, row, first_column + offset, label), "header", **_HEADER_STYLE)


def stream_cell(sheet: Any, value: CellValue) -> WriteOnlyCell:
    """`put`'s rule for a write-only sheet: text stays text (quote prefix), numbers stay numbers.

    Build a row of these and `sheet.append` it; write-only sheets keep memory flat.
    """
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, readable_text(value))
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
        return cell
    return WriteOnlyCell(sheet, value)


def stream_header(sheet: Any, labels: Sequence[str]) -> list[WriteOnlyCell]:
    """A header row for a write-only sheet, styled as `write_header` styles one."""
    cells = []
    for label in labels:
        cell = stream_cell(sheet, label)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = HEADER_BORDER
        cell.alignment = HEADER_ALIGNMENT
        cells.append(cell)
    return cells


def freeze(sheet: Worksheet, last_header_row: int, fixed_columns: int = 1) -> None:
    """Keep the header rows (down to `last_header_row`) and the first `fixed_columns` in view."""
    sheet.freeze_panes = sheet.cell(row=last_header_row + 1, column=fixed_columns + 1)


def fit_widths(
    sheet: Worksheet,
    from_row: int = 1,
    minimum: float = 4,
    maximum: float = 40,
    header_rows: Sequence[int] = (),
) -> None:
    """Set each column's width from its longest value at or below `from_row`.

    The title block sits above `from_row` so its long lines do not widen column A. A header in
    `header_rows` wraps: it widens its column until it fits on two lines (up to HEADER_WIDTH
    characters), and each header row is made tall enough for its longest wrapped header, so a
    printed sheet shows every header whole.
    """
    widths: dict[int, float] = {}
    wrapped_rows = set(header_rows)
    headers: list[tuple[int, int, str]] = []
    # The cells written, not iter_rows: that would create (and save) every empty cell too.
    for (row, column), cell in sheet._cells.items():
        if row < from_row or cell.value is None:
            continue
        text = str(cell.value)
        if row in wrapped_rows:
            headers.append((row, column, text))
            needed = header_width(text)
        else:
            needed = max(len(line) for line in text.splitlines() or [""])
        widths[column] = max(widths.get(column, 0), needed)
    for column, width in widths.items():
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = min(maximum, max(minimum, width + 2))
    heights: dict[int, int] = {}
    for row, column, text in headers:
        # The 2 characters of margin added above are room for bold text, not for more words.
        usable = int(sheet.column_dimensions[get_column_letter(column)].width) - 2
        heights[row] = max(heights.get(row, 1), len(wrapped(text, usable)))
    for row, lines in heights.items():
        if lines > 1:
            sheet.row_dimensions[row].height = LINE_HEIGHT * lines


def save_workbook(workbook: Workbook, path: Path) -> Path:
    """Save `workbook` as the new file `path` (see exports.folder.write_new_file: 0600, whole
    or not at all, never over another file, inside the exports folder).

    Raises:
        FileExistsError: `path` exists already.
        OSError: the file cannot be written; its `filename` is `path`.
    """
    return write_new_file(Path(path), workbook.save)
