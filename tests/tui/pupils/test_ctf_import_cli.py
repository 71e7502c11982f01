"""`pupil-tracker import-pupils` takes a Common Transfer File as it takes a CSV file: imported with
its results (exit 0), or refused with every problem on stderr (exit 1)."""

from __future__ import annotations

from pathlib import Path

from tests.store.ks1_school import upn
from tests.store.returns.test_ctf_import import ctf, ks1, pupil
from tests.test_cli_pupils import NUMBER, db_file, pupils_in, run_cli  # noqa: F401 (db_file)


def test_a_ctf_is_imported_from_the_shell_with_its_results(tmp_path: Path, db_file: Path) -> None:  # noqa: F811
    good = tmp_path / "8732041_CTF_873LLLL_001.xml"
    good.write_bytes(
        ctf(pupil(1, "Okafor", "Chidi", sex="M", results=ks1("GDS", "EXS", "A", "HNM")))
    )
    done = run_cli("--db", str(db_file), "import-pupils", "--establishment", NUMBER, str(good))
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        f"Imported {good}: 1 added, 0 updated, 0 unchanged; 4 results written, 0 unchanged; "
        "made KS1 teacher assessment 2025/2026.\n"
    )
    assert pupils_in(db_file)[upn(1)].surname == "Okafor"


def test_a_ctf_with_problems_lists_them_and_writes_nothing(tmp_path: Path, db_file: Path) -> None:  # noqa: F811
    bad = tmp_path / "from the MIS.xml"
    bad.write_bytes(
        ctf(pupil(1, results=ks1("GDS", "EXS", "EXS", "PK1")), pupil(2, born="2020-02-30"))
    )
    done = run_cli("--db", str(db_file), "import-pupils", "--establishment", NUMBER, str(bad))
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"pupil-tracker: {bad} was not imported (2 problems; nothing was written):",
        f"pupil 1 (UPN {upn(1)}), Science (SCI): 'PK1' is not a result of Science: use EXS, HNM "
        "or A.",
        f"pupil 2 (UPN {upn(2)}), DOB: 2020-02-30 is not a date: February 2020 has 29 days.",
    ]
    assert pupils_in(db_file) == {}
    notxml = tmp_path / "pupils.xml"
    notxml.write_bytes(b"UPN,Surname\r\n")
    done = run_cli("--db", str(db_file), "import-pupils", "--establishment", NUMBER, str(notxml))
    assert done.returncode == 1
    assert done.stderr.startswith(f"pupil-tracker: {notxml} was not imported: The file is not XML")
