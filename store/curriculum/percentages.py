"""Percentages as the grid, the reports and the exports show them: rounded half-up."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

_HUNDREDTH = Decimal("0.01")


def _check_fraction(count: int, total: int) -> None:
    if count < 0 or total < 0 or count > total:
        raise ValueError(f"A percentage needs 0 <= count <= total; got {count} of {total}.")


def divide_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half-up to a whole number (both not negative)."""
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
    hundredths = divide_half_up(count * 100 * 100, total)
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
    return divide_half_up(count * 100, total)


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
