"""Tables of the Reception cohort progress meetings and their discussion-area templates."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Column, Index, Text
from sqlmodel import Field

from store.core.table_row import TableRow

COHORT = "Cohort"
"""The one discussion type the tracker has (the web tracker shows it locked)."""


class DiscussionTemplate(TableRow, table=True):
    """A question offered to new progress meetings while live (start <= today <= end)."""

    __table_args__ = (Index("ix_discussiontemplate_establishment", "establishment_id"),)

    id: int | None = Field(default=None, primary_key=True)
    establishment_id: int = Field(foreign_key="establishment.id", ondelete="CASCADE")
    description: str = Field(sa_column=Column(Text, nullable=False))
    sort_order: int = 0
    discussion_type: str = Field(default=COHORT, max_length=20)
    start_date: date
    end_date: date | None = None


class DiscussionDefaults(TableRow, table=True):
    """Marks that an establishment has had the guide's seven questions, so they come only once.

    Without it, a school that deleted every template would find the defaults back next time.
    """

    establishment_id: int = Field(
        foreign_key="establishment.id", ondelete="CASCADE", primary_key=True
    )
    created_on: date


class ProgressMeeting(TableRow, table=True):
    """One Reception cohort progress meeting, with its figures as they were on the day."""

    __table_args__ = (
        Index("ix_progressmeeting_establishment_year", "establishment_id", "academic_year"),
    )

    id: int | None = Field(default=None, primary_key=True)
    establishment_id: int = Field(foreign_key="establishment.id", ondelete="CASCADE")
    academic_year: int
    class_slot: int | None = Field(default=None, ge=1, le=20)  # None: all Reception classes
    teacher: str = Field(default="", max_length=120)
    day: date
    period_id: int | None = Field(
        default=None, foreign_key="assessmentperiod.id", ondelete="SET NULL"
    )
    # Kept with the meeting so the record reads the same if the period is renamed or deleted.
    period_name: str = Field(default="", max_length=60)
    previous_period_name: str = Field(default="", max_length=60)
    cohort_size: int = 0


class MeetingFigure(TableRow, table=True):
    """One area's frozen figures: whole percentages, None where there was nothing to count."""

    meeting_id: int = Field(foreign_key="progressmeeting.id", ondelete="CASCADE", primary_key=True)
    area_code: str = Field(max_length=3, primary_key=True)
    below: int | None = None
    below_previous: int | None = None
    on_track: int | None = None
    on_track_previous: int | None = None


class MeetingDiscussion(TableRow, table=True):
    """A discussion area of one meeting: the question (copied, editable here), notes, next steps."""

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="progressmeeting.id", ondelete="CASCADE", index=True)
    position: int = 0
    question: str = Field(sa_column=Column(Text, nullable=False))
    notes: str = Field(default="", sa_column=Column(Text, nullable=False))
    next_steps: str = Field(default="", sa_column=Column(Text, nullable=False))


class MeetingBarrier(TableRow, table=True):
    """A barrier to learning: a pupil, the barrier and proposed support, agreed next steps."""

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="progressmeeting.id", ondelete="CASCADE", index=True)
    pupil_id: int | None = Field(default=None, foreign_key="pupil.id", ondelete="SET NULL")
    barrier: str = Field(default="", sa_column=Column(Text, nullable=False))
    next_steps: str = Field(default="", sa_column=Column(Text, nullable=False))


class MeetingTargeted(TableRow, table=True):
    """Targeted support: an area of development, several pupils, comments."""

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="progressmeeting.id", ondelete="CASCADE", index=True)
    area_code: str | None = Field(default=None, max_length=3)
    comments: str = Field(default="", sa_column=Column(Text, nullable=False))


class MeetingTargetedPupil(TableRow, table=True):
    """A pupil named in a targeted-support row."""

    targeted_id: int = Field(foreign_key="meetingtargeted.id", ondelete="CASCADE", primary_key=True)
    pupil_id: int = Field(foreign_key="pupil.id", ondelete="CASCADE", primary_key=True)


class MeetingGroup(TableRow, table=True):
    """A specific group causing concern: an area of development, the group's name, comments."""

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="progressmeeting.id", ondelete="CASCADE", index=True)
    area_code: str | None = Field(default=None, max_length=3)
    group_name: str = Field(default="", max_length=120)
    comments: str = Field(default="", sa_column=Column(Text, nullable=False))
