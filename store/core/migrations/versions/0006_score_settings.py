"""Standardised scores: each establishment's threshold, band edges and margin of "maintained".

Revision 0006, after 0005 (issue 14, standardised scores).

One new table, `scoresettings`, a row per establishment that set its own (an establishment with
no row takes the usual threshold 100, NFER's bands and a margin of 5). No row changes: periods
of the standardised scores framework need no schema (codes and scores are stored as before).
Going down refuses, changing nothing, while the table holds a row, which the older schema
cannot hold.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scoresettings",
        sa.Column("establishment_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("well_below", sa.Integer(), nullable=False),
        sa.Column("below", sa.Integer(), nullable=False),
        sa.Column("in_line", sa.Integer(), nullable=False),
        sa.Column("above", sa.Integer(), nullable=False),
        sa.Column("well_above", sa.Integer(), nullable=False),
        sa.Column("margin", sa.Integer(), nullable=False),
        sa.Column("set_by", sa.String(length=60), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["establishment_id"], ["establishment.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("establishment_id"),
    )


def downgrade() -> None:
    connection = op.get_bind()
    count = connection.execute(sa.text("SELECT count(*) FROM scoresettings")).scalar_one()
    if count:
        raise RuntimeError(
            f"Cannot go back before schema revision 0006: the database holds {count} "
            "establishments' standardised score settings, which the older schema cannot hold. "
            "Nothing was changed."
        )
    op.drop_table("scoresettings")
