"""Audit entries indexed by establishment, then id.

Revision 0003, after 0002 (issue 12, colleagues live on one grid).

An open grid asks every second whether an establishment has audit entries newer than the last
it saw. `ix_auditentry_establishment_id` (establishment only) becomes
`ix_auditentry_establishment_id_id` (establishment, then id), which answers that from the index
alone on PostgreSQL, however long the trail; SQLite's indexes end with the row id already, and
every query that used the old index uses the new one. No row changes: only the index is made
again (no copy of the table, which can hold millions of entries).
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_TABLE = "auditentry"
_OLD = "ix_auditentry_establishment_id"
_NEW = "ix_auditentry_establishment_id_id"


def upgrade() -> None:
    op.create_index(_NEW, _TABLE, ["establishment_id", "id"], unique=False)
    op.drop_index(_OLD, table_name=_TABLE)


def downgrade() -> None:
    op.create_index(_OLD, _TABLE, ["establishment_id"], unique=False)
    op.drop_index(_NEW, table_name=_TABLE)
