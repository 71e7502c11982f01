"""Importing pupils from the upload template: every row checked, then all written or none."""

from __future__ import annotations

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
from store.errors import NotFound
from store.models import Establishment, Pupil
from store.pupil_fields import (
    FIELD_LABELS,
    PupilForm,
    PupilValues,
    parse_yes_no,
    validate_pupil,
)
from store.pupil_upload import (
    OPTIONAL_COLUMNS,
    UNCLOSED_QUOTE,
    ImportProblem,
    ImportRefused,
    UploadFile,
    UploadRow,
    read_upload,
    refuse_whole_file,
)
from store.rules import normalise_upn, upn_problem
from store.typed_text import clean_typed, one_line
from store.words import plural

__all__ = ["ImportProblem", "ImportRefused", "ImportResult", "import_pupils"]

Progress = Callable[[int, int], None]
"""progress(done, total): told how far an import has got, from whichever thread runs it."""

_FIELD_KEYS = {label: name for name, label in FIELD_LABELS.items()}
_CHUNK = 500  # rows per statement: well inside every database's limit on bound parameters


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
        return None, [ImportProblem(row.line, column, UNCLOSED_QUOTE) for column in broken]
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
        # As validate_pupil reads it (control characters dropped), so duplicates and the
        # pupils already stored are matched on the UPN that is written.
        upn: str | None = normalise_upn(clean_typed(row.cells["upn"]))
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
    carried = [*_CARRIED, *(key for key in OPTIONAL_COLUMNS if key in upload.columns)]
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
                        target=(one_line(file_name) or "pupil upload file")[-120:],
                        new_value=(
                            f"{result.summary} ({plural(result.pupils, 'row')}, {upload.encoding})"
                        ),
                    )
                ],
            )
    except IntegrityError:
        # Another session added one of these UPNs between our look-up and our insert.
        raise refuse_whole_file(
            "Another change added one of these pupils at the same moment: import the file again."
        ) from None
    tick(total)
    return result
