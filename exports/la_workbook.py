"""The local authority's workbook of every submitted End of Year ELG result, written as a stream."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from exports.folder import export_path, la_outbox
from exports.sheet_style import (
    GLD_NO_FILL,
    GLD_YES_FILL,
    LINE_HEIGHT,
    TITLE_FONT,
    Title,
    header_width,
    save_workbook,
    stream_cell,
    stream_header,
    wrapped,
)
from store.core.access import Actor
from store.core.db import Database
from store.core.errors import InvalidInput
from store.core.words import plural
from store.curriculum.dates import format_academic_year
from store.curriculum.eyfs import AREAS
from store.reports.la_return import (
    Progress,
    ReturnRow,
    StopAsked,
    record_return_export,
    return_rows,
    submitted_sections,
)
from store.reports.many import Cancelled

FIXED_HEADERS = (
    "Establishment number",
    "Establishment",
    "UPN",
    "Surname",
    "Forename",
    "Date of birth",
    "Sex",
)
HEADERS = (*FIXED_HEADERS, *(area.name for area in AREAS), "GLD", "ELG total score")
# Widths are set before any row (a write-only sheet cannot measure what it wrote): wide enough
# for the values, and for each header wrapped onto 2 lines (an area's long name onto 3).
_VALUE_WIDTHS = (14, 30, 15, 18, 18, 12, 5, *(12 for _ in AREAS), 6, 9)
_HEADER_LINES = (*(2 for _ in FIXED_HEADERS), *(3 for _ in AREAS), 2, 2)
WIDTHS = tuple(
    max(width, header_width(label, lines) + 2)
    for width, label, lines in zip(_VALUE_WIDTHS, HEADERS, _HEADER_LINES, strict=True)
)
HEADER_HEIGHT = LINE_HEIGHT * max(
    len(wrapped(label, int(width) - 2)) for label, width in zip(HEADERS, WIDTHS, strict=True)
)
DATE_FORMAT = "dd/mm/yyyy"
WRAP = Alignment(wrap_text=True, vertical="top")


class NothingSubmitted(InvalidInput):
    """No establishment has submitted results for the year: no file is written."""

    def __init__(self, academic_year: int) -> None:
        super().__init__(
            "No establishment has submitted End of Year ELG results for "
            f"{format_academic_year(academic_year)}: nothing was written."
        )


@dataclass(frozen=True)
class ReturnSummary:
    """What was written: where, and how many establishments and pupils."""

    path: Path
    establishments: int
    pupils: int


def write_return_workbook(
    rows: Iterable[ReturnRow], title: Title, path: Path, sheet_name: str = "ELG return"
) -> int:
    """Stream `rows` into a write-only workbook at `path`; return how many were written.

    Only one row is held at a time, so memory stays flat for a whole local authority.

    Raises:
        OSError: the file cannot be written (nothing is left behind).
    """
    workbook = Workbook(write_only=True)
    sheet: Any = workbook.create_sheet(sheet_name)
    try:
        count = _stream(sheet, rows, title)
        save_workbook(workbook, path)
    except BaseException:
        _discard(sheet)
        raise
    return count


def _stream(sheet: Any, rows: Iterable[ReturnRow], title: Title) -> int:
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    lines = title.lines()
    sheet.freeze_panes = f"F{len(lines) + 2}"
    sheet.row_dimensions[len(lines) + 1].height = HEADER_HEIGHT
    for number, line in enumerate(lines):
        cell = stream_cell(sheet, line)
        if number == 0:
            cell.font = TITLE_FONT
        sheet.append([cell])
    header = stream_header(sheet, HEADERS)
    for cell in header[len(FIXED_HEADERS) : len(FIXED_HEADERS) + len(AREAS)]:
        cell.alignment = WRAP
    sheet.append(header)
    count = 0
    for row in rows:
        sheet.append(_cells(sheet, row))
        count += 1
    return count


def _discard(sheet: Any) -> None:
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


def _cells(sheet: Any, row: ReturnRow) -> list[Any]:
    born = WriteOnlyCell(sheet, row.date_of_birth)
    born.number_format = DATE_FORMAT
    # Outcome words are the program's own constants: plain values, no per-cell checks needed.
    cells: list[Any] = [
        stream_cell(sheet, row.number),
        stream_cell(sheet, row.establishment),
        stream_cell(sheet, row.upn),
        stream_cell(sheet, row.surname),
        stream_cell(sheet, row.forenames),
        born,
        stream_cell(sheet, row.sex),
        *(outcome.label if outcome is not None else None for outcome in row.outcomes),
    ]
    gld = row.gld
    if gld is None:
        cells.append(None)
    else:
        mark = WriteOnlyCell(sheet, "Yes" if gld else "No")
        mark.fill = GLD_YES_FILL if gld else GLD_NO_FILL
        cells.append(mark)
    cells.append(row.total_score)
    return cells


def write_la_return(
    db: Database,
    actor: Actor,
    academic_year: int,
    path: Path,
    progress: Progress | None = None,
    made_at: datetime | None = None,
    *,
    cancelled: StopAsked | None = None,
    allow_empty: bool = True,
) -> ReturnSummary:
    """Write every establishment's submitted ELG results for `academic_year` to `path`.

    Support only; the export is recorded in the audit trail (it holds pupils' personal data).

    Args:
        db: The database.
        actor: The support account (or the server administrator) exporting.
        academic_year: The academic year's start year.
        path: Where to write the .xlsx file.
        progress: Called as (establishments done, establishments in all).
        made_at: When it is made, for the title (default now).
        cancelled: Asked before each establishment, before saving and after: True stops the
            export, and no file is left at `path` (nor is the export recorded).
        allow_empty: False refuses a year no establishment has submitted (no file is written);
            True writes the headings alone.

    Raises:
        PermissionDenied: `actor` is not support.
        NothingSubmitted: no submitted results for the year and not `allow_empty`.
        Cancelled: `cancelled` said so; nothing is left at `path`.
        OSError: the file cannot be written (nothing is left behind).
    """
    year = format_academic_year(academic_year)
    sections = submitted_sections(db, actor, academic_year)
    establishments = len(sections)
    if not sections and not allow_empty:
        raise NothingSubmitted(academic_year)
    title = Title(
        heading="End of Year Early Learning Goals: local authority return",
        establishment=f"{plural(establishments, 'establishment')} submitted",
        year=year,
        made_at=made_at or datetime.now(timezone.utc),
        group="Reception",
        extra=("Only submitted results are included",),
    )
    rows = return_rows(db, actor, academic_year, progress, sections, cancelled)
    pupils = write_return_workbook(
        _stop_before_saving(rows, establishments, cancelled),
        title,
        path,
        sheet_name=f"ELG {year.replace('/', '-')}",
    )
    if cancelled is not None and cancelled():
        # Asked while the file was being saved: the person said stop, so it goes.
        path.unlink(missing_ok=True)
        raise Cancelled(establishments, establishments)
    record_return_export(db, actor, academic_year, establishments, pupils)
    return ReturnSummary(path, establishments, pupils)


def _stop_before_saving(
    rows: Iterable[ReturnRow], establishments: int, cancelled: StopAsked | None
) -> Iterable[ReturnRow]:
    """`rows`, then one last question before the workbook is saved."""
    yield from rows
    if cancelled is not None and cancelled():
        raise Cancelled(establishments, establishments)


def return_path(academic_year: int, made_at: datetime, folder: Path | None = None) -> Path:
    """A new file for the return, in `folder` or the "Local authority" outbox.

    Raises:
        OSError: the folder cannot be created.
    """
    what = f"ELG return {format_academic_year(academic_year).replace('/', '-')}"
    return export_path(folder or la_outbox(), what, made_at)


def export_la_return(
    db: Database,
    actor: Actor,
    academic_year: int,
    path: Path,
    progress: Progress | None = None,
    cancelled: StopAsked | None = None,
) -> Path:
    """`write_la_return` for the support area's trigger: returns the path written.

    Run it in a worker; `return_path(academic_year, now)` gives a new file name to pass.
    """
    return write_la_return(db, actor, academic_year, path, progress, cancelled=cancelled).path
