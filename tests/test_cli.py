"""The pupil-tracker command: options, the demo command and readable failures."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from store.db import default_database_path, resolve_database_url
from tui.cli import main


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def test_help_and_version() -> None:
    helped = run_cli("--help")
    assert helped.returncode == 0
    assert "--db PATH" in helped.stdout and "demo" in helped.stdout
    versioned = run_cli("--version")
    assert versioned.returncode == 0 and versioned.stdout.startswith("pupil-tracker ")


def test_demo_creates_the_training_school(tmp_path: Path) -> None:
    path = tmp_path / "school.db"
    result = run_cli("demo", "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert "99901 - TRAINING SCHOOL 1" in result.stdout and str(path) in result.stdout
    again = run_cli("--db", str(path), "demo")
    assert again.returncode == 0


def test_the_environment_variable_names_the_database(tmp_path: Path) -> None:
    path = tmp_path / "from-env.db"
    result = run_cli("demo", env={"PUPIL_TRACKER_DB_URL": f"sqlite:///{path}"})
    assert result.returncode == 0 and path.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--db", "/proc/no/such/place.db"], "Cannot create the folder"),
        (["--db-url", "nonsense://x"], "Unknown kind of database"),
        (["--db", "x.db", "--db-url", "sqlite://"], "not allowed with"),
    ],
)
def test_a_database_that_cannot_be_opened_gives_one_line(args: list[str], message: str) -> None:
    result = run_cli(*args, "demo")
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"This is a Word document, honest." * 100)
    result = run_cli("--db", str(path), "demo")
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == f"pupil-tracker: Cannot open the database {path}: file is not a database."
    )
    assert path.read_bytes().startswith(b"This is a Word document")


def test_default_database_lives_in_the_user_data_directory(isolated_data_dir: Path) -> None:
    assert resolve_database_url() == f"sqlite:///{default_database_path()}"
    assert str(default_database_path()).startswith(str(isolated_data_dir))


def test_main_runs_the_demo_in_process(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--db", str(tmp_path / "in.db")]) == 0
    assert "is ready" in capsys.readouterr().out
