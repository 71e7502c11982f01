"""The local authority's KS1 workbook read back: the submitted pupils of every school with their
results, each school's figures and the LA's, text kept as text, support only, and nothing left
behind when it is stopped or nobody submitted."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet._writer import ALL_TEMP_FILES
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select
from sqlmodel import col

from exports.ks1_la_workbook import (
    ALL_SCHOOLS,
    HEADERS,
    SUMMARY_HEADERS,
    ks1_return_path,
    write_ks1_la_return,
)
from exports.return_workbook import NothingSubmitted
from store.assessments.period_submission import submit_period
from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.models import AuditEntry
from store.reports.ks1_return import EXPORT_ACTION
from store.reports.many import Cancelled
from tests.exports.grid_school import formulas
from tests.exports.test_sheet_style import header_fits
from tests.store.ks1_school import SUPPORT, YEAR, Ks1School, build_ks1_school, upn

MADE = datetime(2026, 7, 1, 9, 30, tzinfo=timezone.utc)
HEADER_ROW = 3
FORMULA_NAME = "=SUM(1,2) SCHOOL"


def submitted(school: Ks1School) -> Ks1School:
    submit_period(
        school.database, school.head, school.school.id, school.period_id, authority_confirmed=True
    )
    return school


@pytest.fixture
def schools(database: Database) -> list[Ks1School]:
    """2001 submitted; 2002 not yet; 2003 submitted, without its numbers for returns."""
    return [
        submitted(build_ks1_school(database)),
        build_ks1_school(database, number="2002", name="NOT YET", urn="100002"),
        submitted(build_ks1_school(database, number="2003", name=FORMULA_NAME, identity=False)),
    ]


def sheets(path: Path) -> tuple[Worksheet, Worksheet]:
    book = load_workbook(path)
    pupils, summary = book.worksheets
    assert isinstance(pupils, Worksheet) and isinstance(summary, Worksheet)
    return pupils, summary


def values(sheet: Worksheet, first: int = HEADER_ROW + 1) -> list[list[object]]:
    return [list(row) for row in sheet.iter_rows(min_row=first, values_only=True)]


def audited(database: Database) -> int:
    with database.read() as session:
        found = session.scalars(select(AuditEntry).where(col(AuditEntry.action) == EXPORT_ACTION))
        return len(found.all())


def test_the_pupils_and_the_figures_of_every_submitted_school(
    database: Database, schools: list[Ks1School], tmp_path: Path
) -> None:
    heard: list[tuple[int, int]] = []
    summary = write_ks1_la_return(
        database,
        SUPPORT,
        YEAR,
        ks1_return_path(YEAR, MADE, tmp_path),
        lambda done, total: heard.append((done, total)),
        MADE,
    )
    assert (summary.establishments, summary.pupils) == (2, 6)
    assert summary.path.name == "KS1 return 2025-2026 (2026-07-01 {}).xlsx".format(
        MADE.astimezone().strftime("%H%M")
    )
    assert heard == [(0, 2), (1, 2), (2, 2)]
    pupils, figures = sheets(summary.path)
    assert (pupils.title, figures.title) == ("KS1 2025-2026", "Schools 2025-2026")
    title = str(pupils["A1"].value)
    assert "KS1 teacher assessment: local authority return" in title
    assert "2 establishments submitted" in title and "2025/2026" in title and "Year 2" in title
    assert [cell.value for cell in pupils[HEADER_ROW]] == list(HEADERS)
    assert list(HEADERS[10:]) == ["Reading", "Writing", "Mathematics", "Science"]
    header_fits(pupils, HEADER_ROW)
    header_fits(figures, HEADER_ROW)
    assert pupils.freeze_panes == f"C{HEADER_ROW + 1}"
    rows = values(pupils)
    assert len(rows) == 6
    school = ["2001", "ST MARY'S C OF E PRIMARY", "873", "2001", "100001"]
    assert rows[0][:8] == [*school, upn(3), "[bold]Rich[/bold]", "Tom"]
    assert rows[0][9:] == ["M", "A", "A", "A", "A"]
    assert rows[1][:8] == [*school, upn(2), "Núñez", "Zoë & <Ann>"]
    assert rows[1][9:] == ["F", "EXS", "WTS", "PK3", "HNM"]
    assert rows[2][5:8] == [upn(1), "O'Brien", "Siobhán"]
    assert rows[2][10:] == ["GDS", "EXS", "EXS", "EXS"]
    assert isinstance(rows[2][8], datetime)
    assert pupils.cell(HEADER_ROW + 1, 9).number_format == "dd/mm/yyyy"
    # The school without numbers: blank, and its formula-like name kept as text.
    assert rows[3][:5] == ["2003", FORMULA_NAME, None, None, None]
    assert {row[5] for row in rows[3:]} == {upn(serial, "2003") for serial in (1, 2, 3)}
    assert formulas(pupils) == [] and formulas(figures) == []
    name = pupils.cell(HEADER_ROW + 4, 2)
    assert name.data_type == "s" and name.quotePrefix
    assert audited(database) == 1

    assert [cell.value for cell in figures[HEADER_ROW]] == list(SUMMARY_HEADERS)
    assert list(SUMMARY_HEADERS[5:10]) == [
        "Reading pupils",
        "Reading EXS+",
        "Reading % EXS+",
        "Reading GDS",
        "Reading Below EXS",
    ]
    # Science has no greater depth: no column for it.
    assert list(SUMMARY_HEADERS[20:]) == [
        "Science pupils",
        "Science EXS+",
        "Science % EXS+",
        "Science Below EXS",
    ]
    third = 1 / 3
    each = [3, 2, pytest.approx(2 / 3, abs=1e-4), 1, 0]  # Reading: GDS, EXS, A
    each += [3, 1, pytest.approx(third, abs=1e-4), 0, 1] * 2  # Writing, Maths: EXS, below, A
    each += [3, 1, pytest.approx(third, abs=1e-4), 1]  # Science: EXS, HNM, A
    total = [6, 4, pytest.approx(2 / 3, abs=1e-4), 2, 0]
    total += [6, 2, pytest.approx(third, abs=1e-4), 0, 2] * 2
    total += [6, 2, pytest.approx(third, abs=1e-4), 2]
    assert values(figures) == [
        ["2001", "ST MARY'S C OF E PRIMARY", "873", "2001", 3, *each],
        ["2003", FORMULA_NAME, None, None, 3, *each],
        [ALL_SCHOOLS, None, None, None, 6, *total],
    ]
    assert figures.cell(HEADER_ROW + 1, 8).number_format == "0.00%"


@pytest.mark.parametrize("role", [Role.USER, Role.MANAGER])
def test_only_support_writes_it(
    database: Database, schools: list[Ks1School], tmp_path: Path, role: Role
) -> None:
    actor = Actor("head", role, schools[0].school.id)
    with pytest.raises(PermissionDenied):
        write_ks1_la_return(database, actor, YEAR, tmp_path / "ks1.xlsx")
    assert not (tmp_path / "ks1.xlsx").exists()
    assert audited(database) == 0


def test_a_year_nobody_submitted_is_refused_or_gives_the_headings_alone(
    database: Database, tmp_path: Path
) -> None:
    build_ks1_school(database)  # not submitted
    with pytest.raises(NothingSubmitted, match="KS1 teacher assessment results for 2025/2026"):
        write_ks1_la_return(database, SUPPORT, YEAR, tmp_path / "no.xlsx", allow_empty=False)
    assert not (tmp_path / "no.xlsx").exists()
    summary = write_ks1_la_return(database, SUPPORT, YEAR, tmp_path / "empty.xlsx")
    pupils, figures = sheets(summary.path)
    assert pupils.max_row == HEADER_ROW
    assert values(figures) == [
        [ALL_SCHOOLS, None, None, None, 0, *([0, 0, 0, 0, 0] * 3), 0, 0, 0, 0]
    ]


# Stopped between the establishments, before saving, and while saving (the saved file goes).
@pytest.mark.parametrize("stop_at", [1, 2, 3])
def test_a_stop_leaves_no_file_no_temporary_rows_and_no_audit(
    database: Database, schools: list[Ks1School], tmp_path: Path, stop_at: int
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    asked = 0

    def cancelled() -> bool:
        nonlocal asked
        asked += 1  # before each of the 2 establishments, before saving, after saving
        return asked > stop_at

    streamed_before = list(ALL_TEMP_FILES)
    with pytest.raises(Cancelled):
        write_ks1_la_return(database, SUPPORT, YEAR, out / "ks1.xlsx", cancelled=cancelled)
    assert list(out.iterdir()) == []
    assert [name for name in ALL_TEMP_FILES if name not in streamed_before] == []
    assert audited(database) == 0
