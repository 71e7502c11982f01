"""Pupils as read: one record, the list and its search (kept for the next visit), and finding a
pupil by UPN."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlmodel import Session, col

from store.assessments.cohort import PupilRow, select_pupil_rows
from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound
from store.core.models import Pupil, SavedSearch
from store.core.search_key import search_key
from store.core.session_check import require_live_session
from store.core.typed_text import one_line
from store.curriculum.eyfs import YearGroup
from store.curriculum.upn import UPN_LENGTH, normalise_upn
from store.curriculum.year_groups import year_group_of
from store.pupils.fields import (
    MAX_NAME,
    PupilValues,
)

if TYPE_CHECKING:
    pass


def pupil_in(session: Session, establishment_id: int, pupil_id: int) -> Pupil:
    """The pupil's row, if it is on the establishment's roll (archived too)."""
    pupil = session.get(Pupil, pupil_id)
    if pupil is None or pupil.establishment_id != establishment_id:
        raise NotFound("That pupil is not on this establishment's roll.")
    return pupil


def _values(pupil: Pupil) -> PupilValues:
    columns = PupilValues.__dataclass_fields__
    return PupilValues(**{name: getattr(pupil, name) for name in columns if name != "extra"})


def get_pupil(db: Database, actor: Actor, establishment_id: int, pupil_id: int) -> PupilValues:
    """Every field of one pupil (archived ones too, for the support team's retrieval)."""
    actor.require_establishment(establishment_id)
    with db.read() as session:
        return _values(pupil_in(session, establishment_id, pupil_id))


def list_pupils(
    db: Database, actor: Actor, establishment_id: int, academic_year: int, archived: bool = False
) -> list[PupilRow]:
    """The establishment's pupils (or its archived ones), alphabetical."""
    actor.require_establishment(establishment_id)
    if archived and actor.role is not Role.SUPPORT:
        raise PermissionDenied("Only the support team can see archived pupils.")
    with db.read() as session:
        # A transferred child's left record is history, not an archived pupil to bring back.
        return select_pupil_rows(
            session,
            (col(Pupil.establishment_id) == establishment_id)
            & (col(Pupil.archived) == archived)
            & (col(Pupil.transferred_at) == None),  # noqa: E711
            academic_year,
        )


@dataclass(frozen=True)
class PupilSearch:
    """The pupil list's search: parts of a surname and UPN, a class and a year group."""

    surname: str = ""
    upn: str = ""
    class_slot: int | None = None
    year_group: YearGroup | None = None

    @property
    def is_empty(self) -> bool:
        return self == PupilSearch()


def search_pupils(
    pupils: Iterable[PupilRow], search: PupilSearch, academic_year: int
) -> list[PupilRow]:
    """The pupils matching every part of `search`.

    The surname is matched in part, whatever its case, accents, apostrophes, hyphens or spaces.
    """
    surname = search_key(search.surname)
    upn = search.upn.strip().upper()
    found = []
    for pupil in pupils:
        if surname and surname not in search_key(pupil.surname):
            continue
        if upn and upn not in pupil.upn:
            continue
        if search.class_slot is not None and pupil.class_slot != search.class_slot:
            continue
        if search.year_group is not None and pupil_year_group(pupil, academic_year) is not (
            search.year_group
        ):
            continue
        found.append(pupil)
    return found


def pupil_year_group(pupil: PupilRow, academic_year: int) -> YearGroup | None:
    override = YearGroup(pupil.year_override) if pupil.year_override else None
    return year_group_of(pupil.date_of_birth, academic_year, override)


def save_search(db: Database, actor: Actor, establishment_id: int, search: PupilSearch) -> None:
    """Keep `search` as this person's selection for the next visit.

    Raises:
        InvalidInput: a surname or UPN longer than any pupil's (kept whole or not at all).
    """
    actor.require_establishment(establishment_id)
    surname = one_line(search.surname)
    upn = one_line(search.upn).upper()
    if len(surname) > MAX_NAME:
        raise InvalidInput(f"A surname search can be at most {MAX_NAME} characters; not saved.")
    if len(upn) > UPN_LENGTH:
        raise InvalidInput(f"A UPN search can be at most {UPN_LENGTH} characters; not saved.")
    with db.write() as session:
        # Not audited (a person's own view), so the session is checked here rather than there.
        require_live_session(session, actor)
        row = session.scalars(
            select(SavedSearch).where(
                col(SavedSearch.establishment_id) == establishment_id,
                col(SavedSearch.username) == actor.username,
            )
        ).first() or SavedSearch(establishment_id=establishment_id, username=actor.username)
        row.surname = surname
        row.upn = upn
        row.class_slot = search.class_slot
        row.year_group = search.year_group.value if search.year_group else None
        session.add(row)


def saved_search(db: Database, actor: Actor, establishment_id: int) -> PupilSearch:
    """This person's saved selection, or an empty search."""
    actor.require_establishment(establishment_id)
    with db.read() as session:
        row = session.scalars(
            select(SavedSearch).where(
                col(SavedSearch.establishment_id) == establishment_id,
                col(SavedSearch.username) == actor.username,
            )
        ).first()
        if row is None:
            return PupilSearch()
        group = YearGroup(row.year_group) if row.year_group else None
        return PupilSearch(row.surname, row.upn, row.class_slot, group)


def find_pupil_by_upn(db: Database, actor: Actor, upn: str) -> tuple[int, int, bool] | None:
    """(pupil id, establishment id, archived) of the pupil with `upn`, if `actor` may see it."""
    with db.read() as session:
        pupil = session.scalars(select(Pupil).where(col(Pupil.upn) == normalise_upn(upn))).first()
        if pupil is None or pupil.id is None:
            return None
        if actor.role is not Role.SUPPORT and actor.establishment_id != pupil.establishment_id:
            return None
        return pupil.id, pupil.establishment_id, pupil.archived
