"""What is typed into a progress meeting: discussion areas, barriers, targeted support, groups."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any

from sqlalchemy import delete, insert, select
from sqlmodel import Session, col

from store.assessments.cohort import cohort_pupil_filter
from store.core.access import Actor
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound
from store.core.models import Pupil
from store.core.models_meetings import (
    MeetingBarrier,
    MeetingDiscussion,
    MeetingGroup,
    MeetingTargeted,
    MeetingTargetedPupil,
    ProgressMeeting,
)
from store.core.typed_text import clean_typed
from store.curriculum.eyfs import AREA_BY_CODE
from store.meetings.figures import RECEPTION
from store.meetings.record import TRAIL_NAME_LENGTH, meeting_label, own_meeting, trail_name

MAX_TEXT = 4000
MAX_SHORT = 120


class Section(str, Enum):
    """The parts of a meeting that hold rows."""

    DISCUSSION = "discussion"
    BARRIER = "barrier"
    TARGETED = "targeted"
    GROUP = "group"

    @property
    def label(self) -> str:
        return _SECTION_LABELS[self]


_SECTION_LABELS = {
    Section.DISCUSSION: "Discussion areas",
    Section.BARRIER: "Barriers to learning",
    Section.TARGETED: "Targeted support",
    Section.GROUP: "Specific groups",
}
_TABLES: dict[Section, Any] = {
    Section.DISCUSSION: MeetingDiscussion,
    Section.BARRIER: MeetingBarrier,
    Section.TARGETED: MeetingTargeted,
    Section.GROUP: MeetingGroup,
}
TEXT_FIELDS: dict[Section, dict[str, str]] = {
    Section.DISCUSSION: {
        "question": "Question",
        "notes": "Notes, including identification of area of learning",
        "next_steps": "Agreed next steps if applicable",
    },
    Section.BARRIER: {
        "barrier": "Barrier to learning and proposed support",
        "next_steps": "Agreed next steps if applicable",
    },
    Section.TARGETED: {"comments": "Comments"},
    Section.GROUP: {"group_name": "Group name", "comments": "Comments"},
}
"""The free-text fields of each section, with the form's names for them."""
_FIELD_NAMES = {
    "question": "question",
    "notes": "notes",
    "next_steps": "next steps",
    "barrier": "barrier",
    "comments": "comments",
    "group_name": "group name",
}
"""How the audit trail names each field (the form's names are too long for its What column)."""


def _row(session: Session, meeting: ProgressMeeting, section: Section, row_id: int) -> Any:
    row = session.get(_TABLES[section], row_id)
    if row is None or row.meeting_id != meeting.id:
        raise NotFound(f"That row of {section.label} no longer exists; it may have been deleted.")
    return row


def _audit(
    session: Session,
    actor: Actor,
    meeting: ProgressMeeting,
    section: Section,
    what: str,
    row_name: str = "",
    old: str | None = None,
    new: str | None = None,
    pupil_id: int | None = None,
) -> None:
    """One row of the trail, naming the meeting (date, teacher), the section, the row as people
    know it (its question, pupil or area, shortened to fit) and what changed in it."""
    head = f"{meeting_label(meeting)}: {section.label}"
    tail = f", {what}"
    room = TRAIL_NAME_LENGTH - len(head) - len(tail) - 3  # " “" and "”"
    if row_name and room >= 10:
        head += f" “{trail_name(row_name, room)}”"
    record(
        session,
        actor,
        [
            AuditRecord(
                "edit progress meeting",
                meeting.establishment_id,
                pupil_id,
                trail_name(head + tail),
                old,
                new,
            )
        ],
    )


def _area_name(code: str | None) -> str:
    return AREA_BY_CODE[code].name if code else ""


def _row_name(session: Session, section: Section, row: Any) -> str:
    """A row as the meeting form shows it: its question, its pupil, or its area (and group)."""
    if section is Section.DISCUSSION:
        return str(row.question)
    if section is Section.BARRIER:
        return _names(session, [row.pupil_id])
    if section is Section.GROUP:
        return "; ".join(part for part in (_area_name(row.area_code), row.group_name) if part)
    return _area_name(row.area_code)


def _check_pupils(session: Session, meeting: ProgressMeeting, pupil_ids: Iterable[int]) -> None:
    wanted = set(pupil_ids)
    if not wanted:
        return
    found = set(
        session.scalars(
            select(col(Pupil.id)).where(
                cohort_pupil_filter(meeting.establishment_id, meeting.academic_year, RECEPTION),
                col(Pupil.id).in_(wanted),
            )
        )
    )
    if found != wanted:
        raise InvalidInput("Choose pupils from this year's Reception cohort.")


def _names(session: Session, pupil_ids: Iterable[int | None]) -> str:
    """Pupils as the audit trail shows them: "ADEYEMI, Olamide; CLARKE, Ivy"."""
    ids = [pid for pid in pupil_ids if pid is not None]
    if not ids:
        return ""
    rows = session.execute(
        select(col(Pupil.surname), col(Pupil.forenames)).where(col(Pupil.id).in_(ids))
    ).all()
    return "; ".join(sorted(f"{surname.upper()}, {forenames}" for surname, forenames in rows))


def _check_area(area_code: str | None) -> None:
    if area_code is not None and area_code not in AREA_BY_CODE:
        raise InvalidInput(f"{area_code} is not an area of development; choose one from the list.")


def set_text(
    db: Database,
    actor: Actor,
    establishment_id: int,
    meeting_id: int,
    section: Section,
    row_id: int,
    field: str,
    text: str,
) -> bool:
    """Save one free-text field exactly as typed; False when it already held that text.

    Raises:
        InvalidInput: the text is too long (or the field is not a text field of the section).
        NotFound: the meeting or row has been deleted.
    """
    labels = TEXT_FIELDS[section]
    if field not in labels:
        raise InvalidInput(f"{section.label} have no field {field!r}.")
    limit = MAX_SHORT if field == "group_name" else MAX_TEXT
    # Saved as typed (trailing spaces too: it is saved while the person types), less controls.
    text = clean_typed(text, multiline=field != "group_name")
    if len(text) > limit:
        raise InvalidInput(f"{labels[field]} can be at most {limit} characters.")
    with db.write() as session:
        meeting = own_meeting(session, actor, establishment_id, meeting_id)
        row = _row(session, meeting, section, row_id)
        old = getattr(row, field)
        if old == text:
            return False
        name = _row_name(session, section, row)  # before the change: a group's name may change
        setattr(row, field, text)
        session.add(row)
        pupil_id = row.pupil_id if section is Section.BARRIER else None
        what = _FIELD_NAMES[field]
        _audit(session, actor, meeting, section, what, name, old, text, pupil_id)
        return True


def add_row(
    db: Database,
    actor: Actor,
    establishment_id: int,
    meeting_id: int,
    section: Section,
    *,
    pupil_id: int | None = None,
    area_code: str | None = None,
    question: str = "",
) -> int:
    """Add an empty row to a section (a barrier with its pupil, a targeted or group row with its
    area, a discussion area with its question); returns its id."""
    _check_area(area_code)
    question = clean_typed(question, multiline=True)
    if len(question) > MAX_TEXT:
        raise InvalidInput(f"A question can be at most {MAX_TEXT} characters.")
    with db.write() as session:
        meeting = own_meeting(session, actor, establishment_id, meeting_id)
        values: dict[str, Any] = {"meeting_id": meeting.id}
        if section is Section.BARRIER:
            _check_pupils(session, meeting, [pupil_id] if pupil_id is not None else [])
            values["pupil_id"] = pupil_id
        elif section is Section.DISCUSSION:
            last = session.scalar(
                select(col(MeetingDiscussion.position))
                .where(col(MeetingDiscussion.meeting_id) == meeting.id)
                .order_by(col(MeetingDiscussion.position).desc())
                .limit(1)
            )
            values.update(question=question, position=(last if last is not None else -1) + 1)
        else:
            values["area_code"] = area_code
        row = _TABLES[section](**values)
        session.add(row)
        session.flush()
        detail = _row_name(session, section, row)
        _audit(session, actor, meeting, section, "row added", detail, new=detail, pupil_id=pupil_id)
        return int(row.id)


def delete_row(
    db: Database,
    actor: Actor,
    establishment_id: int,
    meeting_id: int,
    section: Section,
    row_id: int,
) -> None:
    """Delete one row of a section, with what was typed in it (kept in the audit trail)."""
    with db.write() as session:
        meeting = own_meeting(session, actor, establishment_id, meeting_id)
        row = _row(session, meeting, section, row_id)
        old = " | ".join(str(getattr(row, name)) for name in TEXT_FIELDS[section])
        pupil_id = row.pupil_id if section is Section.BARRIER else None
        name = _row_name(session, section, row)
        session.delete(row)
        _audit(session, actor, meeting, section, "row deleted", name, old=old, pupil_id=pupil_id)


def set_pupil(
    db: Database, actor: Actor, establishment_id: int, meeting_id: int, row_id: int, pupil_id: int
) -> None:
    """Choose the pupil of a barriers-to-learning row."""
    with db.write() as session:
        meeting = own_meeting(session, actor, establishment_id, meeting_id)
        row = _row(session, meeting, Section.BARRIER, row_id)
        _check_pupils(session, meeting, [pupil_id])
        if row.pupil_id == pupil_id:
            return
        old = row.pupil_id
        row.pupil_id = pupil_id
        session.add(row)
        _audit(
            session,
            actor,
            meeting,
            Section.BARRIER,
            "pupil",
            old=_names(session, [old]),
            new=_names(session, [pupil_id]),
            pupil_id=pupil_id,
        )


def set_area(
    db: Database,
    actor: Actor,
    establishment_id: int,
    meeting_id: int,
    section: Section,
    row_id: int,
    area_code: str | None,
) -> None:
    """Choose the area of development of a targeted-support or specific-groups row."""
    if section not in (Section.TARGETED, Section.GROUP):
        raise InvalidInput(f"{section.label} have no area of development.")
    _check_area(area_code)
    with db.write() as session:
        meeting = own_meeting(session, actor, establishment_id, meeting_id)
        row = _row(session, meeting, section, row_id)
        if row.area_code == area_code:
            return
        name = row.group_name if section is Section.GROUP else ""
        old = _area_name(row.area_code)
        row.area_code = area_code
        session.add(row)
        _audit(session, actor, meeting, section, "area", name, old, _area_name(area_code))


def set_targeted_pupils(
    db: Database,
    actor: Actor,
    establishment_id: int,
    meeting_id: int,
    row_id: int,
    pupil_ids: Iterable[int],
) -> None:
    """Name the pupils of a targeted-support row (replacing those it had)."""
    wanted = sorted(set(pupil_ids))
    with db.write() as session:
        meeting = own_meeting(session, actor, establishment_id, meeting_id)
        row = _row(session, meeting, Section.TARGETED, row_id)
        _check_pupils(session, meeting, wanted)
        had = sorted(
            session.scalars(
                select(col(MeetingTargetedPupil.pupil_id)).where(
                    col(MeetingTargetedPupil.targeted_id) == row.id
                )
            )
        )
        if had == wanted:
            return
        session.execute(
            delete(MeetingTargetedPupil).where(col(MeetingTargetedPupil.targeted_id) == row.id)
        )
        if wanted:
            session.execute(
                insert(MeetingTargetedPupil),
                [{"targeted_id": row.id, "pupil_id": pupil_id} for pupil_id in wanted],
            )
        _audit(
            session,
            actor,
            meeting,
            Section.TARGETED,
            "pupils",
            _area_name(row.area_code),
            _names(session, had),
            _names(session, wanted),
        )
