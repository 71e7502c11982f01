"""Deleting an assessment period (managers), and bringing a deleted one back (the support team).

Deleting only marks the period (when, by whom): every reader leaves it out
(store.assessments.cohort's
`live_period`), its judgements and notes stay in the database, and the audit row records what
it held, counts and values, in words support can read. Both ask for the person's own password
again, and neither is accepted for an assessment of a submitted Reception cohort
(store.assessments.cohort_lock).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlmodel import Session, col

from store.assessments.cohort import PeriodInfo, load_periods
from store.assessments.cohort_lock import PeriodChange, require_submitted_cohorts_unchanged
from store.assessments.period_submission import locked_message
from store.core.access import Actor, PermissionDenied, Role
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.errors import InvalidInput, Locked, NotFound
from store.core.models import AssessmentPeriod, PeriodNote, PeriodYearGroup, Pupil
from store.core.models import Judgement as JudgementRow
from store.core.words import plural
from store.curriculum import frameworks
from store.curriculum.dates import format_academic_year
from store.curriculum.eyfs import GoneBeyond, YearGroup
from store.curriculum.framework import Framework

if TYPE_CHECKING:
    from store.accounts.reauth import Confirmation

MANAGERS_ONLY = (
    "Only a manager of the establishment can delete an assessment: ask your manager to do it."
)
SUPPORT_ONLY = "Only the support team can bring back a deleted assessment."


@dataclass(frozen=True)
class PeriodContents:
    """What an assessment period holds: what deleting it takes from every grid and report."""

    period: PeriodInfo
    judgements: int
    """Cells holding Below or On track."""
    cell_notes: int
    period_notes: int
    """Pupils' Notes for the period."""

    @property
    def title(self) -> str:
        """ "Autumn 2 (20/11/2025)"."""
        return f"{self.period.name} ({self.period.day:%d/%m/%Y})"

    @property
    def groups(self) -> str:
        """ "Nursery 1, Nursery 2 and Reception"."""
        labels = [group.label for group in self.period.year_groups]
        return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"

    def held(self) -> str:
        """ "673 judgements, 12 notes on cells and 4 pupils' notes"."""
        return (
            f"{plural(self.judgements, 'judgement')}, {plural(self.cell_notes, 'note')} on "
            f"cells and {plural(self.period_notes, 'pupil note')} for the period"
        )


@dataclass(frozen=True)
class DeletedPeriod:
    """A deleted assessment, as the support console lists it."""

    contents: PeriodContents
    deleted_at: datetime
    deleted_by: str

    def describe(self) -> str:
        period = self.contents.period
        when = self.deleted_at.astimezone().strftime("%d/%m/%Y %H:%M")
        return (
            f"{self.contents.title} {format_academic_year(period.academic_year)}, "
            f"{self.contents.groups}: {self.contents.held()}; deleted by {self.deleted_by} "
            f"on {when}"
        )


def _period(session: Session, establishment_id: int, period_id: int) -> AssessmentPeriod:
    row = session.get(AssessmentPeriod, period_id, with_for_update=True, populate_existing=True)
    if row is None or row.establishment_id != establishment_id:
        raise NotFound("That assessment no longer exists.")
    return row


def _info(session: Session, row: AssessmentPeriod) -> PeriodInfo:
    groups = session.scalars(
        select(col(PeriodYearGroup.year_group)).where(col(PeriodYearGroup.period_id) == row.id)
    ).all()
    ordered = tuple(sorted((YearGroup(group) for group in groups), key=lambda g: g.offset))
    return PeriodInfo(row.id or 0, row.name, row.day, row.academic_year, ordered, row.framework)


def _contents(session: Session, row: AssessmentPeriod) -> PeriodContents:
    judged, noted = session.execute(
        select(
            func.count(col(JudgementRow.value)),
            func.count(col(JudgementRow.note)),
        ).where(col(JudgementRow.period_id) == row.id)
    ).one()
    notes = session.scalar(
        select(func.count()).select_from(PeriodNote).where(col(PeriodNote.period_id) == row.id)
    )
    return PeriodContents(_info(session, row), int(judged), int(noted), int(notes or 0))


def period_contents(
    db: Database, actor: Actor, establishment_id: int, period_id: int
) -> PeriodContents:
    """What deleting the period would take away: for the question asked before deleting.

    Raises:
        NotFound: no such (live) assessment here. Locked: its results were submitted (said
            before the password is asked for). InvalidInput: it is a period's layer (targets,
            judged progress), which goes with its assessment.
    """
    actor.require_establishment(establishment_id)
    with db.read() as session:
        row = session.get(AssessmentPeriod, period_id)
        if row is None or row.establishment_id != establishment_id or row.deleted_at:
            raise NotFound("That assessment no longer exists.")
        if row.layer_of is not None:  # its targets or judged progress go with the assessment
            raise InvalidInput(
                f"{row.name} belong to their assessment: press T or J to show the assessments "
                "again, then delete the assessment (they go with it)."
            )
        if row.submitted_at is not None:
            raise Locked(locked_message(row.name, row.submitted_by, row.submitted_at))
        return _contents(session, row)


def _framework_or_none(framework_id: str) -> Framework | None:
    try:
        return frameworks.by_id(framework_id)
    except frameworks.UnknownFramework:
        return None  # a newer version's period is still deleted, its codes said as stored


def _said(framework: Framework | None, subject: str, value: str | None, number: int | None) -> str:
    """A cell's value in words (EYFS in-year: Below, On track), or as stored."""
    if number is not None:
        return str(number)
    if not value:
        return "blank"
    found = framework.subject(subject) if framework else None
    code = found.code_for(value) if found else None
    return code.words if code else value


def _values(session: Session, period: AssessmentPeriod) -> str:
    """Every judgement and note of the period, a line per pupil, as support reads them back."""
    framework = _framework_or_none(period.framework)
    order = {code: index for index, code in enumerate(framework.subject_codes if framework else ())}
    cells: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for pupil_id, code, value, number, beyond, note in session.execute(
        select(
            col(JudgementRow.pupil_id),
            col(JudgementRow.area_code),
            col(JudgementRow.value),
            col(JudgementRow.number),
            col(JudgementRow.gone_beyond),
            col(JudgementRow.note),
        ).where(col(JudgementRow.period_id) == period.id)
    ):
        text = _said(framework, code, value, number)
        if beyond:
            text += f" gone beyond ({GoneBeyond(beyond).label})"
        if note:
            text += f' note "{note}"'
        cells[pupil_id].append((order.get(code, len(order)), f"{code} {text}"))
    notes = dict(
        session.execute(
            select(col(PeriodNote.pupil_id), col(PeriodNote.text)).where(
                col(PeriodNote.period_id) == period.id
            )
        ).all()
    )
    ids = set(cells) | set(notes)
    if not ids:
        return "It held nothing."
    names = {
        pupil_id: f"{surname.upper()}, {forenames} (pupil {pupil_id})"
        for pupil_id, surname, forenames in session.execute(
            select(col(Pupil.id), col(Pupil.surname), col(Pupil.forenames)).where(
                col(Pupil.id).in_(ids)
            )
        )
    }
    lines = []
    for pupil_id in sorted(ids, key=lambda pid: names.get(pid, "").casefold()):
        parts = [text for _, text in sorted(cells.get(pupil_id, []))]
        if pupil_id in notes:
            parts.append(f'Notes "{notes[pupil_id]}"')
        lines.append(f"{names.get(pupil_id, f'pupil {pupil_id}')}: {'; '.join(parts)}")
    return "\n".join(lines)


def delete_period(
    db: Database,
    actor: Actor,
    establishment_id: int,
    period_id: int,
    password: Confirmation,
    *,
    now: datetime | None = None,
) -> PeriodContents:
    """Delete an assessment period, recoverably: it leaves every grid, report and export.

    `password` is the manager's own (store.accounts.reauth): a wrong one deletes nothing and counts
    as
    a failed sign-in. The audit row holds what the period held, counts and every value.

    Returns:
        What the period held.

    Raises:
        PermissionDenied: not this establishment's manager (or support).
        ReauthenticationFailed: the password was wrong.
        NotFound: no such assessment here. Locked: an assessment of a submitted cohort.
    """
    actor.require_establishment(establishment_id)
    if actor.role is Role.USER:
        raise PermissionDenied(MANAGERS_ONLY)
    moment = now or datetime.now(timezone.utc)
    period_contents(db, actor, establishment_id, period_id)  # NotFound before the password
    # Imported here: checking a password loads the sign-in modules, which grids never need.
    from store.accounts.reauth import confirm_password

    confirm_password(db, actor, password, now=moment)
    with db.write() as session:
        row = _period(session, establishment_id, period_id)
        if row.deleted_at is not None:
            raise NotFound("That assessment no longer exists.")
        if row.submitted_at is not None:
            raise Locked(locked_message(row.name, row.submitted_by, row.submitted_at))
        contents = _contents(session, row)
        period = contents.period
        require_submitted_cohorts_unchanged(
            session,
            periods=[
                PeriodChange(
                    establishment_id, row.academic_year, period.year_groups, row.name, "deleting"
                )
            ],
        )
        row.deleted_at, row.deleted_by = moment, actor.username
        session.add(row)
        record(
            session,
            actor,
            [
                AuditRecord(
                    "delete assessment",
                    establishment_id,
                    target=row.name,
                    old_value=(
                        f"{contents.title} {format_academic_year(row.academic_year)} for "
                        f"{contents.groups}: {contents.held()}.\n{_values(session, row)}"
                    ),
                    new_value="deleted; the support team can bring it back",
                )
            ],
            at=moment,
        )
        return contents


def deleted_periods(db: Database, actor: Actor, establishment_id: int) -> list[DeletedPeriod]:
    """The establishment's deleted assessments, most recently deleted first (support only)."""
    if actor.role is not Role.SUPPORT:
        raise PermissionDenied(SUPPORT_ONLY)
    with db.read() as session:
        rows = session.scalars(
            select(AssessmentPeriod)
            .where(
                col(AssessmentPeriod.establishment_id) == establishment_id,
                col(AssessmentPeriod.deleted_at) != None,  # noqa: E711
            )
            .order_by(col(AssessmentPeriod.deleted_at).desc(), col(AssessmentPeriod.id))
        ).all()
        return [
            DeletedPeriod(_contents(session, row), _aware(row.deleted_at), row.deleted_by or "")
            for row in rows
        ]


def _aware(moment: datetime | None) -> datetime:
    assert moment is not None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def restore_period(
    db: Database,
    actor: Actor,
    establishment_id: int,
    period_id: int,
    password: Confirmation,
    *,
    now: datetime | None = None,
) -> PeriodContents:
    """Bring a deleted assessment back, with every judgement and note it held (support only).

    Raises:
        PermissionDenied: not support. ReauthenticationFailed: the password was wrong.
        NotFound: no such deleted assessment. InvalidInput: an assessment of the same name
            now exists for one of its year groups. Locked: it is of a submitted cohort.
    """
    if actor.role is not Role.SUPPORT:
        raise PermissionDenied(SUPPORT_ONLY)
    moment = now or datetime.now(timezone.utc)
    from store.accounts.reauth import confirm_password

    confirm_password(db, actor, password, now=moment)
    with db.write() as session:
        row = _period(session, establishment_id, period_id)
        if row.deleted_at is None:
            raise NotFound("That assessment is not deleted: there is nothing to bring back.")
        contents = _contents(session, row)
        period = contents.period
        for live in load_periods(session, establishment_id, row.academic_year):
            shared = set(live.year_groups) & set(period.year_groups)
            if live.name.casefold() == row.name.casefold() and shared:
                raise InvalidInput(
                    f"Not brought back: the school has made another {live.name} "
                    f"({live.day:%d/%m/%Y}) since; ask them to rename or delete it first."
                )
        require_submitted_cohorts_unchanged(
            session,
            periods=[
                PeriodChange(
                    establishment_id,
                    row.academic_year,
                    period.year_groups,
                    row.name,
                    "bringing back",
                )
            ],
        )
        deleted = f"deleted by {row.deleted_by} on {_aware(row.deleted_at):%d/%m/%Y %H:%M} UTC"
        row.deleted_at, row.deleted_by = None, None
        session.add(row)
        record(
            session,
            actor,
            [
                AuditRecord(
                    "restore assessment",
                    establishment_id,
                    target=row.name,
                    old_value=deleted,
                    new_value=f"{contents.title} brought back: {contents.held()}",
                )
            ],
            at=moment,
        )
        return contents
