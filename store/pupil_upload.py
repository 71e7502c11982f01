"""Reading a pupil upload file: its encoding, its header and hints rows, its columns and rows.

What the cells mean is checked elsewhere (store.pupil_import); this module only makes sense of
the file as Excel or a school MIS saved it.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from store.errors import InvalidInput
from store.pupil_fields import clean_text
from store.rules import upn_problem

# (key, the template's name for the column, the names files use for it once folded).
_COLUMNS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("upn", "UPN", ("upn", "uniquepupilnumber", "pupilupn")),
    ("surname", "Surname", ("surname", "lastname", "familyname", "legalsurname")),
    (
        "forenames",
        "Forename",
        ("forename", "forenames", "firstname", "firstnames", "givenname", "legalforename"),
    ),
    ("date_of_birth", "DOB", ("dob", "dateofbirth", "birthdate")),
    ("gender", "Gender", ("gender", "sex")),
    ("postcode", "Postcode", ("postcode", "postalcode")),
    ("fsm", "FSM", ("fsm", "freeschoolmeals", "fsmeligible")),
    ("ethnicity", "Ethnic code", ("ethniccode", "ethnicity", "ethnicitycode", "ethnic")),
    (
        "eal",
        "English as additional language",
        ("englishasadditionallanguage", "englishasanadditionallanguage", "eal"),
    ),
    ("sen", "SEN", ("sen", "senprovision", "senstatus", "sencode")),
    ("lcc_number", "LCCNo", ("lccno", "lccnumber")),
)
UPLOAD_COLUMNS: tuple[str, ...] = tuple(name for _, name, _ in _COLUMNS)
"""The upload template's columns, as the user guide names them (A to K)."""

_ALIASES = {alias: key for key, _, aliases in _COLUMNS for alias in aliases}
_TEMPLATE_NAMES = {key: name for key, name, _ in _COLUMNS}
_REQUIRED = ("upn", "surname", "forenames", "date_of_birth", "gender", "postcode", "ethnicity")
# FSM, EAL and SEN may be left out: new pupils then get No/none, existing pupils keep theirs.
OPTIONAL_COLUMNS = ("fsm", "eal", "sen")
_IGNORED = ("lcc_number",)  # office use only: read past, never stored
_HINT_MARKERS = ("dd/mm/yyyy", "m or f", "y, n or blank", "for office use", "allow ")
_HEADER_SEARCH = 10  # MIS exports sometimes put a title or a date above the header row
_CHUNK = 500  # rows per statement: well inside every database's limit on bound parameters
_WORKBOOK = (
    "The file is an Excel workbook, not a CSV file: in Excel choose File > Save As > "
    "CSV UTF-8 (Comma delimited) and import that file."
)
UNCLOSED_QUOTE = (
    'The cell runs over several lines: a quote mark (") is probably missing its partner.'
)
_BINARY = (
    "The file is not a CSV file (it holds binary data): save the upload template from Excel as "
    "CSV UTF-8 (Comma delimited) and import that file."
)


@dataclass(frozen=True)
class ImportProblem:
    """Why a file, or one cell of it, cannot be imported."""

    line: int | None  # 1-based, as Excel numbers rows; None for the file as a whole
    column: str | None  # the column's name as the file spells it
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        where = f"line {self.line}" + (f", {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class ImportRefused(InvalidInput):
    """The file cannot be imported; `problems` lists every one and nothing was written."""

    def __init__(self, problems: Sequence[ImportProblem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        super().__init__(
            str(self.problems[0])
            if count == 1
            else f"{count} problems in the file; nothing was imported."
        )


@dataclass(frozen=True)
class UploadRow:
    """One pupil's row: its line and the text of each template column the file has."""

    line: int
    cells: dict[str, str]


@dataclass(frozen=True)
class UploadFile:
    """An upload file read and understood, not yet checked against the rules."""

    encoding: str  # "UTF-8", "UTF-8 with BOM", "Windows-1252" or "UTF-16"
    header_line: int
    hints_line: int | None  # the template's "dd/mm/yyyy" row, skipped
    columns: dict[str, str]  # column key -> its name as the file spells it
    ignored_columns: tuple[str, ...]  # LCCNo and columns the template does not have
    rows: tuple[UploadRow, ...]


def refuse_whole_file(message: str) -> ImportRefused:
    return ImportRefused([ImportProblem(None, None, message)])


def _line_of(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


def decode_upload(data: bytes) -> tuple[str, str]:
    """The file's text and the name of its encoding: UTF-8 (BOM or not), else Windows-1252.

    Raises:
        ImportRefused: the file is empty, a workbook, binary, or text in no encoding we know.
    """
    if not data.strip():
        raise refuse_whole_file(
            "The file is empty: fill in the upload template and save it as CSV."
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode Text" is UTF-16 with a byte-order mark (and tab separated).
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise refuse_whole_file(_BINARY) from None
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise refuse_whole_file(_WORKBOOK)
    if b"\x00" in data:
        raise refuse_whole_file(_BINARY)
    has_bom = data.startswith(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8-sig")
        encoding = "UTF-8 with BOM" if has_bom else "UTF-8"
    except UnicodeDecodeError as error:
        if has_bom:
            line = _line_of(data[len(codecs.BOM_UTF8) :], error.start)
            raise refuse_whole_file(
                f"Line {line} is not UTF-8 text, though the file starts "
                "as UTF-8 does: save the file again from Excel as CSV UTF-8 (Comma delimited).",
            ) from None
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise refuse_whole_file(
                f"Line {_line_of(data, error.start)} holds bytes that are neither UTF-8 nor "
                "Windows-1252 text: save the file from Excel as CSV UTF-8 (Comma delimited).",
            ) from None
        encoding = "Windows-1252"
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n")
    if controls * 50 > len(text):  # a stray control character is a typo; many are not text
        raise refuse_whole_file(_BINARY)
    return text, encoding


def _fold_header(text: str) -> str:
    # "DOB (dd/mm/yyyy)", "Date of Birth", "date_of_birth" all fold to a name in _ALIASES.
    text = re.sub(r"\(.*?\)", "", text.replace("\ufeff", ""))
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _delimiter(text: str) -> str:
    # Excel writes commas in the UK, tabs as "Unicode Text", semicolons in much of Europe.
    start = "\n".join([line for line in text.splitlines() if line.strip()][:_HEADER_SEARCH])
    counts = {mark: start.count(mark) for mark in (",", "\t", ";")}
    best = max(counts, key=lambda mark: counts[mark])
    return best if counts[best] else ","


def _is_blank(record: Iterable[str]) -> bool:
    return not any(cell.strip() for cell in record)


def _looks_like_hints(record: Sequence[str], upn_index: int) -> bool:
    # A pupil called "Allow" is possible; a pupil row whose UPN is a real UPN is not hints.
    upn = record[upn_index] if upn_index < len(record) else ""
    if upn_problem(upn) is None:
        return False
    return any(marker in cell.casefold() for cell in record for marker in _HINT_MARKERS)


def _find_header(records: list[tuple[int, list[str]]]) -> tuple[int, list[str]] | None:
    for position, (_, record) in enumerate(records[:_HEADER_SEARCH]):
        keys = {_ALIASES.get(_fold_header(cell)) for cell in record}
        # UPN alone is enough to know the header, so a missing column can be named.
        if "upn" in keys or len(keys - {None}) >= 3:
            return position, record
    return None


def _columns_of(header: list[str]) -> tuple[dict[str, int], dict[str, str], list[str]]:
    """(key -> index, key -> name in the file, ignored names), refusing a column given twice."""
    indexes: dict[str, int] = {}
    names: dict[str, str] = {}
    ignored: list[str] = []
    for index, cell in enumerate(header):
        name = clean_text(cell.replace("\ufeff", ""))
        key = _ALIASES.get(_fold_header(cell))
        if key is None or key in _IGNORED:
            if name:
                ignored.append(name)
            continue
        if key in indexes:
            raise refuse_whole_file(
                f"The file has two {_TEMPLATE_NAMES[key]} columns ({_column_letter(indexes[key])}"
                f" and {_column_letter(index)}): delete one and import again."
            )
        indexes[key] = index
        names[key] = name
    missing = [_TEMPLATE_NAMES[key] for key in _REQUIRED if key not in indexes]
    if missing:
        listed = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " or " + missing[-1]
        plural = "column" if len(missing) == 1 else "columns"
        raise refuse_whole_file(
            f"The file has no {listed} {plural}; the upload template's columns are: "
            f"{', '.join(UPLOAD_COLUMNS)}."
        )
    return indexes, names, ignored


def read_upload(data: bytes) -> UploadFile:
    """Decode and parse an upload file, find its header row and its pupils' rows.

    Empty rows are skipped wherever they are, and so is the template's row of hints
    ("dd/mm/yyyy", "M or F") just under the header. LCCNo and unknown columns are ignored.

    Raises:
        ImportRefused: with one problem saying why the file as a whole cannot be read.
    """
    text, encoding = decode_upload(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        # Numbered by record, not physical line, so a quoted line break counts as Excel does.
        records = [
            (line, record) for line, record in enumerate(reader, start=1) if not _is_blank(record)
        ]
    except csv.Error as error:
        raise refuse_whole_file(
            f"The file cannot be read as CSV near line {reader.line_num}: {error}."
        ) from None
    if not records:
        raise refuse_whole_file(
            "The file is empty: fill in the upload template and save it as CSV."
        )
    found = _find_header(records)
    if found is None:
        raise refuse_whole_file(
            f"Line {records[0][0]} is not the upload template's header row: the first row must "
            f"name the columns {', '.join(UPLOAD_COLUMNS)}.",
        )
    position, header = found
    indexes, names, ignored = _columns_of(header)
    body = records[position + 1 :]
    hints_line = None
    if body and _looks_like_hints(body[0][1], indexes["upn"]):
        hints_line = body[0][0]
        body = body[1:]
    rows = []
    for line, record in body:
        cells = {
            key: record[index] if index < len(record) else "" for key, index in indexes.items()
        }
        if _is_blank(cells.values()):
            continue  # something only in LCCNo or an extra column is not a pupil
        rows.append(UploadRow(line, cells))
    if not rows:
        raise refuse_whole_file("The file has a header row but no pupils under it.")
    return UploadFile(
        encoding, records[position][0], hints_line, names, tuple(ignored), tuple(rows)
    )
