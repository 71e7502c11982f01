"""A Reception cohort progress meeting as a printable Excel form, laid out as the web tracker's.

Areas of development run across (LAU .. BIE) as on the original form; the free-text sections
use the area columns merged into two wide, wrapped cells. Every cell goes through
exports.cells.put, so notes that begin with "=" stay text.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from exports.cells import CellValue, put
from exports.folder import export_path, outbox
from exports.sheet_style import (
    WHOLE_PERCENT_FORMAT,
    Title,
    save_workbook,
    write_header,
    write_title,
)
from store.core.access import Actor
from store.core.db import Database
from store.curriculum.dates import format_academic_year
from store.curriculum.eyfs import AREA_BY_CODE, AREA_CODES
from store.establishments.establishments import EstablishmentInfo
from store.meetings.record import MeetingRecord, get_meeting

LABEL_WIDTH = 34
AREA_WIDTH = 6.5
FIRST_AREA = 2  # column B
LAST_AREA = FIRST_AREA + len(AREA_CODES) - 1  # column R
# The two wide text cells of a section row: B:I and J:R.
MIDDLE = (FIRST_AREA, FIRST_AREA + 7)
RIGHT = (FIRST_AREA + 8, LAST_AREA)
LINE_HEIGHT = 15.0  # points per line of 11-point text

TOP_WRAP = Alignment(wrap_text=True, vertical="top")
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
SECTION_FONT = Font(bold=True, size=12)
FIGURE_ROWS = (
    ("% below", 0),
    ("% below previous assessment", 1),
    ("% ontrack", 2),
    ("% ontrack previous assessment", 3),
)
SECTIONS = {
    "discussion": (
        "Discussion Areas",
        "",
        (
            "Question",
            "Notes, including identification of area of learning",
            "Agreed next steps if applicable",
        ),
    ),
    "barrier": (
        "Barriers to Learning",
        "What are the barriers for specific children in their learning and how will these be "
        "overcome?/Individual children causing concern?",
        (
            "Pupil Names",
            "Barrier to learning and proposed support",
            "Agreed next steps if applicable",
        ),
    ),
    "targeted": (
        "Targeted Support",
        "Please provide details of the children who could meet the expected standard and make "
        "good progress with additional support.",
        ("Areas of Development", "Pupil Names", "Comments"),
    ),
    "group": (
        "Specific Groups",
        "Please provide details of any specific groups of children who are causing concern and "
        "may need additional support.",
        ("Areas of Development", "Group Names", "Comments"),
    ),
}


def _width(first: int, last: int) -> float:
    return sum(LABEL_WIDTH if c == 1 else AREA_WIDTH for c in range(first, last + 1))


def _lines(text: str, width: float) -> int:
    """How many printed lines `text` wraps to in a cell about `width` characters wide."""
    per_line = max(1, int(width) - 1)
    return sum(max(1, math.ceil(len(line) / per_line)) for line in (text or "").split("\n"))


def _merged(sheet: Worksheet, row: int, span: tuple[int, int], value: CellValue) -> None:
    cell = put(sheet, row, span[0], value)
    cell.alignment = TOP_WRAP
    if span[1] > span[0]:
        sheet.merge_cells(start_row=row, start_column=span[0], end_row=row, end_column=span[1])
    for column in range(span[0], span[1] + 1):
        sheet.cell(row=row, column=column).border = BOX


def _text_row(sheet: Worksheet, row: int, values: Sequence[str]) -> None:
    """One row of a section: three wrapped cells, as tall as the longest needs."""
    spans = ((1, 1), MIDDLE, RIGHT)
    for span, value in zip(spans, values, strict=True):
        _merged(sheet, row, span, value)
    lines = max(_lines(value, _width(*span)) for span, value in zip(spans, values, strict=True))
    sheet.row_dimensions[row].height = LINE_HEIGHT * max(1, lines)


def _section(sheet: Worksheet, row: int, key: str, rows: Sequence[Sequence[str]]) -> int:
    title, prompt, labels = SECTIONS[key]
    put(sheet, row, 1, title).font = SECTION_FONT
    row += 1
    if prompt:
        _merged(sheet, row, (1, LAST_AREA), prompt)
        sheet.row_dimensions[row].height = LINE_HEIGHT * _lines(prompt, _width(1, LAST_AREA))
        row += 1
    for span, label in zip(((1, 1), MIDDLE, RIGHT), labels, strict=True):
        write_header(sheet, row, [label], span[0])
        if span[1] > span[0]:
            sheet.merge_cells(start_row=row, start_column=span[0], end_row=row, end_column=span[1])
    row += 1
    for values in rows or [("(none)", "", "")]:
        _text_row(sheet, row, values)
        row += 1
    return row + 1


def _header(sheet: Worksheet, row: int, record: MeetingRecord) -> int:
    for label, value in (
        ("Class", record.class_name),
        ("Teacher", record.teacher),
        ("Date", record.day),
        ("Assessment", record.period_name or "none"),
    ):
        put(sheet, row, 1, label).font = Font(bold=True)
        cell = put(sheet, row, FIRST_AREA, value)
        if label == "Date":
            cell.number_format = "dd/mm/yyyy"
            cell.alignment = Alignment(horizontal="left")
        sheet.merge_cells(start_row=row, start_column=FIRST_AREA, end_row=row, end_column=LAST_AREA)
        row += 1
    return row + 1


def _figures(sheet: Worksheet, row: int, record: MeetingRecord) -> int:
    figures = record.figures
    put(sheet, row, 1, "Areas of Development").font = SECTION_FONT
    row += 1
    previous = figures.previous_period_name
    about = (
        f"Whole percentages of the {figures.cohort_size} children in {record.class_name} "
        "included in data, as saved with the meeting; "
        + (f"previous assessment: {previous}." if previous else "no previous assessment this year.")
    )
    _merged(sheet, row, (1, LAST_AREA), about)
    row += 1
    write_header(sheet, row, ["", *AREA_CODES])
    for column in range(1, LAST_AREA + 1):
        sheet.cell(row=row, column=column).border = BOX
    row += 1
    for label, index in FIGURE_ROWS:
        put(sheet, row, 1, label).border = BOX
        for offset, area in enumerate(figures.areas):
            value = area.values[index]
            # A fraction shown as a whole percentage, as every workbook stores percentages.
            cell = put(sheet, row, FIRST_AREA + offset, None if value is None else value / 100)
            cell.border = BOX
            cell.number_format = WHOLE_PERCENT_FORMAT
        row += 1
    key = "; ".join(f"{code} {AREA_BY_CODE[code].name}" for code in AREA_CODES)
    _merged(sheet, row, (1, LAST_AREA), key)
    sheet.row_dimensions[row].height = LINE_HEIGHT * _lines(key, _width(1, LAST_AREA))
    return row + 2


def _area(code: str | None) -> str:
    return f"{code} {AREA_BY_CODE[code].name}" if code else ""


def _page_setup(sheet: Worksheet, last_row: int) -> None:
    sheet.column_dimensions["A"].width = LABEL_WIDTH
    for column in range(FIRST_AREA, LAST_AREA + 1):
        sheet.column_dimensions[get_column_letter(column)].width = AREA_WIDTH
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as it takes
    sheet.print_title_rows = "1:2"
    sheet.print_area = f"A1:{get_column_letter(LAST_AREA)}{last_row}"
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.oddFooter.center.text = "Page &P of &N"


def write_meeting_form(
    record: MeetingRecord, establishment: str, path: Path, made_at: datetime
) -> Path:
    """Write the meeting at `path` (all at once: a failed save leaves no file)."""
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet.title = "Progress meeting"
    title = Title(
        "Reception Cohort Progress Meeting",
        establishment,
        format_academic_year(record.academic_year),
        made_at,
        group="Reception",
        filter=record.class_name,
        extra=(f"Meeting {record.day:%d/%m/%Y}",),
    )
    row = write_title(sheet, title) + 1
    row = _header(sheet, row, record)
    row = _figures(sheet, row, record)
    row = _section(
        sheet, row, "discussion", [(d.question, d.notes, d.next_steps) for d in record.discussions]
    )
    row = _section(
        sheet,
        row,
        "barrier",
        [(b.pupil.name if b.pupil else "", b.barrier, b.next_steps) for b in record.barriers],
    )
    row = _section(
        sheet,
        row,
        "targeted",
        [
            (_area(t.area_code), "; ".join(p.name for p in t.pupils), t.comments)
            for t in record.targeted
        ],
    )
    row = _section(
        sheet, row, "group", [(_area(g.area_code), g.group_name, g.comments) for g in record.groups]
    )
    _page_setup(sheet, row)
    return save_workbook(workbook, path)


def export_meeting(
    db: Database,
    actor: Actor,
    establishment: EstablishmentInfo,
    meeting_id: int,
    folder: Path | None = None,
) -> Path:
    """Write the meeting as saved into the establishment's outbox (or `folder`); return the path."""
    record = get_meeting(db, actor, establishment.id, meeting_id)
    made_at = datetime.now(timezone.utc)
    what = f"Progress meeting {record.day:%Y-%m-%d} {record.class_name}"
    path = export_path(folder or outbox(establishment.number), what, made_at)
    return write_meeting_form(record, establishment.title, path, made_at)
