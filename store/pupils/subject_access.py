"""A subject access request: everything held on one pupil, found by UPN, in plain data.

A child's record may be at more than one establishment: a transfer leaves the old school a
left record holding the UPN in `transferred_upn` (store/core/models.py). Each record comes with
what hangs from it: judgements, period notes, ELG results, interventions, progress meetings'
rows about the child, and the audit rows about them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, or_, select

from store.assessments.cohort import stored_cell
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.errors import NotFound, PermissionDenied
from store.core.models import (
    AssessmentPeriod,
    AuditEntry,
    ElgResult,
    ElgSection,
    Establishment,
    Intervention,
    PeriodNote,
    Pupil,
)
from store.core.models import Judgement as JudgementRow
from store.core.models_meetings import (
    MeetingBarrier,
    MeetingTargeted,
    MeetingTargetedPupil,
    ProgressMeeting,
)
from store.curriculum.dates import format_academic_year
from store.curriculum.eyfs import ElgOutcome
from store.curriculum.upn import normalise_upn

Record = dict[str, Any]


def everything_held(db: Database, actor: Actor, upn: str) -> list[Record]:
    """Every record held on the pupil with `upn`, oldest first, as JSON-ready data.

    Raises:
        PermissionDenied: not the server's administrator or the support team.
        NotFound: no record holds that UPN.
    """
    if actor.role is not Role.SUPPORT:
        raise PermissionDenied("Only the support team answers a subject access request.")
    wanted = normalise_upn(upn)
    with db.read() as session:
        pupils = session.exec(
            select(Pupil)
            .where(or_(col(Pupil.upn) == wanted, col(Pupil.transferred_upn) == wanted))
            .order_by(col(Pupil.id))
        ).all()
        if not pupils:
            raise NotFound(f"No pupil with the UPN {wanted} is held here.")
        return [_record(session, pupil) for pupil in pupils]


def _record(session: Session, pupil: Pupil) -> Record:
    assert pupil.id is not None
    school = session.get(Establishment, pupil.establishment_id)
    return {
        "establishment": {
            "number": school.number if school else None,
            "name": school.name if school else None,
        },
        "pupil": _plain(pupil.model_dump(exclude={"id", "establishment_id"})),
        "judgements": _judgements(session, pupil.id),
        "period_notes": _period_notes(session, pupil.id),
        "early_learning_goals": _goals(session, pupil.id),
        "interventions": [
            {
                "academic_year": format_academic_year(item.academic_year),
                "assessment": item.assessment,
                "details": item.details,
            }
            for item in session.exec(
                select(Intervention)
                .where(col(Intervention.pupil_id) == pupil.id)
                .order_by(col(Intervention.id))
            )
        ],
        "progress_meetings": _meetings(session, pupil.id),
        "audit_trail": [
            _plain(
                {
                    "at": entry.at,
                    "by": entry.actor,
                    "from": entry.source,
                    "action": entry.action,
                    "what": entry.target,
                    "before": entry.old_value,
                    "after": entry.new_value,
                }
            )
            for entry in session.exec(
                select(AuditEntry)
                .where(col(AuditEntry.pupil_id) == pupil.id)
                .order_by(col(AuditEntry.id))
            )
        ],
    }


def _judgements(session: Session, pupil_id: int) -> list[Record]:
    rows = session.exec(
        select(JudgementRow, AssessmentPeriod)
        .join(AssessmentPeriod, col(AssessmentPeriod.id) == col(JudgementRow.period_id))
        .where(col(JudgementRow.pupil_id) == pupil_id)
        .order_by(col(AssessmentPeriod.day), col(JudgementRow.area_code))
    ).all()
    return [
        _plain(
            {
                "assessment": period.name,
                "date": period.day,
                "academic_year": format_academic_year(period.academic_year),
                "framework": period.framework,
                "area": row.area_code,
                "value": row.value,
                "mark": row.number,
                "gone_beyond": row.gone_beyond,
                "note": row.note,
                "as_shown": stored_cell(
                    period.framework, row.value, row.gone_beyond, row.note, row.number
                ).describe(),
            }
        )
        for row, period in rows
    ]


def _period_notes(session: Session, pupil_id: int) -> list[Record]:
    rows = session.exec(
        select(PeriodNote, AssessmentPeriod)
        .join(AssessmentPeriod, col(AssessmentPeriod.id) == col(PeriodNote.period_id))
        .where(col(PeriodNote.pupil_id) == pupil_id)
        .order_by(col(AssessmentPeriod.day))
    ).all()
    return [
        _plain({"assessment": period.name, "date": period.day, "notes": note.text})
        for note, period in rows
    ]


def _goals(session: Session, pupil_id: int) -> list[Record]:
    rows = session.exec(
        select(ElgResult, ElgSection)
        .join(ElgSection, col(ElgSection.id) == col(ElgResult.section_id))
        .where(col(ElgResult.pupil_id) == pupil_id)
        .order_by(col(ElgSection.academic_year), col(ElgResult.area_code))
    ).all()
    return [
        {
            "academic_year": format_academic_year(section.academic_year),
            "goal": result.area_code,
            "outcome": ElgOutcome(result.outcome).label,
        }
        for result, section in rows
    ]


def _meetings(session: Session, pupil_id: int) -> list[Record]:
    barriers = session.exec(
        select(MeetingBarrier, ProgressMeeting)
        .join(ProgressMeeting, col(ProgressMeeting.id) == col(MeetingBarrier.meeting_id))
        .where(col(MeetingBarrier.pupil_id) == pupil_id)
        .order_by(col(ProgressMeeting.day), col(MeetingBarrier.id))
    ).all()
    targeted = session.exec(
        select(MeetingTargeted, ProgressMeeting)
        .join(MeetingTargetedPupil, col(MeetingTargetedPupil.targeted_id) == MeetingTargeted.id)
        .join(ProgressMeeting, col(ProgressMeeting.id) == col(MeetingTargeted.meeting_id))
        .where(col(MeetingTargetedPupil.pupil_id) == pupil_id)
        .order_by(col(ProgressMeeting.day), col(MeetingTargeted.id))
    ).all()
    return [
        _plain(
            {
                "meeting": meeting.day,
                "barrier": row.barrier,
                "next_steps": row.next_steps,
            }
        )
        for row, meeting in barriers
    ] + [
        _plain({"meeting": meeting.day, "targeted_area": row.area_code, "comments": row.comments})
        for row, meeting in targeted
    ]


def _plain(values: dict[str, Any]) -> Record:
    """Dates and times as ISO text, enums as their stored values: JSON takes the rest."""
    plain: Record = {}
    for key, value in values.items():
        if isinstance(value, datetime | date):
            value = value.isoformat()
        elif hasattr(value, "value") and not isinstance(value, bool | int | str):
            value = value.value
        plain[key] = value
    return plain
