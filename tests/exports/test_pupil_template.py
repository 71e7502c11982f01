"""The pupil upload template: the guide's columns and hints, in a file Excel opens right."""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

from exports.pupil_template import TEMPLATE_COLUMNS, TEMPLATE_HINTS, write_pupil_template
from store.pupil_upload import UPLOAD_COLUMNS, read_upload

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
    "Allow SEN_K, SEN_E, S",
    "For office use only",
]


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
    assert data.endswith(b'"Allow SEN_K, SEN_E, S",For office use only\r\n')


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


def test_writing_replaces_an_old_file(tmp_path: Path) -> None:
    path = tmp_path / "pupils.csv"
    path.write_text("old contents that are much longer than the template " * 50)
    assert write_pupil_template(path).read_bytes().startswith(codecs.BOM_UTF8 + b"UPN,")
