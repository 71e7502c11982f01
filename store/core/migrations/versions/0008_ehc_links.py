"""Links from an engagement model observation to an outcome of the pupil's EHC plan.

Revision 0008, after 0007 (issue 15, the engagement model).

One new table, `ehclink`: a pupil's area of engagement at one assessment, and the outcome of
their EHC plan it is evidence for. No row changes. Going down refuses, changing nothing, while
the table holds a link, which the older schema cannot hold.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ehclink",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=3), nullable=False),
        sa.Column("outcome", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(["pupil_id"], ["pupil.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["period_id"], ["assessmentperiod.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("pupil_id", "period_id", "area_code"),
    )
    op.create_index("ix_ehclink_pupil_id", "ehclink", ["pupil_id"])
    op.create_index("ix_ehclink_period_id", "ehclink", ["period_id"])


def downgrade() -> None:
    connection = op.get_bind()
    count = connection.execute(sa.text("SELECT count(*) FROM ehclink")).scalar_one()
    if count:
        raise RuntimeError(
            f"Cannot go back before schema revision 0008: the database holds {count} links to "
            "EHC plan outcomes, which the older schema cannot hold. Nothing was changed."
        )
    op.drop_index("ix_ehclink_period_id", table_name="ehclink")
    op.drop_index("ix_ehclink_pupil_id", table_name="ehclink")
    op.drop_table("ehclink")
