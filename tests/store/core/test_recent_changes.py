"""Whether anyone else changed an establishment's data since a grid last looked
(store/core/recent_changes.py): on SQLite and PostgreSQL, with real sessions."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import col, select

from store.assessments import periods as assessments
from store.assessments.changes import judgement_edit
from store.assessments.cohort import Cell, load_cohort
from store.assessments.judgements import write_as_seen
from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.models import Account
from store.core.recent_changes import changes_since, latest_change
from store.curriculum.eyfs import Judgement, YearGroup
from store.establishments.establishments import EstablishmentInfo, create_establishment
from tests.store.assessments.test_assessments import YEAR, add_pupils
from tests.store.core.test_session_writes import _account, _session

R = YearGroup.RECEPTION


@pytest.fixture
def school(database: Database, support: Actor) -> EstablishmentInfo:
    return create_establishment(database, support, "2041", "ST MARY'S C OF E PRIMARY")


def signed_in(database: Database, username: str, school: EstablishmentInfo) -> Actor:
    """`username` (made on first use) in a new live session."""
    with database.read() as session:
        found = session.scalars(
            select(col(Account.id)).where(col(Account.username) == username)
        ).first()
    account = found or _account(database, username, Role.USER, school.id, "not a real hash")
    return Actor(
        username, Role.USER, school.id, "ssh 192.0.2.7", _session(database, account, False)
    )


class Cohort:
    """Three Reception pupils and one period, and a way to put a value in one LAU cell."""

    def __init__(self, database: Database, support: Actor, school: EstablishmentInfo) -> None:
        self.database, self.school = database, school
        # Three pupils; the cell written is the first's.
        self.pupil, *_ = add_pupils(database, school, ["O'Brien, Siobhán", "Zed, Ann", "Young, Bo"])
        period = assessments.create_period(
            database, support, school.id, "Autumn 1", date(YEAR, 10, 1), [R]
        )
        self.period = period.id
        self.value = Cell()

    def write(self, actor: Actor) -> list[int]:
        """Flip the cell as `actor`; the ids of the audit entries written."""
        after = Cell(Judgement.BELOW if self.value != Cell(Judgement.BELOW) else Judgement.ON_TRACK)
        edit = judgement_edit(self.pupil, self.period, "LAU", after, self.value)
        written = write_as_seen(self.database, actor, self.school.id, [edit])
        assert written.applied and len(written.audit_ids) == 1
        self.value = after
        return written.audit_ids


@pytest.fixture
def cohort(database: Database, support: Actor, school: EstablishmentInfo) -> Cohort:
    return Cohort(database, support, school)


def test_the_latest_change_moves_with_the_establishments_changes_only(
    database: Database, support: Actor, school: EstablishmentInfo, cohort: Cohort
) -> None:
    amina = signed_in(database, "amina", school)
    other = create_establishment(database, support, "2042", "ST JOHN'S")
    before = latest_change(database, amina, school.id)
    add_pupils(database, other, ["Nowak, Zofia"])  # another school's pupil: not ours
    assert latest_change(database, amina, school.id) == before
    cohort.write(amina)
    after = latest_change(database, amina, school.id)
    assert after > before
    assert changes_since(database, amina, school.id, after) == changes_since(
        database, amina, school.id, None
    )


def test_a_change_in_ones_own_session_is_not_anothers(
    database: Database, school: EstablishmentInfo, cohort: Cohort
) -> None:
    amina = signed_in(database, "amina", school)
    seen = latest_change(database, amina, school.id)
    cohort.write(amina)
    cohort.write(amina)
    since = changes_since(database, amina, school.id, seen)
    assert since.latest > seen
    assert not since.by_others


@pytest.mark.parametrize("who", ["a colleague", "the same account elsewhere"])
def test_a_change_from_another_session_is_anothers(
    database: Database, school: EstablishmentInfo, cohort: Cohort, who: str
) -> None:
    amina = signed_in(database, "amina", school)
    seen = latest_change(database, amina, school.id)
    cohort.write(amina)  # her own first: the colleague's comes after it
    other = signed_in(database, "bernard" if who == "a colleague" else "amina", school)
    cohort.write(other)
    since = changes_since(database, amina, school.id, seen)
    assert since.by_others
    assert since.pupils == {cohort.pupil}  # only that pupil's row needs reading again
    assert since.latest == latest_change(database, other, school.id)
    assert not changes_since(database, amina, school.id, since.latest).by_others


def test_a_change_without_a_session_is_anothers(
    database: Database, school: EstablishmentInfo, cohort: Cohort
) -> None:
    amina = signed_in(database, "amina", school)
    seen = latest_change(database, amina, school.id)
    cohort.write(Actor("admin", Role.SUPPORT, None))  # the server's administrator's command
    assert changes_since(database, amina, school.id, seen).by_others


def test_without_a_session_of_ones_own_every_change_is_anothers(
    database: Database, school: EstablishmentInfo, cohort: Cohort
) -> None:
    local = Actor("local", Role.MANAGER, school.id)  # a database without accounts
    seen = latest_change(database, local, school.id)
    cohort.write(local)
    assert changes_since(database, local, school.id, seen).by_others


def test_another_establishments_changes_are_refused(
    database: Database, support: Actor, school: EstablishmentInfo
) -> None:
    other = create_establishment(database, support, "2042", "ST JOHN'S")
    stranger = Actor("zofia", Role.MANAGER, other.id)
    with pytest.raises(PermissionDenied):
        changes_since(database, stranger, school.id, 0)
    with pytest.raises(PermissionDenied):
        latest_change(database, stranger, school.id)


def test_a_change_about_no_pupil_asks_for_everything(
    database: Database, support: Actor, school: EstablishmentInfo, cohort: Cohort
) -> None:
    amina = signed_in(database, "amina", school)
    seen = latest_change(database, amina, school.id)
    cohort.write(Actor("bernard", Role.USER, school.id))
    assessments.create_period(database, support, school.id, "Spring 1", date(YEAR, 1, 20), [R])
    since = changes_since(database, amina, school.id, seen)
    assert since.by_others and since.pupils is None  # a new period: read the cohort whole


def test_only_the_pupils_named_are_read_again(
    database: Database, school: EstablishmentInfo, cohort: Cohort
) -> None:
    amina = signed_in(database, "amina", school)
    seen = latest_change(database, amina, school.id)
    cohort.write(signed_in(database, "bernard", school))
    since = changes_since(database, amina, school.id, seen)
    part = load_cohort(database, amina, school.id, YEAR, R, only=since.pupils)
    assert [pupil.id for pupil in part.pupils] == [cohort.pupil]
    assert part.cells == {(cohort.pupil, cohort.period, "LAU"): cohort.value}
    assert [period.id for period in part.periods] == [cohort.period]  # every period, always
    assert len(load_cohort(database, amina, school.id, YEAR, R).pupils) == 3


def test_without_a_session_the_entries_one_wrote_are_not_anothers(
    database: Database, school: EstablishmentInfo, cohort: Cohort
) -> None:
    local = Actor("local", Role.MANAGER, school.id)  # a database without accounts
    seen = latest_change(database, local, school.id)
    mine = cohort.write(local) + cohort.write(local)
    assert mine == sorted(mine) and mine[0] > seen
    assert not changes_since(database, local, school.id, seen, mine).by_others
    cohort.write(Actor("local", Role.MANAGER, school.id))  # the same name in another window
    since = changes_since(database, local, school.id, seen, mine)
    assert since.by_others and since.pupils == {cohort.pupil}


def test_without_returning_the_entries_are_written_and_no_ids_given(
    database: Database, school: EstablishmentInfo, cohort: Cohort, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite before 3.35 has no RETURNING: a write still audits; the grid is told no ids (and
    then reads its own changes back as a colleague's, which costs a read, not a change)."""
    monkeypatch.setattr(database.engine.dialect, "insert_executemany_returning", False)
    local = Actor("local", Role.MANAGER, school.id)
    seen = latest_change(database, local, school.id)
    edit = judgement_edit(cohort.pupil, cohort.period, "LAU", Cell(Judgement.BELOW))
    written = write_as_seen(database, local, school.id, [edit])
    assert written.applied and written.audit_ids == []
    assert latest_change(database, local, school.id) > seen
