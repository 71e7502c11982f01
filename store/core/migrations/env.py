"""Alembic's environment: runs the migrations on the connection it is handed, never its own."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection, Engine
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

import store.core.all_tables  # noqa: F401  (registers every table on SQLModel.metadata)
from store.core.models import UtcDateTime


def render_item(kind: str, item: Any, autogen: AutogenContext) -> str | Literal[False]:
    """Write SQLModel's and our column types as the plain SQLAlchemy types they store, so that a
    migration never depends on how a model happens to be written today."""
    if kind != "type":
        return False
    if isinstance(item, AutoString):
        return f"sa.String(length={item.length})" if item.length else "sa.String()"
    if isinstance(item, UtcDateTime):
        return "sa.DateTime()"
    return False


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        # SQLite changes most things about a table only by making it again: batch operations.
        render_as_batch=True,
        render_item=render_item,
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    # store.core.migrate hands over a connection already in its transaction (the upgrade, the
    # backup and the checks around it are one unit); pytest-alembic hands over an engine.
    given: Connection | Engine | None = context.config.attributes.get("connection")
    if context.is_offline_mode() or given is None:
        raise RuntimeError(
            "Run the migrations with `pupil-tracker db upgrade` (store.core.migrate), which "
            "gives them their database connection."
        )
    if isinstance(given, Engine):
        with given.connect() as connection:
            run_migrations(connection)
    else:
        run_migrations(given)


main()
