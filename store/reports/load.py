"""Loading a cohort for a report: the pupils, the periods, and the judgements of only the period
a report is of (a cohort with six periods holds six times the rows a Full Report reads), as
values (no notes or gone-beyond colours: no report counts them)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

from sqlalchemy import select
from sqlmodel import Session, col

from store.assessments.cohort import (
    Cell,
    Cohort,
    PeriodInfo,
    cell_value,
    cohort_pupil_filter,
    load_elg_section,
    load_periods,
    select_pupil_rows,
)
from store.assessments.framework_wording import wording_for
from store.assessments.phonics_threshold import year_settings
from store.core.models import ElgResult, ElgSection, Pupil
from store.core.models import Judgement as JudgementRow
from store.curriculum import frameworks
from store.curriculum.eyfs import ElgOutcome, YearGroup
from store.curriculum.eyfs_frameworks import EYFS_ELG_ID


@lru_cache(maxsize=1024)
def value_cell(framework: str, value: str | None, number: int | None = None) -> Cell:
    """A stored code (or a number subject's mark) of a framework as a report's cell.

    Reports count values only: a report's cohort holds no notes or gone-beyond colours, and
    one shared cell per code or mark (EYFS in-year's as its Judgement member, as the grid's).
    """
    return Cell(cell_value(framework, value), number=number)


@dataclass(frozen=True)
class Named:
    """The latest period called `name` (any case or spacing) holding judgements of the cohort,
    else the latest so called: how a report over many establishments matches their periods."""

    name: str

    def matches(self, period_name: str) -> bool:
        return same_name(self.name, period_name)


@dataclass(frozen=True)
class LatestOn:
    """The latest period dated on or before `day` holding judgements of the cohort, else none:
    a period still to come is not the latest even when judgements were entered early."""

    day: date


def latest_period(
    periods: Sequence[PeriodInfo], with_data: Collection[int], today: date
) -> PeriodInfo | None:
    """The latest assessment: the latest of `periods` (in date order) dated on or before
    `today` whose id is in `with_data`, else None."""
    filled = [p for p in periods if p.day <= today and p.id in with_data]
    return filled[-1] if filled else None


def same_name(first: str, second: str) -> bool:
    """Whether two period names are the same to a person ("autumn  1" is "Autumn 1")."""
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()


CellsOf = Literal["all", "latest"] | int | Named | LatestOn | None
"""Whose judgements to load: every period's, the latest period with any, one period's (by
id), the latest period of a name, the latest up to a day, or none (None: the End of Year ELG
summary needs no period)."""


def load_report_cohort(
    session: Session,
    establishment_id: int,
    academic_year: int,
    year_group: YearGroup,
    cells_of: CellsOf,
    with_elg: bool = True,
    framework: str | None = None,
) -> tuple[Cohort, frozenset[int], frozenset[int]]:
    """The cohort with the judgements `cells_of` asks for (and, for Reception, its End of Year
    ELGs unless `with_elg` is False).

    Args:
        framework: only periods of this framework (by id) are the cohort's, as a report made
            for one framework (a Venn: EYFS in-year) needs; None: every period.

    Returns:
        The cohort; the ids of its periods holding any judgement of its pupils; the ids of the
        periods whose judgements were loaded.
    """
    pupils_in = cohort_pupil_filter(establishment_id, academic_year, year_group)
    pupils = select_pupil_rows(session, pupils_in, academic_year)
    periods = [
        period
        for period in load_periods(session, establishment_id, academic_year)
        if year_group in period.year_groups and framework in (None, period.framework)
    ]
    cohort = Cohort(establishment_id, academic_year, year_group, pupils, periods)
    cohort.wording = wording_for(session, establishment_id, (p.framework for p in periods))
    if any(_reads_year_settings(period.framework) for period in periods):
        cohort.settings = year_settings(session, academic_year)  # the phonics threshold
    period_ids = [period.id for period in periods]
    with_data: frozenset[int] = frozenset()
    if period_ids and pupils:
        with_data = frozenset(
            session.scalars(
                select(col(JudgementRow.period_id))
                .join(Pupil, col(Pupil.id) == col(JudgementRow.pupil_id))
                .where(col(JudgementRow.period_id).in_(period_ids), pupils_in)
                .distinct()
            )
        )
    loaded = frozenset(_periods_to_load(periods, with_data, cells_of))
    pupil_ids = {pupil.id for pupil in pupils}
    framework_of = {period.id: period.framework for period in periods}
    if loaded and pupil_ids:
        for pupil_id, period_id, code, value, number in session.execute(
            select(
                col(JudgementRow.pupil_id),
                col(JudgementRow.period_id),
                col(JudgementRow.area_code),
                col(JudgementRow.value),
                col(JudgementRow.number),
            ).where(col(JudgementRow.period_id).in_(sorted(loaded)))
        ):
            if pupil_id in pupil_ids and (value or number is not None):
                cell = value_cell(framework_of[period_id], value, number)
                cohort.cells[(pupil_id, period_id, code)] = cell
    if year_group is YearGroup.RECEPTION and with_elg:
        section = load_elg_section(session, establishment_id, academic_year)
        # The ELG summary reads EYFS outcomes by name: another framework's section is none.
        cohort.elg = section if section is not None and section.framework == EYFS_ELG_ID else None
        if cohort.elg is not None:
            for pupil_id, code, outcome in session.execute(
                select(
                    col(ElgResult.pupil_id), col(ElgResult.area_code), col(ElgResult.outcome)
                ).where(col(ElgResult.section_id) == cohort.elg.id)
            ):
                if pupil_id in pupil_ids:
                    cohort.elg_outcomes[(pupil_id, code)] = ElgOutcome(outcome)
    return cohort, with_data, loaded


def _reads_year_settings(framework_id: str) -> bool:
    """Whether a framework's derived columns read the year's settings (the phonics outcome)."""
    try:
        framework = frameworks.by_id(framework_id)
    except frameworks.UnknownFramework:
        return False
    return any(derived.year_rule is not None for derived in framework.derived)


@dataclass(frozen=True)
class ReceptionGoals:
    """The End of Year ELG outcomes of a cohort's pupils from when they were in Reception (1 or
    2 academic years earlier): each pupil's from the latest section before the cohort's year
    holding any of theirs (a pupil who stayed down a year was in Reception twice)."""

    outcomes: Mapping[int, Mapping[str, ElgOutcome]]
    """By pupil id, each goal's outcome by its code (a goal left blank is missing)."""
    years: Mapping[int, int]
    """By pupil id, the academic year of those outcomes."""


def load_reception_goals(
    session: Session, establishment_id: int, academic_year: int, pupil_ids: Collection[int]
) -> ReceptionGoals:
    """The establishment's End of Year ELG outcomes of `pupil_ids` from before `academic_year`."""
    outcomes: dict[int, dict[str, ElgOutcome]] = {}
    years: dict[int, int] = {}
    if not pupil_ids:
        return ReceptionGoals(outcomes, years)
    rows = session.execute(
        select(
            col(ElgSection.academic_year),
            col(ElgResult.pupil_id),
            col(ElgResult.area_code),
            col(ElgResult.outcome),
        )
        .join(ElgSection, col(ElgSection.id) == col(ElgResult.section_id))
        .where(
            col(ElgSection.establishment_id) == establishment_id,
            col(ElgSection.academic_year) < academic_year,
            col(ElgSection.framework) == EYFS_ELG_ID,
            col(ElgResult.pupil_id).in_(sorted(pupil_ids)),
        )
        .order_by(col(ElgSection.academic_year))
    )
    for year, pupil_id, code, outcome in rows:
        if years.get(pupil_id) != year:  # a later Reception year replaces an earlier one
            years[pupil_id] = year
            outcomes[pupil_id] = {}
        outcomes[pupil_id][code] = ElgOutcome(outcome)
    return ReceptionGoals(outcomes, years)


def _periods_to_load(
    periods: list[PeriodInfo], with_data: frozenset[int], cells_of: CellsOf
) -> list[int]:
    period_ids = [period.id for period in periods]
    if cells_of is None:
        return []
    if isinstance(cells_of, LatestOn):
        wanted = latest_period(periods, with_data, cells_of.day)
        return [wanted.id] if wanted is not None else []
    if cells_of == "all":
        return period_ids
    if isinstance(cells_of, Named):
        period_ids = [period.id for period in periods if cells_of.matches(period.name)]
        cells_of = "latest"
    if cells_of == "latest":
        filled = [period_id for period_id in period_ids if period_id in with_data]
        latest = filled[-1:] or period_ids[-1:]
        return latest
    return [cells_of] if cells_of in period_ids else []
