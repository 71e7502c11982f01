"""Maintenance — Discussion Areas: the question templates offered to new progress meetings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from store.core.access import Actor, PermissionDenied, Role
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound
from store.core.models_meetings import COHORT, DiscussionDefaults, DiscussionTemplate
from store.core.typed_text import clean_typed
from store.curriculum.dates import academic_year_of
from store.meetings.record import trail_name

MAX_DESCRIPTION = 1000
MAX_SORT_ORDER = 9999

DEFAULT_QUESTIONS: tuple[str, ...] = (
    "Are there areas of learning that are causing concern with a significant number of children "
    "assessed as working 'below'?",
    "Which children are assessed as working 'below' and causing concern?",
    "Are there any areas of learning that are performing better than expected?",
    "Has there been any additional support/intervention used during the last term that has "
    "impacted on children's learning?",
    "Are there any specific children who have not made progress since the last school based "
    "assessment?",
    "Are there any children that need to be supported to ensure achievement of Good Level of "
    "Development (GLD)?",
    "General comments",
)
"""The user guide's seven questions: every establishment starts with these."""


@dataclass(frozen=True)
class TemplateInfo:
    id: int
    description: str
    sort_order: int
    discussion_type: str
    start_date: date
    end_date: date | None

    def is_live(self, today: date) -> bool:
        """Offered to new meetings: start <= today <= end (no end date: from start on)."""
        return self.start_date <= today and (self.end_date is None or today <= self.end_date)


def _info(row: DiscussionTemplate) -> TemplateInfo:
    assert row.id is not None
    return TemplateInfo(
        row.id, row.description, row.sort_order, row.discussion_type, row.start_date, row.end_date
    )


def _may_change(actor: Actor, establishment_id: int) -> None:
    actor.require_establishment(establishment_id)
    if actor.role is Role.USER:
        raise PermissionDenied(
            "Only a manager or the support team can change the discussion areas."
        )


def ensure_defaults(db: Database, actor: Actor, establishment_id: int, today: date) -> bool:
    """Give the establishment the guide's seven questions, once; True when they were added now.

    They start on 1 September of today's academic year, so they are live at once. Called when
    the templates or a new meeting are first needed, which covers new and existing schools.
    """
    actor.require_establishment(establishment_id)
    with db.read() as session:
        if session.get(DiscussionDefaults, establishment_id) is not None:
            return False
    start = date(academic_year_of(today), 9, 1)
    try:
        with db.write() as session:
            if session.get(DiscussionDefaults, establishment_id) is not None:
                return False
            session.add(DiscussionDefaults(establishment_id=establishment_id, created_on=today))
            for order, question in enumerate(DEFAULT_QUESTIONS, start=1):
                session.add(
                    DiscussionTemplate(
                        establishment_id=establishment_id,
                        description=question,
                        sort_order=order,
                        discussion_type=COHORT,
                        start_date=start,
                    )
                )
            record(
                session,
                actor,
                [
                    AuditRecord(
                        "add default discussion areas",
                        establishment_id,
                        target=f"{len(DEFAULT_QUESTIONS)} questions",
                        new_value=f"from {start:%d/%m/%Y}",
                    )
                ],
            )
    except IntegrityError:
        return False  # a colleague's session added them a moment ago
    return True


def select_templates(session: Session, establishment_id: int) -> list[TemplateInfo]:
    rows = session.scalars(
        select(DiscussionTemplate)
        .where(col(DiscussionTemplate.establishment_id) == establishment_id)
        .order_by(col(DiscussionTemplate.sort_order), col(DiscussionTemplate.id))
    )
    return [_info(row) for row in rows]


def list_templates(
    db: Database, actor: Actor, establishment_id: int, today: date
) -> list[TemplateInfo]:
    """Every template of the establishment in sort order, live or not (defaults added once)."""
    ensure_defaults(db, actor, establishment_id, today)
    with db.read() as session:
        return select_templates(session, establishment_id)


def live_templates(session: Session, establishment_id: int, today: date) -> list[TemplateInfo]:
    """The templates a meeting created today is given, in sort order."""
    return [t for t in select_templates(session, establishment_id) if t.is_live(today)]


def _checked(
    description: str, sort_order: int, start_date: date, end_date: date | None
) -> tuple[str, int, date, date | None]:
    description = clean_typed(description).strip()
    if not description:
        raise InvalidInput("Write the question in Description.", field="description")
    if len(description) > MAX_DESCRIPTION:
        raise InvalidInput(
            f"The description can be at most {MAX_DESCRIPTION} characters "
            f"({len(description)} given).",
            field="description",
        )
    if not 0 <= sort_order <= MAX_SORT_ORDER:
        raise InvalidInput(
            f"Sort order is a whole number from 0 to {MAX_SORT_ORDER}, not {sort_order}.",
            field="sort_order",
        )
    if end_date is not None and end_date < start_date:
        raise InvalidInput(
            f"The end date {end_date:%d/%m/%Y} is before the start date {start_date:%d/%m/%Y}.",
            field="end_date",
        )
    return description, sort_order, start_date, end_date


def _describe(info: TemplateInfo) -> str:
    end = f" to {info.end_date:%d/%m/%Y}" if info.end_date else ""
    return f"{info.sort_order}. {info.description} (from {info.start_date:%d/%m/%Y}{end})"


def create_template(
    db: Database,
    actor: Actor,
    establishment_id: int,
    description: str,
    sort_order: int,
    start_date: date,
    end_date: date | None = None,
) -> TemplateInfo:
    """Add a question for new meetings.

    Raises:
        PermissionDenied: a school user, or another establishment.
        InvalidInput: blank or long description, sort order out of range, end before start.
    """
    _may_change(actor, establishment_id)
    values = _checked(description, sort_order, start_date, end_date)
    with db.write() as session:
        row = DiscussionTemplate(
            establishment_id=establishment_id,
            description=values[0],
            sort_order=values[1],
            discussion_type=COHORT,
            start_date=values[2],
            end_date=values[3],
        )
        session.add(row)
        session.flush()
        info = _info(row)
        record(
            session,
            actor,
            [
                AuditRecord(
                    "add discussion area",
                    establishment_id,
                    target=trail_name(info.description),
                    new_value=_describe(info),
                )
            ],
        )
        return info


def _own(session: Session, establishment_id: int, template_id: int) -> DiscussionTemplate:
    row = session.get(DiscussionTemplate, template_id)
    if row is None or row.establishment_id != establishment_id:
        raise NotFound("That discussion area no longer exists; the list has been refreshed.")
    return row


def update_template(
    db: Database,
    actor: Actor,
    establishment_id: int,
    template_id: int,
    description: str,
    sort_order: int,
    start_date: date,
    end_date: date | None = None,
) -> TemplateInfo:
    """Change a template; meetings already held keep the question as they had it."""
    _may_change(actor, establishment_id)
    values = _checked(description, sort_order, start_date, end_date)
    with db.write() as session:
        row = _own(session, establishment_id, template_id)
        old = _describe(_info(row))
        name = trail_name(row.description)  # the question as it read before the change
        row.description, row.sort_order, row.start_date, row.end_date = values
        session.add(row)
        info = _info(row)
        record(
            session,
            actor,
            [
                AuditRecord(
                    "edit discussion area",
                    establishment_id,
                    target=name,
                    old_value=old,
                    new_value=_describe(info),
                )
            ],
        )
        return info


def delete_template(db: Database, actor: Actor, establishment_id: int, template_id: int) -> None:
    """Remove a template; meetings that used it keep their copy of the question."""
    _may_change(actor, establishment_id)
    with db.write() as session:
        row = _own(session, establishment_id, template_id)
        old = _describe(_info(row))
        name = trail_name(row.description)
        session.delete(row)
        record(
            session,
            actor,
            [
                AuditRecord(
                    "delete discussion area",
                    establishment_id,
                    target=name,
                    old_value=old,
                )
            ],
        )
