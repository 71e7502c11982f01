"""`pupil-tracker db backup DEST` and `db restore BACKUP`, as the administrator types them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.test_cli import run_cli


def test_backup_then_restore_into_a_new_file(tmp_path: Path) -> None:
    school = tmp_path / "school.db"
    assert run_cli("demo", "--db", str(school)).returncode == 0
    backup = tmp_path / "school-backup.db"
    made = run_cli("db", "backup", "--db", str(school), str(backup))
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith(f"Backed up {school} to {backup}: ")
    assert "rows in" in made.stdout
    again = run_cli("db", "backup", "--db", str(school), str(backup))
    assert again.returncode == 2
    assert again.stderr == f"pupil-tracker: {backup} exists already: give a new file name.\n"

    restored = tmp_path / "restored.db"
    done = run_cli("db", "restore", "--db", str(restored), str(backup))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Restored {backup} into {restored}: ")
    with sqlite3.connect(school) as first, sqlite3.connect(restored) as second:
        query = "SELECT * FROM pupil ORDER BY id"
        assert first.execute(query).fetchall() == second.execute(query).fetchall()

    refused = run_cli("db", "restore", "--db", str(restored), str(backup))
    assert refused.returncode == 2
    assert "holds data already" in refused.stderr and len(refused.stderr.splitlines()) == 1


def test_a_server_database_is_backed_up_with_pg_dump(tmp_path: Path) -> None:
    url = "postgresql+psycopg://tracker:secret@127.0.0.1:1/tracker?connect_timeout=1"
    said = run_cli("db", "backup", "--db-url", url, str(tmp_path / "x.dump"))
    assert said.returncode == 2
    assert "pg_dump --format=custom --file" in said.stderr
    assert "secret" not in said.stderr
    assert not (tmp_path / "x.dump").exists()
