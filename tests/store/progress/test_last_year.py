"""Each pupil's last value of a framework last year, in the year group below: the ground of the
target rule "one step above last summer" (the hand-worked cohort of tests/store/progress_school:
Nursery 2's Summer 2 last year, Reception's Autumn 2, Spring 1 and Summer 1 this year)."""

from __future__ import annotations

from datetime import date

import pytest

from store.assessments import periods
from store.assessments.changes import judgement_edit
from store.assessments.cohort import Cell, load_cohort
from store.assessments.grid_model import GridModel
from store.assessments.judgements import write_changes
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.errors import PermissionDenied
from store.curriculum.eyfs import Judgement, YearGroup
from store.curriculum.eyfs_frameworks import EYFS_IN_YEAR_ID
from store.curriculum.layers import Layer
from store.curriculum.scores import SCORES_ID
from store.progress.last_year import LastYear, last_year_values
from store.progress.layers import ensure_layers
from store.progress.target_rules import TargetRule, rule_targets
from tests.store.progress_school import N2, YEAR, R, Reception

LAU = "LAU"
N1 = YearGroup.NURSERY_1
BELOW, ON_TRACK = Judgement.BELOW, Judgement.ON_TRACK


def _last_year(school: Reception, framework: str = EYFS_IN_YEAR_ID) -> LastYear:
    eid, everyone = school.school.id, list(school.ids.values())
    return last_year_values(school.database, school.head, eid, YEAR, R, framework, everyone)


def test_the_last_value_of_last_year_counts_and_a_later_blank_or_note_hides_nothing(
    database: Database,
) -> None:
    school = Reception(database)
    eid, ids = school.school.id, school.ids
    spring = periods.create_period(
        database, school.head, eid, "Spring 2", date(YEAR, 3, 1), [N2]
    ).id
    write_changes(
        database,
        school.head,
        eid,
        [
            judgement_edit(ids["Adams"], spring, LAU, Cell(ON_TRACK)),
            judgement_edit(ids["Adams"], school.last_year, LAU, Cell(BELOW)),  # later: counts
            judgement_edit(ids["Brook"], spring, LAU, Cell(BELOW)),  # Summer 2 blank
            judgement_edit(ids["Cross"], spring, LAU, Cell(ON_TRACK)),
            judgement_edit(ids["Cross"], school.last_year, LAU, Cell(note="Away")),
            judgement_edit(ids["Drake"], school.autumn, LAU, Cell(BELOW)),  # this year's: not read
        ],
    )
    found = _last_year(school)
    assert found.last_name == "Summer 2"
    assert {key: cell.value for key, cell in found.cells.items()} == {
        (ids["Adams"], LAU): BELOW,
        (ids["Brook"], LAU): BELOW,
        (ids["Cross"], LAU): ON_TRACK,
    }
    assert all(cell.note is None for cell in found.cells.values())


def test_another_framework_or_no_year_group_below_reads_nothing(database: Database) -> None:
    school = Reception(database)
    write_changes(
        database,
        school.head,
        school.school.id,
        [judgement_edit(school.ids["Adams"], school.last_year, LAU, Cell(BELOW))],
    )
    assert _last_year(school, SCORES_ID) == LastYear()
    everyone, eid = list(school.ids.values()), school.school.id
    youngest = last_year_values(database, school.head, eid, YEAR, N1, EYFS_IN_YEAR_ID, everyone)
    assert youngest == LastYear()


def test_another_establishments_account_is_refused(database: Database) -> None:
    school = Reception(database)
    stranger = Actor("head", Role.MANAGER, school.school.id + 99)
    with pytest.raises(PermissionDenied):
        last_year_values(database, stranger, school.school.id, YEAR, R, EYFS_IN_YEAR_ID, [1])


def test_at_the_start_of_a_year_only_last_years_rule_sets_targets(database: Database) -> None:
    """Autumn 2's targets before any Autumn 2 value: Adams Below last summer, so On track;
    Brook On track, the top, stays On track."""
    school = Reception(database)
    eid, ids = school.school.id, school.ids
    write_changes(
        database,
        school.head,
        eid,
        [
            judgement_edit(ids["Adams"], school.last_year, LAU, Cell(BELOW)),
            judgement_edit(ids["Brook"], school.last_year, LAU, Cell(ON_TRACK)),
        ],
    )
    # Nothing this year yet: Autumn 2's values are cleared.
    cells = load_cohort(database, school.head, eid, YEAR, R).cells
    write_changes(
        database,
        school.head,
        eid,
        [
            judgement_edit(pupil, period, code, Cell(), seen)
            for (pupil, period, code), seen in cells.items()
            if period == school.autumn
        ],
    )
    ensure_layers(database, school.head, eid, [school.autumn], Layer.TARGETS)
    cohort = load_cohort(database, school.head, eid, YEAR, R)
    hidden = [school.spring, school.summer]
    model = GridModel(cohort, hidden_periods=hidden, layer=Layer.TARGETS)
    found = rule_targets(model, 0, _last_year(school))
    assert not isinstance(found, str)
    assert found.rules == [TargetRule.STEP_UP_LAST_YEAR]
    assert found.label(TargetRule.STEP_UP_LAST_YEAR) == (
        "One step above last year's Summer 2 (2 targets)"
    )
    set_to = {c.pupil_id: c.after.value for c in found.edits[TargetRule.STEP_UP_LAST_YEAR]}
    assert set_to == {ids["Adams"]: ON_TRACK, ids["Brook"]: ON_TRACK}
    assert isinstance(rule_targets(model, 0), str)  # without last year: nothing to go by
