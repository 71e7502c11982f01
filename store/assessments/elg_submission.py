"""The statutory submission of the End of Year Early Learning Goals: check, submit, lock, unlock.

Once submitted, a section is locked in the store: every write path to its results and to the
section itself calls `require_open_sections`, and every write that would change who is in the
submitted cohort or who counts calls
store.assessments.cohort_lock.require_submitted_cohorts_unchanged.
Only managers submit (the Headteacher's authority); only the support team can unlock, after
giving their own password again.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import select
from sqlmodel import Session, col

from store.assessments.cohort import ElgSectionInfo, cohort_pupil_filter
from store.core.access import Actor, PermissionDenied, Role
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.errors import InvalidInput, Locked, NotFound
from store.core.models import ElgResult, ElgSection, Pupil
from store.core.words import first_few, plural
from store.curriculum.dates import format_academic_year
from store.curriculum.eyfs import AREA_BY_CODE, AREA_CODES, YearGroup

AUTHORITY_STATEMENT = "I have authority from the Headteacher to confirm and submit these results"
LISTED_IN_MESSAGE = 8  # the refusal names this many pupils; the screen lists them all
SUBMIT_MANAGERS_ONLY = (
    "Only a manager of the establishment submits the End of Year Early Learning Goals, with "
    "the Headteacher's authority: ask your manager to submit them."
)


@dataclass(frozen=True)
class IncompletePupil:
    """An included Reception pupil who does not yet have all 17 goals."""

    pupil_id: int
    name: str
    missing: tuple[str, ...]
    """Codes of the goals still blank, in the framework's order."""

    @property
    def missing_names(self) -> tuple[str, ...]:
        return tuple(AREA_BY_CODE[code].name for code in self.missing)

    def describe(self) -> str:
        """ "SMITH, Jo: 2 goals blank (Number, Writing)" or "...: all 17 goals blank"."""
        if len(self.missing) == len(AREA_CODES):
            return f"{self.name}: all {len(AREA_CODES)} goals blank"
        goals = "goal" if len(self.missing) == 1 else "goals"
        return f"{self.name}: {len(self.missing)} {goals} blank ({', '.join(self.missing_names)})"


class IncompleteCohort(InvalidInput):
    """Submission refused: `pupils` lists every included pupil without all 17 goals."""

    def __init__(self, pupils: list[IncompletePupil]) -> None:
        self.pupils = pupils
        named = first_few([pupil.describe() for pupil in pupils], LISTED_IN_MESSAGE)
        noun = "pupil does" if len(pupils) == 1 else "pupils do"
        super().__init__(
            f"Not submitted: {len(pupils)} {noun} not have all {len(AREA_CODES)} goals: {named}. "
            "Fill them in (Absent for a child who was absent) and submit again."
        )


def submitted_label(section: ElgSectionInfo) -> str:
    """ "Submitted by clerk on 09/06/2026", or "" for a section still open."""
    return _submitted(section, "Submitted") if section.submitted_at is not None else ""


def submitted_phrase(section: ElgSectionInfo) -> str:
    """ "submitted by clerk on 09/06/2026" (for a submitted section)."""
    return _submitted(section)


def _submitted(section: ElgSectionInfo, word: str = "submitted") -> str:
    assert section.submitted_at is not None
    return f"{word} by {section.submitted_by} on {_local_day(section.submitted_at)}"


def _local_day(moment: datetime) -> str:
    # Stored in UTC; shown as the date where the server is.
    return moment.astimezone().strftime("%d/%m/%Y")


def _info(row: ElgSection) -> ElgSectionInfo:
    assert row.id is not None
    return ElgSectionInfo(
        row.id, row.academic_year, row.day, row.submitted_by, row.submitted_at, row.framework
    )


# --- the lock, used by every write path -------------------------------------------------------


def _section(
    session: Session, establishment_id: int, section_id: int, *, exclusive: bool
) -> ElgSection:
    # PostgreSQL: edits take the row FOR SHARE, submitting FOR UPDATE, so an edit cannot slip
    # in between the completeness check and the lock. SQLite's write lock already orders them.
    row = session.get(
        ElgSection, section_id, with_for_update={"read": not exclusive}, populate_existing=True
    )
    if row is None or row.establishment_id != establishment_id:
        raise NotFound("That End of Year ELG section no longer exists.")
    return row


def locked_message(section: ElgSectionInfo) -> str:
    return (
        f"These Early Learning Goals were {_submitted(section)} and are locked; "
        "ask the support team to unlock them."
    )


def require_open_sections(
    session: Session, establishment_id: int, section_ids: Collection[int]
) -> None:
    """Refuse (Locked) a change to any of these sections' results or to the sections themselves.

    Raises:
        NotFound: a section is not this establishment's; Locked: one was submitted.
    """
    for section_id in sorted(section_ids):
        row = _section(session, establishment_id, section_id, exclusive=False)
        if row.submitted_at is not None:
            raise Locked(locked_message(_info(row)))


# --- checking and submitting ------------------------------------------------------------------


def _incomplete(
    session: Session, establishment_id: int, section: ElgSection
) -> tuple[int, list[IncompletePupil]]:
    """(how many included pupils the cohort has, those among them without all 17 goals)."""
    pupils = session.execute(
        select(col(Pupil.id), col(Pupil.surname), col(Pupil.forenames)).where(
            cohort_pupil_filter(establishment_id, section.academic_year, YearGroup.RECEPTION),
            col(Pupil.include_in_data) == True,  # noqa: E712
        )
    ).all()
    have: dict[int, set[str]] = {}
    for pupil_id, code in session.execute(
        select(col(ElgResult.pupil_id), col(ElgResult.area_code)).where(
            col(ElgResult.section_id) == section.id
        )
    ):
        have.setdefault(pupil_id, set()).add(code)
    incomplete = []
    for pupil_id, surname, forenames in sorted(
        pupils, key=lambda row: (row[1].casefold(), row[2].casefold(), row[0])
    ):
        missing = tuple(code for code in AREA_CODES if code not in have.get(pupil_id, set()))
        if missing:
            incomplete.append(IncompletePupil(pupil_id, f"{surname.upper()}, {forenames}", missing))
    return len(pupils), incomplete


def check_submission(
    db: Database, actor: Actor, establishment_id: int, section_id: int
) -> list[IncompletePupil]:
    """The included Reception pupils of the section's cohort who do not have all 17 goals.

    An empty list means the cohort can be submitted. Pupils with Include in Data = No are not
    required; Absent counts as a goal given.
    """
    actor.require_establishment(establishment_id)
    with db.read() as session:
        row = session.get(ElgSection, section_id)
        if row is None or row.establishment_id != establishment_id:
            raise NotFound("That End of Year ELG section no longer exists.")
        return _incomplete(session, establishment_id, row)[1]


def submit(
    db: Database,
    actor: Actor,
    establishment_id: int,
    section_id: int,
    *,
    authority_confirmed: bool = False,
    now: datetime | None = None,
) -> ElgSectionInfo:
    """Submit the section's results to the local authority: record who and when, and lock it.

    Args:
        authority_confirmed: True only after the person confirmed AUTHORITY_STATEMENT.

    Raises:
        PermissionDenied: not this establishment's manager: submitting needs the Headteacher's
            authority, which a user does not have and the support team does not give.
        NotFound: no such section here. Locked: already submitted.
        IncompleteCohort: pupils without all 17 goals (listed). InvalidInput: the authority
            statement was not confirmed, or no pupil is included.
    """
    actor.require_establishment(establishment_id)
    if actor.role is not Role.MANAGER:
        raise PermissionDenied(SUBMIT_MANAGERS_ONLY)
    moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    with db.write() as session:
        row = _section(session, establishment_id, section_id, exclusive=True)
        if row.submitted_at is not None:
            raise Locked(f"These Early Learning Goals were {_submitted(_info(row))}.")
        if not authority_confirmed:
            raise InvalidInput(f'Not submitted: confirm "{AUTHORITY_STATEMENT}" first.')
        included, incomplete = _incomplete(session, establishment_id, row)
        if incomplete:
            raise IncompleteCohort(incomplete)
        if included == 0:
            raise InvalidInput(
                "Not submitted: no Reception pupil in this cohort is included in data."
            )
        row.submitted_by = actor.username
        row.submitted_at = moment
        session.add(row)
        year = format_academic_year(row.academic_year)
        record(
            session,
            actor,
            [
                AuditRecord(
                    "submit early learning goals",
                    establishment_id,
                    target=f"End of Year ELGs {year}",
                    new_value=f"{plural(included, 'pupil')}; confirmed: {AUTHORITY_STATEMENT}",
                )
            ],
        )
        return ElgSectionInfo(
            row.id or section_id, row.academic_year, row.day, actor.username, moment, row.framework
        )


def unlock(
    db: Database,
    actor: Actor,
    establishment_id: int,
    section_id: int,
    password: str,
    *,
    now: datetime | None = None,
) -> ElgSectionInfo:
    """Unlock submitted results so the school can amend them (the support team only).

    `password` is the support person's own: a wrong one changes nothing and counts as a failed
    sign-in (store.accounts.reauth). The audit row says who unlocked, when, and what submission it
    undid.

    Raises:
        PermissionDenied: not support. ReauthenticationFailed: the password was wrong.
        NotFound: no such section. InvalidInput: the section is not submitted.
    """
    if actor.role is not Role.SUPPORT:
        raise PermissionDenied("Only the support team can unlock submitted Early Learning Goals.")
    moment = now or datetime.now(timezone.utc)
    with db.read() as session:
        row = session.get(ElgSection, section_id)
        if row is None or row.establishment_id != establishment_id:
            raise NotFound("That End of Year ELG section no longer exists.")
        if row.submitted_at is None:
            raise InvalidInput("These Early Learning Goals are not submitted: nothing to unlock.")
    # Imported here: checking a password loads argon2, which a school's screens never need.
    from store.accounts.reauth import confirm_password

    confirm_password(db, actor, password, now=moment)
    with db.write() as session:
        row = _section(session, establishment_id, section_id, exclusive=True)
        if row.submitted_at is None:
            raise InvalidInput("These Early Learning Goals are not submitted: nothing to unlock.")
        undone = submitted_label(_info(row))
        row.submitted_by = None
        row.submitted_at = None
        session.add(row)
        record(
            session,
            actor,
            [
                AuditRecord(
                    "unlock early learning goals",
                    establishment_id,
                    target=f"End of Year ELGs {format_academic_year(row.academic_year)}",
                    old_value=undone,
                    new_value="unlocked for changes",
                )
            ],
        )
        return _info(row)
