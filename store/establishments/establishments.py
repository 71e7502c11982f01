"""Establishments and their class names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from store.core.access import Actor, PermissionDenied, Role, may_create_establishment
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound
from store.core.models import Establishment, SchoolClass
from store.core.typed_text import one_line
from store.curriculum.eyfs import CLASS_SLOTS, default_class_name

MAX_ESTABLISHMENT_NAME = 120
_NUMBER = re.compile(r"[0-9]{4,7}")  # ASCII digits: \d also matches other scripts' digits

# The training school that `pupil-tracker demo` and the first screen's `d` build.
DEMO_NUMBER = "99901"


@dataclass(frozen=True)
class EstablishmentInfo:
    id: int
    number: str
    name: str
    # What a return names the school by, None until support sets it
    # (store.establishments.return_identity): LA number, DfE number within the LA, URN.
    la_number: str | None = None
    dfe_number: str | None = None
    urn: str | None = None

    @property
    def title(self) -> str:
        """As the web tracker shows it: "99901 - TRAINING SCHOOL 1"."""
        return f"{self.number} - {self.name}"


def establishment_info(row: Establishment) -> EstablishmentInfo:
    """A row as the plain value the screens and exports are given."""
    assert row.id is not None
    return EstablishmentInfo(row.id, row.number, row.name, row.la_number, row.dfe_number, row.urn)


def list_establishments(db: Database, actor: Actor | None = None) -> list[EstablishmentInfo]:
    """Establishments `actor` may open (all of them for support or before sign-in), by number."""
    with db.read() as session:
        query = select(Establishment).order_by(col(Establishment.number))
        if actor is not None and actor.role is not Role.SUPPORT and actor.establishment_id:
            query = query.where(col(Establishment.id) == actor.establishment_id)
        return [establishment_info(row) for row in session.scalars(query)]


def get_establishment(db: Database, establishment_id: int) -> EstablishmentInfo:
    with db.read() as session:
        row = session.get(Establishment, establishment_id)
        if row is None:
            raise NotFound(f"There is no establishment with id {establishment_id}.")
        return establishment_info(row)


def find_establishment_by_number(db: Database, number: str) -> EstablishmentInfo | None:
    with db.read() as session:
        row = session.scalars(
            select(Establishment).where(col(Establishment.number) == number.strip())
        ).first()
        return None if row is None else establishment_info(row)


def create_establishment(db: Database, actor: Actor, number: str, name: str) -> EstablishmentInfo:
    """Create an establishment with the 20 default class names.

    Raises:
        InvalidInput: the number is not 4 to 7 digits, the name is blank, or the number is taken.
        PermissionDenied: anyone but the support team (or a single-machine install) tries it.
    """
    if not may_create_establishment(actor):
        raise PermissionDenied(
            "Only the local authority's support team can create an establishment: "
            "ask them to add it."
        )
    number = one_line(number)
    name = one_line(name)
    if not _NUMBER.fullmatch(number):
        raise InvalidInput(
            "The establishment number must be 4 to 7 digits, e.g. 99901.", field="number"
        )
    if not name:
        raise InvalidInput("Give the establishment a name, e.g. TRAINING SCHOOL 1.", field="name")
    if len(name) > MAX_ESTABLISHMENT_NAME:
        raise InvalidInput(
            f"The establishment name can be at most {MAX_ESTABLISHMENT_NAME} characters "
            f"({len(name)} given).",
            field="name",
        )
    try:
        with db.write() as session:
            row = Establishment(number=number, name=name)
            session.add(row)
            session.flush()
            record(
                session,
                actor,
                [AuditRecord("create establishment", row.id, target=number, new_value=name)],
            )
            info = establishment_info(row)
    except IntegrityError as error:
        raise InvalidInput(
            f"There is already an establishment numbered {number}.", field="number"
        ) from error
    return info


def class_names(session: Session, establishment_id: int) -> list[str]:
    """The 20 class names, slot 1 first, with the defaults where a slot was never renamed."""
    names = [default_class_name(slot) for slot in range(1, CLASS_SLOTS + 1)]
    rows = session.execute(
        select(col(SchoolClass.slot), col(SchoolClass.name)).where(
            col(SchoolClass.establishment_id) == establishment_id
        )
    )
    for slot, name in rows:
        names[slot - 1] = name
    return names
