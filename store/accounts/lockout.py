"""Failed sign-ins: the delay after 3 in a row, the 30-minute lock after 10, and their expiry.

The same rules count an account's failures and an unknown username's (SignInThrottle), so the two
cannot be told apart by how they are delayed or locked. A run of failures ends when its lock runs
out or after FAILURES_FORGOTTEN_AFTER without another; an unknown username's row is then worth
nothing and is deleted, so a scan of made-up usernames cannot grow the table without bound.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import and_, delete, or_, select
from sqlmodel import Session, col

from store.accounts.settings import clock_time
from store.accounts.sign_in_steps import Refused
from store.core.db import dialect_insert
from store.core.models import Account, SignInThrottle
from store.core.words import plural

DELAY_AFTER_FAILURES = 3
LOCK_AFTER_FAILURES = 10
LOCK_DURATION = timedelta(minutes=30)
MAX_DELAY_SECONDS = 30
# Far longer than the lock: spreading guesses out to dodge the lock buys fewer of them a day.
FAILURES_FORGOTTEN_AFTER = timedelta(hours=24)
PRUNE_BATCH = 500
FAILED_MESSAGE = "Sign-in failed: check your username and password."
MAX_USERNAME = 60


class FailureCounter(Protocol):
    failed_sign_ins: int
    next_attempt_at: datetime | None
    locked_until: datetime | None
    last_failure_at: datetime | None
    last_failure_source: str | None


def delay_after(failures: int) -> int:
    """Seconds to wait before the next try after `failures` in a row: 1, 2, 4 ... up to 30."""
    if failures < DELAY_AFTER_FAILURES:
        return 0
    return int(min(2 ** (failures - DELAY_AFTER_FAILURES), MAX_DELAY_SECONDS))


def is_locked(counter: FailureCounter, now: datetime) -> bool:
    return counter.locked_until is not None and now < counter.locked_until


def locked_message(until: datetime) -> str:
    return (
        f"Too many failed sign-ins: try again after {clock_time(until)}, "
        "or ask the support team to unlock the account."
    )


def lift_expired_lock(counter: FailureCounter, now: datetime) -> None:
    """Once a lock has run out, the count starts again from nothing."""
    if counter.locked_until is not None and now >= counter.locked_until:
        counter.failed_sign_ins = 0
        counter.locked_until = None
        counter.next_attempt_at = None


def forget_old_failures(counter: FailureCounter, now: datetime) -> None:
    """End a run of failures whose lock has run out, or whose last failure is a day old."""
    lift_expired_lock(counter, now)
    last = counter.last_failure_at
    if counter.locked_until is None and last is not None and now - last >= FAILURES_FORGOTTEN_AFTER:
        counter.failed_sign_ins = 0
        counter.next_attempt_at = None


def hold_back(counter: FailureCounter | None, now: datetime) -> Refused | None:
    """A refusal if this try comes while locked or before the delay is over (no check is made)."""
    if counter is None:
        return None
    if counter.locked_until is not None and now < counter.locked_until:
        return Refused(locked_message(counter.locked_until), locked_until=counter.locked_until)
    if counter.next_attempt_at is not None and now < counter.next_attempt_at:
        wait = max(1, int((counter.next_attempt_at - now).total_seconds() + 0.999))
        seconds = plural(wait, "second")
        return Refused(f"Too many failed sign-ins: wait {seconds} and try again.", wait)
    return None


def count_failure(
    counter: FailureCounter, now: datetime, source: str, message: str = FAILED_MESSAGE
) -> Refused:
    """Add one failure; the refusal carries the delay, or the lock when this was the 10th."""
    forget_old_failures(counter, now)
    counter.failed_sign_ins += 1
    counter.last_failure_at = now
    counter.last_failure_source = source[:80]
    if counter.failed_sign_ins >= LOCK_AFTER_FAILURES:
        counter.locked_until = now + LOCK_DURATION
        counter.next_attempt_at = None
        return Refused(locked_message(counter.locked_until), locked_until=counter.locked_until)
    delay = delay_after(counter.failed_sign_ins)
    counter.next_attempt_at = now + timedelta(seconds=delay) if delay else None
    return Refused(message, delay)


def clear_failures(counter: FailureCounter) -> None:
    counter.failed_sign_ins = 0
    counter.next_attempt_at = None
    counter.locked_until = None


def throttle_key(username: str) -> str:
    return username.strip().lower()[:MAX_USERNAME]


def unknown_name_counter(
    session: Session, username: str, create: bool = False, now: datetime | None = None
) -> SignInThrottle | None:
    """The failure count kept for a username that has no account.

    With `create`, the row is made if missing, after every row that has expired by `now` (its
    lock over, or its last failure FAILURES_FORGOTTEN_AFTER ago) is deleted.
    """
    key = throttle_key(username)
    if create:
        if now is not None:
            prune_unknown_names(session, now)
        # Two sign-ins with the same unknown name at once must not both insert its row.
        insert = dialect_insert(session)
        session.execute(insert(SignInThrottle).values(username=key).on_conflict_do_nothing())
    return session.get(SignInThrottle, key, with_for_update=create, populate_existing=create)


def prune_unknown_names(session: Session, now: datetime) -> int:
    """Delete the unknown usernames' rows that no longer count for anything; how many.

    Such a row is treated exactly as no row at all (see forget_old_failures), so deleting it
    changes no answer: an unknown name still cannot be told from a real one by its delays.
    """
    lock = col(SignInThrottle.locked_until)
    last = col(SignInThrottle.last_failure_at)
    expired = or_(
        and_(lock.is_not(None), lock <= now),
        and_(lock.is_(None), or_(last.is_(None), last <= now - FAILURES_FORGOTTEN_AFTER)),
    )
    # A batch at a time (each failure adds one row at most, so pruning keeps up), skipping rows
    # another sign-in has locked (PostgreSQL), so two sign-ins never wait for each other here.
    batch = (
        select(col(SignInThrottle.username))
        .where(expired)
        .limit(PRUNE_BATCH)
        .with_for_update(skip_locked=True)
    )
    names = list(session.scalars(batch))
    if names:
        session.execute(delete(SignInThrottle).where(col(SignInThrottle.username).in_(names)))
    return len(names)


def unlock(account: Account) -> None:
    """Support's unlock: the lock and the count go, the history of failures stays."""
    clear_failures(account)
