"""Deleting an assessment period: managers only, password again, recoverable, audited, and gone
from everything that reads periods; the support team lists deleted ones and brings one back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select
from sqlmodel import col

from exports.all_data import load_phase
from store.accounts import passwords
from store.accounts.reauth import ReauthenticationFailed
from store.assessments import periods as assessments
from store.assessments.changes import elg_edit, judgement_edit, note_edit
from store.assessments.cohort import Cell, load_cohort
from store.assessments.elg_submission import submit
from store.assessments.judgements import write_changes
from store.assessments.period_deletion import (
    delete_period,
    deleted_periods,
    period_contents,
    restore_period,
)
from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.errors import InvalidInput, Locked, NotFound
from store.core.models import Account, AssessmentPeriod, AuditEntry, Pupil
from store.core.models import Judgement as JudgementRow
from store.curriculum.eyfs import AREA_CODES, ElgOutcome, GoneBeyond, Judgement, YearGroup
from store.curriculum.year_groups import birth_date_range
from store.establishments.establishments import EstablishmentInfo, create_establishment
from store.meetings import meetings
from store.meetings.record import get_meeting
from store.reports import headlines, reports
from store.reports import many as reports_many
from store.reports.reports import ReportScope
from tests.store.accounts_helpers import cheap_hashing

YEAR = 2025
TODAY = date(2025, 12, 1)
NOW = datetime(2025, 12, 1, 10, 0, tzinfo=timezone.utc)
R, N2 = YearGroup.RECEPTION, YearGroup.NURSERY_2
PASSWORD = "Kettle-Bramble-42!"


@dataclass
class School:
    database: Database
    establishment: EstablishmentInfo
    head: Actor
    clerk: Actor
    support: Actor
    pupils: list[int]  # Reception: Adams, Brown; Nursery 2: Cole
    autumn_1: int
    autumn_2: int

    def periods(self, group: YearGroup = R) -> list[str]:
        cohort = load_cohort(self.database, self.head, self.establishment.id, YEAR, group)
        return [period.name for period in cohort.periods]

    def row(self, period_id: int) -> AssessmentPeriod:
        with self.database.read() as session:
            row = session.get(AssessmentPeriod, period_id)
            assert row is not None
            session.expunge(row)
            return row

    def audit(self, action: str) -> list[AuditEntry]:
        with self.database.read() as session:
            rows = session.scalars(select(AuditEntry).where(col(AuditEntry.action) == action)).all()
            for row in rows:
                session.expunge(row)
            return list(rows)

    def judgements(self) -> int:
        with self.database.read() as session:
            return len(session.scalars(select(JudgementRow)).all())


def add_account(database: Database, actor: Actor) -> None:
    with database.write() as session:
        session.add(
            Account(
                username=actor.username,
                role=actor.role.value,
                establishment_id=actor.establishment_id,
                password_hash=passwords.hash_password(PASSWORD),
                password_is_temporary=False,
            )
        )


@pytest.fixture
def school(database: Database, monkeypatch: pytest.MonkeyPatch) -> School:
    cheap_hashing(monkeypatch)
    support = Actor("helpdesk", Role.SUPPORT, None)
    establishment = create_establishment(database, support, "4001", "ELM PRIMARY")
    head = Actor("head", Role.MANAGER, establishment.id)
    clerk = Actor("clerk", Role.USER, establishment.id)
    for actor in (support, head, clerk):
        add_account(database, actor)
    reception, _ = birth_date_range(R, YEAR)
    nursery, _ = birth_date_range(N2, YEAR)
    ids = []
    with database.write() as session:
        for index, (surname, born) in enumerate(
            (("Adams", reception), ("Brown", reception), ("Cole", nursery))
        ):
            pupil = Pupil(
                establishment_id=establishment.id,
                upn=f"A40010000000{index}",
                surname=surname,
                forenames="Jo",
                date_of_birth=born,
            )
            session.add(pupil)
            session.flush()
            assert pupil.id is not None
            ids.append(pupil.id)
    groups = [N2, R]
    first = assessments.create_period(
        database, head, establishment.id, "Autumn 1", date(2025, 10, 17), groups
    )
    second = assessments.create_period(
        database, head, establishment.id, "Autumn 2", date(2025, 11, 28), groups
    )
    adams, brown, _ = ids
    edits = [judgement_edit(p, first.id, "LAU", Cell(Judgement.BELOW)) for p in ids]
    edits += [judgement_edit(p, second.id, "LAU", Cell(Judgement.ON_TRACK)) for p in ids]
    edits.append(
        judgement_edit(adams, second.id, "N", Cell(Judgement.ON_TRACK, GoneBeyond.GREEN, "Counts"))
    )
    edits.append(note_edit(brown, second.id, "Settled well"))
    write_changes(database, head, establishment.id, edits)
    return School(database, establishment, head, clerk, support, ids, first.id, second.id)


def test_a_plain_user_cannot_delete_a_period(school: School) -> None:
    with pytest.raises(PermissionDenied, match="Only a manager"):
        delete_period(
            school.database, school.clerk, school.establishment.id, school.autumn_2, PASSWORD
        )
    assert school.periods() == ["Autumn 1", "Autumn 2"]


def test_a_wrong_password_deletes_nothing(school: School) -> None:
    with pytest.raises(ReauthenticationFailed):
        delete_period(
            school.database, school.head, school.establishment.id, school.autumn_2, "guess"
        )
    assert school.periods() == ["Autumn 1", "Autumn 2"]
    assert school.row(school.autumn_2).deleted_at is None


def test_the_question_names_what_would_go(school: School) -> None:
    contents = period_contents(
        school.database, school.head, school.establishment.id, school.autumn_2
    )
    assert contents.title == "Autumn 2 (28/11/2025)"
    assert contents.groups == "Nursery 2 and Reception"
    assert contents.held() == "4 judgements, 1 note on cells and 1 pupil note for the period"


def test_a_manager_deletes_it_recoverably_and_the_audit_keeps_what_it_held(
    school: School,
) -> None:
    eid = school.establishment.id
    deleted = delete_period(school.database, school.head, eid, school.autumn_2, PASSWORD, now=NOW)
    assert deleted.judgements == 4
    assert school.periods() == ["Autumn 1"] and school.periods(N2) == ["Autumn 1"]
    row = school.row(school.autumn_2)
    assert (row.deleted_at, row.deleted_by) == (NOW, "head")
    assert school.judgements() == 7  # kept, to be brought back
    (entry,) = school.audit("delete assessment")
    assert (entry.actor, entry.target) == ("head", "Autumn 2")
    assert entry.old_value is not None
    summary, *lines = entry.old_value.splitlines()
    assert summary == (
        "Autumn 2 (28/11/2025) 2025/2026 for Nursery 2 and Reception: 4 judgements, 1 note on "
        "cells and 1 pupil note for the period."
    )
    adams, brown, cole = school.pupils
    assert lines == [
        f'ADAMS, Jo (pupil {adams}): LAU On track; N On track gone beyond (Green) note "Counts"',
        f'BROWN, Jo (pupil {brown}): LAU On track; Notes "Settled well"',
        f"COLE, Jo (pupil {cole}): LAU On track",
    ]
    # Nothing can be written into it any more.
    with pytest.raises(NotFound):
        write_changes(
            school.database,
            school.head,
            eid,
            [judgement_edit(adams, school.autumn_2, "SP", Cell(Judgement.BELOW))],
        )
    with pytest.raises(NotFound):
        delete_period(school.database, school.head, eid, school.autumn_2, PASSWORD)


def test_every_reader_of_periods_leaves_a_deleted_one_out(school: School) -> None:
    """The grid, reports, headline, meetings, the All data export, and reports over many."""
    db, head, eid = school.database, school.head, school.establishment.id

    def readers() -> dict[str, object]:
        data = reports.open_reports(db, head, eid, YEAR, R, "latest", today=TODAY)
        assert data.cells_loaded is not None
        (latest_id,) = data.cells_loaded  # the Reports screen opens on the latest assessment
        latest = reports.full_report(data, ReportScope(latest_id))
        phase, _ = load_phase(db, head, eid, YEAR)
        many = reports_many.many_reports(db, school.support, YEAR, R, today=TODAY)
        assert many.full is not None
        return {
            "grid": school.periods(),
            "report periods": [p.name for p in data.cohort.periods],
            "report's latest": latest.line("LAU").on_track_count,
            "headline": {h.period_name for h in headlines.cohort_headlines(db, head, eid, TODAY)},
            "meetings": [p.name for p in meetings.assessment_choices(db, head, eid, YEAR)],
            "all data": [p.name for p in phase.periods],
            "many: names": reports_many.period_names(db, school.support, YEAR, R),
            "many: on track": many.full.line("LAU").on_track_count,
        }

    assert readers() == {
        "grid": ["Autumn 1", "Autumn 2"],
        "report periods": ["Autumn 1", "Autumn 2"],
        "report's latest": 2,
        "headline": {"Autumn 2"},
        "meetings": ["Autumn 1", "Autumn 2"],
        "all data": ["Autumn 1", "Autumn 2"],
        "many: names": ["Autumn 1", "Autumn 2"],
        "many: on track": 2,
    }
    delete_period(db, head, eid, school.autumn_2, PASSWORD)
    assert readers() == {
        "grid": ["Autumn 1"],
        "report periods": ["Autumn 1"],
        "report's latest": 0,  # Autumn 1: all Below
        "headline": {"Autumn 1"},
        "meetings": ["Autumn 1"],
        "all data": ["Autumn 1"],
        "many: names": ["Autumn 1"],
        "many: on track": 0,
    }


def test_support_lists_deleted_periods_and_brings_one_back_whole(school: School) -> None:
    db, eid = school.database, school.establishment.id
    meeting = meetings.create_meeting(
        db, school.head, eid, YEAR, teacher="", day=TODAY, class_slot=None,
        period_id=school.autumn_2, today=TODAY,
    )  # fmt: skip
    before = load_cohort(db, school.head, eid, YEAR, R)
    delete_period(db, school.head, eid, school.autumn_2, PASSWORD, now=NOW)
    with pytest.raises(PermissionDenied):
        deleted_periods(db, school.head, eid)
    (listed,) = deleted_periods(db, school.support, eid)
    assert listed.contents.period.id == school.autumn_2
    assert (listed.deleted_by, listed.deleted_at) == ("head", NOW)
    assert "Autumn 2 (28/11/2025) 2025/2026, Nursery 2 and Reception: 4 judgements" in (
        listed.describe()
    )
    with pytest.raises(PermissionDenied):
        restore_period(db, school.head, eid, school.autumn_2, PASSWORD)
    with pytest.raises(ReauthenticationFailed):
        restore_period(db, school.support, eid, school.autumn_2, "guess")
    restore_period(db, school.support, eid, school.autumn_2, PASSWORD)
    after = load_cohort(db, school.head, eid, YEAR, R)
    assert (after.periods, after.cells, after.period_notes) == (
        before.periods,
        before.cells,
        before.period_notes,
    )
    assert deleted_periods(db, school.support, eid) == []
    (entry,) = school.audit("restore assessment")
    assert entry.actor == "helpdesk" and entry.old_value is not None
    assert entry.old_value.startswith("deleted by head on 01/12/2025")
    # The meeting that was counted at it is linked to it again.
    assert get_meeting(db, school.head, eid, meeting).period_id == school.autumn_2


def test_bringing_back_is_refused_while_a_period_of_that_name_exists(school: School) -> None:
    db, eid = school.database, school.establishment.id
    delete_period(db, school.head, eid, school.autumn_2, PASSWORD)
    assessments.create_period(db, school.head, eid, "Autumn 2", date(2025, 11, 30), [R])
    with pytest.raises(InvalidInput, match=r"another Autumn 2 \(30/11/2025\) since"):
        restore_period(db, school.support, eid, school.autumn_2, PASSWORD)
    assert school.row(school.autumn_2).deleted_at is not None


def test_a_period_of_a_submitted_reception_cohort_is_kept(school: School) -> None:
    db, eid = school.database, school.establishment.id
    section = assessments.create_elg_section(db, school.head, eid, YEAR, date(2026, 6, 5))
    adams, brown, _ = school.pupils
    goals = [
        elg_edit(section.id, p, code, ElgOutcome.EXPECTED)
        for p in (adams, brown)
        for code in AREA_CODES
    ]
    write_changes(db, school.head, eid, goals)
    submit(db, school.head, eid, section.id, authority_confirmed=True)
    with pytest.raises(Locked, match="Autumn 2 is an assessment of the 2025/2026 Reception cohort"):
        delete_period(db, school.head, eid, school.autumn_2, PASSWORD)
    assert school.periods() == ["Autumn 1", "Autumn 2"]
    # A Nursery-only assessment of the same year is not part of it.
    nursery = assessments.create_period(db, school.head, eid, "Spring 1", date(2026, 2, 6), [N2])
    delete_period(db, school.head, eid, nursery.id, PASSWORD)
    assert school.periods(N2) == ["Autumn 1", "Autumn 2"]
