"""How to reach the support team: set by support, read by anyone (even before signing in)."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select
from sqlmodel import col

from store.core.access import Actor, PermissionDenied, Role
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.errors import InvalidInput
from store.core.models_news import SupportContact
from store.core.typed_text import clean_typed

MAX_CHARACTERS = 240
MAX_LINES = 3
NOT_SET = (
    "The support team has not given its contact details yet: ask your school's account "
    "manager, who can reach them."
)


def support_contact(db: Database) -> str | None:
    """The contact text, or None while support has set none. No actor: the sign-in shows it."""
    with db.read() as session:
        row = session.scalars(select(SupportContact).order_by(col(SupportContact.id))).first()
        return row.text if row is not None else None


# The same, where one line is all there is room for (the home screen).
NOT_SET_SHORT = "ask your school's account manager, who can reach the support team."


def contact_or_default(text: str | None, *, short: bool = False) -> str:
    """What to show: the contact, or what to do while there is none."""
    return text or (NOT_SET_SHORT if short else NOT_SET)


def _checked(text: str) -> str:
    # Control characters are dropped as from every typed text (store.core.typed_text).
    lines = [" ".join(line.split()) for line in clean_typed(text, multiline=True).splitlines()]
    cleaned = "\n".join(line for line in lines if line)
    if len(cleaned) > MAX_CHARACTERS:
        raise InvalidInput(
            f"The contact details can be at most {MAX_CHARACTERS} characters (they are shown "
            f"on the sign-in screen): this is {len(cleaned)}."
        )
    if cleaned.count("\n") >= MAX_LINES:
        raise InvalidInput(f"The contact details can be at most {MAX_LINES} lines.")
    return cleaned


def set_support_contact(db: Database, actor: Actor, text: str) -> str | None:
    """Set (or, when blank, clear) the contact text (support only); audited with old and new.

    Raises:
        PermissionDenied: not support. InvalidInput: too long, too many lines, control
            characters.
    """
    if actor.role is not Role.SUPPORT:
        raise PermissionDenied("Only the support team can change the support contact details.")
    cleaned = _checked(text)
    with db.write() as session:
        row = session.scalars(select(SupportContact).order_by(col(SupportContact.id))).first()
        old = row.text if row is not None else None
        new = cleaned or None
        if old == new:
            return new
        if new is None:
            assert row is not None
            session.delete(row)
        else:
            row = row or SupportContact(text=new, set_by=actor.username)
            row.text, row.set_by, row.set_at = new, actor.username, datetime.now(timezone.utc)
            session.add(row)
        record(
            session,
            actor,
            [
                AuditRecord(
                    "set support contact",
                    None,
                    target="support contact",
                    old_value=old,
                    new_value=new,
                )
            ],
        )
        return new
