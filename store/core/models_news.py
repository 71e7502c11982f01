"""The support team's messages to everyone: news items, and how to reach the team."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Text
from sqlmodel import Field

from store.core.models import UtcDateTime
from store.core.table_row import TableRow


class NewsItem(TableRow, table=True):
    """One news item: live from `show_from` until the day before `retire_on` (if any)."""

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=100)
    text: str = Field(sa_column=Column(Text, nullable=False))
    show_from: date = Field(index=True)
    retire_on: date | None = None
    posted_by: str = Field(max_length=60)
    posted_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))
    edited_by: str | None = Field(default=None, max_length=60)
    edited_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))


class SupportContact(TableRow, table=True):
    """How to reach the support team, as they set it (one row): shown at sign-in, home, help."""

    id: int | None = Field(default=None, primary_key=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    set_by: str = Field(max_length=60)
    set_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))
