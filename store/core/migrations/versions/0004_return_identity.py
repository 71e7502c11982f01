"""Establishments gain the numbers a return names them by: LA number, DfE number and URN.

Revision 0004, after 0003 (issue 13, a KS1 return the local authority accepts).

A Common Transfer File names the school by its LA number (3 digits), its DfE establishment
number within the LA (4 digits) and its URN (6 digits). `establishment.la_number`,
`establishment.dfe_number` and `establishment.urn` are nullable text (leading zeros are part of
the number): every establishment made before has none until support sets them, and an export
that needs them refuses, saying so (store.establishments.return_identity).

Adding nullable columns changes no row: SQLite adds them in place (no copy of the table) and so
does PostgreSQL. Going down makes SQLite copy the table (store.core.migrate turns the
foreign-key checks off meanwhile), and refuses, changing nothing, while any establishment holds
one of the numbers, which the older schema cannot hold.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_COLUMNS = (("la_number", 3), ("dfe_number", 4), ("urn", 6))


def upgrade() -> None:
    with op.batch_alter_table("establishment") as batch_op:
        for name, length in _COLUMNS:
            batch_op.add_column(sa.Column(name, sa.String(length=length), nullable=True))


def downgrade() -> None:
    connection = op.get_bind()
    held = " OR ".join(f"{name} IS NOT NULL" for name, _ in _COLUMNS)
    count = connection.execute(
        sa.text(f"SELECT count(*) FROM establishment WHERE {held}")
    ).scalar_one()
    if count:
        raise RuntimeError(
            "Cannot go back before schema revision 0004: "
            f"{count} establishment(s) have an LA number, DfE number or URN, which the older "
            "schema cannot hold. Nothing was changed."
        )
    with op.batch_alter_table("establishment") as batch_op:
        for name, _ in reversed(_COLUMNS):
            batch_op.drop_column(name)
