"""Store tests of the statutory ELG submission: completeness, authority, the lock, and unlocking."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select
from sqlmodel import col

from store.accounts import passwords
from store.accounts.reauth import ReauthenticationFailed
from store.assessments import elg_submission
from store.assessments import periods as assessments
from store.assessments.changes import Change, elg_edit, include_edit, inverse, judgement_edit
from store.assessments.cohort import Cell, ElgSectionInfo, load_cohort
from store.assessments.elg_submission import AUTHORITY_STATEMENT, IncompleteCohort
from store.assessments.judgements import write_changes
from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.errors import InvalidInput, Locked, NotFound
from store.core.models import Account, AuditEntry, ElgResult, ElgSection, Pupil
from store.core.models import Judgement as JudgementRow
from store.curriculum.eyfs import AREA_CODES, ElgOutcome, Judgement, YearGroup
from store.curriculum.upn import upn_check_letter
from store.curriculum.year_groups import birth_date_range
from store.establishments.establishments import EstablishmentInfo, create_establishment
from tests.store.accounts_helpers import cheap_hashing

YEAR = 2025
# A day within the submitted year: the lock on who is in the cohort lasts while it does.
IN_YEAR = date(YEAR + 1, 6, 9)
R = YearGroup.RECEPTION
NOW = datetime(2026, 6, 9, 10, 30, tzinfo=timezone.utc)
SUPPORT_PASSWORD = "Bramble-Kettle-42!"
X, E, A = ElgOutcome.EXPECTED, ElgOutcome.EMERGING, ElgOutcome.ABSENT


class Cohort:
    """Three Reception pupils and a Nursery 2 pupil at one school, with an ELG section."""

    def __init__(self, database: Database) -> None:
        support = Actor("support.tester", Role.SUPPORT, None)
        self.database = database
        self.school: EstablishmentInfo = create_establishment(database, support, "2041", "ASH")
        self.clerk = Actor("clerk", Role.USER, self.school.id)
        self.head = Actor("head", Role.MANAGER, self.school.id)  # only managers submit
        first, _ = birth_date_range(R, YEAR)
        nursery, _ = birth_date_range(YearGroup.NURSERY_2, YEAR)
        names = [("Smith", "Jo", first), ("Adeyemi", "Ola", first), ("Nowak", "Ed", first)]
        names.append(("Young", "Nia", nursery))
        self.ids: list[int] = []
        with database.write() as session:
            for index, (surname, forenames, born) in enumerate(names):
                pupil = Pupil(
                    establishment_id=self.school.id,
                    upn=f"A2041000000{index:02d}",
                    surname=surname,
                    forenames=forenames,
                    date_of_birth=born + timedelta(days=index),
                )
                session.add(pupil)
                session.flush()
                assert pupil.id is not None
                self.ids.append(pupil.id)
        self.smith, self.adeyemi, self.nowak, self.nursery_pupil = self.ids
        section = assessments.create_elg_section(
            database, self.clerk, self.school.id, YEAR, date(2026, 6, 5)
        )
        self.section_id = section.id
        self.period_id = assessments.create_period(
            database, self.clerk, self.school.id, "Summer 2", date(2026, 6, 1), [R]
        ).id
        self.absent_applied: list[Change] = []

    def give(self, pupil_id: int, codes: tuple[str, ...], outcome: ElgOutcome = X) -> list[Change]:
        edits = [elg_edit(self.section_id, pupil_id, code, outcome) for code in codes]
        return write_changes(self.database, self.clerk, self.school.id, edits)

    def complete(self) -> None:
        self.give(self.smith, AREA_CODES)
        self.give(self.adeyemi, AREA_CODES, E)
        # What the grid's undo history holds for it: 17 changes, blank -> Absent.
        self.absent_applied = self.give(self.nowak, ("LAU",), A)

    def submit(self, actor: Actor | None = None) -> ElgSectionInfo:
        return elg_submission.submit(
            self.database,
            actor or self.head,
            self.school.id,
            self.section_id,
            authority_confirmed=True,
            now=NOW,
        )

    def section(self) -> ElgSection:
        with self.database.read() as session:
            row = session.get(ElgSection, self.section_id)
            assert row is not None
            return row

    def results(self) -> dict[tuple[int, str], str]:
        with self.database.read() as session:
            rows = session.execute(
                select(col(ElgResult.pupil_id), col(ElgResult.area_code), col(ElgResult.outcome))
            ).all()
        return {(pupil_id, code): outcome for pupil_id, code, outcome in rows}

    def includes(self) -> list[bool]:
        with self.database.read() as session:
            return [
                p.include_in_data for p in session.scalars(select(Pupil).order_by(col(Pupil.id)))
            ]

    def audit(self) -> list[tuple[str, str]]:
        with self.database.read() as session:
            rows = session.execute(
                select(col(AuditEntry.actor), col(AuditEntry.action)).order_by(col(AuditEntry.id))
            ).all()
        return [(actor, action) for actor, action in rows]


@pytest.fixture
def cohort(database: Database) -> Cohort:
    return Cohort(database)


def test_an_incomplete_cohort_is_refused_with_every_pupil_listed(cohort: Cohort) -> None:
    cohort.give(cohort.smith, AREA_CODES)
    cohort.give(cohort.adeyemi, tuple(c for c in AREA_CODES if c not in ("N", "W")))
    listed = elg_submission.check_submission(
        cohort.database, cohort.clerk, cohort.school.id, cohort.section_id
    )
    assert [(p.name, p.missing) for p in listed] == [
        ("ADEYEMI, Ola", ("W", "N")),
        ("NOWAK, Ed", AREA_CODES),
    ]
    assert listed[0].describe() == "ADEYEMI, Ola: 2 goals blank (Writing, Number)"
    assert listed[1].describe() == "NOWAK, Ed: all 17 goals blank"
    audit_before = cohort.audit()
    with pytest.raises(IncompleteCohort) as refused:
        cohort.submit()
    assert refused.value.pupils == listed
    assert "2 pupils do not have all 17 goals" in str(refused.value)
    assert "ADEYEMI, Ola" in str(refused.value) and "NOWAK, Ed" in str(refused.value)
    assert cohort.section().submitted_at is None
    assert cohort.audit() == audit_before


def test_pupils_with_include_in_data_no_are_not_required(cohort: Cohort) -> None:
    cohort.give(cohort.smith, AREA_CODES)
    cohort.give(cohort.adeyemi, AREA_CODES, E)
    write_changes(
        cohort.database, cohort.clerk, cohort.school.id, [include_edit(cohort.nowak, False)]
    )
    assert (
        elg_submission.check_submission(
            cohort.database, cohort.clerk, cohort.school.id, cohort.section_id
        )
        == []
    )
    assert cohort.submit().locked


def test_absent_counts_as_all_goals_given(cohort: Cohort) -> None:
    cohort.complete()
    assert set(cohort.results().values()) == {"X", "E", "A"}
    assert cohort.submit().submitted_by == "head"


def test_the_authority_statement_must_be_confirmed(cohort: Cohort) -> None:
    cohort.complete()
    with pytest.raises(InvalidInput, match="I have authority from the Headteacher"):
        elg_submission.submit(cohort.database, cohort.head, cohort.school.id, cohort.section_id)
    assert cohort.section().submitted_at is None


def test_a_cohort_with_no_included_pupil_cannot_be_submitted(cohort: Cohort) -> None:
    edits = [include_edit(pupil, False) for pupil in cohort.ids[:3]]
    write_changes(cohort.database, cohort.clerk, cohort.school.id, edits)
    with pytest.raises(InvalidInput, match="no Reception pupil"):
        cohort.submit()


def test_submitting_records_who_and_when_and_is_audited(cohort: Cohort) -> None:
    cohort.complete()
    info = cohort.submit()
    row = cohort.section()
    assert (row.submitted_by, row.submitted_at) == ("head", NOW)
    assert (info.submitted_by, info.submitted_at) == ("head", NOW)
    day = NOW.astimezone().strftime("%d/%m/%Y")
    assert elg_submission.submitted_label(info) == f"Submitted by head on {day}"
    loaded = load_cohort(cohort.database, cohort.clerk, cohort.school.id, YEAR, R)
    assert loaded.elg is not None and loaded.elg.locked
    assert cohort.audit()[-1] == ("head", "submit early learning goals")
    with cohort.database.read() as session:
        entry = session.scalars(select(AuditEntry).order_by(col(AuditEntry.id).desc())).first()
    assert entry is not None
    assert entry.target == "End of Year ELGs 2025/2026"
    assert entry.new_value == f"3 pupils; confirmed: {AUTHORITY_STATEMENT}"
    with pytest.raises(Locked, match="submitted by head"):
        cohort.submit()


def test_only_the_schools_own_manager_can_submit(cohort: Cohort) -> None:
    cohort.complete()
    outsider = Actor("bob", Role.MANAGER, cohort.school.id + 1)
    with pytest.raises(PermissionDenied):
        cohort.submit(outsider)
    # The Headteacher's authority: not a plain user's, and not the support team's to give.
    for without_authority in (cohort.clerk, Actor("support.tester", Role.SUPPORT, None)):
        with pytest.raises(PermissionDenied, match="Only a manager"):
            cohort.submit(without_authority)
    assert cohort.section().submitted_at is None
    with pytest.raises(PermissionDenied):
        elg_submission.check_submission(
            cohort.database, outsider, cohort.school.id, cohort.section_id
        )
    other = create_establishment(cohort.database, Actor("s", Role.SUPPORT, None), "2042", "OAK")
    with pytest.raises(NotFound):
        elg_submission.submit(
            cohort.database,
            Actor("bob", Role.MANAGER, other.id),
            other.id,
            cohort.section_id,
            authority_confirmed=True,
        )
    assert cohort.section().submitted_at is None
    assert cohort.submit().locked


WRITES: dict[str, Callable[[Cohort], list[Change]]] = {
    "one goal": lambda c: [elg_edit(c.section_id, c.smith, "N", E)],
    "clearing a goal": lambda c: [elg_edit(c.section_id, c.smith, "N", None)],
    "absent fills the row": lambda c: [elg_edit(c.section_id, c.adeyemi, "SP", A)],
    "a column fill": lambda c: [elg_edit(c.section_id, p, "W", E) for p in c.ids[:3]],
    "a row fill": lambda c: [elg_edit(c.section_id, c.smith, code, E) for code in AREA_CODES],
    "an undo": lambda c: [inverse(change) for change in reversed(c.absent_applied)],
    "include in data off": lambda c: [include_edit(c.smith, False)],
    "include in data back on": lambda c: [include_edit(c.nowak, True)],
    "a judgement with a goal": lambda c: [
        judgement_edit(c.smith, c.period_id, "N", Cell(Judgement.ON_TRACK)),
        elg_edit(c.section_id, c.smith, "N", E),
    ],
}


@pytest.mark.parametrize("name", sorted(WRITES))
def test_every_write_path_is_refused_after_submission(cohort: Cohort, name: str) -> None:
    cohort.complete()
    write_changes(
        cohort.database, cohort.clerk, cohort.school.id, [include_edit(cohort.nowak, False)]
    )
    cohort.submit()
    before = (cohort.results(), cohort.includes(), cohort.audit())
    with pytest.raises(Locked, match="support team"):
        write_changes(
            cohort.database, cohort.clerk, cohort.school.id, WRITES[name](cohort), today=IN_YEAR
        )
    assert (cohort.results(), cohort.includes(), cohort.audit()) == before
    with cohort.database.read() as session:
        assert session.scalar(select(func.count()).select_from(JudgementRow)) == 0


def test_the_section_cannot_be_made_again_and_other_work_goes_on(cohort: Cohort) -> None:
    cohort.complete()
    cohort.submit()
    with pytest.raises(InvalidInput, match="already exist"):
        assessments.create_elg_section(
            cohort.database, cohort.clerk, cohort.school.id, YEAR, date(2026, 7, 1)
        )
    # Tracking judgements, and pupils outside the submitted cohort, are not part of the return.
    applied = write_changes(
        cohort.database,
        cohort.clerk,
        cohort.school.id,
        [
            judgement_edit(cohort.smith, cohort.period_id, "N", Cell(Judgement.ON_TRACK)),
            include_edit(cohort.nursery_pupil, False),
        ],
    )
    assert len(applied) == 2


def support_account(database: Database, monkeypatch: pytest.MonkeyPatch) -> Actor:
    cheap_hashing(monkeypatch)
    with database.write() as session:
        session.add(
            Account(
                username="support.tester",
                role=Role.SUPPORT.value,
                password_hash=passwords.hash_password(SUPPORT_PASSWORD),
                password_is_temporary=False,
            )
        )
    return Actor("support.tester", Role.SUPPORT, None, "ssh 192.0.2.7")


def failures(database: Database, username: str) -> int:
    with database.read() as session:
        account = session.scalars(select(Account).where(col(Account.username) == username)).one()
        return account.failed_sign_ins


def test_only_support_can_unlock(cohort: Cohort, monkeypatch: pytest.MonkeyPatch) -> None:
    support_account(cohort.database, monkeypatch)
    cohort.complete()
    cohort.submit()
    for actor in (cohort.clerk, Actor("head", Role.MANAGER, cohort.school.id)):
        with pytest.raises(PermissionDenied, match="support team"):
            elg_submission.unlock(
                cohort.database, actor, cohort.school.id, cohort.section_id, SUPPORT_PASSWORD
            )
    assert cohort.section().submitted_at == NOW


def test_a_wrong_password_unlocks_nothing_and_counts_as_a_failure(
    cohort: Cohort, monkeypatch: pytest.MonkeyPatch
) -> None:
    support = support_account(cohort.database, monkeypatch)
    cohort.complete()
    cohort.submit()
    with pytest.raises(ReauthenticationFailed):
        elg_submission.unlock(
            cohort.database, support, cohort.school.id, cohort.section_id, "not-my-password"
        )
    row = cohort.section()
    assert (row.submitted_by, row.submitted_at) == ("head", NOW)
    assert failures(cohort.database, "support.tester") == 1
    assert cohort.audit()[-1] == ("support.tester", "password check failed")
    with pytest.raises(Locked):
        cohort.give(cohort.smith, ("N",), E)


def test_support_unlocks_with_their_password_and_it_is_audited(
    cohort: Cohort, monkeypatch: pytest.MonkeyPatch
) -> None:
    support = support_account(cohort.database, monkeypatch)
    cohort.complete()
    cohort.submit()
    info = elg_submission.unlock(
        cohort.database, support, cohort.school.id, cohort.section_id, SUPPORT_PASSWORD
    )
    assert not info.locked
    row = cohort.section()
    assert (row.submitted_by, row.submitted_at) == (None, None)
    with cohort.database.read() as session:
        entry = session.scalars(select(AuditEntry).order_by(col(AuditEntry.id).desc())).first()
    assert entry is not None
    assert (entry.actor, entry.action, entry.source) == (
        "support.tester",
        "unlock early learning goals",
        "ssh 192.0.2.7",
    )
    day = NOW.astimezone().strftime("%d/%m/%Y")
    assert entry.old_value == f"Submitted by head on {day}"
    assert entry.establishment_id == cohort.school.id
    assert entry.at is not None
    # Editable again, and can be submitted again.
    assert len(cohort.give(cohort.smith, ("N",), E)) == 1
    assert cohort.submit().locked


def test_unlocking_what_is_not_submitted_is_refused(
    cohort: Cohort, monkeypatch: pytest.MonkeyPatch
) -> None:
    support = support_account(cohort.database, monkeypatch)
    with pytest.raises(InvalidInput, match="not submitted"):
        elg_submission.unlock(
            cohort.database, support, cohort.school.id, cohort.section_id, SUPPORT_PASSWORD
        )
    assert failures(cohort.database, "support.tester") == 0


def test_include_in_data_is_frozen_outside_the_grid_too(cohort: Cohort) -> None:
    """The pupil form and multi-edit change Include in Data through store.pupils.editing."""
    from store.pupils.editing import set_characteristics, update_pupil
    from store.pupils.fields import form_from_values
    from store.pupils.pupils import get_pupil

    cohort.complete()
    cohort.submit()
    before = (cohort.results(), cohort.includes(), cohort.audit())
    with pytest.raises(Locked, match="support team"):
        set_characteristics(
            cohort.database,
            cohort.clerk,
            cohort.school.id,
            [(cohort.smith, "include_in_data", False)],
            today=IN_YEAR,
        )
    values = get_pupil(cohort.database, cohort.clerk, cohort.school.id, cohort.smith)
    form = form_from_values(values)
    form.include_in_data = False
    form.upn, form.postcode = upn_check_letter("204100000000") + "204100000000", "PR1 2AB"
    with pytest.raises(Locked, match="support team"):
        update_pupil(cohort.database, cohort.clerk, cohort.school.id, cohort.smith, form, IN_YEAR)
    assert (cohort.results(), cohort.includes(), cohort.audit()) == before
    # Other fields of the same pupil, and the Nursery pupil's Include, still change.
    set_characteristics(
        cohort.database, cohort.clerk, cohort.school.id, [(cohort.smith, "eal", True)]
    )
    set_characteristics(
        cohort.database,
        cohort.clerk,
        cohort.school.id,
        [(cohort.nursery_pupil, "include_in_data", False)],
    )
    assert cohort.includes()[3] is False
