"""Writing changes to the grid: each call one transaction, with an audit row per change."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlmodel import Session, col

from store.assessments.changes import (
    MAX_NOTE_LENGTH,
    Change,
    ElgChange,
    IncludeChange,
    JudgementChange,
    PeriodNoteChange,
    apply_elg_outcome,
    normalise_cell,
)
from store.assessments.cohort import BLANK, CELL_COLUMNS, Cell, period_or_layer_in_use, stored_cell
from store.assessments.cohort_lock import moves_of, require_submitted_cohorts_unchanged
from store.assessments.conflicts import SeenCheck, Written
from store.assessments.elg_submission import require_open_sections
from store.assessments.framework_checks import (
    framework_by_id,
    require_assessed_another_way,
    require_in_framework,
    worded_frameworks,
)
from store.assessments.period_submission import locked_message
from store.core.access import Actor
from store.core.audit import AuditRecord, record
from store.core.db import Database, dialect_insert
from store.core.errors import InvalidInput, Locked, NotFound
from store.core.models import AssessmentPeriod, ElgResult, ElgSection, PeriodNote, Pupil
from store.core.models import Judgement as JudgementRow
from store.core.typed_text import clean_typed
from store.curriculum.codes import plain_code
from store.curriculum.eyfs import AREA_CODES, ElgOutcome
from store.curriculum.framework import Framework

# --- Writing changes --------------------------------------------------------------------------


# The statements of an entry run through the session's connection: the ORM's handling of each
# (results, bulk inserts) cost more than the statements themselves, on every keystroke.


def _upsert(session: Session, model: Any, values: list[dict[str, Any]], keys: list[str]) -> None:
    if not values:
        return
    columns = tuple(sorted(name for name in values[0] if name not in keys))
    statement = _upsert_statement(dialect_insert(session), model.__table__, tuple(keys), columns)
    session.connection().execute(statement, values)


@lru_cache(maxsize=32)
def _upsert_statement(
    insert: Any, table: Any, keys: tuple[str, ...], columns: tuple[str, ...]
) -> Any:
    """Built once per table and columns (building it took 0.5 ms an entry)."""
    statement = insert(table)
    return statement.on_conflict_do_update(
        index_elements=list(keys), set_={name: statement.excluded[name] for name in columns}
    )


# Built once: building these statements at every entry cost about as much as running them.
# The pupils' rows stay locked until the write commits (PostgreSQL; an SQLite write holds the
# whole database): two clerks writing one pupil's cells take turns, so each reads the value
# the other wrote before it, and the audit records only changes that happened. Locked in id
# order, so that two writers never each hold a pupil the other waits for.
_ON_ROLL = (
    select(col(Pupil.id))
    .where(
        col(Pupil.id).in_(bindparam("pupil_ids", expanding=True)),
        col(Pupil.establishment_id) == bindparam("establishment_id"),
        col(Pupil.archived) == False,  # noqa: E712
    )
    .order_by(col(Pupil.id))
    .with_for_update()
)
_LIVE_PERIODS = select(
    col(AssessmentPeriod.id),
    col(AssessmentPeriod.name),
    col(AssessmentPeriod.framework),
    col(AssessmentPeriod.submitted_by),
    col(AssessmentPeriod.submitted_at),
).where(
    col(AssessmentPeriod.id).in_(bindparam("period_ids", expanding=True)),
    col(AssessmentPeriod.establishment_id) == bindparam("establishment_id"),
    period_or_layer_in_use(),
)
_CELLS = select(*CELL_COLUMNS).where(
    col(JudgementRow.period_id).in_(bindparam("period_ids", expanding=True)),
    col(JudgementRow.pupil_id).in_(bindparam("pupil_ids", expanding=True)),
)


def _check_pupils(session: Session, establishment_id: int, pupil_ids: set[int]) -> None:
    if not pupil_ids:
        return
    found = set(
        session.connection().scalars(
            _ON_ROLL, {"pupil_ids": sorted(pupil_ids), "establishment_id": establishment_id}
        )
    )
    if found != pupil_ids:
        raise NotFound("A pupil in this change is not on this establishment's roll any more.")


def check_periods(session: Session, establishment_id: int, period_ids: set[int]) -> dict[int, str]:
    """The periods' names, after checking that each is a live period of the establishment."""
    return {
        key: name for key, (name, _) in _live_periods(session, establishment_id, period_ids).items()
    }


def _live_periods(
    session: Session, establishment_id: int, period_ids: set[int]
) -> dict[int, tuple[str, str]]:
    """{period id: (name, framework id)} of the periods, each a live period of the establishment
    whose results were not submitted.

    Raises:
        NotFound: one is not live. Locked: one was submitted (store.assessments.period_submission).
    """
    if not period_ids:
        return {}
    rows = session.connection().execute(
        _LIVE_PERIODS, {"period_ids": sorted(period_ids), "establishment_id": establishment_id}
    )
    found: dict[int, tuple[str, str]] = {}
    for period_id, name, framework, submitted_by, submitted_at in rows:
        if submitted_at is not None:
            raise Locked(locked_message(name, submitted_by, submitted_at))
        if period_id is not None:
            found[period_id] = (str(name), str(framework))
    if set(found) != period_ids:
        raise NotFound("An assessment period in this change no longer exists.")
    return found


def write_changes(
    db: Database,
    actor: Actor,
    establishment_id: int,
    requested: Sequence[Change],
    action: str = "edit",
    *,
    today: date | None = None,
) -> list[Change]:
    """Apply the requested changes' `after` values in one transaction, with an audit row each.

    The `before` of each requested change is ignored: it is read inside the transaction, so the
    returned changes (the ones that really changed something) can be undone exactly. What a
    person asks for from the grid is written with `write_as_seen` instead.

    Raises:
        PermissionDenied, NotFound, Locked, InvalidInput: nothing is written.
    """
    return _write(db, actor, establishment_id, requested, action, today, SeenCheck(False)).applied


def write_as_seen(
    db: Database,
    actor: Actor,
    establishment_id: int,
    requested: Sequence[Change],
    action: str = "edit",
    *,
    today: date | None = None,
) -> Written:
    """As `write_changes`, but each change only where its cell still holds the change's
    `before`, what the person saw (store/assessments/conflicts.py); the others are returned as
    conflicts, with who changed the cell last and when.

    Raises:
        PermissionDenied, NotFound, Locked, InvalidInput: nothing is written.
    """
    return _write(db, actor, establishment_id, requested, action, today, SeenCheck(True))


def _write(
    db: Database,
    actor: Actor,
    establishment_id: int,
    requested: Sequence[Change],
    action: str,
    today: date | None,
    check: SeenCheck,
) -> Written:
    actor.require_establishment(establishment_id)
    with db.write() as session:
        return _write_in(session, actor, establishment_id, requested, action, today, check)


def write_in_transaction(
    session: Session,
    actor: Actor,
    establishment_id: int,
    requested: Sequence[Change],
    action: str = "edit",
    *,
    today: date | None = None,
) -> list[Change]:
    """As `write_changes`, in the caller's write transaction (an import writes its pupils in it
    first: pupils and results go together or not at all); a refusal leaves it to roll back."""
    actor.require_establishment(establishment_id)
    check = SeenCheck(False)
    return _write_in(session, actor, establishment_id, requested, action, today, check).applied


def _write_in(
    session: Session,
    actor: Actor,
    establishment_id: int,
    requested: Sequence[Change],
    action: str,
    today: date | None,
    check: SeenCheck,
) -> Written:
    pupils = {change.pupil_id for change in requested}
    _check_pupils(session, establishment_id, pupils)
    judgements = [c for c in requested if isinstance(c, JudgementChange)]
    notes = [c for c in requested if isinstance(c, PeriodNoteChange)]
    periods = _live_periods(
        session,
        establishment_id,
        {c.period_id for c in judgements} | {c.period_id for c in notes},
    )
    period_names = {key: name for key, (name, _) in periods.items()}
    elg = [c for c in requested if isinstance(c, ElgChange)]
    includes = [c for c in requested if isinstance(c, IncludeChange)]
    # Submitted results are locked here, for every caller: entry, fills, undo and redo.
    require_open_sections(session, establishment_id, {c.section_id for c in elg})
    _require_elg_in_frameworks(session, elg)
    require_submitted_cohorts_unchanged(
        session,
        moves=moves_of(session, {c.pupil_id: {"include_in_data": c.after} for c in includes}),
        today=today,
    )
    applied: list[Change] = []
    framework_of = {key: framework for key, (_, framework) in periods.items()}
    worded = worded_frameworks(session, establishment_id, framework_of)
    applied += _write_judgements(session, judgements, framework_of, worded, check)
    applied += _write_period_notes(session, notes, check)
    applied += _write_elg(session, elg, check)
    applied += _write_includes(session, includes, check)
    audited = record(
        session, actor, [_audit(establishment_id, c, action, period_names) for c in applied]
    )
    targets = [
        (c.current.pupil_id, _audit(establishment_id, c.current, action, period_names).target)
        for c in check.conflicts
    ]
    return Written(applied, check.named(session, targets), audited)


def _write_judgements(
    session: Session,
    requested: list[JudgementChange],
    framework_of: dict[int, str],
    worded: dict[int, Framework],
    check: SeenCheck,
) -> list[Change]:
    """Write judgements, each checked against its period's framework first (EYFS in-year: an
    area of development, and Below or On track; `worded`: as the establishment words it)."""
    if not requested:
        return []
    for change in requested:
        after = change.after
        require_in_framework(worded[change.period_id], change.area_code, after.value, after.number)
    require_assessed_another_way(session, requested, framework_of)
    before: dict[tuple[int, int, str], Cell] = {}
    wanted = {
        "period_ids": sorted({c.period_id for c in requested}),
        "pupil_ids": sorted({c.pupil_id for c in requested}),
    }
    for pupil_id, period_id, code, value, beyond, note, number in session.connection().execute(
        _CELLS, wanted
    ):
        before[(pupil_id, period_id, code)] = stored_cell(
            framework_of[period_id], value, beyond, note, number
        )
    final: dict[tuple[int, int, str], Cell] = {}
    for change in requested:
        key = (change.pupil_id, change.period_id, change.area_code)
        after = normalise_cell(change.after, worded[change.period_id])
        now = before.get(key, BLANK)
        # A cell that already holds what is asked loses nothing, whoever wrote it.
        if key not in final and now != after and not check.holds(change, now):
            continue
        final[key] = after
    applied: list[Change] = []
    upserts: list[dict[str, Any]] = []
    for key, after in final.items():
        old = before.get(key, BLANK)
        if old == after:
            continue
        pupil_id, period_id, code = key
        applied.append(JudgementChange(pupil_id, period_id, code, old, after))
        if after.is_blank:
            session.execute(
                delete(JudgementRow).where(
                    col(JudgementRow.pupil_id) == pupil_id,
                    col(JudgementRow.period_id) == period_id,
                    col(JudgementRow.area_code) == code,
                )
            )
        else:
            upserts.append(
                {
                    "pupil_id": pupil_id,
                    "period_id": period_id,
                    "area_code": code,
                    "value": plain_code(after.value) if after.value else None,
                    "number": after.number,
                    "gone_beyond": after.gone_beyond.value if after.gone_beyond else None,
                    "note": after.note,
                }
            )
    _upsert(session, JudgementRow, upserts, ["pupil_id", "period_id", "area_code"])
    return applied


def _write_period_notes(
    session: Session, requested: list[PeriodNoteChange], check: SeenCheck
) -> list[Change]:
    applied: list[Change] = []
    for change in requested:
        text = clean_typed(change.after or "").strip() or None
        if text is not None and len(text) > MAX_NOTE_LENGTH:
            raise InvalidInput(f"Notes can be at most {MAX_NOTE_LENGTH} characters.")
        old = session.scalar(
            select(col(PeriodNote.text)).where(
                col(PeriodNote.pupil_id) == change.pupil_id,
                col(PeriodNote.period_id) == change.period_id,
            )
        )
        if old == text or not check.holds(change, old):
            continue
        applied.append(PeriodNoteChange(change.pupil_id, change.period_id, old, text))
        if text is None:
            session.execute(
                delete(PeriodNote).where(
                    col(PeriodNote.pupil_id) == change.pupil_id,
                    col(PeriodNote.period_id) == change.period_id,
                )
            )
        else:
            _upsert(
                session,
                PeriodNote,
                [{"pupil_id": change.pupil_id, "period_id": change.period_id, "text": text}],
                ["pupil_id", "period_id"],
            )
    return applied


def _write_elg(session: Session, requested: list[ElgChange], check: SeenCheck) -> list[Change]:
    if not requested:
        return []
    rows: dict[tuple[int, int], dict[str, ElgOutcome | None]] = {}
    for change in requested:
        rows.setdefault((change.section_id, change.pupil_id), dict.fromkeys(AREA_CODES))
    for section_id, pupil_id, code, outcome in session.execute(
        select(
            col(ElgResult.section_id),
            col(ElgResult.pupil_id),
            col(ElgResult.area_code),
            col(ElgResult.outcome),
        )
        .where(col(ElgResult.section_id).in_({key[0] for key in rows}))
        .where(col(ElgResult.pupil_id).in_({key[1] for key in rows}))
    ):
        if (section_id, pupil_id) in rows:
            rows[(section_id, pupil_id)][code] = ElgOutcome(outcome)
    originals = {key: dict(row) for key, row in rows.items()}
    for change in requested:
        key = (change.section_id, change.pupil_id)
        now = originals[key][change.area_code]
        if now == change.after or check.holds(change, now):
            rows[key] = apply_elg_outcome(rows[key], change.area_code, change.after)
    applied: list[Change] = []
    upserts: list[dict[str, Any]] = []
    for (section_id, pupil_id), row in rows.items():
        for code in AREA_CODES:
            old, new = originals[(section_id, pupil_id)][code], row[code]
            if old == new:
                continue
            applied.append(ElgChange(section_id, pupil_id, code, old, new))
            if new is None:
                session.execute(
                    delete(ElgResult).where(
                        col(ElgResult.section_id) == section_id,
                        col(ElgResult.pupil_id) == pupil_id,
                        col(ElgResult.area_code) == code,
                    )
                )
            else:
                upserts.append(
                    {
                        "section_id": section_id,
                        "pupil_id": pupil_id,
                        "area_code": code,
                        "outcome": new.value,
                    }
                )
    _upsert(session, ElgResult, upserts, ["section_id", "pupil_id", "area_code"])
    return applied


def _require_elg_in_frameworks(session: Session, requested: list[ElgChange]) -> None:
    """Each outcome checked against its section's framework (the End of Year ELGs: one of the
    17 goals, and Emerging, Expected or Absent)."""
    if not requested:
        return
    framework_of = dict(
        session.execute(
            select(col(ElgSection.id), col(ElgSection.framework)).where(
                col(ElgSection.id).in_({c.section_id for c in requested})
            )
        ).all()
    )
    for change in requested:
        framework = framework_by_id(framework_of[change.section_id])
        require_in_framework(framework, change.area_code, change.after, None)


def _write_includes(
    session: Session, requested: list[IncludeChange], check: SeenCheck
) -> list[Change]:
    applied: list[Change] = []
    for change in requested:
        old = session.scalar(
            select(col(Pupil.include_in_data)).where(col(Pupil.id) == change.pupil_id)
        )
        if old is None or bool(old) == change.after or not check.holds(change, bool(old)):
            continue
        session.execute(
            update(Pupil)
            .where(col(Pupil.id) == change.pupil_id)
            .values(include_in_data=change.after)
        )
        applied.append(IncludeChange(change.pupil_id, bool(old), change.after))
    return applied


def _audit(
    establishment_id: int, change: Change, action: str, period_names: dict[int, str]
) -> AuditRecord:
    if isinstance(change, JudgementChange):
        return AuditRecord(
            f"{action} judgement",
            establishment_id,
            change.pupil_id,
            f"{period_names.get(change.period_id, change.period_id)} / {change.area_code}",
            change.before.describe(),
            change.after.describe(),
        )
    if isinstance(change, ElgChange):
        return AuditRecord(
            f"{action} early learning goal",
            establishment_id,
            change.pupil_id,
            f"ELG / {change.area_code}",
            change.before.label if change.before else "blank",
            change.after.label if change.after else "blank",
        )
    if isinstance(change, PeriodNoteChange):
        return AuditRecord(
            f"{action} period notes",
            establishment_id,
            change.pupil_id,
            f"{period_names.get(change.period_id, change.period_id)} / Notes",
            change.before,
            change.after,
        )
    return AuditRecord(
        f"{action} include in data",
        establishment_id,
        change.pupil_id,
        "Include in Data",
        "Yes" if change.before else "No",
        "Yes" if change.after else "No",
    )
