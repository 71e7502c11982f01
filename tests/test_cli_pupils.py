"""The pupil commands of pupil-tracker: import-pupils, pupil-template and unarchive."""

from __future__ import annotations

import codecs
import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlmodel import col

from exports.pupil_template import TEMPLATE_COLUMNS
from store.core.access import Actor, Role
from store.core.db import open_database
from store.core.models import AuditEntry, Pupil
from store.curriculum.upn import upn_check_letter
from store.establishments.establishments import create_establishment
from store.pupils.editing import archive_pupils

NUMBER = "2041"
HEADER = ",".join(TEMPLATE_COLUMNS)
BORN = f"15/01/{date.today().year - 4}"  # a Reception or Year 1 child whenever the tests run


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def upn(number: int) -> str:
    digits = f"{number:012d}"
    return upn_check_letter(digits) + digits


def row(number: int, surname: str = "Smith", born: str = BORN) -> str:
    return f'{upn(number)},"{surname}",Zoë,{born},F,PR1 2AB,N,WBRI,N,,'


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    """An SQLite file holding one establishment, numbered 2041."""
    path = tmp_path / "school.db"
    database = open_database(f"sqlite:///{path}")
    create_establishment(database, Actor("setup", Role.SUPPORT, None), NUMBER, "ST MARY'S")
    database.dispose()
    return path


def pupils_in(path: Path) -> dict[str, Pupil]:
    database = open_database(f"sqlite:///{path}")
    try:
        with database.read() as session:
            return {pupil.upn: pupil for pupil in session.scalars(select(Pupil))}
    finally:
        database.dispose()


def write_csv(path: Path, *rows: str, encoding: str = "utf-8-sig") -> Path:
    path.write_bytes("\r\n".join([HEADER, *rows, ""]).encode(encoding))
    return path


def test_a_clean_file_is_imported_and_a_second_import_updates(
    tmp_path: Path, db_file: Path
) -> None:
    upload = write_csv(tmp_path / "pupils.csv", row(1, "Smith, Jr"), row(2))
    done = run_cli("--db", str(db_file), "import-pupils", "--establishment", NUMBER, str(upload))
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"Imported {upload}: 2 added, 0 updated, 0 unchanged.\n"
    assert done.stderr == ""
    assert pupils_in(db_file)[upn(1)].surname == "Smith, Jr"
    write_csv(upload, row(1, "Smith"), row(2), row(3), encoding="cp1252")
    again = run_cli("import-pupils", "--establishment", NUMBER, str(upload), "--db", str(db_file))
    assert again.returncode == 0, again.stderr
    assert again.stdout == f"Imported {upload}: 1 added, 1 updated, 1 unchanged.\n"
    assert pupils_in(db_file)[upn(3)].forenames == "Zoë"


def test_a_dirty_file_lists_every_problem_and_writes_nothing(tmp_path: Path, db_file: Path) -> None:
    upload = write_csv(
        tmp_path / "pupils.csv",
        row(1),
        row(2, born="31/02/2020"),
        row(3, surname=""),
        row(1),
    )
    done = run_cli("--db", str(db_file), "import-pupils", "--establishment", NUMBER, str(upload))
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        f"pupil-tracker: {upload} was not imported (3 problems; nothing was written):",
        "line 3, DOB: 31/02/2020 is not a date: February 2020 has 29 days.",
        "line 4, Surname: Surname is required.",
        f"line 5, UPN: UPN {upn(1)} is also on line 2.",
    ]
    assert pupils_in(db_file) == {}


def test_a_file_that_is_not_csv_gives_one_problem(tmp_path: Path, db_file: Path) -> None:
    upload = tmp_path / "pupils.xlsx.csv"
    upload.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 10)
    done = run_cli("--db", str(db_file), "import-pupils", "--establishment", NUMBER, str(upload))
    assert done.returncode == 1
    assert done.stderr.startswith(f"pupil-tracker: {upload} was not imported: The file is an Excel")
    assert len(done.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("establishment", "file", "message"),
    [
        ("9999", "pupils.csv", "pupil-tracker: There is no establishment numbered 9999 in "),
        (NUMBER, "missing.csv", "pupil-tracker: There is no file "),
        (NUMBER, ".", "pupil-tracker: "),
    ],
)
def test_unknown_establishment_or_unreadable_file_gives_one_line(
    tmp_path: Path, db_file: Path, establishment: str, file: str, message: str
) -> None:
    write_csv(tmp_path / "pupils.csv", row(1))
    target = str(tmp_path / file)
    done = run_cli("--db", str(db_file), "import-pupils", "--establishment", establishment, target)
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith(message)
    assert "Traceback" not in done.stderr
    assert pupils_in(db_file) == {}


def test_the_import_is_audited_as_the_person_at_the_server(tmp_path: Path, db_file: Path) -> None:
    upload = write_csv(tmp_path / "pupils.csv", row(1))
    run_cli("--db", str(db_file), "import-pupils", "--establishment", NUMBER, str(upload))
    database = open_database(f"sqlite:///{db_file}")
    with database.read() as session:
        entry = session.scalars(
            select(AuditEntry).where(col(AuditEntry.action) == "import pupils")
        ).one()
    database.dispose()
    assert entry.target == "pupils.csv" and entry.source == "local"
    assert entry.new_value is not None and entry.new_value.startswith("1 added")


def test_the_import_command_does_not_load_the_interface(tmp_path: Path, db_file: Path) -> None:
    upload = write_csv(tmp_path / "pupils.csv", row(1))
    code = (
        "import sys\n"
        "from tui.cli import main\n"
        f"code = main(['--db', {str(db_file)!r}, 'import-pupils', '--establishment', "
        f"{NUMBER!r}, {str(upload)!r}])\n"
        "print(code, sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich'}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.splitlines()[-1] == "0 []"


def test_pupil_template_writes_the_template(tmp_path: Path) -> None:
    out = tmp_path / "template.csv"
    done = run_cli("pupil-template", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    data = out.read_bytes()
    assert data.startswith(codecs.BOM_UTF8 + HEADER.encode() + b"\r\n,,,dd/mm/yyyy,M or F,")
    again = run_cli("pupil-template", str(out))
    assert again.returncode == 2 and "already exists" in again.stderr
    out.write_text("filled in")
    forced = run_cli("pupil-template", str(out), "--force")
    assert forced.returncode == 0 and out.read_bytes() == data
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    nowhere = run_cli("pupil-template", str(tmp_path / "no" / "such" / "folder.csv"))
    assert nowhere.returncode == 2 and nowhere.stderr.startswith("pupil-tracker: Cannot write")


def test_pupil_template_without_out_goes_to_the_exports_folder(tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    done = run_cli("pupil-template", env={"PUPIL_TRACKER_EXPORTS_DIR": str(exports)})
    assert done.returncode == 0, done.stderr
    written = Path(done.stdout.strip())
    assert written.parent == exports and written.name.startswith("Pupil upload template (")
    into_folder = run_cli("pupil-template", str(tmp_path))
    assert Path(into_folder.stdout.strip()).parent == tmp_path
    assert stat.S_IMODE(written.stat().st_mode) == 0o600


def test_unarchive_brings_pupils_back(tmp_path: Path, db_file: Path) -> None:
    upload = write_csv(tmp_path / "pupils.csv", row(1), row(2))
    run_cli("--db", str(db_file), "import-pupils", "--establishment", NUMBER, str(upload))
    pupils = pupils_in(db_file)
    database = open_database(f"sqlite:///{db_file}")
    support = Actor("setup", Role.SUPPORT, None)
    archive_pupils(database, support, pupils[upn(1)].establishment_id, [pupils[upn(1)].id or 0])
    database.dispose()
    unknown = upn(99)
    done = run_cli(
        "unarchive",
        "--db",
        str(db_file),
        "--upn",
        upn(1).lower(),
        "--upn",
        upn(2),
        "--upn",
        unknown,
    )
    assert done.stdout.splitlines() == [
        f"{upn(1)}: brought back.",
        f"{upn(2)}: not archived; nothing to do.",
        f"{unknown}: not found.",
    ]
    assert done.returncode == 1
    assert not pupils_in(db_file)[upn(1)].archived
    again = run_cli("--db", str(db_file), "unarchive", "--upn", upn(1))
    assert again.returncode == 0 and again.stdout == f"{upn(1)}: not archived; nothing to do.\n"
    database = open_database(f"sqlite:///{db_file}")
    with database.read() as session:
        actions = list(session.scalars(select(col(AuditEntry.action))))
    database.dispose()
    assert actions.count("unarchive pupil") == 1


def test_help_lists_the_pupil_commands() -> None:
    helped = run_cli("--help")
    for command in ("import-pupils", "pupil-template", "unarchive"):
        assert command in helped.stdout
