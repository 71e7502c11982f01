"""The statistics at the foot of a grid column: counts and percentages of pupils, by the bands
of the column's codes, Yes counts and averages."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from store.curriculum.codes import Band, CodeSet
from store.curriculum.framework import CountedGroup, average_of
from store.curriculum.percentages import percent
from store.curriculum.score_bands import ScoreSettings


@dataclass(frozen=True)
class GroupCount:
    """One counted group of a column: its name and how many of the pupils counted are in it."""

    words: str
    count: int
    pupils: int

    @property
    def percent(self) -> Decimal:
        return percent(self.count, self.pupils)


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

    @property
    def groups(self) -> tuple[GroupCount, GroupCount]:
        """The two groups in order, as GroupStats gives its groups."""
        below, at_or_above = self.words
        return (
            GroupCount(below, self.below, self.pupils),
            GroupCount(at_or_above, self.at_or_above, self.pupils),
        )


@dataclass(frozen=True)
class GroupStats:
    """The foot of a column of codes whose framework names its own counted groups (KS1: EXS+,
    GDS, below EXS and the rest): each group's count, of all the pupils counted, blanks
    included."""

    groups: tuple[GroupCount, ...]
    pupils: int


CountedStats = BandStats | GroupStats
"""A column of codes' foot: its groups, in the framework's order."""


def group_statistics(
    values: Iterable[str | None], codes: CodeSet, groups: Sequence[CountedGroup]
) -> GroupStats:
    """Count one column of codes into `groups` (a pupil may be in several, or in none).

    Args:
        values: One stored code per displayed pupil included in data; None is a blank cell (a
            code the set does not have counts as one too).
        codes: The column's codes, whose bands say which groups each counts in.
        groups: The framework's counted groups.
    """
    bands = codes.bands
    held = [group.bands for group in groups]
    counts = [0] * len(groups)
    pupils = 0
    for value in values:
        pupils += 1
        band = bands.get(value) if value is not None else None
        for index, in_group in enumerate(held):
            if band in in_group:
                counts[index] += 1
    return GroupStats(
        tuple(
            GroupCount(group.words, count, pupils)
            for group, count in zip(groups, counts, strict=True)
        ),
        pupils,
    )


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


@dataclass(frozen=True)
class ScoreStats:
    """The foot of a column of standardised scores: the mean, how many pupils have a score, how
    many of them reach the establishment's threshold, and how many are in each band."""

    mean: Decimal | None
    """To 2 decimal places; None: no scores yet."""
    scored: int
    at_or_above: int
    threshold: int
    bands: tuple[GroupCount, ...]
    """Each band's count of the pupils scored, lowest band first."""

    @property
    def percent_at_or_above(self) -> Decimal:
        """Of the pupils with a score (not those absent or yet to sit the test)."""
        return percent(self.at_or_above, self.scored)


def score_statistics(scores: Sequence[int], settings: ScoreSettings) -> ScoreStats:
    """Count one column's scores (of the displayed pupils included in data) against the
    establishment's threshold and bands."""
    mean, scored = average_of(scores)
    counts = [0] * len(settings.edges)
    for score in scores:
        counts[settings.band_index(score)] += 1
    return ScoreStats(
        mean,
        scored,
        sum(1 for score in scores if score >= settings.threshold),
        settings.threshold,
        tuple(
            GroupCount(band.short, count, scored)
            for band, count in zip(settings.bands, counts, strict=True)
        ),
    )
