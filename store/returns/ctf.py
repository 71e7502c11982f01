"""A school's CTF return of KS1 teacher assessment or the EYFS profile: check it, and export it
with the next number of the school's file sequence and an audit entry, all in one transaction;
and the same KS1 return as the LA tool's CSV, which has no number.

Only a manager of the establishment (or support) exports: the file holds every pupil's name,
date of birth and results. The writer is handed in by exports/ and called inside the
transaction, so a file that cannot be written leaves the sequence and the trail as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from sqlmodel import Session

from store.core.access import Actor, PermissionDenied, Role
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.errors import NotFound
from store.core.models import Establishment
from store.core.models_returns import ReturnSequence
from store.core.words import plural
from store.curriculum.dates import format_academic_year
from store.returns.ctf_data import (
    LAST_SEQUENCE,
    CtfReturn,
    ReturnKind,
    ReturnNotReady,
    ReturnProblem,
    SequenceUsedUp,
)
from store.returns.ctf_gather import gather_return

ACTION = "export CTF"
CSV_ACTION = "export KS1 CSV"
MANAGERS_ONLY = (
    "Only a manager of the establishment exports a CTF return (it holds every pupil's details): "
    "ask your manager."
)

WriteFile = Callable[[CtfReturn], Path]
"""Writes the return (numbered, for a CTF) and says where; raising leaves nothing taken."""


@dataclass(frozen=True)
class CtfExport:
    """What was written: where, and the return itself (its sequence number, pupils, results)."""

    path: Path
    ctf: CtfReturn


def _require_exporter(actor: Actor, establishment_id: int) -> None:
    actor.require_establishment(establishment_id)
    if actor.role is Role.USER:
        raise PermissionDenied(MANAGERS_ONLY)


def check_ctf_return(
    db: Database,
    actor: Actor,
    establishment_id: int,
    kind: ReturnKind,
    academic_year: int,
    *,
    source_id: int | None = None,
) -> list[ReturnProblem]:
    """Every problem that stops the return (as a CTF or, for KS1, the CSV), by pupil and
    subject, results not yet submitted first; empty when it can go.

    `source_id` names the KS1 period or the ELG section; by default the latest of the year.

    Raises:
        PermissionDenied: not a manager of this establishment (or support).
        NotFound: no such period or section here, or none in the year.
    """
    _require_exporter(actor, establishment_id)
    with db.read() as session:
        try:
            gather_return(session, establishment_id, kind, academic_year, source_id)
        except ReturnNotReady as refused:
            return refused.problems
    return []


def export_ctf(
    db: Database,
    actor: Actor,
    establishment_id: int,
    kind: ReturnKind,
    academic_year: int,
    write: WriteFile,
    *,
    source_id: int | None = None,
) -> CtfExport:
    """Check the return, take the school's next file number, write it, and audit the export.

    Only submitted results go (KS1: the period; EYFSP: the ELG section): the first problem of
    a refusal otherwise. The number is taken under a lock on the establishment's row
    (PostgreSQL: FOR NO KEY UPDATE; SQLite's write transaction is exclusive already), so two
    exports at once take different numbers; it is never given again, as the local authority's
    import expects.

    Raises:
        PermissionDenied: not a manager of this establishment (or support).
        NotFound: no such establishment, period or section.
        ReturnNotReady: every problem, by pupil and subject; nothing is written or taken.
        SequenceUsedUp: the school has used 001 to 999.
        OSError: from `write`: nothing is taken.
    """
    return _export(db, actor, establishment_id, kind, academic_year, write, source_id, CTF_FILE)


def export_ks1_csv(
    db: Database,
    actor: Actor,
    establishment_id: int,
    academic_year: int,
    write: WriteFile,
    *,
    source_id: int | None = None,
) -> CtfExport:
    """The KS1 return as the LA tool's CSV: checked as the CTF is (submitted results only),
    written and audited in one transaction, but with no file number (the CSV's name has none,
    so the CTF's sequence is left as it was).

    Raises:
        PermissionDenied: not a manager of this establishment (or support).
        NotFound: no such establishment or period.
        ReturnNotReady: every problem, by pupil and subject; nothing is written.
        OSError: from `write`: nothing is audited.
    """
    kind = ReturnKind.KS1
    return _export(db, actor, establishment_id, kind, academic_year, write, source_id, KS1_CSV)


@dataclass(frozen=True)
class _File:
    """What an export writes: its name in a refusal, its audit action, whether it is numbered."""

    name: str | None
    action: str
    numbered: bool


CTF_FILE = _File(None, ACTION, numbered=True)  # the refusal names "the <kind> CTF"
KS1_CSV = _File("KS1 CSV", CSV_ACTION, numbered=False)


def _export(
    db: Database,
    actor: Actor,
    establishment_id: int,
    kind: ReturnKind,
    academic_year: int,
    write: WriteFile,
    source_id: int | None,
    file: _File,
) -> CtfExport:
    _require_exporter(actor, establishment_id)
    with db.write() as session:
        try:
            ctf = gather_return(session, establishment_id, kind, academic_year, source_id)
        except ReturnNotReady as refused:
            if file.name is None:
                raise
            raise ReturnNotReady(kind, refused.problems, file.name) from None
        counts = f"{plural(len(ctf.pupils), 'pupil')}, {plural(ctf.results, 'result')}"
        if file.numbered:
            ctf = replace(ctf, sequence=_next_sequence(session, establishment_id))
            counts = f"file {ctf.sequence:03d}: {counts}"
        record(
            session,
            actor,
            [
                AuditRecord(
                    file.action,
                    establishment_id,
                    target=f"{kind.title} {format_academic_year(ctf.academic_year)}",
                    # Counts only: the trail never holds a pupil's name for an export.
                    new_value=counts,
                )
            ],
        )
        path = write(ctf)
    return CtfExport(path, ctf)


def _next_sequence(session: Session, establishment_id: int) -> int:
    """Take the establishment's next CTF number (1..999) inside the caller's transaction."""
    school = session.get(
        Establishment, establishment_id, with_for_update={"key_share": True}, populate_existing=True
    )
    if school is None:
        raise NotFound(f"There is no establishment with id {establishment_id}.")
    row = session.get(ReturnSequence, establishment_id, populate_existing=True)
    if row is None:
        row = ReturnSequence(establishment_id=establishment_id, last=0)
    if row.last >= LAST_SEQUENCE:
        raise SequenceUsedUp()
    row.last += 1
    session.add(row)
    session.flush()
    return row.last
