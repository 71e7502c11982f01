"""Screen data and All data workbooks, read back with openpyxl: values, fills, foot, safety."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO

import pytest
from openpyxl.worksheet.worksheet import Worksheet

from exports.all_data import export_all_data
from exports.grid_workbook import GridChoices, export_screen_data, foot_rows
from exports.sheet_style import GLD_NO_FILL, GLD_YES_FILL, GONE_BEYOND_FILLS
from store.assessments.cohort import load_cohort
from store.assessments.grid_model import GridModel
from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.curriculum.eyfs import GoneBeyond, YearGroup
from store.pupils.filters import PupilFilter
from tests.exports.grid_school import (
    YEAR,
    GridSchool,
    build_school,
    find_column,
    find_row,
    formulas,
    open_sheet,
)

MADE = datetime(2026, 3, 12, 14, 5, tzinfo=timezone.utc)
R = YearGroup.RECEPTION
TITLE_ROWS = 2
HEADER_ROW = TITLE_ROWS + 3  # codes row: Pupil, Inc, LAU, SP...
FIRST_PUPIL = HEADER_ROW + 1


@pytest.fixture
def school(database: Database) -> GridSchool:
    return build_school(database)


def screen(
    school: GridSchool, tmp_path: Path, choices: GridChoices | None = None, name: str = "s.xlsx"
) -> Worksheet:
    path = export_screen_data(
        school.database,
        school.actor,
        school.establishment,
        YEAR,
        R,
        choices or GridChoices(show_elg=True),
        tmp_path / name,
        MADE,
    )
    return open_sheet(path)


def model_of(school: GridSchool, choices: GridChoices) -> GridModel:
    cohort = load_cohort(school.database, school.actor, school.establishment.id, YEAR, R)
    rows = None if choices.pupil_filter.is_empty else choices.pupil_filter.apply(cohort.pupils)
    return GridModel(cohort, rows, choices.hidden_periods, choices.show_elg)


def test_screen_data_has_the_title_rows_and_frozen_headers(
    school: GridSchool, tmp_path: Path
) -> None:
    sheet = screen(school, tmp_path)
    assert sheet.title == "Screen data"
    title, details = sheet["A1"].value, sheet["A2"].value
    assert "Assessments: Screen data" in title
    assert "2041 - ST MARY'S" in title and "2025/2026" in title and "Reception" in title
    assert "Filter: none (all pupils) · 6 of 6 pupils" in details
    assert "Assessments shown: Autumn 1, Spring 1" in details
    assert "Made " in details
    assert sheet.freeze_panes == f"C{FIRST_PUPIL}"
    assert sheet.cell(HEADER_ROW, 1).value == "Pupil"
    assert sheet.cell(HEADER_ROW, 2).value == "Inc"
    assert sheet.cell(HEADER_ROW, 3).value == "LAU"
    assert sheet.cell(HEADER_ROW - 2, 3).value == "Autumn 1 17/10/2025"
    assert sheet.column_dimensions["A"].width >= 23


def test_screen_data_values_read_without_colour_and_fills_show_it(
    school: GridSchool, tmp_path: Path
) -> None:
    sheet = screen(school, tmp_path)
    adeyemi = find_row(sheet, "ADEYEMI, Olamide")
    phone = find_row(sheet, "+44 7700 900123, Phone")
    lau, sp = 3, 4
    assert sheet.cell(adeyemi, lau).value == "B"
    gone = sheet.cell(adeyemi, sp)
    assert gone.value == "*O+G"  # note marker, On track, gone beyond green
    assert gone.fill.fgColor.rgb == GONE_BEYOND_FILLS[GoneBeyond.GREEN].fgColor.rgb
    assert gone.comment is not None and gone.comment.text == "Loves stories"
    blue = sheet.cell(phone, lau)
    assert blue.value == "O+B"
    assert blue.fill.fgColor.rgb == GONE_BEYOND_FILLS[GoneBeyond.BLUE].fgColor.rgb
    assert sheet.cell(adeyemi, 2).value == "Yes"
    assert sheet.cell(find_row(sheet, "CLARKE, Ivy"), 2).value == "No"
    gld = find_column(sheet, HEADER_ROW, "GLD")
    score = find_column(sheet, HEADER_ROW, "Score")
    assert sheet.cell(adeyemi, gld).value == "Yes"
    assert sheet.cell(adeyemi, gld).fill.fgColor.rgb == GLD_YES_FILL.fgColor.rgb
    hyperlink = find_row(sheet, '=HYPERLINK("HTTP://X","Y"), Eve')
    assert sheet.cell(hyperlink, gld).value == "No"
    assert sheet.cell(hyperlink, gld).fill.fgColor.rgb == GLD_NO_FILL.fgColor.rgb
    assert sheet.cell(adeyemi, score).value == 34
    assert sheet.cell(adeyemi, score).data_type == "n"
    assert sheet.cell(hyperlink, score).value == 17
    elg_lau = find_column(sheet, HEADER_ROW, "LAU", start=lau + 2 * 18)  # after 2 periods
    assert sheet.cell(adeyemi, elg_lau).value == "X"
    assert sheet.cell(hyperlink, elg_lau).value == "E"


def test_formula_like_names_stay_text_and_numbers_stay_numbers(
    school: GridSchool, tmp_path: Path
) -> None:
    sheet = screen(school, tmp_path)
    assert formulas(sheet) == []
    for name in (
        '=HYPERLINK("HTTP://X","Y"), Eve',
        "+44 7700 900123, Phone",
        "-1, Minus",
        "@SUM(A1:A2), At",
    ):
        cell = sheet.cell(find_row(sheet, name), 1)
        assert cell.data_type == "s"
        assert cell.quotePrefix
    # A percentage is the fraction with a percent format, as in every report workbook.
    below = find_row(sheet, "% Below")
    assert sheet.cell(below, 3).data_type == "n" and sheet.cell(below, 3).value == 0.2
    assert sheet.cell(below, 3).number_format == "0.00%"


def test_foot_statistics_equal_the_grids(school: GridSchool, tmp_path: Path) -> None:
    choices = GridChoices(show_elg=True)
    sheet = screen(school, tmp_path, choices)
    model = model_of(school, choices)
    expected = foot_rows(model)
    assert [label for label, _ in expected] == [
        "Total number Below",
        "% Below",
        "Total number On track",
        "% On track",
        "Total number Emerging",
        "% Emerging",
        "Total number Expected",
        "% Expected",
        "Average",
        "Pupils counted",
    ]
    for label, values in expected:
        row = find_row(sheet, label)
        written = [sheet.cell(row, 3 + index).value for index in range(len(values))]
        # The grid's 23.33 (%) is written as 0.2333 shown as 23.33%.
        scale = 100 if label.startswith("%") else 1
        assert written == [None if v is None else float(v) / scale for v in values], label
        formats = {
            sheet.cell(row, 3 + index).number_format
            for index, value in enumerate(values)
            if value is not None
        }
        if label.startswith("%"):
            assert formats == {"0.00%"}, label
    # Hand-worked: 5 included pupils; LAU of Autumn 1 has 1 Below and 2 On track.
    assert sheet.cell(find_row(sheet, "Total number Below"), 3).value == 1
    assert sheet.cell(find_row(sheet, "% Below"), 3).value == 0.2
    assert sheet.cell(find_row(sheet, "% On track"), 3).value == 0.4
    gld = find_column(sheet, HEADER_ROW, "GLD")
    assert sheet.cell(find_row(sheet, "Total number Expected"), gld).value == 1
    score = find_column(sheet, HEADER_ROW, "Score")
    average = sheet.cell(find_row(sheet, "Average"), score)
    assert average.value == 25.5 and average.number_format == "0.00"
    assert find_row(sheet, "Displaying 6 pupils")


def test_screen_data_is_what_is_displayed_filter_periods_and_wide(
    school: GridSchool, tmp_path: Path
) -> None:
    choices = GridChoices(
        pupil_filter=PupilFilter(gender="M"),
        hidden_periods=frozenset({school.periods["Spring 1"]}),
        show_elg=False,
        wide=True,
    )
    sheet = screen(school, tmp_path, choices)
    names = [sheet.cell(row, 1).value for row in range(FIRST_PUPIL, FIRST_PUPIL + 3)]
    assert names == ["+44 7700 900123, Phone", "@SUM(A1:A2), At", "ADEYEMI, Olamide"]
    assert sheet.cell(FIRST_PUPIL + 3, 1).value == "Total number Below"
    assert "Filter: Male · 3 of 6 pupils" in sheet["A2"].value
    assert "Autumn 1 (1 hidden); End of Year ELGs hidden" in sheet["A2"].value
    codes = [sheet.cell(HEADER_ROW, column).value for column in range(3, sheet.max_column + 1)]
    assert codes.count("LAU") == 1 and "GLD" not in codes and codes[-1] == "Notes"
    adeyemi = find_row(sheet, "ADEYEMI, Olamide")
    assert sheet.cell(adeyemi, 3).value == "Below"
    assert sheet.cell(adeyemi, 4).value == "*On track +Green"
    assert find_row(sheet, "Displaying 3 pupils")
    assert formulas(sheet) == []


def test_all_data_groups_by_year_group_then_date_with_phase_percentages(
    school: GridSchool, tmp_path: Path
) -> None:
    path = export_all_data(
        school.database, school.actor, school.establishment, YEAR, tmp_path / "all.xlsx", MADE
    )
    sheet = open_sheet(path)
    assert sheet.title == "All data"
    assert "Assessments: All data" in sheet["A1"].value
    assert "Nursery 1, Nursery 2, Reception" in sheet["A1"].value
    assert sheet.freeze_panes == f"D{FIRST_PUPIL}"
    assert [sheet.cell(HEADER_ROW, c).value for c in (1, 2, 3, 4)] == [
        "Pupil",
        "Year group",
        "Inc",
        "LAU",
    ]
    groups = [sheet.cell(row, 2).value for row in range(FIRST_PUPIL, FIRST_PUPIL + 9)]
    assert groups == ["Nursery 1"] * 2 + ["Nursery 2"] + ["Reception"] * 6
    assert sheet.cell(FIRST_PUPIL, 1).value == "BYRNE, Aoife"
    sections = [
        sheet.cell(HEADER_ROW - 2, column).value
        for column in range(4, sheet.max_column + 1)
        if sheet.cell(HEADER_ROW - 2, column).value
    ]
    # Nursery first although Autumn 1 (Reception) is earlier; then Reception by date; then ELGs.
    assert sections == [
        "Nursery Autumn 20/10/2025 (Nursery 1, Nursery 2)",
        "Autumn 1 17/10/2025 (Reception)",
        "Spring 1 06/02/2026 (Reception)",
        "End of Year ELGs 01/06/2026",
    ]
    nowak = find_row(sheet, "NOWAK, Łukasz")
    assert sheet.cell(nowak, 4).value == "B"
    # Percentages over the whole phase: 8 included pupils, 1 Below in Nursery LAU -> 12.5%.
    assert sheet.cell(find_row(sheet, "Total number Below"), 4).value == 1
    assert sheet.cell(find_row(sheet, "% Below"), 4).value == 0.125
    assert sheet.cell(find_row(sheet, "% On track"), 4).value == 0.125
    assert sheet.cell(find_row(sheet, "% On track"), 4).number_format == "0.00%"
    autumn_lau = 4 + 18
    assert sheet.cell(find_row(sheet, "% On track"), autumn_lau).value == 0.25
    assert find_row(sheet, "Displaying 9 pupils")
    assert formulas(sheet) == []


def test_another_establishments_user_is_refused_and_no_file_is_left(
    school: GridSchool, database: Database, tmp_path: Path
) -> None:
    other = build_school(database, "3050", "OTHER SCHOOL")
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "theirs.xlsx"
    with pytest.raises(PermissionDenied):
        export_screen_data(
            database, other.actor, school.establishment, YEAR, R, GridChoices(), path
        )
    with pytest.raises(PermissionDenied):
        export_all_data(database, other.actor, school.establishment, YEAR, path)
    with pytest.raises(PermissionDenied):
        export_all_data(database, Actor("x", Role.USER, None), school.establishment, YEAR, path)
    assert list(folder.iterdir()) == []


def test_a_failed_save_leaves_no_file_at_all(
    school: GridSchool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl.workbook import Workbook

    def broken(self: Workbook, file: BinaryIO) -> None:
        file.write(b"PK half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Workbook, "save", broken)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "out.xlsx"
    with pytest.raises(OSError) as raised:
        export_all_data(school.database, school.actor, school.establishment, YEAR, target)
    assert raised.value.filename == str(target)
    assert list(folder.iterdir()) == []


def test_empty_cohort_still_writes_a_readable_sheet(database: Database, tmp_path: Path) -> None:
    school = build_school(database)
    path = export_screen_data(
        database,
        school.actor,
        school.establishment,
        YEAR + 3,
        R,
        GridChoices(),
        tmp_path / "e.xlsx",
    )
    sheet = open_sheet(path)
    assert "2028/2029" in sheet["A1"].value
    assert find_row(sheet, "Displaying 0 pupils")
    assert formulas(sheet) == []


def test_exports_folder_is_per_establishment_and_names_never_clash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from exports.folder import EXPORTS_DIR_ENV, export_path, exports_root, outbox

    monkeypatch.delenv(EXPORTS_DIR_ENV, raising=False)
    assert exports_root().parts[-1] == "Pupil Tracker"
    assert str(exports_root()).startswith(str(Path.home()))
    monkeypatch.setenv(EXPORTS_DIR_ENV, str(tmp_path / "exports"))
    first = export_path(outbox("2041"), 'All data "A:B" / 2025-2026', MADE)
    assert first.parent == tmp_path / "exports" / "2041" / "outbox"
    assert first.name.startswith("All data -A-B- - 2025-2026 (2026-03-12 ")
    assert first.suffix == ".xlsx"
    first.write_bytes(b"taken")
    second = export_path(outbox("2041"), 'All data "A:B" / 2025-2026', MADE)
    assert second != first and second.stem.endswith("(2)")
    assert first.read_bytes() == b"taken"
