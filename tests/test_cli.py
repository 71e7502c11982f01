"""The pupil-tracker command: options, the demo command and readable failures."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from store.core.db import default_database_path, resolve_database_url
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
        (["--db", ""], "pupil-tracker: --db was given no file: "),
        (["--db-url", ""], "pupil-tracker: --db-url was given no URL: "),
    ],
)
def test_a_database_that_cannot_be_opened_gives_one_line(args: list[str], message: str) -> None:
    result = run_cli(*args, "demo")
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1 or result.stderr.startswith("usage:")
    assert "Traceback" not in result.stderr


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"This is a Word document, honest." * 100)
    result = run_cli("--db", str(path), "demo")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"pupil-tracker: {path} is not a Pupil Tracker database (it is not an SQLite database "
        "at all); it was left as it was: give the path of a Pupil Tracker database, or of a "
        "new file."
    )
    assert path.read_bytes() == b"This is a Word document, honest." * 100


def test_another_programs_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "places.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    connection.commit()
    connection.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = run_cli("--db", str(path), "demo")  # it gained 25 tables and WAL, then failed
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert "it holds other tables (moz_places) and not Pupil Tracker's" in result.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["places.sqlite"]


def test_the_demo_database_is_private(tmp_path: Path) -> None:
    path = tmp_path / "data" / "school.db"
    result = run_cli("--db", str(path), "demo")
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    path.chmod(0o644)  # as earlier versions made it
    again = run_cli("--db", str(path), "demo")
    assert again.returncode == 2
    assert again.stderr == (
        f"pupil-tracker: The database {path} can be read or changed by other users "
        f"(mode 0644): run chmod 600 {path}.\n"
    )


def as_owner_without_rights(command: list[str]) -> list[str]:
    """`command` run so that permission bits bind: root ignores them, so as root it runs in a
    user namespace where the files' owner is an ordinary user (with no capabilities)."""
    if os.geteuid() != 0:
        return command
    if shutil.which("unshare") is None:
        pytest.skip("running as root without unshare: permission bits do not bind")
    return ["unshare", "--user", "--map-user=1000", "--map-group=1000", *command]


@pytest.mark.parametrize("what", ["file", "folder"])
@pytest.mark.parametrize("command", ["demo", "import-pupils"])
def test_a_read_only_database_is_one_line_and_exit_2(
    tmp_path: Path, what: str, command: str
) -> None:
    folder = tmp_path / "data"
    path = folder / "school.db"
    assert run_cli("--db", str(path), "demo").returncode == 0
    upload = tmp_path / "pupils.csv"
    upload.write_text("UPN,Surname,Forename,DOB,Gender,Postcode,Ethnic code\r\n")
    args = ["import-pupils", "--establishment", "99901", str(upload)] if command != "demo" else []
    (path if what == "file" else folder).chmod(0o400 if what == "file" else 0o500)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    try:
        result = subprocess.run(
            as_owner_without_rights(
                [
                    sys.executable,
                    "-m",
                    "tui",
                    "--db",
                    str(path),
                    *(args if command != "demo" else ["demo"]),
                ]
            ),
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        folder.chmod(0o700)
        path.chmod(0o600)
    assert result.returncode == 2, result.stderr
    assert result.stderr == (
        f"pupil-tracker: The database {path} is read-only (this account cannot write the "
        f"file or its folder {folder}): make both writable by it, or give another database.\n"
    )
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_database_that_refuses_mid_command_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sqlalchemy.exc import OperationalError

    import store.demo

    def refused(*_: object, **__: object) -> None:
        raise OperationalError(
            "UPDATE establishment", {}, sqlite3.OperationalError("disk I/O error")
        )

    monkeypatch.setattr(store.demo, "ensure_demo", refused)
    path = tmp_path / "school.db"
    with pytest.raises(SystemExit) as ended:
        main(["demo", "--db", str(path)])
    assert ended.value.code == 2
    assert capsys.readouterr().err == (
        f"pupil-tracker: The database {path} refused: disk I/O error.\n"
    )


def test_default_database_lives_in_the_user_data_directory(isolated_data_dir: Path) -> None:
    assert resolve_database_url() == f"sqlite:///{default_database_path()}"
    assert str(default_database_path()).startswith(str(isolated_data_dir))


def test_main_runs_the_demo_in_process(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--db", str(tmp_path / "in.db")]) == 0
    assert "is ready" in capsys.readouterr().out


def test_the_app_without_a_terminal_says_so_and_ends(tmp_path: Path) -> None:
    # `ssh host id` under the ForceCommand recipe, or a pipe: nothing would see the app, and it
    # would outlive the connection.
    database = tmp_path / "school.db"
    done = run_cli("--db", str(database))
    assert done.returncode == 1
    assert done.stderr == (
        "pupil-tracker: The app needs a terminal: connect with ssh -t, or PuTTY.\n"
    )
    assert not database.exists()
