"""What an assessment framework is: its year groups, subjects, codes or number ranges, derived
columns. Pure data with its lookups and checks; the frameworks themselves are data modules."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeAlias

from store.curriculum.codes import STORED_CODE, Band, Code, CodeSet, NumberRange, Scale, plain_code
from store.curriculum.eyfs import YearGroup
from store.curriculum.name_slots import ScaleWording
from store.curriculum.percentages import divide_half_up
from store.curriculum.score_bands import USUAL_SCORES, ScoreSettings

SUBJECT_CODE_LENGTH = 3
"""The longest subject code (the width of judgement.area_code and elgresult.area_code)."""
FRAMEWORK_ID_LENGTH = 40
"""The longest framework id (the width of assessmentperiod.framework and elgsection.framework)."""
SHORT_TEXT_WIDTH = 3
"""A derived column's words fit a 3-cell column, as most codes' short texts do."""
GROUP_LABEL_WIDTH = 5
"""A subject's group label fits above a group of 3-cell columns ("Maths", "PSED")."""
_FRAMEWORK_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


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
        if not STORED_CODE.fullmatch(self.code) or len(self.code) > SUBJECT_CODE_LENGTH:
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
    `for_alternative` frameworks (small steps) assess only the pupils whose Alternative
    assessment is Yes, beside their classmates in the year group's framework: only their cells
    take values, and only they are counted, apart from the cohort's figures. A framework not
    `totalled` (the engagement model) is never added up: no foot, no report's figures.
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
    for_alternative: bool = False
    totalled: bool = True
    engagement_code: str | None = None
    """The code standing for "assessed using the engagement model" (KS1's EM), which a school
    may give the pupils it assesses with the engagement model (C in the grid)."""
    scale_wording: ScaleWording | None = field(default=None, compare=False)
    """Given, a local authority and its schools may word the framework their own way: its
    subjects' names and these names in its scale (store.curriculum.wording)."""
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

    def not_totalled_said(self) -> str:
        """Why a report has no figures of it, when it is not `totalled`."""
        return (
            f"{self.name} is not totalled or averaged: each pupil's record over time (O in "
            "the grid) says how they moved."
        )

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
