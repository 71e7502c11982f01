"""The data download as a CSV file (UTF-8 with a byte order mark, so Excel reads accents) or a
workbook: one row per pupil per assessment per subject, written as the rows are read.

The columns are documented one by one in the README ("The data download"). Text a spreadsheet
would run as a formula is made inert (a leading quote in the CSV, Excel's quote prefix in the
workbook). Files are new, private and whole (exports.folder.write_new_file); every download
written is recorded in the audit trail.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, BinaryIO

from exports.cells import CellValue
from exports.folder import FOLDER_MODE, export_path, la_outbox, outbox, write_new_file
from exports.trail_csv import inert
from store.core.access import Actor
from store.core.db import Database
from store.curriculum.dates import format_academic_year
from store.pupils.data_download import (
    DataDownload,
    DownloadRow,
    Value,
    data_download,
    download_schools,
    record_data_download,
)
from store.reports.la_return import Progress, StopAsked

SHEET_ROWS = 1_048_576
"""Excel's rows in a sheet: a longer download goes on into another sheet."""
SHEET_NAME = "Data download"
DATE_FORMAT = "dd/mm/yyyy"

PUPIL_HEADERS = (
    "Establishment number",
    "UPN",
    "Surname",
    "Forenames",
    "Date of birth",
    "Gender",
    "Year group",
    "Year group override",
    "Class",
    "Ethnicity",
    "SEN",
    "Disadvantaged",
    "EAL",
    "Pupil premium",
    "FSM",
)
PUPIL_FLAG_HEADERS = ("Include in data", "Alternative assessment", "Archived", "Left on")
ASSESSMENT_HEADERS = (
    "Academic year",
    "Assessment",
    "Assessment date",
    "Framework",
    "Submitted",
    "Subject code",
    "Subject",
    "Result",
    "Result words",
    "Score",
    "Gone beyond",
    "Note",
    "Target",
    "Target words",
    "Target score",
    "Target gone beyond",
    "Target note",
    "Judged progress",
    "Judged progress words",
    "Judged progress note",
    "EHC plan outcome",
    "Assessment note",
)


def headers(custom_names: Iterable[str]) -> tuple[str, ...]:
    """The heading row: the six custom filters are headed with the school's names for them."""
    customs = tuple(f"Custom {n}: {name}" for n, name in enumerate(custom_names, start=1))
    return (*PUPIL_HEADERS, *customs, *PUPIL_FLAG_HEADERS, *ASSESSMENT_HEADERS)


def _yes(flag: bool) -> str:
    return "Yes" if flag else "No"


def _value(value: Value | None, *, number: bool = True, gone_beyond: bool = True) -> list[Any]:
    if value is None:
        return [None] * (3 + number + gone_beyond)
    parts: list[Any] = [value.code, value.words or None]
    if number:
        parts.append(value.number)
    if gone_beyond:
        parts.append(value.gone_beyond)
    parts.append(value.note)
    return parts


def row_values(number: str, row: DownloadRow) -> list[CellValue]:
    """A row's cells as typed values (text, whole numbers, dates; None is blank), in the order
    of `headers`."""
    pupil = row.pupil
    judged = _value(row.judged, number=False, gone_beyond=False)
    return [
        number,
        pupil.upn,
        pupil.surname,
        pupil.forenames,
        pupil.date_of_birth,
        pupil.gender,
        row.year_group or None,
        pupil.year_override or None,
        pupil.class_name or None,
        pupil.ethnicity,
        pupil.sen or None,
        _yes(pupil.disadvantaged),
        _yes(pupil.eal),
        _yes(pupil.pupil_premium),
        _yes(pupil.fsm),
        *(_yes(flag) for flag in pupil.customs),
        _yes(pupil.include_in_data),
        _yes(pupil.alternative_assessment),
        _yes(pupil.archived),
        pupil.left_on,
        format_academic_year(row.academic_year),
        row.assessment,
        row.day,
        row.framework,
        _yes(row.submitted),
        row.subject_code or None,
        row.subject or None,
        *_value(row.result),
        *_value(row.target),
        *judged,
        row.ehc_outcome,
        row.period_note,
    ]


def _csv_text(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, str):
        return inert(value)
    return str(value)


@dataclass(frozen=True)
class DownloadWritten:
    """A download written: where, and how many rows it holds."""

    path: Path
    rows: int


def write_download_csv(download: DataDownload, path: Path) -> int:
    """Write `download` to the new file `path` as CSV; return how many rows (below the
    heading) it holds.

    Raises:
        FileExistsError: `path` exists already: it is never overwritten.
        OSError: the file cannot be written (nothing is left behind).
    """
    count = 0

    def fill(file: BinaryIO) -> None:
        nonlocal count
        text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow([inert(heading) for heading in headers(download.custom_names)])
        for row in download.rows:
            writer.writerow([_csv_text(value) for value in row_values(download.number, row)])
            count += 1
        text.flush()
        text.detach()  # the binary file is write_new_file's to close

    write_new_file(path, fill)
    return count


def write_download_workbook(download: DataDownload, path: Path) -> int:
    """Write `download` to the new workbook `path` (write-only: memory stays flat); return how
    many rows it holds. Past Excel's rows in a sheet it goes on in "Data download (2)"...

    Raises:
        FileExistsError: `path` exists already.
        OSError: the file cannot be written (nothing is left behind).
    """
    from openpyxl.workbook import Workbook

    from exports.return_workbook import discard
    from exports.sheet_style import stream_cell, stream_header

    workbook = Workbook(write_only=True)
    heading = headers(download.custom_names)
    count = 0

    def new_sheet(number: int) -> Any:
        sheet: Any = workbook.create_sheet(
            SHEET_NAME if number == 1 else f"{SHEET_NAME} ({number})"
        )
        sheet.freeze_panes = "E2"
        sheet.append(stream_header(sheet, heading))
        return sheet

    def cells(sheet: Any, row: DownloadRow) -> list[Any]:
        written: list[Any] = []
        for value in row_values(download.number, row):
            cell = stream_cell(sheet, value)
            if isinstance(value, date):
                cell.number_format = DATE_FORMAT
            written.append(cell)
        return written

    def fill(file: BinaryIO) -> None:
        nonlocal count
        sheets = 1
        sheet = new_sheet(sheets)
        in_sheet = 1
        for row in download.rows:
            if in_sheet == SHEET_ROWS:
                sheets += 1
                sheet = new_sheet(sheets)
                in_sheet = 1
            sheet.append(cells(sheet, row))
            in_sheet += 1
            count += 1
        workbook.save(file)

    try:
        write_new_file(path, fill)
    except BaseException:
        for sheet in workbook.worksheets:
            discard(sheet)
        raise
    return count


def download_path(number: str, made_at: datetime, *, workbook: bool, folder: Path | None) -> Path:
    """A new file, e.g. "Data download 2041 (2026-12-07 0930).csv", in `folder` or the
    establishment's outbox.

    Raises:
        OSError: the folder cannot be created.
    """
    suffix = ".xlsx" if workbook else ".csv"
    return export_path(folder or outbox(number), f"Data download {number}", made_at, suffix)


def export_data_download(
    db: Database,
    actor: Actor,
    establishment_id: int,
    *,
    workbook: bool = False,
    folder: Path | None = None,
    path: Path | None = None,
    made_at: datetime | None = None,
) -> DownloadWritten:
    """Write the establishment's data download (CSV, or with `workbook` an .xlsx) to `path`,
    or a new file in `folder` or its outbox, and record it in the audit trail.

    Run it in a worker: it reads every value the establishment holds.

    Raises:
        PermissionDenied: `actor` may not see the establishment.
        NotFound: there is no such establishment.
        OSError: the file cannot be written (nothing is audited).
    """
    download = data_download(db, actor, establishment_id)
    moment = made_at or datetime.now(timezone.utc)
    if path is None:
        path = download_path(download.number, moment, workbook=workbook, folder=folder)
    write = write_download_workbook if workbook else write_download_csv
    rows = write(download, path)
    record_data_download(db, actor, establishment_id, rows)
    return DownloadWritten(path, rows)


@dataclass(frozen=True)
class EveryDownload:
    """Support's run over every establishment: the folder, each file, the rows in all; `stopped`
    when the person stopped it after `done` of `establishments`."""

    folder: Path
    written: tuple[Path, ...]
    rows: int
    establishments: int
    done: int
    stopped: bool = False


def every_download_folder(made_at: datetime) -> Path:
    """A new folder for one run, e.g. "Data downloads (2026-12-07 0930)" in the "Local
    authority" outbox.

    Raises:
        OSError: it cannot be created.
    """
    folder = export_path(la_outbox(), "Data downloads", made_at, suffix="")
    folder.mkdir(mode=FOLDER_MODE)
    return folder


def export_every_download(
    db: Database,
    actor: Actor,
    *,
    workbook: bool = False,
    folder: Path | None = None,
    progress: Progress | None = None,
    cancelled: StopAsked | None = None,
    made_at: datetime | None = None,
) -> EveryDownload:
    """Write every establishment's data download into one folder (a new one in the "Local
    authority" outbox, or `folder`), one establishment at a time (support only).

    Args:
        progress: Told (establishments done, establishments in all).
        cancelled: Asked before each establishment: True stops (the files written stay: each
            is whole and audited).

    Raises:
        PermissionDenied: `actor` is not support.
        OSError: the folder or a file cannot be written (the files before it stay).
    """
    schools = download_schools(db, actor)
    moment = made_at or datetime.now(timezone.utc)
    if folder is None:
        folder = every_download_folder(moment)
    else:
        folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    written: list[Path] = []
    rows = 0
    stopped = False
    if progress is not None:
        progress(0, len(schools))
    for school in schools:
        if cancelled is not None and cancelled():
            stopped = True
            break
        outcome = export_data_download(
            db, actor, school.establishment_id, workbook=workbook, folder=folder, made_at=moment
        )
        written.append(outcome.path)
        rows += outcome.rows
        if progress is not None:
            progress(len(written), len(schools))
    if not written:
        with suppress(OSError):  # stopped before the first: leave no empty folder behind
            folder.rmdir()
    return EveryDownload(folder, tuple(written), rows, len(schools), len(written), stopped)
