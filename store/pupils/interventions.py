"""Interventions: support given to a pupil, kept with the pupil's record (and moved with it)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session, col

from store.core.access import Actor
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound
from store.core.models import Establishment, Intervention, Pupil
from store.core.typed_text import clean_typed, one_line
from store.curriculum.dates import format_academic_year
from store.pupils.intervention_periods import check_assessment

MAX_DETAILS = 2000
MAX_ASSESSMENT = 60


@dataclass(frozen=True)
class InterventionInfo:
    id: int
    academic_year: int
    assessment: str
    details: str
    establishment: str
    """Where it was recorded: "99901 - TRAINING SCHOOL 1"; another school's after a move."""
    editable: bool
    """Only the establishment that recorded an intervention may change it."""


def _pupil(session: Session, actor: Actor, establishment_id: int, pupil_id: int) -> Pupil:
    actor.require_establishment(establishment_id)
    pupil = session.get(Pupil, pupil_id)
    if pupil is None or pupil.establishment_id != establishment_id:
        raise NotFound("That pupil is not on this establishment's roll.")
    return pupil


def list_interventions(
    db: Database, actor: Actor, establishment_id: int, pupil_id: int
) -> list[InterventionInfo]:
    """The pupil's interventions from every establishment, newest academic year first."""
    with db.read() as session:
        pupil = _pupil(session, actor, establishment_id, pupil_id)
        rows = session.execute(
            select(Intervention, col(Establishment.number), col(Establishment.name))
            .join(Establishment, col(Establishment.id) == col(Intervention.establishment_id))
            .where(col(Intervention.pupil_id) == pupil.id)
            .order_by(col(Intervention.academic_year).desc(), col(Intervention.id))
        ).all()
        return [
            InterventionInfo(
                row.id or 0,
                row.academic_year,
                row.assessment,
                row.details,
                f"{number} - {name}",
                row.establishment_id == establishment_id,
            )
            for row, number, name in rows
        ]


def _checked(academic_year: int, assessment: str, details: str) -> tuple[int, str, str]:
    assessment = one_line(assessment)
    details = clean_typed(details).strip()
    if not 2000 <= academic_year <= 2100:
        raise InvalidInput("Choose an academic year such as 2025/2026.", field="academic_year")
    if len(assessment) > MAX_ASSESSMENT:
        raise InvalidInput(
            f"The assessment can be at most {MAX_ASSESSMENT} characters.", field="assessment"
        )
    if not details:
        raise InvalidInput("Describe the intervention in Details.", field="details")
    if len(details) > MAX_DETAILS:
        raise InvalidInput(
            f"Details can be at most {MAX_DETAILS} characters ({len(details)} given).",
            field="details",
        )
    return academic_year, assessment, details


def add_intervention(
    db: Database,
    actor: Actor,
    establishment_id: int,
    pupil_id: int,
    academic_year: int,
    assessment: str,
    details: str,
) -> int:
    """Record an intervention for a pupil; returns its id.

    Raises:
        InvalidInput: blank or long details, or an academic year and assessment that are not
            one of the pupil's assessments here (store.pupils.intervention_periods).
    """
    academic_year, assessment, details = _checked(academic_year, assessment, details)
    with db.write() as session:
        pupil = _pupil(session, actor, establishment_id, pupil_id)
        check_assessment(session, establishment_id, pupil, academic_year, assessment)
        row = Intervention(
            pupil_id=pupil.id,
            establishment_id=establishment_id,
            academic_year=academic_year,
            assessment=assessment,
            details=details,
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        record(
            session,
            actor,
            [
                AuditRecord(
                    "add intervention",
                    establishment_id,
                    pupil_id,
                    f"{format_academic_year(academic_year)} {assessment}".strip(),
                    new_value=details,
                )
            ],
        )
        return row.id


def _own(
    session: Session, establishment_id: int, pupil: Pupil, intervention_id: int
) -> Intervention:
    row = session.get(Intervention, intervention_id)
    if row is None or row.pupil_id != pupil.id:
        raise NotFound("That intervention no longer exists.")
    if row.establishment_id != establishment_id:
        raise InvalidInput(
            "This intervention was recorded by another establishment: "
            "it can be read here, not changed."
        )
    return row


def update_intervention(
    db: Database,
    actor: Actor,
    establishment_id: int,
    pupil_id: int,
    intervention_id: int,
    academic_year: int,
    assessment: str,
    details: str,
) -> None:
    """Change an intervention this establishment recorded.

    A new academic year or assessment must be one of the pupil's assessments here; one left as
    it was is kept, even if that assessment has since been deleted.
    """
    academic_year, assessment, details = _checked(academic_year, assessment, details)
    with db.write() as session:
        pupil = _pupil(session, actor, establishment_id, pupil_id)
        row = _own(session, establishment_id, pupil, intervention_id)
        if (academic_year, assessment) != (row.academic_year, row.assessment):
            check_assessment(session, establishment_id, pupil, academic_year, assessment)
        old = f"{format_academic_year(row.academic_year)} {row.assessment}: {row.details}"
        row.academic_year, row.assessment, row.details = academic_year, assessment, details
        session.add(row)
        record(
            session,
            actor,
            [
                AuditRecord(
                    "edit intervention",
                    establishment_id,
                    pupil_id,
                    str(intervention_id),
                    old,
                    f"{format_academic_year(academic_year)} {assessment}: {details}",
                )
            ],
        )


def delete_intervention(
    db: Database, actor: Actor, establishment_id: int, pupil_id: int, intervention_id: int
) -> None:
    with db.write() as session:
        pupil = _pupil(session, actor, establishment_id, pupil_id)
        row = _own(session, establishment_id, pupil, intervention_id)
        old = f"{format_academic_year(row.academic_year)} {row.assessment}: {row.details}"
        session.delete(row)
        record(
            session,
            actor,
            [
                AuditRecord(
                    "delete intervention", establishment_id, pupil_id, str(intervention_id), old
                )
            ],
        )
