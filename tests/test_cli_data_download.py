"""`pupil-tracker export --what data-download`: one establishment's CSV or workbook, or every
establishment's into a new folder; refusals are one line and exit 2."""

from __future__ import annotations

import csv
import stat
from pathlib import Path

import pytest
from openpyxl import load_workbook

from store.core.db import open_database
from tests.store.pupils.download_school import (
    FORMULA_SURNAME,
    OTHER_NOTE,
    held_values,
    make_download_school,
)
from tests.test_cli_export import run_cli


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    path = tmp_path / "school.db"
    database = open_database(f"sqlite:///{path}")
    make_download_school(database)
    database.dispose()
    return path


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def test_one_establishments_csv_goes_to_its_outbox(db_file: Path, tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    done = run_cli(db_file, "--what", "data-download", "--establishment", "3001", exports=exports)
    assert done.returncode == 0, done.stderr
    written = Path(done.stdout.strip())
    assert written.parent == exports / "3001" / "outbox"
    assert written.name.startswith("Data download 3001 (") and written.suffix == ".csv"
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert written.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = _rows(written)
    assert f"{len(rows)} rows." in done.stderr
    assert {row["Surname"] for row in rows} >= {"'" + FORMULA_SURNAME, "Scorer", "Gone"}
    assert OTHER_NOTE not in written.read_text(encoding="utf-8-sig")
    database = open_database(f"sqlite:///{db_file}")
    try:
        notes = {value.value for value in held_values(database, 1) if value.column == "Note"}
    finally:
        database.dispose()
    assert notes <= {row["Note"].removeprefix("'") for row in rows}


def test_a_workbook_with_out_and_every_establishment(db_file: Path, tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    out = tmp_path / "elsewhere.xlsx"
    done = run_cli(
        db_file, "--what", "data-download", "--establishment", "3001", "--out", str(out),
        exports=exports,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()) == out.resolve()
    assert load_workbook(out)["Data download"].max_row > 10
    again = run_cli(
        db_file, "--what", "data-download", "--establishment", "3001", "--out", str(out),
        exports=exports,
    )  # fmt: skip
    assert again.returncode == 2 and "already exists" in again.stderr
    every = run_cli(db_file, "--what", "data-download", exports=exports)
    assert every.returncode == 0, every.stderr
    folder = Path(every.stdout.strip())
    assert folder.parent == exports / "Local authority" / "outbox"
    names = sorted(path.name.split(" (")[0] for path in folder.iterdir())
    assert names == ["Data download 3001", "Data download 3002"]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--establishment", "9999"), "no establishment numbered 9999"),
        (("--establishment", "3001", "--year", "2025/2026"), "--year does not apply"),
        (("--establishment", "3001", "--out", "x.txt"), "should end in .csv"),
        (("--out", "somewhere.csv"), "--out does not apply to every establishment"),
    ],
)
def test_refusals_are_one_line(
    db_file: Path, tmp_path: Path, args: tuple[str, ...], said: str
) -> None:
    done = run_cli(db_file, "--what", "data-download", *args, exports=tmp_path / "exports")
    assert done.returncode == 2
    assert said in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_other_exports_still_need_a_year(db_file: Path, tmp_path: Path) -> None:
    done = run_cli(db_file, "--what", "all-data", "--establishment", "3001", exports=tmp_path)
    assert done.returncode == 2 and "--year" in done.stderr
