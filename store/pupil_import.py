"""Importing pupils from the upload template: a CSV file saved from Excel or a school MIS."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from store.access import Actor
from store.audit import AuditRecord
from store.audit import record as audit
from store.db import Database
from store.errors import InvalidInput, NotFound
from store.models import Establishment, Pupil
from store.pupil_fields import (
    FIELD_LABELS,
    PupilForm,
    PupilValues,
    clean_text,
    parse_yes_no,
    validate_pupil,
)
from store.rules import normalise_upn, upn_problem

Progress = Callable[[int, int], None]
"""progress(done, total): told how far an import has got, from whichever thread runs it."""

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
_OPTIONAL = ("fsm", "eal", "sen")
_IGNORED = ("lcc_number",)  # office use only: read past, never stored
_FIELD_KEYS = {label: name for name, label in FIELD_LABELS.items()}
_HINT_MARKERS = ("dd/mm/yyyy", "m or f", "y, n or blank", "for office use", "allow ")
_HEADER_SEARCH = 10  # MIS exports sometimes put a title or a date above the header row
_CHUNK = 500  # rows per statement: well inside every database's limit on bound parameters
_WORKBOOK = (
    "The file is an Excel workbook, not a CSV file: in Excel choose File > Save As > "
    "CSV UTF-8 (Comma delimited) and import that file."
)
_UNCLOSED_QUOTE = (
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


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    added: int
    updated: int
    unchanged: int
    encoding: str
    hints_row_skipped: bool
    ignored_columns: tuple[str, ...]

    @property
    def pupils(self) -> int:
        return self.added + self.updated + self.unchanged

    @property
    def summary(self) -> str:
        return f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged"


def _refuse(message: str) -> ImportRefused:
    return ImportRefused([ImportProblem(None, None, message)])


def _line_of(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


def decode_upload(data: bytes) -> tuple[str, str]:
    """The file's text and the name of its encoding: UTF-8 (BOM or not), else Windows-1252.

    Raises:
        ImportRefused: the file is empty, a workbook, binary, or text in no encoding we know.
    """
    if not data.strip():
        raise _refuse("The file is empty: fill in the upload template and save it as CSV.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode Text" is UTF-16 with a byte-order mark (and tab separated).
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise _refuse(_BINARY) from None
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise _refuse(_WORKBOOK)
    if b"\x00" in data:
        raise _refuse(_BINARY)
    has_bom = data.startswith(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8-sig")
        encoding = "UTF-8 with BOM" if has_bom else "UTF-8"
    except UnicodeDecodeError as error:
        if has_bom:
            line = _line_of(data[len(codecs.BOM_UTF8) :], error.start)
            raise _refuse(
                f"Line {line} is not UTF-8 text, though the file starts "
                "as UTF-8 does: save the file again from Excel as CSV UTF-8 (Comma delimited).",
            ) from None
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise _refuse(
                f"Line {_line_of(data, error.start)} holds bytes that are neither UTF-8 nor "
                "Windows-1252 text: save the file from Excel as CSV UTF-8 (Comma delimited).",
            ) from None
        encoding = "Windows-1252"
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n")
    if controls * 50 > len(text):  # a stray control character is a typo; many are not text
        raise _refuse(_BINARY)
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
            raise _refuse(
                f"The file has two {_TEMPLATE_NAMES[key]} columns ({_column_letter(indexes[key])}"
                f" and {_column_letter(index)}): delete one and import again."
            )
        indexes[key] = index
        names[key] = name
    missing = [_TEMPLATE_NAMES[key] for key in _REQUIRED if key not in indexes]
    if missing:
        listed = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " or " + missing[-1]
        plural = "column" if len(missing) == 1 else "columns"
        raise _refuse(
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
        raise _refuse(
            f"The file cannot be read as CSV near line {reader.line_num}: {error}."
        ) from None
    if not records:
        raise _refuse("The file is empty: fill in the upload template and save it as CSV.")
    found = _find_header(records)
    if found is None:
        raise _refuse(
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
        raise _refuse("The file has a header row but no pupils under it.")
    return UploadFile(
        encoding, records[position][0], hints_line, names, tuple(ignored), tuple(rows)
    )


@dataclass(frozen=True)
class _Checked:
    line: int
    upn: str | None  # the row's UPN when it is a valid one
    values: PupilValues | None  # None when the row has problems


class _Ticker:
    """Calls progress about a hundred times in all, so a slow callback cannot slow the import."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress = progress
        self.total = total
        self.step = max(1, total // 100)
        self.last = -self.step

    def __call__(self, done: int) -> None:
        if self.progress is not None and (done >= self.total or done - self.last >= self.step):
            self.last = done
            self.progress(done, self.total)


def _sorted(problems: Iterable[ImportProblem], columns: dict[str, str]) -> list[ImportProblem]:
    """By line, then in the file's column order, as a person reads the file."""
    order = {name: index for index, name in enumerate(columns.values())}
    return sorted(problems, key=lambda item: (item.line or 0, order.get(item.column or "", 99)))


def _check_row(
    row: UploadRow, columns: dict[str, str], today: date
) -> tuple[PupilValues | None, list[ImportProblem]]:
    """One row through the pupil form's own checks: its values, or every problem in it."""
    cells = row.cells
    found: list[ImportProblem] = []
    flags: dict[str, bool] = {}
    for key in ("fsm", "eal"):
        if key in cells:
            flag = parse_yes_no(cells[key])
            if flag is None:
                message = f"{cells[key].strip()!r} is not Y, N or blank."
                found.append(ImportProblem(row.line, columns[key], message))
            flags[key] = bool(flag)
    form = PupilForm(
        upn=cells["upn"],
        surname=cells["surname"],
        forenames=cells["forenames"],
        date_of_birth=cells["date_of_birth"],
        gender=cells["gender"],
        postcode=cells["postcode"],
        ethnicity=cells["ethnicity"],
        sen=cells.get("sen", ""),
        fsm=flags.get("fsm", False),
        eal=flags.get("eal", False),
    )
    outcome = validate_pupil(form, today)
    if isinstance(outcome, list):
        for problem in outcome:
            column = columns.get(_FIELD_KEYS.get(problem.field, ""), problem.field)
            found.append(ImportProblem(row.line, column, problem.message))
    # An unclosed quote mark swallows the lines after it into one cell and leaves the cells
    # after it blank: say that, rather than list what follows from it.
    broken = [columns[key] for key, text in cells.items() if "\n" in text or "\r" in text]
    if broken:
        return None, [ImportProblem(row.line, column, _UNCLOSED_QUOTE) for column in broken]
    if found or isinstance(outcome, list):
        return None, found
    return outcome, []


def _check_rows(
    upload: UploadFile, today: date, tick: Callable[[int], None]
) -> tuple[list[_Checked], list[ImportProblem]]:
    """Check every row, and that no UPN is in the file twice; returns the rows and problems."""
    checked: list[_Checked] = []
    problems: list[ImportProblem] = []
    seen: dict[str, int] = {}
    for done, row in enumerate(upload.rows, start=1):
        values, found = _check_row(row, upload.columns, today)
        upn: str | None = normalise_upn(row.cells["upn"])
        if upn and upn_problem(upn) is None:
            if upn in seen:
                message = f"UPN {upn} is also on line {seen[upn]}."
                found.append(ImportProblem(row.line, upload.columns["upn"], message))
                values = None
            else:
                seen[upn] = row.line
        else:
            upn = None
        problems += found
        checked.append(_Checked(row.line, upn, values))
        tick(done)
    return checked, problems


_STORED = ("id", "establishment_id", "archived", "upn", "surname", "forenames")
_CARRIED = ("surname", "forenames", "date_of_birth", "gender", "postcode", "ethnicity")


def _stored_pupils(session: Session, upns: Sequence[str], carried: Sequence[str]) -> dict[str, Any]:
    """The pupils already holding any of `upns`, anywhere in the service, by UPN."""
    names = list(dict.fromkeys([*_STORED, *carried]))
    stored: dict[str, Any] = {}
    for start in range(0, len(upns), _CHUNK):
        chunk = upns[start : start + _CHUNK]
        query = select(*(getattr(Pupil, name) for name in names)).where(col(Pupil.upn).in_(chunk))
        for row in session.execute(query):
            stored[row.upn] = row
    return stored


def _ownership_problems(
    checked: Sequence[_Checked], stored: dict[str, Any], establishment_id: int, column: str
) -> list[ImportProblem]:
    problems = []
    for row in checked:
        pupil = stored.get(row.upn or "")
        if pupil is None:
            continue
        if pupil.establishment_id != establishment_id:
            message = (
                f"UPN {row.upn} belongs to a pupil at another establishment: ask the support "
                "team to transfer the record."
            )
        elif pupil.archived:
            message = (
                f"UPN {row.upn} is {pupil.surname.upper()}, {pupil.forenames}, an archived pupil "
                "of this establishment: ask the support team to bring the record back."
            )
        else:
            continue
        problems.append(ImportProblem(row.line, column, message))
    return problems


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return "" if value is None else str(value)


def _write(
    session: Session,
    actor: Actor,
    establishment_id: int,
    rows: Sequence[PupilValues],
    stored: dict[str, Any],
    carried: Sequence[str],
    tick: Callable[[int], None],
) -> tuple[int, int]:
    """Insert the new pupils and update the changed ones; returns (added, updated)."""
    new: list[dict[str, object]] = []
    changes: list[dict[str, object]] = []
    audits: list[AuditRecord] = []
    for values in rows:
        pupil = stored.get(values.upn)
        if pupil is None:
            new.append({"establishment_id": establishment_id, **values.as_columns()})
            continue
        differ = [name for name in carried if getattr(pupil, name) != getattr(values, name)]
        if not differ:
            continue
        changes.append(
            {"pupil_id": pupil.id, **{f"new_{name}": getattr(values, name) for name in carried}}
        )
        audits.append(
            AuditRecord(
                "import pupil",
                establishment_id,
                pupil.id,
                values.upn,
                "; ".join(f"{FIELD_LABELS[n]}: {_shown(getattr(pupil, n))}" for n in differ),
                "; ".join(f"{FIELD_LABELS[n]}: {_shown(getattr(values, n))}" for n in differ),
            )
        )
    # Core statements on the table, not ORM bulk ones: the ORM leaves None values out, so rows
    # with and without an SEN code would go in different statements, hundreds of them.
    table = Pupil.metadata.tables[str(Pupil.__tablename__)]
    inserting = insert(table).returning(table.c.id, table.c.upn)
    updating = (
        update(table)
        .where(table.c.id == bindparam("pupil_id"))
        .values({name: bindparam(f"new_{name}") for name in carried})
    )
    done = 0
    for start in range(0, len(new), _CHUNK):
        chunk = new[start : start + _CHUNK]
        made = session.execute(inserting, chunk)
        names = {row["upn"]: f"{str(row['surname']).upper()}, {row['forenames']}" for row in chunk}
        audits.extend(
            AuditRecord("import pupil", establishment_id, pupil_id, upn, None, names[upn])
            for pupil_id, upn in made
        )
        done += len(chunk)
        tick(done)
    for start in range(0, len(changes), _CHUNK):
        session.execute(updating, changes[start : start + _CHUNK])
        done += len(changes[start : start + _CHUNK])
        tick(done)
    audit(session, actor, audits)
    return len(new), len(changes)


def import_pupils(
    db: Database,
    actor: Actor,
    establishment_id: int,
    data: bytes,
    today: date,
    progress: Progress | None = None,
    file_name: str = "",
) -> ImportResult:
    """Import an upload file whole: every pupil, or none of them.

    Pupils are matched by UPN: a new UPN adds a pupil, a known one updates only the fields the
    file carries (names, date of birth, gender, postcode, ethnicity, and FSM, EAL and SEN when
    the file has those columns). Class, Include in Data and the other characteristics are kept.

    Args:
        db: The database.
        actor: Who imports; they must be allowed on the establishment.
        establishment_id: The establishment the pupils belong to.
        data: The file's bytes, as read from disk.
        today: The date that dates of birth are checked against.
        progress: Called as progress(done, total) while rows are checked and then written,
            from the thread running the import; it should be cheap.
        file_name: The file's name, for the audit trail.

    Returns:
        How many pupils were added, updated and left unchanged.

    Raises:
        ImportRefused: with every problem (line, column and reason); nothing was written.
        PermissionDenied: the actor may not work on this establishment.
        NotFound: there is no such establishment.
    """
    actor.require_establishment(establishment_id)
    upload = read_upload(data)
    total = 2 * len(upload.rows)
    tick = _Ticker(progress, total)
    tick(0)
    checked, problems = _check_rows(upload, today, tick)
    upns = [row.upn for row in checked if row.upn]
    carried = [*_CARRIED, *(key for key in _OPTIONAL if key in upload.columns)]
    upn_column = upload.columns["upn"]
    if problems:
        with db.read() as session:
            stored = _stored_pupils(session, upns, carried)
        problems += _ownership_problems(checked, stored, establishment_id, upn_column)
        raise ImportRefused(_sorted(problems, upload.columns))
    try:
        with db.write() as session:
            if session.get(Establishment, establishment_id) is None:
                raise NotFound("That establishment does not exist.")
            # Looked up inside the write so no other change can slip between check and write.
            stored = _stored_pupils(session, upns, carried)
            if owned := _ownership_problems(checked, stored, establishment_id, upn_column):
                raise ImportRefused(owned)
            rows = [row.values for row in checked if row.values is not None]
            added, updated = _write(
                session,
                actor,
                establishment_id,
                rows,
                stored,
                carried,
                lambda done: tick(len(rows) + done),
            )
            result = ImportResult(
                added,
                updated,
                len(rows) - added - updated,
                upload.encoding,
                upload.hints_line is not None,
                upload.ignored_columns,
            )
            audit(
                session,
                actor,
                [
                    AuditRecord(
                        "import pupils",
                        establishment_id,
                        target=(file_name or "pupil upload file")[-120:],
                        new_value=f"{result.summary} ({result.pupils} rows, {upload.encoding})",
                    )
                ],
            )
    except IntegrityError:
        # Another session added one of these UPNs between our look-up and our insert.
        raise _refuse(
            "Another change added one of these pupils at the same moment: import the file again."
        ) from None
    tick(total)
    return result
