"""Pupils: the record, the list and its search, archiving, and the establishment's profile."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlmodel import Session, col

from store.assessments.cohort import PupilRow, select_pupil_rows
from store.assessments.cohort_lock import PupilMove, pupil_move, require_submitted_cohorts_unchanged
from store.core.access import Actor, PermissionDenied, Role
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound
from store.core.models import Establishment, Pupil, SavedSearch, SchoolClass
from store.core.search_key import search_key
from store.core.session_check import require_live_session
from store.core.typed_text import one_line
from store.curriculum.eyfs import CLASS_SLOTS, YearGroup, default_class_name
from store.curriculum.upn import UPN_LENGTH, normalise_upn
from store.curriculum.year_groups import year_group_of
from store.establishments.establishments import class_names
from store.pupils.ethnicity import ethnicity_problem
from store.pupils.fields import (
    FIELD_LABELS,
    MAX_NAME,
    FieldProblem,
    PupilForm,
    PupilValues,
    fold,
    validate_pupil,
)

if TYPE_CHECKING:
    from store.accounts.reauth import Confirmation

MAX_CLASS_NAME = 40


class PupilInvalid(InvalidInput):
    """The form has problems; `problems` lists every one, by field."""

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))


# --- reading --------------------------------------------------------------------------------


def _pupil_row(session: Session, establishment_id: int, pupil_id: int) -> Pupil:
    pupil = session.get(Pupil, pupil_id)
    if pupil is None or pupil.establishment_id != establishment_id:
        raise NotFound("That pupil is not on this establishment's roll.")
    return pupil


def _values(pupil: Pupil) -> PupilValues:
    columns = PupilValues.__dataclass_fields__
    return PupilValues(**{name: getattr(pupil, name) for name in columns if name != "extra"})


def get_pupil(db: Database, actor: Actor, establishment_id: int, pupil_id: int) -> PupilValues:
    """Every field of one pupil (archived ones too, for the support team's retrieval)."""
    actor.require_establishment(establishment_id)
    with db.read() as session:
        return _values(_pupil_row(session, establishment_id, pupil_id))


def list_pupils(
    db: Database, actor: Actor, establishment_id: int, academic_year: int, archived: bool = False
) -> list[PupilRow]:
    """The establishment's pupils (or its archived ones), alphabetical."""
    actor.require_establishment(establishment_id)
    if archived and actor.role is not Role.SUPPORT:
        raise PermissionDenied("Only the support team can see archived pupils.")
    with db.read() as session:
        # A transferred child's left record is history, not an archived pupil to bring back.
        return select_pupil_rows(
            session,
            (col(Pupil.establishment_id) == establishment_id)
            & (col(Pupil.archived) == archived)
            & (col(Pupil.transferred_at) == None),  # noqa: E711
            academic_year,
        )


@dataclass(frozen=True)
class PupilSearch:
    """The pupil list's search: parts of a surname and UPN, a class and a year group."""

    surname: str = ""
    upn: str = ""
    class_slot: int | None = None
    year_group: YearGroup | None = None

    @property
    def is_empty(self) -> bool:
        return self == PupilSearch()


def search_pupils(
    pupils: Iterable[PupilRow], search: PupilSearch, academic_year: int
) -> list[PupilRow]:
    """The pupils matching every part of `search`.

    The surname is matched in part, whatever its case, accents, apostrophes, hyphens or spaces.
    """
    surname = search_key(search.surname)
    upn = search.upn.strip().upper()
    found = []
    for pupil in pupils:
        if surname and surname not in search_key(pupil.surname):
            continue
        if upn and upn not in pupil.upn:
            continue
        if search.class_slot is not None and pupil.class_slot != search.class_slot:
            continue
        if search.year_group is not None and pupil_year_group(pupil, academic_year) is not (
            search.year_group
        ):
            continue
        found.append(pupil)
    return found


def pupil_year_group(pupil: PupilRow, academic_year: int) -> YearGroup | None:
    override = YearGroup(pupil.year_override) if pupil.year_override else None
    return year_group_of(pupil.date_of_birth, academic_year, override)


def save_search(db: Database, actor: Actor, establishment_id: int, search: PupilSearch) -> None:
    """Keep `search` as this person's selection for the next visit.

    Raises:
        InvalidInput: a surname or UPN longer than any pupil's (kept whole or not at all).
    """
    actor.require_establishment(establishment_id)
    surname = one_line(search.surname)
    upn = one_line(search.upn).upper()
    if len(surname) > MAX_NAME:
        raise InvalidInput(f"A surname search can be at most {MAX_NAME} characters; not saved.")
    if len(upn) > UPN_LENGTH:
        raise InvalidInput(f"A UPN search can be at most {UPN_LENGTH} characters; not saved.")
    with db.write() as session:
        # Not audited (a person's own view), so the session is checked here rather than there.
        require_live_session(session, actor)
        row = session.scalars(
            select(SavedSearch).where(
                col(SavedSearch.establishment_id) == establishment_id,
                col(SavedSearch.username) == actor.username,
            )
        ).first() or SavedSearch(establishment_id=establishment_id, username=actor.username)
        row.surname = surname
        row.upn = upn
        row.class_slot = search.class_slot
        row.year_group = search.year_group.value if search.year_group else None
        session.add(row)


def saved_search(db: Database, actor: Actor, establishment_id: int) -> PupilSearch:
    """This person's saved selection, or an empty search."""
    actor.require_establishment(establishment_id)
    with db.read() as session:
        row = session.scalars(
            select(SavedSearch).where(
                col(SavedSearch.establishment_id) == establishment_id,
                col(SavedSearch.username) == actor.username,
            )
        ).first()
        if row is None:
            return PupilSearch()
        group = YearGroup(row.year_group) if row.year_group else None
        return PupilSearch(row.surname, row.upn, row.class_slot, group)


# --- writing --------------------------------------------------------------------------------


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
        pupil = _pupil_row(session, establishment_id, pupil_id)
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


def find_pupil_by_upn(db: Database, actor: Actor, upn: str) -> tuple[int, int, bool] | None:
    """(pupil id, establishment id, archived) of the pupil with `upn`, if `actor` may see it."""
    with db.read() as session:
        pupil = session.scalars(select(Pupil).where(col(Pupil.upn) == normalise_upn(upn))).first()
        if pupil is None or pupil.id is None:
            return None
        if actor.role is not Role.SUPPORT and actor.establishment_id != pupil.establishment_id:
            return None
        return pupil.id, pupil.establishment_id, pupil.archived


# --- profile --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """An establishment's own names for its 6 custom filters and 20 classes."""

    custom_names: tuple[str, ...]
    class_names: tuple[str, ...]


def get_profile(db: Database, actor: Actor, establishment_id: int) -> Profile:
    actor.require_establishment(establishment_id)
    with db.read() as session:
        return get_profile_in(session, establishment_id)


def update_profile(db: Database, actor: Actor, establishment_id: int, profile: Profile) -> Profile:
    """Rename custom filters and classes (managers and support).

    Raises:
        InvalidInput: a blank or long name, or two classes with one name.
    """
    actor.require_establishment(establishment_id)
    if actor.role is Role.USER:
        raise PermissionDenied("Only a manager can change the establishment's profile.")
    customs = tuple(one_line(name) for name in profile.custom_names)
    classes = tuple(one_line(name) for name in profile.class_names)
    if len(customs) != 6 or len(classes) != CLASS_SLOTS:
        raise InvalidInput(f"A profile has 6 custom filter names and {CLASS_SLOTS} class names.")
    for kind, field, names in (("custom filter", "custom", customs), ("class", "class", classes)):
        for index, name in enumerate(names, start=1):
            if not name:
                raise InvalidInput(f"Give {kind} {index} a name.", field=f"{field}_{index}")
            if len(name) > MAX_CLASS_NAME:
                raise InvalidInput(
                    f"The name of {kind} {index} can be at most {MAX_CLASS_NAME} characters "
                    f"({len(name)} given): nothing was saved.",
                    field=f"{field}_{index}",
                )
    folded = [fold(name) for name in classes]
    for index, name in enumerate(folded):
        if name in folded[:index]:
            raise InvalidInput(
                f"Two classes are called {classes[index]!r}; class names must differ.",
                field=f"class_{index + 1}",
            )
    with db.write() as session:
        before = get_profile_in(session, establishment_id)
        establishment = session.get(Establishment, establishment_id)
        assert establishment is not None
        audits: list[AuditRecord] = []
        for n, (old, new) in enumerate(zip(before.custom_names, customs, strict=True), start=1):
            if old != new:
                setattr(establishment, f"custom_{n}_name", new)
                audits.append(
                    AuditRecord(
                        "rename custom filter", establishment_id, None, f"CUSTOM {n}", old, new
                    )
                )
        session.add(establishment)
        for slot, (old, new) in enumerate(zip(before.class_names, classes, strict=True), start=1):
            if old == new:
                continue
            row = session.scalars(
                select(SchoolClass).where(
                    col(SchoolClass.establishment_id) == establishment_id,
                    col(SchoolClass.slot) == slot,
                )
            ).first() or SchoolClass(establishment_id=establishment_id, slot=slot, name=new)
            row.name = new
            session.add(row)
            audits.append(
                AuditRecord("rename class", establishment_id, None, f"class {slot}", old, new)
            )
        record(session, actor, audits)
    return Profile(customs, classes)


def get_profile_in(session: Session, establishment_id: int) -> Profile:
    establishment = session.get(Establishment, establishment_id)
    if establishment is None:
        raise NotFound("That establishment does not exist.")
    customs = tuple(getattr(establishment, f"custom_{n}_name") for n in range(1, 7))
    return Profile(customs, tuple(class_names(session, establishment_id)))


def default_profile() -> Profile:
    return Profile(
        tuple(f"CUSTOM {n}" for n in range(1, 7)),
        tuple(default_class_name(slot) for slot in range(1, CLASS_SLOTS + 1)),
    )
