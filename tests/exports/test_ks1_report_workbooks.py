"""KS1 in the workbooks: the Screen data foot of a Year 2 grid shows KS1's four groups (number and
%) as the grid counts them, and the EYFS to KS1 table reads back figure by figure. The school is
tests/store/eyfs_to_ks1_school.py's."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from exports.eyfs_to_ks1_workbook import eyfs_to_ks1_header, write_eyfs_to_ks1
from exports.grid_workbook import GridChoices, export_screen_data
from exports.report_workbooks import write_full_report
from store.core.db import Database
from store.reports.eyfs_to_ks1 import eyfs_to_ks1
from store.reports.reports import ReportScope, full_report, open_reports
from tests.exports.grid_school import find_column, find_row
from tests.store.eyfs_to_ks1_school import Y2, YEAR, Ks1ReportSchool, build_ks1_report_school


@pytest.fixture
def school(database: Database) -> Ks1ReportSchool:
    return build_ks1_report_school(database)


def read(path: Path) -> Worksheet:
    sheet = load_workbook(path).active
    assert isinstance(sheet, Worksheet)
    return sheet


def test_the_screen_data_foot_has_ks1s_four_groups(school: Ks1ReportSchool, tmp_path: Path) -> None:
    path = export_screen_data(
        school.database,
        school.actor,
        school.establishment,
        YEAR,
        Y2,
        GridChoices(),
        tmp_path / "grid.xlsx",
    )
    sheet = read(path)
    header = find_row(sheet, "Pupil")
    reading = find_column(sheet, header, "RD")
    science = find_column(sheet, header, "SC")
    # Of 7 included pupils (Grant's Include in Data is No): Reading EXS+ Adams, Brook, Evans,
    # Hughes; GDS Adams; below EXS Cross; the rest Drake (A) and Frost (blank).
    expected = {
        "Total number EXS+": (4, 3),
        "% EXS+": (4 / 7, 3 / 7),
        "Total number GDS": (1, 0),
        "% GDS": (1 / 7, 0),
        "Total number Below EXS": (1, 2),
        "% Below EXS": (1 / 7, 2 / 7),
        "Total number Other": (2, 2),
        "% Other": (2 / 7, 2 / 7),
    }
    for label, (in_reading, in_science) in expected.items():
        row = find_row(sheet, label)
        found = (sheet.cell(row, reading).value, sheet.cell(row, science).value)
        assert found == pytest.approx((in_reading, in_science), abs=0.0001), label
        if label.startswith("%"):
            assert sheet.cell(row, reading).number_format == "0.00%"


def test_the_eyfs_to_ks1_table_reads_back(school: Ks1ReportSchool, tmp_path: Path) -> None:
    data = open_reports(
        school.database, school.actor, school.establishment.id, YEAR, Y2, with_reception=True
    )
    report = eyfs_to_ks1(data, ReportScope(school.ks1_period))
    sheet = read(write_eyfs_to_ks1(report, tmp_path / "e.xlsx"))
    header = find_row(sheet, "KS1 subject")
    assert tuple(cell.value for cell in sheet[header]) == eyfs_to_ks1_header()
    rows = {
        sheet.cell(row, 1).value: [cell.value for cell in sheet[row]]
        for row in range(header + 1, header + 5)
    }
    assert list(rows) == ["Reading", "Writing", "Mathematics", "Science"]
    reading = rows["Reading"]
    assert reading[1] == "Word Reading and Comprehension"
    # Expected 2, EXS+ 4, both 2, Expected only 0, EXS+ only 1, neither 2, no EYFS 2, of 7.
    assert reading[2:16:2] == [2, 4, 2, 0, 1, 2, 2]
    assert reading[3:16:2] == pytest.approx([2 / 7, 4 / 7, 2 / 7, 0, 1 / 7, 2 / 7, 2 / 7], abs=1e-4)
    assert reading[-1] == 7
    assert sheet.cell(header + 1, 4).number_format == "0.00%"
    assert find_row(sheet, "Pupils counted without End of Year ELGs: 1")


def test_the_ks1_full_report_workbook_has_its_reported_groups(
    school: Ks1ReportSchool, tmp_path: Path
) -> None:
    data = open_reports(school.database, school.actor, school.establishment.id, YEAR, Y2)
    report = full_report(data, ReportScope(school.ks1_period))
    sheet = read(write_full_report(report, tmp_path / "full.xlsx"))
    header = find_row(sheet, report.framework.subjects_title)
    assert tuple(cell.value for cell in sheet[header]) == (
        report.framework.subjects_title,
        "Total Number EXS+",
        "% EXS+",
        "Total Number GDS",
        "% GDS",
        "Total Number Below EXS",
        "% Below EXS",
        "Num Pupils",
    )
    reading = [cell.value for cell in sheet[header + 1]]
    assert reading[0] == "Reading"
    # As the foot counts them: EXS+ 4, GDS 1, below EXS 1, of 7 included pupils.
    assert reading[1::2][:3] == [4, 1, 1]
    assert reading[2:7:2] == pytest.approx([4 / 7, 1 / 7, 1 / 7], abs=0.0001)
    assert reading[7] == 7
    assert sheet.cell(header + 1, 3).number_format == "0.00%"
