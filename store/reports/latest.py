"""Which assessment is the latest: the last one dated on or before today that holds judgements.

A school may make a period ahead of time and even enter judgements early; until its date comes
it is not the cohort's latest assessment, in the Reports' default period or over many
establishments.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from sqlmodel import Session

from store.assessments.cohort import Cohort, PeriodInfo
from store.curriculum.eyfs import YearGroup
from store.reports.load import load_report_cohort


def latest_period(
    periods: Sequence[PeriodInfo], with_data: Collection[int], today: date
) -> PeriodInfo | None:
    """The latest assessment: the latest of `periods` (in date order) dated on or before
    `today` whose id is in `with_data`, else None. A period still to come is not the latest
    even when judgements were entered early."""
    filled = [p for p in periods if p.day <= today and p.id in with_data]
    return filled[-1] if filled else None


def load_latest_cohort(
    session: Session,
    establishment_id: int,
    academic_year: int,
    year_group: YearGroup,
    today: date,
    with_elg: bool = True,
    framework: str | None = None,
) -> tuple[Cohort, frozenset[int], frozenset[int]]:
    """`load_report_cohort` with the judgements of the cohort's `latest_period` only (none
    when it has none); `framework` (an id) keeps only its periods, as there.

    The loader's own "latest" is the latest period holding judgements, whatever its date; in
    the rare case that is still to come, the period wanted is loaded instead.
    """
    loaded_as = load_report_cohort(
        session, establishment_id, academic_year, year_group, "latest", with_elg, framework
    )
    cohort, with_data, loaded = loaded_as
    wanted = latest_period(cohort.periods, with_data, today)
    if wanted is None:
        cohort.cells.clear()  # an empty period's, or one still to come: not the latest
        return cohort, with_data, frozenset()
    if wanted.id in loaded:
        return loaded_as
    return load_report_cohort(
        session, establishment_id, academic_year, year_group, wanted.id, with_elg, framework
    )
