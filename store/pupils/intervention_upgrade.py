"""Upgrading a database whose interventions were kept by UPN: each goes to its pupil's record."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, inspect, text

from store.curriculum.dates import format_academic_year

OLD_TABLE = "intervention_by_upn"


def key_interventions_by_pupil(connection: Connection, table: Table) -> None:
    """Give each intervention of an older database the pupil it was recorded for; drop its UPN.

    `table` is the intervention table as the baseline revision has it (made again on SQLite).

    Earlier versions kept interventions by UPN alone, so a school that corrected a pupil's UPN
    lost sight of them and a school later given the old number read them. The right pupil is,
    in this order: the one named by the audit row of editing that intervention; the only one
    named by the audit rows of adding it (same school, year, assessment and details); the pupil
    holding the UPN now; the pupil whose UPN was corrected from it. Each must be at the school
    that recorded the intervention. One that fits none is kept, attached to nobody and shown to
    nobody, rather than given to whoever holds the number now.
    """
    inspector = inspect(connection)
    if not inspector.has_table("intervention"):
        return
    if "upn" not in {column["name"] for column in inspector.get_columns("intervention")}:
        return
    rows = connection.execute(
        text(
            "SELECT id, upn, establishment_id, academic_year, assessment, details FROM intervention"
        )
    ).all()
    owners = _owners(connection, rows, inspector.has_table("auditentry"))
    if connection.dialect.name == "sqlite":
        _rebuild(connection, table)
    else:
        _alter(connection)
    if owners:
        connection.execute(
            text("UPDATE intervention SET pupil_id = :pupil WHERE id = :id"),
            [{"pupil": pupil_id, "id": row_id} for row_id, pupil_id in owners.items()],
        )


def _rebuild(connection: Connection, table: Table) -> None:
    # SQLite before 3.35 cannot drop a column: make the table again (nothing refers to it).
    connection.execute(text(f"ALTER TABLE intervention RENAME TO {OLD_TABLE}"))
    connection.execute(text("DROP INDEX IF EXISTS ix_intervention_upn"))
    table.create(connection)
    connection.execute(
        text(
            "INSERT INTO intervention "
            "(id, pupil_id, establishment_id, academic_year, assessment, details) "
            "SELECT id, NULL, establishment_id, academic_year, assessment, details "
            f"FROM {OLD_TABLE}"
        )
    )
    connection.execute(text(f"DROP TABLE {OLD_TABLE}"))


def _alter(connection: Connection) -> None:
    connection.execute(
        text(
            "ALTER TABLE intervention ADD COLUMN pupil_id INTEGER "
            "REFERENCES pupil (id) ON DELETE CASCADE"
        )
    )
    connection.execute(text("CREATE INDEX ix_intervention_pupil_id ON intervention (pupil_id)"))
    connection.execute(text("ALTER TABLE intervention DROP COLUMN upn"))


def _owners(connection: Connection, rows: Sequence[Any], has_audit: bool) -> dict[int, int]:
    """{intervention id: pupil id} for the interventions whose pupil can be told."""
    if not rows:
        return {}
    school_of: dict[int, int] = {}
    holder: dict[str, int] = {}
    for pupil_id, establishment_id, upn in connection.execute(
        text("SELECT id, establishment_id, upn FROM pupil")
    ):
        school_of[pupil_id] = establishment_id
        holder[upn] = pupil_id
    edited: dict[str, int] = {}
    added: dict[tuple[int, str, str], set[int]] = {}
    corrected: dict[tuple[int, str], int] = {}
    if has_audit:
        for action, establishment_id, target, old, new, pupil_id in connection.execute(
            text(
                "SELECT action, establishment_id, target, old_value, new_value, pupil_id "
                "FROM auditentry WHERE pupil_id IS NOT NULL AND (action IN "
                "('add intervention', 'edit intervention') OR "
                "(action = 'edit pupil' AND target = 'UPN')) ORDER BY id"
            )
        ):
            if action == "edit intervention":
                edited[target] = pupil_id
            elif action == "add intervention":
                added.setdefault((establishment_id, target, new or ""), set()).add(pupil_id)
            else:
                corrected[(establishment_id, old or "")] = pupil_id
    owners: dict[int, int] = {}
    for row_id, upn, establishment_id, year, assessment, details in rows:
        named = added.get(
            (establishment_id, f"{format_academic_year(year)} {assessment}".strip(), details), set()
        )
        candidates = (
            edited.get(str(row_id)),
            next(iter(named)) if len(named) == 1 else None,
            holder.get(upn),
            corrected.get((establishment_id, upn)),
        )
        for pupil_id in candidates:
            if pupil_id is not None and school_of.get(pupil_id) == establishment_id:
                owners[row_id] = pupil_id
                break
    return owners
