"""The Full Report workbook of another framework, read back with openpyxl: its subjects, its two
groups' names, blank groups and the marks of a number subject, no formulas."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

from openpyxl import load_workbook

from exports.report_workbooks import FULL_REPORT_HEADER, write_full_report, write_name_list
from store.assessments.cohort import Cell, Cohort, PeriodInfo, PupilRow
from store.curriculum.eyfs import YearGroup
from store.curriculum.framework import Framework
from store.reports.reports import Figure, ReportData, ReportScope, full_report, full_report_names
from tests.exports.test_report_workbooks import assert_no_formulas, header_row, rows, title_text
from tests.frameworks import THREE_LETTER_ID

Y1 = YearGroup.YEAR_1
AUTUMN = PeriodInfo(20, "Autumn test", date(2025, 11, 14), 2025, (Y1,), THREE_LETTER_ID)
MADE = datetime(2026, 3, 12, 14, 5, tzinfo=timezone.utc)
HEADER = (
    "Subjects",
    "Total Number Working towards",
    "% Working towards",
    "Total Number Expected or above",
    "% Expected or above",
    "Num Pupils",
    "Pupils with a mark",
    "Average mark",
)
# Reading, Writing, Mathematics and the Phonics mark of four Year 1 pupils ("." is blank).
TABLE = {
    "Adams": ("WTS", "EXS", "GDS", 12),
    "Brook": ("EXS", "GDS", "WTS", 31),
    "Cross": ("ABS", "WTS", "DIS", "ABS"),
    "Drake": (None, None, None, None),
}


def year_1_data() -> ReportData:
    pupils = [
        PupilRow(n, f"A20510000{n:04d}", surname, "Kid", date(2018, 10, 1), 1, True)
        for n, surname in enumerate(TABLE, start=1)
    ]
    cohort = Cohort(7, 2025, Y1, pupils, [AUTUMN])
    for pupil, values in zip(pupils, TABLE.values(), strict=True):
        for code, value in zip(("RDG", "WRI", "MAT", "PHO"), values, strict=True):
            if isinstance(value, int):
                cohort.cells[(pupil.id, AUTUMN.id, code)] = Cell(number=value)
            elif value is not None:
                cohort.cells[(pupil.id, AUTUMN.id, code)] = Cell(value)  # type: ignore[arg-type]
    class_names = tuple(f"Class {n}" for n in range(1, 21))
    return ReportData("2051", "HAND WORKED", cohort, ("",) * 6, class_names)


def test_the_full_report_workbook_of_the_three_letter_framework(
    tmp_path: Path, three_letter_framework: Framework
) -> None:
    report = full_report(year_1_data(), ReportScope(AUTUMN.id), made_at=MADE)
    path = write_full_report(report, tmp_path / "full.xlsx")
    assert_no_formulas(path)
    sheet = load_workbook(path).active
    assert sheet is not None
    assert title_text(sheet).startswith("Full Report · Autumn test 14/11/2025")
    assert "Year 1" in title_text(sheet)
    top = header_row(sheet, "Subjects")
    values = rows(sheet)
    assert tuple(values[top - 1]) == HEADER
    assert values[top:] == [
        ["Reading", 1, 0.25, 1, 0.25, 4, None, None],  # WTS; EXS; ABS in neither
        ["Writing", 1, 0.25, 2, 0.5, 4, None, None],  # WTS; EXS and GDS
        ["Mathematics", 1, 0.25, 1, 0.25, 4, None, None],  # WTS; GDS; DIS in neither
        ["Phonics mark", None, None, None, None, 4, 2, 21.5],  # 12 and 31; ABS is no mark
    ]
    assert sheet.cell(top + 1, 3).number_format == "0.00%"
    assert sheet.cell(top + 4, 8).number_format == "0.00"
    # The EYFS header is the one it always was.
    assert FULL_REPORT_HEADER == (
        "Areas of Development",
        "Total Number Below",
        "% Below",
        "Total Number On-Track",
        "% On-Track",
        "Num Pupils",
    )


def test_the_names_behind_a_mark_carry_each_mark(
    tmp_path: Path, three_letter_framework: Framework
) -> None:
    report = full_report(year_1_data(), ReportScope(AUTUMN.id), made_at=MADE)
    names = full_report_names(report, "PHO", Figure.MARKED)
    path = write_name_list(names, tmp_path / "marks.xlsx")
    sheet = load_workbook(path).active
    assert sheet is not None
    assert "Full Report: Phonics mark: With a mark (2 pupils)" in title_text(sheet)
    top = header_row(sheet, "Surname")
    assert rows(sheet)[top - 1 :] == [
        ["Surname", "Forenames", "UPN", "Class", "Mark"],
        ["Adams", "Kid", "A205100000001", "Class 1", 12],
        ["Brook", "Kid", "A205100000002", "Class 1", 31],
    ]
    below = full_report_names(report, "RDG", Figure.BELOW)
    assert below.title == "Reading: Working towards"
