"""Counted words for messages: "1 pupil", "3 pupils", "1 child", "2 children"."""

from __future__ import annotations


def plural(count: int, noun: str, many: str | None = None) -> str:
    """`count` and its noun: `noun` for 1, else `many` (by default `noun` + "s"); thousands
    are separated as the guide writes them (1,275 judgements)."""
    return f"{count:,} {noun if count == 1 else (many or noun + 's')}"
