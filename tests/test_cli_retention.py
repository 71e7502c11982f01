"""`pupil-tracker retention --until-age AGE [--dry-run]`, as the administrator runs it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from store.core.access import Actor, Role
from store.core.db import open_database
from store.core.models import Pupil
from store.establishments.establishments import create_establishment
from tests.test_cli import run_cli


def school_with_a_long_gone_pupil(path: Path) -> None:
    database = open_database(f"sqlite:///{path}")
    try:
        school = create_establishment(database, Actor("s", Role.SUPPORT, None), "2041", "ST MARY'S")
        with database.write() as session:
            for upn, born, archived in (
                ("A204100000001", date(1990, 3, 1), True),
                ("A204100000002", date(1990, 3, 1), False),
            ):
                session.add(
                    Pupil(
                        establishment_id=school.id,
                        upn=upn,
                        surname="Left",
                        forenames="Long",
                        date_of_birth=born,
                        archived=archived,
                    )
                )
    finally:
        database.dispose()


def test_a_dry_run_lists_then_a_run_deletes_and_a_silly_age_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "school.db"
    school_with_a_long_gone_pupil(path)
    listed = run_cli("retention", "--db", str(path), "--until-age", "25", "--dry-run")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines() == [
        "2041  A204100000001  born 01/03/1990",
        "1 left pupil would be deleted (--until-age 25); nothing was changed.",
    ]
    done = run_cli("retention", "--db", str(path), "--until-age", "25")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Deleted 1 left pupil (--until-age 25)")
    again = run_cli("retention", "--db", str(path), "--until-age", "25", "--dry-run")
    assert again.stdout.endswith(
        "0 left pupils would be deleted (--until-age 25); nothing was changed.\n"
    )
    silly = run_cli("retention", "--db", str(path), "--until-age", "5")
    assert silly.returncode == 2
    assert "from 18 to 120" in silly.stderr and len(silly.stderr.splitlines()) == 1
