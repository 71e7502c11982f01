"""The Full Report's lines: one subject of a period's framework counted by band (a number
subject by its marks), with the pupils behind every figure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from store.assessments.cohort import Cell, CellKey, PupilRow
from store.curriculum.codes import Band, CodeSet, plain_code
from store.curriculum.framework import CountedGroup, DerivedColumn, Framework, Subject, YearSettings
from store.curriculum.percentages import percent

_HUNDREDTH = Decimal("0.01")


class Figure(str, Enum):
    """A figure of a Full Report line whose pupils can be listed.

    BELOW and ON_TRACK are the framework's two counted groups (its `band_words`: EYFS in-year's
    Below and On track): the codes below the expected standard, and those at or above it.
    MARKED is a number subject's pupils with a mark. GROUP is one of the groups a framework
    names for itself (KS1's EXS+, GDS, below EXS), by its index in `Framework.groups`.
    """

    BELOW = "below"
    ON_TRACK = "on_track"
    PUPILS = "pupils"
    MARKED = "marked"
    GROUP = "group"


@dataclass(frozen=True)
class PupilMark:
    """A pupil's mark in a number subject (a phonics mark, a standardised score)."""

    pupil: PupilRow
    mark: int


@dataclass(frozen=True)
class AreaLine:
    """One subject of the period's framework in the Full Report (in EYFS, an area of
    development), with the pupils behind each figure.

    A subject of codes counts each pupil by the band of their code: Band.BELOW in `below`,
    AT or ABOVE in `on_track`; absent, disapplied and other codes in `neither`, and blanks
    nowhere (all are in `pupils`, the denominator, as at the foot of the grid). A number
    subject has no groups
    (a mark is not below or at a standard until the framework says where the line is):
    `below` and `on_track` stay empty and `marks` holds each pupil with a mark, whose average
    the report shows.
    `groups` holds the pupils of each of the framework's own counted groups (KS1's), in its
    order; empty when it has none. A `derived` line is a Yes/No column counted among the
    pupils it decides for (the phonics outcome: Wt in `below`, Wa in `on_track`, of the
    pupils with a mark).
    """

    area: Subject
    below: tuple[PupilRow, ...]
    on_track: tuple[PupilRow, ...]
    pupils: tuple[PupilRow, ...]
    marks: tuple[PupilMark, ...] = ()
    neither: tuple[PupilRow, ...] = ()
    groups: tuple[tuple[PupilRow, ...], ...] = ()
    derived: bool = False

    @property
    def is_number(self) -> bool:
        """Whether the subject is marked with numbers (its line shows marks, not groups)."""
        return self.area.numbers is not None

    @property
    def below_count(self) -> int:
        return len(self.below)

    @property
    def on_track_count(self) -> int:
        return len(self.on_track)

    @property
    def pupil_count(self) -> int:
        return len(self.pupils)

    @property
    def marked_count(self) -> int:
        return len(self.marks)

    @property
    def blank_count(self) -> int:
        """Pupils counted with nothing recorded (a number subject: without a mark)."""
        if self.is_number:
            return self.pupil_count - self.marked_count
        return self.pupil_count - self.below_count - self.on_track_count - len(self.neither)

    @property
    def percent_below(self) -> Decimal:
        return percent(self.below_count, self.pupil_count)

    @property
    def percent_on_track(self) -> Decimal:
        return percent(self.on_track_count, self.pupil_count)

    @property
    def average_mark(self) -> Decimal | None:
        """The average of the marks, to 2 decimals, rounded half-up; None when nobody has one."""
        if not self.marks:
            return None
        total = sum(item.mark for item in self.marks)
        return (Decimal(total) / Decimal(len(self.marks))).quantize(_HUNDREDTH, ROUND_HALF_UP)

    def names(self, figure: Figure, group: int = 0) -> tuple[PupilRow, ...]:
        """The pupils behind a figure (`group`: which of the framework's groups)."""
        if figure is Figure.MARKED:
            return tuple(item.pupil for item in self.marks)
        if figure is Figure.GROUP:
            return self.groups[group] if group < len(self.groups) else ()
        return {
            Figure.BELOW: self.below,
            Figure.ON_TRACK: self.on_track,
            Figure.PUPILS: self.pupils,
        }[figure]


def subject_line(
    subject: Subject,
    pupils: tuple[PupilRow, ...],
    cells: Mapping[CellKey, Cell],
    period_id: int,
    groups: Sequence[CountedGroup] = (),
) -> AreaLine:
    """Count one subject's cells of `pupils` (alphabetical) at one period, in `groups` too
    (the framework's own, if it names any)."""
    if subject.numbers is not None:
        marks = []
        for pupil in pupils:
            cell = cells.get((pupil.id, period_id, subject.code))
            if cell is not None and cell.number is not None:
                marks.append(PupilMark(pupil, cell.number))
        return AreaLine(subject, (), (), pupils, tuple(marks))
    band_of = {code.code: code.band for code in subject.codes}
    below: list[PupilRow] = []
    at_or_above: list[PupilRow] = []
    neither: list[PupilRow] = []
    in_groups: list[list[PupilRow]] = [[] for _ in groups]
    for pupil in pupils:
        cell = cells.get((pupil.id, period_id, subject.code))
        value = None if cell is None else cell.value
        band = None if value is None else band_of.get(plain_code(value))
        for index, group in enumerate(groups):
            if band in group.bands:
                in_groups[index].append(pupil)
        if value is None:
            continue
        if band is Band.BELOW:
            below.append(pupil)
        elif band is not None and band.counts_as_at_or_above:
            at_or_above.append(pupil)
        else:
            neither.append(pupil)
    return AreaLine(
        subject,
        tuple(below),
        tuple(at_or_above),
        pupils,
        neither=tuple(neither),
        groups=tuple(map(tuple, in_groups)),
    )


def reported_derived(framework: Framework) -> tuple[DerivedColumn, ...]:
    """The derived columns with a Full Report line: Yes/No counted among decided pupils."""
    return tuple(
        derived for derived in framework.derived if derived.yes_no and derived.among_decided
    )


def derived_line(
    derived: DerivedColumn,
    framework: Framework,
    pupils: tuple[PupilRow, ...],
    cells: Mapping[CellKey, Cell],
    period_id: int,
    settings: YearSettings,
) -> AreaLine:
    """A Yes/No column counted among the pupils it decides for: No in `below`, Yes in
    `on_track` (the phonics outcome's Wt and Wa among pupils with a mark)."""
    yes: list[PupilRow] = []
    no: list[PupilRow] = []
    decided: list[PupilRow] = []
    for pupil in pupils:
        values: dict[str, str | None] = {}
        marks: dict[str, int] = {}
        for subject in framework.subjects:
            cell = cells.get((pupil.id, period_id, subject.code))
            if cell is not None:
                values[subject.code] = cell.value
                if cell.number is not None:
                    marks[subject.code] = cell.number
        found = derived(values, marks, settings)
        if isinstance(found, bool):
            (yes if found else no).append(pupil)
            decided.append(pupil)
    area = Subject(derived.code, derived.name, "", "", CodeSet(()))
    return AreaLine(area, tuple(no), tuple(yes), tuple(decided), derived=True)
