"""The table of people's view preferences: how each person last left a cohort's grid."""

from __future__ import annotations

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from store.core.table_row import TableRow


class GridViewPreference(TableRow, table=True):
    """One person's view of one cohort's grid at one establishment, kept between visits:
    the assessment periods they hid, and (Reception) whether the End of Year ELGs show.

    Hidden periods are listed, not shown ones, so a period created later is shown.
    """

    __table_args__ = (
        UniqueConstraint("establishment_id", "username", "academic_year", "year_group"),
    )

    id: int | None = Field(default=None, primary_key=True)
    establishment_id: int = Field(foreign_key="establishment.id", ondelete="CASCADE")
    username: str = Field(max_length=60)
    academic_year: int
    year_group: str = Field(max_length=2)
    hidden_periods: str = Field(default="", max_length=2000)
    """Period ids, comma-separated."""
    show_elg: bool = False
