"""A progress meeting as saved: what it holds, and reading it whole (frozen figures included)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from store.core.access import Actor
from store.core.db import Database
from store.core.errors import NotFound
from store.core.models import AssessmentPeriod, Pupil
from store.core.models_meetings import (
    MeetingBarrier,
    MeetingDiscussion,
    MeetingFigure,
    MeetingGroup,
    MeetingTargeted,
    MeetingTargetedPupil,
    ProgressMeeting,
)
from store.core.words import plural
from store.curriculum.eyfs import AREA_CODES
from store.establishments.establishments import class_names
from store.meetings.figures import AreaFigures, MeetingFigures
from store.pupils.filters import class_name

ALL_CLASSES = "All Reception classes"


def live_period_id(session: Session, row: ProgressMeeting) -> int | None:
    """The meeting's assessment, or None when it has none or it was deleted.

    A deleted assessment is only marked (store.assessments.period_deletion): the meeting keeps
    pointing at
    it, so that bringing it back links the meeting again, but reads as if it had none.
    """
    if row.period_id is None:
        return None
    deleted = session.scalar(
        select(col(AssessmentPeriod.deleted_at)).where(col(AssessmentPeriod.id) == row.period_id)
    )
    return None if deleted is not None else row.period_id


@dataclass(frozen=True)
class PupilChoice:
    id: int
    name: str  # SURNAME, Forename


@dataclass(frozen=True)
class DiscussionItem:
    id: int
    question: str
    notes: str
    next_steps: str


@dataclass(frozen=True)
class BarrierItem:
    id: int
    pupil: PupilChoice | None
    barrier: str
    next_steps: str


@dataclass(frozen=True)
class TargetedItem:
    id: int
    area_code: str | None
    pupils: tuple[PupilChoice, ...]
    comments: str


@dataclass(frozen=True)
class GroupItem:
    id: int
    area_code: str | None
    group_name: str
    comments: str


@dataclass(frozen=True)
class MeetingRecord:
    """A whole meeting as saved, with its figures as they were frozen."""

    id: int
    establishment_id: int
    academic_year: int
    class_slot: int | None
    class_name: str
    teacher: str
    day: date
    period_id: int | None
    period_name: str
    figures: MeetingFigures
    discussions: tuple[DiscussionItem, ...]
    barriers: tuple[BarrierItem, ...]
    targeted: tuple[TargetedItem, ...]
    groups: tuple[GroupItem, ...]


def contents_text(record: MeetingRecord) -> str:
    """What a meeting holds, in words: what deleting it would lose."""
    written = sum(1 for item in record.discussions if item.notes or item.next_steps)
    return (
        f"its figures, {plural(len(record.discussions), 'discussion area')} ({written} with "
        f"notes or next steps), {plural(len(record.barriers), 'barrier')} to learning, "
        f"{plural(len(record.targeted), 'targeted support row')} and "
        f"{plural(len(record.groups), 'specific group')}"
    )


# --- reading -------------------------------------------------------------------------------------


def own_meeting(
    session: Session, actor: Actor, establishment_id: int, meeting_id: int
) -> ProgressMeeting:
    """The meeting, if it is this establishment's and the actor may work there."""
    actor.require_establishment(establishment_id)
    row = session.get(ProgressMeeting, meeting_id)
    if row is None or row.establishment_id != establishment_id:
        raise NotFound("That progress meeting no longer exists; the list has been refreshed.")
    return row


TRAIL_NAME_LENGTH = 120
"""The audit trail's What column holds at most this many characters."""


def trail_name(text: str, limit: int = TRAIL_NAME_LENGTH) -> str:
    """`text` on one line and at most `limit` characters ("…" where it is cut), so the audit
    trail names a thing as people know it (a question, a teacher) rather than by an id."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def meeting_label(row: ProgressMeeting) -> str:
    """How the audit trail names a meeting: "meeting 12/03/2026 (Mrs Khan)"."""
    who = f" ({row.teacher})" if row.teacher else ""
    return trail_name(f"meeting {row.day:%d/%m/%Y}{who}")


def slot_name(session: Session, establishment_id: int, slot: int | None) -> str:
    return ALL_CLASSES if slot is None else class_name(class_names(session, establishment_id), slot)


def frozen_figures(session: Session, row: ProgressMeeting) -> MeetingFigures:
    stored = {
        values[0]: AreaFigures(*values)
        for values in session.execute(
            select(
                col(MeetingFigure.area_code),
                col(MeetingFigure.below),
                col(MeetingFigure.below_previous),
                col(MeetingFigure.on_track),
                col(MeetingFigure.on_track_previous),
            ).where(col(MeetingFigure.meeting_id) == row.id)
        )
    }
    areas = tuple(stored.get(code, AreaFigures(code)) for code in AREA_CODES)
    return MeetingFigures(row.period_name, row.previous_period_name, row.cohort_size, areas)


def get_meeting(
    db: Database, actor: Actor, establishment_id: int, meeting_id: int
) -> MeetingRecord:
    """The whole meeting as saved."""
    with db.read() as session:
        row = own_meeting(session, actor, establishment_id, meeting_id)
        assert row.id is not None
        names = _pupil_names(session, row.id)
        discussions = tuple(
            DiscussionItem(item.id or 0, item.question, item.notes, item.next_steps)
            for item in session.scalars(
                select(MeetingDiscussion)
                .where(col(MeetingDiscussion.meeting_id) == row.id)
                .order_by(col(MeetingDiscussion.position), col(MeetingDiscussion.id))
            )
        )
        barriers = tuple(
            BarrierItem(
                item.id or 0,
                names.get(item.pupil_id) if item.pupil_id else None,
                item.barrier,
                item.next_steps,
            )
            for item in session.scalars(
                select(MeetingBarrier)
                .where(col(MeetingBarrier.meeting_id) == row.id)
                .order_by(col(MeetingBarrier.id))
            )
        )
        targeted_rows = list(
            session.scalars(
                select(MeetingTargeted)
                .where(col(MeetingTargeted.meeting_id) == row.id)
                .order_by(col(MeetingTargeted.id))
            )
        )
        chosen: dict[int, list[PupilChoice]] = {item.id or 0: [] for item in targeted_rows}
        for targeted_id, pupil_id in session.execute(
            select(col(MeetingTargetedPupil.targeted_id), col(MeetingTargetedPupil.pupil_id)).where(
                col(MeetingTargetedPupil.targeted_id).in_(list(chosen))
            )
        ):
            if pupil_id in names:
                chosen[targeted_id].append(names[pupil_id])
        targeted = tuple(
            TargetedItem(
                item.id or 0,
                item.area_code,
                tuple(sorted(chosen[item.id or 0], key=lambda p: (p.name.casefold(), p.id))),
                item.comments,
            )
            for item in targeted_rows
        )
        groups = tuple(
            GroupItem(item.id or 0, item.area_code, item.group_name, item.comments)
            for item in session.scalars(
                select(MeetingGroup)
                .where(col(MeetingGroup.meeting_id) == row.id)
                .order_by(col(MeetingGroup.id))
            )
        )
        return MeetingRecord(
            row.id,
            establishment_id,
            row.academic_year,
            row.class_slot,
            slot_name(session, establishment_id, row.class_slot),
            row.teacher,
            row.day,
            live_period_id(session, row),
            row.period_name,
            frozen_figures(session, row),
            discussions,
            barriers,
            targeted,
            groups,
        )


def _pupil_names(session: Session, meeting_id: int) -> dict[int, PupilChoice]:
    """Every pupil the meeting's rows name (archived ones too: the record keeps them)."""
    barrier_ids = select(col(MeetingBarrier.pupil_id)).where(
        col(MeetingBarrier.meeting_id) == meeting_id
    )
    targeted_ids = select(col(MeetingTargetedPupil.pupil_id)).where(
        col(MeetingTargetedPupil.targeted_id).in_(
            select(col(MeetingTargeted.id)).where(col(MeetingTargeted.meeting_id) == meeting_id)
        )
    )
    rows = session.execute(
        select(col(Pupil.id), col(Pupil.surname), col(Pupil.forenames)).where(
            col(Pupil.id).in_(barrier_ids) | col(Pupil.id).in_(targeted_ids)
        )
    ).all()
    return {
        pid: PupilChoice(pid, f"{surname.upper()}, {forenames}") for pid, surname, forenames in rows
    }
