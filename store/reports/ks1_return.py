"""The local authority's KS1 return: every establishment's submitted KS1 teacher assessment of
Year 2 (support only), read one establishment at a time, and each school's figures in it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlmodel import col

from store.assessments.cohort import live_period
from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.models import AssessmentPeriod, Establishment, Judgement, PeriodYearGroup, Pupil
from store.curriculum.codes import Band
from store.curriculum.eyfs import YearGroup
from store.curriculum.ks1 import KS1_TA
from store.curriculum.year_groups import birth_date_range
from store.reports.la_return import (
    SUPPORT_ONLY,
    Progress,
    StopAsked,
    SubmittedYear,
    by_pupil,
    each_establishment,
    pupil_columns,
    record_return_export,
)

YEAR_GROUP = YearGroup.YEAR_2
SUBJECTS = KS1_TA.subjects
"""The return's subjects, in the framework's order: each row's `results` follow them."""
EXPORT_ACTION = "export LA KS1 return"


@dataclass(frozen=True, slots=True)
class SubmittedPeriod:
    """One establishment's submitted KS1 teacher assessment of Year 2, and how a return names
    the school (its LA number, DfE number and URN: None while support has not set them)."""

    academic_year: int
    period_id: int
    establishment_id: int
    number: str
    name: str
    la_number: str | None
    dfe_number: str | None
    urn: str | None


@dataclass(frozen=True, slots=True)
class Ks1Row:
    """One pupil's line of the return; `results` follow SUBJECTS (None: blank)."""

    school: SubmittedPeriod
    upn: str
    surname: str
    forenames: str
    date_of_birth: date
    sex: str
    results: tuple[str | None, ...]


def require_support(actor: Actor) -> None:
    if actor.role is not Role.SUPPORT:
        raise PermissionDenied(SUPPORT_ONLY)


def _submitted_query() -> Any:
    return (
        select(
            col(AssessmentPeriod.academic_year),
            col(AssessmentPeriod.id),
            col(Establishment.id).label("establishment_id"),
            col(Establishment.number),
            col(Establishment.name),
            col(Establishment.la_number),
            col(Establishment.dfe_number),
            col(Establishment.urn),
        )
        .join(Establishment, col(Establishment.id) == col(AssessmentPeriod.establishment_id))
        .join(PeriodYearGroup, col(PeriodYearGroup.period_id) == col(AssessmentPeriod.id))
        .where(
            col(AssessmentPeriod.framework) == KS1_TA.id,
            col(AssessmentPeriod.submitted_at) != None,  # noqa: E711
            col(PeriodYearGroup.year_group) == YEAR_GROUP.value,
            live_period(),
        )
    )


def submitted_ks1_periods(db: Database, actor: Actor, academic_year: int) -> list[SubmittedPeriod]:
    """Each establishment's submitted KS1 teacher assessment of Year 2 in `academic_year` (its
    latest, should it have submitted two), by establishment number (support only).

    Raises:
        PermissionDenied: `actor` is not support.
    """
    require_support(actor)
    with db.read() as session:
        rows = session.execute(
            _submitted_query()
            .where(col(AssessmentPeriod.academic_year) == academic_year)
            .order_by(
                col(Establishment.number),
                col(AssessmentPeriod.day).desc(),
                col(AssessmentPeriod.id).desc(),
            )
        ).all()
    latest: dict[int, SubmittedPeriod] = {}
    for values in rows:
        period = SubmittedPeriod(*values)
        latest.setdefault(period.establishment_id, period)
    return list(latest.values())


def submitted_ks1_years(db: Database, actor: Actor) -> list[SubmittedYear]:
    """Every academic year with a submitted KS1 teacher assessment of Year 2, newest first,
    with how many establishments submitted it (support only).

    Raises:
        PermissionDenied: `actor` is not support.
    """
    require_support(actor)
    query = _submitted_query().subquery()
    with db.read() as session:
        rows = session.execute(
            select(query.c.academic_year, func.count(func.distinct(query.c.establishment_id)))
            .group_by(query.c.academic_year)
            .order_by(query.c.academic_year.desc())
        ).all()
    return [SubmittedYear(year, count) for year, count in rows]


def ks1_period_rows(db: Database, actor: Actor, period: SubmittedPeriod) -> list[Ks1Row]:
    """The Year 2 pupils of one submitted period with their results, alphabetical (support).

    A pupil is in the return when included in data, in Year 2 (by date of birth, or the
    override) and holding results in the period: one archived since is still reported, by the
    UPN they left with.

    Raises:
        PermissionDenied: `actor` is not support.
    """
    require_support(actor)
    first, last = birth_date_range(YEAR_GROUP, period.academic_year)
    with db.read() as session:
        results = session.execute(
            select(*pupil_columns(), col(Judgement.area_code), col(Judgement.value))
            .join(Pupil, col(Pupil.id) == col(Judgement.pupil_id))
            .where(
                col(Judgement.period_id) == period.period_id,
                col(Judgement.value) != None,  # noqa: E711
                col(Pupil.include_in_data) == True,  # noqa: E712
                or_(
                    col(Pupil.year_override) == YEAR_GROUP.value,
                    and_(
                        col(Pupil.year_override) == None,  # noqa: E711
                        col(Pupil.date_of_birth).between(first, last),
                    ),
                ),
            )
        ).all()
    codes = [subject.code for subject in SUBJECTS]
    return [Ks1Row(period, *pupil, tuple(values)) for pupil, values in by_pupil(results, codes)]


def ks1_return_rows(
    db: Database,
    actor: Actor,
    academic_year: int,
    progress: Progress | None = None,
    periods: list[SubmittedPeriod] | None = None,
    cancelled: StopAsked | None = None,
) -> Iterator[Ks1Row]:
    """Every submitted Year 2 pupil of `academic_year`, establishment by establishment (support
    only). `periods` (from `submitted_ks1_periods`) saves reading them again.

    Raises:
        PermissionDenied: `actor` is not support.
        Cancelled: `cancelled` said so.
    """
    require_support(actor)
    if periods is None:
        periods = submitted_ks1_periods(db, actor, academic_year)
    return each_establishment(
        periods, lambda period: ks1_period_rows(db, actor, period), progress, cancelled
    )


@dataclass
class SubjectFigures:
    """One subject's figures at one school: pupils with a result, and how many of them are at
    the expected standard or above (EXS+), at greater depth (GDS), and below it."""

    pupils: int = 0
    expected_or_above: int = 0
    greater_depth: int = 0
    below: int = 0


@dataclass
class SchoolFigures:
    """One school's figures in the return, subject by subject (following SUBJECTS)."""

    school: SubmittedPeriod
    pupils: int = 0
    subjects: list[SubjectFigures] = field(
        default_factory=lambda: [SubjectFigures() for _ in SUBJECTS]
    )


class Ks1Tally:
    """Counts the return's rows as they stream past, school by school (the rows come a school
    at a time, so this holds one line per school, never the pupils)."""

    def __init__(self) -> None:
        self.schools: list[SchoolFigures] = []
        self._bands = [subject.codes.bands for subject in SUBJECTS]

    def counted(self, rows: Iterator[Ks1Row]) -> Iterator[Ks1Row]:
        """`rows`, each counted as it passes."""
        for row in rows:
            self.add(row)
            yield row

    def add(self, row: Ks1Row) -> None:
        if not self.schools or self.schools[-1].school != row.school:
            self.schools.append(SchoolFigures(row.school))
        figures = self.schools[-1]
        figures.pupils += 1
        for subject, bands, value in zip(figures.subjects, self._bands, row.results, strict=True):
            if value is None:
                continue
            subject.pupils += 1
            band = bands.get(value)
            if band is Band.BELOW:
                subject.below += 1
            elif band is not None and band.counts_as_at_or_above:
                subject.expected_or_above += 1
                subject.greater_depth += band is Band.ABOVE

    def total(self) -> list[SubjectFigures]:
        """Every school's figures added together, subject by subject."""
        totals = [SubjectFigures() for _ in SUBJECTS]
        for school in self.schools:
            for total, figures in zip(totals, school.subjects, strict=True):
                total.pupils += figures.pupils
                total.expected_or_above += figures.expected_or_above
                total.greater_depth += figures.greater_depth
                total.below += figures.below
        return totals


def record_ks1_return_export(
    db: Database, actor: Actor, academic_year: int, establishments: int, pupils: int
) -> None:
    """Write to the audit trail that the KS1 return (pupils' personal data) was exported."""
    record_return_export(db, actor, academic_year, establishments, pupils, action=EXPORT_ACTION)
