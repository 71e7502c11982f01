"""Submitting an assessment period's results to the local authority (KS1 teacher assessment and
the phonics check): check, submit, lock, unlock.

As for the End of Year ELGs (store.assessments.elg_submission): only managers submit, with the
Headteacher's authority; every included pupil of the period's year groups has a result in every
subject first (Absent counts); once submitted, every write to the period's cells or notes is
refused (store.assessments.judgements) and it cannot be deleted, until the support team unlocks
it after giving their own password again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import select
from sqlmodel import Session, col, or_

from store.assessments.cohort import cohort_pupil_filter
from store.assessments.elg_submission import AUTHORITY_STATEMENT, LISTED_IN_MESSAGE
from store.core.access import Actor, PermissionDenied, Role
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.errors import InvalidInput, Locked, NotFound
from store.core.models import AssessmentPeriod, Judgement, PeriodYearGroup, Pupil
from store.core.words import first_few, plural
from store.curriculum import frameworks
from store.curriculum.eyfs import YearGroup
from store.curriculum.framework import Framework
from store.curriculum.ks1 import KS1_TA_ID, PHONICS_ID

SUBMITTED_FRAMEWORKS = frozenset({KS1_TA_ID, PHONICS_ID})
"""The frameworks whose periods are a return to the local authority."""
SUBMIT_MANAGERS_ONLY = (
    "Only a manager of the establishment submits results to the local authority, with the "
    "Headteacher's authority: ask your manager to submit them."
)


@dataclass(frozen=True)
class MissingResults:
    """An included pupil without a result in some of the period's subjects."""

    pupil_id: int
    name: str
    missing: tuple[str, ...]
    """The subjects' names, in the framework's order."""

    def describe(self) -> str:
        """ "SMITH, Jo: no result in Writing, Science"."""
        return f"{self.name}: no result in {', '.join(self.missing)}"


class IncompleteResults(InvalidInput):
    """Submission refused: `pupils` lists every included pupil without all their results."""

    def __init__(self, pupils: list[MissingResults]) -> None:
        self.pupils = pupils
        named = first_few([pupil.describe() for pupil in pupils], LISTED_IN_MESSAGE)
        noun = "pupil does" if len(pupils) == 1 else "pupils do"
        super().__init__(
            f"Not submitted: {len(pupils)} {noun} not have a result in every subject: {named}. "
            "Fill them in (A for a child who was absent) and submit again."
        )


def submitted_phrase(submitted_by: str | None, submitted_at: datetime) -> str:
    """ "submitted by clerk on 09/06/2026" (the date where the server is)."""
    return f"submitted by {submitted_by} on {submitted_at.astimezone():%d/%m/%Y}"


def locked_message(name: str, submitted_by: str | None, submitted_at: datetime) -> str:
    return (
        f"{name} was {submitted_phrase(submitted_by, submitted_at)} and is locked; "
        "ask the support team to unlock it."
    )


def _period(session: Session, establishment_id: int, period_id: int) -> AssessmentPeriod:
    # PostgreSQL: FOR UPDATE, so that no entry slips in between the check and the lock (an
    # entry reads the period's submission in its own transaction; SQLite's write lock orders
    # them already).
    row = session.get(AssessmentPeriod, period_id, with_for_update=True, populate_existing=True)
    if row is None or row.establishment_id != establishment_id or row.deleted_at is not None:
        raise NotFound("That assessment no longer exists.")
    return row


def _submittable(row: AssessmentPeriod) -> Framework:
    framework = frameworks.by_id(row.framework)
    if row.framework not in SUBMITTED_FRAMEWORKS:
        raise InvalidInput(
            f"{row.name} is {framework.name}, which is not sent to the local authority: only "
            "KS1 teacher assessment and the phonics check are submitted here."
        )
    return framework


def _missing(
    session: Session, establishment_id: int, row: AssessmentPeriod, framework: Framework
) -> tuple[int, list[MissingResults]]:
    """(how many included pupils the period's year groups hold, those without every result)."""
    groups = [
        YearGroup(group)
        for group in session.scalars(
            select(col(PeriodYearGroup.year_group)).where(col(PeriodYearGroup.period_id) == row.id)
        )
    ]
    if not groups:
        return 0, []
    pupils = session.execute(
        select(col(Pupil.id), col(Pupil.surname), col(Pupil.forenames)).where(
            or_(*(cohort_pupil_filter(establishment_id, row.academic_year, g) for g in groups)),
            col(Pupil.include_in_data) == True,  # noqa: E712
        )
    ).all()
    have: dict[int, set[str]] = {}
    for pupil_id, code in session.execute(
        select(col(Judgement.pupil_id), col(Judgement.area_code)).where(
            col(Judgement.period_id) == row.id,
            or_(col(Judgement.value) != None, col(Judgement.number) != None),  # noqa: E711
        )
    ):
        have.setdefault(pupil_id, set()).add(code)
    missing = []
    for pupil_id, surname, forenames in sorted(
        pupils, key=lambda pupil: (pupil[1].casefold(), pupil[2].casefold(), pupil[0])
    ):
        lacking = tuple(
            subject.name
            for subject in framework.subjects
            if subject.code not in have.get(pupil_id, set())
        )
        if lacking:
            missing.append(MissingResults(pupil_id, f"{surname.upper()}, {forenames}", lacking))
    return len(pupils), missing


def check_period_submission(
    db: Database, actor: Actor, establishment_id: int, period_id: int
) -> list[MissingResults]:
    """The included pupils of the period's year groups without a result in every subject; an
    empty list means it can be submitted.

    Raises:
        NotFound: no such assessment here. InvalidInput: its framework is not submitted.
    """
    actor.require_establishment(establishment_id)
    with db.read() as session:
        row = session.get(AssessmentPeriod, period_id)
        if row is None or row.establishment_id != establishment_id or row.deleted_at is not None:
            raise NotFound("That assessment no longer exists.")
        return _missing(session, establishment_id, row, _submittable(row))[1]


def submit_period(
    db: Database,
    actor: Actor,
    establishment_id: int,
    period_id: int,
    *,
    authority_confirmed: bool = False,
    now: datetime | None = None,
) -> datetime:
    """Submit the period's results: record who and when, and lock it. Returns the moment.

    Raises:
        PermissionDenied: not this establishment's manager. NotFound: no such assessment here.
        Locked: already submitted. IncompleteResults: pupils without every result (listed).
        InvalidInput: not a framework that is submitted, the authority statement was not
            confirmed, or no pupil is included.
    """
    actor.require_establishment(establishment_id)
    if actor.role is not Role.MANAGER:
        raise PermissionDenied(SUBMIT_MANAGERS_ONLY)
    moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    with db.write() as session:
        row = _period(session, establishment_id, period_id)
        framework = _submittable(row)
        if row.submitted_at is not None:
            raise Locked(f"{row.name} was {submitted_phrase(row.submitted_by, row.submitted_at)}.")
        if not authority_confirmed:
            raise InvalidInput(f'Not submitted: confirm "{AUTHORITY_STATEMENT}" first.')
        included, missing = _missing(session, establishment_id, row, framework)
        if missing:
            raise IncompleteResults(missing)
        if included == 0:
            raise InvalidInput(f"Not submitted: no pupil of {row.name} is included in data.")
        row.submitted_by = actor.username
        row.submitted_at = moment
        session.add(row)
        record(
            session,
            actor,
            [
                AuditRecord(
                    "submit results",
                    establishment_id,
                    target=row.name,
                    new_value=f"{plural(included, 'pupil')}; confirmed: {AUTHORITY_STATEMENT}",
                )
            ],
        )
        return moment


def unlock_period(
    db: Database,
    actor: Actor,
    establishment_id: int,
    period_id: int,
    password: str,
    *,
    now: datetime | None = None,
) -> None:
    """Unlock a submitted period so the school can amend it (the support team only, after
    giving their own password again; a wrong one counts as a failed sign-in).

    Raises:
        PermissionDenied: not support. ReauthenticationFailed: the password was wrong.
        NotFound: no such assessment. InvalidInput: it is not submitted.
    """
    if actor.role is not Role.SUPPORT:
        raise PermissionDenied("Only the support team can unlock submitted results.")
    not_submitted = "These results are not submitted: nothing to unlock."
    with db.read() as session:
        row = session.get(AssessmentPeriod, period_id)
        if row is None or row.establishment_id != establishment_id or row.deleted_at is not None:
            raise NotFound("That assessment no longer exists.")
        if row.submitted_at is None:
            raise InvalidInput(not_submitted)
    # Imported here: checking a password loads argon2, which a school's screens never need.
    from store.accounts.reauth import confirm_password

    confirm_password(db, actor, password, now=now or datetime.now(timezone.utc))
    with db.write() as session:
        row = _period(session, establishment_id, period_id)
        if row.submitted_at is None:
            raise InvalidInput(not_submitted)
        undone = submitted_phrase(row.submitted_by, row.submitted_at)
        row.submitted_by = None
        row.submitted_at = None
        session.add(row)
        record(
            session,
            actor,
            [
                AuditRecord(
                    "unlock results",
                    establishment_id,
                    target=row.name,
                    old_value=undone,
                    new_value="unlocked for changes",
                )
            ],
        )
