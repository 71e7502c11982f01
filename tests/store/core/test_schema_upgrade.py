"""Opening a database made before migrations (or at an older revision) adds the indexes and
columns that came later, keeping every row."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import inspect, text

from store.assessments.periods import create_period
from store.core.access import Actor, Role
from store.core.db import Database, open_database
from store.core.models_returns import PhonicsThreshold
from store.core.schema_revision import HEAD, stored_revision
from store.curriculum.eyfs import YearGroup
from store.establishments.establishments import create_establishment
from store.establishments.return_identity import set_return_identity
from tests.store.conftest import as_made_before_migrations, downgrade_to, sqlite_only

SUPPORT = Actor("support.tester", Role.SUPPORT, None)


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


def _identities(database: Database) -> list[tuple[object, ...]]:
    with database.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT number, name, la_number, dfe_number, urn FROM establishment ORDER BY id")
        )
        return [tuple(row) for row in rows]


def test_establishments_of_revision_0003_gain_their_return_numbers_unset(
    database: Database,
) -> None:
    """Revision 0004 adds the LA number, DfE number and URN: every establishment of a database
    at 0003 keeps its row, with none of them set."""
    for number, name in (("2041", "ST MARY'S"), ("0042", "ZERO NURSERY")):
        create_establishment(database, SUPPORT, number, name)
    downgrade_to(database, "0003")
    columns = {c["name"] for c in inspect(database.engine).get_columns("establishment")}
    assert not columns & {"la_number", "dfe_number", "urn"}
    url = database.url
    database.dispose()
    reopened = open_database(url)
    try:
        done = reopened.schema_upgrade
        assert done is not None and (done.before, done.after) == ("0003", HEAD)
        assert _identities(reopened) == [
            ("2041", "ST MARY'S", None, None, None),
            ("0042", "ZERO NURSERY", None, None, None),
        ]
    finally:
        reopened.dispose()


def test_going_back_before_0004_is_refused_while_an_establishment_has_its_numbers(
    database: Database,
) -> None:
    school = create_establishment(database, SUPPORT, "2041", "ST MARY'S")
    set_return_identity(database, SUPPORT, school.id, la_number="873", dfe_number="", urn="")
    with pytest.raises(RuntimeError, match="1 establishment"):
        downgrade_to(database, "0003")
    with database.engine.connect() as connection:
        assert stored_revision(connection) == HEAD
    assert _identities(database) == [("2041", "ST MARY'S", "873", None, None)]
    # Cleared, it goes back.
    set_return_identity(database, SUPPORT, school.id, la_number="", dfe_number="", urn="")
    downgrade_to(database, "0003")
    with database.engine.connect() as connection:
        assert stored_revision(connection) == "0003"


def test_periods_of_revision_0004_gain_their_submission_unset(database: Database) -> None:
    """Revision 0005 adds Key Stage 1's return tables and a period's submission: a database at
    0004 keeps every period, none submitted, and the new tables start empty."""
    school = create_establishment(database, SUPPORT, "2041", "ST MARY'S")
    actor = Actor("clerk", Role.MANAGER, school.id)
    create_period(database, actor, school.id, "Autumn 1", date(2025, 10, 20), [YearGroup.RECEPTION])
    downgrade_to(database, "0004")
    tables = set(inspect(database.engine).get_table_names())
    assert not tables & {"phonicsthreshold", "returnsequence", "ctfcomponent"}
    url = database.url
    database.dispose()
    reopened = open_database(url)
    try:
        done = reopened.schema_upgrade
        assert done is not None and (done.before, done.after) == ("0004", HEAD)
        with reopened.engine.connect() as connection:
            periods = connection.execute(
                text("SELECT name, submitted_by, submitted_at FROM assessmentperiod")
            ).all()
            assert [tuple(row) for row in periods] == [("Autumn 1", None, None)]
            for table in ("phonicsthreshold", "returnsequence", "ctfcomponent"):
                assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0
    finally:
        reopened.dispose()


def test_going_back_before_0005_is_refused_while_a_phonics_pass_mark_is_held(
    database: Database,
) -> None:
    with database.write() as session:
        session.add(PhonicsThreshold(academic_year=2025, mark=32, set_by="support"))
    with pytest.raises(RuntimeError, match="1 phonics pass marks"):
        downgrade_to(database, "0004")
    with database.engine.connect() as connection:
        assert stored_revision(connection) == HEAD
