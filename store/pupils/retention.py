"""How long records of pupils who have left are kept: the local authority's retention rule.

A pupil who has left (archived) is kept until they would be `until_age` years old (25 is the
usual rule for school records), then deleted with everything held on them: judgements, notes,
ELG results, interventions, their places in progress meetings, and the audit rows about them
(which quote their values and notes). The audit keeps one row per establishment saying how many
records went and by which rule, never who.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from store.core.access import Actor, Role
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.errors import InvalidInput, PermissionDenied
from store.core.models import AuditEntry, ElgResult, Establishment, Intervention, PeriodNote, Pupil
from store.core.models import Judgement as JudgementRow
from store.core.models_meetings import MeetingBarrier

MIN_AGE, MAX_AGE = 18, 120
"""Ages a retention rule may name: no school record goes before its pupil is an adult."""


@dataclass(frozen=True)
class PastRetention:
    """A left pupil's record that the rule says must go (no name: the list may be logged)."""

    pupil_id: int
    establishment_number: str
    upn: str
    date_of_birth: date


@dataclass(frozen=True)
class RetentionDone:
    """What a retention run deleted."""

    pupils: int
    rows: Counter[str]
    """Table -> rows deleted with the pupils (judgements, notes, audit rows...)."""


def past_retention(db: Database, actor: Actor, until_age: int, today: date) -> list[PastRetention]:
    """The left pupils who would be `until_age` or older on `today`, oldest first."""
    _require_rule(actor, until_age)
    with db.read() as session:
        return _past(session, until_age, today)


def delete_past_retention(db: Database, actor: Actor, until_age: int, today: date) -> RetentionDone:
    """Delete every record `past_retention` lists, in one transaction, and audit the counts."""
    _require_rule(actor, until_age)
    rows: Counter[str] = Counter()
    with db.write() as session:
        gone = _past(session, until_age, today)
        ids = [pupil.pupil_id for pupil in gone]
        for table, pupil_column in (
            ("judgement", col(JudgementRow.pupil_id)),
            ("periodnote", col(PeriodNote.pupil_id)),
            ("elgresult", col(ElgResult.pupil_id)),
            ("intervention", col(Intervention.pupil_id)),
            ("meetingbarrier", col(MeetingBarrier.pupil_id)),
            ("auditentry", col(AuditEntry.pupil_id)),
        ):
            rows[table] = _count(session, pupil_column, ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            # The pupil's other rows go with it (ON DELETE CASCADE). The audit has no key to it,
            # and a meeting's barrier would stay, unnamed, with what it said about the pupil.
            session.execute(delete(AuditEntry).where(col(AuditEntry.pupil_id).in_(chunk)))
            session.execute(delete(MeetingBarrier).where(col(MeetingBarrier.pupil_id).in_(chunk)))
            session.execute(delete(Pupil).where(col(Pupil.id).in_(chunk)))
        by_establishment = Counter(pupil.establishment_number for pupil in gone)
        record(
            session,
            actor,
            [
                AuditRecord(
                    "retention",
                    _establishment_id(session, number),
                    target=f"left pupils born {until_age} or more years ago",
                    new_value=f"{count} pupil records deleted",
                )
                for number, count in sorted(by_establishment.items())
            ],
        )
    return RetentionDone(len(ids), rows)


def _require_rule(actor: Actor, until_age: int) -> None:
    if actor.role is not Role.SUPPORT:
        raise PermissionDenied("Only the server's administrator applies the retention rule.")
    if not MIN_AGE <= until_age <= MAX_AGE:
        raise InvalidInput(
            f"Keep records until an age from {MIN_AGE} to {MAX_AGE} (25 is the usual rule), "
            f"not {until_age}."
        )


def _past(session: Session, until_age: int, today: date) -> list[PastRetention]:
    born_by = _years_before(today, until_age)
    rows = session.execute(
        select(col(Pupil.id), col(Establishment.number), col(Pupil.upn), col(Pupil.date_of_birth))
        .join(Establishment, col(Establishment.id) == col(Pupil.establishment_id))
        .where(col(Pupil.archived) == True, col(Pupil.date_of_birth) <= born_by)  # noqa: E712
        .order_by(col(Pupil.date_of_birth), col(Pupil.id))
    ).all()
    return [PastRetention(int(pid), str(number), upn, born) for pid, number, upn, born in rows]


def _years_before(day: date, years: int) -> date:
    """The date `years` before `day` (29 February falls back to the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _count(session: Session, pupil_column: object, ids: list[int]) -> int:
    total = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        total += (
            session.scalar(
                select(func.count()).where(pupil_column.in_(chunk))  # type: ignore[attr-defined]
            )
            or 0
        )
    return total


def _establishment_id(session: Session, number: str) -> int | None:
    found = session.scalar(select(col(Establishment.id)).where(col(Establishment.number) == number))
    return None if found is None else int(found)
