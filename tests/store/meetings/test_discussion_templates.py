"""Maintenance — Discussion Areas: defaults, liveness by date, who may change them."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import col

from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound
from store.core.models import AuditEntry
from store.meetings import meetings, templates
from store.meetings.record import get_meeting
from tests.store.meeting_school import TODAY, YEAR, MeetingSchool, make_school


@pytest.fixture
def school(database: Database) -> MeetingSchool:
    return make_school(database)


def manager(school: MeetingSchool) -> Actor:
    return Actor("head", Role.MANAGER, school.id)


def questions_of_new_meeting(school: MeetingSchool, today: date) -> list[str]:
    meeting_id = meetings.create_meeting(
        school.database, school.actor, school.id, YEAR, teacher="", day=today,
        class_slot=None, period_id=None, today=today,
    )  # fmt: skip
    record = get_meeting(school.database, school.actor, school.id, meeting_id)
    return [item.question for item in record.discussions]


def test_a_school_starts_with_the_guides_seven_questions_once(school: MeetingSchool) -> None:
    db = school.database
    listed = templates.list_templates(db, school.actor, school.id, TODAY)
    assert [t.description for t in listed] == list(templates.DEFAULT_QUESTIONS)
    assert listed[0].description.startswith("Are there areas of learning that are causing")
    assert listed[-1].description == "General comments"
    assert [t.sort_order for t in listed] == [1, 2, 3, 4, 5, 6, 7]
    assert {(t.discussion_type, t.start_date, t.end_date) for t in listed} == {
        ("Cohort", date(YEAR, 9, 1), None)
    }
    assert len(templates.list_templates(db, school.actor, school.id, TODAY)) == 7
    # A school that deletes them all does not find them back.
    for item in listed:
        templates.delete_template(db, manager(school), school.id, item.id)
    assert templates.list_templates(db, school.actor, school.id, TODAY) == []
    assert questions_of_new_meeting(school, TODAY) == []


def test_a_new_meeting_gets_the_live_questions_in_sort_order(school: MeetingSchool) -> None:
    db, head = school.database, manager(school)
    listed = templates.list_templates(db, head, school.id, TODAY)
    templates.create_template(db, head, school.id, "First of all", 0, date(2026, 1, 1))
    templates.create_template(db, head, school.id, "Not yet", 3, date(2026, 3, 1))
    templates.create_template(
        db, head, school.id, "Autumn only", 4, date(2025, 9, 1), date(2025, 12, 31)
    )
    templates.create_template(db, head, school.id, "Ends today", 8, date(2026, 1, 1), TODAY)
    # Liveness is by the day the meeting is created: start <= today <= end.
    shown = questions_of_new_meeting(school, TODAY)
    assert shown == ["First of all", *templates.DEFAULT_QUESTIONS, "Ends today"]
    tomorrow = date(2026, 2, 21)
    assert "Ends today" not in questions_of_new_meeting(school, tomorrow)
    in_march = questions_of_new_meeting(school, date(2026, 3, 1))
    # Sort order, then age: First (0), defaults 1, 2 and 3, then Not yet (3, added later).
    assert in_march.index("Not yet") == 4
    autumn = [t for t in templates.list_templates(db, head, school.id, TODAY) if t.sort_order == 4]
    assert [t.is_live(date(2025, 12, 31)) for t in autumn if t.end_date] == [True]
    assert not listed[0].is_live(date(2025, 8, 31))


def test_editing_a_template_leaves_past_meetings_alone(school: MeetingSchool) -> None:
    db, head = school.database, manager(school)
    first = templates.list_templates(db, head, school.id, TODAY)[0]
    before = questions_of_new_meeting(school, TODAY)
    changed = templates.update_template(
        db, head, school.id, first.id, "Which areas worry us?", 1, first.start_date, None
    )
    assert changed.description == "Which areas worry us?"
    old_meeting = meetings.list_meetings(db, head, school.id, YEAR)[0]
    kept = get_meeting(db, head, school.id, old_meeting.id).discussions
    assert [item.question for item in kept] == before
    assert questions_of_new_meeting(school, TODAY)[0] == "Which areas worry us?"


def test_templates_say_what_is_wrong(school: MeetingSchool) -> None:
    db, head = school.database, manager(school)
    with pytest.raises(InvalidInput, match="Description"):
        templates.create_template(db, head, school.id, "   ", 1, TODAY)
    with pytest.raises(InvalidInput, match="before the start date"):
        templates.create_template(db, head, school.id, "Q", 1, TODAY, date(2026, 2, 1))
    with pytest.raises(InvalidInput, match="Sort order"):
        templates.create_template(db, head, school.id, "Q", -1, TODAY)
    with pytest.raises(InvalidInput, match="at most"):
        templates.create_template(db, head, school.id, "Q" * 1001, 1, TODAY)


def test_only_managers_and_support_change_templates(school: MeetingSchool) -> None:
    db = school.database
    listed = templates.list_templates(db, school.actor, school.id, TODAY)  # a user may read
    with pytest.raises(PermissionDenied, match="manager or the support team"):
        templates.create_template(db, school.actor, school.id, "Mine", 9, TODAY)
    with pytest.raises(PermissionDenied):
        templates.update_template(db, school.actor, school.id, listed[0].id, "X", 1, TODAY)
    with pytest.raises(PermissionDenied):
        templates.delete_template(db, school.actor, school.id, listed[0].id)
    support = Actor("support", Role.SUPPORT, None)
    made = templates.create_template(db, support, school.id, "From the LA", 9, TODAY)
    assert made.description == "From the LA"
    with db.read() as session:
        actions = list(
            session.scalars(
                select(col(AuditEntry.action)).where(col(AuditEntry.establishment_id) == school.id)
            )
        )
    assert "add default discussion areas" in actions
    assert "add discussion area" in actions


def test_another_establishment_is_refused(school: MeetingSchool, database: Database) -> None:
    other = make_school(database, "3050")
    other_head = Actor("other.head", Role.MANAGER, other.id)
    listed = templates.list_templates(database, manager(school), school.id, TODAY)
    with pytest.raises(PermissionDenied):
        templates.list_templates(database, other_head, school.id, TODAY)
    with pytest.raises(PermissionDenied):
        templates.delete_template(database, other_head, school.id, listed[0].id)
    # Through its own establishment, another school's template does not exist.
    with pytest.raises(NotFound):
        templates.update_template(database, other_head, other.id, listed[0].id, "X", 1, TODAY)
    assert len(templates.list_templates(database, manager(school), school.id, TODAY)) == 7


def trail(database: Database, establishment_id: int, action: str) -> list[tuple[str, str | None]]:
    """(What, Old) of the audit rows of `action`, oldest first."""
    with database.read() as session:
        return [
            (target, old)
            for target, old in session.execute(
                select(col(AuditEntry.target), col(AuditEntry.old_value))
                .where(
                    col(AuditEntry.establishment_id) == establishment_id,
                    col(AuditEntry.action) == action,
                )
                .order_by(col(AuditEntry.id))
            )
        ]


def test_the_trail_names_a_discussion_area_by_its_question_not_its_id(
    school: MeetingSchool,
) -> None:
    db, head = school.database, manager(school)
    made = templates.create_template(db, head, school.id, "Is  phonics\nworking?", 8, TODAY)
    templates.update_template(db, head, school.id, made.id, "Is phonics landing?", 8, TODAY)
    templates.delete_template(db, head, school.id, made.id)
    question = "Which children " + "and which areas " * 7 + "need support?"
    long = templates.create_template(db, head, school.id, question, 9, TODAY)
    templates.delete_template(db, head, school.id, long.id)
    assert trail(db, school.id, "add discussion area")[0][0] == "Is phonics working?"
    # An edit is named by the question as it read before the change.
    assert trail(db, school.id, "edit discussion area")[0][0] == "Is phonics working?"
    deleted = [target for target, _ in trail(db, school.id, "delete discussion area")]
    assert deleted[0] == "Is phonics landing?"
    # A long question is cut to the What column's 120 characters, with "…".
    assert len(long.description) > 120
    assert deleted[1] == long.description[:119].rstrip() + "…" and len(deleted[1]) <= 120
    assert str(made.id) not in deleted and str(long.id) not in deleted
