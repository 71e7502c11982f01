"""`pupil-tracker pupil-export --upn UPN [--out FILE.json]`: a subject access request."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from store.core.access import Actor, Role
from store.core.db import open_database
from store.core.models import Pupil
from store.establishments.establishments import create_establishment
from tests.test_cli import run_cli

UPN = "A204100000001"


def school_with(path: Path) -> None:
    database = open_database(f"sqlite:///{path}")
    try:
        school = create_establishment(database, Actor("s", Role.SUPPORT, None), "2041", "ST MARY'S")
        with database.write() as session:
            session.add(
                Pupil(
                    establishment_id=school.id,
                    upn=UPN,
                    surname="Nowak",
                    forenames="Łukasz",
                    date_of_birth=date(2021, 3, 1),
                )
            )
    finally:
        database.dispose()


def test_the_file_goes_to_the_exports_folder_and_holds_the_pupil(tmp_path: Path) -> None:
    path = tmp_path / "school.db"
    school_with(path)
    exports = tmp_path / "exports"
    done = run_cli(
        "pupil-export", "--db", str(path), "--upn", UPN.lower(),
        env={"PUPIL_TRACKER_EXPORTS_DIR": str(exports)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (written,) = (exports / "Subject access requests").glob("*.json")
    assert done.stdout == f"Wrote 1 record(s) held on {UPN} to {written}.\n"
    assert written.stat().st_mode & 0o777 == 0o600
    document = json.loads(written.read_text(encoding="utf-8"))
    assert document["upn"] == UPN
    assert document["records"][0]["pupil"]["forenames"] == "Łukasz"

    chosen = tmp_path / "request.json"
    chosen.write_text("someone's file")
    refused = run_cli("pupil-export", "--db", str(path), "--upn", UPN, "--out", str(chosen))
    assert refused.returncode == 2
    assert refused.stderr == f"pupil-tracker: {chosen} already exists: give a new file name.\n"
    assert chosen.read_text() == "someone's file"
    unknown = run_cli("pupil-export", "--db", str(path), "--upn", "Z999999999999")
    assert unknown.returncode == 1
    assert unknown.stderr == "pupil-tracker: No pupil with the UPN Z999999999999 is held here.\n"
