"""The progress meeting form read back: its percentages are fractions shown as percentages."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from exports.meeting_form import export_meeting
from store.core.db import Database
from store.meetings import meetings
from tests.store.meeting_school import TODAY, YEAR, make_school


def test_figures_are_fractions_with_a_whole_percent_format(
    database: Database, tmp_path: Path
) -> None:
    """Class 1 at Spring 1 (tests/store/meeting_school.py): LAU 1 of 4 Below (25%), 2 of 4 at
    Autumn 1 (50%); 3 of 4 On track (75%), 1 of 4 before (25%)."""
    school = make_school(database)
    meeting_id = meetings.create_meeting(
        database, school.actor, school.id, YEAR, teacher="Mrs Khan", day=TODAY, class_slot=1,
        period_id=school.spring, today=TODAY,
    )  # fmt: skip
    path = export_meeting(database, school.actor, school.establishment, meeting_id, tmp_path)
    sheet = load_workbook(path).active
    assert isinstance(sheet, Worksheet)
    header = next(cell for row in sheet.iter_rows() for cell in row if cell.value == "LAU")
    cells = [sheet.cell(header.row + offset, header.column) for offset in (1, 2, 3, 4)]
    assert [cell.value for cell in cells] == [0.25, 0.5, 0.75, 0.25]
    assert {cell.number_format for cell in cells} == {"0%"}
    assert [sheet.cell(header.row + offset, 1).value for offset in (1, 2, 3, 4)] == [
        "% below",
        "% below previous assessment",
        "% ontrack",
        "% ontrack previous assessment",
    ]
