"""Assessment periods, End of Year ELG sections, and every change to the grid."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from typing import Any, TypeAlias

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from store.access import Actor
from store.audit import AuditRecord, record
from store.cohort import (
    BLANK,
    Cell,
    ElgSectionInfo,
    PeriodInfo,
    load_elg_section,
    load_periods,
)
from store.curriculum import (
    AREA_BY_CODE,
    AREA_CODES,
    EARLY_YEARS,
    ElgOutcome,
    GoneBeyond,
    Judgement,
    YearGroup,
)
from store.db import Database
from store.errors import InvalidInput, Locked, NotFound
from store.models import AssessmentPeriod, ElgResult, ElgSection, PeriodNote, PeriodYearGroup, Pupil
from store.models import Judgement as JudgementRow
from store.rules import academic_year_of, format_academic_year

MAX_NOTE_LENGTH = 2000
MAX_PERIOD_NAME = 60


# --- What a change is -------------------------------------------------------------------------


@dataclass(frozen=True)
class JudgementChange:
    pupil_id: int
    period_id: int
    area_code: str
    before: Cell
    after: Cell


@dataclass(frozen=True)
class ElgChange:
    section_id: int
    pupil_id: int
    area_code: str
    before: ElgOutcome | None
    after: ElgOutcome | None


@dataclass(frozen=True)
class PeriodNoteChange:
    pupil_id: int
    period_id: int
    before: str | None
    after: str | None


@dataclass(frozen=True)
class IncludeChange:
    pupil_id: int
    before: bool
    after: bool


Change: TypeAlias = JudgementChange | ElgChange | PeriodNoteChange | IncludeChange


def inverse(change: Change) -> Change:
    """The change that puts back what `change` replaced."""
    return replace(change, before=change.after, after=change.before)  # type: ignore[arg-type]


def judgement_edit(pupil_id: int, period_id: int, area_code: str, after: Cell) -> JudgementChange:
    """A requested judgement change; `before` is read from the database when it is applied."""
    return JudgementChange(pupil_id, period_id, area_code, BLANK, after)


def elg_edit(section_id: int, pupil_id: int, area_code: str, after: ElgOutcome | None) -> ElgChange:
    return ElgChange(section_id, pupil_id, area_code, None, after)


def note_edit(pupil_id: int, period_id: int, text: str | None) -> PeriodNoteChange:
    return PeriodNoteChange(pupil_id, period_id, None, text)


def include_edit(pupil_id: int, include: bool) -> IncludeChange:
    return IncludeChange(pupil_id, not include, include)


# --- Rules that shape a change ----------------------------------------------------------------


def normalise_cell(cell: Cell) -> Cell:
    """Gone-beyond only marks an On track cell; a note is trimmed and blank means none."""
    note = (cell.note or "").strip() or None
    if note is not None and len(note) > MAX_NOTE_LENGTH:
        raise InvalidInput(f"A note can be at most {MAX_NOTE_LENGTH} characters.")
    beyond = cell.gone_beyond if cell.value is Judgement.ON_TRACK else None
    return Cell(cell.value, beyond, note)


def apply_elg_outcome(
    row: dict[str, ElgOutcome | None], area_code: str, outcome: ElgOutcome | None
) -> dict[str, ElgOutcome | None]:
    """One pupil's 17 goals after setting one: Absent is a whole-row status.

    Choosing Absent in any cell makes all 17 Absent; choosing anything else in an Absent row
    clears the other Absent cells, so a row is never part Absent.
    """
    if outcome is ElgOutcome.ABSENT:
        return dict.fromkeys(AREA_CODES, ElgOutcome.ABSENT)
    new_row: dict[str, ElgOutcome | None] = {
        code: (None if value is ElgOutcome.ABSENT else value) for code, value in row.items()
    }
    new_row[area_code] = outcome
    return new_row


# --- Writing changes --------------------------------------------------------------------------


def _upsert(session: Session, model: Any, values: list[dict[str, Any]], keys: list[str]) -> None:
    if not values:
        return
    table = model.__table__
    dialect = session.get_bind().dialect.name
    builder: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = builder(table)
    columns = {name for name in values[0] if name not in keys}
    statement = statement.on_conflict_do_update(
        index_elements=keys, set_={name: statement.excluded[name] for name in columns}
    )
    session.execute(statement, values)


def _check_pupils(session: Session, establishment_id: int, pupil_ids: set[int]) -> None:
    if not pupil_ids:
        return
    found = set(
        session.scalars(
            select(col(Pupil.id)).where(
                col(Pupil.id).in_(pupil_ids),
                col(Pupil.establishment_id) == establishment_id,
                col(Pupil.archived) == False,  # noqa: E712
            )
        )
    )
    if found != pupil_ids:
        raise NotFound("A pupil in this change is not on this establishment's roll any more.")


def _check_periods(session: Session, establishment_id: int, period_ids: set[int]) -> dict[int, str]:
    if not period_ids:
        return {}
    names = dict(
        session.execute(
            select(col(AssessmentPeriod.id), col(AssessmentPeriod.name)).where(
                col(AssessmentPeriod.id).in_(period_ids),
                col(AssessmentPeriod.establishment_id) == establishment_id,
            )
        ).all()
    )
    if set(names) != period_ids:
        raise NotFound("An assessment period in this change no longer exists.")
    return {int(key): str(value) for key, value in names.items()}


def _check_sections(session: Session, establishment_id: int, section_ids: set[int]) -> None:
    for section_id in section_ids:
        row = session.get(ElgSection, section_id)
        if row is None or row.establishment_id != establishment_id:
            raise NotFound("That End of Year ELG section no longer exists.")
        if row.submitted_at is not None:
            raise Locked(
                "These Early Learning Goals were submitted and are locked; "
                "ask the support team to unlock them."
            )


def write_changes(
    db: Database,
    actor: Actor,
    establishment_id: int,
    requested: Sequence[Change],
    action: str = "edit",
) -> list[Change]:
    """Apply the requested changes' `after` values in one transaction, with an audit row each.

    The `before` of each requested change is ignored: it is read inside the transaction, so the
    returned changes (the ones that really changed something) can be undone exactly.

    Raises:
        PermissionDenied, NotFound, Locked, InvalidInput: nothing is written.
    """
    actor.require_establishment(establishment_id)
    with db.write() as session:
        pupils = {change.pupil_id for change in requested}
        _check_pupils(session, establishment_id, pupils)
        judgements = [c for c in requested if isinstance(c, JudgementChange)]
        notes = [c for c in requested if isinstance(c, PeriodNoteChange)]
        period_names = _check_periods(
            session,
            establishment_id,
            {c.period_id for c in judgements} | {c.period_id for c in notes},
        )
        elg = [c for c in requested if isinstance(c, ElgChange)]
        _check_sections(session, establishment_id, {c.section_id for c in elg})
        applied: list[Change] = []
        applied += _write_judgements(session, judgements)
        applied += _write_period_notes(session, notes)
        applied += _write_elg(session, elg)
        applied += _write_includes(session, [c for c in requested if isinstance(c, IncludeChange)])
        record(session, actor, [_audit(establishment_id, c, action, period_names) for c in applied])
        return applied


def _write_judgements(session: Session, requested: list[JudgementChange]) -> list[Change]:
    if not requested:
        return []
    for change in requested:
        if change.area_code not in AREA_BY_CODE:
            raise InvalidInput(f"{change.area_code!r} is not an area of development.")
    before: dict[tuple[int, int, str], Cell] = {}
    for pupil_id, period_id, code, value, beyond, note in session.execute(
        select(
            col(JudgementRow.pupil_id),
            col(JudgementRow.period_id),
            col(JudgementRow.area_code),
            col(JudgementRow.value),
            col(JudgementRow.gone_beyond),
            col(JudgementRow.note),
        ).where(
            col(JudgementRow.period_id).in_({c.period_id for c in requested}),
            col(JudgementRow.pupil_id).in_({c.pupil_id for c in requested}),
        )
    ):
        before[(pupil_id, period_id, code)] = Cell(
            Judgement(value) if value else None, GoneBeyond(beyond) if beyond else None, note
        )
    final: dict[tuple[int, int, str], Cell] = {}
    for change in requested:
        final[(change.pupil_id, change.period_id, change.area_code)] = normalise_cell(change.after)
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
                    "value": after.value.value if after.value else None,
                    "gone_beyond": after.gone_beyond.value if after.gone_beyond else None,
                    "note": after.note,
                }
            )
    _upsert(session, JudgementRow, upserts, ["pupil_id", "period_id", "area_code"])
    return applied


def _write_period_notes(session: Session, requested: list[PeriodNoteChange]) -> list[Change]:
    applied: list[Change] = []
    for change in requested:
        text = (change.after or "").strip() or None
        if text is not None and len(text) > MAX_NOTE_LENGTH:
            raise InvalidInput(f"Notes can be at most {MAX_NOTE_LENGTH} characters.")
        old = session.scalar(
            select(col(PeriodNote.text)).where(
                col(PeriodNote.pupil_id) == change.pupil_id,
                col(PeriodNote.period_id) == change.period_id,
            )
        )
        if old == text:
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


def _write_elg(session: Session, requested: list[ElgChange]) -> list[Change]:
    if not requested:
        return []
    rows: dict[tuple[int, int], dict[str, ElgOutcome | None]] = {}
    for change in requested:
        if change.area_code not in AREA_BY_CODE:
            raise InvalidInput(f"{change.area_code!r} is not an Early Learning Goal.")
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


def _write_includes(session: Session, requested: list[IncludeChange]) -> list[Change]:
    applied: list[Change] = []
    for change in requested:
        old = session.scalar(
            select(col(Pupil.include_in_data)).where(col(Pupil.id) == change.pupil_id)
        )
        if old is None or bool(old) == change.after:
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


# --- Periods and ELG sections -----------------------------------------------------------------


def create_period(
    db: Database,
    actor: Actor,
    establishment_id: int,
    name: str,
    day: date,
    year_groups: Iterable[YearGroup],
) -> PeriodInfo:
    """Create an assessment period for some Early Years groups in the academic year of `day`.

    Raises:
        InvalidInput: blank or long name, no year group, a group outside the Early Years, or the
            same name already used this year for one of the groups.
    """
    actor.require_establishment(establishment_id)
    name = " ".join(name.split())
    groups = tuple(sorted(set(year_groups), key=lambda g: g.offset))
    if not name:
        raise InvalidInput("Give the assessment a name, e.g. Autumn 1.")
    if len(name) > MAX_PERIOD_NAME:
        raise InvalidInput(f"An assessment name can be at most {MAX_PERIOD_NAME} characters.")
    if not groups:
        raise InvalidInput("Tick at least one year group: Nursery 1, Nursery 2 or Reception.")
    outside = [g.label for g in groups if g not in EARLY_YEARS]
    if outside:
        raise InvalidInput(
            f"Assessment periods are for Nursery 1, Nursery 2 and Reception, not {outside[0]}."
        )
    academic_year = academic_year_of(day)
    with db.write() as session:
        for period in load_periods(session, establishment_id, academic_year):
            shared = set(period.year_groups) & set(groups)
            if period.name.casefold() == name.casefold() and shared:
                group = sorted(shared, key=lambda g: g.offset)[0]
                raise InvalidInput(
                    f"There is already an assessment called {period.name} in "
                    f"{format_academic_year(academic_year)} for {group.label}; choose another name."
                )
        row = AssessmentPeriod(
            establishment_id=establishment_id, name=name, day=day, academic_year=academic_year
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        for group in groups:
            session.add(PeriodYearGroup(period_id=row.id, year_group=group.value))
        record(
            session,
            actor,
            [
                AuditRecord(
                    "create assessment",
                    establishment_id,
                    target=name,
                    new_value=f"{day.isoformat()} {', '.join(g.label for g in groups)}",
                )
            ],
        )
        return PeriodInfo(row.id, name, day, academic_year, groups)


def delete_period(db: Database, actor: Actor, establishment_id: int, period_id: int) -> None:
    """Delete an assessment period and every judgement and note in it."""
    actor.require_establishment(establishment_id)
    with db.write() as session:
        names = _check_periods(session, establishment_id, {period_id})
        count = session.scalar(
            select(col(JudgementRow.id)).where(col(JudgementRow.period_id) == period_id).limit(1)
        )
        session.execute(delete(AssessmentPeriod).where(col(AssessmentPeriod.id) == period_id))
        record(
            session,
            actor,
            [
                AuditRecord(
                    "delete assessment",
                    establishment_id,
                    target=names[period_id],
                    old_value="with judgements" if count else "empty",
                )
            ],
        )


def create_elg_section(
    db: Database, actor: Actor, establishment_id: int, academic_year: int, day: date
) -> ElgSectionInfo:
    """Create the End of Year Early Learning Goals for the Reception cohort of `academic_year`.

    Raises:
        InvalidInput: the date is outside the academic year, or the section exists already.
    """
    actor.require_establishment(establishment_id)
    if academic_year_of(day) != academic_year:
        raise InvalidInput(
            f"The date must fall in {format_academic_year(academic_year)} "
            f"(1 September {academic_year} to 31 August {academic_year + 1})."
        )
    with db.write() as session:
        if load_elg_section(session, establishment_id, academic_year) is not None:
            raise InvalidInput(
                f"The End of Year Early Learning Goals for {format_academic_year(academic_year)} "
                "already exist."
            )
        row = ElgSection(establishment_id=establishment_id, academic_year=academic_year, day=day)
        session.add(row)
        session.flush()
        assert row.id is not None
        record(
            session,
            actor,
            [
                AuditRecord(
                    "create early learning goals",
                    establishment_id,
                    target=format_academic_year(academic_year),
                    new_value=day.isoformat(),
                )
            ],
        )
        return ElgSectionInfo(row.id, academic_year, day, None, None)


def submit_elg_section(
    db: Database, actor: Actor, establishment_id: int, section_id: int
) -> ElgSectionInfo:
    """Record who submitted the section and when, and lock it."""
    actor.require_establishment(establishment_id)
    with db.write() as session:
        _check_sections(session, establishment_id, {section_id})
        now = datetime.now(timezone.utc).replace(microsecond=0)
        row = session.get(ElgSection, section_id)
        assert row is not None
        row.submitted_by = actor.username
        row.submitted_at = now
        session.add(row)
        record(
            session,
            actor,
            [
                AuditRecord(
                    "submit early learning goals", establishment_id, target=str(row.academic_year)
                )
            ],
        )
        return ElgSectionInfo(section_id, row.academic_year, row.day, actor.username, now)
