"""Report workbooks read back with openpyxl: title block, values, number formats, frozen header,
no formulas anywhere, and names that look like formulas kept as text."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from exports.report_workbooks import (
    FULL_REPORT_HEADER,
    SCHOOL_HEADER,
    file_what,
    write_elg_summary,
    write_full_report,
    write_name_list,
    write_venn_report,
)
from store.assessments.cohort import Cell, Cohort, ElgSectionInfo, PeriodInfo, PupilRow
from store.core.db import Database
from store.curriculum.eyfs import (
    AREA_CODES,
    COMMUNICATION_AND_LANGUAGE,
    PSED,
    ElgOutcome,
    Judgement,
    YearGroup,
)
from store.pupils.filters import PupilFilter
from store.reports.elg_summary import ElgFigure, elg_names, elg_summary
from store.reports.many import many_reports
from store.reports.reports import Figure, ReportData, ReportScope, full_report, full_report_names
from store.reports.venn import venn_names, venn_report
from tests.exports.test_sheet_style import header_fits
from tests.store.reports.test_reports_many import SUPPORT, build_three
from tui.screens.reports.views import elg_rows

R = YearGroup.RECEPTION
AUTUMN = PeriodInfo(10, "Autumn 1", date(2025, 10, 17), 2025, (R,))
MADE = datetime(2026, 3, 12, 14, 5, tzinfo=timezone.utc)
EVIL = '=HYPERLINK("http://evil.example","click")'


def pupil(pupil_id: int, surname: str, slot: int = 1, include: bool = True) -> PupilRow:
    return PupilRow(
        pupil_id, f"A20510000{pupil_id:04d}", surname, "Kid", date(2020, 10, 1), slot, include
    )


def report_data() -> ReportData:
    """Four pupils counted (one named like a formula), one left out; in class "+Robins"."""
    pupils = [
        pupil(1, EVIL),
        pupil(2, "Brown"),
        pupil(3, "Clarke"),
        pupil(4, "Dubois", slot=2),
        pupil(5, "Evans", include=False),
    ]
    pupils.sort(key=lambda p: p.sort_key)
    cohort = Cohort(
        7, 2025, R, pupils, [AUTUMN], elg=ElgSectionInfo(3, 2025, date(2026, 6, 5), None, None)
    )
    on, below = Cell(Judgement.ON_TRACK), Cell(Judgement.BELOW)
    for code, marks in {"SR": (on, on, below, None), "MS": (on, below, on, None)}.items():
        for pupil_id, cell in zip((1, 2, 3, 4), marks, strict=True):
            if cell is not None:
                cohort.cells[(pupil_id, AUTUMN.id, code)] = cell
    for code in AREA_CODES:
        cohort.elg_outcomes[(1, code)] = ElgOutcome.EXPECTED
        cohort.elg_outcomes[(2, code)] = ElgOutcome.EMERGING
    class_names = ("+Robins", "Wrens", *(f"Class {n}" for n in range(3, 21)))
    return ReportData(
        "2051", "@HAND WORKED", cohort, tuple(f"CUSTOM {n}" for n in range(1, 7)), class_names
    )


def cells(sheet: Worksheet) -> Iterator[object]:
    for row in sheet.iter_rows():
        yield from row


def assert_no_formulas(path: Path) -> None:
    workbook = load_workbook(path)
    for sheet in workbook.worksheets:
        for cell in cells(sheet):
            assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"  # type: ignore[attr-defined]


def rows(sheet: Worksheet) -> list[list[object]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def title_text(sheet: Worksheet) -> str:
    """The title rows above the header, as one text."""
    lines = []
    for row in sheet.iter_rows(values_only=True):
        if row[1:] and any(value is not None for value in row[1:]):
            break
        lines.append(str(row[0]))
    return "\n".join(lines)


def header_row(sheet: Worksheet, first: str) -> int:
    for index, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if row and row[0] == first:
            return index
    raise AssertionError(f"no row starting {first!r}")


def test_full_report_workbook(tmp_path: Path) -> None:
    data = report_data()
    report = full_report(data, ReportScope(AUTUMN.id), made_at=MADE)
    path = write_full_report(report, tmp_path / "full.xlsx")
    assert_no_formulas(path)
    sheet = load_workbook(path).active
    assert sheet is not None
    values = rows(sheet)
    title = title_text(sheet)
    assert title.startswith("Full Report · Autumn 1 17/10/2025")
    for part in ("2051 - @HAND WORKED", "2025/2026", "Reception", "All classes · Filter: none"):
        assert part in title
    assert "1 pupil with Include in Data = No is left out" in title
    assert f"Made {MADE.astimezone():%d/%m/%Y %H:%M}" in title
    top = header_row(sheet, "Areas of Development")
    assert tuple(values[top - 1]) == FULL_REPORT_HEADER
    assert sheet.freeze_panes == f"B{top + 1}"
    self_regulation = values[top - 1 + 3]
    assert self_regulation == ["Self-Regulation", 1, 0.25, 2, 0.5, 4]
    assert sheet.cell(top + 3, 3).number_format == "0.00%"
    assert len(values) == top + 17
    assert sheet.column_dimensions["A"].width > 20
    # "Total Number Below" wraps onto two lines of a column wide enough for "Total Number".
    assert sheet.column_dimensions["B"].width >= len("Total Number") + 2
    assert sheet.row_dimensions[top].height == 30
    header_fits(sheet, top)


def test_name_list_keeps_formula_like_names_as_text(tmp_path: Path) -> None:
    data = report_data()
    report = full_report(data, ReportScope(AUTUMN.id), made_at=MADE)
    names = full_report_names(report, "SR", Figure.ON_TRACK)
    path = write_name_list(names, tmp_path / "names.xlsx")
    assert_no_formulas(path)
    sheet = load_workbook(path).active
    assert sheet is not None
    assert title_text(sheet).startswith(
        "Full Report: Self-Regulation: On track (2 pupils) · Autumn 1 17/10/2025"
    )
    top = header_row(sheet, "Surname")
    assert rows(sheet)[top - 1] == ["Surname", "Forenames", "UPN", "Class"]
    first = sheet.cell(top + 1, 1)
    assert first.value == EVIL and first.data_type == "s" and first.quotePrefix
    assert sheet.cell(top + 1, 4).value == "+Robins" and sheet.cell(top + 1, 4).quotePrefix
    assert sheet.cell(top + 2, 1).value == "Brown"
    assert sheet.cell(top + 3, 1).value is None
    assert sheet.freeze_panes == f"B{top + 1}"
    # The class name, which starts with +, is text in the title rows too.
    robins = full_report(data, ReportScope(AUTUMN.id, class_slot=1), made_at=MADE)
    path = write_name_list(full_report_names(robins, "SR", Figure.PUPILS), tmp_path / "r.xlsx")
    assert_no_formulas(path)
    sheet = load_workbook(path).active
    assert sheet is not None
    assert "+Robins · Filter: none" in title_text(sheet)


def test_venn_workbook_regions_circles_and_pupils(tmp_path: Path) -> None:
    data = report_data()
    search = PupilFilter(search="=")  # a filter that itself looks like a formula
    report = venn_report(data, ReportScope(AUTUMN.id), PSED, made_at=MADE)
    path = write_venn_report(report, tmp_path / "venn.xlsx")
    assert_no_formulas(path)
    workbook = load_workbook(path)
    venn = workbook["Venn"]
    values = rows(venn)
    top = header_row(venn, "Region")
    regions = {row[0]: row[2:4] for row in values[top : top + 8]}
    assert regions == {
        "SR only": [1, 0.25],
        "MS only": [1, 0.25],
        "BR only": [0, 0.0],
        "SR + MS": [1, 0.25],
        "SR + BR": [0, 0.0],
        "MS + BR": [0, 0.0],
        "SR + MS + BR": [0, 0.0],
        "None": [1, 0.25],
    }
    assert values[top][1] == "Self-Regulation"
    assert values[top + 7][1] == "None of them"
    circles = header_row(venn, "Whole circle")
    assert values[circles][:4] == ["SR", "Self-Regulation", 2, 0.5]
    assert values[circles + 3][0] == "Pupils counted" and values[circles + 3][2] == 4
    pupils = workbook["Pupils"]
    first = header_row(pupils, "Surname")
    listed = [(row[0], row[4]) for row in rows(pupils)[first:]]
    assert listed == [
        (EVIL, "SR + MS"),
        ("Brown", "SR only"),
        ("Clarke", "MS only"),
        ("Dubois", "None"),
    ]
    names = venn_names(report, {"SR", "MS"})
    assert [p.surname for p in names.pupils] == [EVIL]
    filtered = venn_report(data, ReportScope(AUTUMN.id, pupil_filter=search), PSED, made_at=MADE)
    path = write_venn_report(filtered, tmp_path / "venn-filtered.xlsx")
    assert_no_formulas(path)
    assert "Filter: '='" in title_text(load_workbook(path)["Venn"])


def test_elg_summary_workbook(tmp_path: Path) -> None:
    data = report_data()
    summary = elg_summary(data, ReportScope(), made_at=MADE)
    path = write_elg_summary(summary, tmp_path / "elg.xlsx")
    assert_no_formulas(path)
    sheet = load_workbook(path).active
    assert sheet is not None
    assert str(sheet.cell(1, 1).value).startswith("End of Year ELG summary · 2051")
    top = header_row(sheet, "Figure")
    values = rows(sheet)
    # The rows the Reports screen shows, in its order: 4 counted, Able at GLD (all Expected),
    # Baker all Emerging, Clarke and Dubois blank.
    figures = [row[0] for row in values[top : top + 22]]
    assert figures == [row.label for row in elg_rows(summary)]
    assert values[top][:5] == ["Good Level of Development", 1, 4, 0.25, None]
    assert sheet.cell(top + 1, 4).number_format == "0.00%"
    assert values[top + 1][:5] == ["Average ELG total score", 2, 4, None, 25.5]
    assert sheet.cell(top + 2, 5).number_format == "0.00"
    assert values[top + 2][:5] == ["Average goals at Expected", 2, 4, None, 8.5]
    assert values[top + 3][:5] == ["Not (yet) at GLD", 3, 4, None, None]
    assert values[top + 4][:4] == ["Expected: Listening, Attention and Understanding", 1, 4, 0.25]
    assert values[top + 21][:3] == ["Pupils counted", 4, None]
    scores = elg_names(summary, ElgFigure.AVERAGE_SCORE)
    path = write_name_list(scores, tmp_path / "scores.xlsx")
    listed = load_workbook(path).active
    assert listed is not None
    first = header_row(listed, "Surname")
    assert rows(listed)[first - 1] == ["Surname", "Forenames", "UPN", "Class", "Score"]
    assert [row[4] for row in rows(listed)[first:]] == [34, 17]


def test_file_names_say_what_and_which_cohort() -> None:
    data = report_data()
    report = full_report(data, ReportScope(AUTUMN.id, class_slot=2), made_at=MADE)
    assert file_what(report.heading) == "Full Report Reception 2025-2026 Autumn 1 Wrens"
    summary = elg_summary(data, ReportScope(), made_at=MADE)
    assert file_what(summary.heading, "ELG names") == "ELG names Reception 2025-2026"


def test_workbooks_over_many_establishments(database: Database, tmp_path: Path) -> None:
    """The hand-worked schools of tests/store/reports/test_reports_many.py: establishment columns in
    the name lists, and the "By establishment" sheets."""
    build_three(database)
    many = many_reports(database, SUPPORT, 2025, R)
    assert many.elg is not None
    elg = load_workbook(write_elg_summary(many.elg, tmp_path / "elg.xlsx"))
    assert "All establishments (4)" in str(elg["ELG summary"]["A1"].value)
    by_school = rows(elg["By establishment"])
    assert by_school[2][:6] == [*SCHOOL_HEADER, "GLD pupils", "% GLD"]
    header_fits(elg["By establishment"], 3)
    # Ash: Able at GLD of 3 counted; averages over Able (34, 17) and Baker (17, 0).
    assert by_school[3] == [
        "2061",
        "ASH PRIMARY",
        "End of Year ELGs not submitted",
        3,
        1,
        0.3333,
        25.5,
        8.5,
    ]
    assert by_school[6] == [
        "2064",
        "DOVE NURSERY",
        "no End of Year ELGs",
        None,
        None,
        None,
        None,
        None,
    ]
    venn = load_workbook(
        write_venn_report(many.venn(COMMUNICATION_AND_LANGUAGE), tmp_path / "v.xlsx")
    )
    pupils = rows(venn["Pupils"])
    assert pupils[2] == [
        "Establishment number",
        "Establishment",
        "Surname",
        "Forenames",
        "UPN",
        "Class",
        "Region",
    ]
    assert pupils[3] == ["2061", "ASH PRIMARY", "Able", "Child", "A206100000000", "Robins", "None"]
    assert_no_formulas(tmp_path / "v.xlsx")
    assert file_what(many.elg.heading) == (
        "End of Year ELG summary All establishments Reception 2025-2026"
    )
