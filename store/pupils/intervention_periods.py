"""Which academic years and assessments an intervention may name: the pupil's own assessments.

An intervention is recorded against an assessment of its academic year: one of the
establishment's assessment periods held for the pupil's year group that year, or the End of Year
Early Learning Goals when the school has them for a Reception pupil. The form offers exactly
these, and the store refuses any other name, so a typed "Nonexistent period" cannot be saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from store.assessments.cohort import load_periods
from store.core.access import Actor
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound
from store.core.models import AssessmentPeriod, ElgSection, Pupil
from store.curriculum.dates import format_academic_year
from store.curriculum.eyfs import YearGroup
from store.curriculum.year_groups import year_group_of

ELG_ASSESSMENT = "End of Year ELGs"
"""The name an intervention gives the End of Year Early Learning Goals."""


@dataclass(frozen=True)
class YearAssessments:
    """One academic year the pupil was assessed in, and the names of those assessments."""

    academic_year: int
    year_group: YearGroup
    dated: tuple[tuple[date, str], ...]
    """(date, name) of each assessment, in date order."""

    @property
    def assessments(self) -> tuple[str, ...]:
        return tuple(name for _, name in self.dated)

    @property
    def label(self) -> str:
        return f"{format_academic_year(self.academic_year)} ({self.year_group.label})"

    def latest_by(self, today: date) -> str:
        """The last assessment dated on or before `today` (else the first): the usual choice."""
        held = [name for day, name in self.dated if day <= today]
        return held[-1] if held else self.dated[0][1]


def _group_in(pupil: Pupil, academic_year: int) -> YearGroup | None:
    override = YearGroup(pupil.year_override) if pupil.year_override else None
    return year_group_of(pupil.date_of_birth, academic_year, override)


def assessments_in(session: Session, establishment_id: int, pupil: Pupil) -> list[YearAssessments]:
    """The pupil's assessments at this establishment, by academic year, newest year first."""
    by_year: dict[int, list[tuple[date, str]]] = {}
    years = session.scalars(
        select(col(AssessmentPeriod.academic_year))
        .where(col(AssessmentPeriod.establishment_id) == establishment_id)
        .distinct()
    )
    for year in list(years):
        held_for = _group_in(pupil, year)
        # The grid's own reading of the year's periods: the same ones, in date order.
        for period in load_periods(session, establishment_id, year):
            if held_for is not None and held_for in period.year_groups:
                by_year.setdefault(year, []).append((period.day, period.name))
    sections = session.execute(
        select(col(ElgSection.academic_year), col(ElgSection.day)).where(
            col(ElgSection.establishment_id) == establishment_id
        )
    )
    for year, day in sections:
        if _group_in(pupil, year) is YearGroup.RECEPTION:
            by_year.setdefault(year, []).append((day, ELG_ASSESSMENT))
    result = []
    for year in sorted(by_year, reverse=True):
        group = _group_in(pupil, year)
        assert group is not None  # a year is listed only when the pupil has a group in it
        result.append(YearAssessments(year, group, tuple(sorted(by_year[year]))))
    return result


def intervention_assessments(
    db: Database, actor: Actor, establishment_id: int, pupil_id: int
) -> list[YearAssessments]:
    """What an intervention for the pupil may name here: years (newest first) and assessments.

    Raises:
        PermissionDenied: another establishment's pupil; NotFound: not on the roll.
    """
    actor.require_establishment(establishment_id)
    with db.read() as session:
        pupil = session.get(Pupil, pupil_id)
        if pupil is None or pupil.establishment_id != establishment_id:
            raise NotFound("That pupil is not on this establishment's roll.")
        return assessments_in(session, establishment_id, pupil)


def check_assessment(
    session: Session, establishment_id: int, pupil: Pupil, academic_year: int, assessment: str
) -> None:
    """Refuse an academic year and assessment that are not one of the pupil's assessments here.

    Raises:
        InvalidInput: saying what may be chosen instead.
    """
    years = {item.academic_year: item for item in assessments_in(session, establishment_id, pupil)}
    year = format_academic_year(academic_year)
    if not years:
        raise InvalidInput(
            "This pupil has no assessments here yet: create an assessment for their year group "
            "(Assessments screen, c), then record the intervention against it.",
            field="academic_year",
        )
    if academic_year not in years:
        offered = ", ".join(format_academic_year(y) for y in sorted(years, reverse=True))
        raise InvalidInput(
            f"This pupil has no assessments here in {year}: choose one of {offered}.",
            field="academic_year",
        )
    names = years[academic_year].assessments
    if assessment not in names:
        what = f"{assessment!r} is not" if assessment else "Choose"
        raise InvalidInput(
            f"{what} one of the pupil's assessments in {year}: {', '.join(names)}.",
            field="assessment",
        )
