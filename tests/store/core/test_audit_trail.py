"""Reading the audit trail: who may read what, and every filter."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from store.assessments import periods as assessments
from store.assessments.changes import judgement_edit
from store.assessments.cohort import Cell
from store.assessments.judgements import write_changes
from store.core.access import Actor, PermissionDenied, Role
from store.core.audit_trail import TrailFilter, read_trail
from store.core.db import Database
from store.core.models import Pupil
from store.curriculum.eyfs import Judgement, YearGroup
from store.establishments.establishments import create_establishment


def school_with_entries(
    database: Database, support: Actor, number: str, surname: str
) -> tuple[int, Actor]:
    school = create_establishment(database, support, number, f"SCHOOL {number}")
    clerk = Actor(f"clerk{number}", Role.USER, school.id, "ssh 10.0.0.7")
    with database.write() as session:
        pupil = Pupil(
            establishment_id=school.id,
            upn=f"A{number}00000000"[:13],
            surname=surname,
            forenames="Jo",
            date_of_birth=date(2020, 10, 1),
        )
        session.add(pupil)
        session.flush()
        assert pupil.id is not None
        pupil_id = pupil.id
    period = assessments.create_period(
        database, clerk, school.id, "Autumn 1", date(2025, 10, 1), [YearGroup.RECEPTION]
    )
    write_changes(
        database,
        clerk,
        school.id,
        [judgement_edit(pupil_id, period.id, "N", Cell(Judgement.BELOW))],
    )
    return school.id, clerk


def test_managers_read_their_own_trail_only(database: Database, support: Actor) -> None:
    first, _ = school_with_entries(database, support, "2041", "O'Brien")
    second, _ = school_with_entries(database, support, "2042", "Nowak")
    manager = Actor("head", Role.MANAGER, first)
    entries = read_trail(database, manager, TrailFilter())
    assert {e.establishment for e in entries} == {"2041 - SCHOOL 2041"}
    assert [e.action for e in entries][:2] == ["edit judgement", "create assessment"]
    with pytest.raises(PermissionDenied):
        read_trail(database, manager, TrailFilter(establishment_id=second))
    with pytest.raises(PermissionDenied):
        read_trail(database, Actor("clerk", Role.USER, first), TrailFilter())


def test_support_filters_by_establishment_user_pupil_and_date(
    database: Database, support: Actor
) -> None:
    first, clerk = school_with_entries(database, support, "2041", "O'Brien")
    school_with_entries(database, support, "2042", "Nowak")
    everything = read_trail(database, support, TrailFilter())
    assert {e.establishment for e in everything} == {"2041 - SCHOOL 2041", "2042 - SCHOOL 2042"}
    mine = read_trail(database, support, TrailFilter(establishment_id=first))
    assert all(e.establishment == "2041 - SCHOOL 2041" for e in mine)
    by_user = read_trail(database, support, TrailFilter(username="CLERK2042"))
    assert by_user and all(e.actor == "clerk2042" for e in by_user)
    by_pupil = read_trail(database, support, TrailFilter(pupil="o'bri"))
    assert [(e.pupil, e.old_value, e.new_value, e.source) for e in by_pupil] == [
        ("O'BRIEN, Jo", "blank", "Below", "ssh 10.0.0.7")
    ]
    assert read_trail(database, support, TrailFilter(pupil="nobody")) == []
    today = datetime.now(timezone.utc).date()
    assert len(read_trail(database, support, TrailFilter(date_from=today, date_to=today))) == len(
        everything
    )
    yesterday = today - timedelta(days=1)
    assert read_trail(database, support, TrailFilter(date_to=yesterday)) == []
    assert clerk.source == "ssh 10.0.0.7"
