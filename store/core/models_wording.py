"""The table of a local authority's and a school's own words for a framework's names (its
strands, levels, stages, scale points): store.assessments.wording_store reads and sets it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, UniqueConstraint
from sqlmodel import Field

from store.core.models import UtcDateTime
from store.core.table_row import TableRow
from store.curriculum.framework import FRAMEWORK_ID_LENGTH
from store.curriculum.name_slots import WORDS_MAX

WORDING_KEY_LENGTH = 20


class WordingRow(TableRow, table=True):
    """One name worded otherwise: for every school of the local authority (no establishment)
    or for one establishment, over the authority's."""

    __tablename__ = "wording"
    # A school's rows are one per name; the authority's (no establishment) are kept one per
    # name by the write, which replaces them in one transaction.
    __table_args__ = (UniqueConstraint("establishment_id", "framework", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    establishment_id: int | None = Field(
        default=None, foreign_key="establishment.id", ondelete="CASCADE", index=True
    )
    framework: str = Field(max_length=FRAMEWORK_ID_LENGTH)
    key: str = Field(max_length=WORDING_KEY_LENGTH)
    text: str = Field(max_length=WORDS_MAX)
    set_by: str = Field(max_length=60)
    set_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))
