"""Tests for store.curriculum.statistics: the foot of a grid column, counted by band."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from store.curriculum.eyfs import ElgOutcome, Judgement
from store.curriculum.eyfs_frameworks import ELG_CODES, IN_YEAR_CODES
from store.curriculum.statistics import BandStats, band_statistics
from tests.frameworks import TEACHER_ASSESSMENT
from tests.store.curriculum.strategies import BELOW, ON_TRACK, A, E, X, outcome_or_blank

IN_YEAR = ("Below", "On track")
ELG = ("Emerging", "Expected")

# --- EYFS in-year -----------------------------------------------------------------------------


def test_blanks_count_in_the_denominator() -> None:
    stats = band_statistics([BELOW, *[ON_TRACK] * 30, *[None] * 5], IN_YEAR_CODES, IN_YEAR)
    assert stats == BandStats(IN_YEAR, below=1, at_or_above=30, pupils=36)
    assert stats.percent_below == Decimal("2.78")
    assert stats.percent_at_or_above == Decimal("83.33")


def test_no_pupils_is_nought_per_cent() -> None:
    stats = band_statistics([], IN_YEAR_CODES, IN_YEAR)
    assert stats == BandStats(IN_YEAR, below=0, at_or_above=0, pupils=0)
    assert stats.percent_below == Decimal("0.00")


def test_a_generator_and_stored_codes_count_as_their_members_do() -> None:
    stats = band_statistics((value for value in [BELOW, "O", None, "B"]), IN_YEAR_CODES, IN_YEAR)
    assert stats == BandStats(IN_YEAR, below=2, at_or_above=1, pupils=4)


@given(st.lists(st.one_of(st.none(), st.sampled_from(Judgement))))
def test_in_year_counts_match_counting(values: list[Judgement | None]) -> None:
    stats = band_statistics(values, IN_YEAR_CODES, IN_YEAR)
    assert stats.below == values.count(BELOW)
    assert stats.at_or_above == values.count(ON_TRACK)
    assert stats.pupils == len(values)


# --- The End of Year ELGs and other frameworks ------------------------------------------------


def test_absent_and_blank_count_in_the_denominator_only() -> None:
    stats = band_statistics([E, X, X, A, None, X], ELG_CODES, ELG)
    assert stats == BandStats(ELG, below=1, at_or_above=3, pupils=6)
    assert stats.percent_below == Decimal("16.67")
    assert stats.percent_at_or_above == Decimal("50.00")


@given(st.lists(outcome_or_blank))
def test_elg_counts_match_counting(values: list[ElgOutcome | None]) -> None:
    stats = band_statistics(values, ELG_CODES, ELG)
    assert (stats.below, stats.at_or_above) == (values.count(E), values.count(X))
    assert stats.pupils == len(values)


def test_above_counts_with_at_and_other_bands_in_neither() -> None:
    values = ["WTS", "EXS", "GDS", "GDS", "ABS", "DIS", None, "XYZ"]
    stats = band_statistics(values, TEACHER_ASSESSMENT, ("Working towards", "Expected+"))
    assert (stats.below, stats.at_or_above, stats.pupils) == (1, 3, 8)
