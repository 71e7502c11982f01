"""News from the support team: everyone reads what is live; only support adds, edits and retires."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlalchemy import or_, select
from sqlmodel import col

from store.core.access import Actor, PermissionDenied, Role
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound
from store.core.models_news import NewsItem
from store.core.typed_text import clean_typed, one_line

MAX_TITLE = 100
MAX_TEXT = 2000


@dataclass(frozen=True)
class News:
    """A news item as screens show it."""

    id: int
    title: str
    text: str
    show_from: date
    retire_on: date | None
    posted_by: str

    def status(self, today: date) -> str:
        """ "live", "from dd/mm/yyyy" (not yet shown) or "retired"."""
        if self.retire_on is not None and self.retire_on <= today:
            return "retired"
        if self.show_from > today:
            return f"from {self.show_from:%d/%m/%Y}"
        return "live"


def _news(row: NewsItem) -> News:
    assert row.id is not None
    return News(row.id, row.title, row.text, row.show_from, row.retire_on, row.posted_by)


def _require_support(actor: Actor) -> None:
    if actor.role is not Role.SUPPORT:
        raise PermissionDenied("Only the support team can post and change news.")


def _checked(title: str, text: str, show_from: date, retire_on: date | None) -> tuple[str, str]:
    title = one_line(title)
    text = clean_typed(text, multiline=True).strip()
    if not title:
        raise InvalidInput("Give the news item a title.", field="title")
    if len(title) > MAX_TITLE:
        raise InvalidInput(
            f"A title can be at most {MAX_TITLE} characters ({len(title)} given).", field="title"
        )
    if not text:
        raise InvalidInput("Write the news itself: the text is empty.", field="text")
    if len(text) > MAX_TEXT:
        raise InvalidInput(
            f"The text can be at most {MAX_TEXT} characters ({len(text)} given).", field="text"
        )
    if retire_on is not None and retire_on <= show_from:
        raise InvalidInput(
            f"The retire date must be after the from date ({show_from:%d/%m/%Y}), or left blank.",
            field="retire_on",
        )
    return title, text


def _span(show_from: date, retire_on: date | None) -> str:
    until = f" until {retire_on:%d/%m/%Y}" if retire_on is not None else ""
    return f"from {show_from:%d/%m/%Y}{until}"


def live_news(db: Database, actor: Actor, today: date) -> list[News]:
    """The news everyone sees today, newest first: shown from on or before today, not retired."""
    del actor  # everyone signed in may read the news
    with db.read() as session:
        rows = session.scalars(
            select(NewsItem)
            .where(
                col(NewsItem.show_from) <= today,
                or_(col(NewsItem.retire_on) == None, col(NewsItem.retire_on) > today),  # noqa: E711
            )
            .order_by(col(NewsItem.show_from).desc(), col(NewsItem.id).desc())
        ).all()
        return [_news(row) for row in rows]


def all_news(db: Database, actor: Actor) -> list[News]:
    """Every item, retired and future ones too, newest first (support only)."""
    _require_support(actor)
    with db.read() as session:
        rows = session.scalars(
            select(NewsItem).order_by(col(NewsItem.show_from).desc(), col(NewsItem.id).desc())
        ).all()
        return [_news(row) for row in rows]


def add_news(
    db: Database,
    actor: Actor,
    title: str,
    text: str,
    show_from: date,
    retire_on: date | None = None,
) -> News:
    """Post a news item (support only).

    Raises:
        PermissionDenied: not support. InvalidInput: blank or long title or text, or a retire
            date not after the from date.
    """
    _require_support(actor)
    title, text = _checked(title, text, show_from, retire_on)
    with db.write() as session:
        row = NewsItem(
            title=title,
            text=text,
            show_from=show_from,
            retire_on=retire_on,
            posted_by=actor.username,
            posted_at=datetime.now(timezone.utc),
        )
        session.add(row)
        session.flush()
        record(
            session,
            actor,
            [AuditRecord("add news", None, target=title, new_value=_span(show_from, retire_on))],
        )
        return _news(row)


def edit_news(
    db: Database,
    actor: Actor,
    news_id: int,
    title: str,
    text: str,
    show_from: date,
    retire_on: date | None,
) -> News:
    """Change a news item (support only); the audit trail gets what changed.

    Raises:
        PermissionDenied, NotFound, InvalidInput: nothing is changed.
    """
    _require_support(actor)
    title, text = _checked(title, text, show_from, retire_on)
    with db.write() as session:
        row = session.get(NewsItem, news_id)
        if row is None:
            raise NotFound("That news item no longer exists.")
        audits = []
        if row.title != title:
            audits.append(AuditRecord("edit news", None, None, "title", row.title, title))
        if row.text != text:
            audits.append(AuditRecord("edit news", None, None, f"{title} / text", row.text, text))
        old_span, new_span = _span(row.show_from, row.retire_on), _span(show_from, retire_on)
        if old_span != new_span:
            audits.append(
                AuditRecord("edit news", None, None, f"{title} / dates", old_span, new_span)
            )
        if audits:
            row.title, row.text, row.show_from, row.retire_on = title, text, show_from, retire_on
            row.edited_by, row.edited_at = actor.username, datetime.now(timezone.utc)
            session.add(row)
            record(session, actor, audits)
        return _news(row)


def retire_news(db: Database, actor: Actor, news_id: int, today: date) -> News:
    """Take a news item off everyone's home screen from today (support only).

    Raises:
        PermissionDenied, NotFound; InvalidInput: it is already retired.
    """
    _require_support(actor)
    with db.write() as session:
        row = session.get(NewsItem, news_id)
        if row is None:
            raise NotFound("That news item no longer exists.")
        if row.retire_on is not None and row.retire_on <= today:
            raise InvalidInput(f"{row.title} was already retired on {row.retire_on:%d/%m/%Y}.")
        old_span = _span(row.show_from, row.retire_on)
        row.retire_on = today
        row.edited_by, row.edited_at = actor.username, datetime.now(timezone.utc)
        session.add(row)
        record(
            session,
            actor,
            [
                AuditRecord(
                    "retire news", None, None, row.title, old_span, _span(row.show_from, today)
                )
            ],
        )
        return _news(row)
