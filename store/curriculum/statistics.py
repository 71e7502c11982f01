"""The statistics at the foot of a grid column: counts and percentages of pupils."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from store.curriculum.eyfs import ElgOutcome, Judgement
from store.curriculum.framework import Band, CodeSet
from store.curriculum.percentages import percent


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


@dataclass(frozen=True)
class BandStats:
    """The foot of a column of codes: how many pupils are in each of the framework's two
    counted groups (below; at or above), of all the pupils counted, blanks included."""

    words: tuple[str, str]
    """The groups' names, from the framework ("Below", "On track")."""
    below: int
    at_or_above: int
    pupils: int

    @property
    def percent_below(self) -> Decimal:
        return percent(self.below, self.pupils)

    @property
    def percent_at_or_above(self) -> Decimal:
        return percent(self.at_or_above, self.pupils)


def band_statistics(
    values: Iterable[str | None], codes: CodeSet, words: tuple[str, str]
) -> BandStats:
    """Count one column of codes.

    Args:
        values: One stored code per displayed pupil included in data; None is a blank cell.
        codes: The column's codes, whose bands say which group each counts in (Absent and
            the other bands count in neither).
        words: The two groups' names.
    """
    bands = codes.bands
    below = at_or_above = pupils = 0
    for value in values:
        pupils += 1
        band = bands.get(value) if value is not None else None
        if band is Band.BELOW:
            below += 1
        elif band is not None and band.counts_as_at_or_above:
            at_or_above += 1
    return BandStats(words, below, at_or_above, pupils)


@dataclass(frozen=True)
class YesStats:
    """The foot of a Yes/No column (GLD): Yes over the pupils counted."""

    yes: int
    pupils: int

    @property
    def percent_yes(self) -> Decimal:
        return percent(self.yes, self.pupils)


@dataclass(frozen=True)
class AverageStats:
    """The foot of a column of numbers (the ELG total score, a mark): the average, to 2
    decimal places, over the pupils it counts (None: none)."""

    average: Decimal | None
    counted: int
