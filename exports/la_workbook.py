"""The local authority's workbook of every submitted End of Year ELG result, written as a stream."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from openpyxl.cell import WriteOnlyCell

# NothingSubmitted and ReturnSummary were defined here first: their importers still find them.
from exports.return_workbook import NothingSubmitted as NothingSubmitted
from exports.return_workbook import ReturnSummary as ReturnSummary
from exports.return_workbook import (
    SheetLayout,
    date_cell,
    fitted_widths,
    la_return_path,
    write_unless_stopped,
    year_sheet_name,
)
from exports.sheet_style import GLD_NO_FILL, GLD_YES_FILL, Title, stream_cell
from store.core.access import Actor
from store.core.db import Database
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
# Wide enough for the values, and for each header wrapped onto 2 lines (an area's long name
# onto 3).
WIDTHS = fitted_widths(
    HEADERS,
    (14, 30, 15, 18, 18, 12, 5, *(12 for _ in AREAS), 6, 9),
    (*(2 for _ in FIXED_HEADERS), *(3 for _ in AREAS), 2, 2),
)


def _cells(sheet: Any, row: ReturnRow) -> list[Any]:
    # Outcome words are the program's own constants: plain values, no per-cell checks needed.
    cells: list[Any] = [
        stream_cell(sheet, row.number),
        stream_cell(sheet, row.establishment),
        stream_cell(sheet, row.upn),
        stream_cell(sheet, row.surname),
        stream_cell(sheet, row.forenames),
        date_cell(sheet, row.date_of_birth),
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


LAYOUT = SheetLayout(
    HEADERS,
    WIDTHS,
    _cells,
    frozen_columns=5,
    wrapped_headers=(len(FIXED_HEADERS), len(FIXED_HEADERS) + len(AREAS)),
)


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
    pupils = write_unless_stopped(
        path,
        title,
        year_sheet_name("ELG", academic_year),
        LAYOUT,
        rows,
        establishments=establishments,
        cancelled=cancelled,
    )
    record_return_export(db, actor, academic_year, establishments, pupils)
    return ReturnSummary(path, establishments, pupils)


def return_path(academic_year: int, made_at: datetime, folder: Path | None = None) -> Path:
    """A new file for the return, in `folder` or the "Local authority" outbox.

    Raises:
        OSError: the folder cannot be created.
    """
    return la_return_path("ELG return", academic_year, made_at, folder)


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
