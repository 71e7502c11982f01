"""The support team's transfer of a child between establishments.

The new school gets a live record with the UPN and the child's interventions; the old school
keeps its judgements as a left record; the UPN stays unique among live records; only support
transfers, after their password; a child of a submitted cohort is not transferred.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import func, select
from sqlmodel import col

from store.accounts import passwords
from store.accounts.reauth import ReauthenticationFailed
from store.assessments import periods as assessments
from store.assessments.changes import elg_edit, judgement_edit
from store.assessments.cohort import Cell, load_cohort
from store.assessments.elg_submission import submit
from store.assessments.judgements import write_changes
from store.core.access import Actor, PermissionDenied, Role
from store.core.audit_trail import TrailFilter, read_trail
from store.core.db import Database
from store.core.errors import InvalidInput, Locked, NotFound
from store.core.models import AuditEntry, Intervention, Pupil
from store.core.models import Judgement as JudgementRow
from store.curriculum.eyfs import AREA_CODES, ElgOutcome, Judgement, YearGroup
from store.curriculum.upn import upn_check_letter
from store.curriculum.year_groups import birth_date_range
from store.establishments.establishments import EstablishmentInfo, create_establishment
from store.pupils import editing, interventions, pupils
from store.pupils.editing import PupilInvalid
from store.pupils.fields import PupilForm
from store.pupils.transfer import preview_transfer, transfer_pupil
from store.reports.la_return import section_rows, submitted_sections
from tests.store.accounts_helpers import cheap_hashing

YEAR = 2025
TODAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
R = YearGroup.RECEPTION
PASSWORD = "Bramble-Kettle-42!"
UPN = upn_check_letter("300100000007") + "300100000007"
BORN = birth_date_range(R, YEAR)[0]


@dataclass
class Move:
    database: Database
    ash: EstablishmentInfo
    birch: EstablishmentInfo
    ann: Actor  # Ash's manager
    bob: Actor  # Birch's manager
    support: Actor
    child: int
    period: int

    def form(self) -> PupilForm:
        return PupilForm(
            upn=UPN,
            surname="Nowak",
            forenames="Ola",
            date_of_birth=f"{BORN:%d/%m/%Y}",
            gender="F",
            postcode="PR1 2AB",
            ethnicity="WOTH",
        )

    def transfer(self, password: str = PASSWORD, actor: Actor | None = None) -> None:
        transfer_pupil(
            self.database, actor or self.support, self.child, self.birch.id, password, now=NOW
        )

    def records(self) -> list[tuple[int, str, str | None, bool]]:
        """(establishment, UPN column, UPN kept aside, archived) of every record, by id."""
        with self.database.read() as session:
            rows = session.scalars(select(Pupil).order_by(col(Pupil.id))).all()
            return [(r.establishment_id, r.upn, r.transferred_upn, r.archived) for r in rows]


@pytest.fixture
def move(database: Database, monkeypatch: pytest.MonkeyPatch) -> Move:
    cheap_hashing(monkeypatch)
    support = Actor("helpdesk", Role.SUPPORT, None)
    with database.write() as session:
        from store.core.models import Account

        session.add(
            Account(
                username=support.username,
                role=Role.SUPPORT.value,
                password_hash=passwords.hash_password(PASSWORD),
                password_is_temporary=False,
            )
        )
    ash = create_establishment(database, support, "3001", "ASH")
    birch = create_establishment(database, support, "3002", "BIRCH")
    ann, bob = Actor("ann", Role.MANAGER, ash.id), Actor("bob", Role.MANAGER, birch.id)
    made = Move(database, ash, birch, ann, bob, support, 0, 0)
    made.child = editing.create_pupil(database, ann, ash.id, made.form(), TODAY)
    made.period = assessments.create_period(
        database, ann, ash.id, "Autumn 1", date(2025, 10, 17), [R]
    ).id
    write_changes(
        database,
        ann,
        ash.id,
        [
            judgement_edit(made.child, made.period, code, Cell(Judgement.ON_TRACK))
            for code in AREA_CODES
        ],
    )
    interventions.add_intervention(
        database, ann, ash.id, made.child, YEAR, "Autumn 1", "Speech group"
    )
    return made


def test_the_new_school_is_refused_the_upn_until_support_transfers_the_child(move: Move) -> None:
    editing.archive_pupils(move.database, move.ann, move.ash.id, [move.child])
    with pytest.raises(PupilInvalid, match="ask the support team to transfer the record"):
        editing.create_pupil(move.database, move.bob, move.birch.id, move.form(), TODAY)
    preview = preview_transfer(move.database, move.support, UPN.lower(), " 3002 ")
    assert preview.describe() == (
        f"NOWAK, Ola, born {BORN:%d/%m/%Y}, archived at 3001 - ASH, moves to 3002 - BIRCH with "
        "1 intervention. 3001 - ASH keeps its assessments of the child as a record of a pupil "
        "who left."
    )
    move.transfer()
    # One live record holds the UPN, at Birch; Ash keeps a left record with the UPN aside.
    left, live = move.records()
    assert left == (move.ash.id, f"~{move.child}", UPN, True)
    assert live == (move.birch.id, UPN, None, False)
    new_id = pupils.find_pupil_by_upn(move.database, move.bob, UPN)
    assert new_id is not None and new_id[1:] == (move.birch.id, False)
    birch_row = load_cohort(move.database, move.bob, move.birch.id, YEAR, R).pupils
    assert [(p.display_name, p.class_slot) for p in birch_row] == [("NOWAK, Ola", None)]
    # The interventions went with the child (readable, not editable, at Birch).
    listed = interventions.list_interventions(move.database, move.bob, move.birch.id, new_id[0])
    assert [(i.details, i.editable, i.establishment) for i in listed] == [
        ("Speech group", False, "3001 - ASH")
    ]
    # Ash's judgements stay Ash's, on the left record; Birch's grid starts empty.
    with move.database.read() as session:
        owners = set(session.scalars(select(col(JudgementRow.pupil_id))))
    assert owners == {move.child}
    with pytest.raises(
        PupilInvalid, match="already belongs to the pupil NOWAK, Ola in this school"
    ):
        editing.create_pupil(move.database, move.bob, move.birch.id, move.form(), TODAY)
    # Audited at both schools; Ash's trail still finds the child by UPN.
    trail = read_trail(move.database, move.ann, TrailFilter(pupil=UPN))
    assert "transfer pupil out" in {entry.action for entry in trail}
    with move.database.read() as session:
        actions = session.execute(
            select(col(AuditEntry.action), col(AuditEntry.establishment_id)).where(
                col(AuditEntry.action).like("transfer pupil%")
            )
        ).all()
    assert sorted(actions) == [
        ("transfer pupil in", move.birch.id),
        ("transfer pupil out", move.ash.id),
    ]


def test_a_child_on_roll_moves_too_and_can_move_back(move: Move) -> None:
    move.transfer()
    new_id = pupils.find_pupil_by_upn(move.database, move.support, UPN)
    assert new_id is not None
    assert pupils.list_pupils(move.database, move.ann, move.ash.id, YEAR) == []
    transfer_pupil(move.database, move.support, new_id[0], move.ash.id, PASSWORD, now=NOW)
    back = pupils.find_pupil_by_upn(move.database, move.ann, UPN)
    assert back is not None and back[1] == move.ash.id
    listed = interventions.list_interventions(move.database, move.ann, move.ash.id, back[0])
    assert [(i.details, i.editable) for i in listed] == [("Speech group", True)]
    assert [r[1:] for r in move.records()] == [
        (f"~{move.child}", UPN, True),
        (f"~{new_id[0]}", UPN, True),
        (UPN, None, False),
    ]


def test_only_support_transfers_and_only_with_their_password(move: Move) -> None:
    before = move.records()
    for school_person in (move.ann, move.bob):
        with pytest.raises(PermissionDenied, match="Only the support team"):
            preview_transfer(move.database, school_person, UPN, "3002")
        with pytest.raises(PermissionDenied, match="Only the support team"):
            move.transfer(actor=school_person)
    with pytest.raises(ReauthenticationFailed):
        move.transfer("not-my-password")
    assert move.records() == before


@pytest.mark.parametrize(
    ("upn", "number", "refusal", "words"),
    [
        ("", "3002", InvalidInput, "Type the child's UPN"),
        (upn_check_letter("300100000009") + "300100000009", "3002", NotFound, "No pupil has"),
        (UPN, "9999", NotFound, "no establishment numbered 9999"),
        (UPN, "3001", InvalidInput, "NOWAK, Ola is at 3001 - ASH"),
    ],
)
def test_a_transfer_that_cannot_be_is_said_plainly(
    move: Move, upn: str, number: str, refusal: type[Exception], words: str
) -> None:
    with pytest.raises(refusal, match=words):
        preview_transfer(move.database, move.support, upn, number)


def test_a_child_of_a_submitted_cohort_is_not_transferred(move: Move) -> None:
    section = assessments.create_elg_section(
        move.database, move.ann, move.ash.id, YEAR, date(2026, 6, 5)
    )
    goals = [elg_edit(section.id, move.child, code, ElgOutcome.EXPECTED) for code in AREA_CODES]
    write_changes(move.database, move.ann, move.ash.id, goals)
    submit(move.database, move.ann, move.ash.id, section.id, authority_confirmed=True)
    before = move.records()
    with pytest.raises(Locked, match="moving them to another establishment would change"):
        move.transfer()
    assert move.records() == before


def test_the_left_record_is_history_not_an_archived_pupil(move: Move) -> None:
    move.transfer()
    assert pupils.list_pupils(move.database, move.support, move.ash.id, YEAR, archived=True) == []
    with pytest.raises(InvalidInput, match="moved to another establishment"):
        editing.unarchive_pupils(move.database, move.support, [move.child], PASSWORD)
    with move.database.read() as session:
        assert session.scalar(select(func.count()).select_from(Intervention)) == 1


def test_results_the_old_school_submits_later_keep_the_real_upn(move: Move) -> None:
    """The child left with goals entered; Ash submits its cohort afterwards (support's return)."""
    section = assessments.create_elg_section(
        move.database, move.ann, move.ash.id, YEAR, date(2026, 6, 5)
    )
    goals = [elg_edit(section.id, move.child, "LAU", ElgOutcome.EXPECTED)]
    write_changes(move.database, move.ann, move.ash.id, goals)
    move.transfer()
    stays = editing.create_pupil(
        move.database,
        move.ann,
        move.ash.id,
        PupilForm(
            upn=upn_check_letter("300100000008") + "300100000008",
            surname="Adams",
            forenames="Kit",
            date_of_birth=f"{BORN:%d/%m/%Y}",
            gender="M",
            postcode="PR1 2AB",
            ethnicity="WBRI",
        ),
        TODAY,
    )
    goals = [elg_edit(section.id, stays, code, ElgOutcome.EXPECTED) for code in AREA_CODES]
    write_changes(move.database, move.ann, move.ash.id, goals)
    submit(move.database, move.ann, move.ash.id, section.id, authority_confirmed=True)
    (submitted,) = submitted_sections(move.database, move.support, YEAR)
    upns = {row.surname: row.upn for row in section_rows(move.database, move.support, submitted)}
    assert upns["Nowak"] == UPN
