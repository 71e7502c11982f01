"""Cell values for workbooks: text stays text (never a formula), numbers stay numbers."""

from __future__ import annotations

import re
from datetime import date, datetime

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

# What a spreadsheet would read as the start of a formula (or of a DDE payload).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")
# Characters XML 1.0 cannot hold at all; openpyxl refuses them, so they are dropped.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

CellValue = str | int | float | date | datetime | None


def readable_text(text: str) -> str:
    """`text` without the control characters a workbook cannot store."""
    return _ILLEGAL.sub("", text)


def put(sheet: Worksheet, row: int, column: int, value: CellValue) -> Cell:
    """Write `value` at (row, column); text is stored as text even when it starts like a formula.

    A leading =, +, -, @, tab or NUL gets Excel's quote prefix (the cell shows the text as
    typed, and editing it does not turn it into a formula); numbers and dates keep their type.
    """
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        risky = value.startswith(FORMULA_STARTS)
        cell.value = readable_text(value)
        cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
        if risky:
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell
