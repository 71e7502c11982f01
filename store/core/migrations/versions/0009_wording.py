"""A local authority's and a school's own words for a framework's names.

Revision 0009, after 0008 (issue 15: the level and strand names as data).

One new table, `wording`: a name of a framework (a strand, a level, a stage, a scale point)
worded otherwise for every school (no establishment) or for one. No row changes. Going down
refuses, changing nothing, while the table holds a name, which the older schema cannot hold.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "wording",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("establishment_id", sa.Integer(), nullable=True),
        sa.Column("framework", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=20), nullable=False),
        sa.Column("text", sa.String(length=60), nullable=False),
        sa.Column("set_by", sa.String(length=60), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["establishment_id"], ["establishment.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("establishment_id", "framework", "key"),
    )
    op.create_index("ix_wording_establishment_id", "wording", ["establishment_id"])


def downgrade() -> None:
    connection = op.get_bind()
    count = connection.execute(sa.text("SELECT count(*) FROM wording")).scalar_one()
    if count:
        raise RuntimeError(
            f"Cannot go back before schema revision 0009: the database holds {count} names "
            "worded by the local authority or a school, which the older schema cannot hold. "
            "Nothing was changed."
        )
    op.drop_index("ix_wording_establishment_id", table_name="wording")
    op.drop_table("wording")
