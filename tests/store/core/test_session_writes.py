"""An ended session cannot write: every store function that writes for an actor refuses it.

Each writer below is called twice as a person allowed to make the change: in a session that
has ended (signed in elsewhere), which must raise SessionEnded and leave every table as it was,
and in a live session, which must write, with that session on its audit rows (so the table
cannot pass by calling something that would have written nothing anyway). A meta-test keeps the
table complete: a new public store function taking an `actor` is listed here, read-only in
tests/store/core/test_isolation.py (checked here never to open a write), or exempted with a reason.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import Session, SQLModel, col

import store.core.all_tables  # noqa: F401  (every table on SQLModel.metadata)
from store import demo
from store.accounts import accounts, demo_accounts, reauth
from store.accounts import actions as account_actions
from store.accounts.passwords import hash_password
from store.accounts.reauth import SERVER_ADMINISTRATOR
from store.accounts.settings import SecuritySettings
from store.assessments import (
    ehc_links,
    elg_submission,
    framework_wording,
    judgements,
    period_deletion,
    period_submission,
    phonics_threshold,
    score_settings,
    view_preferences,
)
from store.assessments import periods as assessments
from store.assessments.changes import ElgChange, JudgementChange
from store.assessments.cohort import BLANK, Cell
from store.core.access import Actor, Role
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.errors import SessionEnded
from store.core.models import Account, AuditEntry, LoginSession, Pupil
from store.core.session_check import REPLACED
from store.curriculum.eyfs import AREA_CODES, ElgOutcome, YearGroup
from store.curriculum.ks1 import KS1_TA_ID, READING
from store.curriculum.layers import Layer
from store.curriculum.score_bands import ScoreSettings
from store.curriculum.small_steps import SMALL_STEPS_ID
from store.curriculum.upn import upn_check_letter
from store.curriculum.year_groups import birth_date_range
from store.establishments import establishments, news, return_identity, support_contact
from store.meetings import meetings
from store.meetings import rows as meeting_rows
from store.meetings import templates as discussion_templates
from store.progress import layers as period_layers
from store.pupils import data_download, editing, interventions, pupils, upn_issuer
from store.pupils import importing as pupil_import
from store.pupils import transfer as pupil_transfer
from store.pupils.fields import PupilForm
from store.pupils.profile import Profile, update_profile
from store.pupils.pupils import PupilSearch
from store.reports import ks1_return, la_return
from store.returns import ctf, ctf_coding, ctf_import
from store.returns.ctf_data import ReturnKind
from tests.store.accounts_helpers import cheap_hashing
from tests.store.core.test_isolation import CALLS as READ_AND_WRITE_CALLS
from tests.store.core.test_isolation import (
    UPLOAD,
    UPN_A,
    YEAR,
    TwoSchools,
    _judgement,
    _public_functions_taking_an_actor,
    schools,  # noqa: F401  (the fixture)
)

PASSWORD = "Bramble-Kettle-42!"
NEW_PASSWORD = "Quince-Lantern-17?"
NOW = datetime.now(timezone.utc)
ELSEWHERE = "ssh 203.0.113.5"


@dataclass
class World:
    """School A's data (test_isolation's), its manager and a user, and two support accounts."""

    s: TwoSchools
    settings: SecuritySettings
    bea_session: int  # the user's live session, for "end session"
    made: dict[str, int]  # ids the set-ups made

    def made_row(self, section: meeting_rows.Section) -> int:
        self.made[section.value] = meeting_rows.add_row(
            self.db, NO_SESSION, self.s.a_id, self.s.meeting_id, section
        )
        return self.made[section.value]

    @property
    def db(self) -> Database:
        return self.s.database


def _account(db: Database, username: str, role: Role, eid: int | None, hashed: str) -> int:
    with db.write() as session:
        row = Account(
            username=username,
            role=role.value,
            establishment_id=eid,
            password_hash=hashed,
            password_is_temporary=False,
            created_at=NOW,
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id


def _session(db: Database, account_id: int, ended: bool) -> int:
    with db.write() as session:
        row = LoginSession(
            account_id=account_id,
            source="ssh 192.0.2.7",
            started_at=NOW,
            last_activity=NOW,
            last_heartbeat=NOW,
            ended_at=NOW if ended else None,
            end_reason=f"{REPLACED}{ELSEWHERE}" if ended else None,
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id


@pytest.fixture
def world(
    schools: TwoSchools,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> World:
    cheap_hashing(monkeypatch)
    hashed = hash_password(PASSWORD)
    db = schools.database
    for username, role, eid in [
        ("ann", Role.MANAGER, schools.a_id),
        ("sue", Role.SUPPORT, None),
        ("sam", Role.SUPPORT, None),
    ]:
        _account(db, username, role, eid, hashed)
    bea = _account(db, "bea", Role.USER, schools.a_id, hashed)
    settings = SecuritySettings(key_file=tmp_path / "keys" / "secret.key")
    return World(schools, settings, _session(db, bea, ended=False), {})


def actor_of(world: World, who: str, ended: bool) -> Actor:
    """Ann (A's manager) or Sue (support), in a new session: ended elsewhere, or live."""
    username, role, eid = {
        "manager": ("ann", Role.MANAGER, world.s.a_id),
        "support": ("sue", Role.SUPPORT, None),
    }[who]
    with world.db.read() as session:
        account_id = session.scalars(
            select(col(Account.id)).where(col(Account.username) == username)
        ).one()
    return Actor(username, role, eid, "ssh 192.0.2.7", _session(world.db, account_id, ended))


NO_SESSION = Actor("setup", Role.SUPPORT, None)
BARRIER = meeting_rows.Section.BARRIER
BORN = birth_date_range(YearGroup.RECEPTION, YEAR)[0] + timedelta(days=30)  # the fixture's


def _fill_elgs(w: World) -> None:
    changes = [
        ElgChange(w.s.section_id, w.s.pupil_id, code, None, ElgOutcome.EXPECTED)
        for code in AREA_CODES
    ]
    judgements.write_changes(w.db, NO_SESSION, w.s.a_id, changes, "set ELG")


def _submitted(w: World) -> None:
    _fill_elgs(w)
    manager = Actor("setup.manager", Role.MANAGER, w.s.a_id)  # only a manager submits
    elg_submission.submit(w.db, manager, w.s.a_id, w.s.section_id, authority_confirmed=True)


def _ks1_complete(w: World) -> None:
    """A Year 2 pupil at A with every result of A's KS1 period (test_isolation's)."""
    with w.db.write() as session:
        pupil = Pupil(
            establishment_id=w.s.a_id,
            upn="K300100000001",
            surname="Quinn",
            forenames="Ava",
            date_of_birth=birth_date_range(YearGroup.YEAR_2, YEAR)[0],
        )
        session.add(pupil)
        session.flush()
        assert pupil.id is not None
        pupil_id = pupil.id
    changes = [
        JudgementChange(pupil_id, w.s.ks1_period_id, code, BLANK, Cell("EXS"))
        for code in ("RD", "WR", "MA", "SC")
    ]
    judgements.write_changes(w.db, NO_SESSION, w.s.a_id, changes)


def _ks1_submitted(w: World) -> None:
    _ks1_complete(w)
    manager = Actor("setup.manager", Role.MANAGER, w.s.a_id)
    period_submission.submit_period(
        w.db, manager, w.s.a_id, w.s.ks1_period_id, authority_confirmed=True
    )


def _ready_for_ctf(w: World) -> None:
    _submitted(w)  # only submitted results are returned
    return_identity.set_return_identity(
        w.db, NO_SESSION, w.s.a_id, la_number="873", dfe_number="3001", urn="100001"
    )


def _ready_for_ks1_csv(w: World) -> None:
    _ks1_submitted(w)
    with w.db.write() as session:  # a UPN with its check letter: the return checks it
        for pupil in session.scalars(select(Pupil).where(col(Pupil.surname) == "Quinn")):
            pupil.upn = upn_check_letter("300100000777") + "300100000777"
    return_identity.set_return_identity(
        w.db, NO_SESSION, w.s.a_id, la_number="873", dfe_number="3001", urn="100001"
    )


def _news(w: World) -> None:
    w.made["news"] = news.add_news(w.db, NO_SESSION, "Closed", "Closed.", date.today()).id


def _deleted_period(w: World) -> None:
    period_deletion.delete_period(
        w.db, NO_SESSION, w.s.a_id, w.s.period_id, SERVER_ADMINISTRATOR, now=NOW
    )


def _demo(w: World) -> None:
    w.made["demo"] = demo.ensure_demo(w.db, NO_SESSION).id


def _new_row(section: meeting_rows.Section) -> Callable[[World], None]:
    def make(w: World) -> None:
        w.made_row(section)

    return make


def _changed_pupil() -> PupilForm:
    return PupilForm(
        upn=UPN_A,
        surname="Changed",
        forenames="Siobhán",
        date_of_birth=f"{BORN:%d/%m/%Y}",
        gender="F",
        postcode="PR1 2AB",
        ethnicity="WBRI",
    )


def _archived(w: World) -> None:
    editing.archive_pupils(w.db, NO_SESSION, w.s.a_id, [w.s.pupil_id])


Write = Callable[[World, Actor], object]

# name -> (who may do it, what to set up first as no session, the call)
WRITERS: dict[str, tuple[str, Callable[[World], None] | None, Write]] = {
    "accounts.actions.change_own_password": (
        "manager",
        None,
        lambda w, a: account_actions.change_own_password(w.db, a, PASSWORD, NEW_PASSWORD, now=NOW),
    ),
    "accounts.actions.change_own_security_code": (
        "manager",
        None,
        lambda w, a: account_actions.change_own_security_code(
            w.db, a, PASSWORD, now=NOW, settings=w.settings
        ),
    ),
    "accounts.actions.change_role": (
        "manager",
        None,
        lambda w, a: account_actions.change_role(w.db, a, PASSWORD, "bea", Role.MANAGER, now=NOW),
    ),
    "accounts.actions.end_session_of": (
        "manager",
        None,
        lambda w, a: account_actions.end_session_of(w.db, a, PASSWORD, w.bea_session, now=NOW),
    ),
    "accounts.actions.issue_temporary_password": (
        "manager",
        None,
        lambda w, a: account_actions.issue_temporary_password(w.db, a, PASSWORD, "bea", now=NOW),
    ),
    "accounts.actions.reset_authenticator": (
        "support",
        None,
        lambda w, a: account_actions.reset_authenticator(w.db, a, PASSWORD, "sam", now=NOW),
    ),
    "accounts.actions.reset_security_code": (
        "manager",
        None,
        lambda w, a: account_actions.reset_security_code(w.db, a, PASSWORD, "bea", now=NOW),
    ),
    "accounts.actions.set_disabled": (
        "manager",
        None,
        lambda w, a: account_actions.set_disabled(w.db, a, PASSWORD, "bea", True, now=NOW),
    ),
    "accounts.actions.unlock_account": (
        "support",
        None,
        lambda w, a: account_actions.unlock_account(w.db, a, PASSWORD, "bea", now=NOW),
    ),
    "accounts.accounts.create_account": (
        "manager",
        None,
        lambda w, a: accounts.create_account(
            w.db, a, username="newbie", role=Role.USER, establishment_id=w.s.a_id, now=NOW
        ),
    ),
    "assessments.periods.create_elg_section": (
        "manager",
        None,
        lambda w, a: assessments.create_elg_section(
            w.db, a, w.s.a_id, YEAR + 1, date(YEAR + 2, 6, 2)
        ),
    ),
    "assessments.periods.create_period": (
        "manager",
        None,
        lambda w, a: assessments.create_period(
            w.db, a, w.s.a_id, "Spring 1", date(YEAR + 1, 2, 1), [YearGroup.RECEPTION]
        ),
    ),
    "assessments.period_deletion.delete_period": (
        "manager",
        None,
        lambda w, a: period_deletion.delete_period(
            w.db, a, w.s.a_id, w.s.period_id, PASSWORD, now=NOW
        ),
    ),
    "assessments.period_deletion.restore_period": (
        "support",
        _deleted_period,
        lambda w, a: period_deletion.restore_period(
            w.db, a, w.s.a_id, w.s.period_id, PASSWORD, now=NOW
        ),
    ),
    "pupils.transfer.transfer_pupil": (
        "support",
        None,
        lambda w, a: pupil_transfer.transfer_pupil(
            w.db, a, w.s.pupil_id, w.s.b_id, PASSWORD, now=NOW
        ),
    ),
    "assessments.periods.submit_elg_section": (
        "manager",
        _fill_elgs,
        lambda w, a: assessments.submit_elg_section(
            w.db, a, w.s.a_id, w.s.section_id, authority_confirmed=True
        ),
    ),
    "demo.ensure_demo": ("support", None, lambda w, a: demo.ensure_demo(w.db, a)),
    "accounts.demo_accounts.ensure_demo_accounts": (
        "support",
        _demo,
        lambda w, a: demo_accounts.ensure_demo_accounts(
            w.db, a, w.made["demo"], now=NOW, settings=w.settings
        ),
    ),
    "meetings.templates.create_template": (
        "manager",
        None,
        lambda w, a: discussion_templates.create_template(
            w.db, a, w.s.a_id, "Q", 9, date(YEAR, 9, 1)
        ),
    ),
    "meetings.templates.delete_template": (
        "manager",
        None,
        lambda w, a: discussion_templates.delete_template(w.db, a, w.s.a_id, w.s.template_id),
    ),
    "meetings.templates.ensure_defaults": (
        "support",  # B has no questions yet: its first look adds the guide's seven
        None,
        lambda w, a: discussion_templates.ensure_defaults(w.db, a, w.s.b_id, date.today()),
    ),
    "meetings.templates.update_template": (
        "manager",
        None,
        lambda w, a: discussion_templates.update_template(
            w.db, a, w.s.a_id, w.s.template_id, "Changed", 1, date(YEAR, 9, 1)
        ),
    ),
    "assessments.elg_submission.submit": (
        "manager",
        _fill_elgs,
        lambda w, a: elg_submission.submit(
            w.db, a, w.s.a_id, w.s.section_id, authority_confirmed=True
        ),
    ),
    "returns.ctf.export_ctf": (
        "manager",
        _ready_for_ctf,
        lambda w, a: ctf.export_ctf(
            w.db, a, w.s.a_id, ReturnKind.EYFSP, YEAR, lambda _: Path("ctf.xml")
        ),
    ),
    "returns.ctf.export_ks1_csv": (
        "manager",
        _ready_for_ks1_csv,
        lambda w, a: ctf.export_ks1_csv(w.db, a, w.s.a_id, YEAR, lambda _: Path("ks1.csv")),
    ),
    "assessments.elg_submission.unlock": (
        "support",
        _submitted,
        lambda w, a: elg_submission.unlock(w.db, a, w.s.a_id, w.s.section_id, PASSWORD),
    ),
    "assessments.period_submission.submit_period": (
        "manager",
        _ks1_complete,
        lambda w, a: period_submission.submit_period(
            w.db, a, w.s.a_id, w.s.ks1_period_id, authority_confirmed=True
        ),
    ),
    "assessments.period_submission.unlock_period": (
        "support",
        _ks1_submitted,
        lambda w, a: period_submission.unlock_period(
            w.db, a, w.s.a_id, w.s.ks1_period_id, PASSWORD
        ),
    ),
    "establishments.establishments.create_establishment": (
        "support",
        None,
        lambda w, a: establishments.create_establishment(w.db, a, "3003", "CEDAR PRIMARY"),
    ),
    "pupils.interventions.add_intervention": (
        "manager",
        None,
        lambda w, a: interventions.add_intervention(
            w.db, a, w.s.a_id, w.s.pupil_id, YEAR, "Autumn 1", "Reading club"
        ),
    ),
    "pupils.interventions.delete_intervention": (
        "manager",
        None,
        lambda w, a: interventions.delete_intervention(
            w.db, a, w.s.a_id, w.s.pupil_id, w.s.intervention_id
        ),
    ),
    "pupils.interventions.update_intervention": (
        "manager",
        None,
        lambda w, a: interventions.update_intervention(
            w.db, a, w.s.a_id, w.s.pupil_id, w.s.intervention_id, YEAR, "Autumn 1", "Changed"
        ),
    ),
    "assessments.judgements.write_changes": (
        "manager",
        None,
        lambda w, a: judgements.write_changes(w.db, a, w.s.a_id, _judgement(w.s), "judgement"),
    ),
    "assessments.judgements.write_as_seen": (
        "manager",
        None,
        lambda w, a: judgements.write_as_seen(w.db, a, w.s.a_id, _judgement(w.s), "judgement"),
    ),
    "reports.la_return.record_return_export": (
        "support",
        None,
        lambda w, a: la_return.record_return_export(w.db, a, YEAR, 1, 1),
    ),
    "pupils.data_download.record_data_download": (
        "manager",
        None,
        lambda w, a: data_download.record_data_download(w.db, a, w.s.a_id, 1),
    ),
    "meetings.rows.add_row": (
        "manager",
        None,
        lambda w, a: meeting_rows.add_row(
            w.db, a, w.s.a_id, w.s.meeting_id, meeting_rows.Section.BARRIER
        ),
    ),
    "meetings.rows.delete_row": (
        "manager",
        None,
        lambda w, a: meeting_rows.delete_row(
            w.db, a, w.s.a_id, w.s.meeting_id, meeting_rows.Section.BARRIER, w.s.row_id
        ),
    ),
    "meetings.rows.set_area": (
        "manager",
        _new_row(meeting_rows.Section.GROUP),
        lambda w, a: meeting_rows.set_area(
            w.db,
            a,
            w.s.a_id,
            w.s.meeting_id,
            meeting_rows.Section.GROUP,
            w.made[meeting_rows.Section.GROUP.value],
            "LAU",
        ),
    ),
    "meetings.rows.set_pupil": (
        "manager",
        _new_row(BARRIER),
        lambda w, a: meeting_rows.set_pupil(
            w.db, a, w.s.a_id, w.s.meeting_id, w.made[BARRIER.value], w.s.pupil_id
        ),
    ),
    "meetings.rows.set_targeted_pupils": (
        "manager",
        _new_row(meeting_rows.Section.TARGETED),
        lambda w, a: meeting_rows.set_targeted_pupils(
            w.db,
            a,
            w.s.a_id,
            w.s.meeting_id,
            w.made[meeting_rows.Section.TARGETED.value],
            [w.s.pupil_id],
        ),
    ),
    "meetings.rows.set_text": (
        "manager",
        None,
        lambda w, a: meeting_rows.set_text(
            w.db,
            a,
            w.s.a_id,
            w.s.meeting_id,
            meeting_rows.Section.BARRIER,
            w.s.row_id,
            "barrier",
            "Speech",
        ),
    ),
    "meetings.meetings.create_meeting": (
        "manager",
        None,
        lambda w, a: meetings.create_meeting(
            w.db,
            a,
            w.s.a_id,
            YEAR,
            teacher="Mr Cole",
            day=date(YEAR, 10, 21),
            class_slot=None,
            period_id=None,
            today=date(YEAR, 10, 21),
        ),
    ),
    "meetings.meetings.delete_meeting": (
        "manager",
        None,
        lambda w, a: meetings.delete_meeting(w.db, a, w.s.a_id, w.s.meeting_id),
    ),
    "meetings.meetings.refresh_figures": (
        "manager",
        None,
        lambda w, a: meetings.refresh_figures(w.db, a, w.s.a_id, w.s.meeting_id),
    ),
    "meetings.meetings.update_header": (
        "manager",
        None,
        lambda w, a: meetings.update_header(
            w.db,
            a,
            w.s.a_id,
            w.s.meeting_id,
            teacher="Mr Cole",
            day=date(YEAR, 10, 21),
            class_slot=None,
            period_id=None,
        ),
    ),
    "establishments.news.add_news": (
        "support",
        None,
        lambda w, a: news.add_news(w.db, a, "Closed", "Closed on Friday.", date.today()),
    ),
    "establishments.news.edit_news": (
        "support",
        _news,
        lambda w, a: news.edit_news(
            w.db, a, w.made["news"], "Open", "Open on Friday.", date.today(), None
        ),
    ),
    "establishments.news.retire_news": (
        "support",
        _news,
        lambda w, a: news.retire_news(w.db, a, w.made["news"], date.today()),
    ),
    "pupils.importing.import_pupils": (
        "manager",
        None,
        lambda w, a: pupil_import.import_pupils(w.db, a, w.s.a_id, UPLOAD, date.today()),
    ),
    "pupils.editing.archive_pupils": (
        "manager",
        None,
        lambda w, a: editing.archive_pupils(w.db, a, w.s.a_id, [w.s.pupil_id]),
    ),
    "pupils.editing.create_pupil": (
        "manager",
        None,
        lambda w, a: editing.create_pupil(
            w.db,
            a,
            w.s.a_id,
            PupilForm(
                upn=upn_check_letter("300100000002") + "300100000002",
                surname="Nowak",
                forenames="Ola",
                gender="F",
                date_of_birth=f"{date(YEAR - 4, 1, 1):%d/%m/%Y}",
                postcode="PR1 2AB",
                ethnicity="WBRI",
            ),
            date.today(),
        ),
    ),
    "pupils.pupils.save_search": (
        "manager",
        None,
        lambda w, a: pupils.save_search(w.db, a, w.s.a_id, PupilSearch(surname="o")),
    ),
    "assessments.view_preferences.save_grid_view": (
        "manager",
        None,
        lambda w, a: view_preferences.save_grid_view(
            w.db, a, w.s.a_id, YEAR, YearGroup.RECEPTION, [w.s.period_id], True
        ),
    ),
    "pupils.editing.set_characteristics": (
        "manager",
        None,
        lambda w, a: editing.set_characteristics(w.db, a, w.s.a_id, [(w.s.pupil_id, "eal", True)]),
    ),
    "pupils.editing.unarchive_pupils": (
        "support",
        _archived,
        lambda w, a: editing.unarchive_pupils(w.db, a, [w.s.pupil_id], PASSWORD, now=NOW),
    ),
    "pupils.profile.update_profile": (
        "manager",
        None,
        lambda w, a: update_profile(
            w.db,
            a,
            w.s.a_id,
            Profile(custom_names=("X",) * 6, class_names=tuple(f"Room {n}" for n in range(1, 21))),
        ),
    ),
    "pupils.editing.update_pupil": (
        "manager",
        None,
        lambda w, a: editing.update_pupil(
            w.db, a, w.s.a_id, w.s.pupil_id, _changed_pupil(), date.today()
        ),
    ),
    "accounts.reauth.confirm_password": (
        "manager",
        None,
        lambda w, a: reauth.confirm_password(w.db, a, "Not-My-Password-1!", now=NOW),
    ),
    "establishments.support_contact.set_support_contact": (
        "support",
        None,
        lambda w, a: support_contact.set_support_contact(w.db, a, "Helpdesk 01632 960000"),
    ),
    "establishments.return_identity.set_return_identity": (
        "support",
        None,
        lambda w, a: return_identity.set_return_identity(
            w.db, a, w.s.a_id, la_number="873", dfe_number="2001", urn="100001"
        ),
    ),
    "assessments.phonics_threshold.set_phonics_threshold": (
        "support",
        None,
        lambda w, a: phonics_threshold.set_phonics_threshold(w.db, a, YEAR, 31),
    ),
    "assessments.score_settings.set_score_settings": (
        "manager",
        None,
        lambda w, a: score_settings.set_score_settings(
            w.db, a, w.s.a_id, ScoreSettings(threshold=98)
        ),
    ),
    "assessments.framework_wording.set_framework_names": (
        "manager",
        None,
        lambda w, a: framework_wording.set_framework_names(
            w.db, a, w.s.a_id, SMALL_STEPS_ID, {"level:P7": "Pivats P7"}
        ),
    ),
    "assessments.ehc_links.set_ehc_link": (
        "manager",
        None,
        lambda w, a: ehc_links.set_ehc_link(
            w.db, a, w.s.a_id, w.s.pupil_id, w.s.em_period_id, "EXP", "Outcome 1"
        ),
    ),
    "progress.layers.ensure_layers": (
        "manager",
        None,
        lambda w, a: period_layers.ensure_layers(w.db, a, w.s.a_id, [w.s.period_id], Layer.TARGETS),
    ),
    "pupils.upn_issuer.issue_inhouse_upns": (
        "support",
        None,
        lambda w, a: upn_issuer.issue_inhouse_upns(
            w.db, a, PASSWORD, establishment_id=w.s.a_id, la_code="888", now=NOW
        ),
    ),
    "returns.ctf_coding.set_ctf_coding": (
        "support",
        None,
        lambda w, a: _set_reading_coding(w.db, a),
    ),
    "returns.ctf_coding.reset_ctf_coding": (
        "support",
        lambda w: _set_reading_coding(w.db, NO_SESSION),
        lambda w, a: ctf_coding.reset_ctf_coding(w.db, a, KS1_TA_ID, READING),
    ),
    "reports.ks1_return.record_ks1_return_export": (
        "support",
        None,
        lambda w, a: ks1_return.record_ks1_return_export(w.db, a, YEAR, 1, 1),
    ),
    "returns.ctf_import.import_ctf": (
        "manager",
        None,
        lambda w, a: ctf_import.import_ctf(
            w.db,
            a,
            w.s.a_id,
            (
                f"<CTfile><CTFpupilData><Pupil><UPN>{UPN_A}</UPN><Surname>O'Brien</Surname>"
                f"<Forename>Siobhan</Forename><DOB>{BORN:%d/%m/%Y}</DOB><Sex>F</Sex></Pupil>"
                "</CTFpupilData></CTfile>"
            ).encode(),
            date.today(),
        ),
    ),
}


def _set_reading_coding(db: Database, actor: Actor) -> None:
    ctf_coding.set_ctf_coding(
        db, actor, KS1_TA_ID, READING,
        stage="KS1", ctf_subject="ENG", method="TA", component="READING", result_qualifier="NV",
    )  # fmt: skip


# Refused in a live session too, by design: what the live call must raise instead of writing.
LIVE_REFUSALS: dict[str, type[Exception]] = {
    "accounts.reauth.confirm_password": reauth.ReauthenticationFailed,  # writes the failed check
}

EXEMPT = {
    "core.access": "rules about roles: no database",
    "core.recent_changes": "reads: whether the grid's data changed",
    "pupils.subject_access.everything_held": "a read: a subject access request (support only)",
    "pupils.retention": "the server's administrator at the command line (support only), who "
    "has no session to end: tests/store/pupils/test_retention.py",
    "pupils.transfer.preview_transfer": "a read: what a transfer would move (support only)",
    "demo.demo_reset_loses": "a read: what resetting the demo would delete",
    "assessments.period_deletion.deleted_periods": "a read: support's list of deleted assessments",
    "accounts.accounts.audit_account": "writes in its caller's transaction, through audit.record",
    "accounts.accounts.check_grant": "a rule about roles: no database",
    "accounts.accounts.require_manager_of": "a rule about roles: no database",
    "core.audit.record": "the check itself: test_record_refuses_an_ended_session",
    "accounts.diagnosis": "the support console's reads of accounts",
    "establishments.establishments.list_establishments": "reads",
    "accounts.accounts.get_account": "reads",
    "accounts.accounts.list_accounts": "reads",
    "reports.la_return": "reads, but for record_return_export (listed)",
    "pupils.data_download.download_schools": "reads (support only)",
    "meetings.record.own_meeting": "inside its caller's transaction",
    "establishments.news.all_news": "reads",
    "establishments.news.live_news": "reads",
    "pupils.pupils.find_pupil_by_upn": "reads",
    "reports.many": "reads",
    "reports.progress_many": "reads",
    "progress.last_year": "reads: the ground of a target rule",
    "progress.engagement_story": "reads: a pupil's engagement model over time",
    "assessments.ehc_links.ehc_link": "reads: an observation's link to an EHC plan outcome",
    "assessments.framework_wording.framework_names": "reads: a framework's names",
    "core.session_check.require_live_session": "the check itself, called by audit.record",
    "returns.ctf_coding.ctf_codings": "reads (support only)",
    "reports.ks1_return": "reads, but for record_ks1_return_export (listed)",
    "assessments.judgements.write_in_transaction": "writes in its caller's transaction, "
    "through audit.record: import_ctf's, listed",
    "assessments.periods.add_period": "writes in its caller's transaction, through audit.record",
    "assessments.periods.add_elg_section": "writes in its caller's transaction, through "
    "audit.record",
    "pupils.importing.write_pupils": "writes in its caller's transaction, through audit.record",
}

# Writes that leave no audit row (a person's own view, not the school's data): the live call
# must still change the database.
NOT_AUDITED = {"pupils.pupils.save_search", "assessments.view_preferences.save_grid_view"}


def everything(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to compare before and after."""
    with db.read() as session:
        return {
            table.name: sorted((tuple(row) for row in session.execute(select(table))), key=repr)
            for table in SQLModel.metadata.sorted_tables
        }


@dataclass
class WriteWatch:
    opened: int = 0


@pytest.fixture
def write_watch(monkeypatch: pytest.MonkeyPatch) -> WriteWatch:
    watch = WriteWatch()
    original = Database.write

    def counted(db: Database) -> AbstractContextManager[Session]:
        watch.opened += 1
        return original(db)

    monkeypatch.setattr(Database, "write", counted)
    return watch


def _prepared(world: World, name: str) -> Write:
    _who, setup, call = WRITERS[name]
    if setup is not None:
        setup(world)
    return call


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_an_ended_session_writes_nothing(world: World, name: str) -> None:
    call = _prepared(world, name)
    ended = actor_of(world, WRITERS[name][0], ended=True)
    before = everything(world.db)
    with pytest.raises(SessionEnded) as refused:
        call(world, ended)
    assert everything(world.db) == before
    message = str(refused.value)
    assert "session ended" in message and "nothing was saved" in message
    assert ELSEWHERE in message  # why: signed in again from there


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_a_live_session_writes_and_the_trail_names_it(world: World, name: str) -> None:
    call = _prepared(world, name)
    live = actor_of(world, WRITERS[name][0], ended=False)
    with world.db.read() as session:
        last_id = session.scalar(select(col(AuditEntry.id)).order_by(col(AuditEntry.id).desc()))
    before = everything(world.db)
    refusal = LIVE_REFUSALS.get(name)
    if refusal is not None:
        with pytest.raises(refusal):
            call(world, live)
    else:
        call(world, live)
    assert everything(world.db) != before, f"{name} wrote nothing in a live session"
    with world.db.read() as session:
        new = list(session.scalars(select(AuditEntry).where(col(AuditEntry.id) > (last_id or 0))))
    if name not in NOT_AUDITED:
        assert new, f"{name} wrote nothing to the audit trail in a live session"
    assert {row.session_id for row in new if row.actor == live.username} <= {live.session_id}


@pytest.mark.parametrize(
    "name", sorted(n for n in READ_AND_WRITE_CALLS if n.split(" ")[0] not in WRITERS)
)
def test_the_functions_left_only_read(world: World, write_watch: WriteWatch, name: str) -> None:
    """The isolation table's other functions never open a write: an ended session may read."""
    ended = actor_of(world, "manager", ended=True)
    write_watch.opened = 0
    READ_AND_WRITE_CALLS[name](world.s, ended, world.s.a_id)
    assert write_watch.opened == 0, f"{name} writes: list it in WRITERS"


def test_every_store_function_taking_an_actor_is_listed() -> None:
    listed = set(WRITERS) | {name.split(" ")[0] for name in READ_AND_WRITE_CALLS}

    def exempt(name: str) -> bool:
        return name in EXEMPT or name.rpartition(".")[0] in EXEMPT

    missing = sorted(n for n in _public_functions_taking_an_actor() if n not in listed)
    assert [n for n in missing if not exempt(n)] == []


def test_record_refuses_an_ended_session(world: World) -> None:
    ended = actor_of(world, "manager", ended=True)
    with pytest.raises(SessionEnded), world.db.write() as session:
        record(session, ended, [AuditRecord("anything", world.s.a_id)])
    live = actor_of(world, "manager", ended=False)
    with world.db.write() as session:
        record(session, live, [AuditRecord("anything", world.s.a_id)])


def test_the_database_tells_its_listeners_after_the_rollback(world: World) -> None:
    heard: list[SessionEnded] = []
    world.db.session_ended_listeners.append(heard.append)
    ended = actor_of(world, "manager", ended=True)
    with pytest.raises(SessionEnded):
        judgements.write_changes(world.db, ended, world.s.a_id, _judgement(world.s), "judgement")
    assert [error.session_id for error in heard] == [ended.session_id]
    assert heard[0].reason == f"{REPLACED}{ELSEWHERE}"


def test_a_session_ended_mid_way_refuses_the_next_write(world: World) -> None:
    """The reported case: session A goes on writing after a sign-in elsewhere ended it."""
    live = actor_of(world, "manager", ended=False)
    judgements.write_changes(world.db, live, world.s.a_id, _judgement(world.s), "judgement")
    with world.db.write() as session:
        row = session.get(LoginSession, live.session_id)
        assert row is not None
        row.ended_at, row.end_reason = NOW + timedelta(seconds=1), f"{REPLACED}{ELSEWHERE}"
    before = everything(world.db)
    with pytest.raises(SessionEnded, match=r"signed in again from ssh 203\.0\.113\.5"):
        editing.archive_pupils(world.db, live, world.s.a_id, [world.s.pupil_id])
    assert everything(world.db) == before
