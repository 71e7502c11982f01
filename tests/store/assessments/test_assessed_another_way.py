"""Small steps are for pupils assessed another way: the store gives a step only to a pupil
whose Alternative assessment is Yes (whatever wrote it: the grid, a fill, an undo), refuses the
whole change otherwise, and always lets a step be cleared."""

from __future__ import annotations

from datetime import date

import pytest

from store.assessments.changes import judgement_edit
from store.assessments.cohort import Cell, load_cohort
from store.assessments.grid_model import GridModel
from store.assessments.judgements import write_changes
from store.assessments.periods import create_period
from store.core.db import Database
from store.core.errors import InvalidInput
from store.core.models import Pupil
from store.curriculum.small_steps import SMALL_STEPS_ID
from store.curriculum.statistics import GroupStats
from tests.store.progress_school import YEAR, R, Reception


def steps_school(database: Database) -> tuple[Reception, int]:
    """The hand-worked Reception cohort, Adams assessed another way, and a small-steps period."""
    school = Reception(database)
    school.assess_another_way("Adams")
    period = create_period(
        database,
        school.head,
        school.school.id,
        "Autumn steps",
        date(YEAR, 11, 1),
        [R],
        framework=SMALL_STEPS_ID,
    )
    return school, period.id


def steps(school: Reception, period_id: int) -> dict[int, str | None]:
    cohort = load_cohort(school.database, school.head, school.school.id, YEAR, R)
    return {
        pupil: cell.value
        for (pupil, period, _), cell in cohort.cells.items()
        if period == period_id
    }


def test_a_step_goes_only_to_a_pupil_assessed_another_way(database: Database) -> None:
    school, period = steps_school(database)
    ids, eid = school.ids, school.school.id
    adams = judgement_edit(ids["Adams"], period, "RD", Cell("P7c"))
    brook = judgement_edit(ids["Brook"], period, "RD", Cell("P7b"))
    with pytest.raises(InvalidInput, match="BROOK, Jo is not assessed another way"):
        write_changes(database, school.head, eid, [adams, brook])
    assert steps(school, period) == {}  # nothing of the change was written
    write_changes(database, school.head, eid, [adams])
    assert steps(school, period) == {ids["Adams"]: "P7c"}


def test_a_step_is_cleared_after_the_flag_is_turned_off(database: Database) -> None:
    school, period = steps_school(database)
    ids, eid = school.ids, school.school.id
    write_changes(
        database, school.head, eid, [judgement_edit(ids["Adams"], period, "RD", Cell("M1e"))]
    )
    with database.write() as session:
        adams = session.get(Pupil, ids["Adams"])
        assert adams is not None
        adams.alternative_assessment = False
    cleared = judgement_edit(ids["Adams"], period, "RD", Cell(), Cell("M1e"))
    write_changes(database, school.head, eid, [cleared])
    assert steps(school, period) == {}


def test_the_foot_counts_the_pupils_assessed_another_way_alone(database: Database) -> None:
    school, period = steps_school(database)
    ids, eid = school.ids, school.school.id
    write_changes(
        database, school.head, eid, [judgement_edit(ids["Adams"], period, "RD", Cell("P4a"))]
    )
    cohort = load_cohort(database, school.head, eid, YEAR, R)
    model = GridModel(cohort, hidden_periods=[p.id for p in cohort.periods if p.id != period])
    assert model.columns[0].code == "RD"
    stats = model.stats(0)
    assert isinstance(stats, GroupStats) and stats.pupils == 1  # Adams alone of the cohort
    assert [model.takes_values(row, 0) for row in range(len(model.rows))] == [
        pupil.alternative_assessment for pupil in model.rows
    ]
