"""Whether the session an actor works in is still live: every write for a signed-in actor asks.

`audit.record` calls `require_live_session` in the caller's write transaction, so a change made
by a session that has ended (signed in elsewhere, ended by support, timed out) is refused and
rolled back with everything else the transaction did.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session, col

from store.accounts.settings import clock_time
from store.core.access import Actor
from store.core.errors import SessionEnded
from store.core.models import LoginSession

# The end reasons store.accounts.sessions and the account actions write, in words for the person.
IDLE = "idle"
TIME_LIMIT = "12-hour limit"
NO_HEARTBEAT = "no heartbeat (connection lost)"
REPLACED = "replaced by a sign-in from "
ENDED_BY = "ended by "

# Set on a write session once its actor's session was found live: one look per transaction.
_CHECKED = "live_session_checked"


def why_ended(reason: str | None) -> str:
    """A session's end reason as the person reads it: "you signed in again from ssh 192.0.2.7"."""
    reason = reason or "signed out"
    if reason.startswith(REPLACED):
        return f"you signed in again from {reason.removeprefix(REPLACED)}"
    if reason.startswith(ENDED_BY):
        return f"it was ended by {reason.removeprefix(ENDED_BY)}"
    if reason == IDLE:
        return "it timed out: no key was pressed for too long"
    if reason == TIME_LIMIT:
        return "it timed out: sessions last at most 12 hours"
    if reason == NO_HEARTBEAT:
        return "its connection was lost"
    return reason


def ended_message(reason: str | None, ended_at: datetime | None) -> str:
    """What a refused write says: that the session ended, when and why, and nothing was saved."""
    when = f" at {clock_time(ended_at)}" if ended_at is not None else ""
    return (
        f"Your session ended{when} ({why_ended(reason)}), so nothing was saved: "
        "sign in again to carry on."
    )


def require_live_session(session: Session, actor: Actor) -> None:
    """Refuse, inside the caller's transaction, unless `actor`'s session is still live.

    An actor without a session (no accounts, the command line) always passes. On PostgreSQL
    the row is read FOR SHARE, so a sign-in elsewhere that ends it waits for this transaction
    (then this change came first) or this transaction waits for it (then it sees the end).

    Raises:
        SessionEnded: the session has ended (the message says when and why).
    """
    if actor.session_id is None or session.info.get(_CHECKED) == actor.session_id:
        return
    query = (
        select(col(LoginSession.ended_at), col(LoginSession.end_reason))
        .where(col(LoginSession.id) == actor.session_id)
        .with_for_update(read=True)
    )
    row = session.execute(query).first()
    if row is None:
        raise SessionEnded(ended_message("the session no longer exists", None), actor.session_id)
    ended_at, reason = row
    if ended_at is not None:
        raise SessionEnded(ended_message(reason, ended_at), actor.session_id, reason)
    session.info[_CHECKED] = actor.session_id
