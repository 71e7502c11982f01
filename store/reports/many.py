"""Reports over many establishments (support only): the Full Report, the Venns and the End of
Year ELG summary of a year group, summed across schools one establishment at a time.

Each establishment is read in a short session of its own and counted by the very functions that
report over one school; only the pupils behind each figure are kept, never its judgements, so
memory grows with the pupils counted, not with judgements or periods, and every figure is the
sum of the establishments' own reports.

They are EYFS reports by name: only EYFS in-year assessments count (a Year 1 period of another
framework is no establishment's "latest assessment" here), for the year groups EYFS is for.

Which assessment: schools name and date their periods themselves, so a report over many is at
each establishment's latest assessment dated on or before today and holding judgements of the
cohort (`period_name` None; see store.reports.latest), or
at each one's latest assessment called `period_name` ("Autumn 1", in any case). An establishment
without one is in no figure of the Full Report or the Venns, and the ELG summary counts the
establishments with End of Year ELGs for the year; the breakdown by establishment says which
assessment each was counted at, or why it was not.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from sqlalchemy import func, select
from sqlmodel import col

from store.assessments.cohort import ElgSectionInfo, PeriodInfo, PupilRow, live_period
from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.errors import InvalidInput
from store.core.models import AssessmentPeriod, PeriodYearGroup
from store.curriculum.dates import format_academic_year
from store.curriculum.eyfs import AREAS, AreaOfLearning, YearGroup
from store.curriculum.eyfs_frameworks import EYFS_IN_YEAR, EYFS_IN_YEAR_ID
from store.establishments.establishments import EstablishmentInfo, list_establishments
from store.pupils.filters import PupilFilter
from store.pupils.profile import get_profile_in
from store.reports.elg_summary import ELG_SUMMARY, ElgSummary, GoalLine, ScoredPupil, elg_summary
from store.reports.latest import load_latest_cohort
from store.reports.load import CellsOf, Named, load_report_cohort, same_name
from store.reports.reports import (
    ALL_CLASSES,
    FULL_REPORT,
    FullReport,
    Heading,
    ReportData,
    ReportScope,
    SchoolRef,
    full_report,
    matching_pupils,
)
from store.reports.subject_lines import AreaLine
from store.reports.venn import (
    VENN_AREAS,
    VennRegion,
    VennReport,
    region_label,
    region_order,
    venn_goals,
    venn_report,
)

SUPPORT_ONLY = "Only the support team can report over many establishments."
LATEST = "Latest assessment"
AT_EACH = " at each establishment"

Kind = Literal["full", "venn", "elg"]
ALL_KINDS: frozenset[Kind] = frozenset({"full", "venn", "elg"})
Progress = Callable[[int, int], None]
"""Called as (establishments done, establishments in all) after each establishment."""


class Cancelled(Exception):
    """The person stopped a report over many establishments before it was finished."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__(f"Stopped after {done:,} of {total:,} establishments.")
        self.done = done
        self.total = total


def require_support(actor: Actor) -> None:
    if actor.role is not Role.SUPPORT:
        raise PermissionDenied(SUPPORT_ONLY)


def choose_establishments(db: Database, actor: Actor, search: str = "") -> list[EstablishmentInfo]:
    """The establishments whose number or name contains `search` (all when blank), by number.

    Raises:
        PermissionDenied: `actor` is not support.
    """
    require_support(actor)
    wanted = " ".join(search.split()).casefold()
    return [
        school
        for school in list_establishments(db, actor)
        if wanted in school.number.casefold() or wanted in school.name.casefold()
    ]


def selection_title(search: str, count: int) -> str:
    """ "All establishments (200)", or "Establishments matching 'oak' (3)"."""
    search = " ".join(search.split())
    if search:
        return f"Establishments matching '{search}' ({count})"
    return f"All establishments ({count})"


def period_names(
    db: Database,
    actor: Actor,
    academic_year: int,
    year_group: YearGroup,
    search: str = "",
    *,
    framework: str = EYFS_IN_YEAR_ID,
) -> list[str]:
    """The names the establishments gave the year group's EYFS in-year assessments (or, for
    Progress, another `framework`'s, by id) in the year, earliest first, each once ("autumn 1"
    and "Autumn 1" are one).

    Raises:
        PermissionDenied: `actor` is not support.
    """
    ids = [school.id for school in choose_establishments(db, actor, search)]
    if not ids:
        return []
    query = (
        select(col(AssessmentPeriod.name), func.min(col(AssessmentPeriod.day)))
        .join(PeriodYearGroup, col(PeriodYearGroup.period_id) == col(AssessmentPeriod.id))
        .where(
            col(AssessmentPeriod.academic_year) == academic_year,
            col(PeriodYearGroup.year_group) == year_group.value,
            col(AssessmentPeriod.framework) == framework,
            live_period(),
        )
        .group_by(col(AssessmentPeriod.name))
        .order_by(func.min(col(AssessmentPeriod.day)), col(AssessmentPeriod.name))
    )
    if search.strip():  # every establishment needs no list of them
        query = query.where(col(AssessmentPeriod.establishment_id).in_(ids))
    with db.read() as session:
        rows = session.execute(query).all()
    names: list[str] = []
    for name, _ in rows:
        if not any(same_name(name, seen) for seen in names):
            names.append(" ".join(name.split()))
    return names


def period_text(period_name: str | None) -> str:
    """What a report over many is at: "Latest assessment at each establishment"."""
    return (LATEST if period_name is None else " ".join(period_name.split())) + AT_EACH


@dataclass(frozen=True)
class ManyReports:
    """The reports of a year group over many establishments, worked out in one pass."""

    title: str
    academic_year: int
    year_group: YearGroup
    period_name: str | None
    pupil_filter: PupilFilter
    full: FullReport | None
    venns: tuple[VennReport, ...]
    elg: ElgSummary | None
    pupils: tuple[PupilRow, ...]
    """Every pupil of the cohorts, counted or not (for the filter's live count)."""

    def venn(self, area: AreaOfLearning) -> VennReport:
        for report in self.venns:
            if report.area == area:
                return report
        raise InvalidInput(f"The Venn report for {area.name} was not worked out.")


@dataclass
class _Sums:
    """What each establishment adds to the reports: the pupils behind every figure."""

    kinds: Collection[Kind]
    today: date
    periodic: list[PupilRow] = field(default_factory=list)
    periodic_left_out: int = 0
    periodic_schools: list[SchoolRef] = field(default_factory=list)
    below: dict[str, list[PupilRow]] = field(default_factory=dict)
    on_track: dict[str, list[PupilRow]] = field(default_factory=dict)
    regions: dict[str, dict[frozenset[str], list[PupilRow]]] = field(default_factory=dict)
    elg_pupils: list[PupilRow] = field(default_factory=list)
    elg_left_out: int = 0
    elg_schools: list[SchoolRef] = field(default_factory=list)
    elg_day: date | None = None
    gld: list[PupilRow] = field(default_factory=list)
    expected: dict[str, list[PupilRow]] = field(default_factory=dict)
    scored: list[ScoredPupil] = field(default_factory=list)
    school_of: dict[int, int] = field(default_factory=dict)
    everyone: list[PupilRow] = field(default_factory=list)

    def __post_init__(self) -> None:
        for subject in EYFS_IN_YEAR.subjects:
            self.below[subject.code], self.on_track[subject.code] = [], []
        for area in AREAS:
            self.expected[area.code] = []
        for learning in VENN_AREAS:
            codes = tuple(goal.code for goal in venn_goals(learning))
            self.regions[learning.short] = {region: [] for region in region_order(codes)}


def many_reports(
    db: Database,
    actor: Actor,
    academic_year: int,
    year_group: YearGroup,
    period_name: str | None = None,
    *,
    search: str = "",
    pupil_filter: PupilFilter | None = None,
    kinds: Collection[Kind] = ALL_KINDS,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    made_at: datetime | None = None,
    today: date | None = None,
) -> ManyReports:
    """The Full Report, the five Venns and (Reception) the End of Year ELG summary of
    `year_group` over the establishments matching `search`, one establishment at a time.

    Args:
        period_name: each establishment's latest assessment so called; None: each one's latest
            assessment dated on or before `today` holding judgements of the cohort.
        search: part of an establishment's number or name (blank: every establishment).
        kinds: which reports to work out (the others are left None or empty).
        progress: hears (done, in all) after each establishment.
        cancelled: asked before each establishment; True stops the report (Cancelled).
        today: the day the latest assessment is on or before (default: the real today).

    Raises:
        PermissionDenied: `actor` is not support.
        InvalidInput: EYFS is not for `year_group`.
        Cancelled: `cancelled` said so.
    """
    require_support(actor)
    if year_group not in EYFS_IN_YEAR.year_groups:
        raise InvalidInput(
            f"Reports over many establishments are of {EYFS_IN_YEAR.name} assessments, for "
            f"{EYFS_IN_YEAR.year_groups_said()}: not {year_group.label}."
        )
    pupil_filter = pupil_filter or PupilFilter()
    made_at = made_at or datetime.now().astimezone()
    if year_group is not YearGroup.RECEPTION:
        kinds = [kind for kind in kinds if kind != "elg"]
    schools = choose_establishments(db, actor, search)
    sums = _Sums(kinds, today or date.today())
    for done, school in enumerate(schools):
        if cancelled is not None and cancelled():
            raise Cancelled(done, len(schools))
        _add_school(db, school, academic_year, year_group, period_name, pupil_filter, sums)
        if progress is not None:
            progress(done + 1, len(schools))

    def heading(report: str, period: str, refs: list[SchoolRef], left_out: int) -> Heading:
        return Heading(
            report=report,
            establishment=selection_title(search, len(schools)),
            academic_year=format_academic_year(academic_year),
            year_group=year_group.label,
            period=period,
            class_label=ALL_CLASSES,
            filter_text=pupil_filter.describe(),
            made_at=made_at,
            left_out=left_out,
            schools=tuple(refs),
            school_of=sums.school_of,
        )

    at = period_text(period_name)
    counted = tuple(sums.periodic)
    full = None
    if "full" in kinds:
        lines = tuple(
            AreaLine(
                subject,
                tuple(sums.below[subject.code]),
                tuple(sums.on_track[subject.code]),
                counted,
            )
            for subject in EYFS_IN_YEAR.subjects
        )
        full = FullReport(
            heading(FULL_REPORT, at, sums.periodic_schools, sums.periodic_left_out),
            lines,
            EYFS_IN_YEAR,
        )
    venns: list[VennReport] = []
    if "venn" in kinds:
        for learning in VENN_AREAS:
            goals = venn_goals(learning)
            codes = tuple(goal.code for goal in goals)
            regions = tuple(
                VennRegion(region, tuple(names), len(counted), region_label(region, codes))
                for region, names in sums.regions[learning.short].items()
            )
            title = f"Venn: {learning.name}"
            venn_heading = heading(title, at, sums.periodic_schools, sums.periodic_left_out)
            venns.append(VennReport(venn_heading, learning, goals, regions, counted))
    elg = None
    if "elg" in kinds:
        elg_heading = heading(ELG_SUMMARY, "", sums.elg_schools, sums.elg_left_out)
        elg = _elg(sums, academic_year, elg_heading)
    return ManyReports(
        selection_title(search, len(schools)),
        academic_year,
        year_group,
        period_name,
        pupil_filter,
        full,
        tuple(venns),
        elg,
        tuple(sums.everyone),
    )


def _elg(sums: _Sums, academic_year: int, heading: Heading) -> ElgSummary:
    pupils = tuple(sums.elg_pupils)
    # Over many establishments the section stands for theirs: no id, the latest date.
    section = None
    if sums.elg_day is not None:
        section = ElgSectionInfo(0, academic_year, sums.elg_day, None, None)
    goals = tuple(GoalLine(area, tuple(sums.expected[area.code]), len(pupils)) for area in AREAS)
    return ElgSummary(heading, section, pupils, tuple(sums.gld), goals, tuple(sums.scored))


def _add_school(
    db: Database,
    school: EstablishmentInfo,
    academic_year: int,
    year_group: YearGroup,
    period_name: str | None,
    pupil_filter: PupilFilter,
    sums: _Sums,
) -> None:
    """Count one establishment into `sums` (its judgements are dropped when it returns)."""
    periodic = "full" in sums.kinds or "venn" in sums.kinds
    cells_of: CellsOf = None
    if periodic and period_name is not None:
        cells_of = Named(period_name)
    with_elg = "elg" in sums.kinds
    with db.read() as session:
        profile = get_profile_in(session, school.id)
        if periodic and period_name is None:
            cohort, with_data, loaded = load_latest_cohort(
                session, school.id, academic_year, year_group, sums.today, with_elg, EYFS_IN_YEAR_ID
            )
        else:
            cohort, with_data, loaded = load_report_cohort(
                session, school.id, academic_year, year_group, cells_of, with_elg, EYFS_IN_YEAR_ID
            )
    data = ReportData(school.number, school.name, cohort, profile.custom_names, profile.class_names)
    pupils, left_out = matching_pupils(data, ReportScope(None, None, pupil_filter))
    index = len(sums.periodic_schools)  # one line per establishment in each kind's list
    sums.school_of.update((pupil.id, index) for pupil in pupils)
    sums.everyone.extend(cohort.pupils)

    def ref(counted: int, note: str, included: bool = True) -> SchoolRef:
        return SchoolRef(school.number, school.name, profile.class_names, counted, note, included)

    period = _counted_period(data, loaded & with_data)
    if period is None:
        sums.periodic_schools.append(ref(0, _why_not(data, period_name, loaded), False))
    else:
        sums.periodic_schools.append(ref(len(pupils), f"{period.name} {period.day:%d/%m/%Y}"))
        sums.periodic.extend(pupils)
        sums.periodic_left_out += left_out
        scope = ReportScope(period.id, None, pupil_filter)
        if "full" in sums.kinds:
            for line in full_report(data, scope).lines:
                sums.below[line.area.code].extend(line.below)
                sums.on_track[line.area.code].extend(line.on_track)
        if "venn" in sums.kinds:
            for learning in VENN_AREAS:
                regions = sums.regions[learning.short]
                for region in venn_report(data, scope, learning).regions:
                    regions[region.goals].extend(region.pupils)
    if "elg" in sums.kinds:
        _add_elg(data, pupil_filter, sums, ref)


def _counted_period(data: ReportData, counted: frozenset[int]) -> PeriodInfo | None:
    """The period loaded for a report over many, if it holds judgements of the cohort."""
    return next((period for period in data.periods if period.id in counted), None)


def _why_not(data: ReportData, period_name: str | None, loaded: frozenset[int]) -> str:
    if not data.cohort.pupils:
        return f"no {data.cohort.year_group.label} pupils"
    if period_name is None:
        return "no judgements yet" if data.periods else "no assessment this year"
    if not loaded:
        return f"no {' '.join(period_name.split())} assessment"
    return f"no judgements at {data.period(next(iter(loaded))).name} yet"


def _add_elg(
    data: ReportData,
    pupil_filter: PupilFilter,
    sums: _Sums,
    ref: Callable[[int, str, bool], SchoolRef],
) -> None:
    section = data.cohort.elg
    if section is None:
        sums.elg_schools.append(ref(0, "no End of Year ELGs", False))
        return
    summary = elg_summary(data, ReportScope(None, None, pupil_filter))
    state = "submitted" if section.locked else "not submitted"
    sums.elg_schools.append(ref(len(summary.pupils), f"End of Year ELGs {state}", True))
    sums.elg_pupils.extend(summary.pupils)
    sums.elg_left_out += summary.heading.left_out
    sums.gld.extend(summary.gld)
    for line in summary.goals:
        sums.expected[line.area.code].extend(line.expected)
    sums.scored.extend(summary.scored)
    if sums.elg_day is None or section.day > sums.elg_day:
        sums.elg_day = section.day
