"""Store tests of the support team's news: who may write, what is live when, and the audit trail."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import col

from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound
from store.core.models import AuditEntry
from store.establishments import news

SUPPORT = Actor("support.tester", Role.SUPPORT, None)
HEAD = Actor("head", Role.MANAGER, 1)
CLERK = Actor("clerk", Role.USER, 1)
TODAY = date(2025, 9, 8)


def audit(database: Database) -> list[tuple[str, str, str, str | None, str | None]]:
    with database.read() as session:
        rows = session.scalars(select(AuditEntry).order_by(col(AuditEntry.id))).all()
        return [(r.actor, r.action, r.target, r.old_value, r.new_value) for r in rows]


def test_support_posts_and_everyone_reads_what_is_live(database: Database) -> None:
    rolled = news.add_news(
        database, SUPPORT, "  Roll-forward  done ", "Pupils moved up.\n", date(2025, 9, 1)
    )
    assert (rolled.title, rolled.text, rolled.posted_by) == (
        "Roll-forward done",
        "Pupils moved up.",
        "support.tester",
    )
    news.add_news(database, SUPPORT, "Training", "Book now.", date(2025, 9, 5), date(2025, 9, 8))
    news.add_news(database, SUPPORT, "Spring", "Later.", date(2025, 9, 9))
    latest = news.add_news(database, SUPPORT, "KLIPS", "New edition.", date(2025, 9, 7))
    for reader in (CLERK, HEAD, SUPPORT):
        assert [item.title for item in news.live_news(database, reader, TODAY)] == [
            "KLIPS",
            "Roll-forward done",
        ]
    # Training came off on its retire date; Spring starts tomorrow.
    assert [i.title for i in news.live_news(database, CLERK, date(2025, 9, 7))] == [
        "KLIPS",
        "Training",
        "Roll-forward done",
    ]
    assert news.live_news(database, CLERK, date(2025, 9, 9))[0].title == "Spring"
    statuses = {i.title: i.status(TODAY) for i in news.all_news(database, SUPPORT)}
    assert statuses == {
        "Spring": "from 09/09/2025",
        "KLIPS": "live",
        "Training": "retired",
        "Roll-forward done": "live",
    }
    assert latest.id in {i.id for i in news.all_news(database, SUPPORT)}
    assert audit(database)[0] == (
        "support.tester",
        "add news",
        "Roll-forward done",
        None,
        "from 01/09/2025",
    )


@pytest.mark.parametrize("actor", [HEAD, CLERK], ids=["manager", "user"])
def test_only_support_writes_news(database: Database, actor: Actor) -> None:
    item = news.add_news(database, SUPPORT, "Title", "Text", TODAY)
    before = audit(database)
    with pytest.raises(PermissionDenied, match="support team"):
        news.add_news(database, actor, "Mine", "Text", TODAY)
    with pytest.raises(PermissionDenied):
        news.edit_news(database, actor, item.id, "Changed", "Text", TODAY, None)
    with pytest.raises(PermissionDenied):
        news.retire_news(database, actor, item.id, TODAY)
    with pytest.raises(PermissionDenied):
        news.all_news(database, actor)
    assert [i.title for i in news.live_news(database, actor, TODAY)] == ["Title"]
    assert audit(database) == before


@pytest.mark.parametrize(
    ("title", "text", "retire_on", "message"),
    [
        ("  ", "Text", None, "title"),
        ("T" * 101, "Text", None, "at most 100"),
        ("Title", " \n ", None, "text is empty"),
        ("Title", "x" * 2001, None, "at most 2000"),
        ("Title", "Text", TODAY, "after the from date"),
    ],
)
def test_bad_news_is_refused_with_a_reason(
    database: Database, title: str, text: str, retire_on: date | None, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        news.add_news(database, SUPPORT, title, text, TODAY, retire_on)
    assert news.all_news(database, SUPPORT) == []
    assert audit(database) == []


def test_editing_is_audited_field_by_field(database: Database) -> None:
    item = news.add_news(database, SUPPORT, "Title", "Old text", date(2025, 9, 1))
    edited = news.edit_news(
        database, SUPPORT, item.id, "New title", "New text", date(2025, 9, 2), date(2025, 10, 1)
    )
    assert (edited.title, edited.text, edited.show_from, edited.retire_on) == (
        "New title",
        "New text",
        date(2025, 9, 2),
        date(2025, 10, 1),
    )
    assert audit(database)[1:] == [
        ("support.tester", "edit news", "title", "Title", "New title"),
        ("support.tester", "edit news", "New title / text", "Old text", "New text"),
        (
            "support.tester",
            "edit news",
            "New title / dates",
            "from 01/09/2025",
            "from 02/09/2025 until 01/10/2025",
        ),
    ]
    news.edit_news(
        database, SUPPORT, item.id, "New title", "New text", date(2025, 9, 2), date(2025, 10, 1)
    )
    assert len(audit(database)) == 4  # nothing changed, nothing written
    with pytest.raises(NotFound):
        news.edit_news(database, SUPPORT, item.id + 1, "X", "Y", TODAY, None)


def test_retiring_takes_it_off_from_today(database: Database) -> None:
    item = news.add_news(database, SUPPORT, "Title", "Text", date(2025, 9, 1))
    retired = news.retire_news(database, SUPPORT, item.id, TODAY)
    assert retired.retire_on == TODAY
    assert news.live_news(database, CLERK, TODAY) == []
    assert news.live_news(database, CLERK, date(2025, 9, 7))[0].id == item.id
    assert audit(database)[-1] == (
        "support.tester",
        "retire news",
        "Title",
        "from 01/09/2025",
        "from 01/09/2025 until 08/09/2025",
    )
    with pytest.raises(InvalidInput, match="already retired"):
        news.retire_news(database, SUPPORT, item.id, TODAY)
