"""Signed-in sessions: key presses and heartbeats, the idle and 12-hour limits, and ending them.

The app calls `record_activity` on key presses and `heartbeat` every `heartbeat_interval`; both
answer with the session's status, so the app can warn at 55 minutes and leave when it has ended
(for whatever reason: idle, time limit, ended by support, replaced by a sign-in elsewhere).
A session whose heartbeats stopped (the app was killed, or its SSH connection dropped and no
SIGHUP arrived) is over once settings.dead_after has passed: the next sign-in of its owner ends it
without asking, and says when it stopped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from sqlalchemy import select
from sqlmodel import Session, col

from store.accounts.settings import DEFAULT_SETTINGS, SecuritySettings, clock_time, require_aware
from store.core.access import Actor, Role
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.errors import NotFound
from store.core.models import Account, LoginSession

# The end reasons, defined with their wording for people in store.core.session_check.
from store.core.session_check import IDLE as IDLE
from store.core.session_check import NO_HEARTBEAT as NO_HEARTBEAT
from store.core.session_check import TIME_LIMIT as TIME_LIMIT

# Key presses closer together than this update last_activity once: a write per key would
# contend with the judgements themselves for the write lock.
ACTIVITY_GRANULARITY = timedelta(seconds=15)

SIGNED_OUT = "signed out"
HANGUP = "connection closed"


class SessionState(str, Enum):
    LIVE = "live"
    WARNING = "warning"  # idle long enough to be warned: offer "Stay signed in" / "Sign out"
    ENDED = "ended"


@dataclass(frozen=True)
class SessionInfo:
    """One session, as the support console and the conflict prompt show it."""

    id: int
    account_id: int
    source: str
    started_at: datetime
    last_activity: datetime
    last_heartbeat: datetime
    ended_at: datetime | None
    end_reason: str | None


@dataclass(frozen=True)
class SessionStatus:
    """Where a session stands now; `signs_out_at` is when idleness or the time limit ends it."""

    state: SessionState
    signs_out_at: datetime
    reason: str | None = None

    @property
    def message(self) -> str:
        if self.state is SessionState.ENDED:
            return f"You have been signed out ({self.reason})."
        if self.state is SessionState.WARNING:
            return "You will be signed out soon: press a key or choose Stay signed in."
        return ""


def session_info(row: LoginSession) -> SessionInfo:
    assert row.id is not None
    assert row.started_at and row.last_activity and row.last_heartbeat
    return SessionInfo(
        row.id,
        row.account_id,
        row.source,
        row.started_at,
        row.last_activity,
        row.last_heartbeat,
        row.ended_at,
        row.end_reason,
    )


def _deadline(row: LoginSession, settings: SecuritySettings) -> datetime:
    assert row.started_at and row.last_activity
    return min(row.last_activity + settings.idle_limit, row.started_at + settings.absolute_limit)


def expiry_reason(row: LoginSession, now: datetime, settings: SecuritySettings) -> str | None:
    """Why the session is over at `now` (ended, idle, time limit, dead), or None if it is live."""
    assert row.started_at and row.last_activity and row.last_heartbeat
    if row.ended_at is not None:
        return row.end_reason or SIGNED_OUT
    if now >= row.started_at + settings.absolute_limit:
        return TIME_LIMIT
    if now >= row.last_activity + settings.idle_limit:
        return IDLE
    if now - row.last_heartbeat > settings.dead_after:
        return NO_HEARTBEAT
    return None


def is_live(
    row: LoginSession, now: datetime, settings: SecuritySettings = DEFAULT_SETTINGS
) -> bool:
    """Not ended, a key pressed within the idle limit, started within 12 hours, heartbeat fresh."""
    return expiry_reason(row, require_aware(now), settings) is None


def session_status(
    row: LoginSession, now: datetime, settings: SecuritySettings = DEFAULT_SETTINGS
) -> SessionStatus:
    reason = expiry_reason(row, now, settings)
    # A missing heartbeat says nothing to the session asking: it is evidently still running.
    if reason is not None and reason != NO_HEARTBEAT:
        return SessionStatus(SessionState.ENDED, row.ended_at or now, reason)
    assert row.last_activity is not None
    warn = now >= row.last_activity + settings.idle_warning
    return SessionStatus(
        SessionState.WARNING if warn else SessionState.LIVE, _deadline(row, settings)
    )


def _actor_of(session: Session, row: LoginSession) -> Actor:
    account = session.get(Account, row.account_id)
    if account is None:
        return Actor("(deleted account)", Role.USER, None, row.source)
    return Actor(account.username, Role(account.role), account.establishment_id, row.source)


def _end(
    session: Session, row: LoginSession, now: datetime, reason: str, by: Actor | None = None
) -> None:
    row.ended_at = now
    row.end_reason = reason[:80]
    owner = _actor_of(session, row)
    record(
        session,
        by or owner,
        [
            AuditRecord(
                "sign out" if by is None else "end session",
                owner.establishment_id,
                target=owner.username,
                old_value=f"session {row.id} from {row.source}",
                new_value=reason,
            )
        ],
        at=now,
    )


def _load(session: Session, session_id: int, lock: bool = False) -> LoginSession:
    row = session.get(LoginSession, session_id, with_for_update=lock)
    if row is None:
        raise NotFound(f"There is no session {session_id}.")
    return row


def _touch(
    db: Database, session_id: int, now: datetime, settings: SecuritySettings, activity: bool
) -> SessionStatus:
    now = require_aware(now)
    with db.read() as session:
        row = _load(session, session_id)
        status = session_status(row, now, settings)
        assert row.last_activity is not None and row.last_heartbeat is not None
        if status.state is SessionState.ENDED:
            if row.ended_at is not None:
                return status
        elif now - row.last_heartbeat < ACTIVITY_GRANULARITY and (
            not activity or now - row.last_activity < ACTIVITY_GRANULARITY
        ):
            return status
    with db.write() as session:
        row = _load(session, session_id, lock=True)
        status = session_status(row, now, settings)
        if status.state is SessionState.ENDED:
            if row.ended_at is None:
                assert status.reason is not None
                _end(session, row, now, status.reason)
            return status
        row.last_heartbeat = now
        if activity:
            row.last_activity = now
        return session_status(row, now, settings)


def record_activity(
    db: Database, session_id: int, now: datetime, settings: SecuritySettings = DEFAULT_SETTINGS
) -> SessionStatus:
    """A key press (or "Stay signed in"): the idle clock starts again. Returns the status."""
    return _touch(db, session_id, now, settings, activity=True)


def heartbeat(
    db: Database, session_id: int, now: datetime, settings: SecuritySettings = DEFAULT_SETTINGS
) -> SessionStatus:
    """The app is still running: call every heartbeat_interval. Ends an idle or expired session."""
    return _touch(db, session_id, now, settings, activity=False)


def end_session(db: Database, session_id: int, now: datetime, reason: str = SIGNED_OUT) -> None:
    """Sign out, or end on SIGHUP/SIGTERM (reason HANGUP); nothing to do if already ended."""
    now = require_aware(now)
    with db.write() as session:
        row = _load(session, session_id, lock=True)
        if row.ended_at is None:
            _end(session, row, now, reason)


def get_session(db: Database, session_id: int) -> SessionInfo:
    with db.read() as session:
        return session_info(_load(session, session_id))


# --- used by sign-in and account management, inside their transactions -----------------------


def open_sessions(session: Session, account_id: int) -> list[LoginSession]:
    """The account's sessions not yet marked ended, oldest first (live or not)."""
    query = (
        select(LoginSession)
        .where(col(LoginSession.account_id) == account_id, col(LoginSession.ended_at).is_(None))
        .order_by(col(LoginSession.started_at))
    )
    return list(session.scalars(query))


@dataclass(frozen=True)
class TidiedSessions:
    """An account's open sessions at a sign-in: the live ones, and what became of the others."""

    live: list[LoginSession]
    # One sentence per session whose app had stopped (killed, connection lost), ended now.
    stopped: tuple[str, ...]


def stopped_note(row: LoginSession) -> str:
    """What the next sign-in says about a session whose heartbeat had stopped."""
    assert row.last_heartbeat is not None
    return (
        f"Your earlier session from {row.source} stopped at {clock_time(row.last_heartbeat)} "
        "(the app was closed or its connection lost): it has been ended."
    )


def tidy_sessions(
    session: Session, account_id: int, now: datetime, settings: SecuritySettings
) -> TidiedSessions:
    """End the account's idle, expired and dead sessions; return the live ones.

    A session whose heartbeat stopped more than settings.dead_after ago is over whatever else
    is true of it, so the sign-in goes on without asking about it and says when it stopped.
    """
    live, stopped = [], []
    for row in open_sessions(session, account_id):
        reason = expiry_reason(row, now, settings)
        if reason is None:
            live.append(row)
            continue
        assert row.last_heartbeat is not None
        if now - row.last_heartbeat > settings.dead_after:
            stopped.append(stopped_note(row))
        _end(session, row, now, reason)
    return TidiedSessions(live, tuple(stopped))


def start_session(session: Session, account_id: int, source: str, now: datetime) -> LoginSession:
    row = LoginSession(
        account_id=account_id,
        source=source[:80],
        started_at=now,
        last_activity=now,
        last_heartbeat=now,
    )
    session.add(row)
    session.flush()
    return row


def end_sessions_of(
    session: Session,
    account_id: int,
    now: datetime,
    reason: str,
    by: Actor | None = None,
    *,
    keep: int | None = None,
) -> int:
    """End every open session of the account (a reset, a disable, a role change) but `keep`.

    Returns how many were ended.
    """
    rows = [row for row in open_sessions(session, account_id) if row.id != keep]
    for row in rows:
        _end(session, row, now, reason, by)
    return len(rows)


def end_one_session(
    session: Session, session_id: int, now: datetime, reason: str, by: Actor
) -> LoginSession:
    row = _load(session, session_id, lock=True)
    if row.ended_at is None:
        _end(session, row, now, reason, by)
    return row
