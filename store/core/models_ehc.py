"""The table of links from an engagement model observation to an outcome of the pupil's EHC
plan (its words as the plan numbers or names it, "Outcome 2: communication")."""

from __future__ import annotations

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from store.core.table_row import TableRow

EHC_OUTCOME_LENGTH = 120


class EhcLink(TableRow, table=True):
    """One observation's link: a pupil's area of engagement at one assessment."""

    __tablename__ = "ehclink"
    __table_args__ = (UniqueConstraint("pupil_id", "period_id", "area_code"),)

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int = Field(foreign_key="pupil.id", ondelete="CASCADE", index=True)
    period_id: int = Field(foreign_key="assessmentperiod.id", ondelete="CASCADE", index=True)
    area_code: str = Field(max_length=3)
    outcome: str = Field(max_length=EHC_OUTCOME_LENGTH)
