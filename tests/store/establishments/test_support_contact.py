"""The support team's contact details: set by support, audited, read by anyone."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlmodel import col

from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.errors import InvalidInput
from store.core.models import AuditEntry
from store.establishments.support_contact import (
    MAX_CHARACTERS,
    NOT_SET,
    contact_or_default,
    set_support_contact,
    support_contact,
)

SUPPORT = Actor("sue", Role.SUPPORT, None)
CONTACT = "Schools ICT helpdesk: 01632 960000 (8am-5pm), helpdesk@la.example.gov.uk"


def _trail(database: Database) -> list[tuple[str, str | None, str | None]]:
    with database.read() as session:
        rows = session.scalars(
            select(AuditEntry)
            .where(col(AuditEntry.action) == "set support contact")
            .order_by(col(AuditEntry.id))
        )
        return [(row.actor, row.old_value, row.new_value) for row in rows]


def test_support_sets_changes_and_clears_the_contact(database: Database) -> None:
    assert support_contact(database) is None
    assert contact_or_default(None) == NOT_SET
    assert set_support_contact(database, SUPPORT, f"  {CONTACT}  \n\n") == CONTACT
    assert support_contact(database) == CONTACT
    set_support_contact(database, SUPPORT, CONTACT)  # the same again: nothing to record
    set_support_contact(database, SUPPORT, "Helpdesk:\n01632 960000")
    assert support_contact(database) == "Helpdesk:\n01632 960000"
    assert set_support_contact(database, SUPPORT, "   ") is None
    assert support_contact(database) is None
    assert _trail(database) == [
        ("sue", None, CONTACT),
        ("sue", CONTACT, "Helpdesk:\n01632 960000"),
        ("sue", "Helpdesk:\n01632 960000", None),
    ]


@pytest.mark.parametrize("role", [Role.USER, Role.MANAGER])
def test_only_support_sets_it(database: Database, role: Role) -> None:
    with pytest.raises(PermissionDenied, match="support team"):
        set_support_contact(database, Actor("ann", role, 1), CONTACT)
    assert support_contact(database) is None and _trail(database) == []


def test_control_characters_are_dropped_as_from_every_typed_text(database: Database) -> None:
    set_support_contact(database, SUPPORT, "ring \x07 now\x9b")
    assert support_contact(database) == "ring now"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("x" * (MAX_CHARACTERS + 1), "at most 240 characters"),
        ("a\nb\nc\nd", "at most 3 lines"),
    ],
)
def test_what_cannot_be_shown_is_refused(database: Database, text: str, why: str) -> None:
    with pytest.raises(InvalidInput, match=why):
        set_support_contact(database, SUPPORT, text)
    assert support_contact(database) is None
