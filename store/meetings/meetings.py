"""Reception cohort progress meetings: list, create, read, change the header, freeze, delete."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, delete, insert, select
from sqlmodel import Session, col

from store.assessments.cohort import PeriodInfo, cohort_pupil_filter
from store.core.access import Actor
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.errors import InvalidInput
from store.core.models import Pupil
from store.core.models_meetings import MeetingDiscussion, MeetingFigure, ProgressMeeting
from store.core.typed_text import one_line
from store.core.words import plural
from store.curriculum.dates import academic_year_of, format_academic_year
from store.curriculum.eyfs import CLASS_SLOTS
from store.establishments.establishments import class_names
from store.meetings.figures import (
    RECEPTION,
    AreaFigures,
    MeetingFigures,
    compute_figures,
    reception_periods,
)
from store.meetings.record import (
    ALL_CLASSES,
    PupilChoice,
    frozen_figures,
    live_period_id,
    meeting_label,
    own_meeting,
    slot_name,
)
from store.meetings.templates import ensure_defaults, live_templates
from store.pupils.filters import class_name

MAX_TEACHER = 120


@dataclass(frozen=True)
class MeetingSummary:
    """A line of the meetings list."""

    id: int
    day: date
    teacher: str
    class_slot: int | None
    class_name: str
    period_name: str


# --- shared checks ------------------------------------------------------------------------------


def _check_header(teacher: str, day: date, academic_year: int, class_slot: int | None) -> str:
    teacher = one_line(teacher)
    if len(teacher) > MAX_TEACHER:
        raise InvalidInput(
            f"The teacher's name can be at most {MAX_TEACHER} characters ({len(teacher)} given).",
            field="teacher",
        )
    if academic_year_of(day) != academic_year:
        raise InvalidInput(
            f"The meeting's date must fall in {format_academic_year(academic_year)} "
            f"(01/09/{academic_year} to 31/08/{academic_year + 1}).",
            field="day",
        )
    if class_slot is not None and not 1 <= class_slot <= CLASS_SLOTS:
        raise InvalidInput(
            f"Choose a class from 1 to {CLASS_SLOTS}, or all Reception classes.", field="class_slot"
        )
    return teacher


def _freeze(session: Session, row: ProgressMeeting, figures: MeetingFigures) -> None:
    """Store the figures with the meeting, replacing any it had."""
    assert row.id is not None
    # Core statements, not ORM objects: the rows are replaced whole, never loaded and edited.
    session.execute(delete(MeetingFigure).where(col(MeetingFigure.meeting_id) == row.id))
    session.execute(
        insert(MeetingFigure),
        [
            {"meeting_id": row.id, "area_code": area.code, **_figure_values(area)}
            for area in figures.areas
        ],
    )
    row.previous_period_name = figures.previous_period_name
    row.cohort_size = figures.cohort_size
    if figures.period_name:
        row.period_name = figures.period_name
    session.add(row)


def _figure_values(area: AreaFigures) -> dict[str, int | None]:
    return {
        "below": area.below,
        "below_previous": area.below_previous,
        "on_track": area.on_track,
        "on_track_previous": area.on_track_previous,
    }


# --- choices a meeting offers -----------------------------------------------------------------


def assessment_choices(
    db: Database, actor: Actor, establishment_id: int, academic_year: int
) -> list[PeriodInfo]:
    """The year's Reception assessments, in date order."""
    actor.require_establishment(establishment_id)
    with db.read() as session:
        return reception_periods(session, establishment_id, academic_year)


def class_choices(
    db: Database, actor: Actor, establishment_id: int, academic_year: int
) -> list[tuple[int, str]]:
    """(slot, name) of the classes that have Reception children this year, in slot order."""
    actor.require_establishment(establishment_id)
    with db.read() as session:
        slots = sorted(
            slot
            for slot in session.scalars(
                select(col(Pupil.class_slot))
                .where(cohort_pupil_filter(establishment_id, academic_year, RECEPTION))
                .distinct()
            )
            if slot is not None
        )
        names = class_names(session, establishment_id)
        return [(slot, class_name(names, slot)) for slot in slots]


def cohort_pupils(
    db: Database, actor: Actor, establishment_id: int, meeting_id: int
) -> list[PupilChoice]:
    """The meeting's children to choose from (its class, or all Reception), alphabetical."""
    with db.read() as session:
        row = own_meeting(session, actor, establishment_id, meeting_id)
        condition = cohort_pupil_filter(establishment_id, row.academic_year, RECEPTION)
        if row.class_slot is not None:
            condition = and_(condition, col(Pupil.class_slot) == row.class_slot)
        found = session.execute(
            select(col(Pupil.id), col(Pupil.surname), col(Pupil.forenames)).where(condition)
        ).all()
    found = sorted(found, key=lambda p: (p[1].casefold(), p[2].casefold(), p[0]))
    return [
        PupilChoice(pid, f"{surname.upper()}, {forenames}") for pid, surname, forenames in found
    ]


# --- meetings ---------------------------------------------------------------------------------


def list_meetings(
    db: Database, actor: Actor, establishment_id: int, academic_year: int
) -> list[MeetingSummary]:
    """The year's meetings, newest first."""
    actor.require_establishment(establishment_id)
    with db.read() as session:
        names = class_names(session, establishment_id)
        rows = session.scalars(
            select(ProgressMeeting)
            .where(
                col(ProgressMeeting.establishment_id) == establishment_id,
                col(ProgressMeeting.academic_year) == academic_year,
            )
            .order_by(col(ProgressMeeting.day).desc(), col(ProgressMeeting.id).desc())
        )
        return [
            MeetingSummary(
                row.id or 0,
                row.day,
                row.teacher,
                row.class_slot,
                ALL_CLASSES if row.class_slot is None else class_name(names, row.class_slot),
                row.period_name,
            )
            for row in rows
        ]


def create_meeting(
    db: Database,
    actor: Actor,
    establishment_id: int,
    academic_year: int,
    *,
    teacher: str,
    day: date,
    class_slot: int | None,
    period_id: int | None,
    today: date,
) -> int:
    """Create a meeting with today's live discussion areas and the figures counted now.

    Raises:
        InvalidInput: the date is outside the academic year, a long teacher's name, a bad class.
        NotFound: the assessment is not one of the year's Reception assessments.
    """
    actor.require_establishment(establishment_id)
    teacher = _check_header(teacher, day, academic_year, class_slot)
    ensure_defaults(db, actor, establishment_id, today)
    with db.write() as session:
        figures = compute_figures(session, establishment_id, academic_year, period_id, class_slot)
        row = ProgressMeeting(
            establishment_id=establishment_id,
            academic_year=academic_year,
            class_slot=class_slot,
            teacher=teacher,
            day=day,
            period_id=period_id,
            period_name=figures.period_name,
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        _freeze(session, row, figures)
        for position, template in enumerate(live_templates(session, establishment_id, today)):
            session.add(
                MeetingDiscussion(
                    meeting_id=row.id, position=position, question=template.description
                )
            )
        record(
            session,
            actor,
            [
                AuditRecord(
                    "add progress meeting",
                    establishment_id,
                    target=meeting_label(row),
                    new_value=f"{slot_name(session, establishment_id, class_slot)}, "
                    f"{figures.period_name or 'no assessment'}",
                )
            ],
        )
        return row.id


def update_header(
    db: Database,
    actor: Actor,
    establishment_id: int,
    meeting_id: int,
    *,
    teacher: str,
    day: date,
    class_slot: int | None,
    period_id: int | None,
) -> MeetingFigures:
    """Change class, teacher, date or assessment; a new class or assessment recounts the figures.

    Returns the meeting's figures afterwards (frozen again only if class or assessment changed).
    """
    with db.write() as session:
        row = own_meeting(session, actor, establishment_id, meeting_id)
        teacher = _check_header(teacher, day, row.academic_year, class_slot)
        old = _header_text(session, row)
        label = meeting_label(row)  # as people knew it before this change (date, teacher)
        current = live_period_id(session, row)  # None when its assessment was deleted
        recount = class_slot != row.class_slot or period_id != current
        figures = (
            compute_figures(session, establishment_id, row.academic_year, period_id, class_slot)
            if recount
            else None
        )
        row.teacher, row.day, row.class_slot = teacher, day, class_slot
        if recount:  # else it keeps a deleted assessment, to be linked again if it comes back
            row.period_id = period_id
        if figures is not None:
            row.period_name = figures.period_name
            _freeze(session, row, figures)
        new = _header_text(session, row)
        if new != old:
            session.add(row)
            record(
                session,
                actor,
                [
                    AuditRecord(
                        "edit progress meeting",
                        establishment_id,
                        target=label,
                        old_value=old,
                        new_value=new,
                    )
                ],
            )
        return frozen_figures(session, row)


def _header_text(session: Session, row: ProgressMeeting) -> str:
    class_text = slot_name(session, row.establishment_id, row.class_slot)
    return (
        f"{class_text}; teacher {row.teacher or '-'}; {row.day:%d/%m/%Y}; "
        f"{row.period_name or 'no assessment'}"
    )


def refresh_figures(
    db: Database, actor: Actor, establishment_id: int, meeting_id: int
) -> MeetingFigures:
    """Count the meeting's figures again from today's judgements and freeze them."""
    with db.write() as session:
        row = own_meeting(session, actor, establishment_id, meeting_id)
        if live_period_id(session, row) is None and row.period_name:
            raise InvalidInput(
                f"The assessment {row.period_name} has been deleted: choose another assessment "
                "to count the figures again."
            )
        figures = compute_figures(
            session, establishment_id, row.academic_year, row.period_id, row.class_slot
        )
        _freeze(session, row, figures)
        record(
            session,
            actor,
            [
                AuditRecord(
                    "refresh progress meeting figures",
                    establishment_id,
                    target=meeting_label(row),
                    new_value=(
                        f"{plural(figures.cohort_size, 'child', 'children')}, {figures.period_name}"
                    ),
                )
            ],
        )
        return figures


def live_figures_differ(db: Database, actor: Actor, establishment_id: int, meeting_id: int) -> bool:
    """Whether counting now would give other figures than the meeting saved.

    False when the meeting's assessment has been deleted: there is nothing to count against.
    """
    with db.read() as session:
        row = own_meeting(session, actor, establishment_id, meeting_id)
        if live_period_id(session, row) is None and row.period_name:
            return False
        live = compute_figures(
            session, establishment_id, row.academic_year, row.period_id, row.class_slot
        )
        return not live.same_figures(frozen_figures(session, row))


def delete_meeting(db: Database, actor: Actor, establishment_id: int, meeting_id: int) -> None:
    """Delete a meeting and everything recorded in it."""
    with db.write() as session:
        row = own_meeting(session, actor, establishment_id, meeting_id)
        label = meeting_label(row)
        old = _header_text(session, row)
        session.delete(row)
        record(
            session,
            actor,
            [AuditRecord("delete progress meeting", establishment_id, target=label, old_value=old)],
        )
