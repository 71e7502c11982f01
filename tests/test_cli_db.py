"""`pupil-tracker db current` / `db upgrade`, and the line any command prints after an upgrade."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

from store.core.schema_revision import HEAD
from tests.store.conftest import throwaway_postgres
from tests.test_cli import run_cli

FIXTURE = Path(__file__).parent / "fixtures" / "pre-alembic.db"


def _old_database(folder: Path) -> Path:
    path = folder / "school.db"
    shutil.copyfile(FIXTURE, path)
    path.chmod(0o600)
    return path


def _copies(folder: Path) -> list[Path]:
    return sorted(folder.glob("school.db.before-*"))


def test_db_current_then_db_upgrade_by_hand(tmp_path: Path) -> None:
    path = _old_database(tmp_path)
    current = run_cli("--db", str(path), "db", "current")
    assert (current.returncode, current.stderr) == (1, "")
    assert current.stdout == (
        f"{path}: made before schema revisions; opening it (or db upgrade) brings it to "
        f"revision {HEAD}.\n"
    )
    assert _copies(tmp_path) == []  # looking changes nothing
    upgraded = run_cli("db", "upgrade", "--db", str(path))
    assert (upgraded.returncode, upgraded.stderr) == (0, "")
    [copy] = _copies(tmp_path)
    assert upgraded.stdout == (
        f"The database {path} was made before schema revisions; it is now at revision {HEAD}. "
        f"A copy from before the upgrade is {copy}.\n"
    )
    again = run_cli("--db", str(path), "db", "upgrade")
    assert again.returncode == 0 and "nothing to upgrade" in again.stdout
    current = run_cli("--db", str(path), "db", "current")
    assert (current.returncode, current.stdout) == (
        0,
        f"{path}: schema revision {HEAD}, the newest this program has.\n",
    )
    assert len(_copies(tmp_path)) == 1


def test_any_command_upgrades_an_old_database_and_says_so_on_stderr(tmp_path: Path) -> None:
    path = _old_database(tmp_path)
    listed = run_cli("--db", str(path), "user", "list")
    assert listed.returncode == 0
    assert "demo.manager" in listed.stdout and "copy" not in listed.stdout
    [copy] = _copies(tmp_path)
    assert listed.stderr == (
        f"pupil-tracker: The database {path} was made before schema revisions; it is now at "
        f"revision {HEAD}. A copy from before the upgrade is {copy}.\n"
    )
    quiet = run_cli("--db", str(path), "user", "list")
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_db_current_creates_no_database(tmp_path: Path) -> None:
    path = tmp_path / "nothing-here.db"
    result = run_cli("--db", str(path), "db", "current")
    assert (result.returncode, result.stdout) == (
        1,
        f"There is no database at {path} yet: opening it makes one.\n",
    )
    assert not path.exists()


def test_a_newer_database_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "school.db"
    made = run_cli("--db", str(path), "db", "upgrade")
    assert made.stdout == (
        f"The database {path} was new: its tables were made at revision {HEAD}.\n"
    )
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '0099'")
    connection.commit()
    connection.close()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    for command in (["db", "current"], ["db", "upgrade"], ["user", "list"], ["demo"]):
        result = run_cli("--db", str(path), *command)
        assert (result.returncode, result.stdout) == (2, ""), command
        assert result.stderr == (
            "pupil-tracker: This database was upgraded by a newer Pupil Tracker (schema "
            "revision 0099); install that version or newer.\n"
        )
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_db_current_refuses_another_programs_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    connection.commit()
    connection.close()
    path.chmod(0o600)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    result = run_cli("--db", str(path), "db", "current")
    assert result.returncode == 2 and "is not a Pupil Tracker database" in result.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_db_upgrade_and_current_on_postgresql() -> None:
    with throwaway_postgres() as url:
        current = run_cli("--db-url", url, "db", "current")
        assert current.returncode == 1 and "empty; opening it" in current.stdout
        made = run_cli("--db-url", url, "db", "upgrade")
        assert made.returncode == 0, made.stderr
        assert f"was new: its tables were made at revision {HEAD}" in made.stdout
        current = run_cli("--db-url", url, "db", "current")
        assert current.returncode == 0 and f"schema revision {HEAD}, the newest" in current.stdout


def test_db_needs_an_action() -> None:
    helped = run_cli("db", "--help")
    assert helped.returncode == 0 and "upgrade" in helped.stdout and "current" in helped.stdout
    missing = run_cli("db")
    assert missing.returncode == 2 and "required: ACTION" in missing.stderr
