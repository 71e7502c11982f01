"""`pupil-tracker export`: workbooks from the shell, and one clear line (exit 2) when refused."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from exports.folder import EXPORTS_DIR_ENV
from store.core.db import open_database
from tests.exports.grid_school import build_school, find_row, formulas, open_sheet

NUMBER = "2041"


def run_cli(db: Path, *args: str, exports: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if exports is not None:
        env[EXPORTS_DIR_ENV] = str(exports)
    return subprocess.run(
        [sys.executable, "-m", "tui", "--db", str(db), "export", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    path = tmp_path / "school.db"
    database = open_database(f"sqlite:///{path}")
    build_school(database, NUMBER, "ST MARY'S").submit_elg()
    database.dispose()
    return path


def test_all_data_goes_to_the_establishments_exports_folder(db_file: Path, tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    done = run_cli(
        db_file, "--what", "all-data", "--establishment", NUMBER, "--year", "2025/2026",
        exports=exports,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    written = Path(done.stdout.strip())
    assert written.parent == exports / "2041" / "outbox"
    assert written.name.startswith("All data 2025-2026 (")
    sheet = open_sheet(written)
    assert sheet.title == "All data"
    assert find_row(sheet, "Displaying 9 pupils")
    again = run_cli(
        db_file, "--what", "all-data", "--establishment", NUMBER, "--year", "2025",
        exports=exports,
    )  # fmt: skip
    assert again.returncode == 0
    assert Path(again.stdout.strip()) != written and written.exists()


def test_screen_data_of_one_assessment_to_a_named_file(db_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "autumn.xlsx"  # the administrator's choice, outside the exports folder
    exports = tmp_path / "exports"
    done = run_cli(
        db_file, "--what", "screen", "--establishment", NUMBER, "--year", "2025/26",
        "--group", "reception", "--assessment", "autumn 1", "--out", str(out), exports=exports,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out.resolve())
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    sheet = open_sheet(out)
    assert "Assessments shown: Autumn 1 (1 hidden)" in sheet["A2"].value
    assert formulas(sheet) == []
    refused = run_cli(
        db_file, "--what", "screen", "--establishment", NUMBER, "--year", "2025/2026",
        "--out", str(out), exports=exports,
    )  # fmt: skip
    assert refused.returncode == 2
    assert "already exists (use --force" in refused.stderr
    forced = run_cli(
        db_file, "--what", "screen", "--establishment", NUMBER, "--year", "2025/2026",
        "--group", "n1", "--out", str(out), "--force", exports=exports,
    )  # fmt: skip
    assert forced.returncode == 0, forced.stderr
    assert "Nursery 1" in open_sheet(out)["A1"].value
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert not exports.exists()  # nothing went through the exports folder


def test_full_report_of_the_latest_assessment_with_data(db_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "full.xlsx"
    done = run_cli(
        db_file, "--what", "full-report", "--establishment", NUMBER, "--year", "2025/2026",
        "--out", str(out),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    sheet = open_sheet(out)
    assert "Full Report" in sheet["A1"].value and "Autumn 1" in sheet["A1"].value
    assert formulas(sheet) == []


def test_la_return_of_every_submitted_establishment(db_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "la.xlsx"
    done = run_cli(db_file, "--what", "la-return", "--year", "2025/2026", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "2 pupils of 1 establishment with submitted results" in done.stderr
    sheet = open_sheet(out)
    assert sheet.cell(4, 1).value == NUMBER and sheet.max_row == 5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--what", "all-data", "--establishment", "9999", "--year", "2025/2026"],
            "There is no establishment numbered 9999",
        ),
        (
            ["--what", "all-data", "--establishment", NUMBER, "--year", "2025/2027"],
            "Academic year must look like 2025/2026",
        ),
        (
            ["--what", "screen", "--establishment", NUMBER, "--year", "2025/2026",
             "--assessment", "Summer 9"],
            "Reception has no assessment called 'Summer 9' in 2025/2026 (there are: Autumn 1, "
            "Spring 1)",
        ),
        (
            ["--what", "full-report", "--establishment", NUMBER, "--year", "2025/2026",
             "--assessment", "Summer 9"],
            "no assessment called 'Summer 9'",
        ),
        (
            ["--what", "screen", "--establishment", NUMBER, "--year", "2025/2026",
             "--group", "year 6"],
            "--group is nursery-1, nursery-2 or reception",
        ),
        (
            ["--what", "all-data", "--year", "2025/2026"],
            "Say which establishment",
        ),
        (
            ["--what", "la-return", "--year", "2025/2026", "--establishment", NUMBER],
            "--establishment does not apply to la-return",
        ),
        (
            ["--what", "all-data", "--establishment", NUMBER, "--year", "2025/2026",
             "--out", "/nonexistent-folder/x.xlsx"],
            "Cannot write /nonexistent-folder/x.xlsx: the folder /nonexistent-folder does not "
            "exist",
        ),
        (
            ["--what", "all-data", "--establishment", NUMBER, "--year", "2025/2026",
             "--out", "notes.txt"],
            "should end in .xlsx",
        ),
    ],
)  # fmt: skip
def test_refusals_are_one_line_and_exit_2(
    db_file: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    done = run_cli(db_file, *args, exports=tmp_path / "exports")
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("pupil-tracker: ")
    assert message in lines[0]
    assert not (tmp_path / "exports").exists() or not any((tmp_path / "exports").rglob("*.xlsx"))


def test_an_unwritable_folder_is_one_line_and_leaves_nothing(db_file: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        done = run_cli(
            db_file, "--what", "all-data", "--establishment", NUMBER, "--year", "2025/2026",
            "--out", str(locked / "x.xlsx"),
        )  # fmt: skip
    finally:
        locked.chmod(0o700)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert "not writable" in done.stderr
    assert list(locked.iterdir()) == []
