"""Reports over one cohort: what they count, the Full Report and the names behind every figure.

A report is worked out in two steps. `open_reports` loads a cohort once (the isolation check is
there: an account sees only its own establishment's pupils, support sees any); the report
functions are then pure over what it loaded, so a screen can change period, class or filter and
recount in microseconds without going back to the database.

Who counts, everywhere: pupils of the year group who are not archived, match the class (None is
all classes) and the characteristics filter, and are included in data. Pupils with Include in
Data = No are left out of every figure and every name list (the report says how many). As at the
foot of the grid, a blank judgement still counts in "Num Pupils", the denominator of each
percentage, so the Full Report and the grid always agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from store.assessments.cohort import Cohort, PeriodInfo, PupilRow
from store.core.access import Actor
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound
from store.core.models import Establishment
from store.curriculum import frameworks
from store.curriculum.dates import format_academic_year
from store.curriculum.eyfs import YearGroup
from store.curriculum.framework import CountedGroup, Framework
from store.pupils.filters import PupilFilter, class_name
from store.pupils.profile import get_profile_in
from store.reports.latest import load_latest_cohort
from store.reports.load import (
    CellsOf,
    ReceptionGoals,
    latest_period,
    load_reception_goals,
    load_report_cohort,
)
from store.reports.subject_lines import (
    AreaLine,
    Figure,
    derived_line,
    reported_derived,
    subject_line,
)

ALL_CLASSES = "All classes"


@dataclass(frozen=True)
class ReportData:
    """One cohort as the reports need it, with the establishment's names for its classes."""

    establishment_number: str
    establishment_name: str
    cohort: Cohort
    custom_names: tuple[str, ...]
    class_names: tuple[str, ...]
    periods_with_data: frozenset[int] | None = None
    """Periods holding any judgement of the cohort (None: as the loaded cells show)."""
    cells_loaded: frozenset[int] | None = None
    """The periods whose judgements were loaded (None: every period's)."""
    reception: ReceptionGoals | None = None
    """The pupils' End of Year ELGs from Reception, for the EYFS to KS1 table (None: not
    loaded)."""

    @property
    def establishment_title(self) -> str:
        return f"{self.establishment_number} - {self.establishment_name}"

    @property
    def periods(self) -> list[PeriodInfo]:
        """The year group's assessment periods in the academic year, in date order."""
        return list(self.cohort.periods)

    def period(self, period_id: int) -> PeriodInfo:
        for period in self.cohort.periods:
            if period.id == period_id:
                return period
        raise NotFound(
            f"{self.cohort.year_group.label} has no such assessment in "
            f"{format_academic_year(self.cohort.academic_year)}: choose another."
        )

    def periods_of(self, framework: str | None) -> list[PeriodInfo]:
        """The periods of one framework (by id), in date order; None: every period."""
        return [p for p in self.cohort.periods if framework in (None, p.framework)]

    def latest_period_with_data(
        self, today: date | None = None, framework: str | None = None
    ) -> PeriodInfo | None:
        """The period a report usually wants: the latest dated on or before `today` (default:
        the real today) holding any judgement (see store.reports.latest). Without one: the
        latest period dated by today (still empty), else the first still to come, else None.
        `framework` (an id) keeps to its periods, as a report of one framework must.
        """
        filled = self.periods_with_data
        if filled is None:
            filled = frozenset(period_id for _, period_id, _ in self.cohort.cells)
        today = today or date.today()
        periods = self.periods_of(framework)
        latest = latest_period(periods, filled, today)
        if latest is not None:
            return latest
        past = [period for period in periods if period.day <= today]
        if past:
            return past[-1]
        return periods[0] if periods else None

    def has_judgements_of(self, period_id: int) -> bool:
        """Whether the judgements of `period_id` were loaded."""
        return self.cells_loaded is None or period_id in self.cells_loaded

    def class_label(self, class_slot: int | None) -> str:
        return ALL_CLASSES if class_slot is None else class_name(self.class_names, class_slot)


@dataclass(frozen=True)
class ReportScope:
    """What a report is over, besides the cohort: one period (None for the ELG summary), a
    class (None: all classes) and the pupil characteristics filter."""

    period_id: int | None = None
    class_slot: int | None = None
    pupil_filter: PupilFilter = field(default_factory=PupilFilter)


@dataclass(frozen=True)
class SchoolRef:
    """One establishment of a report over many: who it is and what it counted.

    `counted` is its number of pupils in the report's figures; `note` names the assessment it
    was counted at, or (when `included` is False) why it is in no figure.
    """

    number: str
    name: str
    class_names: tuple[str, ...]
    counted: int
    note: str
    included: bool = True

    @property
    def title(self) -> str:
        return f"{self.number} - {self.name}"


@dataclass(frozen=True)
class Heading:
    """What a report is of, in words, for its screen and its workbook's title block."""

    report: str
    establishment: str
    academic_year: str
    year_group: str
    period: str
    class_label: str
    filter_text: str
    made_at: datetime
    left_out: int
    """Pupils who matched but have Include in Data = No (not in any figure)."""
    class_names: tuple[str, ...] = ()
    """The establishment's class names, slot 1 first (for a pupil's class in a name list)."""
    schools: tuple[SchoolRef, ...] = ()
    """A report over many establishments: each one, by number (empty: one establishment)."""
    school_of: Mapping[int, int] = field(default_factory=dict)
    """A report over many establishments: each counted pupil's (by id) index in `schools`."""

    @property
    def many(self) -> bool:
        """Whether the report is over many establishments (its names say whose pupil)."""
        return bool(self.schools)

    def school(self, pupil: PupilRow) -> SchoolRef | None:
        """The pupil's establishment in a report over many (None in a report over one)."""
        index = self.school_of.get(pupil.id)
        return None if index is None else self.schools[index]

    def class_of(self, pupil: PupilRow) -> str:
        if pupil.class_slot is None:
            return ""
        school = self.school(pupil)
        names = self.class_names if school is None else school.class_names
        return class_name(names, pupil.class_slot)

    @property
    def left_out_text(self) -> str:
        """ "1 pupil with Include in Data = No is left out", or "" when none is."""
        if not self.left_out:
            return ""
        if self.left_out == 1:
            return "1 pupil with Include in Data = No is left out"
        return f"{self.left_out:,} pupils with Include in Data = No are left out"

    @property
    def pupils_text(self) -> str:
        """Class and filter in one line: "All classes · Filter: Male · EAL"."""
        return f"{self.class_label} · {self.filter_text}"

    def line(self) -> str:
        """The report's context in one line, as the guide's filter row reads."""
        parts = [self.academic_year, self.year_group]
        if self.many:
            parts.insert(0, self.establishment)
        if self.period:
            parts.append(self.period)
        parts += [self.class_label, self.report]
        return " · ".join(parts)


@dataclass(frozen=True)
class NameList:
    """The alphabetical list of pupils behind one figure of a report.

    `details` (when not empty) holds one more value per pupil, titled `detail_title`, such as
    each pupil's ELG total score behind an average.
    """

    title: str
    heading: Heading
    pupils: tuple[PupilRow, ...]
    detail_title: str = ""
    details: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        return len(self.pupils)


def open_reports(
    db: Database,
    actor: Actor,
    establishment_id: int,
    academic_year: int,
    year_group: YearGroup,
    cells_of: CellsOf = "all",
    today: date | None = None,
    with_reception: bool = False,
) -> ReportData:
    """Load what the reports of one cohort need.

    Args:
        cells_of: whose judgements to load: "all" periods' (the default), "latest" (those of
            `latest_period`, as the Reports screen opens), one period's id, or None (the End of
            Year ELG summary needs none).
        today: the day "latest" is on or before (default: the real today).
        with_reception: also the pupils' End of Year ELGs from when they were in Reception
            (`ReportData.reception`, which the EYFS to KS1 table reads).

    Raises:
        PermissionDenied: the actor may not see this establishment.
        NotFound: there is no such establishment.
    """
    actor.require_establishment(establishment_id)
    with db.read() as session:
        establishment = session.get(Establishment, establishment_id)
        if establishment is None:
            raise NotFound("That establishment does not exist.")
        profile = get_profile_in(session, establishment_id)
        if cells_of == "latest":
            cohort, with_data, loaded = load_latest_cohort(
                session, establishment_id, academic_year, year_group, today or date.today()
            )
        else:
            cohort, with_data, loaded = load_report_cohort(
                session, establishment_id, academic_year, year_group, cells_of
            )
        reception = None
        if with_reception:
            pupil_ids = [pupil.id for pupil in cohort.pupils]
            reception = load_reception_goals(session, establishment_id, academic_year, pupil_ids)
        return ReportData(
            establishment.number,
            establishment.name,
            cohort,
            profile.custom_names,
            profile.class_names,
            periods_with_data=with_data,
            cells_loaded=None if cells_of == "all" else loaded,
            reception=reception,
        )


def matching_pupils(data: ReportData, scope: ReportScope) -> tuple[list[PupilRow], int]:
    """The pupils a report counts, alphabetical, and how many matching ones are left out
    because Include in Data is No. A period of a framework for pupils assessed another way
    (small steps) counts those alone: the others are not left out, they are not assessed so."""
    counted: list[PupilRow] = []
    left_out = 0
    period = next((p for p in data.cohort.periods if p.id == scope.period_id), None)
    another_way = period is not None and frameworks.by_id(period.framework).for_alternative
    for pupil in data.cohort.pupils:
        if scope.class_slot is not None and pupil.class_slot != scope.class_slot:
            continue
        if not scope.pupil_filter.matches(pupil):
            continue
        if another_way and not pupil.alternative_assessment:
            continue
        if pupil.include_in_data:
            counted.append(pupil)
        else:
            left_out += 1
    return counted, left_out


def make_heading(
    data: ReportData,
    scope: ReportScope,
    report: str,
    left_out: int,
    made_at: datetime | None = None,
) -> Heading:
    period = ""
    if scope.period_id is not None:
        info = data.period(scope.period_id)
        period = f"{info.name} {info.day:%d/%m/%Y}"
    return Heading(
        report=report,
        establishment=data.establishment_title,
        academic_year=format_academic_year(data.cohort.academic_year),
        year_group=data.cohort.year_group.label,
        period=period,
        class_label=data.class_label(scope.class_slot),
        filter_text=scope.pupil_filter.describe(data.custom_names, data.class_names),
        made_at=made_at or datetime.now().astimezone(),
        left_out=left_out,
        class_names=data.class_names,
    )


def period_required(data: ReportData, scope: ReportScope) -> int:
    """The scope's period, which must be one of the cohort's, with its judgements loaded."""
    if scope.period_id is None:
        raise InvalidInput("Choose an assessment period for this report.")
    framework = period_framework(data, scope.period_id)
    if not framework.totalled:
        raise InvalidInput(framework.not_totalled_said())
    if not data.has_judgements_of(scope.period_id):
        raise InvalidInput("That assessment's judgements were not loaded: open the report again.")
    return scope.period_id


# --- Full Report ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FullReport:
    """Every subject of the period's framework, one line each (see AreaLine for what each
    counts); `framework` names the groups and the column of subjects."""

    heading: Heading
    lines: tuple[AreaLine, ...]
    framework: Framework

    @property
    def band_words(self) -> tuple[str, str]:
        """The two counted groups' names: ("Below", "On track") for EYFS in-year."""
        return self.framework.band_words

    @property
    def groups(self) -> tuple[CountedGroup, ...]:
        """The framework's own counted groups (KS1's EXS+, GDS, below EXS, the rest), whose
        reported ones the report shows instead of `band_words`' two; empty: it names none."""
        return self.framework.groups

    @property
    def has_numbers(self) -> bool:
        """Whether any line is a number subject's (the report then shows marks too)."""
        return any(line.is_number for line in self.lines)

    def figure_label(self, figure: Figure, group: int = 0) -> str:
        """What a figure is called in a name list's title: "Below", "Num pupils", "GDS"."""
        if figure is Figure.GROUP:
            return self.groups[group].words
        return {
            Figure.BELOW: self.band_words[0],
            Figure.ON_TRACK: self.band_words[1],
            Figure.PUPILS: "Num pupils",
            Figure.MARKED: "With a mark",
        }[figure]

    def line(self, area_code: str) -> AreaLine:
        for line in self.lines:
            if line.area.code == area_code:
                return line
        raise NotFound(f"{area_code!r} is not {self.framework.subject_noun} of this report.")


FULL_REPORT = "Full Report"


def period_framework(data: ReportData, period_id: int) -> Framework:
    """The framework a period of the cohort records, its names as the school words them.

    Raises:
        InvalidInput: this program does not know it (a newer version made the period).
        NotFound: the period is not one of this cohort's.
    """
    try:
        return data.cohort.wording.applied(frameworks.by_id(data.period(period_id).framework))
    except frameworks.UnknownFramework as unknown:
        raise InvalidInput(str(unknown)) from None


def full_report(
    data: ReportData, scope: ReportScope, made_at: datetime | None = None
) -> FullReport:
    """One line per subject of the period's framework: its two counted groups (the framework's
    `band_words`; its own `groups` when it names them: KS1's) as numbers and percentages of the
    pupils counted, and the pupils counted.

    A number subject (a phonics mark) shows how many pupils have a mark and their average mark
    instead of the two groups, which stay blank: a teacher compares marks, and a framework does
    not say which marks are below the standard. A Yes/No derived column counted among the
    pupils it decides for (the phonics outcome) follows its subject, counted so.

    Raises:
        InvalidInput: no period chosen, or its framework is unknown to this program.
        NotFound: the period is not one of this cohort's.
    """
    period_id = period_required(data, scope)
    framework = period_framework(data, period_id)
    pupils, left_out = matching_pupils(data, scope)
    heading = make_heading(data, scope, FULL_REPORT, left_out, made_at)
    everyone = tuple(pupils)
    cells = data.cohort.cells
    derived = reported_derived(framework)
    lines: list[AreaLine] = []
    for subject in framework.subjects:
        lines.append(subject_line(subject, everyone, cells, period_id, framework.groups))
        lines += [
            derived_line(column, framework, everyone, cells, period_id, data.cohort.settings)
            for column in derived
            if column.after == subject.code
        ]
    lines += [
        derived_line(column, framework, everyone, cells, period_id, data.cohort.settings)
        for column in derived
        if column.after is None
    ]
    return FullReport(heading, tuple(lines), framework)


def full_report_names(
    report: FullReport, area_code: str, figure: Figure, group: int = 0
) -> NameList:
    """The alphabetical list of the pupils behind one figure of the Full Report (a number
    subject's marked pupils with their marks); `group` says which of the framework's own
    groups Figure.GROUP is.

    Raises:
        NotFound: the report has no such subject.
        InvalidInput: the figure is not one the subject's line has (a group of a number
            subject, the marks of a subject of codes, a group the framework does not name).
    """
    line = report.line(area_code)
    if figure is Figure.GROUP and (
        not 0 <= group < len(report.groups) or line.is_number or line.derived
    ):
        raise InvalidInput(f"{line.area.name} has no such group of pupils.")
    title = f"{line.area.name}: {report.figure_label(figure, group)}"
    if figure is Figure.MARKED:
        if not line.is_number:
            raise InvalidInput(f"{line.area.name} takes codes, not marks.")
        details = tuple(str(item.mark) for item in line.marks)
        return NameList(title, report.heading, line.names(figure), "Mark", details)
    if line.is_number and figure is not Figure.PUPILS:
        words = report.band_words
        raise InvalidInput(f"{line.area.name} is marked, not counted {words[0]} or {words[1]}.")
    return NameList(title, report.heading, line.names(figure, group))
