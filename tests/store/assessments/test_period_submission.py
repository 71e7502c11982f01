"""Store tests of submitting KS1 results: completeness, authority, the lock, and unlocking, on a
real SQLite file and on PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlmodel import col

from store.accounts.reauth import ReauthenticationFailed
from store.assessments import period_submission, periods
from store.assessments.changes import Change, include_edit, judgement_edit
from store.assessments.cohort import Cell, load_cohort
from store.assessments.judgements import write_changes
from store.assessments.period_deletion import delete_period
from store.assessments.period_submission import IncompleteResults
from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.errors import InvalidInput, Locked
from store.core.models import AssessmentPeriod, AuditEntry, Pupil
from store.curriculum.eyfs import YearGroup
from store.curriculum.ks1 import KS1_TA_ID, PHONICS_ID
from store.curriculum.year_groups import birth_date_range
from store.establishments.establishments import create_establishment
from tests.store.assessments.test_elg_submission import SUPPORT_PASSWORD, support_account

YEAR = 2025
Y2 = YearGroup.YEAR_2
NOW = datetime(2026, 6, 20, 10, 0, tzinfo=timezone.utc)
CONFIRMED = {"authority_confirmed": True, "now": NOW}


class YearTwo:
    """Three Year 2 pupils (Ó'Neill not included in data) with a KS1 and a phonics period."""

    def __init__(self, database: Database) -> None:
        support = Actor("support.tester", Role.SUPPORT, None)
        self.database = database
        self.school = create_establishment(database, support, "2041", "ASH")
        self.head = Actor("head", Role.MANAGER, self.school.id)
        self.clerk = Actor("clerk", Role.USER, self.school.id)
        first, _ = birth_date_range(Y2, YEAR)
        self.ids: dict[str, int] = {}
        with database.write() as session:
            for index, surname in enumerate(("Smith", "Adeyemi", "Ó'Neill")):
                pupil = Pupil(
                    establishment_id=self.school.id,
                    upn=f"K2041000000{index:02d}",
                    surname=surname,
                    forenames="Jo",
                    date_of_birth=first + timedelta(days=30 * index),
                )
                session.add(pupil)
                session.flush()
                assert pupil.id is not None
                self.ids[surname] = pupil.id
        write_changes(
            database, self.head, self.school.id, [include_edit(self.ids["Ó'Neill"], False)]
        )
        self.ks1 = periods.create_period(
            database, self.head, self.school.id, "KS1 2026", date(YEAR + 1, 6, 1), [Y2],
            framework=KS1_TA_ID,
        ).id  # fmt: skip
        self.phonics = periods.create_period(
            database, self.head, self.school.id, "Phonics recheck", date(YEAR + 1, 6, 8), [Y2],
            framework=PHONICS_ID,
        ).id  # fmt: skip

    def give(self, surname: str, values: dict[str, Cell], period_id: int | None = None) -> None:
        edits: list[Change] = [
            judgement_edit(self.ids[surname], period_id or self.ks1, code, cell)
            for code, cell in values.items()
        ]
        write_changes(self.database, self.clerk, self.school.id, edits)

    def complete(self) -> None:
        """Every included pupil has all four results (A counts)."""
        self.give(
            "Smith", {"RD": Cell("EXS"), "WR": Cell("WTS"), "MA": Cell("GDS"), "SC": Cell("EXS")}
        )
        self.give("Adeyemi", {"RD": Cell("A"), "WR": Cell("A"), "MA": Cell("A"), "SC": Cell("A")})

    def row(self) -> AssessmentPeriod:
        with self.database.read() as session:
            found = session.get(AssessmentPeriod, self.ks1)
            assert found is not None
            return found


@pytest.fixture
def year_two(database: Database) -> YearTwo:
    return YearTwo(database)


def test_pupils_without_every_result_are_listed_and_nothing_is_locked(year_two: YearTwo) -> None:
    year_two.give("Smith", {"RD": Cell("EXS"), "MA": Cell("GDS")})
    missing = period_submission.check_period_submission(
        year_two.database, year_two.head, year_two.school.id, year_two.ks1
    )
    # Ó'Neill is not included in data, so is not asked for.
    assert [m.describe() for m in missing] == [
        "ADEYEMI, Jo: no result in Reading, Writing, Mathematics, Science",
        "SMITH, Jo: no result in Writing, Science",
    ]
    with pytest.raises(IncompleteResults, match="2 pupils do not have a result in every subject"):
        period_submission.submit_period(
            year_two.database, year_two.head, year_two.school.id, year_two.ks1, **CONFIRMED
        )
    assert year_two.row().submitted_at is None


def test_a_manager_submits_with_authority_and_the_period_is_locked(year_two: YearTwo) -> None:
    year_two.complete()
    with pytest.raises(InvalidInput, match="confirm"):
        period_submission.submit_period(
            year_two.database, year_two.head, year_two.school.id, year_two.ks1, now=NOW
        )
    period_submission.submit_period(
        year_two.database, year_two.head, year_two.school.id, year_two.ks1, **CONFIRMED
    )
    row = year_two.row()
    assert row.submitted_by == "head" and row.submitted_at == NOW
    cohort = load_cohort(year_two.database, year_two.head, year_two.school.id, YEAR, Y2)
    assert [p.locked for p in cohort.periods] == [True, False]  # the phonics period stays open
    day = NOW.astimezone().strftime("%d/%m/%Y")
    with pytest.raises(Locked, match=f"KS1 2026 was submitted by head on {day} and is locked"):
        year_two.give("Smith", {"RD": Cell("GDS")})
    year_two.give("Smith", {"PSC": Cell(number=35)}, year_two.phonics)  # not locked
    with pytest.raises(Locked):
        period_submission.submit_period(
            year_two.database, year_two.head, year_two.school.id, year_two.ks1, **CONFIRMED
        )
    with year_two.database.read() as session:
        entry = session.scalars(
            select(AuditEntry).where(col(AuditEntry.action) == "submit results")
        ).one()
    assert entry.target == "KS1 2026" and entry.new_value is not None
    assert entry.new_value.startswith("2 pupils; confirmed: I have authority")
    assert "Smith" not in entry.new_value


def test_a_submitted_period_cannot_be_deleted(year_two: YearTwo) -> None:
    year_two.complete()
    period_submission.submit_period(
        year_two.database, year_two.head, year_two.school.id, year_two.ks1, **CONFIRMED
    )
    with pytest.raises(Locked, match="is locked"):
        delete_period(year_two.database, year_two.head, year_two.school.id, year_two.ks1, None)


@pytest.mark.parametrize("role", [Role.USER, Role.SUPPORT])
def test_only_a_manager_submits(year_two: YearTwo, role: Role) -> None:
    year_two.complete()
    actor = Actor("someone", role, year_two.school.id if role is Role.USER else None)
    with pytest.raises(PermissionDenied):
        period_submission.submit_period(
            year_two.database, actor, year_two.school.id, year_two.ks1, **CONFIRMED
        )
    assert year_two.row().submitted_at is None


def test_an_eyfs_period_is_not_submitted_here(year_two: YearTwo) -> None:
    eyfs = periods.create_period(
        year_two.database,
        year_two.head,
        year_two.school.id,
        "Autumn 1",
        date(YEAR, 10, 1),
        [YearGroup.RECEPTION],
    )
    with pytest.raises(InvalidInput, match="not sent to the local authority"):
        period_submission.submit_period(
            year_two.database, year_two.head, year_two.school.id, eyfs.id, **CONFIRMED
        )


def test_support_unlocks_with_their_password_and_it_is_audited(
    year_two: YearTwo, monkeypatch: pytest.MonkeyPatch
) -> None:
    support = support_account(year_two.database, monkeypatch)
    year_two.complete()
    period_submission.submit_period(
        year_two.database, year_two.head, year_two.school.id, year_two.ks1, **CONFIRMED
    )
    with pytest.raises(PermissionDenied):
        period_submission.unlock_period(
            year_two.database, year_two.head, year_two.school.id, year_two.ks1, "x"
        )
    with pytest.raises(ReauthenticationFailed):
        period_submission.unlock_period(
            year_two.database, support, year_two.school.id, year_two.ks1, "wrong password"
        )
    assert year_two.row().submitted_at is not None
    period_submission.unlock_period(
        year_two.database, support, year_two.school.id, year_two.ks1, SUPPORT_PASSWORD
    )
    assert year_two.row().submitted_at is None
    year_two.give("Smith", {"RD": Cell("GDS")})  # editable again
    with year_two.database.read() as session:
        entry = session.scalars(
            select(AuditEntry).where(col(AuditEntry.action) == "unlock results")
        ).one()
    day = NOW.astimezone().strftime("%d/%m/%Y")
    assert (entry.actor, entry.target) == ("support.tester", "KS1 2026")
    assert entry.old_value == f"submitted by head on {day}"
    with pytest.raises(InvalidInput, match="not submitted"):
        period_submission.unlock_period(
            year_two.database, support, year_two.school.id, year_two.ks1, SUPPORT_PASSWORD
        )
