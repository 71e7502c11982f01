"""Audit rows carry the caller's clock: sign-in, sessions, account actions and locks."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select
from sqlmodel import col

from store.accounts.actions import unlock_account
from store.accounts.lockout import LOCK_AFTER_FAILURES
from store.accounts.reauth import SERVER_ADMINISTRATOR, ReauthenticationFailed, confirm_password
from store.accounts.sessions import end_session
from store.accounts.settings import SecuritySettings
from store.accounts.sign_in import start_sign_in
from store.accounts.sign_in_steps import Refused
from store.core.access import Actor, Role
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.models import AuditEntry
from tests.store.accounts_helpers import (
    SOURCE,
    SUPPORT,
    T0,
    account,
    add,
    cheap_hashing,
    first_sign_in,
    school,
)

# Far from the real time (and from T0), so a row written at "now" could never pass for it.
LATER = T0 + timedelta(hours=50, minutes=7)


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> PasswordHasher:
    return cheap_hashing(monkeypatch)


@pytest.fixture
def settings(tmp_path: Path) -> SecuritySettings:
    return SecuritySettings(key_file=tmp_path / "keys" / "secret.key")


def rows(database: Database, action: str) -> list[AuditEntry]:
    with database.read() as session:
        query = select(AuditEntry).where(col(AuditEntry.action) == action)
        found = list(session.scalars(query.order_by(col(AuditEntry.id))))
        for row in found:
            session.expunge(row)
        return found


def utc(moment: datetime) -> datetime:
    """A stored time in UTC (SQLite hands back the naive UTC it was given)."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


def times(database: Database, action: str) -> list[datetime]:
    return [utc(row.at) for row in rows(database, action)]


def test_record_writes_at_the_moment_given(database: Database) -> None:
    actor = Actor("clerk", Role.USER, None, "test")
    with database.write() as session:
        record(session, actor, [AuditRecord("given", None)], at=T0)
        record(session, actor, [AuditRecord("in paris", None)], at=T0.astimezone())
    before = datetime.now(timezone.utc)
    with database.write() as session:
        record(session, actor, [AuditRecord("default", None)])
    after = datetime.now(timezone.utc)
    assert times(database, "given") == [T0]
    assert times(database, "in paris") == [T0]
    (default,) = times(database, "default")
    assert before - timedelta(seconds=1) <= default <= after + timedelta(seconds=1)


def test_record_refuses_a_naive_moment(database: Database) -> None:
    actor = Actor("clerk", Role.USER, None, "test")
    with pytest.raises(ValueError, match="aware"), database.write() as session:
        record(session, actor, [AuditRecord("naive", None)], at=datetime(2025, 11, 3, 9, 0))
    assert rows(database, "naive") == []


def test_sign_in_and_its_session_are_audited_at_the_clock_of_each_step(
    database: Database, settings: SecuritySettings
) -> None:
    issued = add(database, "clerk", Role.USER, school(database).id, now=T0, settings=settings)
    assert times(database, "create account") == [T0]
    person, signed_in = first_sign_in(database, issued, settings, now=LATER)
    assert times(database, "change own password") == [LATER]
    assert times(database, "set security code") == [LATER]
    assert times(database, "sign in") == [LATER]
    ended = LATER + timedelta(minutes=20)
    end_session(database, signed_in.session_id, ended)
    assert times(database, "sign out") == [ended]
    failed = LATER + timedelta(hours=1)
    refused = start_sign_in(
        database, person.username, "Not-The-One-99!", source=SOURCE, now=failed, settings=settings
    )
    assert isinstance(refused, Refused)
    unknown = start_sign_in(
        database, "no.such.person", "Whatever-12!", source=SOURCE, now=failed, settings=settings
    )
    assert isinstance(unknown, Refused)
    assert times(database, "sign-in failed") == [failed, failed]


def test_a_lock_and_the_unlock_are_audited_at_the_clock(
    database: Database, settings: SecuritySettings
) -> None:
    issued = add(database, "clerk", Role.USER, school(database).id, now=T0, settings=settings)
    person, signed_in = first_sign_in(database, issued, settings, now=T0)
    end_session(database, signed_in.session_id, T0)
    moments = [LATER + timedelta(minutes=minute) for minute in range(LOCK_AFTER_FAILURES)]
    for moment in moments:
        step = start_sign_in(
            database,
            person.username,
            "Not-The-One-99!",
            source=SOURCE,
            now=moment,
            settings=settings,
        )
        assert isinstance(step, Refused)
    failures = rows(database, "sign-in failed")
    assert [utc(row.at) for row in failures] == moments
    assert "locked until" in (failures[-1].new_value or "")
    unlocked = moments[-1] + timedelta(minutes=5)
    unlock_account(database, SUPPORT, SERVER_ADMINISTRATOR, person.username, now=unlocked)
    assert times(database, "unlock account") == [unlocked]


def test_a_failed_password_check_is_audited_at_the_clock(
    database: Database, settings: SecuritySettings
) -> None:
    issued = add(database, "clerk", Role.USER, school(database).id, now=T0, settings=settings)
    person, _ = first_sign_in(database, issued, settings, now=T0)
    actor = Actor(person.username, Role.USER, account(database, "clerk").establishment_id, SOURCE)
    with pytest.raises(ReauthenticationFailed):
        confirm_password(database, actor, "Not-The-One-99!", now=LATER)
    assert times(database, "password check failed") == [LATER]
