"""Bringing a database made before migrations level with the baseline revision.

Versions before migrations made their schema on every open: create_all (new tables, with their
indexes), then the columns and indexes that came later to tables that existed already. A
database any of them made holds some part of the baseline; this adds the rest, as they would
have, so that it can be stamped with the baseline and upgraded from there like any other.
"""

from __future__ import annotations

from sqlalchemy import Connection, MetaData, inspect, text

from store.pupils.intervention_upgrade import key_interventions_by_pupil

# The columns that came after their table: (table, column, its SQL for ALTER TABLE ADD COLUMN,
# the same on SQLite and PostgreSQL). Each is nullable, so rows made before it stay valid.
# Frozen: a column added from now on is a migration (store/core/migrations/versions).
ADDED_COLUMNS: tuple[tuple[str, str, str], ...] = (
    # A deleted assessment period is kept, marked, so that support can bring it back.
    ("assessmentperiod", "deleted_at", "TIMESTAMP"),
    ("assessmentperiod", "deleted_by", "VARCHAR(60)"),
    # A pupil transferred to another establishment leaves a record with the old school.
    ("pupil", "transferred_at", "TIMESTAMP"),
    ("pupil", "transferred_to_id", "INTEGER"),
    ("pupil", "transferred_upn", "VARCHAR(13)"),
    # The signed-in session each change was made in (issue 10).
    ("auditentry", "session_id", "INTEGER"),
)


def bring_level_with_baseline(connection: Connection, baseline: MetaData) -> None:
    """Add to a database made before migrations what the baseline has and it lacks.

    In the order the old versions did it: the missing tables (with their indexes), the columns
    that came later, interventions keyed by pupil rather than by UPN; then every index of the
    baseline still missing (the old versions named the later ones one by one).
    """
    baseline.create_all(connection, checkfirst=True)
    _add_later_columns(connection)
    key_interventions_by_pupil(connection, baseline.tables["intervention"])
    _add_missing_indexes(connection, baseline)


def _add_later_columns(connection: Connection) -> None:
    inspector = inspect(connection)
    for table, column, definition in ADDED_COLUMNS:
        present = {c["name"] for c in inspector.get_columns(table)}
        if column not in present:
            connection.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {definition}"))


def _add_missing_indexes(connection: Connection, baseline: MetaData) -> None:
    inspector = inspect(connection)
    for table in baseline.sorted_tables:
        present = {index["name"] for index in inspector.get_indexes(table.name)}
        for index in sorted(table.indexes, key=lambda index: str(index.name)):
            if index.name not in present:
                index.create(connection)
