"""Tests for store.curriculum.percentages: rounded half-up, checked against exact fractions."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.curriculum.percentages import format_percent, percent, whole_percent
from tests.store.curriculum.strategies import half_up

# --- Percentages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "total", "expected"),
    [
        (1, 36, "2.78"),  # the user guide's example
        (3, 6, "50.00"),
        (2, 6, "33.33"),
        (4, 6, "66.67"),
        (0, 0, "0.00"),
        (36, 36, "100.00"),
        (0, 36, "0.00"),
        (1, 8, "12.50"),
        (1, 160, "0.63"),  # exactly 0.625: half-up, not half-even (which gives 0.62)
        (3, 160, "1.88"),  # exactly 1.875
    ],
)
def test_percent(count: int, total: int, expected: str) -> None:
    result = percent(count, total)
    assert str(result) == expected  # two decimal places even for 0 and 100
    assert format_percent(result) == expected


@pytest.mark.parametrize(("count", "total"), [(-1, 5), (1, -5), (6, 5)])
def test_percent_refuses_impossible_fractions(count: int, total: int) -> None:
    with pytest.raises(ValueError):
        percent(count, total)
    with pytest.raises(ValueError):
        whole_percent(count, total)


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_percent_matches_exact_half_up_rounding_and_stays_in_range(count: int, total: int) -> None:
    count = min(count, total)
    result = percent(count, total)
    assert result == half_up(Fraction(100 * count, total), 2)
    assert result.as_tuple().exponent == -2
    assert Decimal(0) <= result <= Decimal(100)
    assert whole_percent(count, total) == int(half_up(Fraction(100 * count, total), 0))


@pytest.mark.parametrize(
    ("count", "total", "expected"),
    [(1, 36, 3), (1, 200, 1), (1, 201, 0), (2, 6, 33), (4, 6, 67), (0, 0, 0), (5, 5, 100)],
)
def test_whole_percent(count: int, total: int, expected: int) -> None:
    assert whole_percent(count, total) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("2.78"), "2.78"),
        (Decimal("50"), "50.00"),
        (Decimal("0"), "0.00"),
        (Decimal("-0"), "0.00"),
        (Decimal("1E+2"), "100.00"),
        (Decimal("33.345"), "33.35"),  # half-up; half-even would give 33.34
        (Decimal("7.5"), "7.50"),
    ],
)
def test_format_percent_always_has_two_decimals(value: Decimal, expected: str) -> None:
    assert format_percent(value) == expected
