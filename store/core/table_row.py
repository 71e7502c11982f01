"""The base of every table model."""

from __future__ import annotations

from sqlmodel import SQLModel
from sqlmodel._compat import SQLModelConfig  # the type SQLModel gives model_config


class TableRow(SQLModel):
    """A table's row. Pydantic's validator and serialiser are built on first use, not when
    the model is defined: rows are made from the database and from checked input, never
    validated on the way, and building 33 of them at import cost the app 0.5 MiB and 15 ms
    before its first frame (bench.keystroke's peak memory, bench.first_frame)."""

    model_config = SQLModelConfig(defer_build=True)
