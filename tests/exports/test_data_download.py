"""The data download read back: the CSV with the csv module, the workbook with openpyxl; every
value the database holds is there, formula-like text stays text, nothing deleted or another
establishment's appears."""

from __future__ import annotations

import csv
import stat
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlmodel import col

from exports import data_download as writer
from exports.data_download import (
    ASSESSMENT_HEADERS,
    export_data_download,
    export_every_download,
    headers,
)
from exports.folder import la_outbox, outbox
from store.core.access import PermissionDenied
from store.core.db import Database
from store.core.models import AuditEntry
from tests.store.conftest import database  # noqa: F401  (both databases, in place of SQLite's)
from tests.store.pupils.download_school import (
    DELETED_NOTE,
    FORMULA_NOTE,
    FORMULA_SURNAME,
    OTHER_NOTE,
    SUPPORT,
    held_values,
    make_download_school,
)

MADE_AT = datetime(2026, 12, 7, 9, 30, tzinfo=timezone.utc)


def _uninert(text: str) -> str:
    """The CSV's leading quote on formula-like text taken off."""
    return text[1:] if text.startswith("'") and text[1:2] in ("=", "+", "-", "@") else text


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with its BOM
    assert b"\r\n" in raw
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def read_workbook(path: Path) -> list[dict[str, str]]:
    book = load_workbook(path)
    sheet = book["Data download"]
    values = list(sheet.iter_rows(values_only=True))
    heading = [str(value) for value in values[0]]
    rows = []
    for line in values[1:]:
        row: dict[str, str] = {}
        for name, value in zip(heading, line, strict=True):
            if isinstance(value, datetime | date):
                row[name] = f"{value:%d/%m/%Y}"
            else:
                row[name] = "" if value is None else str(value)
        rows.append(row)
    return rows


def _found(rows: list[dict[str, str]]) -> set[object]:
    from tests.store.pupils.download_school import found_values

    return found_values([{k: _uninert(v) for k, v in row.items()} for row in rows])


def test_the_csv_holds_every_value(database: Database) -> None:  # noqa: F811
    school = make_download_school(database)
    written = export_data_download(database, school.manager, school.a_id, made_at=MADE_AT)
    assert written.path.parent == outbox("3001")
    assert written.path.name.startswith("Data download 3001 (") and written.path.suffix == ".csv"
    assert stat.S_IMODE(written.path.stat().st_mode) == 0o600
    rows = read_csv(written.path)
    assert len(rows) == written.rows
    assert list(rows[0]) == list(headers(("CUSTOM 1", "CUSTOM 2", "CUSTOM 3", "CUSTOM 4",
                                          "CUSTOM 5", "CUSTOM 6")))  # fmt: skip
    assert held_values(database, school.a_id) <= _found(rows)
    text = written.path.read_text(encoding="utf-8-sig")
    assert DELETED_NOTE not in text and "Deleted one" not in text
    assert OTHER_NOTE not in text and "OTHERSCHOOL" not in text and "3002" not in text
    # Formula-like text is made inert: never a cell starting with =, +, - or @.
    assert all(not value.startswith(("=", "+", "-", "@")) for row in rows for value in row.values())
    first = next(row for row in rows if row["Note"] == "'" + FORMULA_NOTE)
    assert first["Surname"] == "'" + FORMULA_SURNAME and first["Forenames"] == "Siobhán"
    assert (first["Year group"], first["Class"], first["Disadvantaged"]) == (
        "Reception",
        "Class 2",
        "Yes",
    )
    assert first["Date of birth"] == "01/09/2020" and first["Academic year"] == "2025/2026"
    assert (first["Result"], first["Result words"], first["Gone beyond"]) == (
        "O",
        "On track",
        "green",
    )
    assert (first["Target"], first["Judged progress words"]) == ("O", "Expected progress")
    assert first["Assessment note"] == "period note 0"
    with database.read() as session:
        audited = session.scalar(
            select(func.count()).where(col(AuditEntry.action) == "export data download")
        )
    assert audited == 1


def test_the_workbook_holds_every_value(database: Database) -> None:  # noqa: F811
    school = make_download_school(database)
    written = export_data_download(
        database, school.manager, school.a_id, workbook=True, made_at=MADE_AT
    )
    assert written.path.suffix == ".xlsx"
    assert stat.S_IMODE(written.path.stat().st_mode) == 0o600
    rows = read_workbook(written.path)
    assert len(rows) == written.rows
    assert held_values(database, school.a_id) <= _found(rows)
    book = load_workbook(written.path)
    sheet = book["Data download"]
    cells = [cell for line in sheet.iter_rows() for cell in line]
    name = next(cell for cell in cells if cell.value == FORMULA_SURNAME)
    assert name.data_type == "s" and name.quotePrefix  # text, never a formula
    assert not any(cell.data_type == "f" for cell in cells)
    born = sheet.cell(row=2, column=5).value
    assert isinstance(born, datetime) and born.date() == date(2020, 9, 1)
    score = next(row for row in rows if row["Subject code"] == "RD")
    assert score["Score"] == "104"
    text = repr(rows)
    assert DELETED_NOTE not in text and OTHER_NOTE not in text and "OTHERSCHOOL" not in text


def test_a_long_download_goes_on_in_another_sheet(
    database: Database,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(writer, "SHEET_ROWS", 6)
    school = make_download_school(database)
    written = export_data_download(database, school.manager, school.a_id, workbook=True)
    book = load_workbook(written.path)
    assert book.sheetnames[:2] == ["Data download", "Data download (2)"]
    assert all(sheet.max_row <= 6 for sheet in book.worksheets)
    lines = sum(sheet.max_row - 1 for sheet in book.worksheets)
    assert lines == written.rows


def test_another_school_cannot_download_it(database: Database, tmp_path: Path) -> None:  # noqa: F811
    school = make_download_school(database)
    with pytest.raises(PermissionDenied):
        export_data_download(database, school.outsider, school.a_id)
    assert not list(outbox("3001").iterdir())


def test_support_writes_one_for_every_establishment(database: Database) -> None:  # noqa: F811
    school = make_download_school(database)
    heard: list[tuple[int, int]] = []
    run = export_every_download(
        database, SUPPORT, progress=lambda done, total: heard.append((done, total)), made_at=MADE_AT
    )
    assert run.folder.parent == la_outbox() and run.folder.name.startswith("Data downloads (")
    assert [path.name.split(" (")[0] for path in run.written] == [
        "Data download 3001",
        "Data download 3002",
    ]
    assert heard == [(0, 2), (1, 2), (2, 2)] and not run.stopped
    ash, birch = (read_csv(path) for path in run.written)
    assert held_values(database, school.a_id) <= _found(ash)
    assert held_values(database, school.b_id) <= _found(birch)
    assert {row["Establishment number"] for row in birch} == {"3002"}
    assert FORMULA_SURNAME not in repr(birch) and OTHER_NOTE not in repr(ash)
    with pytest.raises(PermissionDenied):
        export_every_download(database, school.manager)


def test_support_can_stop_between_establishments(database: Database) -> None:  # noqa: F811
    make_download_school(database)
    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 1

    run = export_every_download(database, SUPPORT, cancelled=stop)
    assert run.stopped and len(run.written) == 1 and run.done == 1


def test_the_readme_documents_every_column() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The data download", 1)[1].split("\n## ", 1)[0]
    for heading in (*writer.PUPIL_HEADERS, *writer.PUPIL_FLAG_HEADERS, *ASSESSMENT_HEADERS):
        assert f"`{heading}`" in section, heading
