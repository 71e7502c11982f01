"""Tests for store.curriculum.rules: the pure EYFS rules."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.curriculum import rules
from store.curriculum.eyfs import AREA_CODES, GLD_AREA_CODES, ElgOutcome, Judgement, YearGroup
from store.curriculum.rules import (
    ColumnStats,
    ElgColumnStats,
    academic_year_of,
    average_elg_score,
    birth_date_range,
    column_statistics,
    elg_column_statistics,
    elg_total_score,
    format_academic_year,
    format_percent,
    goals_at_expected,
    good_level_of_development,
    is_summer_born,
    normalise_upn,
    parse_academic_year,
    percent,
    upn_check_letter,
    upn_problem,
    whole_percent,
    year_group_of,
)

E, X, A = ElgOutcome.EMERGING, ElgOutcome.EXPECTED, ElgOutcome.ABSENT
BELOW, ON_TRACK = Judgement.BELOW, Judgement.ON_TRACK
NON_GLD_CODES = tuple(code for code in AREA_CODES if code not in GLD_AREA_CODES)

dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31))
academic_years = st.integers(min_value=1960, max_value=2140)
outcome_or_blank = st.one_of(st.none(), st.sampled_from(ElgOutcome))
complete_rows = st.fixed_dictionaries({code: st.sampled_from((E, X)) for code in AREA_CODES})
any_rows = st.fixed_dictionaries({code: outcome_or_blank for code in AREA_CODES})


def all_of(value: ElgOutcome | None, **changes: ElgOutcome | None) -> dict[str, ElgOutcome | None]:
    """A row with every goal set to `value`, then the named goals changed."""
    row: dict[str, ElgOutcome | None] = dict.fromkeys(AREA_CODES, value)
    row.update(changes)
    return row


def half_up(value: Fraction, places: int) -> Decimal:
    """Independent oracle: round a non-negative exact fraction half-up."""
    scaled = value * 10**places
    whole = scaled.numerator // scaled.denominator
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Decimal(whole).scaleb(-places)


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


# --- UPN ------------------------------------------------------------------------------------


def test_upn_worked_example() -> None:
    """Worked example of the DfE check letter (UK Government Data Standards Catalogue, UPN v2.0).

    UPN B801200005001: characters 2..13 are 8 0 1 2 0 0 0 0 5 0 0 1, weighted 2..13:
        8x2 + 0x3 + 1x4 + 2x5 + 0x6 + 0x7 + 0x8 + 0x9 + 5x10 + 0x11 + 0x12 + 1x13
        = 16 + 4 + 10 + 50 + 13 = 93
    93 mod 23 = 1, and index 1 of ABCDEFGHJKLMNPQRTUVWXYZ is B.
    (Also the example in python-stdnum's stdnum.gb.upn documentation.)
    """
    assert upn_check_letter("801200005001") == "B"
    assert upn_problem("B801200005001") is None
    assert upn_problem("A801200005001") == (
        "The check letter should be B, not A: check the UPN was typed correctly."
    )


def test_temporary_upn_worked_example() -> None:
    """The same LA/establishment/year with a temporary serial "00" + letter.

    Weighted digits 8x2 + 1x4 + 2x5 + 5x10 = 80; the 13th character has weight 13.
    "A" counts 0: 80 mod 23 = 11 -> M (A0 B1 C2 D3 E4 F5 G6 H7 J8 K9 L10 M11).
    "B" counts 1: 80 + 13 = 93, 93 mod 23 = 1 -> B.
    "T" counts 16 (I, O, S skipped): 80 + 208 = 288, 288 mod 23 = 12 -> N.
    """
    assert upn_check_letter("80120000500A") == "M"
    assert upn_check_letter("80120000500B") == "B"
    assert upn_check_letter("80120000500T") == "N"
    assert upn_problem("M80120000500A") is None
    assert upn_problem("B80120000500B") is None


def test_check_letter_k_from_weight_nine() -> None:
    # A single 1 at UPN character 9 (weight 9) gives 9 mod 23 = 9 -> K.
    assert upn_check_letter("000000010000") == "K"
    assert upn_problem("A000000010000") == (
        "The check letter should be K, not A: check the UPN was typed correctly."
    )


@pytest.mark.parametrize(
    ("upn", "problem"),
    [
        ("B80120000500", "A UPN has 13 characters; this one has 12."),
        ("B8012000050011", "A UPN has 13 characters; this one has 14."),
        ("", "A UPN has 13 characters; this one has 0."),
        ("B8012000A5001", "Characters 2 to 12 of a UPN must be digits."),
        ("B80120000500-", "The 13th character must be a digit or a letter (temporary UPN)."),
        ("B80120000500I", "The 13th character cannot be I, O or S (they are not used in UPNs)."),
        ("B80120000500S", "The 13th character cannot be I, O or S (they are not used in UPNs)."),
        ("1801200005001", "The first character of a UPN must be its check letter."),
        (
            "I801200005001",
            "The check letter should be B, not I: check the UPN was typed correctly.",
        ),
    ],
)
def test_upn_problem_says_why(upn: str, problem: str) -> None:
    assert upn_problem(upn) == problem


def test_upn_is_normalised_before_checking() -> None:
    assert normalise_upn("  b801200005001\t") == "B801200005001"
    assert upn_problem("  b801200005001\n") is None
    assert upn_problem("m80120000500a") is None


def test_upn_check_letter_refuses_malformed_input() -> None:
    for bad in ["80120000500", "8012000050011", "8012000A5001", "80120000500O", "80120000500a"]:
        with pytest.raises(ValueError):
            upn_check_letter(bad)


def test_upn_refuses_non_ascii_digits() -> None:
    assert upn_problem("B8012000050０1") == "Characters 2 to 12 of a UPN must be digits."


twelves = st.builds(
    lambda digits, last: digits + last,
    st.text(alphabet="0123456789", min_size=11, max_size=11),
    st.sampled_from("0123456789ABCDEFGHJKLMNPQRTUVWXYZ"),
)


@given(twelves)
def test_a_computed_check_letter_makes_a_valid_upn(twelve: str) -> None:
    letter = upn_check_letter(twelve)
    assert letter in "ABCDEFGHJKLMNPQRTUVWXYZ"
    assert upn_problem(letter + twelve) is None
    assert upn_problem((letter + twelve).lower()) is None


@given(twelves, st.integers(min_value=0, max_value=10), st.integers(min_value=1, max_value=9))
def test_any_single_digit_typo_is_caught(twelve: str, position: int, shift: int) -> None:
    upn = upn_check_letter(twelve) + twelve
    index = 1 + position  # characters 2..12 are always digits
    typo = str((int(upn[index]) + shift) % 10)
    mistyped = upn[:index] + typo + upn[index + 1 :]
    problem = upn_problem(mistyped)
    assert problem is not None and problem.startswith("The check letter should be")


@given(twelves, st.integers(min_value=0, max_value=9))
def test_swapping_adjacent_digits_is_caught(twelve: str, position: int) -> None:
    upn = upn_check_letter(twelve) + twelve
    index = 1 + position
    if upn[index] == upn[index + 1]:
        return  # nothing to swap
    swapped = upn[:index] + upn[index + 1] + upn[index] + upn[index + 2 :]
    assert upn_problem(swapped) is not None


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
    assert rules.parse_uk_date(text) == expected


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
        rules.parse_uk_date(text)
