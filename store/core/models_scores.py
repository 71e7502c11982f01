"""The table of an establishment's standardised score settings: its threshold, where each band
starts and the margin of "maintained" (an establishment with no row takes the usual ones)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field

from store.core.models import UtcDateTime
from store.core.table_row import TableRow


class ScoreSettingsRow(TableRow, table=True):
    """What an establishment's manager (or support) set for its standardised scores."""

    __tablename__ = "scoresettings"

    establishment_id: int = Field(
        foreign_key="establishment.id",
        primary_key=True,
        ondelete="CASCADE",
        sa_column_kwargs={"autoincrement": False},
    )
    threshold: int = Field(ge=69, le=141)
    well_below: int = Field(ge=69, le=141)
    below: int = Field(ge=69, le=141)
    in_line: int = Field(ge=69, le=141)
    above: int = Field(ge=69, le=141)
    well_above: int = Field(ge=69, le=141)
    margin: int = Field(ge=0, le=20)
    set_by: str = Field(max_length=60)
    set_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))
