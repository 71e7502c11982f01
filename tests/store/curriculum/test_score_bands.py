"""Standardised scores as data: the framework's range and codes, NFER's bands at their edges,
the school's threshold in the foot's labels, and what settings may be."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.curriculum import frameworks
from store.curriculum.framework import YearSettings
from store.curriculum.score_bands import SCORE_HIGH, SCORE_LOW, USUAL_SCORES, ScoreSettings
from store.curriculum.scores import GPS, MATHEMATICS, READING, SCORES, SCORES_ID


def test_the_framework_is_known_for_periods_in_year_1_and_year_2() -> None:
    assert frameworks.by_id(SCORES_ID) is SCORES
    assert SCORES in frameworks.for_periods()
    assert [g.label for g in SCORES.year_groups] == ["Year 1", "Year 2"]
    assert SCORES.subject_codes == (READING, MATHEMATICS, GPS)
    assert SCORES.has_scores and not frameworks.by_id("phonics-check").has_scores


def test_a_score_is_69_to_141_or_a_code_in_its_place() -> None:
    reading = SCORES.subject(READING)
    assert reading is not None
    assert reading.accepts(None, 69) and reading.accepts(None, 141)
    assert reading.problem(None, 68) == (
        "68 is not a mark for Reading score: give a whole number from 69 to 141."
    )
    assert not reading.accepts(None, 142)
    assert [(c.code, c.keys) for c in reading.codes] == [
        ("A", ("a",)),
        ("NT", ("x",)),
        ("L", ("o",)),
    ]


@pytest.mark.parametrize(
    ("score", "said"),
    [
        (69, "69: well below (under 70)"),
        (70, "70: well below (70-84)"),
        (84, "84: well below (70-84)"),
        (85, "85: below (85-94)"),
        (94, "94: below (85-94)"),
        (95, "95: in line (95-104)"),
        (104, "104: in line (95-104)"),
        (105, "105: above (105-114)"),
        (114, "114: above (105-114)"),
        (115, "115: well above (115+)"),
        (141, "141: well above (115+)"),
    ],
)
def test_nfers_bands_at_their_edges(score: int, said: str) -> None:
    assert USUAL_SCORES.band_of(score).said_for(score) == said


@given(st.integers(SCORE_LOW, SCORE_HIGH), st.integers(SCORE_LOW, SCORE_HIGH))
def test_a_higher_score_is_never_in_a_lower_band(first: int, second: int) -> None:
    low, high = sorted((first, second))
    assert USUAL_SCORES.band_index(low) <= USUAL_SCORES.band_index(high)
    band = USUAL_SCORES.band_of(high)
    # 69 stands for "below 70": the lowest band takes it.
    assert high >= band.low or band == USUAL_SCORES.bands[0]
    assert band.high is None or high <= band.high


def test_the_foot_labels_carry_the_schools_threshold() -> None:
    usual = SCORES.foot_line_labels_in(YearSettings())
    assert usual == ("No. ≥100", "% ≥100", "Mean", "No. scored")
    own = SCORES.foot_line_labels_in(YearSettings(scores=ScoreSettings(threshold=96)))
    assert own[:2] == ("No. ≥96", "% ≥96")


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        (ScoreSettings(threshold=True), "threshold"),  # a bool is no score
        (ScoreSettings(edges=(69, 69, 95, 105, 115)), "edges"),
        (ScoreSettings(edges=(68, 85, 95, 105, 115)), "edges"),
        (ScoreSettings(margin=21), "margin"),
    ],
)
def test_settings_say_what_is_wrong_with_them(settings: ScoreSettings, field: str) -> None:
    problem = settings.problem()
    assert problem is not None and problem[0] == field
    assert USUAL_SCORES.problem() is None
