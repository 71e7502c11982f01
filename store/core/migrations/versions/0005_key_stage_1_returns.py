"""Key Stage 1's returns: the phonics check's pass mark by year, each establishment's CTF file
sequence, how support codes a subject in a CTF, and periods whose results were submitted.

Revision 0005, after 0004 (issue 13, a KS1 return the local authority accepts).

Three new tables (`phonicsthreshold`, `returnsequence`, `ctfcomponent`) and two nullable columns
on `assessmentperiod` (`submitted_by`, `submitted_at`: a KS1 period submitted to the local
authority is locked, as submitted ELGs are). No row changes: SQLite adds the columns in place.
Going down refuses, changing nothing, while any of the new tables holds a row or any period is
submitted, which the older schema cannot hold.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_KEPT_ONLY_BY_0005 = (
    ("phonics pass marks", "phonicsthreshold"),
    ("CTF file sequences", "returnsequence"),
    ("CTF codes set by support", "ctfcomponent"),
    ("submitted assessment periods", "assessmentperiod WHERE submitted_at IS NOT NULL"),
)


def upgrade() -> None:
    op.create_table(
        "phonicsthreshold",
        sa.Column("academic_year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("mark", sa.Integer(), nullable=False),
        sa.Column("set_by", sa.String(length=60), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("academic_year"),
    )
    op.create_table(
        "returnsequence",
        sa.Column("establishment_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["establishment_id"], ["establishment.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("establishment_id"),
    )
    op.create_table(
        "ctfcomponent",
        sa.Column("framework", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=3), nullable=False),
        sa.Column("stage", sa.String(length=10), nullable=False),
        sa.Column("ctf_subject", sa.String(length=10), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("component", sa.String(length=20), nullable=False),
        sa.Column("result_qualifier", sa.String(length=10), nullable=False),
        sa.Column("set_by", sa.String(length=60), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("framework", "subject"),
    )
    with op.batch_alter_table("assessmentperiod") as batch_op:
        batch_op.add_column(sa.Column("submitted_by", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("submitted_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    connection = op.get_bind()
    for what, rows in _KEPT_ONLY_BY_0005:
        count = connection.execute(sa.text(f"SELECT count(*) FROM {rows}")).scalar_one()
        if count:
            raise RuntimeError(
                f"Cannot go back before schema revision 0005: the database holds {count} "
                f"{what}, which the older schema cannot hold. Nothing was changed."
            )
    with op.batch_alter_table("assessmentperiod") as batch_op:
        batch_op.drop_column("submitted_at")
        batch_op.drop_column("submitted_by")
    op.drop_table("ctfcomponent")
    op.drop_table("returnsequence")
    op.drop_table("phonicsthreshold")
