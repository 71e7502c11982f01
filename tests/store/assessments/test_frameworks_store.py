"""Periods and sections record their framework, and every value written is checked against it:
EYFS as before, and the test-only three-letter framework with its codes and numbers."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select, text

from store.assessments import periods as assessments
from store.assessments.changes import elg_edit, inverse, judgement_edit
from store.assessments.cohort import Cell, load_cohort, load_periods
from store.assessments.judgements import write_changes
from store.core.access import Actor, Role
from store.core.db import Database, open_database
from store.core.errors import InvalidInput, NotInFramework
from store.core.models import AssessmentPeriod, AuditEntry, Pupil
from store.core.models import Judgement as JudgementRow
from store.core.schema_revision import BASELINE, HEAD, stored_revision
from store.curriculum.eyfs import ElgOutcome, Judgement, YearGroup
from store.curriculum.eyfs_frameworks import EYFS_ELG_ID, EYFS_IN_YEAR_ID
from store.curriculum.framework import Framework
from store.curriculum.year_groups import birth_date_range
from store.establishments.establishments import EstablishmentInfo, create_establishment
from tests.frameworks import THREE_LETTER_ID
from tests.store.conftest import downgrade_to

YEAR = 2025
R, Y1 = YearGroup.RECEPTION, YearGroup.YEAR_1
AUTUMN = date(2025, 10, 17)


@pytest.fixture
def school(database: Database, support: Actor) -> EstablishmentInfo:
    return create_establishment(database, support, "2041", "ST MARY'S C OF E PRIMARY")


@pytest.fixture
def clerk(school: EstablishmentInfo) -> Actor:
    return Actor("clerk", Role.USER, school.id)


def add_pupil(database: Database, school: EstablishmentInfo, group: YearGroup, n: int = 0) -> int:
    first, _ = birth_date_range(group, YEAR)
    with database.write() as session:
        pupil = Pupil(
            establishment_id=school.id,
            upn=f"A{group.value}{school.number}{n:06d}"[:13],
            surname=f"Pupil{n}",
            forenames="Child",
            date_of_birth=first,
        )
        session.add(pupil)
        session.flush()
        assert pupil.id is not None
        return pupil.id


def audits(database: Database) -> int:
    with database.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


# --- Recording the framework --------------------------------------------------------------


def test_a_period_and_a_section_record_their_eyfs_framework(
    database: Database, school: EstablishmentInfo, clerk: Actor
) -> None:
    period = assessments.create_period(database, clerk, school.id, "Autumn 1", AUTUMN, [R])
    section = assessments.create_elg_section(database, clerk, school.id, YEAR, date(2026, 6, 5))
    assert (period.framework, section.framework) == (EYFS_IN_YEAR_ID, EYFS_ELG_ID)
    cohort = load_cohort(database, clerk, school.id, YEAR, R)
    assert [p.framework for p in cohort.periods] == [EYFS_IN_YEAR_ID]
    assert cohort.elg is not None and cohort.elg.framework == EYFS_ELG_ID
    with database.read() as session:
        assert session.scalars(select(AssessmentPeriod.framework)).all() == [EYFS_IN_YEAR_ID]


def test_a_period_of_another_framework_is_for_its_own_year_groups(
    database: Database,
    school: EstablishmentInfo,
    clerk: Actor,
    three_letter_framework: Framework,
) -> None:
    made = assessments.create_period(
        database, clerk, school.id, "Autumn test", AUTUMN, [Y1], framework=THREE_LETTER_ID
    )
    assert made.framework == THREE_LETTER_ID and made.year_groups == (Y1,)
    with database.read() as session:
        (loaded,) = load_periods(session, school.id, YEAR)
    assert loaded == made
    with pytest.raises(InvalidInput) as refused:
        assessments.create_period(
            database, clerk, school.id, "Spring", AUTUMN, [R], framework=THREE_LETTER_ID
        )
    assert str(refused.value) == (
        "Test three-letter assessments are for Year 1 and Year 2, not Reception."
    )
    with pytest.raises(InvalidInput, match=r"^Tick at least one year group: Year 1 or Year 2\."):
        assessments.create_period(
            database, clerk, school.id, "Spring", AUTUMN, [], framework=THREE_LETTER_ID
        )


def test_eyfs_periods_say_what_they_said_before(
    database: Database, school: EstablishmentInfo, clerk: Actor
) -> None:
    with pytest.raises(InvalidInput) as refused:
        assessments.create_period(database, clerk, school.id, "Autumn 1", AUTUMN, [Y1])
    assert str(refused.value) == (
        "Assessment periods are for Nursery 1, Nursery 2 and Reception, not Year 1."
    )
    with pytest.raises(InvalidInput) as refused:
        assessments.create_period(database, clerk, school.id, "Autumn 1", AUTUMN, [])
    assert str(refused.value) == "Tick at least one year group: Nursery 1, Nursery 2 or Reception."


def test_a_framework_the_program_does_not_know_is_refused(
    database: Database, school: EstablishmentInfo, clerk: Actor
) -> None:
    with pytest.raises(InvalidInput) as refused:
        assessments.create_period(
            database, clerk, school.id, "Autumn 1", AUTUMN, [Y1], framework=THREE_LETTER_ID
        )
    assert refused.value.field == "framework"
    assert "does not know the assessment framework 'test-three-letter'" in str(refused.value)


# --- Values checked against the framework -------------------------------------------------


def test_three_letter_codes_and_numbers_are_stored_audited_loaded_and_undone(
    database: Database,
    school: EstablishmentInfo,
    clerk: Actor,
    three_letter_framework: Framework,
) -> None:
    pupil = add_pupil(database, school, Y1)
    period = assessments.create_period(
        database, clerk, school.id, "Autumn test", AUTUMN, [Y1], framework=THREE_LETTER_ID
    )
    edits = [
        judgement_edit(pupil, period.id, "RDG", Cell("GDS", None, "reads widely")),  # type: ignore[arg-type]
        judgement_edit(pupil, period.id, "PHO", Cell(number=37)),
        judgement_edit(pupil, period.id, "MAT", Cell("ABS")),  # type: ignore[arg-type]
    ]
    applied = write_changes(database, clerk, school.id, edits)
    assert len(applied) == 3
    cohort = load_cohort(database, clerk, school.id, YEAR, Y1)
    assert cohort.cell(pupil, period.id, "RDG") == Cell("GDS", None, "reads widely")  # type: ignore[arg-type]
    assert cohort.cell(pupil, period.id, "PHO") == Cell(number=37)
    assert cohort.cell(pupil, period.id, "MAT").value == "ABS"
    with database.read() as session:
        stored = session.execute(
            select(JudgementRow.area_code, JudgementRow.value, JudgementRow.number).order_by(
                JudgementRow.area_code
            )
        ).all()
        said = session.scalars(
            select(AuditEntry.new_value).where(AuditEntry.action == "edit judgement")
        ).all()
    assert [tuple(row) for row in stored] == [
        ("MAT", "ABS", None),
        ("PHO", None, 37),
        ("RDG", "GDS", None),
    ]
    assert sorted(said) == ["37", "ABS", "GDS, note: reads widely"]
    undone = write_changes(database, clerk, school.id, [inverse(c) for c in reversed(applied)])
    assert len(undone) == 3
    assert load_cohort(database, clerk, school.id, YEAR, Y1).cells == {}


@pytest.mark.parametrize(
    ("subject", "cell", "message"),
    [
        (
            "RDG",
            Cell(Judgement.BELOW),
            "B is not a value of Reading: use WTS (Working towards), EXS (Expected standard), "
            "GDS (Greater depth), ABS (Absent) or DIS (Disapplied).",
        ),
        ("LAU", Cell("EXS"), "'LAU' is not a subject."),  # type: ignore[arg-type]
        (
            "PHO",
            Cell(number=41),
            "41 is not a mark for Phonics mark: give a whole number from 0 to 40.",
        ),
        ("RDG", Cell(number=3), "Reading takes a code, not a number: use WTS"),
        ("PHO", Cell("ABS", number=3), "Phonics mark takes a code or a number, not both."),  # type: ignore[arg-type]
    ],
)
def test_a_value_the_framework_does_not_have_is_refused_and_nothing_is_written(
    database: Database,
    school: EstablishmentInfo,
    clerk: Actor,
    three_letter_framework: Framework,
    subject: str,
    cell: Cell,
    message: str,
) -> None:
    pupils = [add_pupil(database, school, Y1, n) for n in range(2)]
    period = assessments.create_period(
        database, clerk, school.id, "Autumn test", AUTUMN, [Y1], framework=THREE_LETTER_ID
    )
    before = audits(database)
    with pytest.raises(NotInFramework) as refused:
        write_changes(
            database,
            clerk,
            school.id,
            [
                judgement_edit(pupils[0], period.id, "WRI", Cell("EXS")),  # type: ignore[arg-type]
                judgement_edit(pupils[1], period.id, subject, cell),
            ],
        )
    assert str(refused.value).startswith(message)
    assert refused.value.field == "value"
    assert audits(database) == before
    assert load_cohort(database, clerk, school.id, YEAR, Y1).cells == {}


def test_eyfs_refuses_another_framework_s_values_where_it_stored_them_before(
    database: Database, school: EstablishmentInfo, clerk: Actor
) -> None:
    """An ELG outcome in a period cell was stored, and broke the grid's next load."""
    pupil = add_pupil(database, school, R)
    period = assessments.create_period(database, clerk, school.id, "Autumn 1", AUTUMN, [R])
    section = assessments.create_elg_section(database, clerk, school.id, YEAR, date(2026, 6, 5))
    with pytest.raises(NotInFramework) as refused:
        write_changes(
            database,
            clerk,
            school.id,
            [judgement_edit(pupil, period.id, "SP", Cell(ElgOutcome.EMERGING))],  # type: ignore[arg-type]
        )
    assert str(refused.value) == "E is not a value of Speaking: use B (Below) or O (On track)."
    with pytest.raises(NotInFramework) as refused:
        write_changes(
            database,
            clerk,
            school.id,
            [elg_edit(section.id, pupil, "SP", Judgement.ON_TRACK)],  # type: ignore[arg-type]
        )
    assert str(refused.value) == (
        "O is not a value of Speaking: use E (Emerging), X (Expected) or A (Absent)."
    )
    with pytest.raises(InvalidInput) as refused:
        write_changes(database, clerk, school.id, [judgement_edit(pupil, period.id, "XYZ", Cell())])
    assert str(refused.value) == "'XYZ' is not an area of development."
    with pytest.raises(InvalidInput) as refused:
        write_changes(
            database, clerk, school.id, [elg_edit(section.id, pupil, "XYZ", ElgOutcome.EXPECTED)]
        )
    assert str(refused.value) == "'XYZ' is not an Early Learning Goal."
    assert load_cohort(database, clerk, school.id, YEAR, R).cells == {}


def test_an_eyfs_cell_still_loads_as_its_judgement_member(
    database: Database, school: EstablishmentInfo, clerk: Actor
) -> None:
    pupil = add_pupil(database, school, R)
    period = assessments.create_period(database, clerk, school.id, "Autumn 1", AUTUMN, [R])
    write_changes(
        database, clerk, school.id, [judgement_edit(pupil, period.id, "SP", Cell(Judgement.BELOW))]
    )
    with database.read() as session:
        assert session.scalars(select(JudgementRow.value)).all() == ["B"]
    assert (
        load_cohort(database, clerk, school.id, YEAR, R).cell(pupil, period.id, "SP").value
        is Judgement.BELOW
    )


def test_a_code_too_long_for_the_column_is_refused_by_the_database(
    database: Database, school: EstablishmentInfo, clerk: Actor
) -> None:
    """The width the migration gave: eight characters fit, nine do not (PostgreSQL checks it;
    SQLite keeps whatever it is given, so the store's checks are what stand)."""
    pupil = add_pupil(database, school, R)
    period = assessments.create_period(database, clerk, school.id, "Autumn 1", AUTUMN, [R])
    with database.write() as session:
        session.add(
            JudgementRow(pupil_id=pupil, period_id=period.id, area_code="SP", value="PK2PK3PK")
        )
    if database.is_sqlite:
        return
    with pytest.raises(Exception, match="too long"), database.write() as session:
        session.add(
            JudgementRow(pupil_id=pupil, period_id=period.id, area_code="N", value="PK2PK3PK4")
        )


# --- The migration, with rows ------------------------------------------------------------


def test_rows_made_at_the_baseline_are_eyfs_after_the_upgrade(
    database: Database, school: EstablishmentInfo, clerk: Actor
) -> None:
    pupil = add_pupil(database, school, R)
    period = assessments.create_period(database, clerk, school.id, "Autumn 1", AUTUMN, [R])
    section = assessments.create_elg_section(database, clerk, school.id, YEAR, date(2026, 6, 5))
    write_changes(
        database,
        clerk,
        school.id,
        [
            judgement_edit(pupil, period.id, "SP", Cell(Judgement.ON_TRACK, None, "kept")),
            elg_edit(section.id, pupil, "N", ElgOutcome.EXPECTED),
        ],
    )
    downgrade_to(database, BASELINE)
    url = database.url
    database.dispose()
    reopened = open_database(url)
    try:
        assert reopened.schema_upgrade is not None
        assert (reopened.schema_upgrade.before, reopened.schema_upgrade.after) == (BASELINE, HEAD)
        cohort = load_cohort(reopened, clerk, school.id, YEAR, R)
        assert [p.framework for p in cohort.periods] == [EYFS_IN_YEAR_ID]
        assert cohort.elg is not None and cohort.elg.framework == EYFS_ELG_ID
        assert cohort.cell(pupil, period.id, "SP") == Cell(Judgement.ON_TRACK, None, "kept")
        assert cohort.elg_outcomes == {(pupil, "N"): ElgOutcome.EXPECTED}
    finally:
        reopened.dispose()


def test_going_back_before_0002_is_refused_while_another_framework_s_rows_are_there(
    database: Database,
    school: EstablishmentInfo,
    clerk: Actor,
    three_letter_framework: Framework,
) -> None:
    pupil = add_pupil(database, school, Y1)
    period = assessments.create_period(
        database, clerk, school.id, "Autumn test", AUTUMN, [Y1], framework=THREE_LETTER_ID
    )
    write_changes(
        database, clerk, school.id, [judgement_edit(pupil, period.id, "PHO", Cell(number=12))]
    )
    with pytest.raises(RuntimeError, match="1 assessment periods of another framework"):
        downgrade_to(database, BASELINE)
    with database.engine.connect() as connection:
        assert stored_revision(connection) == HEAD
        assert connection.execute(text("SELECT number FROM judgement")).scalar_one() == 12
