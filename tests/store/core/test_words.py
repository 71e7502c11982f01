"""Counted words in messages."""

from __future__ import annotations

from store.core.words import first_few, plural


def test_one_is_singular_and_every_other_count_plural() -> None:
    assert plural(1, "pupil") == "1 pupil"
    assert [plural(n, "pupil") for n in (0, 2, 600)] == ["0 pupils", "2 pupils", "600 pupils"]


def test_an_irregular_plural_is_given() -> None:
    assert plural(1, "child", "children") == "1 child"
    assert plural(3, "entry", "entries") == "3 entries"


def test_thousands_are_separated_as_the_guide_writes_them() -> None:
    assert plural(1275, "judgement") == "1,275 judgements"
    assert plural(1_000_000, "row") == "1,000,000 rows"


def test_first_few_names_some_and_counts_the_rest() -> None:
    assert first_few(["a", "b"], 3) == "a; b"
    assert first_few(["a", "b", "c"], 3) == "a; b; c"
    assert first_few(["a", "b", "c", "d", "e"], 3) == "a; b; c; and 2 more"
