"""Academic years and dates as English schools write them: pure rules, no I/O."""

from __future__ import annotations

import re
from datetime import date

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
