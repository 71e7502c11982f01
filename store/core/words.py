"""Counted words for messages: "1 pupil", "3 pupils", "1 child", "2 children"; a list cut
short in a sentence."""

from __future__ import annotations

from collections.abc import Sequence


def plural(count: int, noun: str, many: str | None = None) -> str:
    """`count` and its noun: `noun` for 1, else `many` (by default `noun` + "s"); thousands
    are separated as the guide writes them (1,275 judgements)."""
    return f"{count:,} {noun if count == 1 else (many or noun + 's')}"


def first_few(items: Sequence[str], most: int) -> str:
    """The first `most` items joined by "; ", and how many more there are ("; and 3 more"):
    a refusal's sentence names a few and the screen lists them all."""
    named = "; ".join(items[:most])
    return named + (f"; and {len(items) - most} more" if len(items) > most else "")
