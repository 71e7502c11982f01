"""Tests for store.curriculum.year_groups: year groups from dates of birth, summer born."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.curriculum.eyfs import YearGroup
from store.curriculum.year_groups import birth_date_range, is_summer_born, year_group_of
from tests.store.curriculum.strategies import academic_years, dates

# --- Year groups ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "expected"),
    [
        # Reception 2025/2026 is born 1 Sep 2020 .. 31 Aug 2021.
        (date(2020, 9, 1), YearGroup.RECEPTION),
        (date(2021, 8, 31), YearGroup.RECEPTION),
        (date(2020, 8, 31), YearGroup.YEAR_1),
        (date(2021, 9, 1), YearGroup.NURSERY_2),
        (date(2022, 9, 1), YearGroup.NURSERY_1),
        (date(2023, 8, 31), YearGroup.NURSERY_1),
        (date(2019, 9, 1), YearGroup.YEAR_1),
        (date(2018, 9, 1), YearGroup.YEAR_2),
        (date(2019, 8, 31), YearGroup.YEAR_2),
    ],
)
def test_year_group_of_2025_2026(born: date, expected: YearGroup) -> None:
    assert year_group_of(born, 2025) is expected


def test_year_group_of_is_none_outside_nursery_1_to_year_2() -> None:
    assert year_group_of(date(2023, 9, 1), 2025) is None  # too young for Nursery 1
    assert year_group_of(date(2018, 8, 31), 2025) is None  # Year 3


def test_pupils_roll_forward_each_september() -> None:
    born = date(2021, 3, 14)
    assert year_group_of(born, 2024) is YearGroup.NURSERY_2
    assert year_group_of(born, 2025) is YearGroup.RECEPTION
    assert year_group_of(born, 2026) is YearGroup.YEAR_1


def test_leap_day_birthday() -> None:
    leap = date(2020, 2, 29)
    assert year_group_of(leap, 2024) is YearGroup.RECEPTION
    first, last = birth_date_range(YearGroup.RECEPTION, 2024)
    assert first <= leap <= last
    assert last == date(2020, 8, 31)
    assert not is_summer_born(leap)


def test_override_wins() -> None:
    born = date(2020, 10, 1)  # Reception in 2025/2026
    assert year_group_of(born, 2025, YearGroup.NURSERY_2) is YearGroup.NURSERY_2
    # Even for a child the dates would put outside N1..Y2.
    assert year_group_of(date(2010, 1, 1), 2025, YearGroup.YEAR_2) is YearGroup.YEAR_2


def test_birth_date_range_examples() -> None:
    assert birth_date_range(YearGroup.RECEPTION, 2025) == (date(2020, 9, 1), date(2021, 8, 31))
    assert birth_date_range(YearGroup.NURSERY_1, 2025) == (date(2022, 9, 1), date(2023, 8, 31))
    assert birth_date_range(YearGroup.YEAR_2, 2025) == (date(2018, 9, 1), date(2019, 8, 31))


@given(st.sampled_from(YearGroup), academic_years, st.integers(min_value=0, max_value=365))
def test_year_group_round_trips_with_birth_date_range(
    group: YearGroup, academic_year: int, days_in: int
) -> None:
    first, last = birth_date_range(group, academic_year)
    assert (last - first).days in (364, 365)
    born = min(first + timedelta(days=days_in), last)
    assert year_group_of(born, academic_year) is group
    # The day before and after the range belong to the neighbouring cohorts.
    assert year_group_of(first - timedelta(days=1), academic_year) is not group
    assert year_group_of(last + timedelta(days=1), academic_year) is not group


@given(dates, academic_years)
def test_derived_year_group_is_the_cohort_whose_range_holds_the_birthday(
    born: date, academic_year: int
) -> None:
    group = year_group_of(born, academic_year)
    holding = [
        g
        for g in YearGroup
        if birth_date_range(g, academic_year)[0] <= born <= birth_date_range(g, academic_year)[1]
    ]
    assert holding == ([] if group is None else [group])


@pytest.mark.parametrize(
    ("born", "expected"),
    [
        (date(2021, 3, 31), False),
        (date(2021, 4, 1), True),
        (date(2021, 8, 31), True),
        (date(2021, 9, 1), False),
        (date(2021, 1, 15), False),
        (date(2020, 12, 31), False),
    ],
)
def test_is_summer_born(born: date, expected: bool) -> None:
    assert is_summer_born(born) is expected
