"""The grid's pure model: columns, cell text, foot statistics and the edits a key asks for."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from store.assessments.changes import (
    AbsentEffect,
    ElgChange,
    IncludeChange,
    JudgementChange,
    PeriodNoteChange,
    absent_effect,
)
from store.assessments.cohort import BLANK, Cell, Cohort, ElgSectionInfo, PeriodInfo, PupilRow
from store.assessments.grid_model import ColumnKind, GridModel
from store.curriculum.eyfs import AREA_CODES, ElgOutcome, GoneBeyond, Judgement, YearGroup
from store.curriculum.statistics import AverageStats, BandStats, YesStats

R = YearGroup.RECEPTION
AUTUMN = PeriodInfo(10, "Autumn 1", date(2025, 10, 17), 2025, (R,))
SPRING = PeriodInfo(11, "Spring 1", date(2026, 2, 6), 2025, (R,))
ELG = ElgSectionInfo(5, 2025, date(2026, 6, 5), None, None)


def pupil(pupil_id: int, include: bool = True) -> PupilRow:
    return PupilRow(
        pupil_id, f"A{pupil_id:012d}", f"Surname{pupil_id}", "Child", date(2020, 10, 1), 1, include
    )


def cohort(pupils: int = 36, excluded: int = 0) -> Cohort:
    rows = [pupil(i, include=i >= excluded) for i in range(pupils)]
    return Cohort(1, 2025, R, rows, [AUTUMN, SPRING], elg=ELG)


def test_columns_are_periods_then_notes_then_the_goals_with_gld_after_twelve() -> None:
    model = GridModel(cohort(), show_elg=True)
    kinds = [c.kind for c in model.columns]
    assert kinds[:18] == [ColumnKind.JUDGEMENT] * 17 + [ColumnKind.PERIOD_NOTES]
    assert [c.code for c in model.columns[36:]] == [
        *AREA_CODES[:12],
        "GLD",
        *AREA_CODES[12:],
        "Score",
    ]
    hidden = GridModel(cohort(), hidden_periods=[AUTUMN.id])
    assert {c.period for c in hidden.columns} == {SPRING}


def test_the_guides_worked_example_one_below_of_36_is_2_78() -> None:
    data = cohort(36)
    data.cells[(0, AUTUMN.id, "LAU")] = Cell(Judgement.BELOW)
    data.cells[(1, AUTUMN.id, "LAU")] = Cell(Judgement.ON_TRACK)
    data.cells[(2, AUTUMN.id, "LAU")] = Cell(Judgement.ON_TRACK, GoneBeyond.BLUE)
    stats = GridModel(data).stats(0)
    assert isinstance(stats, BandStats)
    assert (stats.below, stats.at_or_above, stats.pupils) == (1, 2, 36)
    assert stats.words == ("Below", "On track")
    assert stats.percent_below == Decimal("2.78") and stats.percent_at_or_above == Decimal("5.56")


def test_pupils_not_included_are_left_out_of_every_figure() -> None:
    data = cohort(6, excluded=2)
    for row in range(6):
        data.cells[(row, AUTUMN.id, "SP")] = Cell(Judgement.BELOW)
    stats = GridModel(data).stats(1)
    assert isinstance(stats, BandStats)
    assert (stats.below, stats.pupils) == (4, 4)


def test_elg_foot_gld_and_average() -> None:
    data = cohort(4)
    for code in AREA_CODES:
        data.elg_outcomes[(0, code)] = ElgOutcome.EXPECTED
        data.elg_outcomes[(1, code)] = ElgOutcome.EMERGING
        data.elg_outcomes[(2, code)] = ElgOutcome.ABSENT
    data.elg_outcomes[(3, "LAU")] = ElgOutcome.EXPECTED
    model = GridModel(data, hidden_periods=[AUTUMN.id, SPRING.id], show_elg=True)
    lau = model.stats(0)
    assert isinstance(lau, BandStats) and lau.words == ("Emerging", "Expected")
    assert (lau.below, lau.at_or_above, lau.pupils) == (1, 2, 4)
    gld = model.stats(12)
    assert isinstance(gld, YesStats) and (gld.yes, gld.pupils) == (1, 4)
    total = model.stats(len(model.columns) - 1)
    assert total == AverageStats(Decimal("25.50"), 2)
    assert [model.text(row, 12) for row in range(4)] == ["Yes", "No", "No", ""]
    assert [model.text(row, 18) for row in range(4)] == ["34", "17", "0", ""]


def test_fill_column_blanks_only_leaves_judged_cells() -> None:
    data = cohort(3)
    data.cells[(1, AUTUMN.id, "LAU")] = Cell(Judgement.BELOW, None, "kept")
    model = GridModel(data)
    edits = model.fill_column_edits(0, Judgement.ON_TRACK, blanks_only=True)
    assert [e.pupil_id for e in edits] == [0, 2]
    every = model.fill_column_edits(0, Judgement.ON_TRACK, blanks_only=False)
    assert isinstance(every[1], JudgementChange)
    assert every[1].after == Cell(Judgement.ON_TRACK, None, "kept")


def test_fill_row_covers_the_17_areas_of_the_cursors_period_only() -> None:
    model = GridModel(cohort(2), show_elg=True)
    edits = model.fill_row_edits(1, 20, Judgement.BELOW)  # a Spring column
    assert len(edits) == 17
    assert {e.period_id for e in edits if isinstance(e, JudgementChange)} == {SPRING.id}
    elg = model.fill_row_edits(1, 40, ElgOutcome.EXPECTED)
    assert len(elg) == 17 and all(isinstance(e, ElgChange) for e in elg)


def test_gone_beyond_cycles_and_wraps_to_none() -> None:
    data = cohort(1)
    data.cells[(0, AUTUMN.id, "LAU")] = Cell(Judgement.ON_TRACK, GoneBeyond.YELLOW)
    model = GridModel(data)
    edit = model.gone_beyond_edit(0, 0)
    assert isinstance(edit, JudgementChange) and edit.after == Cell(Judgement.ON_TRACK)
    data.cells[(0, AUTUMN.id, "LAU")] = Cell(Judgement.BELOW)
    assert model.gone_beyond_edit(0, 0) is None


def test_gone_beyond_asks_nothing_of_columns_without_a_judgement() -> None:
    """Notes, goals, GLD and the total have no colour (g on a Notes column ended the app)."""
    model = GridModel(cohort(1), show_elg=True)
    for kind in (ColumnKind.PERIOD_NOTES, ColumnKind.ELG, ColumnKind.DERIVED):
        for column in (i for i, c in enumerate(model.columns) if c.kind is kind):
            assert model.gone_beyond_edit(0, column) is None


def test_apply_updates_cells_and_names_what_now_reads_differently() -> None:
    model = GridModel(cohort(3), show_elg=True)
    assert model.stats(1).below == 0  # type: ignore[union-attr]
    applied = model.apply([JudgementChange(1, AUTUMN.id, "SP", BLANK, Cell(Judgement.BELOW))])
    assert applied.cells == {(1, 1)} and applied.feet == {1} and not applied.everything
    assert model.stats(1).below == 1  # type: ignore[union-attr]
    applied = model.apply([ElgChange(ELG.id, 0, "N", None, ElgOutcome.EXPECTED)])
    gld, total = 36 + 12, len(model.columns) - 1
    assert applied.cells == {(0, 36 + 10), (0, gld), (0, total)}
    assert applied.feet == {36 + 10, gld, total}
    applied = model.apply([PeriodNoteChange(2, SPRING.id, None, "Settled")])
    assert applied.cells == {(2, 35)} and applied.feet == set()
    applied = model.apply([IncludeChange(1, True, False)])
    assert applied.everything and model.stats(1).below == 0  # type: ignore[union-attr]
    assert model.rows[1].include_in_data is False and model.excluded_count == 1


def test_absent_effect_names_the_rows_the_absent_rule_changed() -> None:
    cleared = [ElgChange(ELG.id, 7, code, ElgOutcome.ABSENT, None) for code in AREA_CODES[1:]]
    typed = ElgChange(ELG.id, 7, "LAU", ElgOutcome.ABSENT, ElgOutcome.EXPECTED)
    assert absent_effect([typed, *cleared]) == AbsentEffect({7: 16}, {})
    made = [ElgChange(ELG.id, 8, code, ElgOutcome.EXPECTED, ElgOutcome.ABSENT) for code in "ABC"]
    made.append(ElgChange(ELG.id, 8, "D", None, ElgOutcome.ABSENT))
    assert absent_effect(made) == AbsentEffect({}, {8: 3})
    ordinary = [ElgChange(ELG.id, 9, "LAU", None, ElgOutcome.EXPECTED)]
    assert absent_effect(ordinary) == AbsentEffect({}, {})
