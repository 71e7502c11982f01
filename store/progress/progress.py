"""Reading progress between two assessments of a cohort: which periods it can compare, and the
readings of its pupils at both, worked out by store.progress.transitions. A view over the
judgements already entered: nothing here writes."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session, col

from store.assessments.cohort import (
    PeriodInfo,
    PupilRow,
    cohort_pupil_filter,
    load_periods,
    select_pupil_rows,
)
from store.assessments.period_layers import load_layers
from store.assessments.score_settings import scores_in
from store.core.access import Actor
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound
from store.core.models import Judgement as JudgementRow
from store.curriculum import frameworks
from store.curriculum.dates import format_academic_year
from store.curriculum.eyfs import YearGroup
from store.curriculum.framework import Framework
from store.curriculum.layers import Layer
from store.progress.transitions import Progress, Reading, work_out_progress
from store.pupils.filters import PupilFilter


@dataclass(frozen=True)
class ProgressPeriod:
    """An assessment the Progress report may compare: one of the cohort's this year, or of
    the year group below last year (the same children, a year younger)."""

    period: PeriodInfo
    with_data: bool
    last_year: bool

    @property
    def label(self) -> str:
        """ "Autumn 2 (12/11/2025)", with the year when it was last year's."""
        period = self.period
        when = f"{period.day:%d/%m/%Y}"
        if self.last_year:
            return f"{period.name} (last year, {when})"
        return f"{period.name} ({when})"


def year_group_below(year_group: YearGroup) -> YearGroup | None:
    order = list(YearGroup)
    index = order.index(year_group)
    return order[index - 1] if index > 0 else None


def _with_data(session: Session, period_ids: list[int]) -> set[int]:
    if not period_ids:
        return set()
    return set(
        session.scalars(
            select(col(JudgementRow.period_id))
            .where(col(JudgementRow.period_id).in_(period_ids))
            .distinct()
        )
    )


def progress_periods(
    db: Database, actor: Actor, establishment_id: int, academic_year: int, year_group: YearGroup
) -> list[ProgressPeriod]:
    """The assessments of the cohort this year, and of the same children last year (the year
    group below), oldest first, each saying whether it holds any judgement."""
    actor.require_establishment(establishment_id)
    below = year_group_below(year_group)
    with db.read() as session:
        found = [
            (period, True)
            for period in load_periods(session, establishment_id, academic_year - 1)
            if below is not None and below in period.year_groups
        ]
        found += [
            (period, False)
            for period in load_periods(session, establishment_id, academic_year)
            if year_group in period.year_groups
        ]
        filled = _with_data(session, [period.id for period, _ in found])
    return [ProgressPeriod(period, period.id in filled, last) for period, last in found]


def _totalled(framework_id: str) -> bool:
    try:
        return frameworks.by_id(framework_id).totalled
    except frameworks.UnknownFramework:
        return True  # a newer version's: the report says so when it is chosen


def default_pair(periods: list[ProgressPeriod]) -> tuple[ProgressPeriod, ProgressPeriod] | None:
    """The latest two assessments with judgements of one framework: the latest with an
    earlier partner (this year's before last year's), and the partner just before it. A last
    assessment with no partner (a phonics check after two teacher assessments) is passed over;
    None when no two of one framework hold judgements."""
    filled = [p for p in periods if p.with_data and _totalled(p.period.framework)]
    latest_first = sorted(filled, key=lambda p: (not p.last_year, p.period.day, p.period.id))
    for now in reversed(latest_first):
        earlier = [
            p
            for p in filled
            if p.period.framework == now.period.framework
            and (p.period.day, p.period.id) < (now.period.day, now.period.id)
        ]
        if earlier:
            return max(earlier, key=lambda p: (p.period.day, p.period.id)), now
    return None


def load_progress(
    db: Database,
    actor: Actor,
    establishment_id: int,
    academic_year: int,
    year_group: YearGroup,
    then_id: int,
    now_id: int,
    *,
    pupil_filter: PupilFilter | None = None,
    class_slot: int | None = None,
    margin: int = 0,
) -> Progress:
    """Progress of the cohort (the pupils in `year_group` in `academic_year`, those the filter
    keeps, in `class_slot` unless None, included in data) from assessment `then_id` to `now_id`.

    Raises:
        PermissionDenied: not this establishment's. NotFound: either assessment is not one of
            the cohort's (this year, or the year group below last year).
        InvalidInput: the two are of different frameworks, or the same one.
    """
    choices = {
        choice.period.id: choice
        for choice in progress_periods(db, actor, establishment_id, academic_year, year_group)
    }
    then, now = choices.get(then_id), choices.get(now_id)
    if then is None or now is None:
        raise NotFound("That assessment is not one of this cohort's: choose another.")
    if then_id == now_id:
        raise InvalidInput("Choose two different assessments to compare.")
    framework = frameworks.by_id(now.period.framework)
    if not framework.totalled:
        raise InvalidInput(framework.not_totalled_said())
    if then.period.framework != now.period.framework:
        earlier = frameworks.by_id(then.period.framework)
        raise InvalidInput(
            f"{then.period.name} is {earlier.name} and {now.period.name} is {framework.name}: "
            "progress compares two assessments of the same framework."
        )
    with db.read() as session:
        where = (establishment_id, academic_year, year_group)
        counted = counted_pupils(session, *where, pupil_filter, class_slot, framework)
        ids = {pupil.id for pupil in counted}
        # Scores are banded, and maintained within a margin, by the establishment's settings.
        scores = scores_in(session, establishment_id) if framework.has_scores else None
        readings = readings_at(session, [then_id, now_id], ids)
        judged = judged_at(session, now.period, ids)
        targets = targets_at(session, now.period, ids)
    names = (then.period.name, now.period.name)
    if names[0] == names[1]:
        names = tuple(  # type: ignore[assignment]
            f"{c.period.name} {format_academic_year(c.period.academic_year)}" for c in (then, now)
        )
    return work_out_progress(
        framework,
        names,
        {pupil.id: pupil.display_name for pupil in counted},
        readings[then_id],
        readings[now_id],
        margin=margin,
        scores=scores,
        judged=judged,
        targets=targets,
    )


def counted_pupils(
    session: Session,
    establishment_id: int,
    academic_year: int,
    year_group: YearGroup,
    pupil_filter: PupilFilter | None,
    class_slot: int | None,
    framework: Framework | None = None,
) -> list[PupilRow]:
    """The pupils a progress or targets figure counts: the cohort's that the filter keeps, in
    `class_slot` unless None, included in data; of a framework for pupils assessed another
    way (small steps), those alone."""
    condition = cohort_pupil_filter(establishment_id, academic_year, year_group)
    rows = select_pupil_rows(session, condition, academic_year)
    another_way = framework is not None and framework.for_alternative
    return [
        pupil
        for pupil in (pupil_filter or PupilFilter()).apply(rows)
        if pupil.include_in_data
        and class_slot in (None, pupil.class_slot)
        and (pupil.alternative_assessment or not another_way)
    ]


def judged_at(
    session: Session, period: PeriodInfo, pupil_ids: set[int]
) -> dict[tuple[int, str], str] | None:
    """The teacher's judgement of progress of the pupils at `period` (its judged-progress
    layer's codes), by (pupil id, subject code); None when the period has no such layer."""
    found = _layer_readings(session, period, pupil_ids, Layer.JUDGED_PROGRESS)
    if found is None:
        return None
    return {key: reading.code for key, reading in found.items() if reading.code is not None}


def targets_at(
    session: Session, period: PeriodInfo, pupil_ids: set[int]
) -> dict[tuple[int, str], Reading] | None:
    """The pupils' targets for `period` (its targets layer), by (pupil id, subject code); None
    when the period has no targets."""
    return _layer_readings(session, period, pupil_ids, Layer.TARGETS)


def _layer_readings(
    session: Session, period: PeriodInfo, pupil_ids: set[int], kind: Layer
) -> dict[tuple[int, str], Reading] | None:
    layer = next((info for info in load_layers(session, [period]) if info.layer is kind), None)
    if layer is None:
        return None
    return readings_at(session, [layer.id], pupil_ids)[layer.id]


def readings_at(
    session: Session, period_ids: list[int], pupil_ids: set[int]
) -> dict[int, dict[tuple[int, str], Reading]]:
    """The pupils' values at each period (or layer), by (pupil id, subject code); a blank is
    left out."""
    readings: dict[int, dict[tuple[int, str], Reading]] = {pid: {} for pid in period_ids}
    for pupil_id, period_id, code, value, number in session.execute(
        select(
            col(JudgementRow.pupil_id),
            col(JudgementRow.period_id),
            col(JudgementRow.area_code),
            col(JudgementRow.value),
            col(JudgementRow.number),
        ).where(col(JudgementRow.period_id).in_(period_ids))
    ):
        if pupil_id in pupil_ids and (value is not None or number is not None):
            readings[period_id][(pupil_id, code)] = Reading(value, number)
    return readings
