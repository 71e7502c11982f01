"""Writes made only over what the person saw (store/assessments/conflicts.py), and the pupils'
rows locked while a write reads what it replaces: on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
import threading
from datetime import date

import pytest
from sqlmodel import col, select

from store.assessments import periods as assessments
from store.assessments.changes import (
    elg_edit,
    include_edit,
    inverse,
    judgement_edit,
    note_edit,
)
from store.assessments.cohort import BLANK, Cell, load_cohort
from store.assessments.judgements import write_as_seen, write_changes
from store.core.access import Actor, Role
from store.core.db import Database, open_database
from store.core.models import AuditEntry
from store.curriculum.eyfs import ElgOutcome, Judgement, YearGroup
from store.establishments.establishments import EstablishmentInfo, create_establishment
from tests.store.assessments.test_assessments import YEAR, add_pupils

R = YearGroup.RECEPTION
BELOW, ON_TRACK = Cell(Judgement.BELOW), Cell(Judgement.ON_TRACK)


@pytest.fixture
def school(database: Database, support: Actor) -> EstablishmentInfo:
    return create_establishment(database, support, "2041", "ST MARY'S C OF E PRIMARY")


@pytest.fixture
def clerks(school: EstablishmentInfo) -> tuple[Actor, Actor]:
    return Actor("amina", Role.USER, school.id), Actor("bernard", Role.USER, school.id)


def cell(database: Database, actor: Actor, pupil: int, period: int, code: str = "LAU") -> Cell:
    cohort = load_cohort(database, actor, actor.establishment_id or 0, YEAR, R)
    return cohort.cell(pupil, period, code)


def audited(database: Database, target: str) -> list[tuple[str, str | None, str | None]]:
    with database.read() as session:
        rows = session.exec(
            select(AuditEntry.actor, AuditEntry.old_value, AuditEntry.new_value)
            .where(col(AuditEntry.target) == target)
            .order_by(col(AuditEntry.id))
        ).all()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def make_period(database: Database, actor: Actor, school: EstablishmentInfo) -> int:
    period = assessments.create_period(
        database, actor, school.id, "Autumn 1", date(YEAR, 10, 1), [R]
    )
    return period.id


def test_an_entry_over_a_colleagues_later_change_is_not_made(
    database: Database, school: EstablishmentInfo, clerks: tuple[Actor, Actor]
) -> None:
    amina, bernard = clerks
    (pupil,) = add_pupils(database, school, ["O'Brien, Siobhán"])
    period = make_period(database, amina, school)
    # Both see a blank cell; Bernard writes first.
    assert write_as_seen(
        database, bernard, school.id, [judgement_edit(pupil, period, "LAU", ON_TRACK)]
    ).applied
    written = write_as_seen(
        database, amina, school.id, [judgement_edit(pupil, period, "LAU", BELOW, BLANK)]
    )
    assert written.applied == []
    (conflict,) = written.conflicts
    assert conflict.changed_by == "bernard" and conflict.changed_at is not None
    assert conflict.current.before == BLANK and conflict.current.after == ON_TRACK
    assert cell(database, amina, pupil, period) == ON_TRACK
    assert audited(database, "Autumn 1 / LAU") == [("bernard", "blank", "On track")]
    # Seeing Bernard's value now, she overwrites it knowingly.
    again = write_as_seen(
        database, amina, school.id, [judgement_edit(pupil, period, "LAU", BELOW, ON_TRACK)]
    )
    assert len(again.applied) == 1 and again.conflicts == []
    assert cell(database, amina, pupil, period) == BELOW


def test_a_colleague_who_wrote_the_same_value_is_no_conflict(
    database: Database, school: EstablishmentInfo, clerks: tuple[Actor, Actor]
) -> None:
    amina, bernard = clerks
    (pupil,) = add_pupils(database, school, ["Nowak, Zofia"])
    period = make_period(database, amina, school)
    write_as_seen(database, bernard, school.id, [judgement_edit(pupil, period, "LAU", BELOW)])
    written = write_as_seen(
        database, amina, school.id, [judgement_edit(pupil, period, "LAU", BELOW, BLANK)]
    )
    assert written.applied == [] and written.conflicts == []


def test_undo_never_puts_back_an_old_value_over_a_colleagues_later_one(
    database: Database, school: EstablishmentInfo, clerks: tuple[Actor, Actor]
) -> None:
    amina, bernard = clerks
    pupils = add_pupils(database, school, ["Adeyemi, Olamide", "Smith, Jo", "Khan, Ali"])
    period = make_period(database, amina, school)
    fill = [judgement_edit(p, period, "LAU", BELOW, BLANK) for p in pupils]
    step = write_as_seen(database, amina, school.id, fill, "fill column").applied
    assert len(step) == 3
    write_as_seen(
        database, bernard, school.id, [judgement_edit(pupils[1], period, "LAU", ON_TRACK, BELOW)]
    )
    undone = write_as_seen(database, amina, school.id, [inverse(c) for c in reversed(step)], "undo")
    assert len(undone.applied) == 2  # the other two cells are blank again
    (conflict,) = undone.conflicts
    assert conflict.asked.pupil_id == pupils[1] and conflict.changed_by == "bernard"
    assert [cell(database, amina, p, period) for p in pupils] == [BLANK, ON_TRACK, BLANK]


def test_notes_goals_and_include_in_data_are_written_as_seen_too(
    database: Database, school: EstablishmentInfo, clerks: tuple[Actor, Actor], support: Actor
) -> None:
    amina, bernard = clerks
    (pupil,) = add_pupils(database, school, ["Evans, Rhys"])
    period = make_period(database, amina, school)
    section = assessments.create_elg_section(
        database, support, school.id, YEAR, date(YEAR + 1, 6, 1)
    )
    write_as_seen(
        database,
        bernard,
        school.id,
        [
            note_edit(pupil, period, "Bernard's note"),
            elg_edit(section.id, pupil, "LAU", ElgOutcome.EXPECTED),
            include_edit(pupil, False),
        ],
    )
    asked = [
        note_edit(pupil, period, "Amina's note", seen=""),
        elg_edit(section.id, pupil, "LAU", ElgOutcome.EMERGING, seen=None),
        include_edit(pupil, False),  # she too saw it included, and leaves it out: no loss
    ]
    written = write_as_seen(database, amina, school.id, asked)
    assert written.applied == []
    assert [c.current.after for c in written.conflicts] == ["Bernard's note", ElgOutcome.EXPECTED]
    assert {c.changed_by for c in written.conflicts} == {"bernard"}
    assert len(audited(database, "Autumn 1 / Notes")) == 1


def test_write_changes_reads_what_it_replaces_and_overwrites(
    database: Database, school: EstablishmentInfo, clerks: tuple[Actor, Actor]
) -> None:
    """Imports and the command line write without a person's view: the old value is read."""
    amina, bernard = clerks
    (pupil,) = add_pupils(database, school, ["Ng, Mei"])
    period = make_period(database, amina, school)
    write_changes(database, bernard, school.id, [judgement_edit(pupil, period, "LAU", ON_TRACK)])
    (applied,) = write_changes(
        database, amina, school.id, [judgement_edit(pupil, period, "LAU", BELOW)]
    )
    assert applied.before == ON_TRACK


def test_two_clerks_writing_one_cell_at_once_leave_an_audit_of_what_happened(
    database: Database, school: EstablishmentInfo, clerks: tuple[Actor, Actor]
) -> None:
    """Each write reads the value it replaces with the pupil's row locked, so each audit row's
    old value is the new value of the row before it: no change is recorded that never
    happened (unlocked, PostgreSQL recorded a quarter of them from a value already gone)."""
    (pupil,) = add_pupils(database, school, ["Dubois, Léa"])
    period = make_period(database, clerks[0], school)
    rounds = 25
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def clerk_types(actor: Actor, value: Judgement, other: Judgement) -> None:
        db = open_database(database.url)
        try:
            start.wait(10)
            for round_ in range(rounds):
                after = Cell(value if round_ % 2 == 0 else other)
                write_changes(db, actor, school.id, [judgement_edit(pupil, period, "LAU", after)])
        except BaseException as error:  # any error at all fails the test
            errors.append(error)
        finally:
            db.dispose()

    threads = [
        threading.Thread(target=clerk_types, args=(clerks[0], Judgement.BELOW, Judgement.ON_TRACK)),
        threading.Thread(target=clerk_types, args=(clerks[1], Judgement.ON_TRACK, Judgement.BELOW)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    trail = audited(database, "Autumn 1 / LAU")
    assert trail, "nothing was written"
    assert trail[0][1] == "blank"
    for earlier, later in itertools.pairwise(trail):
        assert later[1] == earlier[2], f"{later} follows {earlier}"
        assert later[1] != later[2]
    final = cell(database, clerks[0], pupil, period)
    assert trail[-1][2] == final.describe()
