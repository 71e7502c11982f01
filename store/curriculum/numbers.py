"""Whole numbers as people type them: ASCII digits only, within bounds."""

from __future__ import annotations


def is_ascii_digits(text: str) -> bool:
    """Whether `text` is ASCII digits 0-9 only (and not empty)."""
    # str.isdigit() also accepts superscripts and other scripts' digits, which int() may reject.
    return text.isascii() and text.isdigit()


def parse_whole_number(text: str, low: int, high: int, what: str) -> int:
    """Read a whole number from `low` to `high`, e.g. a sort order.

    Raises:
        ValueError: naming `what` and the numbers allowed ("Sort order is a whole number from 0
            to 9999, not '-5'.").
    """
    shown = text.strip()
    if not is_ascii_digits(shown) or not low <= int(shown) <= high:
        raise ValueError(f"{what} is a whole number from {low} to {high}, not {shown!r}.")
    return int(shown)
