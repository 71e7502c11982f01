"""The grid's value keys, made from the framework of the column the cursor is in: one binding
per code (its first key shown in the key bar and help, the others named in its tooltip), the
digits that type a number subject's mark, and a fallback for every other framework's keys
that says what to press here.

Bindings, not a key handler: the key bar and F1 help list them like every other command.
"""

from __future__ import annotations

from functools import lru_cache

from textual.binding import Binding, BindingsMap
from textual.keys import _character_to_key

from store.curriculum import frameworks
from store.curriculum.codes import Code, CodeSet, NumberRange
from store.curriculum.framework import Subject

DIGITS = "0123456789"


def key_name(character: str) -> str:
    """The binding key of a typed character ("1" is "1", "+" is "plus")."""
    return _character_to_key(character)


def _said_keys(code: Code) -> str:
    first, *others = code.keys
    return first + (f" (or {', '.join(others)})" if others else "")


def code_tooltip(code: Code, subject_noun: str) -> str:
    """ "On track (also 2)"; a code that fills the row says so."""
    others = code.keys[1:]
    tip = code.words + (f" (also {', '.join(others)})" if others else "")
    if code.fills_row:
        tip += f": the whole row, every {subject_noun.split(' ', 1)[-1]}"
    return tip


KEY_BAR_WORDS = 12
"""Longer words (KS1's "Working at the expected standard") would leave room for one key in an
80-column key bar: it shows the code (EXS) instead, and the tooltip and help the words."""


def _code_bindings(codes: CodeSet, subject_noun: str) -> list[Binding]:
    bindings: list[Binding] = []
    for code in codes:
        if not code.keys:
            continue
        action = f"enter_code({code.code!r})"
        first, *others = code.keys
        bindings.append(
            Binding(
                key_name(first),
                action,
                code.words if len(code.words) <= KEY_BAR_WORDS else code.code,
                id=f"value-{code.code}",
                tooltip=code_tooltip(code, subject_noun),
            )
        )
        # The other keys are named in the tooltip, so help lists each code once.
        bindings += [
            Binding(key_name(key), action, code.words, show=False, system=True) for key in others
        ]
    return bindings


def _digit_bindings(numbers: NumberRange) -> list[Binding]:
    said = numbers.said()
    return [
        Binding(
            key_name(digit),
            f"type_digit({digit})",
            "Mark",
            show=digit == "0",
            key_display="0-9",
            id="value-digits" if digit == "0" else None,
            tooltip=f"Type the mark, {said}; Enter keeps it, Esc drops it",
            system=digit != "0",
        )
        for digit in DIGITS
    ]


def _typing_bindings(codes: CodeSet) -> list[Binding]:
    """A code typed a few keys at a time ("P7c"): each of its keys adds to it."""
    first = codes.typed_with[0]
    return [
        Binding(
            key_name(key),
            f"type_code({key!r})",
            "Type a step" if key == first else "Type",
            show=key == first,
            id="value-typed" if key == first else None,
            tooltip=f"Type the code: {codes.typing_hint}",
            system=key != first,
        )
        for key in codes.typed_with
    ]


def every_known_key() -> frozenset[str]:
    """Every key some known framework enters a value with (digits for a mark). The keys that
    type a code a few at a time are left out: c and i, say, are the screen's commands."""
    keys: set[str] = set()
    for framework in frameworks.known():
        for subject in framework.subjects:
            keys |= subject.codes.keys
            if subject.numbers is not None:
                keys |= set(DIGITS)
    return frozenset(keys)


@lru_cache(maxsize=64)
def _value_map(scale: object, subject_noun: str, known: frozenset[str]) -> BindingsMap:
    assert isinstance(scale, CodeSet | NumberRange)
    codes = scale if isinstance(scale, CodeSet) else scale.codes
    bindings = _code_bindings(codes, subject_noun)
    if isinstance(scale, NumberRange):
        bindings += _digit_bindings(scale)
    elif codes.typed_with:
        bindings += _typing_bindings(codes)
    bound = {binding.key for binding in bindings}
    elsewhere = sorted(key_name(key) for key in known if key_name(key) not in bound)
    if elsewhere:
        bindings.append(
            Binding(
                ",".join(elsewhere),
                "key_elsewhere",
                "Other keys",
                show=False,
                system=True,  # a fallback: not a command for help or the palette
                tooltip="Keys of other columns: say what to press here",
            )
        )
    return BindingsMap(bindings)


def value_bindings(
    subject: Subject, subject_noun: str, commands: frozenset[str] = frozenset()
) -> BindingsMap:
    """The value keys of a subject's column (made once per code set).

    `commands` are the binding keys of the grid's own commands: another framework's code key
    that is one of them (KS1's g) keeps its command here (gone beyond) rather than saying what
    to press; a code key of this column's own framework wins over it.
    """
    known = frozenset(key for key in every_known_key() if key_name(key) not in commands)
    return _value_map(subject.scale, subject_noun, known)


def keys_sentence(place: str, subject: Subject) -> str:
    """What to press in a column: "In an assessment: b (or 1) Below, o (or 2) On track;
    Delete clears." """
    said = [f"{_said_keys(code)} {code.words}" for code in subject.codes if code.keys]
    if subject.codes.typed_with:
        said.insert(0, f"type the code ({subject.codes.typing_hint})")
    if subject.numbers is not None:
        said.insert(0, f"digits for {subject.numbers.said()}")
    return f"In {place}: {', '.join(said)}; Delete clears."
