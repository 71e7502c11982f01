"""In-house UPNs for private nurseries, which have no school MIS to allocate one (support team).

They follow the DfE's temporary UPN layout, so every check that accepts a UPN accepts them:
check letter, LA number (3 digits), establishment number (4), year of allocation (2),
serial (2), then a letter instead of a final digit. Every UPN handed out is recorded, and one
already on a pupil or handed out before is never handed out again.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import select
from sqlmodel import col

from store.accounts.reauth import Confirmation, confirm_password
from store.accounts.settings import require_aware
from store.core.access import Actor, PermissionDenied, Role
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound
from store.core.models import Establishment, IssuedUpn, Pupil
from store.core.typed_text import one_line
from store.curriculum.upn import upn_check_letter, upn_problem

TEMPORARY_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # the DfE UPN alphabet: no I, O or S
MAX_PER_REQUEST = 100


def _candidates(prefix: str) -> Iterator[str]:
    """Every temporary UPN with characters 2..10 `prefix`, in issuing order."""
    for serial in range(100):
        for letter in TEMPORARY_LETTERS:
            last_twelve = f"{prefix}{serial:02d}{letter}"
            yield upn_check_letter(last_twelve) + last_twelve


def issue_inhouse_upns(
    db: Database,
    actor: Actor,
    confirmation: Confirmation,
    *,
    establishment_id: int,
    la_code: str,
    now: datetime,
    count: int = 1,
) -> list[str]:
    """Hand out `count` new in-house UPNs for a nursery, recorded so none is ever reused.

    Args:
        db: The database.
        actor: A member of the support team.
        confirmation: The actor's password (or SERVER_ADMINISTRATOR at the command line).
        establishment_id: The nursery; the last 4 digits of its number go into the UPN.
        la_code: The local authority's 3-digit number.
        now: The time; its year is the UPN's year of allocation.
        count: How many (1 to 100).

    Raises:
        PermissionDenied: not the support team, or the password was wrong.
        InvalidInput: a bad LA number or count, or every UPN of the year is used.
    """
    now = require_aware(now)
    if actor.role is not Role.SUPPORT:
        raise PermissionDenied("Only the support team can issue in-house UPNs.")
    la_code = one_line(la_code)
    if len(la_code) != 3 or not la_code.isascii() or not la_code.isdigit():
        raise InvalidInput("The LA number has 3 digits, e.g. 888.")
    if not 1 <= count <= MAX_PER_REQUEST:
        raise InvalidInput(f"Issue between 1 and {MAX_PER_REQUEST} UPNs at a time.")
    confirm_password(db, actor, confirmation, now=now)
    with db.write() as session:
        # Locking the establishment's row makes two support staff issuing at once take turns.
        establishment = session.get(Establishment, establishment_id, with_for_update=True)
        if establishment is None:
            raise NotFound(f"There is no establishment with id {establishment_id}.")
        prefix = f"{la_code}{establishment.number[-4:]:0>4}{now.year % 100:02d}"
        pattern = f"_{prefix}%"
        taken = set(
            session.scalars(select(col(IssuedUpn.upn)).where(col(IssuedUpn.upn).like(pattern)))
        )
        taken.update(session.scalars(select(col(Pupil.upn)).where(col(Pupil.upn).like(pattern))))
        issued = []
        for upn in _candidates(prefix):
            if upn not in taken:
                assert upn_problem(upn) is None
                issued.append(upn)
                if len(issued) == count:
                    break
        if len(issued) < count:
            raise InvalidInput(
                f"Only {len(issued)} in-house UPNs are left for {establishment.number} this "
                "year: issue fewer, or use another LA or establishment number."
            )
        for upn in issued:
            session.add(
                IssuedUpn(
                    upn=upn,
                    establishment_id=establishment_id,
                    issued_at=now,
                    issued_by=actor.username[:60],
                )
            )
        record(
            session,
            actor,
            [
                AuditRecord(
                    "issue in-house UPNs",
                    establishment_id,
                    target=establishment.number,
                    new_value=", ".join(issued),
                )
            ],
        )
    return issued
