"""Period layers: a period's targets and the teacher's judgement of progress.

Revision 0007, after 0006 (issue 14, targets and the teacher's judgement of progress).

Two nullable columns on `assessmentperiod`: `layer_of` (the period a layer belongs to, deleted
with it) and `layer` (its kind), with a unique index so that a period has one layer of each
kind. A layer's values are judgements of the layer's own period row, entered in the grid as any
judgement is. No row changes. Going down refuses, changing nothing, while any layer exists,
which the older schema would read as an assessment.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_INDEX = "ix_assessmentperiod_layer"


def upgrade() -> None:
    with op.batch_alter_table("assessmentperiod") as batch_op:
        batch_op.add_column(sa.Column("layer_of", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("layer", sa.String(length=10), nullable=True))
        batch_op.create_foreign_key(
            "fk_assessmentperiod_layer_of",
            "assessmentperiod",
            ["layer_of"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_index(_INDEX, ["layer_of", "layer"], unique=True)


def downgrade() -> None:
    connection = op.get_bind()
    count = connection.execute(
        sa.text("SELECT count(*) FROM assessmentperiod WHERE layer_of IS NOT NULL")
    ).scalar_one()
    if count:
        raise RuntimeError(
            f"Cannot go back before schema revision 0007: the database holds {count} layers of "
            "targets or judged progress, which the older schema would read as assessments. "
            "Nothing was changed."
        )
    with op.batch_alter_table("assessmentperiod") as batch_op:
        batch_op.drop_index(_INDEX)
        batch_op.drop_constraint("fk_assessmentperiod_layer_of", type_="foreignkey")
        batch_op.drop_column("layer")
        batch_op.drop_column("layer_of")
