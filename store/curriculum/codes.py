"""What a code is and the sets a subject's values come from: a code's band (the colour and the
group it counts in), the codes of a subject (each entered with its keys, or typed a few keys at
a time), a range of whole numbers. Pure data with its lookups and checks."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import TypeAlias

STORED_CODE_LENGTH = 8
"""The longest code a cell stores (the width of judgement.value and elgresult.outcome)."""
CODE_SHORT_WIDTH = 4
"""The longest short text of a code (a small step, "1iie": P1(ii) stage e); its column widens."""
WIDE_TEXT_WIDTH = 6
"""A code's wide text fits a 7-cell column beside a note mark."""

STORED_CODE = re.compile(r"[A-Za-z0-9]+")
_TYPED_NOISE = re.compile(r"[\s()]+")


def plain_code(value: str) -> str:
    """A code as stored: an EYFS str enum member (Judgement.BELOW) as its plain text ("B")."""
    return str.__str__(value)


class Band(Enum):
    """Where a code stands: the colour a cell takes and the groups the foot counts (below, and
    at or above, unless the framework names its own `groups`) come from it."""

    BELOW = "below"
    AT = "at"
    ABOVE = "above"
    ABSENT = "absent"
    OTHER = "other"
    """Counted in neither group: disapplied, left, maladministration."""

    @property
    def counts_as_at_or_above(self) -> bool:
        return self in (Band.AT, Band.ABOVE)


@dataclass(frozen=True)
class Code:
    """One value a subject takes, e.g. EXS: "Working at the expected standard".

    `code` is what is stored and exported; `short` what a 3-cell column shows, `wide` what a
    wide column shows; `keys` are the keys that enter it in the grid; `points` scores it (None:
    it scores nothing); `fills_row` makes it the value of every subject of the row (Absent).
    """

    code: str
    words: str
    keys: tuple[str, ...]
    band: Band
    short: str = ""
    wide: str = ""
    points: int | None = None
    fills_row: bool = False

    def __post_init__(self) -> None:
        code = plain_code(self.code)
        object.__setattr__(self, "code", code)
        if not STORED_CODE.fullmatch(code) or len(code) > STORED_CODE_LENGTH:
            raise ValueError(
                f"A code is 1 to {STORED_CODE_LENGTH} letters or digits, not {code!r}."
            )
        object.__setattr__(self, "short", self.short or code)
        object.__setattr__(self, "wide", self.wide or self.short)
        if len(self.short) > CODE_SHORT_WIDTH:
            raise ValueError(f"{code}: short text {self.short!r} is over {CODE_SHORT_WIDTH}.")
        if len(self.wide) > WIDE_TEXT_WIDTH:
            raise ValueError(f"{code}: wide text {self.wide!r} is over {WIDE_TEXT_WIDTH}.")
        if not self.words.strip():
            raise ValueError(f"{code}: give the code its words.")
        for key in self.keys:
            if len(key) != 1 or not key.isprintable() or key.isspace():
                raise ValueError(f"{code}: an entry key is one printable character, not {key!r}.")

    @property
    def label(self) -> str:
        """The code's words, as the status line and the audit trail say it."""
        return self.words


@dataclass(frozen=True)
class CodeSet:
    """The codes a subject takes, in the order the grid offers them (digit n enters the n-th
    code only if the code lists it among its keys)."""

    codes: tuple[Code, ...]
    typed_with: str = ""
    """The characters that type a code a few at a time ("7c", "M3b"), for a set with too many
    codes for a key each (small steps); "": each code is entered with its keys."""
    typing_hint: str = ""
    """How a code is typed, for the status line ("P7c, 1ie for P1(i)e, ...")."""
    point_word: str = ""
    """What one point of these codes is, where progress counts them ("steps": a small step is
    one point); "": points only rank the codes."""
    _by_code: dict[str, Code] = field(init=False, repr=False, compare=False)
    _by_key: dict[str, Code] = field(init=False, repr=False, compare=False)
    _bands: dict[str, Band] = field(init=False, repr=False, compare=False)
    _by_typed: dict[str, Code] = field(init=False, repr=False, compare=False)
    _typed_starts: frozenset[str] = field(init=False, repr=False, compare=False)
    """Every beginning of a typed form shorter than the form."""
    _alone: frozenset[str] = field(init=False, repr=False, compare=False)
    """The keys that mean something typed first: a code's first or last (a stage alone)."""

    def __post_init__(self) -> None:
        by_code: dict[str, Code] = {}
        by_key: dict[str, Code] = {}
        for code in self.codes:
            if code.code in by_code:
                raise ValueError(f"The code {code.code} is in the set twice.")
            by_code[code.code] = code
            for key in code.keys:
                if key in by_key:
                    raise ValueError(
                        f"The key {key!r} enters both {by_key[key].code} and {code.code}."
                    )
                by_key[key] = code
        object.__setattr__(self, "_by_code", by_code)
        object.__setattr__(self, "_by_key", by_key)
        object.__setattr__(self, "_bands", {code: found.band for code, found in by_code.items()})
        # A code may be typed as stored or as its column shows it ("P1iie" or "1iie").
        by_typed = {form.lower(): code for code in self.codes for form in (code.short, code.code)}
        starts = {form[:end] for form in by_typed for end in range(1, len(form))}
        object.__setattr__(self, "_by_typed", by_typed)
        object.__setattr__(self, "_typed_starts", frozenset(starts))
        alone = {form[0] for form in by_typed} | {form[-1] for form in by_typed}
        object.__setattr__(self, "_alone", frozenset(alone))

    def __iter__(self) -> Iterator[Code]:
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.codes)

    def by_stored(self, value: str) -> Code | None:
        """The code stored as `value` ("EXS"); None if the set has none. (An EYFS str enum
        member finds its code as its plain text does: they hash and compare alike.)"""
        return self._by_code.get(value)

    def by_key(self, key: str) -> Code | None:
        """The code a key enters; None if no code takes that key."""
        return self._by_key.get(key)

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(self._by_key)

    def typed(self, text: str) -> Code | None:
        """The code `text` names, as stored or as its column shows it, in any case, brackets
        and spaces left out ("p1 (ii) e" is P1iie); None if it names none."""
        return self._by_typed.get(_TYPED_NOISE.sub("", text).lower())

    def could_become(self, text: str) -> bool:
        """Whether `text` names a code or, typed on, could ("P1" could; "P9" could not)."""
        return self.goes_on(text) or self.typed(text) is not None

    def acts_alone(self, key: str) -> bool:
        """Whether `key` typed first means something: it starts a code, or is a code's last
        key (a stage alone takes the level before it). P1's i does neither: alone it keeps the
        grid's own command."""
        return key.lower() in self._alone

    def goes_on(self, text: str) -> bool:
        """Whether a longer code starts with `text` (so it is not over yet)."""
        return _TYPED_NOISE.sub("", text).lower() in self._typed_starts

    @property
    def bands(self) -> Mapping[str, Band]:
        """Each stored code's band: counting a column looks up thousands of cells."""
        return self._bands

    def listed(self) -> str:
        """The codes as a sentence says them: "B (Below) or O (On track)"."""
        said = [f"{code.code} ({code.words})" for code in self.codes]
        return said[0] if len(said) == 1 else ", ".join(said[:-1]) + " or " + said[-1]


@dataclass(frozen=True)
class NumberRange:
    """Whole numbers from `low` to `high` in steps of `step` (a phonics mark 0-40, a
    standardised score 69-141), with `codes` that may stand instead of a number (the phonics
    check's A, D, L, Q). A `standardised` range holds test scores: the foot and progress read
    them against the establishment's threshold, bands and margin (store.curriculum.score_bands)."""

    low: int
    high: int
    step: int = 1
    codes: CodeSet = CodeSet(())
    standardised: bool = False

    def __post_init__(self) -> None:
        if self.step < 1 or self.high < self.low:
            raise ValueError(f"{self.low}..{self.high} by {self.step} is no range of numbers.")

    def __contains__(self, number: object) -> bool:
        if not isinstance(number, int) or isinstance(number, bool):
            return False
        return self.low <= number <= self.high and (number - self.low) % self.step == 0

    def said(self) -> str:
        """The numbers as a sentence says them: "a whole number from 0 to 40"."""
        steps = "" if self.step == 1 else f" in steps of {self.step}"
        return f"a whole number from {self.low} to {self.high}{steps}"


Scale: TypeAlias = CodeSet | NumberRange
