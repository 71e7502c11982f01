"""The lock on a submitted cohort: who is in it, and who counts, stay as they were submitted.

Once a school has submitted a Reception cohort's End of Year Early Learning Goals, or a Year 1
or Year 2 cohort's KS1 results (teacher assessment or the phonics check), no write may change who
is in that cohort or whether their results count until the support team unlocks them
(store.assessments.elg_submission.unlock, store.assessments.period_submission.unlock_period): not
archiving or transferring a pupil, nor bringing one back, nor a year override or date of birth
that moves a pupil out of it or into it, nor Include in Data, nor an imported change, nor
deleting or restoring one of a submitted Reception cohort's assessments (a submitted KS1 period
refuses its own deletion). Every such write calls `require_submitted_cohorts_unchanged` inside
its own transaction, before it writes, so a refusal leaves nothing half-written. (The results
themselves are locked by `require_open_sections` and the KS1 period's own lock.)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from store.assessments.cohort import ElgSectionInfo
from store.assessments.elg_submission import submitted_phrase
from store.assessments.period_submission import SUBMITTED_FRAMEWORKS
from store.assessments.period_submission import submitted_phrase as period_submitted_phrase
from store.core.errors import Locked
from store.core.models import AssessmentPeriod, ElgSection, PeriodYearGroup, Pupil
from store.curriculum.dates import academic_year_of, format_academic_year
from store.curriculum.eyfs import YearGroup
from store.curriculum.year_groups import birth_date_range
from store.pupils.fields import PupilValues

RECEPTION = YearGroup.RECEPTION
COHORT_FIELDS = (
    "establishment_id",
    "date_of_birth",
    "year_override",
    "archived",
    "include_in_data",
)
"""The pupil's columns that decide which cohorts they are in and whether they count there."""

# What a change to each field is called in a refusal ("... would change that submission").
_CHANGE_WORDS = {
    "establishment_id": "moving them to another establishment",
    "date_of_birth": "the new date of birth",
    "year_override": "the new year override",
    "include_in_data": "changing Include in Data",
}


@dataclass(frozen=True)
class CohortPlace:
    """Where a pupil stands for the cohorts: the fields of COHORT_FIELDS."""

    establishment_id: int
    date_of_birth: date
    year_override: str | None
    archived: bool
    include_in_data: bool

    @classmethod
    def of(cls, pupil: Any) -> CohortPlace:
        """The place of a Pupil (or of a row holding the same attributes)."""
        return cls(*(getattr(pupil, name) for name in COHORT_FIELDS))

    def changed(self, columns: Mapping[str, object]) -> CohortPlace:
        """This place after `columns` are written (other columns do not matter here)."""
        return replace(self, **{k: v for k, v in columns.items() if k in COHORT_FIELDS})  # type: ignore[arg-type]

    def in_cohort(self, cohort: SubmittedCohort) -> bool:
        """Whether the pupil is in that cohort (as store.assessments.cohort.cohort_pupil_filter)."""
        if self.establishment_id != cohort.establishment_id or self.archived:
            return False
        if self.year_override is not None:
            return self.year_override == cohort.year_group.value
        first, last = birth_date_range(cohort.year_group, cohort.academic_year)
        return first <= self.date_of_birth <= last


@dataclass(frozen=True)
class SubmittedCohort:
    """A year group of a school whose results for a year have gone to the local authority."""

    establishment_id: int
    academic_year: int
    year_group: YearGroup
    described: str
    """ "the 2025/26 Year 2 cohort, whose KS1 2026 results were submitted by ... on ..." """
    assessments_locked: bool
    """Whether deleting or bringing back any of the cohort's assessments is refused too (the
    ELGs: their submission counts every Reception assessment's pupils)."""


@dataclass(frozen=True)
class PupilMove:
    """One pupil's record before and after a write; None before: a record the write makes."""

    name: str
    before: CohortPlace | None
    after: CohortPlace | None
    change: str
    """What the write does, in words that fit "... would change that submission"."""


@dataclass(frozen=True)
class PeriodChange:
    """An assessment period being deleted or brought back."""

    establishment_id: int
    academic_year: int
    year_groups: tuple[YearGroup, ...]
    name: str
    change: str
    """ "deleting" or "bringing back"."""


def pupil_move(pupil: Pupil, columns: Mapping[str, object], change: str = "") -> PupilMove:
    """The move that writing `columns` over `pupil` makes (`change` names it, else the field)."""
    before = CohortPlace.of(pupil)
    after = before.changed(columns)
    if not change:
        if "archived" in columns:
            change = "archiving them" if columns["archived"] else "bringing them back"
        else:
            field = next((name for name in COHORT_FIELDS if name in columns), "")
            change = _CHANGE_WORDS.get(field, "this change")
    return PupilMove(f"{pupil.surname.upper()}, {pupil.forenames}", before, after, change)


def moves_of(
    session: Session, columns_by_pupil: Mapping[int, Mapping[str, object]]
) -> list[PupilMove]:
    """The moves of writing these columns over these pupils (the pupils are read here)."""
    wanted = {
        pupil_id: columns
        for pupil_id, columns in columns_by_pupil.items()
        if any(name in COHORT_FIELDS for name in columns)
    }
    if not wanted:
        return []
    pupils = session.scalars(select(Pupil).where(col(Pupil.id).in_(set(wanted))))
    return [pupil_move(pupil, wanted[pupil.id or 0]) for pupil in pupils]


def import_moves(
    stored: Mapping[str, Any], rows: Sequence[PupilValues], establishment_id: int
) -> list[PupilMove]:
    """The moves of an import: `stored` holds the pupils already there by UPN (with the
    COHORT_FIELDS and names), `rows` the checked values of the file's rows."""
    moves = []
    for values in rows:
        pupil = stored.get(values.upn)
        name = f"{values.surname.upper()}, {values.forenames}"
        if pupil is None:
            place = CohortPlace(establishment_id, values.date_of_birth, None, False, True)
            moves.append(PupilMove(name, None, place, "importing this pupil"))
        elif pupil.date_of_birth != values.date_of_birth:
            before = CohortPlace.of(pupil)
            after = before.changed({"date_of_birth": values.date_of_birth})
            moves.append(PupilMove(name, before, after, "the date of birth in the file"))
    return moves


def require_submitted_cohorts_unchanged(
    session: Session,
    *,
    moves: Sequence[PupilMove] = (),
    periods: Sequence[PeriodChange] = (),
    today: date | None = None,
) -> None:
    """Refuse (Locked) a write that changes who is in a submitted cohort or who counts.

    Call it in the write's own transaction, before writing. A pupil's move is refused only for
    a cohort of the academic year of `today` (or later): once that year has ended, its cohort
    moves on to Year 1 and leavers are archived as usual. Deleting or bringing back one of a
    submitted cohort's assessments is refused whatever the year.

    Raises:
        Locked: naming the pupil or assessment, the cohort, who submitted it and when.
    """
    schools = {c.establishment_id for c in periods}
    for move in moves:
        schools |= {p.establishment_id for p in (move.before, move.after) if p is not None}
    if not schools:
        return
    this_year = academic_year_of(today or date.today())
    for cohort in _submitted_cohorts(session, schools):
        for move in moves:
            _check_move(move, cohort, this_year)
        for change in periods:
            _check_period(change, cohort)


def _submitted_cohorts(session: Session, schools: set[int]) -> list[SubmittedCohort]:
    """The submitted Reception (ELG) and KS1 cohorts of these schools.

    Read FOR SHARE on PostgreSQL: a submission (FOR UPDATE) waits for this write, then counts
    the cohort as it left it. SQLite's write lock orders them already.
    """
    cohorts = []
    sections = session.scalars(
        select(ElgSection)
        .where(col(ElgSection.establishment_id).in_(schools))
        .order_by(col(ElgSection.id))
        .with_for_update(read=True)
    ).all()
    for section in sections:
        if section.submitted_at is None:
            continue
        info = ElgSectionInfo(
            section.id or 0,
            section.academic_year,
            section.day,
            section.submitted_by,
            section.submitted_at,
            section.framework,
        )
        cohorts.append(
            SubmittedCohort(
                section.establishment_id, section.academic_year, RECEPTION, _cohort(info), True
            )
        )
    submitted_periods = session.scalars(
        select(AssessmentPeriod)
        .where(
            col(AssessmentPeriod.establishment_id).in_(schools),
            col(AssessmentPeriod.framework).in_(SUBMITTED_FRAMEWORKS),
            col(AssessmentPeriod.submitted_at) != None,  # noqa: E711
            col(AssessmentPeriod.deleted_at) == None,  # noqa: E711
        )
        .order_by(col(AssessmentPeriod.id))
        .with_for_update(read=True)
    ).all()
    groups: dict[int, list[str]] = {}
    if submitted_periods:
        for period_id, group in session.execute(
            select(col(PeriodYearGroup.period_id), col(PeriodYearGroup.year_group)).where(
                col(PeriodYearGroup.period_id).in_([p.id for p in submitted_periods])
            )
        ):
            groups.setdefault(period_id, []).append(group)
    for period in submitted_periods:
        assert period.submitted_at is not None
        done = period_submitted_phrase(period.submitted_by, period.submitted_at)
        for group in sorted(groups.get(period.id or 0, [])):
            year_group = YearGroup(group)
            described = (
                f"the {format_academic_year(period.academic_year)} {year_group.label} cohort, "
                f"whose {period.name} results were {done}"
            )
            cohorts.append(
                SubmittedCohort(
                    period.establishment_id, period.academic_year, year_group, described, False
                )
            )
    return cohorts


def _cohort(section: ElgSectionInfo) -> str:
    return (
        f"the {format_academic_year(section.academic_year)} Reception cohort, whose End of Year "
        f"Early Learning Goals were {submitted_phrase(section)}"
    )


def _check_move(move: PupilMove, cohort: SubmittedCohort, this_year: int) -> None:
    year = cohort.academic_year
    was_in = move.before is not None and move.before.in_cohort(cohort)
    is_in = move.after is not None and move.after.in_cohort(cohort)
    if was_in and is_in:
        assert move.before is not None and move.after is not None
        if move.before.include_in_data == move.after.include_in_data:
            return
    elif was_in == is_in:
        return
    if year < this_year:
        # The year is over and its return made: the children move up, and leave, and the
        # school must archive leavers without asking support to unlock a past submission.
        return
    ask = "Ask the support team to unlock them first."
    if was_in:
        raise Locked(
            f"{move.name} is in {cohort.described}; {move.change} would change that "
            f"submission. {ask}"
        )
    change = move.change[:1].upper() + move.change[1:]
    raise Locked(f"{change} would put {move.name} into {cohort.described}. {ask}")


def _check_period(change: PeriodChange, cohort: SubmittedCohort) -> None:
    if not cohort.assessments_locked or change.establishment_id != cohort.establishment_id:
        return
    if change.academic_year != cohort.academic_year:
        return
    if cohort.year_group not in change.year_groups:
        return
    raise Locked(
        f"{change.name} is an assessment of {cohort.described}; ask the support "
        f"team to unlock them before {change.change} it."
    )
