"""Which assessment is the latest: the last one dated on or before today that holds judgements.

A school may make a period ahead of time and even enter judgements early; until its date comes
it is not the cohort's latest assessment, in the Reports' default period or over many
establishments.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from store.assessments.cohort import Cohort
from store.curriculum.eyfs import YearGroup
from store.reports.load import LatestOn, load_report_cohort


def load_latest_cohort(
    session: Session,
    establishment_id: int,
    academic_year: int,
    year_group: YearGroup,
    today: date,
    with_elg: bool = True,
    framework: str | None = None,
) -> tuple[Cohort, frozenset[int], frozenset[int]]:
    """`load_report_cohort` with the judgements of the cohort's latest period on or before
    `today` only (none when it has none); `framework` (an id) keeps only its periods, as
    there. The period is chosen before any judgement is read: the loader used to read the
    latest period holding any, and read again when that one was still to come."""
    return load_report_cohort(
        session, establishment_id, academic_year, year_group, LatestOn(today), with_elg, framework
    )
