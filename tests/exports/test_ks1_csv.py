"""The KS1 CSV read back with the csv module: every column of every row, names kept as typed,
formula-like text made inert, the file's name, mode and encoding, and nothing written when the
return is refused."""

from __future__ import annotations

import csv
import stat
from datetime import timedelta
from pathlib import Path

import pytest

from exports.folder import outbox
from exports.ks1_csv import COLUMNS, export_ks1_csv_return, ks1_csv_name
from store.core.db import Database
from store.core.models_returns import ReturnSequence
from store.curriculum.eyfs import YearGroup
from store.curriculum.year_groups import birth_date_range
from store.returns.ctf_data import ReturnNotReady
from tests.store.ks1_school import YEAR, Ks1School, build_ks1_school, upn

HEADINGS = ["LA", "Estab", "UPN", "Surname", "Forenames", "DOB", "Sex"]
HEADINGS += ["READ", "WRIT", "MATH", "SCI"]


@pytest.fixture
def school(database: Database) -> Ks1School:
    return build_ks1_school(database)


def export(school: Ks1School) -> Path:
    """The CSV, its results marked submitted first (only submitted results go)."""
    school.mark_submitted()
    return export_ks1_csv_return(school.database, school.head, school.school.id, YEAR).path


def read_back(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file))


def born(serial: int) -> str:
    first, _ = birth_date_range(YearGroup.YEAR_2, YEAR)
    return f"{first + timedelta(days=serial):%d/%m/%Y}"


def test_every_column_of_every_row_read_back(school: Ks1School) -> None:
    path = export(school)
    assert path == outbox("2001") / "KS1_2001_26.csv"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + b"LA,Estab,UPN,") and raw.endswith(b"\r\n")
    assert raw.count(b"\r\n") == 4 and b"\n" not in raw.replace(b"\r\n", b"")
    assert [heading for heading, _ in COLUMNS] == HEADINGS
    assert read_back(path) == [
        HEADINGS,
        ["873", "2001", upn(3), "[bold]Rich[/bold]", "Tom", born(3), "M", "A", "A", "A", "A"],
        ["873", "2001", upn(2), "Núñez", "Zoë & <Ann>", born(2), "F", "EXS", "WTS", "PK3", "HNM"],
        ["873", "2001", upn(1), "O'Brien", "Siobhán", born(1), "F", "GDS", "EXS", "EXS", "EXS"],
    ]
    # UTF-8 as is: Excel reads the accents through the byte order mark.
    assert "Núñez,Zoë & <Ann>".encode() in raw


def test_text_a_spreadsheet_would_run_is_written_inert(school: Ks1School) -> None:
    for serial, surname in enumerate(("=HYPERLINK(1)", "+44", "-minus", "@SUM(A1)"), start=4):
        school.add_pupil(surname, YearGroup.YEAR_2, serial=serial)
        school.judge(surname, ("EXS",) * 4)
    rows = read_back(export(school))
    assert sorted(row[3] for row in rows[1:] if row[3].startswith("'")) == [
        "'+44",
        "'-minus",
        "'=HYPERLINK(1)",
        "'@SUM(A1)",
    ]


def test_sent_again_it_is_written_beside_the_first(school: Ks1School) -> None:
    first = export(school)
    before = first.read_bytes()
    again = export(school)
    assert again.name == "KS1_2001_26 (2).csv" and first.read_bytes() == before
    with school.database.read() as session:
        assert session.get(ReturnSequence, school.school.id) is None  # no CTF number taken


def test_a_refused_return_leaves_no_file(school: Ks1School) -> None:
    with pytest.raises(ReturnNotReady, match=r"^The KS1 CSV was not written: .*not been submitted"):
        export_ks1_csv_return(school.database, school.head, school.school.id, YEAR)
    assert list(outbox("2001").iterdir()) == []


def test_the_name_has_the_dfe_number_and_the_summer_s_year(database: Database) -> None:
    school = build_ks1_school(database)
    school.mark_submitted()
    ctf = export_ks1_csv_return(database, school.head, school.school.id, YEAR).ctf
    assert ks1_csv_name(ctf) == "KS1_2001_26.csv"
