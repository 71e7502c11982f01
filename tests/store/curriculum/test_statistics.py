"""Tests for store.curriculum.statistics: the foot of a grid column."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from store.curriculum.eyfs import ElgOutcome, Judgement
from store.curriculum.statistics import (
    ColumnStats,
    ElgColumnStats,
    column_statistics,
    elg_column_statistics,
)
from tests.store.curriculum.strategies import BELOW, ON_TRACK, A, E, X, outcome_or_blank

# --- Column statistics ----------------------------------------------------------------------


def test_column_statistics_counts_blanks_in_the_denominator() -> None:
    stats = column_statistics([BELOW, *[ON_TRACK] * 30, *[None] * 5])
    assert stats == ColumnStats(below=1, on_track=30, pupils=36)
    assert stats.percent_below == Decimal("2.78")
    assert stats.percent_on_track == Decimal("83.33")


def test_column_statistics_of_no_pupils() -> None:
    stats = column_statistics([])
    assert stats == ColumnStats(below=0, on_track=0, pupils=0)
    assert stats.percent_below == Decimal("0.00")


def test_column_statistics_accepts_a_generator_and_raw_codes() -> None:
    stats = column_statistics(value for value in [BELOW, "O", None, "B"])  # type: ignore[misc]
    assert stats == ColumnStats(below=2, on_track=1, pupils=4)


@given(st.lists(st.one_of(st.none(), st.sampled_from(Judgement))))
def test_column_statistics_matches_counting(values: list[Judgement | None]) -> None:
    stats = column_statistics(values)
    assert stats.below == values.count(BELOW)
    assert stats.on_track == values.count(ON_TRACK)
    assert stats.pupils == len(values)
    assert stats.below + stats.on_track <= stats.pupils


def test_elg_column_statistics_counts_absent_and_blank_in_the_denominator() -> None:
    stats = elg_column_statistics([E, X, X, A, None, X])
    assert stats == ElgColumnStats(emerging=1, expected=3, absent=1, pupils=6)
    assert stats.percent_emerging == Decimal("16.67")
    assert stats.percent_expected == Decimal("50.00")


@given(st.lists(outcome_or_blank))
def test_elg_column_statistics_matches_counting(values: list[ElgOutcome | None]) -> None:
    stats = elg_column_statistics(values)
    assert (stats.emerging, stats.expected, stats.absent) == (
        values.count(E),
        values.count(X),
        values.count(A),
    )
    assert stats.pupils == len(values)
