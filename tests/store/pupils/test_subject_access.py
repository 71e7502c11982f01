"""A subject access request (store/pupils/subject_access.py): every record held on one pupil,
at every establishment, with everything that hangs from it."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest

from store.assessments import periods
from store.assessments.changes import elg_edit, judgement_edit, note_edit
from store.assessments.cohort import Cell
from store.assessments.judgements import write_changes
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.errors import NotFound, PermissionDenied
from store.core.models import Intervention, Pupil
from store.core.models_meetings import (
    MeetingBarrier,
    MeetingTargeted,
    MeetingTargetedPupil,
    ProgressMeeting,
)
from store.curriculum.eyfs import ElgOutcome, Judgement, YearGroup
from store.curriculum.year_groups import birth_date_range
from store.establishments.establishments import create_establishment
from store.pupils.subject_access import everything_held

YEAR = 2025
UPN = "A204100000001"


def test_every_record_of_the_pupil_with_all_it_holds(database: Database, support: Actor) -> None:
    old = create_establishment(database, support, "2041", "ST MARY'S PRIMARY")
    new = create_establishment(database, support, "3052", "ST JOHN'S PRIMARY")
    manager = Actor("manager", Role.MANAGER, old.id)
    born, _ = birth_date_range(YearGroup.RECEPTION, YEAR)
    with database.write() as session:
        left = Pupil(
            establishment_id=old.id,
            upn="~1",
            transferred_upn=UPN,
            surname="Ó Súilleabháin",
            forenames="Niamh",
            date_of_birth=born,
        )
        live = Pupil(
            establishment_id=new.id, upn=UPN, surname="Ó Súilleabháin", forenames="Niamh",
            date_of_birth=born,
        )  # fmt: skip
        other = Pupil(
            establishment_id=old.id, upn="B204100000002", surname="Other", forenames="Child",
            date_of_birth=born,
        )  # fmt: skip
        session.add_all([left, live, other])
        session.flush()
        assert left.id is not None and other.id is not None
        left_id, other_id = left.id, other.id
    period = periods.create_period(
        database, manager, old.id, "Autumn 1", date(YEAR, 10, 1), [YearGroup.RECEPTION]
    )
    section = periods.create_elg_section(database, manager, old.id, YEAR, date(YEAR + 1, 6, 1))
    write_changes(
        database,
        manager,
        old.id,
        [
            judgement_edit(left_id, period.id, "LAU", Cell(Judgement.BELOW, None, "Quiet")),
            judgement_edit(other_id, period.id, "LAU", Cell(Judgement.ON_TRACK)),
            note_edit(left_id, period.id, "Settled well"),
            elg_edit(section.id, left_id, "LAU", ElgOutcome.EXPECTED),
        ],
    )
    with database.write() as session:
        session.add(
            Intervention(
                pupil_id=left_id, establishment_id=old.id, academic_year=YEAR,
                assessment="Autumn 1", details="Speech group",
            )
        )  # fmt: skip
        meeting = ProgressMeeting(establishment_id=old.id, academic_year=YEAR, day=date(2026, 2, 2))
        session.add(meeting)
        session.flush()
        assert meeting.id is not None
        session.add(MeetingBarrier(meeting_id=meeting.id, pupil_id=left_id, barrier="Hearing"))
        targeted = MeetingTargeted(meeting_id=meeting.id, area_code="SP", comments="Talk boost")
        session.add(targeted)
        session.flush()
        assert targeted.id is not None
        session.add(MeetingTargetedPupil(targeted_id=targeted.id, pupil_id=left_id))

    records = everything_held(database, support, UPN.lower())
    json.dumps(records)  # plain data, as the file holds it
    assert [r["establishment"]["number"] for r in records] == ["2041", "3052"]
    first = records[0]
    assert first["pupil"]["surname"] == "Ó Súilleabháin"
    assert first["pupil"]["transferred_upn"] == UPN
    assert [
        (j["assessment"], j["area"], j["value"], j["as_shown"]) for j in first["judgements"]
    ] == [("Autumn 1", "LAU", "B", "Below, note: Quiet")]
    assert first["period_notes"] == [
        {"assessment": "Autumn 1", "date": f"{YEAR}-10-01", "notes": "Settled well"}
    ]
    assert first["early_learning_goals"] == [
        {"academic_year": f"{YEAR}/{YEAR + 1}", "goal": "LAU", "outcome": "Expected"}
    ]
    assert [i["details"] for i in first["interventions"]] == ["Speech group"]
    assert first["progress_meetings"] == [
        {"meeting": "2026-02-02", "barrier": "Hearing", "next_steps": ""},
        {"meeting": "2026-02-02", "targeted_area": "SP", "comments": "Talk boost"},
    ]
    trail = [(a["what"], a["after"]) for a in first["audit_trail"]]
    assert ("Autumn 1 / LAU", "Below, note: Quiet") in trail
    assert all("Other" not in json.dumps(r) for r in records)  # nobody else's data
    assert records[1]["judgements"] == [] and records[1]["audit_trail"] == []
    assert datetime.fromisoformat(first["audit_trail"][0]["at"]).tzinfo in (None, timezone.utc)


def test_only_support_answers_and_an_unknown_upn_is_said(
    database: Database, support: Actor
) -> None:
    school = create_establishment(database, support, "2041", "ST MARY'S PRIMARY")
    with pytest.raises(PermissionDenied):
        everything_held(database, Actor("m", Role.MANAGER, school.id), UPN)
    with pytest.raises(NotFound, match=f"No pupil with the UPN {UPN}"):
        everything_held(database, support, UPN)
