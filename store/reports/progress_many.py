"""The Progress report over many establishments (support only): each establishment's progress
between two of its assessments, worked out by the one-school functions (store.progress) one
establishment at a time, and summed.

Which two: each establishment's latest two with judgements of the framework chosen (as its own
report's default), or the two it calls by the names chosen ("Autumn 2", in any case). An
establishment without both is in no figure, and the breakdown by establishment says why. Only
each pupil's change in each subject is kept (what every figure, name list and "why" is made of),
never the judgements, so memory grows with the pupils counted. Pupil ids are the database's, so
the establishments' changes sum without clashing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from store.assessments.cohort import PeriodInfo, PupilRow
from store.core.access import Actor
from store.core.db import Database
from store.core.errors import InvalidInput
from store.curriculum import frameworks
from store.curriculum.dates import format_academic_year
from store.curriculum.eyfs import YearGroup
from store.curriculum.framework import Framework
from store.establishments.establishments import EstablishmentInfo
from store.progress.progress import (
    ProgressPeriod,
    default_pair,
    load_progress,
    progress_periods,
    year_group_below,
)
from store.progress.transitions import (
    BLANK,
    Progress,
    PupilChange,
    Reading,
    SubjectProgress,
)
from store.pupils.filters import PupilFilter
from store.pupils.profile import get_profile_in
from store.reports.load import load_report_cohort, same_name
from store.reports.many import (
    AT_EACH,
    Cancelled,
    choose_establishments,
    period_names,
    require_support,
    selection_title,
)
from store.reports.progress_report import PROGRESS, ProgressReport, progress_report
from store.reports.reports import ALL_CLASSES, Heading, ReportData, SchoolRef

EARLIER, LATEST = "Earlier", "Latest"
"""What the two assessments are called over many establishments when each has its own."""
LATEST_TWO = "Latest two assessments"


@dataclass(frozen=True)
class NamedPeriod:
    """An assessment by the name establishments give it, this year or (the same children, a
    year group younger) last year."""

    name: str
    last_year: bool = False

    @property
    def label(self) -> str:
        name = " ".join(self.name.split())
        return f"{name} (last year)" if self.last_year else name

    def matches(self, choice: ProgressPeriod) -> bool:
        return choice.last_year == self.last_year and same_name(self.name, choice.period.name)


@dataclass(frozen=True)
class ManyPair:
    """Which two assessments of `framework` (by id) at each establishment: its latest two with
    judgements (`then` and `now` None), or the two so called."""

    framework: str
    then: NamedPeriod | None = None
    now: NamedPeriod | None = None

    @property
    def named(self) -> bool:
        return self.then is not None and self.now is not None

    def text(self) -> str:
        """ "Latest two assessments at each establishment", "Autumn 2 to Spring 1 at each"."""
        if self.then is None or self.now is None:
            return LATEST_TWO + AT_EACH
        return f"{self.then.label} to {self.now.label}{AT_EACH}"


@dataclass(frozen=True)
class ProgressOverMany:
    """The Progress report over many establishments, and every pupil of their cohorts (counted
    or not: the characteristics filter's live count)."""

    report: ProgressReport
    pupils: tuple[PupilRow, ...]


def progress_frameworks(year_group: YearGroup) -> tuple[Framework, ...]:
    """The frameworks whose assessments the year group may have (the first is the default)."""
    return tuple(f for f in frameworks.for_periods() if year_group in f.year_groups)


def progress_period_names(
    db: Database,
    actor: Actor,
    academic_year: int,
    year_group: YearGroup,
    framework: str,
    search: str = "",
) -> list[NamedPeriod]:
    """The names the establishments gave their assessments of `framework` for the cohort: last
    year's (the year group below) first, then this year's, each earliest first.

    Raises:
        PermissionDenied: `actor` is not support.
    """
    below = year_group_below(year_group)
    found: list[NamedPeriod] = []
    if below is not None:
        names = period_names(db, actor, academic_year - 1, below, search, framework=framework)
        found += [NamedPeriod(name, last_year=True) for name in names]
    names = period_names(db, actor, academic_year, year_group, search, framework=framework)
    return found + [NamedPeriod(name) for name in names]


@dataclass
class _Sums:
    """What the establishments add: each subject's changes, the pupils behind them, and each
    establishment's line."""

    framework: Framework
    changes: dict[str, list[PupilChange]] = field(default_factory=dict)
    rows: dict[str, tuple[str, ...]] = field(default_factory=dict)
    uses_points: dict[str, bool] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)
    counted: list[PupilRow] = field(default_factory=list)
    everyone: list[PupilRow] = field(default_factory=list)
    schools: list[SchoolRef] = field(default_factory=list)
    school_of: dict[int, int] = field(default_factory=dict)
    left_out: int = 0
    readings: dict[Reading, Reading] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for subject in self.framework.subjects:
            self.changes[subject.code] = []

    def add(self, report: ProgressReport) -> None:
        index = len(self.schools)  # the establishment's line, appended by the caller
        for subject in report.subjects:
            code = subject.subject.code
            self.changes[code].extend(self._shared(change) for change in subject.changes)
            # Each establishment bands standardised scores its own way: every row any has.
            known = self.rows.get(code, (BLANK,))
            more = tuple(row for row in subject.rows if row not in known)
            self.rows[code] = (*known[:-1], *more) if more else known
            self.uses_points[code] = subject.uses_points
        self.names.update(report.progress.pupils)
        self.counted.extend(report.pupils)
        self.school_of.update((pupil.id, index) for pupil in report.pupils)
        self.left_out += report.heading.left_out

    def _shared(self, change: PupilChange) -> PupilChange:
        """The change with its readings and reason shared with every equal one: a cohort's
        changes say the same few things, which 600 establishments would otherwise hold once
        a pupil and subject (a third of the report's memory, measured)."""
        readings, reasons = self.readings, self.reasons
        return replace(
            change,
            then=readings.setdefault(change.then, change.then),
            now=readings.setdefault(change.now, change.now),
            why=reasons.setdefault(change.why, change.why),
        )

    def progress(self, then_name: str, now_name: str) -> Progress:
        subjects = tuple(
            SubjectProgress(
                subject,
                tuple(self.changes[subject.code]),
                self.rows.get(subject.code, ()),
                self.uses_points.get(subject.code, False),
            )
            for subject in self.framework.subjects
        )
        return Progress(self.framework, then_name, now_name, subjects, self.names)


def many_progress(
    db: Database,
    actor: Actor,
    academic_year: int,
    year_group: YearGroup,
    pair: ManyPair,
    *,
    search: str = "",
    pupil_filter: PupilFilter | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    made_at: datetime | None = None,
) -> ProgressOverMany:
    """Progress of `year_group` over the establishments matching `search`, one at a time,
    between the two assessments `pair` names at each.

    Args:
        search: part of an establishment's number or name (blank: every establishment).
        progress: hears (done, in all) after each establishment.
        cancelled: asked before each establishment; True stops the report (Cancelled).

    Raises:
        PermissionDenied: `actor` is not support.
        InvalidInput: the framework does not assess `year_group`, or only one name is given.
        Cancelled: `cancelled` said so.
    """
    require_support(actor)
    framework = frameworks.by_id(pair.framework)
    if year_group not in framework.year_groups:
        raise InvalidInput(
            f"{framework.name} is for {framework.year_groups_said()}: not {year_group.label}."
        )
    if (pair.then is None) != (pair.now is None):
        raise InvalidInput("Name both assessments to compare, or neither (each one's latest).")
    pupil_filter = pupil_filter or PupilFilter()
    made_at = made_at or datetime.now().astimezone()
    schools = choose_establishments(db, actor, search)
    sums = _Sums(framework)
    for done, school in enumerate(schools):
        if cancelled is not None and cancelled():
            raise Cancelled(done, len(schools))
        _add_school(db, actor, school, academic_year, year_group, pair, pupil_filter, sums)
        if progress is not None:
            progress(done + 1, len(schools))
    names = (EARLIER, LATEST)
    if pair.then is not None and pair.now is not None:
        names = (" ".join(pair.then.name.split()), " ".join(pair.now.name.split()))
        if same_name(*names):  # Summer 2 last year to Summer 2 this year
            names = (pair.then.label, pair.now.label)
    heading = Heading(
        report=PROGRESS,
        establishment=selection_title(search, len(schools)),
        academic_year=format_academic_year(academic_year),
        year_group=year_group.label,
        period=pair.text(),
        class_label=ALL_CLASSES,
        filter_text=pupil_filter.describe(),
        made_at=made_at,
        left_out=sums.left_out,
        schools=tuple(sums.schools),
        school_of=sums.school_of,
    )
    # Over many establishments the two assessments stand for theirs: no id, no one date.
    day = date(academic_year, 9, 1)
    then, now = (
        ProgressPeriod(
            PeriodInfo(0, name, day, academic_year, (year_group,), framework.id), True, False
        )
        for name in names
    )
    report = ProgressReport(heading, sums.progress(*names), tuple(sums.counted), then, now)
    return ProgressOverMany(report, tuple(sums.everyone))


def _pair_at(
    choices: list[ProgressPeriod], pair: ManyPair
) -> tuple[ProgressPeriod, ProgressPeriod] | str:
    """The establishment's two assessments of the framework `pair` names, or why not."""
    ours = [choice for choice in choices if choice.period.framework == pair.framework]
    if pair.then is None or pair.now is None:
        found = default_pair(ours)
        if found is not None:
            return found
        filled = [choice for choice in ours if choice.with_data]
        if not filled:
            return "no assessment with judgements"
        return f"judgements only at {filled[0].label}"
    now = _named(ours, pair.now)
    if now is None:
        return f"no {pair.now.label} assessment"
    earlier = [c for c in ours if (c.period.day, c.period.id) < (now.period.day, now.period.id)]
    then = _named(earlier, pair.then)
    if then is None:
        return f"no {pair.then.label} assessment before {now.period.name}"
    empty = [choice.label for choice in (then, now) if not choice.with_data]
    if empty:
        return f"no judgements at {' or '.join(empty)}"
    return then, now


def _named(choices: list[ProgressPeriod], wanted: NamedPeriod) -> ProgressPeriod | None:
    """The latest assessment so called holding judgements, else the latest so called."""
    named = [choice for choice in choices if wanted.matches(choice)]
    filled = [choice for choice in named if choice.with_data]
    latest = filled or named
    return max(latest, key=lambda c: (c.period.day, c.period.id)) if latest else None


def _add_school(
    db: Database,
    actor: Actor,
    school: EstablishmentInfo,
    academic_year: int,
    year_group: YearGroup,
    pair: ManyPair,
    pupil_filter: PupilFilter,
    sums: _Sums,
) -> None:
    """Count one establishment into `sums` (its judgements are dropped when it returns)."""
    with db.read() as session:
        profile = get_profile_in(session, school.id)
        cohort, _, _ = load_report_cohort(
            session, school.id, academic_year, year_group, None, with_elg=False
        )
    sums.everyone.extend(cohort.pupils)

    def ref(counted: int, note: str, included: bool = True) -> SchoolRef:
        return SchoolRef(school.number, school.name, profile.class_names, counted, note, included)

    if not cohort.pupils:
        sums.schools.append(ref(0, f"no {year_group.label} pupils", False))
        return
    chosen = _pair_at(progress_periods(db, actor, school.id, academic_year, year_group), pair)
    if isinstance(chosen, str):
        sums.schools.append(ref(0, chosen, False))
        return
    then, now = chosen
    progress = load_progress(
        db,
        actor,
        school.id,
        academic_year,
        year_group,
        then.period.id,
        now.period.id,
        pupil_filter=pupil_filter,
    )
    data = ReportData(school.number, school.name, cohort, profile.custom_names, profile.class_names)
    report = progress_report(data, progress, then, now, None, pupil_filter)
    sums.add(report)
    when = f"{then.label} to {now.label}"
    sums.schools.append(ref(len(report.pupils), when))
