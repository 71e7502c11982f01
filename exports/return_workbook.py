"""A local authority's return workbook written as a stream: one sheet of pupils a row at a time
(memory stays flat for a whole LA), stopped between establishments or before saving, and
nothing left behind (no file, no rows in openpyxl's own temporary files) when it stops or fails.

The ELG return (exports.la_workbook) and the KS1 return (exports.ks1_la_workbook) lay out their
rows; this module does the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from exports.folder import export_path, la_outbox
from exports.sheet_style import (
    LINE_HEIGHT,
    TITLE_FONT,
    Title,
    header_width,
    save_workbook,
    stream_cell,
    stream_header,
    wrapped,
)
from store.core.errors import InvalidInput
from store.curriculum.dates import format_academic_year
from store.reports.la_return import StopAsked
from store.reports.many import Cancelled

RowT = TypeVar("RowT")
DATE_FORMAT = "dd/mm/yyyy"
WRAP = Alignment(wrap_text=True, vertical="top")
MoreSheets = Callable[[Workbook], None]
"""Adds the sheets that follow the rows' (a summary of them), once every row is written."""


class NothingSubmitted(InvalidInput):
    """No establishment has submitted results for the year: no file is written."""

    def __init__(self, academic_year: int, what: str = "End of Year ELG results") -> None:
        super().__init__(
            f"No establishment has submitted {what} for "
            f"{format_academic_year(academic_year)}: nothing was written."
        )


@dataclass(frozen=True)
class ReturnSummary:
    """What was written: where, and how many establishments and pupils."""

    path: Path
    establishments: int
    pupils: int


def fitted_widths(
    headers: Sequence[str], value_widths: Sequence[int], header_lines: Sequence[int]
) -> tuple[int, ...]:
    """Each column wide enough for its values and for its header wrapped onto its lines (set
    before any row: a write-only sheet cannot measure what it wrote)."""
    return tuple(
        max(width, header_width(label, lines) + 2)
        for width, label, lines in zip(value_widths, headers, header_lines, strict=True)
    )


def header_height(headers: Sequence[str], widths: Sequence[int]) -> float:
    """The header row's height: its tallest header, wrapped to its column."""
    return LINE_HEIGHT * max(
        len(wrapped(label, int(width) - 2)) for label, width in zip(headers, widths, strict=True)
    )


@dataclass(frozen=True)
class SheetLayout(Generic[RowT]):
    """One streamed sheet: its headers and widths, and how a row becomes its cells."""

    headers: tuple[str, ...]
    widths: tuple[int, ...]
    cells: Callable[[Any, RowT], list[Any]]
    """(the sheet, a row) -> the row's cells, plain values or WriteOnlyCells."""
    frozen_columns: int
    """Columns that stay in view when the sheet scrolls sideways (the school and the pupil)."""
    wrapped_headers: tuple[int, int] = (0, 0)
    """(first, after the last) of the headers wrapped at their top (long names of areas)."""

    @property
    def header_height(self) -> float:
        return header_height(self.headers, self.widths)


def start_sheet(sheet: Any, layout: SheetLayout[Any], title: Title) -> None:
    """Widths, frozen panes, the title rows and the header, before any row."""
    for index, width in enumerate(layout.widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    lines = title.lines()
    sheet.freeze_panes = f"{get_column_letter(layout.frozen_columns + 1)}{len(lines) + 2}"
    sheet.row_dimensions[len(lines) + 1].height = layout.header_height
    for number, line in enumerate(lines):
        cell = stream_cell(sheet, line)
        if number == 0:
            cell.font = TITLE_FONT
        sheet.append([cell])
    header = stream_header(sheet, layout.headers)
    for cell in header[slice(*layout.wrapped_headers)]:
        cell.alignment = WRAP
    sheet.append(header)


def date_cell(sheet: Any, value: object) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value)
    cell.number_format = DATE_FORMAT
    return cell


def write_streamed(
    path: Path,
    title: Title,
    sheet_name: str,
    layout: SheetLayout[RowT],
    rows: Iterable[RowT],
    more: MoreSheets | None = None,
) -> int:
    """Stream `rows` into a write-only workbook at `path`; return how many were written.

    Raises:
        OSError: the file cannot be written (nothing is left behind).
    """
    workbook = Workbook(write_only=True)
    sheet: Any = workbook.create_sheet(sheet_name)
    try:
        start_sheet(sheet, layout, title)
        count = 0
        for row in rows:
            sheet.append(layout.cells(sheet, row))
            count += 1
        if more is not None:
            more(workbook)
        save_workbook(workbook, path)
    except BaseException:
        for written in workbook.worksheets:
            discard(written)
        raise
    return count


def discard(sheet: Any) -> None:
    """Delete the rows openpyxl streamed to a temporary file of its own: after a failure or a
    stop it would otherwise hold pupils' details until the program ends."""
    writer = getattr(sheet, "_writer", None)
    if writer is None:
        return
    with suppress(Exception):
        if getattr(sheet, "_rows", None) is not None:
            sheet._rows.close()
        writer.close()
    with suppress(OSError, ValueError):  # already removed when the failure came after saving
        writer.cleanup()


def write_unless_stopped(
    path: Path,
    title: Title,
    sheet_name: str,
    layout: SheetLayout[RowT],
    rows: Iterable[RowT],
    *,
    establishments: int,
    cancelled: StopAsked | None,
    more: MoreSheets | None = None,
) -> int:
    """`write_streamed`, asking `cancelled` once more before saving and again after: a stop
    asked while the file was saved takes the file away too.

    Raises:
        Cancelled: `cancelled` said so; nothing is left at `path`.
        OSError: the file cannot be written (nothing is left behind).
    """

    def then_ask(rows: Iterable[RowT]) -> Iterable[RowT]:
        yield from rows
        if cancelled is not None and cancelled():
            raise Cancelled(establishments, establishments)

    count = write_streamed(path, title, sheet_name, layout, then_ask(rows), more)
    if cancelled is not None and cancelled():
        # Asked while the file was being saved: the person said stop, so it goes.
        path.unlink(missing_ok=True)
        raise Cancelled(establishments, establishments)
    return count


def year_sheet_name(what: str, academic_year: int) -> str:
    """ "ELG 2025-2026": a sheet's name holds no "/"."""
    return f"{what} {format_academic_year(academic_year).replace('/', '-')}"


def la_return_path(
    what: str, academic_year: int, made_at: datetime, folder: Path | None = None
) -> Path:
    """A new file for a return, e.g. "ELG return 2025-2026 (...).xlsx", in `folder` or the
    "Local authority" outbox.

    Raises:
        OSError: the folder cannot be created.
    """
    return export_path(folder or la_outbox(), year_sheet_name(what, academic_year), made_at)
