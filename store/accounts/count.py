"""Whether any account exists: the app asks for sign-in only once one does."""

from __future__ import annotations

from sqlalchemy import func, select

from store.core.db import Database
from store.core.models import Account


def count_accounts(db: Database) -> int:
    """How many accounts the database holds (of any role, disabled ones included)."""
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Account)) or 0)
