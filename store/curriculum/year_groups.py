"""Year groups from dates of birth, the birthdays a year group holds, summer born."""

from __future__ import annotations

from datetime import date

from store.curriculum.dates import academic_year_of
from store.curriculum.eyfs import YearGroup

# Reception children of academic year S were themselves born in academic year S - 5.
_RECEPTION_AGE_IN_YEARS = 5
_SEPTEMBER = 9  # the academic year's first month
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
