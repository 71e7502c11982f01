"""The schema revision this program makes, and the one a database holds, read without Alembic.

Opening a database that is up to date only reads its revision here: Alembic (about 150 ms of
imports) is loaded only when there is something to do (store.core.migrate).
"""

from __future__ import annotations

from sqlalchemy import Connection, inspect, text

HEAD = "0009"
"""The newest revision in store/core/migrations/versions (a test keeps the two the same)."""
BASELINE = "0001"
"""The schema of the last version before migrations; databases it made are brought level with
it (store.core.legacy_schema) and stamped with it."""
VERSION_TABLE = "alembic_version"


def stored_revision(connection: Connection) -> str | None:
    """The revision recorded in the database; None if it records none (new, or made before
    migrations). Several (a branched history, which this program never makes) read as one
    joined with '+', which is no revision it knows."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    found = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    return "+".join(sorted(found)) or None
