"""The lock on a submitted cohort: who is in it, and who counts, stay as they were submitted.

Once a school has submitted a Reception cohort's End of Year Early Learning Goals, no write may
change who is in that cohort or whether their results count until the support team unlocks them
(store.assessments.elg_submission.unlock): not archiving or transferring a pupil, nor bringing one
back, nor a
year override or date of birth that moves a pupil out of it or into it, nor Include in Data, nor
an imported change, nor deleting or restoring one of its assessments. Every such write calls
`require_submitted_cohorts_unchanged` inside its own transaction, before it writes, so a refusal
leaves nothing half-written. (The results themselves are locked by `require_open_sections`.)
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
from store.core.errors import Locked
from store.core.models import ElgSection, Pupil
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

    def in_reception(self, establishment_id: int, academic_year: int) -> bool:
        """Whether the pupil is in that Reception cohort (as
        store.assessments.cohort.cohort_pupil_filter)."""
        if self.establishment_id != establishment_id or self.archived:
            return False
        if self.year_override is not None:
            return self.year_override == RECEPTION.value
        first, last = birth_date_range(RECEPTION, academic_year)
        return first <= self.date_of_birth <= last


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
    """Refuse (Locked) a write that changes who is in a submitted Reception cohort or who counts.

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
    # Every section of these schools, FOR SHARE on PostgreSQL: a submission (FOR UPDATE) waits
    # for this write, then counts the cohort as it left it. SQLite's write lock orders them.
    sections = session.scalars(
        select(ElgSection)
        .where(col(ElgSection.establishment_id).in_(schools))
        .order_by(col(ElgSection.id))
        .with_for_update(read=True)
    ).all()
    this_year = academic_year_of(today or date.today())
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
        for move in moves:
            _check_move(move, section.establishment_id, info, this_year)
        for change in periods:
            _check_period(change, section.establishment_id, info)


def _cohort(section: ElgSectionInfo) -> str:
    return (
        f"the {format_academic_year(section.academic_year)} Reception cohort, whose End of Year "
        f"Early Learning Goals were {submitted_phrase(section)}"
    )


def _check_move(move: PupilMove, school: int, section: ElgSectionInfo, this_year: int) -> None:
    year = section.academic_year
    was_in = move.before is not None and move.before.in_reception(school, year)
    is_in = move.after is not None and move.after.in_reception(school, year)
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
            f"{move.name} is in {_cohort(section)}; {move.change} would change that "
            f"submission. {ask}"
        )
    change = move.change[:1].upper() + move.change[1:]
    raise Locked(f"{change} would put {move.name} into {_cohort(section)}. {ask}")


def _check_period(change: PeriodChange, school: int, section: ElgSectionInfo) -> None:
    if change.establishment_id != school or change.academic_year != section.academic_year:
        return
    if RECEPTION not in change.year_groups:
        return
    raise Locked(
        f"{change.name} is an assessment of {_cohort(section)}; ask the support "
        f"team to unlock them before {change.change} it."
    )
