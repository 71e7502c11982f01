"""The establishment's profile: its own names for the 6 custom filters and the 20 classes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlmodel import Session, col

from store.core.access import Actor, PermissionDenied, Role
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound
from store.core.models import Establishment, SchoolClass
from store.core.typed_text import one_line
from store.curriculum.eyfs import CLASS_SLOTS, default_class_name
from store.establishments.establishments import class_names
from store.pupils.fields import (
    fold,
)

if TYPE_CHECKING:
    pass

MAX_CLASS_NAME = 40


@dataclass(frozen=True)
class Profile:
    """An establishment's own names for its 6 custom filters and 20 classes."""

    custom_names: tuple[str, ...]
    class_names: tuple[str, ...]


def get_profile(db: Database, actor: Actor, establishment_id: int) -> Profile:
    actor.require_establishment(establishment_id)
    with db.read() as session:
        return get_profile_in(session, establishment_id)


def update_profile(db: Database, actor: Actor, establishment_id: int, profile: Profile) -> Profile:
    """Rename custom filters and classes (managers and support).

    Raises:
        InvalidInput: a blank or long name, or two classes with one name.
    """
    actor.require_establishment(establishment_id)
    if actor.role is Role.USER:
        raise PermissionDenied("Only a manager can change the establishment's profile.")
    customs = tuple(one_line(name) for name in profile.custom_names)
    classes = tuple(one_line(name) for name in profile.class_names)
    if len(customs) != 6 or len(classes) != CLASS_SLOTS:
        raise InvalidInput(f"A profile has 6 custom filter names and {CLASS_SLOTS} class names.")
    for kind, field, names in (("custom filter", "custom", customs), ("class", "class", classes)):
        for index, name in enumerate(names, start=1):
            if not name:
                raise InvalidInput(f"Give {kind} {index} a name.", field=f"{field}_{index}")
            if len(name) > MAX_CLASS_NAME:
                raise InvalidInput(
                    f"The name of {kind} {index} can be at most {MAX_CLASS_NAME} characters "
                    f"({len(name)} given): nothing was saved.",
                    field=f"{field}_{index}",
                )
    folded = [fold(name) for name in classes]
    for index, name in enumerate(folded):
        if name in folded[:index]:
            raise InvalidInput(
                f"Two classes are called {classes[index]!r}; class names must differ.",
                field=f"class_{index + 1}",
            )
    with db.write() as session:
        before = get_profile_in(session, establishment_id)
        establishment = session.get(Establishment, establishment_id)
        assert establishment is not None
        audits: list[AuditRecord] = []
        for n, (old, new) in enumerate(zip(before.custom_names, customs, strict=True), start=1):
            if old != new:
                setattr(establishment, f"custom_{n}_name", new)
                audits.append(
                    AuditRecord(
                        "rename custom filter", establishment_id, None, f"CUSTOM {n}", old, new
                    )
                )
        session.add(establishment)
        for slot, (old, new) in enumerate(zip(before.class_names, classes, strict=True), start=1):
            if old == new:
                continue
            row = session.scalars(
                select(SchoolClass).where(
                    col(SchoolClass.establishment_id) == establishment_id,
                    col(SchoolClass.slot) == slot,
                )
            ).first() or SchoolClass(establishment_id=establishment_id, slot=slot, name=new)
            row.name = new
            session.add(row)
            audits.append(
                AuditRecord("rename class", establishment_id, None, f"class {slot}", old, new)
            )
        record(session, actor, audits)
    return Profile(customs, classes)


def get_profile_in(session: Session, establishment_id: int) -> Profile:
    establishment = session.get(Establishment, establishment_id)
    if establishment is None:
        raise NotFound("That establishment does not exist.")
    customs = tuple(getattr(establishment, f"custom_{n}_name") for n in range(1, 7))
    return Profile(customs, tuple(class_names(session, establishment_id)))


def default_profile() -> Profile:
    return Profile(
        tuple(f"CUSTOM {n}" for n in range(1, 7)),
        tuple(default_class_name(slot) for slot in range(1, CLASS_SLOTS + 1)),
    )
