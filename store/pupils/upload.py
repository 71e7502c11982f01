"""Reading a pupil upload file: its encoding, its header and hints rows, its columns and rows.

What the cells mean is checked elsewhere (store.pupils.importing); this module only makes sense of
the file as Excel or a school MIS saved it.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from store.curriculum.upn import upn_problem
from store.pupils.fields import clean_text
from store.pupils.import_problems import (
    SHOWN_PROBLEMS,
    ImportProblem,
    ImportRefused,
    refuse_whole_file,
)
from store.pupils.upload_bytes import (
    ENCODINGS_READ,
    MAX_UPLOAD_PUPILS,
    SAVE_AS_CSV,
    TextEncoding,
    find_encoding,
    implausible_name,
    text_of,
)

__all__ = [
    "SHOWN_PROBLEMS",
    "UNCLOSED_QUOTE",
    "UPLOAD_COLUMNS",
    "ImportProblem",
    "ImportRefused",
    "UploadFile",
    "UploadRow",
    "UploadStream",
    "open_upload",
    "read_upload",
    "refuse_whole_file",
]

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
UNCLOSED_QUOTE = (
    'The cell runs over several lines: a quote mark (") is probably missing its partner.'
)
_NAMES = ("surname", "forenames")
_SHOWN_CHARACTERS = 40


@dataclass(frozen=True)
class UploadRow:
    """One pupil's row: its line and the text of each template column the file has."""

    line: int
    cells: dict[str, str]


@dataclass(frozen=True)
class UploadFile:
    """An upload file read whole and understood, not yet checked against the rules."""

    encoding: str  # "UTF-8", "UTF-8 with BOM", "Windows-1252" or "UTF-16"
    header_line: int
    hints_line: int | None  # the template's "dd/mm/yyyy" row, skipped
    columns: dict[str, str]  # column key -> its name as the file spells it
    ignored_columns: tuple[str, ...]  # LCCNo and columns the template does not have
    rows: tuple[UploadRow, ...]


@dataclass
class UploadStream:
    """An upload file whose header is understood and whose pupils' rows are read one at a
    time (`rows()`, once), so checking a file never holds more than a row of its text."""

    encoding: str
    header_line: int
    hints_line: int | None
    columns: dict[str, str]
    ignored_columns: tuple[str, ...]
    size: int  # bytes
    _rows: Iterator[UploadRow] = field(repr=False)
    _raw: io.BytesIO = field(repr=False)

    def rows(self) -> Iterator[UploadRow]:
        """The pupils' rows in file order.

        Raises:
            ImportRefused: the rest of the file cannot be read as CSV, it holds more than
                MAX_UPLOAD_PUPILS pupils, or its names only make sense in another encoding.
        """
        return self._rows

    def position(self) -> int:
        """How many of the file's bytes have been read so far."""
        # The text stream closes the bytes under it once the last row has been read.
        return self.size if self._raw.closed else min(self._raw.tell(), self.size)


def shown(text: str) -> str:
    """A cell's text as a message quotes it: at most 40 characters, with how long it was."""
    text = text.strip()
    if len(text) <= _SHOWN_CHARACTERS:
        return repr(text)
    return f"{text[:_SHOWN_CHARACTERS]!r}… ({len(text):,} characters)"


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


def _delimiter(data: bytes, encoding: TextEncoding) -> str:
    # Excel writes commas in the UK, tabs as "Unicode Text", semicolons in much of Europe.
    text, _ = text_of(data, encoding)
    lines: list[str] = []
    for line in text:
        if line.strip():
            lines.append(line)
            if len(lines) == _HEADER_SEARCH:
                break
    start = "".join(lines)
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


def _records(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """(record number, cells) of every record that is not blank; a record is numbered as
    Excel numbers rows, so a quoted line break does not count."""
    line = 0
    try:
        for line, record in enumerate(reader, start=1):
            if not _is_blank(record):
                yield line, record
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise refuse_whole_file(
                f"Line {line + 1} holds a cell of more than {csv.field_size_limit():,} "
                "characters: this is not a pupil list; check the file."
            ) from None
        raise refuse_whole_file(
            f"The file cannot be read as CSV near line {line + 1}: {error}."
        ) from None
    except UnicodeDecodeError:  # found by find_encoding first; kept for safety
        raise refuse_whole_file(
            f"Line {line + 1} is not text in any of the encodings read ({ENCODINGS_READ}); "
            f"{SAVE_AS_CSV}."
        ) from None


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


def open_upload(data: bytes) -> UploadStream:
    """Find an upload file's encoding, header row and hints row; its rows are read later.

    Empty rows are skipped wherever they are, and so is the template's row of hints
    ("dd/mm/yyyy", "M or F") just under the header. LCCNo and unknown columns are ignored.

    Raises:
        ImportRefused: with one problem saying why the file as a whole cannot be read.
    """
    encoding = find_encoding(data)
    text, raw = text_of(data, encoding)
    records = _records(csv.reader(text, delimiter=_delimiter(data, encoding)))
    first = [record for _, record in zip(range(_HEADER_SEARCH), records, strict=False)]
    if not first:
        raise refuse_whole_file(
            "The file is empty: fill in the upload template and save it as CSV."
        )
    found = _find_header(first)
    if found is None:
        raise refuse_whole_file(
            f"Line {first[0][0]} is not the upload template's header row: the first row must "
            f"name the columns {', '.join(UPLOAD_COLUMNS)}.",
        )
    position, header = found
    indexes, names, ignored = _columns_of(header)
    body = iter([*first[position + 1 :]])
    following = next(body, None) or next(records, None)
    hints_line = None
    if following is not None and _looks_like_hints(following[1], indexes["upn"]):
        hints_line = following[0]
        following = None
    pending = [following] if following is not None else []
    rows = _rows([*pending, *body], records, indexes, names, encoding)
    return UploadStream(
        encoding.name,
        first[position][0],
        hints_line,
        names,
        tuple(ignored),
        len(data),
        _first_row_checked(rows),
        raw,
    )


def _rows(
    buffered: list[tuple[int, list[str]]],
    records: Iterator[tuple[int, list[str]]],
    indexes: dict[str, int],
    names: dict[str, str],
    encoding: TextEncoding,
) -> Iterator[UploadRow]:
    count = 0
    for line, record in itertools.chain(buffered, records):
        cells = {
            key: record[index] if index < len(record) else "" for key, index in indexes.items()
        }
        if _is_blank(cells.values()):
            continue  # something only in LCCNo or an extra column is not a pupil
        count += 1
        if count > MAX_UPLOAD_PUPILS:
            raise refuse_whole_file(
                f"The file has more than {MAX_UPLOAD_PUPILS:,} pupils (line {line}): an upload "
                "file is one establishment's roll; check the file."
            )
        if encoding.guessed:
            _refuse_garbled_names(line, cells, names)
        yield UploadRow(line, cells)


def _refuse_garbled_names(line: int, cells: dict[str, str], names: dict[str, str]) -> None:
    for key in _NAMES:
        if implausible_name(cells[key]):
            raise refuse_whole_file(
                f"Line {line} is in an encoding that is not read (the encodings read are "
                f"{ENCODINGS_READ}): as Windows-1252 its {names[key]} reads {shown(cells[key])}; "
                f"{SAVE_AS_CSV}."
            )


def _first_row_checked(rows: Iterator[UploadRow]) -> Iterator[UploadRow]:
    """`rows`, refusing a file with a header row and no pupils under it."""
    first = next(rows, None)
    if first is None:
        raise refuse_whole_file("The file has a header row but no pupils under it.")
    yield first
    yield from rows


def read_upload(data: bytes) -> UploadFile:
    """Decode and parse a whole upload file, its pupils' rows included.

    Raises:
        ImportRefused: with one problem saying why the file as a whole cannot be read.
    """
    stream = open_upload(data)
    return UploadFile(
        stream.encoding,
        stream.header_line,
        stream.hints_line,
        stream.columns,
        stream.ignored_columns,
        tuple(stream.rows()),
    )
