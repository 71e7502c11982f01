"""Failures against unknown usernames: expired rows are pruned, and pruning changes no answer."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from store.accounts.lockout import (
    FAILURES_FORGOTTEN_AFTER,
    LOCK_AFTER_FAILURES,
    LOCK_DURATION,
    forget_old_failures,
    prune_unknown_names,
    throttle_key,
    unknown_name_counter,
)
from store.accounts.sessions import end_session
from store.accounts.settings import SecuritySettings
from store.accounts.sign_in import start_sign_in
from store.accounts.sign_in_steps import Refused
from store.core.access import Role
from store.core.db import Database
from store.core.models import SignInThrottle
from tests.store.accounts_helpers import (
    SOURCE,
    T0,
    Person,
    account,
    add,
    cheap_hashing,
    first_sign_in,
    school,
)

WRONG = "Not-The-One-99!"
# Past the longest delay, so every try is checked and counted.
APART = timedelta(seconds=31)


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> PasswordHasher:
    return cheap_hashing(monkeypatch)


@pytest.fixture
def settings(tmp_path: Path) -> SecuritySettings:
    return SecuritySettings(key_file=tmp_path / "keys" / "secret.key")


@pytest.fixture
def clerk(database: Database, settings: SecuritySettings) -> Person:
    issued = add(database, "clerk", Role.USER, school(database).id, settings=settings)
    person, signed_in = first_sign_in(database, issued, settings)
    end_session(database, signed_in.session_id, T0)
    return person


def wrong(database: Database, name: str, now: datetime, settings: SecuritySettings) -> Refused:
    step = start_sign_in(database, name, WRONG, source=SOURCE, now=now, settings=settings)
    assert isinstance(step, Refused)
    return step


def throttled(database: Database) -> dict[str, int]:
    """The unknown usernames with a row, and their counts."""
    with database.read() as session:
        return {
            row.username: row.failed_sign_ins for row in session.scalars(select(SignInThrottle))
        }


def row_count(database: Database) -> int:
    with database.read() as session:
        return int(session.scalar(select(func.count()).select_from(SignInThrottle)) or 0)


def test_a_scan_of_made_up_usernames_does_not_grow_the_table_for_ever(
    database: Database, settings: SecuritySettings
) -> None:
    day_one = [T0 + index * timedelta(minutes=7) for index in range(20)]
    for index, moment in enumerate(day_one):
        wrong(database, f"made.up.{index}", moment, settings)
    assert row_count(database) == 20  # each still counts for a day
    next_day = day_one[-1] + FAILURES_FORGOTTEN_AFTER + timedelta(seconds=1)
    for index in range(5):
        wrong(database, f"second.scan.{index}", next_day + index * APART, settings)
    assert sorted(throttled(database)) == [f"second.scan.{index}" for index in range(5)]


def test_rows_still_counting_are_kept_and_still_delay(
    database: Database, settings: SecuritySettings, clerk: Person
) -> None:
    moments = [T0 + index * APART for index in range(5)]
    for moment in moments:
        wrong(database, "ghost", moment, settings)
        wrong(database, clerk.username, moment, settings)
    # Nearly a day later another made-up name prunes nothing that still counts.
    almost = moments[-1] + FAILURES_FORGOTTEN_AFTER - timedelta(minutes=1)
    wrong(database, "someone.else", almost, settings)
    assert throttled(database) == {"ghost": 5, "someone.else": 1}
    # The sixth failure of each is delayed alike.
    sixth = almost + timedelta(seconds=30)
    assert wrong(database, "ghost", sixth, settings) == wrong(
        database, clerk.username, sixth, settings
    )
    assert wrong(database, "ghost", sixth, settings).delay_seconds > 0


def test_a_day_without_failures_ends_the_run_for_accounts_and_unknown_names_alike(
    database: Database, settings: SecuritySettings, clerk: Person
) -> None:
    for index in range(5):
        moment = T0 + index * APART
        wrong(database, "ghost", moment, settings)
        wrong(database, clerk.username, moment, settings)
    assert account(database, clerk.username).failed_sign_ins == 5
    later = T0 + 4 * APART + FAILURES_FORGOTTEN_AFTER
    answers = [wrong(database, name, later, settings) for name in ("ghost", clerk.username)]
    assert answers[0] == answers[1] and answers[0].delay_seconds == 0
    assert account(database, clerk.username).failed_sign_ins == 1
    assert throttled(database) == {"ghost": 1}  # the old row went; this failure made a new one


def test_a_lock_that_has_run_out_is_pruned(
    database: Database, settings: SecuritySettings, clerk: Person
) -> None:
    moments = [T0 + index * APART for index in range(LOCK_AFTER_FAILURES)]
    for moment in moments:
        ghost = wrong(database, "ghost", moment, settings)
        real = wrong(database, clerk.username, moment, settings)
        assert ghost == real
    assert ghost.locked_until == moments[-1] + LOCK_DURATION
    while_locked = moments[-1] + LOCK_DURATION - timedelta(minutes=1)
    wrong(database, "other.ghost", while_locked, settings)
    assert set(throttled(database)) == {"ghost", "other.ghost"}  # the lock still holds
    after = moments[-1] + LOCK_DURATION + timedelta(seconds=1)
    wrong(database, "third.ghost", after, settings)
    assert set(throttled(database)) == {"other.ghost", "third.ghost"}
    # And the ghost answers as the real account whose lock ran out: one failure, no delay.
    assert wrong(database, "ghost", after, settings) == wrong(
        database, clerk.username, after, settings
    )
    assert throttled(database)["ghost"] == account(database, clerk.username).failed_sign_ins == 1


def test_pruning_skips_nothing_it_should_delete_and_nothing_it_should_keep(
    database: Database,
) -> None:
    now = T0 + timedelta(days=2)
    rows = {
        "never.failed": SignInThrottle(username="never.failed"),
        "old.failures": SignInThrottle(
            username="old.failures", failed_sign_ins=4, last_failure_at=now - timedelta(days=1)
        ),
        "recent": SignInThrottle(
            username="recent", failed_sign_ins=4, last_failure_at=now - timedelta(hours=23)
        ),
        "lock.over": SignInThrottle(
            username="lock.over",
            failed_sign_ins=10,
            last_failure_at=now - timedelta(minutes=31),
            locked_until=now - timedelta(minutes=1),
        ),
        "locked": SignInThrottle(
            username="locked",
            failed_sign_ins=10,
            last_failure_at=now - timedelta(minutes=29),
            locked_until=now + timedelta(minutes=1),
        ),
    }
    with database.write() as session:
        session.add_all(rows.values())
    with database.write() as session:
        assert prune_unknown_names(session, now) == 3
    assert throttled(database) == {"recent": 4, "locked": 10}
    with database.write() as session:
        counter = unknown_name_counter(session, "New.Name ", create=True, now=now)
        assert counter is not None and counter.username == throttle_key("new.name")
    assert set(throttled(database)) == {"recent", "locked", "new.name"}


def test_forgetting_leaves_a_live_lock_alone() -> None:
    row = SignInThrottle(
        username="x",
        failed_sign_ins=10,
        last_failure_at=T0 - FAILURES_FORGOTTEN_AFTER,
        locked_until=T0 + timedelta(minutes=1),
    )
    forget_old_failures(row, T0)
    assert row.failed_sign_ins == 10 and row.locked_until is not None
    forget_old_failures(row, T0 + timedelta(minutes=1))
    assert row.failed_sign_ins == 0 and row.locked_until is None
