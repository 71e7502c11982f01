"""The End of Year Early Learning Goals summary of a Reception cohort, with the names behind it.

Counted pupils are those of store.reports.reports (included in data, class and filter). As at the
foot of
the grid: GLD and % Expected are of every counted pupil (blank and Absent included in the
denominator); the averages are over the pupils whose 17 goals are all Emerging or Expected (as
DfE averages are: Absent and incomplete pupils are left out), and say how many those are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from store.assessments.cohort import ElgSectionInfo, PupilRow
from store.core.errors import InvalidInput, NotFound
from store.curriculum.elg_scores import (
    elg_total_score,
    goals_at_expected,
    good_level_of_development,
)
from store.curriculum.eyfs import AREAS, AreaOfDevelopment, ElgOutcome, YearGroup
from store.curriculum.percentages import percent
from store.reports.reports import (
    Heading,
    NameList,
    ReportData,
    ReportScope,
    make_heading,
    matching_pupils,
)

ELG_SUMMARY = "End of Year ELG summary"
_HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class GoalLine:
    """One goal: who is Expected in it, of how many counted pupils."""

    area: AreaOfDevelopment
    expected: tuple[PupilRow, ...]
    pupils: int

    @property
    def percent_expected(self) -> Decimal:
        return percent(len(self.expected), self.pupils)


@dataclass(frozen=True)
class ScoredPupil:
    """A pupil counted in the averages: all 17 goals Emerging or Expected."""

    pupil: PupilRow
    total_score: int
    at_expected: int


@dataclass(frozen=True)
class ElgSummary:
    heading: Heading
    section: ElgSectionInfo | None
    """None while the cohort has no End of Year ELG section (every figure is then empty)."""
    pupils: tuple[PupilRow, ...]
    gld: tuple[PupilRow, ...]
    goals: tuple[GoalLine, ...]
    scored: tuple[ScoredPupil, ...]

    @property
    def none_reason(self) -> str | None:
        """Why there are no figures at all (no End of Year ELGs), or None when there are."""
        if self.section is not None:
            return None
        if self.heading.many:
            return f"No establishment has End of Year ELGs for {self.heading.academic_year}."
        return f"There are no End of Year ELGs for {self.heading.academic_year} yet."

    @property
    def gld_percent(self) -> Decimal:
        return percent(len(self.gld), len(self.pupils))

    @property
    def average_score(self) -> Decimal | None:
        """The average ELG total score over `scored`, to 2 decimals; None when nobody counts."""
        return _average([scored.total_score for scored in self.scored])

    @property
    def average_at_expected(self) -> Decimal | None:
        """The average number of goals at Expected over `scored`, to 2 decimals."""
        return _average([scored.at_expected for scored in self.scored])

    def goal(self, area_code: str) -> GoalLine:
        for line in self.goals:
            if line.area.code == area_code:
                return line
        raise NotFound(f"There is no goal coded {area_code!r}.")


def _average(values: list[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(_HUNDREDTH, ROUND_HALF_UP)


def elg_summary(
    data: ReportData, scope: ReportScope, made_at: datetime | None = None
) -> ElgSummary:
    """GLD, % Expected per goal and the two averages for a Reception cohort.

    Raises:
        InvalidInput: the cohort is not Reception (only Reception has End of Year ELGs).
    """
    cohort = data.cohort
    if cohort.year_group is not YearGroup.RECEPTION:
        raise InvalidInput("The End of Year ELG summary is for Reception only.")
    pupils, left_out = matching_pupils(
        data, ReportScope(None, scope.class_slot, scope.pupil_filter)
    )
    heading = make_heading(
        data,
        ReportScope(None, scope.class_slot, scope.pupil_filter),
        ELG_SUMMARY,
        left_out,
        made_at,
    )
    rows = {pupil.id: cohort.elg_row(pupil.id) for pupil in pupils}
    gld = tuple(pupil for pupil in pupils if good_level_of_development(rows[pupil.id]) is True)
    goals = tuple(
        GoalLine(
            area,
            tuple(p for p in pupils if rows[p.id][area.code] is ElgOutcome.EXPECTED),
            len(pupils),
        )
        for area in AREAS
    )
    scored: list[ScoredPupil] = []
    for pupil in pupils:
        score = elg_total_score(rows[pupil.id])
        if score:  # None: incomplete; 0: Absent. Neither counts in an average.
            scored.append(ScoredPupil(pupil, score, goals_at_expected(rows[pupil.id])))
    return ElgSummary(heading, cohort.elg, tuple(pupils), gld, goals, tuple(scored))


class ElgFigure(str, Enum):
    """A figure of the ELG summary whose pupils can be listed."""

    PUPILS = "pupils"
    GLD = "gld"
    NOT_GLD = "not_gld"
    EXPECTED = "expected"
    AVERAGE_SCORE = "average_score"
    AVERAGE_EXPECTED = "average_expected"


def elg_names(summary: ElgSummary, figure: ElgFigure, area_code: str | None = None) -> NameList:
    """The alphabetical list of the pupils behind one figure of the summary.

    `area_code` names the goal for ElgFigure.EXPECTED. The averages list the pupils they are
    over, each with their total score or number of goals at Expected.
    """
    heading = summary.heading
    if figure is ElgFigure.PUPILS:
        return NameList("Pupils counted", heading, summary.pupils)
    if figure is ElgFigure.GLD:
        return NameList("Good Level of Development: Yes", heading, summary.gld)
    if figure is ElgFigure.NOT_GLD:
        at_gld = {pupil.id for pupil in summary.gld}
        return NameList(
            "Good Level of Development: not (yet) reached",
            heading,
            tuple(pupil for pupil in summary.pupils if pupil.id not in at_gld),
        )
    if figure is ElgFigure.EXPECTED:
        if area_code is None:
            raise InvalidInput("Say which goal's Expected pupils to list.")
        line = summary.goal(area_code)
        return NameList(f"{line.area.name}: Expected", heading, line.expected)
    scored = summary.scored
    pupils = tuple(item.pupil for item in scored)
    if figure is ElgFigure.AVERAGE_SCORE:
        details = tuple(str(item.total_score) for item in scored)
        return NameList("Pupils in the average ELG total score", heading, pupils, "Score", details)
    details = tuple(str(item.at_expected) for item in scored)
    return NameList(
        "Pupils in the average number of goals at Expected",
        heading,
        pupils,
        "Goals at Expected",
        details,
    )
