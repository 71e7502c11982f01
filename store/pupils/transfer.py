"""The support team's transfer of a child to another establishment.

The child's live record moves: a new record at the new school takes the UPN and the child's own
details (not the old school's class or custom flags), and their interventions go with it, as the
guide says. The old record stays with the old school as a left record (archived, transferred,
its UPN kept aside) holding that school's judgements, notes and End of Year results, so its
history is its own and the UPN stays unique among live records. Only support transfers, after
giving their password; it is audited at both schools, and refused for a child of a submitted
cohort (store.assessments.cohort_lock).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING

from sqlalchemy import func, select, update
from sqlmodel import Session, col

from store.assessments.cohort_lock import (
    CohortPlace,
    PupilMove,
    pupil_move,
    require_submitted_cohorts_unchanged,
)
from store.core.access import Actor, PermissionDenied, Role
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound
from store.core.models import Establishment, Intervention, Pupil
from store.core.words import plural
from store.curriculum.upn import normalise_upn

if TYPE_CHECKING:
    from store.accounts.reauth import Confirmation

SUPPORT_ONLY = "Only the support team can transfer a pupil to another establishment."
LEFT_UPN_PREFIX = "~"
"""A left record's UPN column: this and its id, never a valid UPN (the UPN is kept aside)."""

# What the child takes along: their own details, not the old school's class or custom flags.
CARRIED = (
    "upn",
    "surname",
    "forenames",
    "date_of_birth",
    "year_override",
    "gender",
    "postcode",
    "ethnicity",
    "sen",
    "sen_notes",
    "disadvantaged",
    "eal",
    "pupil_premium",
    "fsm",
    "alternative_assessment",
)


@dataclass(frozen=True)
class TransferPreview:
    """What a transfer would do, for the question asked before it."""

    pupil_id: int
    name: str
    upn: str
    date_of_birth: date
    archived: bool
    from_title: str
    to_id: int
    to_title: str
    interventions: int

    def describe(self) -> str:
        """One paragraph naming the child, both schools and what goes where."""
        state = "archived at" if self.archived else "on roll at"
        return (
            f"{self.name}, born {self.date_of_birth:%d/%m/%Y}, {state} {self.from_title}, "
            f"moves to {self.to_title} with {plural(self.interventions, 'intervention')}. "
            f"{self.from_title} keeps its assessments of the child as a record of a pupil "
            "who left."
        )


def _require_support(actor: Actor) -> None:
    if actor.role is not Role.SUPPORT:
        raise PermissionDenied(SUPPORT_ONLY)


def _title(row: Establishment) -> str:
    return f"{row.number} - {row.name}"


def _preview(session: Session, pupil: Pupil, target: Establishment) -> TransferPreview:
    if pupil.transferred_at is not None:
        raise InvalidInput("That record is of a child who has already moved on.")
    source = session.get(Establishment, pupil.establishment_id)
    assert source is not None and pupil.id is not None and target.id is not None
    if source.id == target.id:
        raise InvalidInput(f"{pupil.surname.upper()}, {pupil.forenames} is at {_title(source)}.")
    count = session.scalar(
        select(func.count()).select_from(Intervention).where(col(Intervention.pupil_id) == pupil.id)
    )
    return TransferPreview(
        pupil.id,
        f"{pupil.surname.upper()}, {pupil.forenames}",
        pupil.upn,
        pupil.date_of_birth,
        pupil.archived,
        _title(source),
        target.id,
        _title(target),
        int(count or 0),
    )


def preview_transfer(db: Database, actor: Actor, upn: str, to_number: str) -> TransferPreview:
    """Find the child by UPN and the new school by number; say what the transfer would do.

    Raises:
        PermissionDenied: not support. NotFound: no such UPN or establishment.
        InvalidInput: the child is at that school already.
    """
    _require_support(actor)
    wanted = normalise_upn(upn)
    if not wanted:
        raise InvalidInput("Type the child's UPN (13 characters).")
    with db.read() as session:
        pupil = session.scalars(select(Pupil).where(col(Pupil.upn) == wanted)).first()
        if pupil is None:
            raise NotFound(f"No pupil has the UPN {wanted}.")
        target = session.scalars(
            select(Establishment).where(col(Establishment.number) == to_number.strip())
        ).first()
        if target is None:
            raise NotFound(f"There is no establishment numbered {to_number.strip()}.")
        return _preview(session, pupil, target)


def transfer_pupil(
    db: Database,
    actor: Actor,
    pupil_id: int,
    to_establishment_id: int,
    password: Confirmation,
    *,
    now: datetime | None = None,
) -> TransferPreview:
    """Move a child to another establishment (the support team, after their password).

    Returns:
        What was done; the child's new record now holds the UPN.

    Raises:
        PermissionDenied: not support. ReauthenticationFailed: the password was wrong.
        NotFound: no such pupil or establishment. InvalidInput: already there, or a left record.
        Locked: the child is in a submitted cohort at the old school, or would join one there.
    """
    _require_support(actor)
    moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    # Imported here: checking a password loads the sign-in modules.
    from store.accounts.reauth import confirm_password

    confirm_password(db, actor, password, now=moment)
    with db.write() as session:
        pupil = session.get(Pupil, pupil_id, with_for_update=True, populate_existing=True)
        target = session.get(Establishment, to_establishment_id)
        if pupil is None or target is None:
            raise NotFound("That pupil or establishment no longer exists.")
        done = _preview(session, pupil, target)
        carried = {name: getattr(pupil, name) for name in CARRIED}
        arriving = CohortPlace(
            to_establishment_id, pupil.date_of_birth, pupil.year_override, False, True
        )
        require_submitted_cohorts_unchanged(
            session,
            moves=[
                pupil_move(pupil, {"archived": True}, "moving them to another establishment"),
                PupilMove(done.name, None, arriving, "the transfer"),
            ],
            today=moment.date(),
        )
        # The left record gives up the UPN first: it must stay unique among all records.
        pupil.transferred_upn, pupil.upn = pupil.upn, f"{LEFT_UPN_PREFIX}{pupil.id}"
        pupil.archived, pupil.transferred_at = True, moment
        pupil.transferred_to_id = to_establishment_id
        session.add(pupil)
        session.flush()
        moved = Pupil(establishment_id=to_establishment_id, **carried)
        session.add(moved)
        session.flush()
        session.execute(
            update(Intervention)
            .where(col(Intervention.pupil_id) == pupil.id)
            .values(pupil_id=moved.id)
        )
        interventions = plural(done.interventions, "intervention")
        record(
            session,
            actor,
            [
                AuditRecord(
                    "transfer pupil out",
                    pupil.establishment_id,
                    pupil.id,
                    done.upn,
                    f"{done.name} at {done.from_title}",
                    f"moved to {done.to_title} with {interventions}; the assessments here stay "
                    "with this school",
                ),
                AuditRecord(
                    "transfer pupil in",
                    to_establishment_id,
                    moved.id,
                    done.upn,
                    None,
                    f"{done.name} from {done.from_title}, with {interventions}",
                ),
            ],
            at=moment,
        )
        return done
