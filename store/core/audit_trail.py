"""Reading the audit trail: managers their establishment's, support everyone's, filtered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import ColumnElement, func, or_, select
from sqlmodel import col

from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.models import AuditEntry, Establishment, Pupil
from store.core.search_key import search_key

PAGE = 200


@dataclass(frozen=True)
class TrailFilter:
    """Which entries to show; empty fields do not narrow."""

    establishment_id: int | None = None
    username: str = ""
    pupil: str = ""
    """Part of a pupil's surname or UPN."""
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class TrailEntry:
    at: datetime
    actor: str
    source: str
    establishment: str
    pupil: str
    action: str
    target: str
    old_value: str
    new_value: str


def _scope(actor: Actor, wanted: int | None) -> int | None:
    """The establishment `actor` may read: support any (or all), a manager only their own."""
    if actor.role is Role.SUPPORT:
        return wanted
    if actor.role is not Role.MANAGER or actor.establishment_id is None:
        raise PermissionDenied("Only a manager or the support team can read the audit trail.")
    if wanted is not None and wanted != actor.establishment_id:
        raise PermissionDenied("You can only read your own establishment's audit trail.")
    return actor.establishment_id


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def read_trail(
    db: Database, actor: Actor, trail: TrailFilter, limit: int = PAGE, offset: int = 0
) -> list[TrailEntry]:
    """Newest first: who, when, where from, which establishment and pupil, what, old and new."""
    establishment_id = _scope(actor, trail.establishment_id)
    conditions: list[ColumnElement[bool]] = []
    if establishment_id is not None:
        conditions.append(col(AuditEntry.establishment_id) == establishment_id)
    if trail.username.strip():
        conditions.append(col(AuditEntry.actor).ilike(f"%{trail.username.strip()}%"))
    if trail.date_from is not None:
        conditions.append(col(AuditEntry.at) >= _day_start(trail.date_from))
    if trail.date_to is not None:
        conditions.append(col(AuditEntry.at) < _day_start(trail.date_to + timedelta(days=1)))
    with db.read() as session:
        if trail.pupil.strip():
            wanted = search_key(trail.pupil)
            # A transferred child's left record keeps its UPN aside (store.pupils.transfer).
            upn = func.coalesce(col(Pupil.transferred_upn), col(Pupil.upn))
            query = select(col(Pupil.id), col(Pupil.surname), upn)
            if establishment_id is not None:
                query = query.where(col(Pupil.establishment_id) == establishment_id)
            ids = [
                pupil_id
                for pupil_id, surname, upn in session.execute(query)
                if wanted in search_key(surname) or trail.pupil.strip().upper() in upn
            ]
            conditions.append(or_(col(AuditEntry.pupil_id).in_(ids), col(AuditEntry.id) == -1))
        rows = session.execute(
            select(
                AuditEntry,
                col(Establishment.number),
                col(Establishment.name),
                col(Pupil.surname),
                col(Pupil.forenames),
            )
            .outerjoin(Establishment, col(Establishment.id) == col(AuditEntry.establishment_id))
            .outerjoin(Pupil, col(Pupil.id) == col(AuditEntry.pupil_id))
            .where(*conditions)
            .order_by(col(AuditEntry.at).desc(), col(AuditEntry.id).desc())
            .limit(limit)
            .offset(offset)
        ).all()
    return [
        TrailEntry(
            at=entry.at,
            actor=entry.actor,
            source=entry.source,
            establishment=f"{number} - {name}" if number else "",
            pupil=f"{surname.upper()}, {forenames}" if surname else "",
            action=entry.action,
            target=entry.target,
            old_value=entry.old_value or "",
            new_value=entry.new_value or "",
        )
        for entry, number, name, surname, forenames in rows
    ]
