"""A progress meeting's Areas of Development grid: whole percentages of the Reception cohort.

Progress meetings are EYFS by name: they count Below and On track in the 17 areas, so only EYFS
in-year assessments are a meeting's.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, select
from sqlmodel import Session, col

from store.assessments.cohort import PeriodInfo, cohort_pupil_filter, load_periods
from store.core.access import Actor
from store.core.db import Database
from store.core.errors import NotFound
from store.core.models import Judgement as JudgementRow
from store.core.models import Pupil
from store.curriculum.dates import format_academic_year
from store.curriculum.eyfs import AREA_CODES, Judgement, YearGroup
from store.curriculum.eyfs_frameworks import EYFS_IN_YEAR_ID
from store.curriculum.percentages import whole_percent

RECEPTION = YearGroup.RECEPTION


@dataclass(frozen=True)
class AreaFigures:
    """One area's row: None is a blank cell (no previous assessment, or no children)."""

    code: str
    below: int | None = None
    below_previous: int | None = None
    on_track: int | None = None
    on_track_previous: int | None = None

    @property
    def values(self) -> tuple[int | None, int | None, int | None, int | None]:
        """In the form's order: % below, % below previous, % on track, % on track previous."""
        return (self.below, self.below_previous, self.on_track, self.on_track_previous)


@dataclass(frozen=True)
class MeetingFigures:
    """The grid for one class (or all) and one assessment, and what it was counted over."""

    period_name: str
    previous_period_name: str
    cohort_size: int
    areas: tuple[AreaFigures, ...]

    def area(self, code: str) -> AreaFigures:
        return next(item for item in self.areas if item.code == code)

    def same_figures(self, other: MeetingFigures) -> bool:
        """Whether the two grids show the same numbers over the same number of children."""
        return self.cohort_size == other.cohort_size and self.areas == other.areas


def blank_figures(period_name: str = "") -> MeetingFigures:
    return MeetingFigures(period_name, "", 0, tuple(AreaFigures(code) for code in AREA_CODES))


def reception_periods(
    session: Session, establishment_id: int, academic_year: int
) -> list[PeriodInfo]:
    """The year's Reception EYFS in-year assessment periods, in date order (the order
    "previous" follows)."""
    return [
        period
        for period in load_periods(session, establishment_id, academic_year)
        if RECEPTION in period.year_groups and period.framework == EYFS_IN_YEAR_ID
    ]


def counted_pupils(
    establishment_id: int, academic_year: int, class_slot: int | None
) -> ColumnElement[bool]:
    """The children a meeting's figures count: the Reception cohort, included in data, by class."""
    condition = and_(
        cohort_pupil_filter(establishment_id, academic_year, RECEPTION),
        col(Pupil.include_in_data) == True,  # noqa: E712
    )
    if class_slot is not None:
        condition = and_(condition, col(Pupil.class_slot) == class_slot)
    return condition


def _counts(
    session: Session, period_id: int, pupils: ColumnElement[bool]
) -> Counter[tuple[str, str]]:
    """(area code, judgement) -> how many counted children have it in the period."""
    rows = session.execute(
        select(col(JudgementRow.area_code), col(JudgementRow.value), func.count())
        .where(
            col(JudgementRow.period_id) == period_id,
            col(JudgementRow.value).is_not(None),
            col(JudgementRow.pupil_id).in_(select(col(Pupil.id)).where(pupils)),
        )
        .group_by(col(JudgementRow.area_code), col(JudgementRow.value))
    ).all()
    return Counter({(code, value): count for code, value, count in rows})


def compute_figures(
    session: Session,
    establishment_id: int,
    academic_year: int,
    period_id: int | None,
    class_slot: int | None,
) -> MeetingFigures:
    """Count the grid now: each area's % below and % on track in the period and the one before.

    Percentages are of every counted child (a blank cell counts in the denominator), rounded
    half-up to whole numbers; the previous columns are blank for the year's first assessment,
    and every cell is blank when there are no children to count.

    Raises:
        NotFound: `period_id` is not a Reception assessment of this establishment and year.
    """
    if period_id is None:
        return blank_figures()
    periods = reception_periods(session, establishment_id, academic_year)
    index = next((i for i, period in enumerate(periods) if period.id == period_id), None)
    if index is None:
        raise NotFound(
            "That assessment is not one of this school's Reception assessments in "
            f"{format_academic_year(academic_year)}; choose another."
        )
    period = periods[index]
    previous = periods[index - 1] if index > 0 else None
    pupils = counted_pupils(establishment_id, academic_year, class_slot)
    size = session.scalar(select(func.count()).select_from(Pupil).where(pupils)) or 0
    if size == 0:
        return MeetingFigures(
            period.name, previous.name if previous else "", 0, blank_figures().areas
        )
    now = _counts(session, period.id, pupils)
    before = _counts(session, previous.id, pupils) if previous else None
    below, on_track = Judgement.BELOW.value, Judgement.ON_TRACK.value

    def share(counts: Counter[tuple[str, str]] | None, code: str, value: str) -> int | None:
        return None if counts is None else whole_percent(counts[(code, value)], size)

    areas = tuple(
        AreaFigures(
            code,
            share(now, code, below),
            share(before, code, below),
            share(now, code, on_track),
            share(before, code, on_track),
        )
        for code in AREA_CODES
    )
    return MeetingFigures(period.name, previous.name if previous else "", size, areas)


def live_figures(
    db: Database,
    actor: Actor,
    establishment_id: int,
    academic_year: int,
    period_id: int | None,
    class_slot: int | None,
) -> MeetingFigures:
    """The grid as it would be counted now (for a new meeting, or to compare with a saved one)."""
    actor.require_establishment(establishment_id)
    with db.read() as session:
        return compute_figures(session, establishment_id, academic_year, period_id, class_slot)
