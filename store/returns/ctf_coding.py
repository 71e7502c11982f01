"""How each subject of a CTF return is coded (Stage, Subject, Method, Component, ResultQualifier):
the program's own table (store.curriculum.ctf_components) or the support team's row in its place.

The DfE's assessment component files are not public here, so the program's table is a best
reading that a local authority may correct; support sets a subject's coding in the app, and
resets it to the program's own by deleting their row. Every change is audited with the old and
new coding. Only support reads or sets them: the coding is every school's, like the phonics
threshold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import select
from sqlmodel import Session

from store.core.access import Actor, PermissionDenied, Role
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound
from store.core.models_returns import CtfComponent
from store.curriculum import frameworks
from store.curriculum.ctf_components import CtfCoding, built_in_coding
from store.curriculum.eyfs_frameworks import EYFS_ELG_ID
from store.curriculum.ks1 import KS1_TA_ID
from store.returns.ctf_data import ReturnKind

SET_ACTION = "set CTF coding"
RESET_ACTION = "reset CTF coding"
SUPPORT_ONLY = (
    "Only the local authority's support team sets how a CTF codes each subject: ask them to."
)
RETURNED: dict[str, ReturnKind] = {KS1_TA_ID: ReturnKind.KS1, EYFS_ELG_ID: ReturnKind.EYFSP}
"""The frameworks a CTF return carries (as store.returns.ctf_gather reads them), in order."""


@dataclass(frozen=True, slots=True)
class CodingField:
    """One part of a coding: its attribute (on CtfCoding and CtfComponent), the CTF element."""

    field: str
    element: str
    max_length: int


def _max_length(field: str) -> int:
    # The table's own limit, so the check and the column never disagree.
    length = getattr(CtfComponent.__table__.columns[field].type, "length", None)  # type: ignore[attr-defined]
    assert isinstance(length, int)
    return length


FIELDS = tuple(
    CodingField(field, element, _max_length(field))
    for field, element in (
        ("stage", "Stage"),
        ("ctf_subject", "Subject"),
        ("method", "Method"),
        ("component", "Component"),
        ("result_qualifier", "ResultQualifier"),
    )
)
_CODING_ATTRIBUTE = {"ctf_subject": "subject"}  # CtfCoding's name where the table's differs


@dataclass(frozen=True, slots=True)
class CodingRow:
    """One subject's coding as a CTF writes it now: support's (`set_by`, `set_at`) or the
    program's own (`set_by` None); `coding` None when neither has one (the return refuses)."""

    kind: ReturnKind
    framework_id: str
    subject: str
    subject_name: str
    coding: CtfCoding | None
    set_by: str | None = None
    set_at: datetime | None = None

    @property
    def built_in(self) -> bool:
        return self.set_by is None


def coding_values(coding: CtfCoding) -> tuple[str, ...]:
    """The coding's five values, in FIELDS' order."""
    return tuple(getattr(coding, _CODING_ATTRIBUTE.get(part.field, part.field)) for part in FIELDS)


def said(coding: CtfCoding | None) -> str:
    """ "Stage KS1, Subject ENG, Method TA, Component READ, ResultQualifier NV" (for the trail)."""
    if coding is None:
        return "none"
    values = coding_values(coding)
    return ", ".join(f"{part.element} {value}" for part, value in zip(FIELDS, values, strict=True))


def _require_support(actor: Actor) -> None:
    if actor.role is not Role.SUPPORT:
        raise PermissionDenied(SUPPORT_ONLY)


def _subject_name(framework_id: str, subject: str) -> str:
    """The subject's name, or NotFound when no CTF return carries it."""
    found = frameworks.by_id(framework_id).subject(subject) if framework_id in RETURNED else None
    if found is None:
        raise NotFound(f"No CTF return carries a subject {subject!r} of {framework_id!r}.")
    return found.name


def _coding_row(
    framework_id: str, subject: str, name: str, stored: CtfComponent | None
) -> CodingRow:
    kind = RETURNED[framework_id]
    if stored is None:
        return CodingRow(kind, framework_id, subject, name, built_in_coding(framework_id, subject))
    coding = CtfCoding(
        stored.stage, stored.ctf_subject, stored.method, stored.component, stored.result_qualifier
    )
    return CodingRow(kind, framework_id, subject, name, coding, stored.set_by, stored.set_at)


def _row(session: Session, framework_id: str, subject: str) -> CodingRow:
    name = _subject_name(framework_id, subject)
    stored = session.get(CtfComponent, (framework_id, subject))
    return _coding_row(framework_id, subject, name, stored)


def ctf_codings(db: Database, actor: Actor) -> list[CodingRow]:
    """Every subject a CTF return carries, framework by framework in the framework's order, with
    the coding a return writes now (support only).

    Raises:
        PermissionDenied: not support.
    """
    _require_support(actor)
    with db.read() as session:
        stored = {
            (row.framework, row.subject): row for row in session.scalars(select(CtfComponent)).all()
        }
        return [
            _coding_row(framework_id, code.code, code.name, stored.get((framework_id, code.code)))
            for framework_id in RETURNED
            for code in frameworks.by_id(framework_id).subjects
        ]


def checked_value(part: CodingField, typed: str) -> str:
    """`typed` as stored: trimmed; refused unless plain printable ASCII within the table's
    length (a CTF's codes are: KS1, ENG, TA, READ, NV).

    Raises:
        InvalidInput: blank, too long, or a control or non-ASCII character; `field` names it.
    """
    value = typed.strip(" ")  # a tab or line break at either end is refused, not dropped
    if not value:
        raise InvalidInput(f"{part.element} cannot be blank.", field=part.field)
    if any(not character.isprintable() for character in value):
        raise InvalidInput(
            f"{part.element} holds a control character (a key that is not a letter, digit or "
            "sign): type it again.",
            field=part.field,
        )
    if not value.isascii():
        raise InvalidInput(
            f"{part.element} is plain letters, digits and signs (A to Z, 0 to 9), as the DfE's "
            f"codes are; {value[:20]!r} is not.",
            field=part.field,
        )
    if len(value) > part.max_length:
        raise InvalidInput(
            f"{part.element} is at most {part.max_length} characters; {value[:20]!r} has "
            f"{len(value)}.",
            field=part.field,
        )
    return value


def set_ctf_coding(
    db: Database,
    actor: Actor,
    framework_id: str,
    subject: str,
    *,
    stage: str,
    ctf_subject: str,
    method: str,
    component: str,
    result_qualifier: str,
    now: datetime | None = None,
) -> CodingRow:
    """Set how CTF returns code one subject, in place of the program's own (support only).

    Every value is checked before anything is written; the change is audited with the old and
    new coding in the same transaction (setting what is already set writes nothing).

    Raises:
        PermissionDenied: not support. NotFound: no CTF return carries that subject.
        InvalidInput: a blank, too long or unprintable value (`field` names which).
    """
    _require_support(actor)
    typed = (stage, ctf_subject, method, component, result_qualifier)
    values = [checked_value(part, text) for part, text in zip(FIELDS, typed, strict=True)]
    coding = CtfCoding(*values)
    at = now or datetime.now(timezone.utc)
    with db.write() as session:
        before = _row(session, framework_id, subject)
        audits = []
        if before.built_in or before.coding != coding:
            stored = session.get(CtfComponent, (framework_id, subject)) or CtfComponent(
                framework=framework_id, subject=subject, set_by=actor.username, **_stored(coding)
            )
            for field, value in _stored(coding).items():
                setattr(stored, field, value)
            stored.set_by, stored.set_at = actor.username, at
            session.add(stored)
            audits.append(_audit(SET_ACTION, before, said(coding)))
        # With nothing changed too: an ended session is refused, not told it worked.
        record(session, actor, audits, at=at)
        if not audits:
            return before
        return CodingRow(
            before.kind, framework_id, subject, before.subject_name, coding, actor.username, at
        )


def reset_ctf_coding(
    db: Database, actor: Actor, framework_id: str, subject: str, *, now: datetime | None = None
) -> CodingRow:
    """Put a subject back to the program's own coding: support's row goes (support only).

    Audited with the coding it had and the one it takes; a subject already on the program's
    coding writes nothing.

    Raises:
        PermissionDenied: not support. NotFound: no CTF return carries that subject.
    """
    _require_support(actor)
    at = now or datetime.now(timezone.utc)
    with db.write() as session:
        before = _row(session, framework_id, subject)
        audits = []
        stored = session.get(CtfComponent, (framework_id, subject))
        if stored is not None:
            session.delete(stored)
            own = built_in_coding(framework_id, subject)
            audits.append(_audit(RESET_ACTION, before, f"{said(own)} (built in)"))
        record(session, actor, audits, at=at)
        if not audits:
            return before
        return CodingRow(
            before.kind,
            framework_id,
            subject,
            before.subject_name,
            built_in_coding(framework_id, subject),
        )


def _stored(coding: CtfCoding) -> dict[str, str]:
    return {part.field: value for part, value in zip(FIELDS, coding_values(coding), strict=True)}


def _audit(action: str, before: CodingRow, new: str) -> AuditRecord:
    old = said(before.coding) + (" (built in)" if before.built_in else "")
    target = f"CTF coding {before.kind.title}: {before.subject_name}"
    return AuditRecord(action, None, None, target, old, new)
