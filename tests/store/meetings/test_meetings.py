"""Progress meetings: list, create, every section's rows, delete, isolation, audit."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlmodel import col

from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound
from store.core.models import AuditEntry
from store.core.models_meetings import MeetingDiscussion, MeetingFigure, MeetingTargetedPupil
from store.meetings import meetings
from store.meetings.record import get_meeting
from store.meetings.rows import (
    Section,
    add_row,
    delete_row,
    set_area,
    set_pupil,
    set_targeted_pupils,
    set_text,
)
from tests.store.meeting_school import TODAY, YEAR, MeetingSchool, make_school


@pytest.fixture
def school(database: Database) -> MeetingSchool:
    return make_school(database)


def new_meeting(school: MeetingSchool, day: date = TODAY, class_slot: int | None = None) -> int:
    return meetings.create_meeting(
        school.database, school.actor, school.id, YEAR, teacher="Mrs  Khan ", day=day,
        class_slot=class_slot, period_id=school.spring, today=TODAY,
    )  # fmt: skip


def count(database: Database, table: type) -> int:
    with database.read() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def test_the_list_is_this_years_meetings_newest_first(school: MeetingSchool) -> None:
    db = school.database
    older = new_meeting(school, date(2025, 11, 5), class_slot=2)
    newer = new_meeting(school, date(2026, 2, 12))
    listed = meetings.list_meetings(db, school.actor, school.id, YEAR)
    assert [m.id for m in listed] == [newer, older]
    assert listed[0].teacher == "Mrs Khan"  # spaces tidied
    assert (listed[0].class_name, listed[1].class_name) == ("All Reception classes", "Class 2")
    assert listed[0].period_name == "Spring 1"
    assert meetings.list_meetings(db, school.actor, school.id, YEAR - 1) == []


def test_a_meeting_belongs_to_its_academic_year(school: MeetingSchool) -> None:
    with pytest.raises(InvalidInput, match="2025/2026"):
        new_meeting(school, date(2026, 9, 1))
    with pytest.raises(InvalidInput, match="class"):
        new_meeting(school, class_slot=21)
    assert meetings.list_meetings(school.database, school.actor, school.id, YEAR) == []


def test_discussion_areas_are_copied_and_editable_within_the_meeting(
    school: MeetingSchool,
) -> None:
    db, actor = school.database, school.actor
    meeting_id = new_meeting(school)
    first = get_meeting(db, actor, school.id, meeting_id).discussions[0]
    args = (db, actor, school.id, meeting_id, Section.DISCUSSION, first.id)
    assert set_text(*args, "question", "Which areas worry us most?")
    assert set_text(*args, "notes", "=SUM(A1) is how Writing looks\nsecond line")
    assert set_text(*args, "next_steps", "Phonics group daily")
    assert not set_text(*args, "next_steps", "Phonics group daily")  # unchanged: no write
    record = get_meeting(db, actor, school.id, meeting_id)
    assert record.discussions[0].question == "Which areas worry us most?"
    assert record.discussions[0].notes == "=SUM(A1) is how Writing looks\nsecond line"
    # The template is not changed.
    from store.meetings.templates import list_templates

    assert list_templates(db, actor, school.id, TODAY)[0].description.startswith("Are there")
    extra = add_row(db, actor, school.id, meeting_id, Section.DISCUSSION, question="Attendance?")
    record = get_meeting(db, actor, school.id, meeting_id)
    assert record.discussions[-1].id == extra and len(record.discussions) == 8
    with pytest.raises(InvalidInput, match="at most 4000"):
        set_text(*args, "notes", "x" * 4001)
    with pytest.raises(InvalidInput):
        set_text(*args, "comments", "no such field here")


def test_barriers_targeted_support_and_groups(school: MeetingSchool) -> None:
    db, actor, pupils = school.database, school.actor, school.pupils
    meeting_id = new_meeting(school)
    base = (db, actor, school.id, meeting_id)
    barrier = add_row(*base, Section.BARRIER, pupil_id=pupils["P2"])
    set_text(*base, Section.BARRIER, barrier, "barrier", "Speech delay; SALT referral")
    set_text(*base, Section.BARRIER, barrier, "next_steps", "Review at Easter")
    set_pupil(*base, barrier, pupils["P7"])  # Include in Data = No is still in the cohort
    targeted = add_row(*base, Section.TARGETED, area_code="N")
    set_targeted_pupils(*base, targeted, [pupils["P4"], pupils["P1"]])
    set_text(*base, Section.TARGETED, targeted, "comments", "Number talks")
    group = add_row(*base, Section.GROUP, area_code="W")
    set_text(*base, Section.GROUP, group, "group_name", "Summer-born boys")
    set_text(*base, Section.GROUP, group, "comments", "Mark making outdoors")
    set_area(*base, Section.GROUP, group, "FMS")

    record = get_meeting(db, actor, school.id, meeting_id)
    (b,) = record.barriers
    assert (b.pupil and b.pupil.name, b.barrier, b.next_steps) == (
        "PUPIL7, P7", "Speech delay; SALT referral", "Review at Easter",
    )  # fmt: skip
    (t,) = record.targeted
    assert (t.area_code, [p.name for p in t.pupils], t.comments) == (
        "N", ["PUPIL1, P1", "PUPIL4, P4"], "Number talks",
    )  # fmt: skip
    (g,) = record.groups
    assert (g.area_code, g.group_name, g.comments) == (
        "FMS",
        "Summer-born boys",
        "Mark making outdoors",
    )

    # Pupils come from this year's Reception cohort only.
    with pytest.raises(InvalidInput, match="Reception cohort"):
        set_pupil(*base, barrier, pupils["P9"])
    with pytest.raises(InvalidInput, match="Reception cohort"):
        set_targeted_pupils(*base, targeted, [pupils["P1"], pupils["P8"]])  # archived
    with pytest.raises(InvalidInput, match="area of development"):
        set_area(*base, Section.TARGETED, targeted, "XX")

    set_targeted_pupils(*base, targeted, [])
    delete_row(*base, Section.TARGETED, targeted)
    delete_row(*base, Section.BARRIER, barrier)
    record = get_meeting(db, actor, school.id, meeting_id)
    assert record.barriers == () and record.targeted == () and len(record.groups) == 1
    with pytest.raises(NotFound):
        set_text(*base, Section.BARRIER, barrier, "barrier", "gone")


def test_pupils_offered_are_the_meetings_class(school: MeetingSchool) -> None:
    db, actor = school.database, school.actor
    everyone = meetings.cohort_pupils(db, actor, school.id, new_meeting(school))
    # Archived P8 and Nursery P9 are not offered; P7 (Include in Data = No) is.
    assert [p.name for p in everyone] == [f"PUPIL{n}, P{n}" for n in range(1, 8)]
    class_two = meetings.cohort_pupils(db, actor, school.id, new_meeting(school, class_slot=2))
    assert [p.name for p in class_two] == ["PUPIL5, P5", "PUPIL6, P6"]
    assert meetings.class_choices(db, actor, school.id, YEAR) == [(1, "Class 1"), (2, "Class 2")]
    assert [p.name for p in meetings.assessment_choices(db, actor, school.id, YEAR)] == [
        "Autumn 1",
        "Spring 1",
    ]


def test_deleting_a_meeting_deletes_everything_in_it(school: MeetingSchool) -> None:
    db, actor = school.database, school.actor
    meeting_id = new_meeting(school)
    targeted = add_row(db, actor, school.id, meeting_id, Section.TARGETED, area_code="N")
    set_targeted_pupils(db, actor, school.id, meeting_id, targeted, [school.pupils["P1"]])
    meetings.delete_meeting(db, actor, school.id, meeting_id)
    assert meetings.list_meetings(db, actor, school.id, YEAR) == []
    for table in (MeetingDiscussion, MeetingFigure, MeetingTargetedPupil):
        assert count(db, table) == 0
    with pytest.raises(NotFound):
        get_meeting(db, actor, school.id, meeting_id)


def test_every_change_is_audited(school: MeetingSchool) -> None:
    db, actor = school.database, school.actor
    meeting_id = new_meeting(school)
    barrier = add_row(
        db, actor, school.id, meeting_id, Section.BARRIER, pupil_id=school.pupils["P1"]
    )
    set_text(db, actor, school.id, meeting_id, Section.BARRIER, barrier, "barrier", "Settling in")
    meetings.delete_meeting(db, actor, school.id, meeting_id)
    with db.read() as session:
        entries = session.execute(
            select(col(AuditEntry.action), col(AuditEntry.pupil_id), col(AuditEntry.new_value))
            .where(col(AuditEntry.establishment_id) == school.id)
            .order_by(col(AuditEntry.id))
        ).all()
    actions = [entry[0] for entry in entries]
    assert actions[-4:] == [
        "add progress meeting",
        "edit progress meeting",
        "edit progress meeting",
        "delete progress meeting",
    ]
    assert entries[-2][1:] == (school.pupils["P1"], "Settling in")


def test_another_establishment_is_refused(school: MeetingSchool, database: Database) -> None:
    meeting_id = new_meeting(school)
    other = make_school(database, "3050")
    with pytest.raises(PermissionDenied):
        get_meeting(database, other.actor, school.id, meeting_id)
    with pytest.raises(PermissionDenied):
        meetings.delete_meeting(database, other.actor, school.id, meeting_id)
    with pytest.raises(PermissionDenied):
        meetings.list_meetings(database, other.actor, school.id, YEAR)
    # Its own establishment's id does not reach another school's meeting.
    with pytest.raises(NotFound):
        get_meeting(database, other.actor, other.id, meeting_id)
    with pytest.raises(NotFound):
        add_row(database, other.actor, other.id, meeting_id, Section.GROUP)
    # Nor can a meeting name another school's pupils.
    own = meetings.create_meeting(
        database, other.actor, other.id, YEAR, teacher="", day=TODAY, class_slot=None,
        period_id=None, today=TODAY,
    )  # fmt: skip
    with pytest.raises(InvalidInput):
        add_row(database, other.actor, other.id, own, Section.BARRIER, pupil_id=school.pupils["P1"])
    support = Actor("support", Role.SUPPORT, None)
    assert get_meeting(database, support, school.id, meeting_id).teacher == "Mrs Khan"


def test_the_trail_names_rows_by_question_pupil_and_area_not_ids(school: MeetingSchool) -> None:
    db, actor, pupils = school.database, school.actor, school.pupils
    meeting_id = new_meeting(school)
    base = (db, actor, school.id, meeting_id)
    discussions = get_meeting(db, actor, school.id, meeting_id).discussions
    last = discussions[-1]
    set_text(*base, Section.DISCUSSION, last.id, "notes", "Three children")
    delete_row(*base, Section.DISCUSSION, last.id)
    set_text(*base, Section.DISCUSSION, discussions[1].id, "next_steps", "Phonics daily")
    barrier = add_row(*base, Section.BARRIER, pupil_id=pupils["P1"])
    set_pupil(*base, barrier, pupils["P2"])
    targeted = add_row(*base, Section.TARGETED, area_code="N")
    set_area(*base, Section.TARGETED, targeted, "W")
    set_targeted_pupils(*base, targeted, [pupils["P3"]])
    group = add_row(*base, Section.GROUP, area_code="SP")
    set_text(*base, Section.GROUP, group, "group_name", "Summer-born boys")
    set_text(*base, Section.GROUP, group, "comments", "Talk partners")
    meetings.update_header(
        db, actor, school.id, meeting_id, teacher="Mr Ali", day=TODAY, class_slot=None,
        period_id=school.spring,
    )  # fmt: skip
    with db.read() as session:
        rows = session.execute(
            select(col(AuditEntry.target), col(AuditEntry.old_value), col(AuditEntry.new_value))
            .where(
                col(AuditEntry.establishment_id) == school.id,
                col(AuditEntry.action) == "edit progress meeting",
            )
            .order_by(col(AuditEntry.id))
        ).all()
    meeting = "meeting 20/02/2026 (Mrs Khan)"
    # A long question is shortened so that the section and the field still fit in 120.
    long = "Which children are assessed as working 'below' and causin…"
    assert [tuple(row) for row in rows] == [
        (f"{meeting}: Discussion areas “General comments”, notes", "", "Three children"),
        (
            f"{meeting}: Discussion areas “General comments”, row deleted",
            "General comments | Three children | ",
            None,
        ),
        (f"{meeting}: Discussion areas “{long}”, next steps", "", "Phonics daily"),
        (f"{meeting}: Barriers to learning “PUPIL1, P1”, row added", None, "PUPIL1, P1"),
        (f"{meeting}: Barriers to learning, pupil", "PUPIL1, P1", "PUPIL2, P2"),
        (f"{meeting}: Targeted support “Number”, row added", None, "Number"),
        (f"{meeting}: Targeted support, area", "Number", "Writing"),
        (f"{meeting}: Targeted support “Writing”, pupils", "", "PUPIL3, P3"),
        (f"{meeting}: Specific groups “Speaking”, row added", None, "Speaking"),
        (f"{meeting}: Specific groups “Speaking”, group name", "", "Summer-born boys"),
        (
            f"{meeting}: Specific groups “Speaking; Summer-born boys”, comments",
            "",
            "Talk partners",
        ),
        # The meeting is named as it was known before the change of teacher.
        (
            meeting,
            "All Reception classes; teacher Mrs Khan; 20/02/2026; Spring 1",
            "All Reception classes; teacher Mr Ali; 20/02/2026; Spring 1",
        ),
    ]
    assert all(len(row[0]) <= 120 for row in rows)
