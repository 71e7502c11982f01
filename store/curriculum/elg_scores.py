"""The End of Year ELGs' derived figures: Good Level of Development, total and average score."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from store.curriculum.eyfs import AREA_CODES, GLD_AREA_CODES, ElgOutcome
from store.curriculum.percentages import divide_half_up

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
    return Decimal(divide_half_up(total * 100, counted)).scaleb(-2), counted


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
