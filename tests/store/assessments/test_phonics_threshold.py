"""The phonics check's threshold by academic year: the usual 32 until support sets another,
checked, audited with old and new mark, and read by the cohort for its outcome column."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select
from sqlmodel import col

from store.assessments import periods
from store.assessments.changes import judgement_edit
from store.assessments.cohort import BLANK, Cell, load_cohort
from store.assessments.grid_model import GridModel
from store.assessments.judgements import write_changes
from store.assessments.phonics_threshold import (
    ACTION,
    phonics_threshold,
    set_phonics_threshold,
)
from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.errors import InvalidInput
from store.core.models import AuditEntry, Pupil
from store.core.models_returns import PhonicsThreshold
from store.curriculum.eyfs import YearGroup
from store.curriculum.framework import YearSettings
from store.curriculum.ks1 import PHONICS_ID
from store.curriculum.year_groups import birth_date_range
from store.establishments.establishments import EstablishmentInfo, create_establishment

YEAR = 2025
Y1 = YearGroup.YEAR_1
SUPPORT = Actor("sue", Role.SUPPORT, None)
AT = datetime(2026, 6, 20, 9, 30, tzinfo=timezone.utc)


@pytest.fixture
def school(database: Database) -> EstablishmentInfo:
    return create_establishment(database, SUPPORT, "2041", "ST MARY'S C OF E PRIMARY")


def trail(database: Database) -> list[tuple[str, int | None, str, str | None, str | None]]:
    with database.read() as session:
        rows = session.scalars(
            select(AuditEntry).where(col(AuditEntry.action) == ACTION).order_by(col(AuditEntry.id))
        )
        return [
            (row.actor, row.establishment_id, row.target, row.old_value, row.new_value)
            for row in rows
        ]


def rows(database: Database) -> list[tuple[int, int, str]]:
    with database.read() as session:
        found = session.scalars(
            select(PhonicsThreshold).order_by(col(PhonicsThreshold.academic_year))
        )
        return [(row.academic_year, row.mark, row.set_by) for row in found]


def test_a_year_support_has_not_set_takes_the_usual_32(database: Database) -> None:
    usual = phonics_threshold(database, YEAR)
    assert (usual.academic_year, usual.mark, usual.set_by, usual.is_usual) == (YEAR, 32, None, True)
    assert usual.said() == "32 for 2025/2026 (the usual mark)"


def test_support_sets_a_year_and_only_that_year_changes(database: Database) -> None:
    made = set_phonics_threshold(database, SUPPORT, YEAR, 31, now=AT)
    assert (made.mark, made.set_by, made.set_at) == (31, "sue", AT)
    read = phonics_threshold(database, YEAR)
    assert (read.mark, read.set_by, read.set_at) == (31, "sue", AT)
    assert read.said() == "31 for 2025/2026 (set by sue)"
    assert phonics_threshold(database, YEAR + 1).mark == 32
    set_phonics_threshold(database, SUPPORT, YEAR, 33)
    set_phonics_threshold(database, SUPPORT, YEAR, 33)  # the same again: nothing to record
    assert rows(database) == [(YEAR, 33, "sue")]
    assert trail(database) == [
        ("sue", None, "phonics threshold 2025/2026", "32 (usual)", "31"),
        ("sue", None, "phonics threshold 2025/2026", "31", "33"),
    ]


def test_0_and_40_are_thresholds_and_nothing_outside_them(database: Database) -> None:
    assert set_phonics_threshold(database, SUPPORT, YEAR, 0).mark == 0
    assert set_phonics_threshold(database, SUPPORT, YEAR, 40).mark == 40
    for mark in (-1, 41, 100):
        with pytest.raises(InvalidInput, match=f"a mark from 0 to 40 .*not {mark}") as refused:
            set_phonics_threshold(database, SUPPORT, YEAR, mark)
        assert refused.value.field == "mark"
    with pytest.raises(InvalidInput, match="2010/2011 is not a year") as refused:
        set_phonics_threshold(database, SUPPORT, 2010, 32)
    assert refused.value.field == "academic_year"
    assert rows(database) == [(YEAR, 40, "sue")]


@pytest.mark.parametrize("role", [Role.MANAGER, Role.USER])
def test_only_support_sets_it_even_a_schools_manager(
    database: Database, school: EstablishmentInfo, role: Role
) -> None:
    with pytest.raises(PermissionDenied, match="Only the local authority's support team"):
        set_phonics_threshold(database, Actor("mo", role, school.id), YEAR, 30)
    assert rows(database) == [] and trail(database) == []
    assert phonics_threshold(database, YEAR).mark == 32


def test_a_single_machine_installs_administrator_sets_it(
    database: Database, school: EstablishmentInfo
) -> None:
    # No support team there: the person at a database with no accounts sets it up.
    set_phonics_threshold(database, Actor("local", Role.MANAGER, None), YEAR, 30)
    assert rows(database) == [(YEAR, 30, "local")]
    assert phonics_threshold(database, YEAR).mark == 30


def test_the_cohort_reads_its_years_threshold_and_the_outcome_follows_it(
    database: Database, school: EstablishmentInfo
) -> None:
    clerk = Actor("clerk", Role.USER, school.id)
    first, _ = birth_date_range(Y1, YEAR)
    with database.write() as session:
        pupil = Pupil(
            establishment_id=school.id,
            upn="A204100000001",
            surname="Ahmed",
            forenames="Sam",
            date_of_birth=first,
        )
        session.add(pupil)
        session.flush()
        assert pupil.id is not None
        pupil_id = pupil.id
    period = periods.create_period(
        database, clerk, school.id, "Phonics", date(YEAR + 1, 6, 10), [Y1], framework=PHONICS_ID
    )
    edit = judgement_edit(pupil_id, period.id, "PSC", Cell(number=31), BLANK)
    write_changes(database, clerk, school.id, [edit], today=date(YEAR + 1, 6, 10))

    def outcome() -> str:
        cohort = load_cohort(database, clerk, school.id, YEAR, Y1)
        model = GridModel(cohort)
        column = [c.code for c in model.columns].index("PSO")
        return model.text(0, column)

    assert load_cohort(database, clerk, school.id, YEAR, Y1).settings == YearSettings(32)
    assert outcome() == "Wt"
    set_phonics_threshold(database, SUPPORT, YEAR, 31)
    assert load_cohort(database, clerk, school.id, YEAR, Y1).settings == YearSettings(31)
    assert outcome() == "Wa"
    set_phonics_threshold(database, SUPPORT, YEAR + 1, 20)  # another year's leaves it be
    set_phonics_threshold(database, SUPPORT, YEAR, 35)
    assert outcome() == "Wt"
