"""The home screen's headline: how many of each cohort are on track at their latest assessment.

An EYFS headline by name: it counts On track in the 17 areas, so only EYFS in-year assessments
are a cohort's latest here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session, col

from store.assessments.cohort import PeriodInfo, cohort_pupil_filter, load_periods
from store.core.access import Actor
from store.core.db import Database
from store.core.models import Judgement as JudgementRow
from store.core.models import Pupil
from store.curriculum.dates import academic_year_of
from store.curriculum.eyfs import AREA_BY_CODE, AREA_CODES, EARLY_YEARS, Judgement, YearGroup
from store.curriculum.eyfs_frameworks import EYFS_IN_YEAR_ID


@dataclass(frozen=True)
class Headline:
    """One area of one cohort at its latest assessment."""

    year_group: YearGroup
    period_name: str
    period_day: date
    area_code: str
    on_track: int
    pupils: int
    """Pupils of the cohort included in data: a blank cell counts as not on track."""

    @property
    def percent(self) -> int:
        """Whole per cent, rounded down as the web tracker's headline is (7 of 11 is 63%)."""
        return self.on_track * 100 // self.pupils if self.pupils else 0

    @property
    def sentence(self) -> str:
        area = AREA_BY_CODE[self.area_code].name
        return (
            f"{self.percent}% of your {self.year_group.label} cohort "
            f"({self.on_track}/{self.pupils} pupils) are on track in {area}"
        )


def cohort_headlines(
    db: Database, actor: Actor, establishment_id: int, today: date
) -> list[Headline]:
    """The 17 areas of each Early Years cohort of this academic year, at its latest assessment.

    A cohort's latest assessment is the latest period (by date) for its year group dated on or
    before `today` and holding at least one judgement of its pupils: a period made ahead of
    time is skipped while it is empty, and while its date is still to come even if judgements
    were entered early. Cohorts with no pupil included in data, or no such judgement yet, have
    no headline.
    """
    actor.require_establishment(establishment_id)
    year = academic_year_of(today)
    headlines: list[Headline] = []
    with db.read() as session:
        periods = [
            period
            for period in load_periods(session, establishment_id, year)
            if period.day <= today and period.framework == EYFS_IN_YEAR_ID
        ]
        for group in EARLY_YEARS:
            own = [period for period in periods if group in period.year_groups]
            if own:
                headlines += _cohort(session, establishment_id, year, group, own)
    return headlines


def _cohort(
    session: Session,
    establishment_id: int,
    year: int,
    group: YearGroup,
    periods: list[PeriodInfo],
) -> list[Headline]:
    included = (
        select(col(Pupil.id))
        .where(
            cohort_pupil_filter(establishment_id, year, group),
            col(Pupil.include_in_data) == True,  # noqa: E712
        )
        .scalar_subquery()
    )
    pupils = session.scalar(
        select(func.count()).select_from(Pupil).where(col(Pupil.id).in_(included))
    )
    if not pupils:
        return []
    judged = set(
        session.scalars(
            select(col(JudgementRow.period_id))
            .where(
                col(JudgementRow.period_id).in_([period.id for period in periods]),
                col(JudgementRow.pupil_id).in_(included),
                col(JudgementRow.value) != None,  # noqa: E711
            )
            .distinct()
        )
    )
    latest = next((period for period in reversed(periods) if period.id in judged), None)
    if latest is None:
        return []
    on_track = dict(
        session.execute(
            select(col(JudgementRow.area_code), func.count())
            .where(
                col(JudgementRow.period_id) == latest.id,
                col(JudgementRow.pupil_id).in_(included),
                col(JudgementRow.value) == Judgement.ON_TRACK.value,
            )
            .group_by(col(JudgementRow.area_code))
        ).all()
    )
    return [
        Headline(group, latest.name, latest.day, code, int(on_track.get(code, 0)), pupils)
        for code in AREA_CODES
    ]
