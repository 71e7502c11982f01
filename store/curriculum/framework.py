"""What an assessment framework is: its year groups, subjects, codes or number ranges, derived
columns. Pure data with its lookups and checks; the frameworks themselves are data modules."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import TypeAlias

from store.curriculum.eyfs import YearGroup
from store.curriculum.percentages import divide_half_up
from store.curriculum.score_bands import USUAL_SCORES, ScoreSettings

STORED_CODE_LENGTH = 8
"""The longest code a cell stores (the width of judgement.value and elgresult.outcome)."""
SUBJECT_CODE_LENGTH = 3
"""The longest subject code (the width of judgement.area_code and elgresult.area_code)."""
FRAMEWORK_ID_LENGTH = 40
"""The longest framework id (the width of assessmentperiod.framework and elgsection.framework)."""
SHORT_TEXT_WIDTH = 3
"""A derived column's words fit a 3-cell column, as most codes' short texts do."""
CODE_SHORT_WIDTH = 4
"""The longest short text of a code (a small step, "1iie": P1(ii) stage e); its column widens."""
WIDE_TEXT_WIDTH = 6
"""A code's wide text fits a 7-cell column beside a note mark."""
GROUP_LABEL_WIDTH = 5
"""A subject's group label fits above a group of 3-cell columns ("Maths", "PSED")."""

_FRAMEWORK_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_STORED_CODE = re.compile(r"[A-Za-z0-9]+")
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
        if not _STORED_CODE.fullmatch(code) or len(code) > STORED_CODE_LENGTH:
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
    """How a code is typed, for the status line ("7c for P7 stage c, ...")."""
    _by_code: dict[str, Code] = field(init=False, repr=False, compare=False)
    _by_key: dict[str, Code] = field(init=False, repr=False, compare=False)
    _bands: dict[str, Band] = field(init=False, repr=False, compare=False)
    _by_typed: dict[str, Code] = field(init=False, repr=False, compare=False)
    _typed_starts: frozenset[str] = field(init=False, repr=False, compare=False)
    """Every beginning of a typed form shorter than the form."""

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


@dataclass(frozen=True)
class CountedGroup:
    """A group of pupils that the foot, the status line, the workbooks and the Full Report count
    in a column of codes: those whose code's band is one of `bands` (None among them: a blank
    cell). Groups may overlap (GDS pupils are EXS+ too). A `reported` group has its own
    columns in the Full Report; the others are told in its sentences and the status line."""

    words: str
    bands: frozenset[Band | None]
    reported: bool = True

    def __post_init__(self) -> None:
        if not self.words.strip() or not self.bands:
            raise ValueError(f"A counted group has words and bands, not {self.words!r}.")


BELOW_GROUP_BANDS: frozenset[Band | None] = frozenset({Band.BELOW})
AT_OR_ABOVE_GROUP_BANDS: frozenset[Band | None] = frozenset({Band.AT, Band.ABOVE})


@dataclass(frozen=True)
class Subject:
    """An area of development, a KS1 subject, a PIVATS strand: one column of a period.

    `group` is the short label shown above it (`C&L`), `group_name` its full name.
    """

    code: str
    name: str
    group: str
    group_name: str
    scale: Scale

    def __post_init__(self) -> None:
        if not _STORED_CODE.fullmatch(self.code) or len(self.code) > SUBJECT_CODE_LENGTH:
            raise ValueError(
                f"A subject code is 1 to {SUBJECT_CODE_LENGTH} letters or digits, "
                f"not {self.code!r}."
            )
        if len(self.group) > GROUP_LABEL_WIDTH:
            raise ValueError(
                f"{self.code}: group label {self.group!r} is over {GROUP_LABEL_WIDTH} characters."
            )

    @property
    def codes(self) -> CodeSet:
        """The codes it takes (beside the numbers, for a number subject)."""
        return self.scale if isinstance(self.scale, CodeSet) else self.scale.codes

    @property
    def numbers(self) -> NumberRange | None:
        return self.scale if isinstance(self.scale, NumberRange) else None

    def code_for(self, value: str) -> Code | None:
        return self.codes.by_stored(value)

    def problem(self, value: str | None, number: int | None = None) -> str | None:
        """Why `value` (a stored code) or `number` cannot be this subject's; None if it can
        (both None is a blank, which every subject takes)."""
        if value is not None and number is not None:
            return f"{self.name} takes a code or a number, not both."
        if number is not None:
            if self.numbers is None:
                return f"{self.name} takes a code, not a number: use {self.codes.listed()}."
            if number not in self.numbers:
                return f"{number} is not a mark for {self.name}: give {self.numbers.said()}."
            return None
        if value is None or self.codes.by_stored(value) is not None:
            return None
        plain = plain_code(value)
        if self.numbers is None:
            return f"{plain} is not a value of {self.name}: use {self.codes.listed()}."
        others = f", or {self.codes.listed()}" if len(self.codes) else ""
        return f"{plain} is not a value of {self.name}: give {self.numbers.said()}{others}."

    def accepts(self, value: str | None, number: int | None = None) -> bool:
        return self.problem(value, number) is None


DerivedValue: TypeAlias = bool | int | None
Values: TypeAlias = Mapping[str, str | None]
"""A pupil's stored codes in one period or section, by subject code; a missing key is blank."""
Marks: TypeAlias = Mapping[str, int]
"""A pupil's marks in one period, by number subject's code; a missing key is no mark."""


Average: TypeAlias = tuple[Decimal | None, int]
"""An average to 2 decimal places (None: nothing to average) and how many pupils it counts."""


@dataclass(frozen=True)
class YearSettings:
    """What support sets for one academic year that a derived column may read (the phonics
    check's threshold: store.assessments.phonics_threshold keeps it). None: not read, so the
    rule takes its usual value. `scores` are the establishment's standardised score settings,
    read with the cohort too (store.assessments.score_settings)."""

    phonics_threshold: int | None = None
    scores: ScoreSettings = USUAL_SCORES


NO_MARKS: Marks = {}
USUAL_YEAR = YearSettings()

YearRule: TypeAlias = Callable[[Values, Marks, YearSettings], DerivedValue]
"""A rule over a pupil's codes and marks in a period and the academic year's settings."""


@dataclass(frozen=True)
class DerivedColumn:
    """A column worked out from a pupil's values (GLD, the ELG total score), never entered.

    `after` is the subject it follows in the grid (None: after the last); `rule` is pure over
    the pupil's codes; `year_rule`, given instead, also reads their marks and the academic
    year's settings (the phonics outcome: the mark against the year's threshold).
    `yes_no` columns show `words` (Yes or No) and their foot counts the first, over every
    pupil, or with `among_decided` both, over the pupils the rule decides for (Wa and Wt among
    pupils with a mark), and the Full Report gives it a line so counted; the others show a
    number and their foot averages it: with `average` if given (the ELG total score leaves out
    Absent pupils, as the DfE does), else over the pupils it gives a number for. `key` says
    what the column means, for help and the workbooks' key ("" : its name is enough).
    """

    code: str
    name: str
    rule: Callable[[Values], DerivedValue] | None = field(default=None, compare=False)
    after: str | None = None
    yes_no: bool = True
    average: Callable[[Iterable[Values]], Average] | None = field(default=None, compare=False)
    year_rule: YearRule | None = field(default=None, compare=False)
    words: tuple[str, str] = ("Yes", "No")
    among_decided: bool = False
    key: str = ""

    def __post_init__(self) -> None:
        if (self.rule is None) == (self.year_rule is None):
            raise ValueError(f"{self.code}: give a derived column a rule or a year rule.")
        if any(len(word) > SHORT_TEXT_WIDTH or not word for word in self.words):
            raise ValueError(f"{self.code}: its words {self.words} are 1 to 3 characters.")

    def __call__(
        self, values: Values, marks: Marks = NO_MARKS, settings: YearSettings = USUAL_YEAR
    ) -> DerivedValue:
        if self.rule is not None:
            return self.rule(values)
        assert self.year_rule is not None
        return self.year_rule(values, marks, settings)

    def said(self, value: DerivedValue) -> str:
        """A value as the grid and spreadsheets say it: Yes, No (its words), a number, or ""."""
        if value is None:
            return ""
        if isinstance(value, bool):
            return self.words[0] if value else self.words[1]
        return str(value)

    def averaged(self, rows: Iterable[Values]) -> Average:
        """The foot's average over pupils' values (for a column that shows a number)."""
        if self.average is not None:
            return self.average(rows)
        numbers = [
            value
            for value in map(self, rows)
            if isinstance(value, int) and not isinstance(value, bool)
        ]
        return average_of(numbers)


def average_of(numbers: Sequence[int]) -> Average:
    """The mean rounded half-up to 2 decimal places, and how many numbers it counts."""
    if not numbers:
        return None, 0
    return Decimal(divide_half_up(sum(numbers) * 100, len(numbers))).scaleb(-2), len(numbers)


@dataclass(frozen=True)
class Framework:
    """An assessment system: EYFS in-year, the End of Year ELGs, KS1 teacher assessment, ...

    `subject_noun` names one subject in a refusal ("an area of development"); `band_words`
    name the two groups the foot and the reports count: the codes below the expected standard,
    and those at or above it ("Below", "On track").
    `gone_beyond` is the code a gone-beyond colour may mark (EYFS in-year's On track; None:
    the framework has no such colours).
    `subjects_title` heads a report's column of subjects ("Areas of Development");
    `band_titles` are the two groups as a workbook's column titles spell them ("On-Track";
    blank: as `band_words`).
    `groups`, when given, are the groups the foot and the reports count instead of those two
    (KS1: EXS+, GDS, below EXS and the rest): the grid's foot shows the first two, the status
    line and the Screen data workbook every one, the Full Report the `reported` ones.
    """

    id: str
    name: str
    year_groups: tuple[YearGroup, ...]
    subjects: tuple[Subject, ...]
    derived: tuple[DerivedColumn, ...] = ()
    subject_noun: str = "a subject"
    band_words: tuple[str, str] = ("Below", "At or above")
    gone_beyond: str | None = None
    foot_labels: tuple[str, str, str, str] | None = None
    """The foot's four line labels (number and % of each group); None: made from band_words.
    Frameworks with the same labels share them when one grid shows both."""
    subjects_title: str = "Subjects"
    band_titles: tuple[str, str] = ("", "")
    groups: tuple[CountedGroup, ...] = ()
    _by_code: dict[str, Subject] = field(init=False, repr=False, compare=False)
    _counted: tuple[CountedGroup, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not _FRAMEWORK_ID.fullmatch(self.id) or len(self.id) > FRAMEWORK_ID_LENGTH:
            raise ValueError(f"A framework id is lower-case words joined by '-', not {self.id!r}.")
        if not self.year_groups or not self.subjects:
            raise ValueError(f"{self.id}: a framework has year groups and subjects.")
        by_code: dict[str, Subject] = {}
        for subject in self.subjects:
            if subject.code in by_code:
                raise ValueError(f"{self.id}: the subject {subject.code} is there twice.")
            by_code[subject.code] = subject
        for derived in self.derived:
            if derived.after is not None and derived.after not in by_code:
                raise ValueError(f"{self.id}: {derived.code} follows {derived.after}, no subject.")
            if derived.code in by_code:
                raise ValueError(f"{self.id}: {derived.code} is a subject and a derived column.")
        if self.gone_beyond is not None and not any(
            subject.codes.by_stored(self.gone_beyond) for subject in self.subjects
        ):
            raise ValueError(
                f"{self.id}: no subject takes {self.gone_beyond}, the gone-beyond code."
            )
        if len(self.groups) == 1:
            raise ValueError(f"{self.id}: name two counted groups or more (the foot shows two).")
        object.__setattr__(self, "_by_code", by_code)
        below_words, at_words = self.band_words
        counted = self.groups or (
            CountedGroup(below_words, BELOW_GROUP_BANDS),
            CountedGroup(at_words, AT_OR_ABOVE_GROUP_BANDS),
        )
        object.__setattr__(self, "_counted", counted)
        below, at_or_above = self.band_titles
        titles = (below or self.band_words[0], at_or_above or self.band_words[1])
        object.__setattr__(self, "band_titles", titles)

    @property
    def subject_codes(self) -> tuple[str, ...]:
        return tuple(subject.code for subject in self.subjects)

    def subject(self, code: str) -> Subject | None:
        return self._by_code.get(code)

    def problem(
        self, subject_code: str, value: str | None, number: int | None = None
    ) -> str | None:
        """Why a cell of `subject_code` cannot hold `value` or `number`; None if it can."""
        subject = self.subject(subject_code)
        if subject is None:
            return f"{subject_code!r} is not {self.subject_noun}."
        return subject.problem(value, number)

    def derive(
        self, values: Values, marks: Marks = NO_MARKS, settings: YearSettings = USUAL_YEAR
    ) -> dict[str, DerivedValue]:
        """Every derived column's value for one pupil's values (and marks, in a year)."""
        return {derived.code: derived(values, marks, settings) for derived in self.derived}

    @property
    def counted_groups(self) -> tuple[CountedGroup, ...]:
        """Its `groups`, or the two of `band_words`: below, and at or above."""
        return self._counted

    @property
    def foot_line_labels(self) -> tuple[str, str, str, str]:
        """The foot's four line labels: number and % of the first two counted groups."""
        if self.foot_labels is not None:
            return self.foot_labels
        first, second = (group.words for group in self._counted[:2])
        return (f"No. {first}", f"% {first}", f"No. {second}", f"% {second}")

    @property
    def has_scores(self) -> bool:
        """Whether a subject holds standardised scores (its foot counts them by the threshold)."""
        return any(
            subject.numbers is not None and subject.numbers.standardised
            for subject in self.subjects
        )

    def foot_line_labels_in(self, settings: YearSettings) -> tuple[str, str, str, str]:
        """The foot's labels with the establishment's threshold put in ("No. ≥{threshold}"
        is "No. ≥100")."""
        first, second, third, fourth = (
            label.replace("{threshold}", str(settings.scores.threshold))
            for label in self.foot_line_labels
        )
        return first, second, third, fourth

    def year_groups_said(self, joiner: str = "or") -> str:
        """ "Nursery 1, Nursery 2 or Reception"."""
        labels = [group.label for group in self.year_groups]
        return (
            labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + f" {joiner} " + labels[-1]
        )
