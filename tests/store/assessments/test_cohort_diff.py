"""The changes between the cohort a grid shows and the same cohort read again
(store/assessments/cohort_diff.py): cells, notes, ELGs and Include in Data as single changes;
anything else as "show it whole"."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import date, datetime, timezone

from store.assessments.changes import (
    ElgChange,
    IncludeChange,
    JudgementChange,
    PeriodNoteChange,
)
from store.assessments.cohort import BLANK, Cell, Cohort, ElgSectionInfo, PeriodInfo, PupilRow
from store.assessments.cohort_diff import change_key, cohort_changes
from store.curriculum.eyfs import ElgOutcome, Judgement, YearGroup

R = YearGroup.RECEPTION
BELOW, ON_TRACK = Cell(Judgement.BELOW), Cell(Judgement.ON_TRACK)


def pupil(pupil_id: int, surname: str) -> PupilRow:
    return PupilRow(pupil_id, f"A{pupil_id:012d}", surname, "Ada", date(2021, 1, 5), None, True)


def a_cohort() -> Cohort:
    period = PeriodInfo(7, "Autumn 1", date(2025, 10, 1), 2025, (R,))
    cohort = Cohort(1, 2025, R, [pupil(1, "Adeyemi"), pupil(2, "O'Brien")], [period])
    cohort.cells[(1, 7, "LAU")] = BELOW
    cohort.cells[(2, 7, "LAU")] = Cell(Judgement.ON_TRACK, note="Reads à l'école")
    cohort.period_notes[(1, 7)] = "Speech and language referral"
    cohort.elg = ElgSectionInfo(3, 2025, date(2026, 6, 1), None, None)
    cohort.elg_outcomes[(1, "ELG01")] = ElgOutcome.EXPECTED
    return cohort


def test_the_same_cohort_read_again_has_no_changes() -> None:
    assert cohort_changes(a_cohort(), a_cohort()) == []


def test_each_kind_of_cell_change_is_found_once() -> None:
    shown, fresh = a_cohort(), a_cohort()
    fresh.cells[(1, 7, "LAU")] = ON_TRACK  # changed
    del fresh.cells[(2, 7, "LAU")]  # cleared
    fresh.cells[(2, 7, "SPE")] = BELOW  # new
    fresh.period_notes[(2, 7)] = "New note"
    del fresh.period_notes[(1, 7)]
    fresh.elg_outcomes[(1, "ELG01")] = ElgOutcome.EMERGING
    fresh.pupils[1] = replace(fresh.pupils[1], include_in_data=False)
    found = cohort_changes(shown, fresh)
    assert found is not None
    assert sorted(found, key=repr) == sorted(
        [
            JudgementChange(1, 7, "LAU", BELOW, ON_TRACK),
            JudgementChange(2, 7, "LAU", shown.cells[(2, 7, "LAU")], BLANK),
            JudgementChange(2, 7, "SPE", BLANK, BELOW),
            PeriodNoteChange(2, 7, None, "New note"),
            PeriodNoteChange(1, 7, "Speech and language referral", None),
            ElgChange(3, 1, "ELG01", ElgOutcome.EXPECTED, ElgOutcome.EMERGING),
            IncludeChange(2, True, False),
        ],
        key=repr,
    )


def test_things_written_here_meanwhile_are_left_alone() -> None:
    shown, fresh = a_cohort(), a_cohort()
    fresh.cells[(1, 7, "LAU")] = ON_TRACK
    fresh.cells[(2, 7, "SPE")] = BELOW
    mine = JudgementChange(1, 7, "LAU", BELOW, BLANK)
    assert cohort_changes(shown, fresh, {change_key(mine)}) == [
        JudgementChange(2, 7, "SPE", BLANK, BELOW)
    ]


def test_more_than_cells_means_showing_it_whole() -> None:
    changed_shapes = {
        "a pupil added": lambda c: c.pupils.append(pupil(3, "Zed")),
        "a pupil renamed": lambda c: c.pupils.__setitem__(0, replace(c.pupils[0], surname="B")),
        "a period deleted": lambda c: c.periods.clear(),
        "the ELGs submitted": lambda c: setattr(
            c, "elg", replace(c.elg, submitted_by="head", submitted_at=datetime.now(timezone.utc))
        ),
        "another year group": lambda c: setattr(c, "year_group", YearGroup.NURSERY_2),
    }
    for what, change in changed_shapes.items():
        fresh = copy.deepcopy(a_cohort())
        change(fresh)
        assert cohort_changes(a_cohort(), fresh) is None, what


def test_a_cohort_read_for_some_pupils_is_compared_for_them_only() -> None:
    shown, whole = a_cohort(), a_cohort()
    whole.cells[(2, 7, "LAU")] = BELOW
    fresh = copy.deepcopy(whole)  # as load_cohort(..., only={2}) reads it
    fresh.pupils = [p for p in fresh.pupils if p.id == 2]
    fresh.cells = {key: cell for key, cell in fresh.cells.items() if key[0] == 2}
    fresh.period_notes = {key: note for key, note in fresh.period_notes.items() if key[0] == 2}
    fresh.elg_outcomes = {key: out for key, out in fresh.elg_outcomes.items() if key[0] == 2}
    assert cohort_changes(shown, fresh, only={2}) == [
        JudgementChange(2, 7, "LAU", shown.cells[(2, 7, "LAU")], BELOW)
    ]
    fresh.pupils = []  # the pupil has left the cohort: show it whole, read whole
    assert cohort_changes(shown, fresh, only={2}) is None
