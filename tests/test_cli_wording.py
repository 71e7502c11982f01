"""`pupil-tracker wording`: the template written, filled in (in Windows-1252, as Excel saves it)
and loaded back for every school or for one; a bad file lists every problem by line and writes
nothing; what cannot be worded is refused."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from store.assessments.framework_wording import framework_names
from store.core.access import Actor, Role
from store.core.db import open_database
from store.establishments.establishments import (
    create_establishment,
    find_establishment_by_number,
)
from tui.cli import main

SUPPORT = Actor("support.tester", Role.SUPPORT, None)
NUMBER = "3001"


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    path = tmp_path / "school.db"
    database = open_database(f"sqlite:///{path}")
    create_establishment(database, SUPPORT, NUMBER, "ST MARY'S")
    database.dispose()
    return path


def words_now(db_file: Path, establishment: str | None = None) -> dict[str, tuple[str, str]]:
    database = open_database(f"sqlite:///{db_file}")
    try:
        eid = None
        if establishment is not None:
            found = find_establishment_by_number(database, establishment)
            assert found is not None
            eid = found.id
        names = framework_names(database, SUPPORT, eid, "small-steps")
        return {name.slot.key: (name.now, name.source) for name in names}
    finally:
        database.dispose()


def fill(template: Path, words: dict[str, str], out: Path, encoding: str) -> None:
    rows = list(csv.DictReader(io.StringIO(template.read_text(encoding="utf-8-sig"))))
    for row in rows:
        row["words"] = words.get(row["key"], row["words"])
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    out.write_bytes(text.getvalue().encode(encoding))


def test_the_authority_fills_the_template_and_a_school_words_one_again(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "names.csv"
    assert main(["--db", str(db_file), "wording", "template", "small-steps", str(template)]) == 0
    assert template.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with a BOM
    filled = tmp_path / "filled.csv"
    la = {"level:P7": "Pivats P7 – l’été [b]x[/b]", "strand:NUM": "Number (LA)"}
    fill(template, la, filled, "cp1252")
    capsys.readouterr()
    assert main(["--db", str(db_file), "wording", "load", "small-steps", str(filled)]) == 0
    assert "2 names worded anew" in capsys.readouterr().out
    assert main(["--db", str(db_file), "wording", "load", "small-steps", str(filled)]) == 0
    assert "0 names worded anew" in capsys.readouterr().out
    now = words_now(db_file, NUMBER)
    assert now["level:P7"] == ("Pivats P7 – l’été [b]x[/b]", "the authority's")
    assert now["strand:RD"] == ("Reading", "as shipped")
    # The school's template shows the authority's words beside a blank words column.
    school = tmp_path / "school.csv"
    args = ["--db", str(db_file), "wording", "template", "small-steps", str(school)]
    assert main([*args, "--establishment", NUMBER]) == 0
    rows = {row["key"]: row for row in csv.DictReader(io.StringIO(school.read_text("utf-8-sig")))}
    assert (rows["strand:NUM"]["authority"], rows["strand:NUM"]["words"]) == ("Number (LA)", "")
    fill(school, {"strand:NUM": "Maths: number"}, school, "utf-8")
    load = ["--db", str(db_file), "wording", "load", "small-steps", str(school)]
    assert main([*load, "--establishment", NUMBER]) == 0
    assert words_now(db_file, NUMBER)["strand:NUM"] == ("Maths: number", "the school's")
    assert words_now(db_file)["strand:NUM"] == ("Number (LA)", "the authority's")
    capsys.readouterr()
    assert (
        main(["--db", str(db_file), "wording", "show", "small-steps", "--establishment", NUMBER])
        == 0
    )
    assert "Maths: number  (the school's)" in capsys.readouterr().out


def test_a_bad_file_lists_its_problems_and_writes_nothing(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "key,words\r\nstrand:NUM,Number (LA)\r\nlevel:P9,x\r\nlevel:P7," + "z" * 61
        + "\r\nstrand:NUM,again\r\n",
        encoding="utf-8",
    )  # fmt: skip
    load = ["--db", str(db_file), "wording", "load", "small-steps"]
    assert main([*load, str(bad)]) == 1
    said = capsys.readouterr().err
    assert "bad.csv was not loaded; nothing changed" in said
    assert "line 3, key: Small steps has no name 'level:P9'" in said
    assert "line 4, words: Level 'P7': at most 60 characters." in said
    assert "line 5, key: strand:NUM is on line 2 too." in said
    assert words_now(db_file)["strand:NUM"] == ("Number", "as shipped")
    for name, data, expected in (
        ("empty.csv", b"", "The file is empty"),
        ("binary.csv", bytes(range(256)) * 4, "not a CSV file"),
        ("header.csv", b"name,text\r\nx,y\r\n", "it needs key and words"),
    ):
        (tmp_path / name).write_bytes(data)
        assert main([*load, str(tmp_path / name)]) == 1
        assert expected in capsys.readouterr().err
    assert main([*load, str(tmp_path / "missing.csv")]) == 1
    assert "There is no file" in capsys.readouterr().err
    assert main([*load, str(bad), "--establishment", "9999"]) == 1
    assert "no establishment numbered 9999" in capsys.readouterr().err
    assert main([*load[:-1], "eyfs-in-year", str(bad)]) == 1
    assert "names are the statutory ones" in capsys.readouterr().err
