"""Links from an engagement model observation to an outcome of the pupil's EHC plan: optional,
one per pupil, assessment and area, written as the plan names the outcome ("Outcome 2:
communication"), checked and audited. Blank takes a link away."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import delete, select
from sqlmodel import Session, col

from store.core.access import Actor
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound
from store.core.models import AssessmentPeriod, Pupil
from store.core.models_ehc import EHC_OUTCOME_LENGTH, EhcLink
from store.core.typed_text import clean_typed
from store.curriculum.engagement import ENGAGEMENT

ACTION = "link EHC outcome"


def ehc_links(
    session: Session, period_ids: Collection[int], pupil_ids: Collection[int]
) -> dict[tuple[int, int, str], str]:
    """The links of those pupils at those assessments, by (pupil, period, area)."""
    if not period_ids or not pupil_ids:
        return {}
    rows = session.execute(
        select(
            col(EhcLink.pupil_id),
            col(EhcLink.period_id),
            col(EhcLink.area_code),
            col(EhcLink.outcome),
        ).where(
            col(EhcLink.period_id).in_(sorted(period_ids)),
            col(EhcLink.pupil_id).in_(sorted(pupil_ids)),
        )
    )
    return {(pupil, period, area): outcome for pupil, period, area, outcome in rows}


def ehc_link(
    db: Database, actor: Actor, establishment_id: int, pupil_id: int, period_id: int, area: str
) -> str:
    """The outcome the observation links to ("" : none)."""
    actor.require_establishment(establishment_id)
    with db.read() as session:
        _require_observation(session, establishment_id, pupil_id, period_id, area)
        return ehc_links(session, [period_id], [pupil_id]).get((pupil_id, period_id, area), "")


def set_ehc_link(
    db: Database,
    actor: Actor,
    establishment_id: int,
    pupil_id: int,
    period_id: int,
    area: str,
    outcome: str,
) -> str:
    """Link the observation to `outcome` (blank: no link); the outcome kept.

    Raises:
        PermissionDenied: not this establishment's. NotFound: the pupil or the engagement model
            assessment is not the establishment's, or the area is none of the model's.
        InvalidInput: the outcome is too long, or the pupil is not assessed another way.
    """
    actor.require_establishment(establishment_id)
    kept = " ".join(clean_typed(outcome).split())
    if len(kept) > EHC_OUTCOME_LENGTH:
        raise InvalidInput(
            f"An EHC plan outcome is at most {EHC_OUTCOME_LENGTH} characters: shorten it "
            "(its number and a few words are enough).",
            field="outcome",
        )
    with db.write() as session:
        pupil, period = _require_observation(session, establishment_id, pupil_id, period_id, area)
        if kept and not pupil.alternative_assessment:
            raise InvalidInput(
                f"{pupil.surname.upper()}, {pupil.forenames} is not assessed another way: set "
                "Alternative assessment to Yes on the Pupils screen first."
            )
        old = ehc_links(session, [period_id], [pupil_id]).get((pupil_id, period_id, area), "")
        if old == kept:
            return kept
        session.execute(
            delete(EhcLink).where(
                col(EhcLink.pupil_id) == pupil_id,
                col(EhcLink.period_id) == period_id,
                col(EhcLink.area_code) == area,
            )
        )
        if kept:
            session.add(
                EhcLink(pupil_id=pupil_id, period_id=period_id, area_code=area, outcome=kept)
            )
        subject = ENGAGEMENT.subject(area)
        assert subject is not None
        target = f"{period.name} · {subject.name}"
        audit = AuditRecord(ACTION, establishment_id, pupil_id, target, old or None, kept or None)
        record(session, actor, [audit])
    return kept


def _require_observation(
    session: Session, establishment_id: int, pupil_id: int, period_id: int, area: str
) -> tuple[Pupil, AssessmentPeriod]:
    pupil = session.get(Pupil, pupil_id)
    period = session.get(AssessmentPeriod, period_id)
    if pupil is None or pupil.establishment_id != establishment_id:
        raise NotFound("That pupil is not on this establishment's roll any more.")
    if (
        period is None
        or period.establishment_id != establishment_id
        or period.deleted_at is not None
        or period.framework != ENGAGEMENT.id
        or ENGAGEMENT.subject(area) is None
    ):
        raise NotFound("EHC plan outcomes are linked to engagement model observations only.")
    return pupil, period
