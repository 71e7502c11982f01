"""Pupils changed: added, edited, characteristics set for many at once, archived and brought
back; each write checked, audited and committed in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlmodel import Session, col

from store.assessments.cohort_lock import PupilMove, pupil_move, require_submitted_cohorts_unchanged
from store.core.access import Actor, PermissionDenied, Role
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound
from store.core.models import Pupil
from store.curriculum.eyfs import CLASS_SLOTS
from store.pupils.ethnicity import ethnicity_problem
from store.pupils.fields import (
    FIELD_LABELS,
    FieldProblem,
    PupilForm,
    validate_pupil,
)
from store.pupils.pupils import pupil_in

if TYPE_CHECKING:
    from store.accounts.reauth import Confirmation


class PupilInvalid(InvalidInput):
    """The form has problems; `problems` lists every one, by field."""

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))


def _check_upn_free(
    session: Session, upn: str, establishment_id: int, pupil_id: int | None
) -> None:
    other = session.scalars(select(Pupil).where(col(Pupil.upn) == upn)).first()
    if other is None or other.id == pupil_id:
        return
    if other.establishment_id == establishment_id:
        where = "archived pupil" if other.archived else "pupil"
        raise PupilInvalid(
            [
                FieldProblem(
                    "UPN",
                    f"{upn} already belongs to the {where} {other.surname.upper()}, "
                    f"{other.forenames} in this school.",
                )
            ]
        )
    raise PupilInvalid(
        [
            FieldProblem(
                "UPN",
                f"{upn} belongs to a pupil at another establishment; if the child has moved "
                "here, ask the support team to transfer the record.",
            )
        ]
    )


def create_pupil(
    db: Database, actor: Actor, establishment_id: int, form: PupilForm, today: date
) -> int:
    """Add a pupil; returns its id.

    Raises:
        PupilInvalid: with every problem in the form, nothing written.
    """
    actor.require_establishment(establishment_id)
    values = validate_pupil(form, today)
    if isinstance(values, list):
        raise PupilInvalid(values)
    with db.write() as session:
        _check_upn_free(session, values.upn, establishment_id, None)
        pupil = Pupil(establishment_id=establishment_id, **values.as_columns())
        arriving = pupil_move(pupil, {}, "adding this pupil")
        require_submitted_cohorts_unchanged(
            session, moves=[replace(arriving, before=None)], today=today
        )
        session.add(pupil)
        session.flush()
        assert pupil.id is not None
        record(
            session,
            actor,
            [
                AuditRecord(
                    "add pupil",
                    establishment_id,
                    pupil.id,
                    values.upn,
                    new_value=f"{values.surname.upper()}, {values.forenames}",
                )
            ],
        )
        return pupil.id


def update_pupil(
    db: Database,
    actor: Actor,
    establishment_id: int,
    pupil_id: int,
    form: PupilForm,
    today: date,
) -> list[str]:
    """Save the form over a pupil's record; returns the labels of the fields that changed.

    Raises:
        PupilInvalid: with every problem in the form, nothing written.
    """
    actor.require_establishment(establishment_id)
    values = validate_pupil(form, today)
    if isinstance(values, list):
        raise PupilInvalid(values)
    with db.write() as session:
        pupil = pupil_in(session, establishment_id, pupil_id)
        if values.upn != pupil.upn:
            _check_upn_free(session, values.upn, establishment_id, pupil_id)
        columns = values.as_columns()
        require_submitted_cohorts_unchanged(
            session, moves=[_form_move(pupil, columns)], today=today
        )
        return _apply(session, actor, establishment_id, pupil, columns)


def _form_move(pupil: Pupil, columns: dict[str, object]) -> PupilMove:
    """The form's change to the cohort fields, named by the first field that changed."""
    changed = {name: value for name, value in columns.items() if getattr(pupil, name) != value}
    return pupil_move(pupil, changed)


def _apply(
    session: Session,
    actor: Actor,
    establishment_id: int,
    pupil: Pupil,
    columns: dict[str, object],
    action: str = "edit pupil",
) -> list[str]:
    """Write `columns` over `pupil` with an audit row each; the caller has already called
    require_submitted_cohorts_unchanged for them."""
    audits: list[AuditRecord] = []
    changed: list[str] = []
    for name, value in columns.items():
        old = getattr(pupil, name)
        if old == value:
            continue
        setattr(pupil, name, value)
        label = FIELD_LABELS.get(name, name)
        changed.append(label)
        audits.append(
            AuditRecord(
                action,
                establishment_id,
                pupil.id,
                label,
                None if old is None else str(old),
                None if value is None else str(value),
            )
        )
    session.add(pupil)
    record(session, actor, audits)
    return changed


def set_characteristics(
    db: Database,
    actor: Actor,
    establishment_id: int,
    changes: Sequence[tuple[int, str, object]],
    action: str = "edit pupils",
    *,
    today: date | None = None,
) -> list[tuple[int, str, object, object]]:
    """Set (pupil id, field, value) for many pupils in one transaction, as multi-edit does.

    Returns the (pupil id, field, old, new) that really changed, for undo.

    Raises:
        InvalidInput: a field that cannot be set this way, or a value it cannot take.
    """
    actor.require_establishment(establishment_id)
    allowed = MULTI_EDIT_FIELDS
    for _, name, value in changes:
        if name not in allowed:
            raise InvalidInput(f"{name} cannot be changed for many pupils at once.")
        if problem := allowed[name](value):
            raise InvalidInput(f"{FIELD_LABELS.get(name, name)}: {problem}")
    # A code is kept as the record form keeps it ("wbri " is WBRI).
    changes = [
        (
            pupil_id,
            name,
            value.strip().upper() if name == "ethnicity" and isinstance(value, str) else value,
        )
        for pupil_id, name, value in changes
    ]
    applied: list[tuple[int, str, object, object]] = []
    with db.write() as session:
        ids = {pupil_id for pupil_id, _, _ in changes}
        pupils = {
            pupil.id: pupil
            for pupil in session.scalars(
                select(Pupil).where(
                    col(Pupil.id).in_(ids), col(Pupil.establishment_id) == establishment_id
                )
            )
        }
        if set(pupils) != ids:
            raise NotFound("A pupil in this change is not on this establishment's roll.")
        wanted: dict[int, dict[str, object]] = {}
        for pupil_id, name, value in changes:
            wanted.setdefault(pupil_id, {})[name] = value
        require_submitted_cohorts_unchanged(
            session,
            moves=[pupil_move(pupils[pid], columns) for pid, columns in wanted.items()],
            today=today,
        )
        for pupil_id, name, value in changes:
            pupil = pupils[pupil_id]
            old = getattr(pupil, name)
            if _apply(session, actor, establishment_id, pupil, {name: value}, action):
                applied.append((pupil_id, name, old, value))
    return applied


def _flag(value: object) -> str | None:
    return None if isinstance(value, bool) else "must be Yes or No."


def _class(value: object) -> str | None:
    if value is None or (isinstance(value, int) and 1 <= value <= CLASS_SLOTS):
        return None
    return f"choose a class from 1 to {CLASS_SLOTS}."


def _choice(*options: object) -> Callable[[object], str | None]:
    def check(value: object) -> str | None:
        return None if value in options else f"must be one of {', '.join(map(str, options))}."

    return check


def _ethnicity(value: object) -> str | None:
    return ethnicity_problem(str(value)) if isinstance(value, str) else "must be a code."


MULTI_EDIT_FIELDS: dict[str, Callable[[object], str | None]] = {
    "class_slot": _class,
    "include_in_data": _flag,
    "alternative_assessment": _flag,
    "gender": _choice("M", "F"),
    "sen": _choice(None, "K", "E"),
    "ethnicity": _ethnicity,
    "disadvantaged": _flag,
    "eal": _flag,
    "pupil_premium": _flag,
    "fsm": _flag,
    **{f"custom_{n}": _flag for n in range(1, 7)},
}
"""The characteristics multi-edit may set, each with the check of its value."""


# --- archive --------------------------------------------------------------------------------


def archive_pupils(
    db: Database,
    actor: Actor,
    establishment_id: int,
    pupil_ids: Iterable[int],
    *,
    today: date | None = None,
) -> int:
    """Archive pupils: they leave lists, grids and statistics but are kept. Returns how many.

    Raises:
        NotFound: one of the pupils is not in this establishment (nothing is archived).
    """
    actor.require_establishment(establishment_id)
    ids = set(pupil_ids)
    with db.write() as session:
        found = list(
            session.scalars(
                select(Pupil).where(
                    col(Pupil.id).in_(ids), col(Pupil.establishment_id) == establishment_id
                )
            )
        )
        if len(found) != len(ids):
            raise NotFound("Some of these pupils are not in this establishment: nothing archived.")
        pupils = [pupil for pupil in found if not pupil.archived]
        require_submitted_cohorts_unchanged(
            session, moves=[pupil_move(pupil, {"archived": True}) for pupil in pupils], today=today
        )
        for pupil in pupils:
            _apply(session, actor, establishment_id, pupil, {"archived": True}, "archive pupil")
        return len(pupils)


def unarchive_pupils(
    db: Database,
    actor: Actor,
    pupil_ids: Iterable[int],
    confirmation: Confirmation,
    *,
    now: datetime | None = None,
    today: date | None = None,
) -> int:
    """Bring archived pupils back (the support team only, after re-entering their password).

    The command line passes store.accounts.reauth.SERVER_ADMINISTRATOR: an operating-system right.

    Returns:
        How many pupils came back.

    Raises:
        PermissionDenied: not support; ReauthenticationFailed: the password was wrong.
    """
    if actor.role is not Role.SUPPORT:
        raise PermissionDenied("Only the support team can bring back archived pupils.")
    # Imported here: a school's screens never need the sign-in modules.
    from store.accounts.reauth import confirm_password

    confirm_password(db, actor, confirmation, now=now or datetime.now(timezone.utc))
    ids = set(pupil_ids)
    with db.write() as session:
        pupils = list(
            session.scalars(
                select(Pupil).where(col(Pupil.id).in_(ids), col(Pupil.archived) == True)  # noqa: E712
            )
        )
        if left := [pupil for pupil in pupils if pupil.transferred_at is not None]:
            raise InvalidInput(
                f"{left[0].surname.upper()}, {left[0].forenames} moved to another establishment: "
                "that record stays as the old school's history and cannot come back."
            )
        require_submitted_cohorts_unchanged(
            session, moves=[pupil_move(pupil, {"archived": False}) for pupil in pupils], today=today
        )
        for pupil in pupils:
            _apply(
                session,
                actor,
                pupil.establishment_id,
                pupil,
                {"archived": False},
                "unarchive pupil",
            )
        return len(pupils)
