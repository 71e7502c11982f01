"""Importing pupils from the upload template: every row checked, then all written or none."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from store.assessments.cohort_lock import (
    COHORT_FIELDS,
    import_moves,
    require_submitted_cohorts_unchanged,
)
from store.core.access import Actor
from store.core.audit import AuditRecord
from store.core.audit import record as audit
from store.core.db import Database
from store.core.errors import Locked, NotFound
from store.core.models import Establishment, Pupil
from store.core.typed_text import one_line
from store.core.words import plural
from store.pupils.check import STEPS, check_rows
from store.pupils.fields import FIELD_LABELS, PupilValues
from store.pupils.upload import (
    OPTIONAL_COLUMNS,
    ImportProblem,
    ImportRefused,
    open_upload,
    refuse_whole_file,
)

__all__ = [
    "STEPS",
    "ImportProblem",
    "ImportRefused",
    "ImportResult",
    "import_pupils",
    "owned_elsewhere",
    "write_pupils",
]

Progress = Callable[[int, int], None]
"""progress(done, total): told how far an import has got, from whichever thread runs it."""

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


class _Ticker:
    """Calls progress only when the step changes, so a slow callback cannot slow the import."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.last = -1

    def __call__(self, step: int) -> None:
        if self.progress is not None and step != self.last:
            self.last = step
            self.progress(step, 2 * STEPS)


_STORED = ("id", "establishment_id", "archived", "upn", "surname", "forenames", *COHORT_FIELDS)
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


def owned_elsewhere(
    session: Session, upns: dict[str, int], establishment_id: int, column: str
) -> list[ImportProblem]:
    """A problem for each of `upns` (UPN -> its line) that another establishment's pupil, or an
    archived pupil of this one, holds: an import may not take or change them."""
    return _ownership_problems(
        upns, _stored_pupils(session, list(upns), ()), establishment_id, column
    )


def _ownership_problems(
    upns: dict[str, int], stored: dict[str, Any], establishment_id: int, column: str
) -> list[ImportProblem]:
    problems = []
    for upn, line in upns.items():
        pupil = stored.get(upn)
        if pupil is None:
            continue
        if pupil.establishment_id != establishment_id:
            message = (
                f"UPN {upn} belongs to a pupil at another establishment: ask the support "
                "team to transfer the record."
            )
        elif pupil.archived:
            message = (
                f"UPN {upn} is {pupil.surname.upper()}, {pupil.forenames}, an archived pupil "
                "of this establishment: ask the support team to bring the record back."
            )
        else:
            continue
        problems.append(ImportProblem(line, column, message))
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


def write_pupils(
    session: Session,
    actor: Actor,
    establishment_id: int,
    rows: Sequence[PupilValues],
    lines: dict[str, int],
    *,
    carried: Sequence[str],
    column: str,
    today: date,
    tick: Callable[[int], None],
) -> tuple[int, int]:
    """Write checked pupils inside the caller's write transaction: insert the new UPNs, update
    the `carried` fields of the known ones; returns (added, updated).

    The pupils holding these UPNs are looked up here, inside the write, so that no other change
    slips between the check and the write. `lines` maps each UPN to its line in the file (for
    the problems), `column` names the file's UPN column, `tick(done)` counts the rows written.

    Raises:
        NotFound: there is no such establishment.
        ImportRefused: a UPN is another establishment's or an archived pupil's, or the file would
            change a submitted cohort (store.assessments.cohort_lock); nothing is written.
        PermissionDenied: the actor may not work on this establishment.
    """
    actor.require_establishment(establishment_id)
    if session.get(Establishment, establishment_id) is None:
        raise NotFound("That establishment does not exist.")
    stored = _stored_pupils(session, list(lines), carried)
    if owned := _ownership_problems(lines, stored, establishment_id, column):
        raise ImportRefused(owned)
    try:
        moves = import_moves(stored, rows, establishment_id)
        require_submitted_cohorts_unchanged(session, moves=moves, today=today)
    except Locked as locked:
        raise refuse_whole_file(str(locked)) from None
    return _write(session, actor, establishment_id, rows, stored, carried, tick)


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

    The file is at most 5 MB and 20,000 pupils (store.pupils.upload_bytes); its rows are checked as
    they are read, so a bad file costs no more memory than a good one.

    Args:
        db: The database.
        actor: Who imports; they must be allowed on the establishment.
        establishment_id: The establishment the pupils belong to.
        data: The file's bytes (store.pupils.upload_bytes.read_upload_file reads them within
        bounds).
        today: The date that dates of birth are checked against.
        progress: Called as progress(done, total) while rows are checked and then written,
            from the thread running the import; it should be cheap.
        file_name: The file's name, for the audit trail.

    Returns:
        How many pupils were added, updated and left unchanged.

    Raises:
        ImportRefused: with the first problems (line, column and reason) and how many there
            are in all; nothing was written.
        PermissionDenied: the actor may not work on this establishment.
        NotFound: there is no such establishment.
    """
    actor.require_establishment(establishment_id)
    upload = open_upload(data)
    tick = _Ticker(progress)
    tick(0)
    checked = check_rows(upload, today, tick)
    upns = list(checked.upns)
    carried = [*_CARRIED, *(key for key in OPTIONAL_COLUMNS if key in upload.columns)]
    upn_column = upload.columns["upn"]
    if checked.problems.total:
        with db.read() as session:
            stored = _stored_pupils(session, upns, carried)
        owned = _ownership_problems(checked.upns, stored, establishment_id, upn_column)
        raise checked.problems.refusal(owned)
    rows = checked.values
    try:
        with db.write() as session:
            added, updated = write_pupils(
                session,
                actor,
                establishment_id,
                rows,
                checked.upns,
                carried=carried,
                column=upn_column,
                today=today,
                tick=lambda done: tick(STEPS + STEPS * done // max(len(rows), 1)),
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
    tick(2 * STEPS)
    return result
