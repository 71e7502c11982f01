"""Standardised scores: an establishment's threshold, bands and margin (the usual 100, NFER's
bands and 5 until its manager or support sets others; checked, audited, its own only), read by
the cohort for the grid's foot and status line, and by progress for its bands and margin. The
figures are worked by hand on a cohort of six Year 1 pupils."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlmodel import col

from store.assessments import periods
from store.assessments.changes import Change, judgement_edit
from store.assessments.cohort import BLANK, Cell, load_cohort
from store.assessments.grid_model import GridModel
from store.assessments.judgements import write_changes
from store.assessments.score_settings import ACTION, score_settings, set_score_settings
from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.errors import InvalidInput
from store.core.models import AuditEntry, Pupil
from store.core.models_scores import ScoreSettingsRow
from store.core.schema_revision import HEAD, stored_revision
from store.curriculum.eyfs import YearGroup
from store.curriculum.score_bands import USUAL_SCORES, ScoreSettings
from store.curriculum.scores import READING, SCORES_ID
from store.curriculum.statistics import GroupCount, ScoreStats
from store.curriculum.year_groups import birth_date_range
from store.establishments.establishments import EstablishmentInfo, create_establishment
from store.progress.progress import load_progress
from store.progress.transitions import BLANK as BLANK_ROW
from store.progress.transitions import Movement
from tests.store.conftest import downgrade_to

YEAR = 2025
Y1 = YearGroup.YEAR_1
SUPPORT = Actor("sue", Role.SUPPORT, None)
AT = datetime(2026, 12, 7, 9, 30, tzinfo=timezone.utc)
USUAL_SAID = (
    "threshold 100; bands well below 70-84, below 85-94, in line 95-104, above 105-114, "
    "well above 115+; maintained within 5"
)


@pytest.fixture
def school(database: Database) -> EstablishmentInfo:
    return create_establishment(database, SUPPORT, "2041", "ST MARY'S C OF E PRIMARY")


def manager_of(school: EstablishmentInfo) -> Actor:
    return Actor("mo", Role.MANAGER, school.id)


def trail(database: Database) -> list[tuple[str, int | None, str | None, str | None]]:
    with database.read() as session:
        rows = session.scalars(
            select(AuditEntry).where(col(AuditEntry.action) == ACTION).order_by(col(AuditEntry.id))
        )
        return [(row.actor, row.establishment_id, row.old_value, row.new_value) for row in rows]


def stored(database: Database) -> list[tuple[int, ...]]:
    with database.read() as session:
        return [
            (
                r.establishment_id,
                r.threshold,
                *(r.well_below, r.below, r.in_line, r.above, r.well_above),
                r.margin,
            )
            for r in session.scalars(select(ScoreSettingsRow))
        ]


def test_an_establishment_that_set_none_has_the_usual_ones(
    database: Database, school: EstablishmentInfo
) -> None:
    read = score_settings(database, Actor("tia", Role.USER, school.id), school.id)
    assert read.is_usual and read.settings == USUAL_SCORES and read.set_by is None
    assert read.settings.said() == USUAL_SAID
    assert stored(database) == []


def test_its_manager_sets_them_audited_once_with_old_and_new(
    database: Database, school: EstablishmentInfo
) -> None:
    mine = ScoreSettings(98, (70, 80, 92, 108, 120), 3)
    made = set_score_settings(database, manager_of(school), school.id, mine, now=AT)
    assert (made.settings, made.set_by, made.set_at) == (mine, "mo", AT)
    read = score_settings(database, manager_of(school), school.id)
    assert (read.settings, read.set_by, read.set_at, read.is_usual) == (mine, "mo", AT, False)
    assert stored(database) == [(school.id, 98, 70, 80, 92, 108, 120, 3)]
    set_score_settings(database, manager_of(school), school.id, mine)  # the same: no entry
    set_score_settings(database, SUPPORT, school.id, USUAL_SCORES)  # back to the usual: a row
    assert stored(database) == [(school.id, 100, 70, 85, 95, 105, 115, 5)]
    mine_said = (
        "threshold 98; bands well below 70-79, below 80-91, in line 92-107, above 108-119, "
        "well above 120+; maintained within 3"
    )
    assert trail(database) == [
        ("mo", school.id, USUAL_SAID + " (usual)", mine_said),
        ("sue", school.id, mine_said, USUAL_SAID),
    ]


@pytest.mark.parametrize(
    ("settings", "field", "said"),
    [
        (ScoreSettings(threshold=68), "threshold", "a score from 69 to 141 .*not 68"),
        (ScoreSettings(threshold=142), "threshold", "a score from 69 to 141 .*not 142"),
        (ScoreSettings(edges=(70, 85, 95, 105, 142)), "edges", "well above starts .*not 142"),
        (ScoreSettings(edges=(70, 85, 85, 105, 115)), "edges", "in line starts at 85, not above"),
        (ScoreSettings(edges=(70, 96, 95, 105, 115)), "edges", "in line starts at 95, not above"),
        (ScoreSettings(edges=(70, 85, 95, 105)), "edges", "each of the 5 bands"),
        (ScoreSettings(margin=21), "margin", "from 0 to 20 .*not 21"),
        (ScoreSettings(margin=-1), "margin", "from 0 to 20 .*not -1"),
    ],
)
def test_settings_that_cannot_be_are_refused_saying_what_to_do(
    database: Database, school: EstablishmentInfo, settings: ScoreSettings, field: str, said: str
) -> None:
    with pytest.raises(InvalidInput, match=said) as refused:
        set_score_settings(database, manager_of(school), school.id, settings)
    assert refused.value.field == field
    assert stored(database) == [] and trail(database) == []


def test_the_edges_of_what_may_be_set_are_taken(
    database: Database, school: EstablishmentInfo
) -> None:
    widest = ScoreSettings(69, (69, 70, 71, 72, 141), 0)
    set_score_settings(database, manager_of(school), school.id, widest)
    set_score_settings(database, manager_of(school), school.id, ScoreSettings(141, margin=20))
    assert stored(database) == [(school.id, 141, 70, 85, 95, 105, 115, 20)]


def test_a_teacher_or_clerk_may_read_but_not_set_them(
    database: Database, school: EstablishmentInfo
) -> None:
    teacher = Actor("tia", Role.USER, school.id)
    with pytest.raises(PermissionDenied, match=r"Only the school's manager .*support team"):
        set_score_settings(database, teacher, school.id, ScoreSettings(95))
    assert stored(database) == [] and trail(database) == []
    assert score_settings(database, teacher, school.id).is_usual


def test_another_schools_manager_may_neither_read_nor_set_them(
    database: Database, school: EstablishmentInfo
) -> None:
    other = create_establishment(database, SUPPORT, "2042", "BIRCH LANE PRIMARY")
    outsider = Actor("bob", Role.MANAGER, other.id)
    with pytest.raises(PermissionDenied):
        set_score_settings(database, outsider, school.id, ScoreSettings(95))
    with pytest.raises(PermissionDenied):
        score_settings(database, outsider, school.id)
    set_score_settings(database, outsider, other.id, ScoreSettings(95))  # their own: yes
    assert stored(database) == [(other.id, 95, 70, 85, 95, 105, 115, 5)]
    assert score_settings(database, manager_of(school), school.id).is_usual


# --- the hand-worked cohort ---------------------------------------------------------------

# Reading scores, Autumn then Summer; "A" is Absent, None blank. Pupil 6 is not in the data.
SCORES_BY_PUPIL: list[tuple[int | str | None, int | str | None]] = [
    (98, 101),  # +3: maintained (in line to in line)
    (69, 80),  # +11: up (69 counts as well below; 80 well below)
    (120, 112),  # -8: down (well above to above)
    ("A", 95),  # not compared: absent in Autumn
    (None, 104),  # not compared: no score in Autumn
    (100, 90),  # left out of the figures
]


def _cell(value: int | str | None) -> Cell:
    if value is None:
        return BLANK
    return Cell(number=value) if isinstance(value, int) else Cell(value)


def scores_cohort(database: Database, school: EstablishmentInfo) -> tuple[list[int], int, int]:
    """The six pupils, and the Autumn and Summer score periods with their Reading scores."""
    clerk = Actor("clerk", Role.USER, school.id)
    first, _ = birth_date_range(Y1, YEAR)
    ids = []
    with database.write() as session:
        for number, surname in enumerate(["Ahmed", "Brown", "Cole", "Dunn", "Eze", "Ford"]):
            pupil = Pupil(
                establishment_id=school.id,
                upn=f"A20410000000{number}",
                surname=surname,
                forenames="Sam",
                date_of_birth=first,
                include_in_data=surname != "Ford",
            )
            session.add(pupil)
            session.flush()
            assert pupil.id is not None
            ids.append(pupil.id)
    made = [
        periods.create_period(database, clerk, school.id, name, day, [Y1], framework=SCORES_ID).id
        for name, day in (("Autumn", date(YEAR, 12, 1)), ("Summer", date(YEAR + 1, 6, 1)))
    ]
    edits: list[Change] = [
        judgement_edit(pupil_id, period_id, READING, _cell(value), BLANK)
        for pupil_id, values in zip(ids, SCORES_BY_PUPIL, strict=True)
        for period_id, value in zip(made, values, strict=True)
        if value is not None
    ]
    write_changes(database, clerk, school.id, edits, today=date(YEAR + 1, 6, 10))
    return ids, made[0], made[1]


def foot(database: Database, school: EstablishmentInfo, period_id: int) -> tuple[object, str]:
    """The Reading column's foot in a period, and the status line's words for Ahmed's score."""
    cohort = load_cohort(database, Actor("clerk", Role.USER, school.id), school.id, YEAR, Y1)
    model = GridModel(cohort)
    column = next(
        index
        for index, c in enumerate(model.columns)
        if c.code == READING and c.period is not None and c.period.id == period_id
    )
    said = model.score_said(0, column)
    assert said is not None
    return model.stats(column), said


def bands(*counts: int, of: int) -> tuple[GroupCount, ...]:
    return tuple(
        GroupCount(short, count, of)
        for short, count in zip(("WB", "B", "IL", "A", "WA"), counts, strict=True)
    )


def test_the_foot_counts_by_the_schools_threshold_and_bands(
    database: Database, school: EstablishmentInfo
) -> None:
    _, autumn, summer = scores_cohort(database, school)
    # Summer, five counted: 101 80 112 95 104. Mean 492/5; 101, 112, 104 reach 100.
    stats, said = foot(database, school, summer)
    assert stats == ScoreStats(Decimal("98.40"), 5, 3, 100, bands(1, 0, 3, 1, 0, of=5))
    assert isinstance(stats, ScoreStats) and stats.percent_at_or_above == Decimal("60.00")
    assert said == "101: in line (95-104)"
    # Autumn, three scored (Dunn absent, Eze blank): 98 69 120. Mean 287/3; only 120 reaches.
    stats, said = foot(database, school, autumn)
    assert stats == ScoreStats(Decimal("95.67"), 3, 1, 100, bands(1, 0, 1, 0, 1, of=3))
    assert isinstance(stats, ScoreStats) and stats.percent_at_or_above == Decimal("33.33")
    assert said == "98: in line (95-104)"
    # The school's own: 95 reaches it; 80 starts below, 100 in line.
    mine = ScoreSettings(95, (70, 80, 100, 110, 120), 2)
    set_score_settings(database, SUPPORT, school.id, mine)
    stats, said = foot(database, school, summer)
    # 101 104 in line (100-109), 95 below (80-99), 80 below, 112 above (110-119).
    assert stats == ScoreStats(Decimal("98.40"), 5, 4, 95, bands(0, 2, 2, 1, 0, of=5))
    assert isinstance(stats, ScoreStats) and stats.percent_at_or_above == Decimal("80.00")
    assert said == "101: in line (100-109)"


def test_progress_bands_the_scores_and_keeps_within_the_margin(
    database: Database, school: EstablishmentInfo
) -> None:
    ids, autumn, summer = scores_cohort(database, school)
    clerk = Actor("clerk", Role.USER, school.id)
    progress = load_progress(database, clerk, school.id, YEAR + 0, Y1, autumn, summer)
    reading = progress.subject(READING)
    assert reading.rows == (
        "well below", "below", "in line", "above", "well above", "A", "NT", "L", BLANK_ROW
    )  # fmt: skip
    counted = ids[:5]
    assert [c.pupil_id for c in reading.changes] == counted  # Ford is not in the data
    assert [c.movement for c in reading.changes] == [
        Movement.SAME,
        Movement.UP,
        Movement.DOWN,
        Movement.NOT_COMPARED,
        Movement.NOT_COMPARED,
    ]
    assert [c.gained for c in reading.changes] == [3, 11, -8, None, None]
    whys = [c.why for c in reading.changes]
    assert whys[0] == "98 in Autumn, 101 in Summer: +3, within 5 either way, so maintained"
    assert whys[1] == "69 in Autumn, 80 in Summer: +11, more than 5, so moved up"
    assert whys[2] == "120 in Autumn, 112 in Summer: -8, more than 5, so moved down"
    assert reading.cell("in line", "in line") == [ids[0]]
    assert reading.cell("well below", "well below") == [ids[1]]
    assert reading.cell("well above", "above") == [ids[2]]
    assert reading.cell("A", "in line") == [ids[3]]
    assert reading.cell(BLANK_ROW, "in line") == [ids[4]]
    # The school's margin of 2: Ahmed's +3 is now up; its bands are the rows.
    set_score_settings(database, SUPPORT, school.id, ScoreSettings(95, (70, 80, 100, 110, 120), 2))
    progress = load_progress(database, clerk, school.id, YEAR, Y1, autumn, summer)
    reading = progress.subject(READING)
    assert reading.changes[0].movement is Movement.UP
    assert reading.changes[0].why == "98 in Autumn, 101 in Summer: +3, more than 2, so moved up"
    assert reading.cell("below", "in line") == [ids[0]]


def test_going_back_before_0006_is_refused_while_a_school_set_its_own(
    database: Database, school: EstablishmentInfo
) -> None:
    set_score_settings(database, manager_of(school), school.id, ScoreSettings(95))
    with pytest.raises(RuntimeError, match="1 establishments' standardised score settings"):
        downgrade_to(database, "0005")
    assert stored(database) == [(school.id, 95, 70, 85, 95, 105, 115, 5)]
    with database.engine.connect() as connection:
        assert stored_revision(connection) == HEAD  # nothing went down
    # With the school's settings gone, it goes back.
    with database.write() as session:
        row = session.get(ScoreSettingsRow, school.id)
        session.delete(row)
    downgrade_to(database, "0005")
    with database.engine.connect() as connection:
        assert stored_revision(connection) == "0005"
