"""The phonics check's outcome: Wa at or above the year's threshold, Wt below, none without a
mark (A, D, L and Q stand instead of one)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.curriculum.framework import DerivedColumn, YearSettings
from store.curriculum.ks1 import (
    PHONICS,
    PHONICS_MARK,
    PHONICS_MARK_MAX,
    PHONICS_OUTCOME,
    PHONICS_THRESHOLD_USUAL,
    phonics_outcome,
)

IN_2025 = YearSettings(phonics_threshold=32)


def outcome(mark: int | None, settings: YearSettings = IN_2025) -> str:
    """The cell as the grid says it."""
    marks = {} if mark is None else {PHONICS_MARK: mark}
    return PHONICS_OUTCOME.said(PHONICS_OUTCOME({PHONICS_MARK: None}, marks, settings))


def test_the_outcome_follows_the_mark_in_the_framework() -> None:
    assert PHONICS.derived == (PHONICS_OUTCOME,)
    assert (PHONICS_OUTCOME.code, PHONICS_OUTCOME.name) == ("PSO", "Outcome")
    assert PHONICS_OUTCOME.after == PHONICS_MARK
    assert PHONICS_OUTCOME.yes_no and PHONICS_OUTCOME.among_decided
    assert PHONICS_OUTCOME.words == ("Wa", "Wt")
    assert PHONICS.band_words == ("Wt", "Wa")  # the foot's two groups


@pytest.mark.parametrize(("mark", "said"), [(31, "Wt"), (32, "Wa"), (33, "Wa")])
def test_a_mark_against_a_threshold_of_32(mark: int, said: str) -> None:
    assert outcome(mark) == said


def test_a_threshold_of_0_passes_every_mark_and_of_40_only_full_marks() -> None:
    at_0, at_40 = YearSettings(phonics_threshold=0), YearSettings(phonics_threshold=40)
    assert [outcome(mark, at_0) for mark in (0, 1, 40)] == ["Wa", "Wa", "Wa"]
    assert [outcome(mark, at_40) for mark in (0, 39, 40)] == ["Wt", "Wt", "Wa"]


@pytest.mark.parametrize("code", ["A", "D", "L", "Q", None])
def test_no_mark_has_no_outcome(code: str | None) -> None:
    """A code in place of a mark (absent, disapplied, left, maladministration) or a blank."""
    assert PHONICS_OUTCOME({PHONICS_MARK: code}, {}, IN_2025) is None
    assert PHONICS.derive({PHONICS_MARK: code}, {}, IN_2025) == {"PSO": None}
    assert outcome(None) == ""


def test_a_year_whose_threshold_was_not_read_takes_the_usual_32() -> None:
    assert PHONICS_THRESHOLD_USUAL == 32
    assert PHONICS_OUTCOME({}, {PHONICS_MARK: 31}) is False
    assert PHONICS_OUTCOME({}, {PHONICS_MARK: 32}) is True


@given(
    st.integers(0, PHONICS_MARK_MAX),
    st.integers(0, PHONICS_MARK_MAX),
)
def test_met_exactly_when_the_mark_reaches_the_threshold(mark: int, threshold: int) -> None:
    assert phonics_outcome(mark, threshold) is (mark >= threshold)
    # Raising the threshold never turns a Wt into a Wa.
    if not phonics_outcome(mark, threshold):
        assert not phonics_outcome(mark, min(threshold + 1, PHONICS_MARK_MAX))


def test_a_derived_column_takes_one_rule_and_short_words() -> None:
    with pytest.raises(ValueError, match="a rule or a year rule"):
        DerivedColumn("X", "Neither")
    with pytest.raises(ValueError, match="a rule or a year rule"):
        DerivedColumn("X", "Both", lambda v: None, year_rule=lambda v, m, s: None)
    with pytest.raises(ValueError, match="1 to 3 characters"):
        DerivedColumn("X", "Long", lambda v: True, words=("Passed", "No"))
    plain = DerivedColumn("X", "Plain", lambda v: True)
    assert [plain.said(value) for value in (True, False, None, 7)] == ["Yes", "No", "", "7"]
