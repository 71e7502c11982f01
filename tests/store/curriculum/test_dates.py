"""Tests for store.curriculum.dates: academic years and dates as schools write them."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.curriculum.dates import (
    academic_year_of,
    format_academic_year,
    parse_academic_year,
    parse_uk_date,
)
from tests.store.curriculum.strategies import dates

# --- Academic years -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 8, 31), 2025),
        (date(2026, 9, 1), 2026),
        (date(2026, 1, 1), 2025),
        (date(2025, 12, 31), 2025),
        (date(2020, 2, 29), 2019),
    ],
)
def test_academic_year_of_turns_over_on_1_september(day: date, expected: int) -> None:
    assert academic_year_of(day) == expected


@given(dates)
def test_every_date_belongs_to_exactly_one_academic_year(day: date) -> None:
    start = academic_year_of(day)
    assert date(start, 9, 1) <= day <= date(start + 1, 8, 31)
    # The neighbouring years do not also claim it.
    assert not date(start - 1, 9, 1) <= day <= date(start, 8, 31)
    assert not date(start + 1, 9, 1) <= day <= date(start + 2, 8, 31)


def test_format_academic_year() -> None:
    assert format_academic_year(2025) == "2025/2026"
    assert format_academic_year(1999) == "1999/2000"


@pytest.mark.parametrize(
    "text",
    ["2025/2026", "2025/26", "2025-2026", "2025", " 2025 / 2026 ", "\t2025-26\n", "2025–2026"],
)
def test_parse_academic_year_accepts_the_usual_spellings(text: str) -> None:
    assert parse_academic_year(text) == 2025


def test_parse_academic_year_two_digit_end_across_a_century() -> None:
    assert parse_academic_year("1999/00") == 1999
    assert parse_academic_year("2099/00") == 2099


@pytest.mark.parametrize(
    "text",
    [
        "2025/2027",
        "2025/27",
        "2025/2025",
        "2026/2025",
        "25/26",
        "",
        "   ",
        "2025/",
        "2025/2026/2027",
        "20255",
        "2025 2026",
        "twenty twenty-five",
        "2025.2026",
    ],
)
def test_parse_academic_year_refuses_anything_else(text: str) -> None:
    with pytest.raises(ValueError, match=r"^Academic year must look like 2025/2026"):
        parse_academic_year(text)


def test_parse_academic_year_explains_a_gap_of_two_years() -> None:
    with pytest.raises(ValueError, match=r"second year must be the one after the first"):
        parse_academic_year("2025/2027")


@given(st.integers(min_value=1000, max_value=9998))
def test_academic_year_round_trips_through_text(start: int) -> None:
    assert parse_academic_year(format_academic_year(start)) == start


# --- parse_uk_date ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05/10/2025", date(2025, 10, 5)),
        ("5/10/25", date(2025, 10, 5)),
        (" 5.10.2025 ", date(2025, 10, 5)),
        ("5-10-2025", date(2025, 10, 5)),
        ("2025-10-05", date(2025, 10, 5)),
        ("29/02/2020", date(2020, 2, 29)),
        ("31/12/2025", date(2025, 12, 31)),
    ],
)
def test_parse_uk_date_reads_day_first(text: str, expected: date) -> None:
    assert parse_uk_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/2020", "February 2020 has 29 days"),
        ("29/02/2023", "February 2023 has 28 days"),
        ("31/04/2025", "April 2025 has 30 days"),
        ("01/13/2025", "there is no month 13"),
        ("00/10/2025", "October 2025 has 31 days"),
        ("tomorrow", "dd/mm/yyyy"),
        ("", "dd/mm/yyyy"),
        ("10/2025", "dd/mm/yyyy"),
    ],
)
def test_parse_uk_date_says_why_it_refuses(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_uk_date(text)
