"""Pure EYFS rules: academic years, year groups, percentages, ELG scores and UPN checks."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from store.curriculum.eyfs import AREA_CODES, GLD_AREA_CODES, ElgOutcome, Judgement, YearGroup

__all__ = [
    "ColumnStats",
    "ElgColumnStats",
    "academic_year_of",
    "average_elg_score",
    "birth_date_range",
    "column_statistics",
    "elg_column_statistics",
    "elg_total_score",
    "format_academic_year",
    "format_percent",
    "goals_at_expected",
    "good_level_of_development",
    "is_summer_born",
    "normalise_upn",
    "parse_academic_year",
    "parse_uk_date",
    "percent",
    "upn_check_letter",
    "upn_problem",
    "whole_percent",
    "year_group_of",
]

# --- Academic years -------------------------------------------------------------------------

_SEPTEMBER = 9
_ACADEMIC_YEAR_EXAMPLE = "Academic year must look like 2025/2026"
# "2025", "2025/2026", "2025/26", "2025-2026"; an en dash too, as pasted from Word documents.
_ACADEMIC_YEAR_PATTERN = re.compile(r"(\d{4})(?:\s*[/\-\u2013]\s*(\d{4}|\d{2}))?")


def academic_year_of(day: date) -> int:
    """Return the start year of the academic year (1 September to 31 August) containing `day`.

    Args:
        day: Any date.

    Returns:
        The calendar year of the 1 September that opens the academic year, e.g. 2025 for
        31/08/2026 and 2026 for 01/09/2026.
    """
    return day.year if day.month >= _SEPTEMBER else day.year - 1


def format_academic_year(start: int) -> str:
    """Write an academic year the way the product shows it.

    Args:
        start: The academic year's start year.

    Returns:
        Text such as "2025/2026".
    """
    return f"{start}/{start + 1}"


def parse_academic_year(text: str) -> int:
    """Read an academic year typed by a user.

    Accepts "2025/2026", "2025/26", "2025-2026" or "2025", with any surrounding or inner spaces.

    Args:
        text: What the user typed.

    Returns:
        The academic year's start year.

    Raises:
        ValueError: If the text is not an academic year, including when the second year does not
            follow the first (e.g. "2025/2027").
    """
    shown = text.strip()
    match = _ACADEMIC_YEAR_PATTERN.fullmatch(shown)
    if match is None:
        raise ValueError(f"{_ACADEMIC_YEAR_EXAMPLE}, not {shown!r}.")
    start = int(match.group(1))
    end_text = match.group(2)
    if end_text is not None:
        # A two-digit end is compared modulo 100 so that 2099/00 is still accepted.
        expected = start + 1 if len(end_text) == 4 else (start + 1) % 100
        if int(end_text) != expected:
            raise ValueError(
                f"{_ACADEMIC_YEAR_EXAMPLE}, not {shown!r}: the second year must be the one after "
                f"the first ({format_academic_year(start)})."
            )
    return start


# --- Dates as schools type them ----------------------------------------------------------------

_UK_DATE_PATTERN = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})")
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def parse_uk_date(text: str) -> date:
    """Read a date written day first, as English schools and their spreadsheets write it.

    Accepts "05/10/2025", "5/10/25", "5.10.2025", "5-10-2025" and ISO "2025-10-05". A two-digit
    year means 20YY.

    Raises:
        ValueError: With a sentence saying what is wrong, e.g. that February 2023 has 28 days.
    """
    shown = text.strip()
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", shown)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    else:
        match = _UK_DATE_PATTERN.fullmatch(shown)
        if match is None:
            raise ValueError(f"Write the date as dd/mm/yyyy, e.g. 05/10/2025 (not {shown!r}).")
        day, month, year = (int(part) for part in match.groups())
        if len(match.group(3)) == 2:
            year += 2000
    if not 1 <= month <= 12:
        raise ValueError(f"{shown} is not a date: there is no month {month}.")
    if year < 1900:
        raise ValueError(f"{shown} is not a date this tracker can hold (year {year}).")
    days_in_month = (date(year + month // 12, month % 12 + 1, 1) - date(year, month, 1)).days
    if not 1 <= day <= days_in_month:
        raise ValueError(
            f"{shown} is not a date: {_MONTH_NAMES[month - 1]} {year} has {days_in_month} days."
        )
    return date(year, month, day)


def parse_whole_number(text: str, low: int, high: int, what: str) -> int:
    """Read a whole number from `low` to `high`, e.g. a sort order.

    Raises:
        ValueError: naming `what` and the numbers allowed ("Sort order is a whole number from 0
            to 9999, not '-5'.").
    """
    shown = text.strip()
    if not _is_ascii_digits(shown) or not low <= int(shown) <= high:
        raise ValueError(f"{what} is a whole number from {low} to {high}, not {shown!r}.")
    return int(shown)


# --- Year groups and birthdays --------------------------------------------------------------

# Reception children of academic year S were themselves born in academic year S - 5.
_RECEPTION_AGE_IN_YEARS = 5
_YEAR_GROUP_BY_OFFSET: dict[int, YearGroup] = {group.offset: group for group in YearGroup}
_FIRST_SUMMER_MONTH = 4  # April
_LAST_SUMMER_MONTH = 8  # August


def year_group_of(
    date_of_birth: date, academic_year: int, override: YearGroup | None = None
) -> YearGroup | None:
    """Work out a pupil's year group in an academic year.

    Args:
        date_of_birth: The pupil's date of birth.
        academic_year: The start year of the academic year asked about.
        override: The pupil's year override, which replaces the derived group when given.

    Returns:
        The override if given; otherwise the group derived from the date of birth (Reception for
        academic year S is born 1 Sep S-5 .. 31 Aug S-4, each other group a whole year away), or
        None when the child is younger than Nursery 1 or older than Year 2.
    """
    if override is not None:
        return override
    offset = academic_year - _RECEPTION_AGE_IN_YEARS - academic_year_of(date_of_birth)
    return _YEAR_GROUP_BY_OFFSET.get(offset)


def birth_date_range(year_group: YearGroup, academic_year: int) -> tuple[date, date]:
    """Give the dates of birth of a cohort.

    Args:
        year_group: The year group.
        academic_year: The start year of the academic year.

    Returns:
        The first and last date of birth (both inclusive) of children in `year_group` in that
        academic year, ignoring year overrides.
    """
    born_in = academic_year - _RECEPTION_AGE_IN_YEARS - year_group.offset
    return date(born_in, _SEPTEMBER, 1), date(born_in + 1, 8, 31)


def is_summer_born(date_of_birth: date) -> bool:
    """Say whether a child is summer born (born 1 April .. 31 August, any year).

    Args:
        date_of_birth: The child's date of birth.

    Returns:
        True for a birthday from 1 April to 31 August inclusive.
    """
    return _FIRST_SUMMER_MONTH <= date_of_birth.month <= _LAST_SUMMER_MONTH


# --- Percentages ----------------------------------------------------------------------------

_HUNDREDTH = Decimal("0.01")


def _check_fraction(count: int, total: int) -> None:
    if count < 0 or total < 0 or count > total:
        raise ValueError(f"A percentage needs 0 <= count <= total; got {count} of {total}.")


def _divide_half_up(numerator: int, denominator: int) -> int:
    # Integer arithmetic keeps ties exact: Decimal division would first round to 28 digits.
    return (2 * numerator + denominator) // (2 * denominator)


def percent(count: int, total: int) -> Decimal:
    """Express `count` as a percentage of `total`, the way the grid's foot statistics show it.

    Args:
        count: How many pupils have the value (0 <= count <= total).
        total: How many pupils are displayed and included in data.

    Returns:
        count / total * 100 rounded half-up to 2 decimal places, e.g. Decimal("2.78") for 1 of
        36; Decimal("0.00") when total is 0.

    Raises:
        ValueError: If count or total is negative, or count exceeds total.
    """
    _check_fraction(count, total)
    if total == 0:
        return Decimal("0.00")
    hundredths = _divide_half_up(count * 100 * 100, total)
    return Decimal(hundredths).scaleb(-2)


def whole_percent(count: int, total: int) -> int:
    """Express `count` as a whole-number percentage of `total`.

    Args:
        count: How many pupils have the value (0 <= count <= total).
        total: How many pupils there are.

    Returns:
        count / total * 100 rounded half-up to a whole number; 0 when total is 0.

    Raises:
        ValueError: If count or total is negative, or count exceeds total.
    """
    _check_fraction(count, total)
    if total == 0:
        return 0
    return _divide_half_up(count * 100, total)


def format_percent(value: Decimal) -> str:
    """Write a percentage with exactly 2 decimals and no % sign.

    Args:
        value: The percentage, e.g. from `percent`.

    Returns:
        Text such as "2.78" or "50.00" (rounded half-up if `value` has more decimals).
    """
    rounded = value.quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)
    if rounded.is_zero():
        rounded = abs(rounded)  # never show "-0.00"
    return f"{rounded:f}"


# --- Foot-of-column statistics --------------------------------------------------------------


@dataclass(frozen=True)
class ColumnStats:
    """The statistics at the foot of one assessment column."""

    below: int
    on_track: int
    pupils: int

    @property
    def percent_below(self) -> Decimal:
        """Below as a percentage of pupils, blanks included in the denominator."""
        return percent(self.below, self.pupils)

    @property
    def percent_on_track(self) -> Decimal:
        """On track as a percentage of pupils, blanks included in the denominator."""
        return percent(self.on_track, self.pupils)


def column_statistics(values: Iterable[Judgement | None]) -> ColumnStats:
    """Count one assessment column.

    Args:
        values: One value per displayed pupil who is included in data (the caller filters);
            None is a blank cell.

    Returns:
        Counts of Below and On track, and the number of pupils including blanks.
    """
    below = on_track = pupils = 0
    for value in values:
        pupils += 1
        # `==` rather than `is` so raw stored codes ("B", "O") count too: Judgement is a str enum.
        if value == Judgement.BELOW:
            below += 1
        elif value == Judgement.ON_TRACK:
            on_track += 1
    return ColumnStats(below=below, on_track=on_track, pupils=pupils)


@dataclass(frozen=True)
class ElgColumnStats:
    """The statistics at the foot of one End of Year Early Learning Goal column."""

    emerging: int
    expected: int
    absent: int
    pupils: int

    @property
    def percent_emerging(self) -> Decimal:
        """Emerging as a percentage of pupils, blanks and Absent included in the denominator."""
        return percent(self.emerging, self.pupils)

    @property
    def percent_expected(self) -> Decimal:
        """Expected as a percentage of pupils, blanks and Absent included in the denominator."""
        return percent(self.expected, self.pupils)


def elg_column_statistics(values: Iterable[ElgOutcome | None]) -> ElgColumnStats:
    """Count one End of Year Early Learning Goal column.

    Args:
        values: One outcome per displayed pupil who is included in data; None is a blank cell.

    Returns:
        Counts of Emerging, Expected and Absent, and the number of pupils including blanks.
    """
    emerging = expected = absent = pupils = 0
    for value in values:
        pupils += 1
        if value == ElgOutcome.EMERGING:
            emerging += 1
        elif value == ElgOutcome.EXPECTED:
            expected += 1
        elif value == ElgOutcome.ABSENT:
            absent += 1
    return ElgColumnStats(emerging=emerging, expected=expected, absent=absent, pupils=pupils)


# --- Early Learning Goals -------------------------------------------------------------------

# Tuples, not sets: membership then uses ==, so raw stored codes ("E", "X") match too.
_SCORED = (ElgOutcome.EMERGING, ElgOutcome.EXPECTED)
_GLD_FAILING = (ElgOutcome.EMERGING, ElgOutcome.ABSENT)


def _outcomes_for(
    outcomes: Mapping[str, ElgOutcome | None], codes: tuple[str, ...]
) -> list[ElgOutcome | None]:
    unknown = set(outcomes) - set(AREA_CODES)
    if unknown:
        # A misspelt key would otherwise read as a blank and silently change GLD and scores.
        raise ValueError(f"Unknown area codes: {', '.join(sorted(unknown))}.")
    return [outcomes.get(code) for code in codes]


def good_level_of_development(outcomes: Mapping[str, ElgOutcome | None]) -> bool | None:
    """Decide a pupil's Good Level of Development from the 12 GLD goals.

    Args:
        outcomes: The pupil's outcomes keyed by area code; a missing key or None is blank.

    Returns:
        True when all 12 GLD goals are Expected; False as soon as any of them is Emerging or
        Absent (even with others still blank); None while incomplete.

    Raises:
        ValueError: If a key is not an area code.
    """
    gld = _outcomes_for(outcomes, GLD_AREA_CODES)
    if any(value in _GLD_FAILING for value in gld):
        return False
    if all(value == ElgOutcome.EXPECTED for value in gld):
        return True
    return None


def elg_total_score(outcomes: Mapping[str, ElgOutcome | None]) -> int | None:
    """Score a pupil's 17 Early Learning Goals (Emerging 1, Expected 2).

    Args:
        outcomes: The pupil's outcomes keyed by area code; a missing key or None is blank.

    Returns:
        0 if any goal is Absent; the sum (17..34) when all 17 are Emerging or Expected; None
        while incomplete.

    Raises:
        ValueError: If a key is not an area code.
    """
    values = _outcomes_for(outcomes, AREA_CODES)
    if ElgOutcome.ABSENT in values:
        return 0
    if not all(value in _SCORED for value in values):
        return None
    return sum(1 if value == ElgOutcome.EMERGING else 2 for value in values)


def average_elg_score(
    rows: Iterable[Mapping[str, ElgOutcome | None]],
) -> tuple[Decimal | None, int]:
    """Average the ELG total score the way DfE does.

    Args:
        rows: One mapping of outcomes per pupil included in data, keyed by area code.

    Returns:
        The average total score over pupils whose 17 goals are all Emerging or Expected (Absent
        and incomplete pupils are left out), rounded half-up to 2 decimal places, and how many
        pupils it counts; (None, 0) when no pupil counts.

    Raises:
        ValueError: If a key is not an area code.
    """
    total = counted = 0
    for row in rows:
        score = elg_total_score(row)
        if score is None or score == 0:
            continue  # incomplete (None) and Absent (0) pupils are left out, as DfE does
        total += score
        counted += 1
    if counted == 0:
        return None, 0
    return Decimal(_divide_half_up(total * 100, counted)).scaleb(-2), counted


def goals_at_expected(outcomes: Mapping[str, ElgOutcome | None]) -> int:
    """Count how many of the 17 goals are at Expected.

    Args:
        outcomes: The pupil's outcomes keyed by area code; a missing key or None is blank.

    Returns:
        The number of goals, 0..17, whose outcome is Expected.

    Raises:
        ValueError: If a key is not an area code.
    """
    return sum(value == ElgOutcome.EXPECTED for value in _outcomes_for(outcomes, AREA_CODES))


# --- Unique Pupil Numbers -------------------------------------------------------------------

# DfE UPN specification: A to Z without I, O and S, so that index 0..22 is a remainder mod 23.
_UPN_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"
UPN_LENGTH = 13
_FIRST_WEIGHT = 2  # character 2 of the UPN (the first after the check letter) has weight 2


def normalise_upn(text: str) -> str:
    """Tidy a typed UPN before checking or storing it.

    Args:
        text: What the user typed or the file held.

    Returns:
        The text with surrounding whitespace removed, in upper case.
    """
    return text.strip().upper()


def upn_check_letter(last_twelve: str) -> str:
    """Compute the check letter that starts a UPN (DfE algorithm).

    Characters 2..13 of the UPN are weighted 2..13; a digit counts as its value and a letter in
    the last place (temporary UPN) as its index in A..Z without I, O, S. The sum modulo 23
    indexes that same alphabet.

    Args:
        last_twelve: Characters 2..13 of the UPN: 11 digits then a digit or a letter.

    Returns:
        The check letter.

    Raises:
        ValueError: If `last_twelve` is not 11 digits followed by a digit or an allowed letter.
    """
    if (
        len(last_twelve) != UPN_LENGTH - 1
        or not _is_ascii_digits(last_twelve[:-1])
        or not (_is_ascii_digits(last_twelve[-1]) or last_twelve[-1] in _UPN_ALPHABET)
    ):
        raise ValueError(
            f"Expected 11 digits then a digit or a letter (not I, O or S), got {last_twelve!r}."
        )
    total = 0
    for weight, char in enumerate(last_twelve, start=_FIRST_WEIGHT):
        value = int(char) if char.isdigit() else _UPN_ALPHABET.index(char)
        total += weight * value
    return _UPN_ALPHABET[total % len(_UPN_ALPHABET)]


def _is_ascii_digits(text: str) -> bool:
    # str.isdigit() also accepts superscripts and other scripts' digits, which int() may reject.
    return text.isascii() and text.isdigit()


def upn_problem(upn: str) -> str | None:
    """Explain what is wrong with a UPN, if anything.

    The UPN is normalised (stripped and upper-cased) first.

    Args:
        upn: The UPN as typed.

    Returns:
        None when the UPN is valid, otherwise one sentence saying exactly why it is not.
    """
    upn = normalise_upn(upn)
    if len(upn) != UPN_LENGTH:
        return f"A UPN has {UPN_LENGTH} characters; this one has {len(upn)}."
    if not _is_ascii_digits(upn[1:12]):
        return "Characters 2 to 12 of a UPN must be digits."
    last = upn[12]
    if not (_is_ascii_digits(last) or ("A" <= last <= "Z")):
        return "The 13th character must be a digit or a letter (temporary UPN)."
    if last in "IOS":
        return "The 13th character cannot be I, O or S (they are not used in UPNs)."
    first = upn[0]
    if not ("A" <= first <= "Z"):
        return "The first character of a UPN must be its check letter."
    expected = upn_check_letter(upn[1:])
    if first != expected:
        return (
            f"The check letter should be {expected}, not {first}: "
            "check the UPN was typed correctly."
        )
    return None
