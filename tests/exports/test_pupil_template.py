"""The pupil upload template: the guide's columns and hints, in a file Excel opens right."""

from __future__ import annotations

import codecs
import csv
import stat
from pathlib import Path

import pytest

from exports.pupil_template import TEMPLATE_COLUMNS, TEMPLATE_HINTS, write_pupil_template
from store.pupils.fields import parse_sen
from store.pupils.upload import UPLOAD_COLUMNS, read_upload

GUIDE_HEADER = [
    "UPN",
    "Surname",
    "Forename",
    "DOB",
    "Gender",
    "Postcode",
    "FSM",
    "Ethnic code",
    "English as additional language",
    "SEN",
    "LCCNo",
]
GUIDE_HINTS = [
    "",
    "",
    "",
    "dd/mm/yyyy",
    "M or F",
    "",
    "Allow Y, N or blank",
    "",
    "Allow Y, N or blank",
    "Allow SEN_K (SEN support), SEN_E (EHC plan) or blank",
    "For office use only",
]
"""The guide's row 2, with its SEN hint whole (the guide's is cut: "Allow SEN_K, SEN_E, S")."""


def test_the_template_reads_back_as_the_guide_shows_it(tmp_path: Path) -> None:
    path = write_pupil_template(tmp_path / "pupils.csv")
    assert path == tmp_path / "pupils.csv"
    with path.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert rows == [GUIDE_HEADER, GUIDE_HINTS]
    assert list(TEMPLATE_COLUMNS) == GUIDE_HEADER and list(TEMPLATE_HINTS) == GUIDE_HINTS


def test_the_template_is_utf8_with_bom_and_crlf(tmp_path: Path) -> None:
    data = write_pupil_template(tmp_path / "pupils.csv").read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    assert data.count(b"\r\n") == 2 and data.count(b"\n") == 2
    assert data.endswith(
        b'"Allow SEN_K (SEN support), SEN_E (EHC plan) or blank",For office use only\r\n'
    )


def test_the_import_understands_the_template(tmp_path: Path) -> None:
    data = write_pupil_template(tmp_path / "pupils.csv").read_bytes()
    row = "A000000000001,Smith,Zoë,01/02/2021,F,PR1 2AB,N,WBRI,N,,\r\n"
    upload = read_upload(data + row.encode())
    assert TEMPLATE_COLUMNS == UPLOAD_COLUMNS
    assert upload.encoding == "UTF-8 with BOM"
    assert (upload.header_line, upload.hints_line) == (1, 2)
    assert [item.line for item in upload.rows] == [3]
    assert upload.rows[0].cells["forenames"] == "Zoë"
    assert upload.ignored_columns == ("LCCNo",)


def test_the_sen_hint_names_what_the_import_reads() -> None:
    hint = TEMPLATE_HINTS[TEMPLATE_COLUMNS.index("SEN")]
    assert "SEN_K, SEN_E, S" not in hint  # the guide's cut text
    assert parse_sen("SEN_K") == (True, "K") and "SEN support" in hint
    assert parse_sen("SEN_E") == (True, "E") and "EHC plan" in hint
    assert parse_sen("") == (True, None) and hint.endswith("or blank")


def test_the_template_is_private_and_never_written_over_a_file(tmp_path: Path) -> None:
    path = write_pupil_template(tmp_path / "pupils.csv")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    taken = tmp_path / "filled.csv"
    taken.write_text("a school's filled-in roll")
    with pytest.raises(FileExistsError):
        write_pupil_template(taken)
    assert taken.read_text() == "a school's filled-in roll"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["filled.csv", "pupils.csv"]
