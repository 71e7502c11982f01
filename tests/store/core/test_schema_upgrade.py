"""Opening a database made before migrations adds the indexes and columns that came later."""

from __future__ import annotations

from sqlalchemy import inspect, text

from store.core.db import Database
from tests.store.conftest import as_made_before_migrations, sqlite_only


def _audit_indexes(database: Database) -> set[str]:
    return {index["name"] or "" for index in inspect(database.engine).get_indexes("auditentry")}


def test_a_missing_later_index_is_created_on_open(database: Database) -> None:
    assert "ix_auditentry_target_id" in _audit_indexes(database)
    as_made_before_migrations(database)
    with database.engine.begin() as connection:
        connection.execute(text("DROP INDEX ix_auditentry_target_id"))
    assert "ix_auditentry_target_id" not in _audit_indexes(database)
    database.create_schema()
    assert "ix_auditentry_target_id" in _audit_indexes(database)
    database.create_schema()  # and again: nothing to do, no error


def test_the_console_reads_sign_ins_through_the_index(database: Database) -> None:
    sqlite_only(database)  # the planner's choice on a tiny PostgreSQL table says nothing
    query = (
        "EXPLAIN QUERY PLAN SELECT * FROM auditentry WHERE target = 'j.smith' "
        "AND action IN ('sign in', 'sign out') ORDER BY id DESC LIMIT 10"
    )
    with database.engine.connect() as connection:
        plan = " ".join(str(row[-1]) for row in connection.execute(text(query)))
    assert "ix_auditentry_target_id" in plan


def test_an_audit_trail_made_before_sessions_were_recorded_gains_the_column(
    database: Database,
) -> None:
    """A database of the previous version has no auditentry.session_id: opening adds it."""
    as_made_before_migrations(database)
    with database.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO auditentry (at, actor, source, action, target) "
                "VALUES (CURRENT_TIMESTAMP, 'ann', 'local', 'old change', '')"
            )
        )
        connection.execute(text("ALTER TABLE auditentry DROP COLUMN session_id"))
    columns = {c["name"] for c in inspect(database.engine).get_columns("auditentry")}
    assert "session_id" not in columns
    database.create_schema()
    columns = {c["name"] for c in inspect(database.engine).get_columns("auditentry")}
    assert "session_id" in columns
    with database.engine.connect() as connection:
        rows = connection.execute(text("SELECT action, session_id FROM auditentry")).all()
    assert [tuple(row) for row in rows] == [("old change", None)]
