"""Venn reports: pupils on track in each combination of an area of learning's 2 or 3 goals.

Every counted pupil (see store.reports.reports) falls in exactly one region: the set of the area's
goals
they are On track in at the chosen assessment, which may be none (Below or blank in all of
them). So the regions' counts add up to the number of pupils counted, and their percentages (of
that number) to about 100.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from itertools import combinations

from store.assessments.cohort import PupilRow
from store.core.errors import InvalidInput
from store.curriculum.eyfs import (
    AREAS,
    COMMUNICATION_AND_LANGUAGE,
    LITERACY,
    MATHEMATICS,
    PHYSICAL_DEVELOPMENT,
    PSED,
    AreaOfDevelopment,
    AreaOfLearning,
    Judgement,
)
from store.curriculum.eyfs_frameworks import EYFS_IN_YEAR, EYFS_IN_YEAR_ID
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

VENN_AREAS: tuple[AreaOfLearning, ...] = (
    COMMUNICATION_AND_LANGUAGE,
    PSED,
    PHYSICAL_DEVELOPMENT,
    LITERACY,
    MATHEMATICS,
)
"""The areas of learning a Venn report is drawn for, in the guide's order."""

VENN_FRAMEWORK = EYFS_IN_YEAR_ID
"""Venn reports are of EYFS in-year assessments only: they count On track by name."""


def venn_goals(area: AreaOfLearning) -> tuple[AreaOfDevelopment, ...]:
    """The area's goals (2 or 3), in framework order."""
    return tuple(goal for goal in AREAS if goal.area_of_learning == area)


def region_order(codes: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    """Every combination of `codes`: each goal alone, then pairs, then all, then none."""
    regions = [
        frozenset(combination)
        for size in range(1, len(codes) + 1)
        for combination in combinations(codes, size)
    ]
    return (*regions, frozenset())


@dataclass(frozen=True)
class VennRegion:
    """The pupils On track in exactly `goals` (an empty set: in none of the area's goals)."""

    goals: frozenset[str]
    pupils: tuple[PupilRow, ...]
    total: int
    """How many pupils the report counts (the denominator)."""
    label: str

    @property
    def count(self) -> int:
        return len(self.pupils)

    @property
    def percent(self) -> Decimal:
        return percent(self.count, self.total)


@dataclass(frozen=True)
class VennReport:
    heading: Heading
    area: AreaOfLearning
    goals: tuple[AreaOfDevelopment, ...]
    regions: tuple[VennRegion, ...]
    """In `region_order`: single goals, pairs, all three, then none."""
    pupils: tuple[PupilRow, ...]

    def region(self, goals: frozenset[str] | set[str]) -> VennRegion:
        wanted = frozenset(goals)
        for region in self.regions:
            if region.goals == wanted:
                return region
        raise InvalidInput(f"{self.area.name} has no goals {', '.join(sorted(wanted))}.")

    def on_track_in(self, code: str) -> tuple[PupilRow, ...]:
        """Everyone On track in one goal (its whole circle), in the order of `pupils`
        (alphabetical; over many establishments, by establishment then alphabetical)."""
        inside = {
            pupil.id for region in self.regions if code in region.goals for pupil in region.pupils
        }
        return tuple(pupil for pupil in self.pupils if pupil.id in inside)


def region_label(goals: frozenset[str], codes: tuple[str, ...]) -> str:
    """ "SR only", "SR + MS", "SR + MS + BR", "None": the goals in framework order."""
    if not goals:
        return "None"
    named = [code for code in codes if code in goals]
    return named[0] + " only" if len(named) == 1 else " + ".join(named)


def venn_area(name: str) -> AreaOfLearning:
    """The Venn area of learning called `name` (its name or short name, any case)."""
    for area in VENN_AREAS:
        if name.casefold() in (area.name.casefold(), area.short.casefold()):
            return area
    choices = ", ".join(area.name for area in VENN_AREAS)
    raise InvalidInput(f"A Venn report is drawn for one of: {choices}; not {name!r}.")


def venn_report(
    data: ReportData,
    scope: ReportScope,
    area: AreaOfLearning,
    made_at: datetime | None = None,
) -> VennReport:
    """Count the pupils in each region of `area`'s Venn diagram at the scope's period.

    Raises:
        InvalidInput: no period chosen, it is not an EYFS in-year assessment, or `area` is not
            one of the five Venn areas.
        NotFound: the period is not one of this cohort's.
    """
    if area not in VENN_AREAS:
        raise InvalidInput(f"There is no Venn report for {area.name}.")
    period_id = period_required(data, scope)
    period = data.period(period_id)
    if period.framework != VENN_FRAMEWORK:
        raise InvalidInput(
            f"A Venn report is of an {EYFS_IN_YEAR.name} assessment, and {period.name} is not "
            "one: choose another assessment."
        )
    pupils, left_out = matching_pupils(data, scope)
    heading = make_heading(data, scope, f"Venn: {area.name}", left_out, made_at)
    goals = venn_goals(area)
    codes = tuple(goal.code for goal in goals)
    members: dict[frozenset[str], list[PupilRow]] = {region: [] for region in region_order(codes)}
    cells = data.cohort.cells
    for pupil in pupils:
        on_track = frozenset(
            code
            for code in codes
            if (cell := cells.get((pupil.id, period_id, code))) is not None
            and cell.value is Judgement.ON_TRACK
        )
        members[on_track].append(pupil)
    total = len(pupils)
    regions = tuple(
        VennRegion(goals_on, tuple(names), total, region_label(goals_on, codes))
        for goals_on, names in members.items()
    )
    return VennReport(heading, area, goals, regions, tuple(pupils))


def venn_names(report: VennReport, goals: frozenset[str] | set[str]) -> NameList:
    """The alphabetical list of the pupils in one region."""
    region = report.region(goals)
    if region.goals:
        title = f"{report.area.name}: On track in {region.label}"
    else:
        title = f"{report.area.name}: On track in none of its goals"
    return NameList(title, report.heading, region.pupils)


def venn_circle_names(report: VennReport, code: str) -> NameList:
    """The alphabetical list of everyone On track in one goal (a whole circle)."""
    goal = next((goal for goal in report.goals if goal.code == code), None)
    if goal is None:
        raise InvalidInput(f"{report.area.name} has no goal coded {code!r}.")
    return NameList(f"{goal.name}: On track", report.heading, report.on_track_in(code))
