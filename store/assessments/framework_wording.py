"""The names of a framework as a local authority and its schools word them (store.curriculum.
wording): read with a cohort, listed for the wording screen and the command line, and set by
support for every school or by a school's manager for theirs, checked and audited.

A school reads its own words over its authority's, over the program's. Only frameworks whose
words are not statutory may be worded (small steps, the engagement model).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import func
from sqlmodel import Session, col, select

from store.core.access import Actor, PermissionDenied, may_word_names
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.errors import InvalidInput
from store.core.models import AssessmentPeriod
from store.core.models import Judgement as JudgementRow
from store.core.models_wording import WordingRow
from store.core.typed_text import clean_typed
from store.core.words import plural
from store.curriculum import frameworks
from store.curriculum.framework import Framework
from store.curriculum.name_slots import NameSlot
from store.curriculum.wording import NO_WORDING, Wording, slots, words_problem

ACTION = "word a name"
WHO_MAY = (
    "Only support can word the names every school reads; a school's manager (or support) can "
    "word the school's own."
)


@dataclass(frozen=True)
class WordedName:
    """One name: the program's words, the local authority's and the establishment's own."""

    slot: NameSlot
    authority: str | None = None
    own: str | None = None

    @property
    def now(self) -> str:
        """What the establishment reads."""
        return self.own or self.authority or self.slot.shipped

    @property
    def source(self) -> str:
        if self.own:
            return "the school's"
        return "the authority's" if self.authority else "as shipped"


def wording_in(session: Session, establishment_id: int) -> Wording:
    """Every name the establishment reads worded otherwise, inside the caller's session (the
    cohort's read): its authority's, then its own over them."""
    texts: dict[str, dict[str, str]] = {}
    rows = session.exec(
        select(WordingRow)
        .where(
            (col(WordingRow.establishment_id) == establishment_id)
            | col(WordingRow.establishment_id).is_(None)
        )
        .order_by(col(WordingRow.establishment_id).is_not(None), col(WordingRow.id))
    )
    for row in rows:
        texts.setdefault(row.framework, {})[row.key] = row.text
    return Wording(texts)


def wording_for(session: Session, establishment_id: int, framework_ids: Iterable[str]) -> Wording:
    """The establishment's words, read only when one of these frameworks has names to word: an
    EYFS or KS1 cohort (the grid's reads, the colleagues' poll) reads nothing more."""
    for framework_id in set(framework_ids):
        try:
            if frameworks.by_id(framework_id).scale_wording is not None:
                return wording_in(session, establishment_id)
        except frameworks.UnknownFramework:
            continue  # a newer version's: not shown
    return NO_WORDING


def wordable(framework_id: str) -> Framework:
    """The framework of that id, if its names may be worded.

    Raises:
        InvalidInput: no such framework, or its words are the statutory ones.
    """
    try:
        framework = frameworks.by_id(framework_id)
    except frameworks.UnknownFramework as error:
        raise InvalidInput(str(error), field="framework") from error
    if not slots(framework):
        worded = ", ".join(f.id for f in frameworks.known() if slots(f))
        raise InvalidInput(
            f"{framework.name}'s names are the statutory ones and stay as they are: names "
            f"can be worded in {worded}.",
            field="framework",
        )
    return framework


def _rows(session: Session, establishment_id: int | None, framework_id: str) -> list[WordingRow]:
    scope = (
        col(WordingRow.establishment_id).is_(None)
        if establishment_id is None
        else col(WordingRow.establishment_id) == establishment_id
    )
    return list(
        session.exec(
            select(WordingRow)
            .where(scope, col(WordingRow.framework) == framework_id)
            .order_by(col(WordingRow.id))
        )
    )


def _names(
    session: Session, establishment_id: int | None, framework: Framework
) -> list[WordedName]:
    authority = {row.key: row.text for row in _rows(session, None, framework.id)}
    own = {}
    if establishment_id is not None:
        own = {row.key: row.text for row in _rows(session, establishment_id, framework.id)}
    return [
        WordedName(slot, authority.get(slot.key), own.get(slot.key)) for slot in slots(framework)
    ]


def _require_unused(
    session: Session, establishment_id: int | None, framework: Framework, slot: NameSlot
) -> None:
    """Refuse to take away the name of a point the scale has only while named (a school's
    fifth engagement point) while judgements that would lose it hold it: the school's own (if
    its authority does not name the point), or (the authority's) those of schools that do not
    name it themselves."""
    assert framework.scale_wording is not None
    code = framework.scale_wording.optional.get(slot.key)
    if code is None:
        return
    held = (
        select(func.count())
        .select_from(JudgementRow)
        .join(AssessmentPeriod, col(AssessmentPeriod.id) == col(JudgementRow.period_id))
        .where(col(AssessmentPeriod.framework) == framework.id, col(JudgementRow.value) == code)
    )
    if establishment_id is not None:
        if any(row.key == slot.key for row in _rows(session, None, framework.id)):
            return  # the authority's name stays
        held = held.where(col(AssessmentPeriod.establishment_id) == establishment_id)
    else:
        own = select(col(WordingRow.establishment_id)).where(
            col(WordingRow.framework) == framework.id,
            col(WordingRow.key) == slot.key,
            col(WordingRow.establishment_id).is_not(None),
        )
        held = held.where(col(AssessmentPeriod.establishment_id).not_in(own))
    count = session.exec(held).one()
    if count:
        raise InvalidInput(
            f"{slot.what} {code} holds {plural(count, 'observation')}: it keeps its name while "
            "they do. Change them to another point first.",
            field=slot.key,
        )


def framework_names(
    db: Database, actor: Actor, establishment_id: int | None, framework_id: str
) -> tuple[WordedName, ...]:
    """Every name of the framework with each one's words: for an establishment, or (None) the
    local authority's for every school.

    Raises:
        PermissionDenied: not this establishment's.
        InvalidInput: no such framework, or its names cannot be worded.
    """
    if establishment_id is not None:
        actor.require_establishment(establishment_id)
    framework = wordable(framework_id)
    with db.read() as session:
        return tuple(_names(session, establishment_id, framework))


def set_framework_names(
    db: Database,
    actor: Actor,
    establishment_id: int | None,
    framework_id: str,
    texts: Mapping[str, str],
    *,
    now: datetime | None = None,
) -> int:
    """Word the framework's names by key (`texts`; blank: back to the authority's words, or
    the program's), for an establishment or (None) for every school; all or nothing, each
    change audited. Returns how many names changed.

    Raises:
        PermissionDenied: a school's names by anyone but its manager or support; every
            school's by anyone but support.
        InvalidInput: no such framework or one whose names cannot be worded (`field`
            "framework"); a name it does not have, words too long, or the name of a point
            the scale has only while named taken away while observations hold it (`field`
            the key). Control characters are dropped, spaces made single.
    """
    if establishment_id is not None:
        actor.require_establishment(establishment_id)
    if not may_word_names(actor, establishment_id):
        raise PermissionDenied(WHO_MAY)
    framework = wordable(framework_id)
    wanted = {key: " ".join(clean_typed(text).split()) for key, text in texts.items()}
    for key, text in wanted.items():
        problem = words_problem(framework, key, text)
        if problem is not None:
            raise InvalidInput(problem, field=key)
    at = now or datetime.now(timezone.utc)
    shipped = {slot.key: slot for slot in slots(framework)}
    scope = "every school" if establishment_id is None else "the school"
    with db.write() as session:
        existing: dict[str, list[WordingRow]] = {}
        for row in _rows(session, establishment_id, framework.id):
            existing.setdefault(row.key, []).append(row)
        for key, text in wanted.items():
            if not text and existing.get(key):
                _require_unused(session, establishment_id, framework, shipped[key])
        audits = []
        for key, text in wanted.items():
            rows = existing.get(key, [])
            old = rows[-1].text if rows else None
            if (old or "") == text:
                continue
            for row in rows:
                session.delete(row)
            if rows:
                session.flush()  # the unique row goes before its replacement comes
            if text:
                session.add(
                    WordingRow(
                        establishment_id=establishment_id,
                        framework=framework.id,
                        key=key,
                        text=text,
                        set_by=actor.username,
                        set_at=at,
                    )
                )
            slot = shipped[key]
            target = f"{framework.name}, {slot.what} {slot.shipped!r} for {scope}"
            audits.append(AuditRecord(ACTION, establishment_id, None, target, old, text or None))
        # With nothing changed too: an ended session is refused, not told it worked.
        record(session, actor, audits, at=at)
        return len(audits)
