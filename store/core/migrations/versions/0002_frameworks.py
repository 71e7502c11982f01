"""Frameworks: each period and ELG section records its framework; a cell holds any code or a number.

Revision 0002, after 0001 (issue 11, frameworks as data).

- `assessmentperiod.framework` and `elgsection.framework`: the id of the framework
  (store.curriculum.frameworks), NOT NULL. Every row made before is EYFS: periods get
  `eyfs-in-year`, sections `eyfs-elg`, from a server default that stays, so that an INSERT
  naming no framework (an older script, a hand-made row) still means what it always meant.
- `judgement.value` and `elgresult.outcome` widen from one character to eight: a framework's
  code is stored as it is exported (`GDS`, `PK2`, `HNM`). No value changes.
- `judgement.number`, a nullable INTEGER, holds a number subject's mark or score (a phonics mark
  0-40, a standardised score 69-141). Numbers are not stored as text in `value`: a number
  column keeps them numbers for sorting, averages and ranges in SQL on both databases, `value`
  stays a code that every code-counting query can compare without parsing, and a subject whose
  numbers share the cell with codes (the phonics check's mark or A/D/L/Q) keeps the two apart.
  Every range so far is of whole numbers (store.curriculum.framework.NumberRange).

SQLite changes a column's type only by making the table again: batch mode copies `judgement`
and `elgresult` with their rows, keys, indexes and foreign keys (store.core.migrate turns the
foreign-key checks off meanwhile, and checks every reference afterwards). PostgreSQL widens a
VARCHAR in place and fills the new NOT NULL columns from their default.

Going down refuses, changing nothing, while anything would be lost or misread: a period or a
section of another framework, a code longer than one character, a number.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

EYFS_IN_YEAR = "eyfs-in-year"
EYFS_ELG = "eyfs-elg"
"""Written out, not imported: this revision must not move when the frameworks' module does."""


def upgrade() -> None:
    with op.batch_alter_table("assessmentperiod") as batch_op:
        batch_op.add_column(
            sa.Column(
                "framework", sa.String(length=40), server_default=EYFS_IN_YEAR, nullable=False
            )
        )
    with op.batch_alter_table("elgsection") as batch_op:
        batch_op.add_column(
            sa.Column("framework", sa.String(length=40), server_default=EYFS_ELG, nullable=False)
        )
    with op.batch_alter_table("judgement") as batch_op:
        batch_op.add_column(sa.Column("number", sa.Integer(), nullable=True))
        batch_op.alter_column(
            "value",
            existing_type=sa.String(length=1),
            type_=sa.String(length=8),
            existing_nullable=True,
        )
    with op.batch_alter_table("elgresult") as batch_op:
        batch_op.alter_column(
            "outcome",
            existing_type=sa.String(length=1),
            type_=sa.String(length=8),
            existing_nullable=False,
        )


_KEPT_ONLY_BY_0002 = (
    (
        "assessment periods of another framework",
        f"assessmentperiod WHERE framework <> '{EYFS_IN_YEAR}'",
    ),
    ("End of Year sections of another framework", f"elgsection WHERE framework <> '{EYFS_ELG}'"),
    ("judgements longer than one character", "judgement WHERE length(value) > 1"),
    ("judgements that are numbers", "judgement WHERE number IS NOT NULL"),
    ("results longer than one character", "elgresult WHERE length(outcome) > 1"),
)


def downgrade() -> None:
    connection = op.get_bind()
    for what, rows in _KEPT_ONLY_BY_0002:
        count = connection.execute(sa.text(f"SELECT count(*) FROM {rows}")).scalar_one()
        if count:
            raise RuntimeError(
                f"Cannot go back before schema revision 0002: the database holds {count} {what}, "
                "which the older schema cannot hold. Nothing was changed."
            )
    with op.batch_alter_table("elgresult") as batch_op:
        batch_op.alter_column(
            "outcome",
            existing_type=sa.String(length=8),
            type_=sa.String(length=1),
            existing_nullable=False,
        )
    with op.batch_alter_table("judgement") as batch_op:
        batch_op.alter_column(
            "value",
            existing_type=sa.String(length=8),
            type_=sa.String(length=1),
            existing_nullable=True,
        )
        batch_op.drop_column("number")
    with op.batch_alter_table("elgsection") as batch_op:
        batch_op.drop_column("framework")
    with op.batch_alter_table("assessmentperiod") as batch_op:
        batch_op.drop_column("framework")
