"""Whether anyone else changed an establishment's data since a screen last looked.

Every change is written with its audit entry in one transaction (store.core.audit), so the
newest audit entry's id of an establishment moves whenever its data does. An open screen keeps
the id it last saw and asks, about once a second, whether there are newer entries made outside
its own signed-in session: only then does it read its data again. Both questions are answered
from the index on (establishment_id, id).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlmodel import col

from store.core.access import Actor
from store.core.db import Database
from store.core.models import AuditEntry

PUPILS_NAMED = 200
"""More entries by others than this since the last look: read the cohort whole."""


@dataclass(frozen=True)
class Since:
    latest: int
    """The id of the establishment's newest audit entry (0: none)."""
    by_others: bool
    """Whether an entry after the one asked about was made outside the actor's own session."""
    pupils: frozenset[int] | None = None
    """When `by_others`: the pupils those entries are about, so that only their rows need
    reading again; None when one is about no pupil (a period, the ELGs' submission, an
    establishment's settings) or there are too many: read everything again."""


def latest_change(db: Database, actor: Actor, establishment_id: int) -> int:
    """The id of `establishment_id`'s newest audit entry, 0 if it has none.

    Raises:
        PermissionDenied: `actor` may not see this establishment.
    """
    return changes_since(db, actor, establishment_id, after=None).latest


def changes_since(
    db: Database,
    actor: Actor,
    establishment_id: int,
    after: int | None,
    mine: Collection[int] = (),
) -> Since:
    """The newest entry's id, and whether anyone but `actor`'s own session wrote after `after`,
    about which pupils (None: only the newest id is read). Entries `mine` (the asker wrote
    them: store.core.audit.record's ids) are never another's.

    Without a session of its own (a database without accounts), only `mine` tells: two people
    using one name cannot be told apart otherwise.

    Raises:
        PermissionDenied: `actor` may not see this establishment.
    """
    actor.require_establishment(establishment_id)
    ours = col(AuditEntry.establishment_id) == establishment_id
    with db.read() as session:
        latest = session.execute(select(func.max(col(AuditEntry.id))).where(ours)).scalar()
        if after is None or latest is None or latest <= after:
            return Since(latest or 0, False)
        newer = and_(ours, col(AuditEntry.id) > after)
        if own_ids := [entry for entry in mine if entry > after]:
            newer = and_(newer, col(AuditEntry.id).not_in(own_ids))
        if actor.session_id is not None:
            # Spelled without NOT: a NULL session (the command line) must count as another's.
            others = or_(
                col(AuditEntry.session_id).is_(None),
                col(AuditEntry.session_id) != actor.session_id,
                col(AuditEntry.actor) != actor.username,
            )
            newer = and_(newer, others)
        named = session.execute(
            select(col(AuditEntry.pupil_id)).where(newer).limit(PUPILS_NAMED + 1)
        ).scalars()
        about = list(named)
        if not about:
            return Since(latest, False)
        whole = len(about) > PUPILS_NAMED or None in about
        pupils = None if whole else frozenset(pupil for pupil in about if pupil is not None)
        return Since(latest, True, pupils)
