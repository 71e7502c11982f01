"""One step above: the next code up by points (KS1) or by band (EYFS); the top step stays; a
code that is no step, or a blank, sets no target; a mark or score stays as it is."""

from __future__ import annotations

import pytest

from store.assessments.cohort import Cell, load_cohort
from store.assessments.grid_model import GridModel
from store.core.db import Database
from store.curriculum.eyfs import Judgement
from store.curriculum.eyfs_frameworks import EYFS_IN_YEAR
from store.curriculum.ks1 import KS1_TA, PHONICS
from store.curriculum.layers import Layer
from store.curriculum.score_bands import USUAL_SCORES, ScoreSettings
from store.curriculum.scores import SCORES
from store.progress.layers import ensure_layers
from store.progress.target_rules import TargetRule, rule_targets, step_up
from tests.store.progress_school import YEAR, R, Reception

READING, SCIENCE = KS1_TA.subjects[0], KS1_TA.subjects[3]


@pytest.mark.parametrize(
    ("value", "above"),
    [("EM", "PK1"), ("PK1", "PK2"), ("PK4", "WTS"), ("WTS", "EXS"), ("EXS", "GDS"), ("GDS", "GDS")],
)
def test_ks1_steps_go_up_by_points(value: str, above: str) -> None:
    assert step_up(READING, KS1_TA.id, Cell(value)) == Cell(above)


def test_science_goes_from_has_not_met_to_expected() -> None:
    assert step_up(SCIENCE, KS1_TA.id, Cell("HNM")) == Cell("EXS")


def test_eyfs_below_goes_to_on_track_which_is_the_top_and_stays_a_judgement() -> None:
    area = EYFS_IN_YEAR.subjects[0]
    up = step_up(area, EYFS_IN_YEAR.id, Cell(Judgement.BELOW))
    assert up is not None and up.value is Judgement.ON_TRACK  # the member the grid compares
    assert step_up(area, EYFS_IN_YEAR.id, Cell(Judgement.ON_TRACK)) == Cell(Judgement.ON_TRACK)


def test_no_step_no_target_and_a_mark_stays() -> None:
    assert step_up(READING, KS1_TA.id, Cell("A")) is None  # absent: no step
    assert step_up(READING, KS1_TA.id, Cell("Q")) is None
    assert step_up(READING, KS1_TA.id, Cell()) is None
    mark = PHONICS.subjects[0]
    assert step_up(mark, PHONICS.id, Cell(number=31)) == Cell(number=31)


def test_each_pupils_latest_value_up_to_the_targets_assessment_is_the_ground(
    database: Database,
) -> None:
    """Spring 1's targets: Cross has no Spring value, so her Autumn 2 one counts; Summer 1's
    values (later) are never read for Spring's targets."""
    school = Reception(database)
    eid = school.school.id
    ensure_layers(database, school.head, eid, [school.spring], Layer.TARGETS)
    cohort = load_cohort(database, school.head, eid, YEAR, R)
    model = GridModel(cohort, hidden_periods=[school.autumn, school.summer], layer=Layer.TARGETS)
    found = rule_targets(model, 0)
    assert not isinstance(found, str)
    said = {
        (change.pupil_id, str.__str__(change.after.value or ""))
        for change in found.edits[TargetRule.SAME]
    }
    ids = school.ids
    assert said == {
        (ids["Adams"], "O"),  # Spring 1
        (ids["Brook"], "B"),
        (ids["Cross"], "O"),  # Autumn 2: blank in Spring 1
        (ids["Drake"], "O"),
        (ids["Evans"], "O"),
    }
    up = {(c.pupil_id, str.__str__(c.after.value or "")) for c in found.edits[TargetRule.STEP_UP]}
    assert (ids["Brook"], "O") in up and (ids["Adams"], "O") in up


@pytest.mark.parametrize(
    ("score", "above", "scores"),
    [
        (98, 105, USUAL_SCORES),  # in line: the start of above
        (69, 85, USUAL_SCORES),  # under the first band counts in well below
        (116, 116, USUAL_SCORES),  # well above is the top: stays
        (98, 110, ScoreSettings(edges=(70, 80, 90, 110, 120))),  # the school's own bands
    ],
)
def test_a_score_steps_to_the_start_of_the_schools_next_band(
    score: int, above: int, scores: ScoreSettings
) -> None:
    reading = SCORES.subjects[0]
    assert step_up(reading, SCORES.id, Cell(number=score), scores) == Cell(number=above)
