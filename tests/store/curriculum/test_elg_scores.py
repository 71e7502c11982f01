"""Tests for store.curriculum.elg_scores: Good Level of Development, total and average ELG score."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.curriculum.elg_scores import (
    average_elg_score,
    elg_total_score,
    goals_at_expected,
    good_level_of_development,
)
from store.curriculum.eyfs import AREA_CODES, GLD_AREA_CODES, ElgOutcome
from tests.store.curriculum.strategies import (
    NON_GLD_CODES,
    A,
    E,
    X,
    all_of,
    any_rows,
    complete_rows,
    half_up,
)

# --- Good Level of Development --------------------------------------------------------------


def test_gld_yes_when_all_twelve_expected_whatever_the_other_five() -> None:
    row = all_of(X, **dict.fromkeys(NON_GLD_CODES, E))
    assert good_level_of_development(row) is True
    only_gld = {code: X for code in GLD_AREA_CODES}  # the other five blank
    assert good_level_of_development(only_gld) is True


@pytest.mark.parametrize("code", GLD_AREA_CODES)
@pytest.mark.parametrize("failing", [E, A])
def test_gld_no_when_any_of_the_twelve_is_emerging_or_absent(
    code: str, failing: ElgOutcome
) -> None:
    assert good_level_of_development(all_of(X, **{code: failing})) is False


def test_gld_no_even_while_others_are_blank() -> None:
    assert good_level_of_development({"LAU": E}) is False


def test_gld_blank_while_incomplete() -> None:
    assert good_level_of_development({}) is None
    assert good_level_of_development(all_of(X, W=None)) is None
    missing_one = {code: X for code in GLD_AREA_CODES[:-1]}
    assert good_level_of_development(missing_one) is None


def test_gld_ignores_the_five_goals_outside_it() -> None:
    assert good_level_of_development(all_of(X, PP=E, CWM=A)) is True


@given(any_rows)
def test_gld_agrees_with_the_twelve(row: dict[str, ElgOutcome | None]) -> None:
    twelve = [row[code] for code in GLD_AREA_CODES]
    result = good_level_of_development(row)
    if result is True:
        assert all(value is X for value in twelve)
    elif result is False:
        assert any(value in (E, A) for value in twelve)
    else:
        assert None in twelve
        assert not any(value in (E, A) for value in twelve)


# --- ELG scores -----------------------------------------------------------------------------


def test_elg_total_score_examples() -> None:
    assert elg_total_score(all_of(E)) == 17
    assert elg_total_score(all_of(X)) == 34
    assert elg_total_score(all_of(X, LAU=E, BIE=E)) == 32


def test_absent_scores_zero() -> None:
    assert elg_total_score(all_of(A)) == 0
    # Any Absent cell is enough, even before the grid has copied it to all 17.
    assert elg_total_score(all_of(X, NW=A)) == 0
    assert elg_total_score({"SP": A}) == 0


def test_elg_total_score_blank_while_incomplete() -> None:
    assert elg_total_score({}) is None
    assert elg_total_score(all_of(X, BIE=None)) is None
    row = all_of(X)
    del row["C"]
    assert elg_total_score(row) is None


def test_raw_stored_codes_are_understood() -> None:
    row = dict.fromkeys(AREA_CODES, "X")
    assert elg_total_score(row) == 34  # type: ignore[arg-type]
    assert good_level_of_development(row) is True  # type: ignore[arg-type]
    assert goals_at_expected(row) == 17  # type: ignore[arg-type]


def test_unknown_area_codes_are_refused() -> None:
    with pytest.raises(ValueError, match="LUA"):
        elg_total_score({"LUA": X})
    with pytest.raises(ValueError, match="LUA"):
        good_level_of_development({"LUA": X})
    with pytest.raises(ValueError, match="LUA"):
        goals_at_expected({"LUA": X})


@given(complete_rows)
def test_complete_rows_score_17_to_34(row: dict[str, ElgOutcome | None]) -> None:
    score = elg_total_score(row)
    assert score is not None
    assert 17 <= score <= 34
    assert score == 17 + goals_at_expected(row)


@given(any_rows)
def test_score_is_none_exactly_when_blank_and_not_absent(row: dict[str, ElgOutcome | None]) -> None:
    values = list(row.values())
    score = elg_total_score(row)
    if A in values:
        assert score == 0
    elif None in values:
        assert score is None
    else:
        assert score is not None and score >= 17


def test_goals_at_expected() -> None:
    assert goals_at_expected({}) == 0
    assert goals_at_expected(all_of(X)) == 17
    assert goals_at_expected(all_of(X, LAU=E, SP=None, SR=A)) == 14


# --- Average ELG score ----------------------------------------------------------------------


def test_average_leaves_out_absent_and_incomplete_pupils() -> None:
    rows = [
        all_of(X),  # 34
        all_of(E),  # 17
        all_of(X, LAU=E),  # 33
        all_of(A),  # left out
        all_of(X, W=None),  # left out
        {},  # left out
    ]
    assert average_elg_score(rows) == (Decimal("28.00"), 3)


def test_average_rounds_half_up_to_two_places() -> None:
    # (34 + 33 + 33) / 3 = 33.333...; (34 + 33) / 2 = 33.5; 8 rows averaging x.125 and x.375.
    assert average_elg_score([all_of(X), all_of(X, W=E), all_of(X, N=E)]) == (
        Decimal("33.33"),
        3,
    )
    assert average_elg_score([all_of(X), all_of(X, W=E)]) == (Decimal("33.50"), 2)
    eight = [all_of(X, LAU=E)] + [all_of(X)] * 7  # 271 / 8 = 33.875
    assert average_elg_score(eight) == (Decimal("33.88"), 8)


def test_average_of_nobody_is_blank() -> None:
    assert average_elg_score([]) == (None, 0)
    assert average_elg_score([all_of(A), all_of(None)]) == (None, 0)


@given(st.lists(st.one_of(complete_rows, any_rows), max_size=30))
def test_average_matches_exact_mean_of_complete_rows(
    rows: list[dict[str, ElgOutcome | None]],
) -> None:
    scores = [
        sum(1 if v is E else 2 for v in row.values())
        for row in rows
        if all(v in (E, X) for v in row.values())
    ]
    average, counted = average_elg_score(rows)
    assert counted == len(scores)
    if scores:
        assert average == half_up(Fraction(sum(scores), len(scores)), 2)
        assert average is not None and Decimal(17) <= average <= Decimal(34)
    else:
        assert average is None
