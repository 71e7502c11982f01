"""Matching what a person types against names: case, accents, apostrophes, hyphens, spaces aside.

A clerk types "obrien" for O'BRIEN, "smithjones" or "smith jones" for Smith-Jones, "lukasz"
for Łukasz: every surname search and type-ahead compares search keys, never the raw text.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Letters that Unicode does not decompose into a base letter and an accent.
_PLAIN_LETTERS = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"}
)


@lru_cache(maxsize=16384)  # a list is searched at every key: a school's names, folded once
def search_key(text: str) -> str:
    """`text` folded for matching: lower case, unaccented, letters and digits only.

    "O'Brien", "o brien" and "OBRIEN" all give "obrien"; "Zoë" gives "zoe".
    """
    folded = unicodedata.normalize("NFKD", text.casefold()).translate(_PLAIN_LETTERS)
    return "".join(ch for ch in folded if ch.isalnum())


def matches(typed: str, text: str) -> bool:
    """Whether `typed` is part of `text`, compared by search keys."""
    return search_key(typed) in search_key(text)
