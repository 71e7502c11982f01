"""The EYFS to KS1 table: for each area of the End of Year ELGs, the pupils at Expected at the end
of Reception against those at EXS+ in the matching KS1 subject, crossed, with the names behind
every figure.

The pairs, and what counts as Expected and EXS+, are data (store.curriculum.eyfs_to_ks1). Counted
pupils are those of store.reports.reports (included in data, class and filter) at one KS1
teacher assessment period; their ELGs are the ones loaded with `open_reports(...,
with_reception=True)`. For an area, a pupil is Expected when every goal of it is Expected, not
Expected when any goal is Emerging or Absent, and has no EYFS result otherwise (no ELGs, or a goal
left blank with none Emerging or Absent: whether they were at Expected in both is not known).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import Enum

from store.assessments.cohort import PupilRow
from store.core.errors import InvalidInput, NotFound
from store.curriculum.codes import Band, plain_code
from store.curriculum.eyfs_to_ks1 import (
    EYFS_EXPECTED,
    EYFS_SIDE,
    EYFS_TO_KS1,
    KS1_MEASURE,
    KS1_SIDE,
    PAIRS,
    GoalsToSubject,
)
from store.curriculum.percentages import percent
from store.reports.reports import (
    Heading,
    NameList,
    ReportData,
    ReportScope,
    make_heading,
    matching_pupils,
    period_required,
)

BLANK_TEXT = "·"


class Cross(str, Enum):
    """A figure of a line of the table whose pupils can be listed."""

    EXPECTED = "expected"
    """At Expected in every goal of the area at the end of Reception."""
    KS1 = "ks1"
    """EXS+ in the KS1 subject."""
    BOTH = "both"
    EXPECTED_ONLY = "expected_only"
    """Expected at the end of Reception, not EXS+ at KS1."""
    KS1_ONLY = "ks1_only"
    """Not Expected at the end of Reception (Emerging or Absent in a goal), EXS+ at KS1."""
    NEITHER = "neither"
    """Not Expected at the end of Reception, not EXS+ at KS1."""
    NO_EYFS = "no_eyfs"
    """No End of Year ELG result for the area (whatever their KS1 result)."""
    PUPILS = "pupils"


@dataclass(frozen=True)
class TransitionLine:
    """One area's goals against one KS1 subject, with the pupils behind each figure.

    BOTH, EXPECTED_ONLY, KS1_ONLY, NEITHER and NO_EYFS share the pupils out: they add up to
    `pupils`.
    """

    pair: GoalsToSubject
    pupils: tuple[PupilRow, ...]
    figures: Mapping[Cross, tuple[PupilRow, ...]]
    details: Mapping[int, str]
    """By pupil id: their goals' outcomes and KS1 result ("Exp Emerg → EXS")."""

    def names(self, figure: Cross) -> tuple[PupilRow, ...]:
        return self.pupils if figure is Cross.PUPILS else self.figures[figure]

    def count(self, figure: Cross) -> int:
        return len(self.names(figure))

    def percent(self, figure: Cross) -> Decimal:
        """Of the pupils counted, to 2 decimals."""
        return percent(self.count(figure), len(self.pupils))


@dataclass(frozen=True)
class EyfsToKs1:
    heading: Heading
    lines: tuple[TransitionLine, ...]
    without_elgs: int
    """Pupils counted who have no End of Year ELG result at all."""

    def line(self, subject_code: str) -> TransitionLine:
        for line in self.lines:
            if line.pair.subject == subject_code:
                return line
        raise NotFound(f"{subject_code!r} is not a subject of the EYFS to KS1 table.")


def figure_words(figure: Cross) -> str:
    """What a figure is called: "Expected, not EXS+"."""
    expected, measure = EYFS_EXPECTED.words, KS1_MEASURE.words
    return {
        Cross.EXPECTED: f"{expected} at the end of Reception",
        Cross.KS1: f"{measure} at KS1",
        Cross.BOTH: f"{expected} and {measure}",
        Cross.EXPECTED_ONLY: f"{expected}, not {measure}",
        Cross.KS1_ONLY: f"{measure}, not {expected}",
        Cross.NEITHER: f"Neither {expected} nor {measure}",
        Cross.NO_EYFS: "No End of Year ELG result",
        Cross.PUPILS: "Num pupils",
    }[figure]


def eyfs_to_ks1(data: ReportData, scope: ReportScope, made_at: datetime | None = None) -> EyfsToKs1:
    """The table at the scope's KS1 teacher assessment period.

    Raises:
        InvalidInput: no period chosen, or not a KS1 teacher assessment one; the Reception
            ELGs were not loaded.
        NotFound: the period is not one of this cohort's.
    """
    period_id = period_required(data, scope)
    period = data.period(period_id)
    if period.framework != KS1_SIDE.id:
        raise InvalidInput(
            f"{EYFS_TO_KS1} is drawn at {KS1_SIDE.name} assessments: {period.name} is not one."
        )
    if data.reception is None:
        raise InvalidInput("The End of Year ELGs from Reception were not loaded: open it again.")
    pupils, left_out = matching_pupils(data, scope)
    heading = make_heading(data, scope, EYFS_TO_KS1, left_out, made_at)
    counted = tuple(pupils)
    lines = tuple(_line(data, pair, counted, period_id) for pair in PAIRS)
    outcomes = data.reception.outcomes
    without = sum(1 for pupil in counted if not outcomes.get(pupil.id))
    return EyfsToKs1(heading, lines, without)


def _line(
    data: ReportData, pair: GoalsToSubject, pupils: tuple[PupilRow, ...], period_id: int
) -> TransitionLine:
    assert data.reception is not None
    subject = KS1_SIDE.subject(pair.subject)
    goals = [EYFS_SIDE.subject(code) for code in pair.goals]
    assert subject is not None and all(goal is not None for goal in goals)
    ks1_bands = subject.codes.bands
    figures: dict[Cross, list[PupilRow]] = {figure: [] for figure in Cross}
    details: dict[int, str] = {}
    for pupil in pupils:
        outcomes = data.reception.outcomes.get(pupil.id, {})
        said: list[str] = []
        bands: list[Band | None] = []
        for goal in goals:
            assert goal is not None
            outcome = outcomes.get(goal.code)
            code = None if outcome is None else goal.code_for(outcome)
            bands.append(None if code is None else code.band)
            said.append(BLANK_TEXT if code is None else code.wide)
        cell = data.cohort.cells.get((pupil.id, period_id, pair.subject))
        value = None if cell is None or cell.value is None else plain_code(cell.value)
        at_ks1 = value is not None and ks1_bands.get(value) in KS1_MEASURE.bands
        details[pupil.id] = f"{' '.join(said)} → {value or BLANK_TEXT}"
        if all(band in EYFS_EXPECTED.bands for band in bands):
            expected: bool | None = True
        elif any(band is not None and band not in EYFS_EXPECTED.bands for band in bands):
            expected = False
        else:
            expected = None
        if expected:
            figures[Cross.EXPECTED].append(pupil)
        if at_ks1:
            figures[Cross.KS1].append(pupil)
        if expected is None:
            figures[Cross.NO_EYFS].append(pupil)
        elif expected:
            figures[Cross.BOTH if at_ks1 else Cross.EXPECTED_ONLY].append(pupil)
        else:
            figures[Cross.KS1_ONLY if at_ks1 else Cross.NEITHER].append(pupil)
    del figures[Cross.PUPILS]
    return TransitionLine(
        pair, pupils, {figure: tuple(names) for figure, names in figures.items()}, details
    )


def eyfs_to_ks1_names(report: EyfsToKs1, subject_code: str, figure: Cross) -> NameList:
    """The alphabetical list of the pupils behind one figure, each with their goals' outcomes
    and KS1 result.

    Raises:
        NotFound: the table has no line for that subject.
    """
    line = report.line(subject_code)
    pupils = line.names(figure)
    title = f"{line.pair.subject_name}: {figure_words(figure)}"
    details = tuple(line.details[pupil.id] for pupil in pupils)
    column = f"{' '.join(line.pair.goals)} → {line.pair.subject}"
    return NameList(title, report.heading, pupils, column, details)
