"""The retention rule (store/pupils/retention.py): records of pupils who left go once they
would be the rule's age, with everything held on them; the audit keeps counts, never names."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func
from sqlmodel import col, select

from store.assessments import periods
from store.assessments.changes import judgement_edit, note_edit
from store.assessments.cohort import Cell
from store.assessments.judgements import write_changes
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.errors import InvalidInput, PermissionDenied
from store.core.models import AuditEntry, Intervention, PeriodNote, Pupil
from store.core.models import Judgement as JudgementRow
from store.core.models_meetings import MeetingBarrier, ProgressMeeting
from store.curriculum.eyfs import Judgement, YearGroup
from store.establishments.establishments import create_establishment
from store.pupils.retention import delete_past_retention, past_retention

TODAY = date(2026, 12, 6)
YEAR = 2026


def add_pupil(database: Database, school_id: int, surname: str, born: date, upn: str) -> int:
    with database.write() as session:
        pupil = Pupil(
            establishment_id=school_id,
            upn=upn,
            surname=surname,
            forenames="Kim",
            date_of_birth=born,
        )
        session.add(pupil)
        session.flush()
        assert pupil.id is not None
        return pupil.id


def archive(database: Database, pupil_id: int) -> None:
    with database.write() as session:
        pupil = session.get(Pupil, pupil_id)
        assert pupil is not None
        pupil.archived = True


def count(database: Database, column: object, pupil_id: int) -> int:
    with database.read() as session:
        return session.scalar(select(func.count()).where(column == pupil_id)) or 0  # type: ignore[operator]


def test_left_pupils_past_the_age_go_with_all_their_rows_and_the_audit_counts_them(
    database: Database, support: Actor
) -> None:
    school = create_establishment(database, support, "2041", "ST MARY'S PRIMARY")
    manager = Actor("manager", Role.MANAGER, school.id)
    # Born 25 years ago today: 25 today, so the record goes; a day later, not yet.
    gone = add_pupil(database, school.id, "O'Leary-Gone", date(2001, 12, 6), "A204100000001")
    young = add_pupil(database, school.id, "Young", date(2001, 12, 7), "A204100000002")
    on_roll = add_pupil(database, school.id, "StillHere", date(1990, 1, 1), "A204100000003")
    period = periods.create_period(
        database, manager, school.id, "Autumn 1", date(YEAR, 10, 1), [YearGroup.RECEPTION]
    )
    for pupil in (gone, young):
        write_changes(
            database,
            manager,
            school.id,
            [
                judgement_edit(pupil, period.id, "LAU", Cell(Judgement.BELOW, None, "a note")),
                judgement_edit(pupil, period.id, "SP", Cell(Judgement.ON_TRACK)),
                note_edit(pupil, period.id, "Settled well"),
            ],
        )
        with database.write() as session:  # as an intervention recorded while on the roll
            session.add(
                Intervention(
                    pupil_id=pupil,
                    establishment_id=school.id,
                    academic_year=YEAR,
                    assessment="Autumn 1",
                    details="Speech group",
                )
            )
            meeting = ProgressMeeting(establishment_id=school.id, academic_year=YEAR, day=TODAY)
            session.add(meeting)
            session.flush()
            assert meeting.id is not None
            session.add(MeetingBarrier(meeting_id=meeting.id, pupil_id=pupil, barrier="Hearing"))
        archive(database, pupil)

    listed = past_retention(database, support, 25, TODAY)
    assert [(p.pupil_id, p.upn, p.date_of_birth) for p in listed] == [
        (gone, "A204100000001", date(2001, 12, 6))
    ]
    assert count(database, col(JudgementRow.pupil_id), gone) == 2  # the list deleted nothing

    done = delete_past_retention(database, support, 25, TODAY)
    assert done.pupils == 1
    assert done.rows["judgement"] == 2 and done.rows["periodnote"] == 1
    assert done.rows["intervention"] == 1 and done.rows["meetingbarrier"] == 1
    assert done.rows["auditentry"] >= 3
    for column in (
        col(JudgementRow.pupil_id),
        col(PeriodNote.pupil_id),
        col(Intervention.pupil_id),
        col(MeetingBarrier.pupil_id),
        col(AuditEntry.pupil_id),
        col(Pupil.id),
    ):
        assert count(database, column, gone) == 0
    assert count(database, col(JudgementRow.pupil_id), young) == 2
    assert count(database, col(Pupil.id), on_roll) == 1
    with database.read() as session:
        audit = session.exec(select(AuditEntry).where(col(AuditEntry.action) == "retention")).all()
        texts = [
            f"{a.target} {a.old_value} {a.new_value}" for a in session.exec(select(AuditEntry))
        ]
    assert [(a.establishment_id, a.new_value) for a in audit] == [
        (school.id, "1 pupil records deleted")
    ]
    assert not any("O'Leary-Gone" in text or "A204100000001" in text for text in texts)
    assert past_retention(database, support, 25, TODAY) == []


def test_only_the_administrator_applies_a_rule_and_only_a_sensible_one(
    database: Database, support: Actor
) -> None:
    school = create_establishment(database, support, "2041", "ST MARY'S PRIMARY")
    with pytest.raises(PermissionDenied):
        delete_past_retention(database, Actor("m", Role.MANAGER, school.id), 25, TODAY)
    with pytest.raises(InvalidInput, match="from 18 to 120"):
        past_retention(database, support, 5, TODAY)
