"""The local authority's workbook read back: submitted results only, support only, text safe."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from openpyxl.worksheet._writer import ALL_TEMP_FILES
from sqlalchemy import select
from sqlmodel import col

from exports.la_workbook import HEADERS, NothingSubmitted, export_la_return, write_la_return
from exports.sheet_style import GLD_NO_FILL, GLD_YES_FILL
from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.models import AuditEntry
from store.curriculum.eyfs import AREAS
from store.reports.many import Cancelled
from tests.exports.grid_school import HYPERLINK, YEAR, build_school, formulas, open_sheet
from tests.exports.test_sheet_style import header_fits

SUPPORT = Actor("la.officer", Role.SUPPORT, None)
MADE = datetime(2026, 7, 1, 9, 30, tzinfo=timezone.utc)
HEADER_ROW = 3


def test_one_row_per_submitted_pupil_with_goals_gld_and_score(
    database: Database, tmp_path: Path
) -> None:
    build_school(database, "3050", "SUBMITTED SCHOOL").submit_elg()
    build_school(database, "4000", "NOT YET SUBMITTED")
    heard: list[tuple[int, int]] = []
    summary = write_la_return(
        database,
        SUPPORT,
        YEAR,
        tmp_path / "la.xlsx",
        lambda done, total: heard.append((done, total)),
        MADE,
    )
    assert (summary.establishments, summary.pupils) == (1, 2)
    assert heard == [(0, 1), (1, 1)]
    sheet = open_sheet(summary.path)
    assert "local authority return" in sheet["A1"].value and "2025/2026" in sheet["A1"].value
    assert "1 establishment submitted" in sheet["A1"].value
    assert "Made 01/07/2026" in sheet["A2"].value
    assert sheet.freeze_panes == f"F{HEADER_ROW + 1}"
    header = [cell.value for cell in sheet[HEADER_ROW]]
    assert header == list(HEADERS)
    assert header[:7] == [
        "Establishment number",
        "Establishment",
        "UPN",
        "Surname",
        "Forename",
        "Date of birth",
        "Sex",
    ]
    assert header[7:24] == [area.name for area in AREAS]
    assert header[24:] == ["GLD", "ELG total score"]
    # Each header shows whole in print: wide enough for its longest word, tall enough for all.
    header_fits(sheet, HEADER_ROW)
    assert sheet.column_dimensions["A"].width >= len("Establishment") + 2
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=HEADER_ROW + 1)]
    assert len(rows) == 2
    hyperlink, adeyemi = rows
    assert adeyemi[:5] == ["3050", "SUBMITTED SCHOOL", "A000000305004", "Adeyemi", "Olamide"]
    assert isinstance(adeyemi[5], datetime) and adeyemi[5].date() <= date(YEAR - 4, 8, 31)
    assert adeyemi[6] == "M"
    assert adeyemi[7:24] == ["Expected"] * 17
    assert adeyemi[24:] == ["Yes", 34]
    assert hyperlink[3] == HYPERLINK
    assert hyperlink[7:24] == ["Emerging"] * 17
    assert hyperlink[24:] == ["No", 17]
    gld = HEADERS.index("GLD") + 1
    assert sheet.cell(HEADER_ROW + 2, gld).fill.fgColor.rgb == GLD_YES_FILL.fgColor.rgb
    assert sheet.cell(HEADER_ROW + 1, gld).fill.fgColor.rgb == GLD_NO_FILL.fgColor.rgb
    assert sheet.cell(HEADER_ROW + 1, 6).number_format == "dd/mm/yyyy"


def test_formula_like_text_stays_text_and_numbers_stay_numbers(
    database: Database, tmp_path: Path
) -> None:
    build_school(database, "3050", "=SUM(1,2) SCHOOL").submit_elg()
    path = export_la_return(database, SUPPORT, YEAR, tmp_path / "la.xlsx")
    sheet = open_sheet(path)
    assert formulas(sheet) == []
    first = HEADER_ROW + 1
    for column in (2, 4):  # establishment name, surname
        cell = sheet.cell(first, column)
        assert cell.value in ("=SUM(1,2) SCHOOL", HYPERLINK)
        assert cell.data_type == "s" and cell.quotePrefix
    score = sheet.cell(first, len(HEADERS))
    assert score.data_type == "n" and score.value == 17
    assert sheet.cell(first, 1).data_type == "s"  # the establishment number keeps its zeros


@pytest.mark.parametrize("role", [Role.USER, Role.MANAGER])
def test_only_support_may_export_and_nothing_is_written_otherwise(
    database: Database, tmp_path: Path, role: Role
) -> None:
    school = build_school(database)
    school.submit_elg()
    actor = Actor("head", role, school.establishment.id)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(PermissionDenied):
        export_la_return(database, actor, YEAR, folder / "la.xlsx")
    assert list(folder.iterdir()) == []


def test_no_submitted_sections_gives_a_workbook_with_only_the_header(
    database: Database, tmp_path: Path
) -> None:
    build_school(database)
    summary = write_la_return(database, SUPPORT, YEAR, tmp_path / "la.xlsx")
    assert (summary.establishments, summary.pupils) == (0, 0)
    sheet = open_sheet(summary.path)
    assert sheet.max_row == HEADER_ROW


def _empty_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _audited_exports(database: Database) -> int:
    with database.read() as session:
        return len(
            session.scalars(
                select(AuditEntry).where(col(AuditEntry.action) == "export LA return")
            ).all()
        )


# Stopped between the establishments, before saving, and while saving (the saved file goes).
@pytest.mark.parametrize("stop_at", [1, 2, 3])
def test_a_stop_leaves_no_file_no_temporary_rows_and_no_audit(
    database: Database, tmp_path: Path, stop_at: int
) -> None:
    out = _empty_folder(tmp_path)
    for number in ("3001", "3002"):
        build_school(database, number, f"SCHOOL {number}").submit_elg()
    asked = 0

    def cancelled() -> bool:
        nonlocal asked
        asked += 1  # asked before each of the 2 establishments, before saving, after saving
        return asked > stop_at

    streamed_before = list(ALL_TEMP_FILES)
    with pytest.raises(Cancelled):
        write_la_return(database, SUPPORT, YEAR, out / "la.xlsx", cancelled=cancelled)
    assert list(out.iterdir()) == []
    # openpyxl's own file of the rows streamed so far is gone too.
    assert [name for name in ALL_TEMP_FILES if name not in streamed_before] == []
    assert _audited_exports(database) == 0


def test_a_failure_part_way_leaves_no_file_and_no_temporary_rows(
    database: Database, tmp_path: Path
) -> None:
    out = _empty_folder(tmp_path)
    build_school(database, "3001", "SCHOOL").submit_elg()

    def broken(done: int, total: int) -> None:
        if done == 1:
            raise RuntimeError("the database went away")

    streamed_before = list(ALL_TEMP_FILES)
    with pytest.raises(RuntimeError):
        write_la_return(database, SUPPORT, YEAR, out / "la.xlsx", broken)
    assert list(out.iterdir()) == []
    assert [name for name in ALL_TEMP_FILES if name not in streamed_before] == []


def test_a_year_nobody_submitted_can_be_refused_with_nothing_written(
    database: Database, tmp_path: Path
) -> None:
    out = _empty_folder(tmp_path)
    build_school(database)  # not submitted
    with pytest.raises(NothingSubmitted, match="for 2025/2026: nothing was written"):
        write_la_return(database, SUPPORT, YEAR, out / "la.xlsx", allow_empty=False)
    assert list(out.iterdir()) == []
    assert _audited_exports(database) == 0
