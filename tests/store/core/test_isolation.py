"""Every store function that reads or writes pupil data refuses a person from another school.

The table below calls each function as an outsider would: with the other school's id, and with
their own school's id but the other school's rows. A meta-test keeps the table complete: a new
public store function taking an `actor` must be listed here, or exempted with the reason.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

from store.accounts.reauth import SERVER_ADMINISTRATOR
from store.assessments import (
    cohort,
    ehc_links,
    elg_submission,
    framework_wording,
    judgements,
    period_deletion,
    period_submission,
    score_settings,
    view_preferences,
)
from store.assessments import periods as assessments
from store.assessments.changes import ElgChange, IncludeChange, JudgementChange, PeriodNoteChange
from store.assessments.cohort import Cell
from store.core.access import Actor, PermissionDenied, Role
from store.core.audit_trail import TrailFilter, read_trail
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound
from store.core.models import AuditEntry, Pupil
from store.core.recent_changes import changes_since, latest_change
from store.curriculum.dates import academic_year_of
from store.curriculum.engagement import ENGAGEMENT_ID
from store.curriculum.eyfs import ElgOutcome, Judgement, YearGroup
from store.curriculum.eyfs_frameworks import EYFS_IN_YEAR_ID
from store.curriculum.ks1 import KS1_TA_ID
from store.curriculum.layers import Layer
from store.curriculum.score_bands import ScoreSettings
from store.curriculum.small_steps import SMALL_STEPS_ID
from store.curriculum.upn import upn_check_letter
from store.curriculum.year_groups import birth_date_range
from store.establishments.establishments import create_establishment
from store.meetings import figures as meeting_figures
from store.meetings import meetings
from store.meetings import record as meeting_record
from store.meetings import rows as meeting_rows
from store.meetings import templates as discussion_templates
from store.progress import engagement_story, last_year, progress
from store.progress import layers as period_layers
from store.pupils import data_download, editing, intervention_periods, interventions, pupils
from store.pupils import importing as pupil_import
from store.pupils.fields import PupilForm
from store.pupils.profile import Profile, get_profile, update_profile
from store.pupils.pupils import PupilSearch
from store.pupils.upload import UPLOAD_COLUMNS
from store.reports import headlines, reports, targets_report
from store.returns import ctf, ctf_import
from store.returns.ctf_data import ReturnKind
from tests.store.store_functions import store_functions

YEAR = academic_year_of(date.today())
R = YearGroup.RECEPTION
SUPPORT = Actor("support", Role.SUPPORT, None)
UPN_A = upn_check_letter("300100000001") + "300100000001"


@dataclass
class TwoSchools:
    """School A holds the data; B's people try to reach it."""

    database: Database
    a_id: int
    b_id: int
    pupil_id: int
    period_id: int
    section_id: int
    intervention_id: int
    meeting_id: int
    template_id: int
    row_id: int
    b_manager: Actor
    b_user: Actor
    ks1_period_id: int = 0
    """A KS1 teacher assessment period of A's (Year 2, which has no pupils)."""
    spring_period_id: int = 0
    """A second Reception period of A's, after `period_id` (progress compares the two)."""
    em_period_id: int = 0
    """An engagement model period of A's (its pupil is assessed another way)."""


@pytest.fixture
def schools(database: Database) -> TwoSchools:
    a = create_establishment(database, SUPPORT, "3001", "ASH GROVE PRIMARY")
    b = create_establishment(database, SUPPORT, "3002", "BIRCH LANE PRIMARY")
    a_manager = Actor("ann", Role.MANAGER, a.id)
    first, _ = birth_date_range(R, YEAR)
    with database.write() as session:
        pupil = Pupil(
            establishment_id=a.id,
            upn=UPN_A,
            surname="O'Brien",
            forenames="Siobhán",
            date_of_birth=first + timedelta(days=30),
        )
        pupil.alternative_assessment = True  # small steps and the engagement model take it
        session.add(pupil)
        session.flush()
        assert pupil.id is not None
        pupil_id = pupil.id
    period = assessments.create_period(
        database, a_manager, a.id, "Autumn 1", date(YEAR, 10, 17), [R]
    )
    section = assessments.create_elg_section(database, a_manager, a.id, YEAR, date(YEAR + 1, 6, 1))
    ks1 = assessments.create_period(
        database, a_manager, a.id, "KS1", date(YEAR + 1, 6, 1), [YearGroup.YEAR_2],
        framework=KS1_TA_ID,
    )  # fmt: skip
    spring = assessments.create_period(
        database, a_manager, a.id, "Spring 2", date(YEAR + 1, 3, 2), [R]
    )
    em = assessments.create_period(
        database, a_manager, a.id, "Summer EM", date(YEAR + 1, 6, 2), [R],
        framework=ENGAGEMENT_ID,
    )  # fmt: skip
    intervention_id = interventions.add_intervention(
        database, a_manager, a.id, pupil_id, YEAR, "Autumn 1", "Speech and language group"
    )
    meeting_id = meetings.create_meeting(
        database,
        a_manager,
        a.id,
        YEAR,
        teacher="Miss Hale",
        day=date(YEAR, 10, 20),
        class_slot=None,
        period_id=period.id,
        today=date(YEAR, 10, 20),
    )
    template_id = discussion_templates.list_templates(database, a_manager, a.id, date.today())[0].id
    row_id = meeting_rows.add_row(
        database, a_manager, a.id, meeting_id, meeting_rows.Section.BARRIER, pupil_id=pupil_id
    )
    return TwoSchools(
        database,
        a.id,
        b.id,
        pupil_id,
        period.id,
        section.id,
        intervention_id,
        meeting_id,
        template_id,
        row_id,
        Actor("bob", Role.MANAGER, b.id),
        Actor("bea", Role.USER, b.id),
        ks1.id,
        spring.id,
        em.id,
    )


def _no_file(ctf_return: object) -> Path:
    raise AssertionError("an outsider's CTF return was about to be written")


Call = Callable[[TwoSchools, Actor, int], object]
"""Calls a store function as `actor`, naming establishment `eid` and school A's rows."""

NOW = datetime.now(timezone.utc)
_BORN = birth_date_range(R, YEAR)[0].strftime("%d/%m/%Y")
UPLOAD = (
    ",".join(UPLOAD_COLUMNS) + f"\r\n{UPN_A},O'Brien,Siobhan,{_BORN},F,PR1 2AB,N,WBRI,,,\r\n"
).encode()


def _judgement(s: TwoSchools) -> list[JudgementChange]:
    return [JudgementChange(s.pupil_id, s.period_id, "LAU", Cell(), Cell(Judgement.ON_TRACK))]


BARRIER = meeting_rows.Section.BARRIER

CALLS: dict[str, Call] = {
    "assessments.periods.create_period": lambda s, a, eid: assessments.create_period(
        s.database, a, eid, "Spring 1", date(YEAR + 1, 2, 1), [R]
    ),
    "assessments.period_deletion.delete_period": lambda s, a, eid: period_deletion.delete_period(
        s.database, a, eid, s.period_id, SERVER_ADMINISTRATOR
    ),
    "assessments.period_deletion.period_contents": lambda s, a, eid: (
        period_deletion.period_contents(s.database, a, eid, s.period_id)
    ),
    "assessments.periods.create_elg_section": lambda s, a, eid: assessments.create_elg_section(
        s.database, a, eid, YEAR, date(YEAR + 1, 6, 2)
    ),
    "assessments.periods.submit_elg_section": lambda s, a, eid: assessments.submit_elg_section(
        s.database, a, eid, s.section_id
    ),
    "assessments.cohort.load_cohort": lambda s, a, eid: cohort.load_cohort(
        s.database, a, eid, YEAR, R
    ),
    "progress.progress.progress_periods": lambda s, a, eid: progress.progress_periods(
        s.database, a, eid, YEAR, R
    ),
    "assessments.framework_wording.framework_names": lambda s, a, eid: (
        framework_wording.framework_names(s.database, a, eid, SMALL_STEPS_ID)
    ),
    "assessments.framework_wording.set_framework_names": lambda s, a, eid: (
        framework_wording.set_framework_names(
            s.database, a, eid, SMALL_STEPS_ID, {"strand:NUM": "Maths: number"}
        )
    ),
    "assessments.ehc_links.ehc_link": lambda s, a, eid: ehc_links.ehc_link(
        s.database, a, eid, s.pupil_id, s.em_period_id, "EXP"
    ),
    "assessments.ehc_links.set_ehc_link": lambda s, a, eid: ehc_links.set_ehc_link(
        s.database, a, eid, s.pupil_id, s.em_period_id, "EXP", "Outcome 1"
    ),
    "progress.engagement_story.engagement_story": lambda s, a, eid: (
        engagement_story.engagement_story(s.database, a, eid, s.pupil_id)
    ),
    "progress.last_year.last_year_values": lambda s, a, eid: last_year.last_year_values(
        s.database, a, eid, YEAR, R, EYFS_IN_YEAR_ID, [s.pupil_id]
    ),
    "progress.progress.load_progress": lambda s, a, eid: progress.load_progress(
        s.database, a, eid, YEAR, R, s.period_id, s.spring_period_id
    ),
    "reports.targets_report.load_targets": lambda s, a, eid: targets_report.load_targets(
        s.database, a, eid, YEAR, R
    ),
    "pupils.data_download.data_download": lambda s, a, eid: list(
        data_download.data_download(s.database, a, eid).rows
    ),
    "pupils.data_download.record_data_download": lambda s, a, eid: (
        data_download.record_data_download(s.database, a, eid, 1)
    ),
    "pupils.interventions.add_intervention": lambda s, a, eid: interventions.add_intervention(
        s.database, a, eid, s.pupil_id, YEAR, "Autumn 1", "Reading club"
    ),
    "pupils.interventions.delete_intervention": lambda s, a, eid: interventions.delete_intervention(
        s.database, a, eid, s.pupil_id, s.intervention_id
    ),
    "pupils.interventions.list_interventions": lambda s, a, eid: interventions.list_interventions(
        s.database, a, eid, s.pupil_id
    ),
    "pupils.intervention_periods.intervention_assessments": lambda s, a, eid: (
        intervention_periods.intervention_assessments(s.database, a, eid, s.pupil_id)
    ),
    "pupils.interventions.update_intervention": lambda s, a, eid: interventions.update_intervention(
        s.database, a, eid, s.pupil_id, s.intervention_id, YEAR, "Autumn 1", "Changed"
    ),
    "assessments.judgements.write_changes (judgement)": lambda s, a, eid: judgements.write_changes(
        s.database, a, eid, _judgement(s), "set judgement"
    ),
    "assessments.judgements.write_changes (ELG)": lambda s, a, eid: judgements.write_changes(
        s.database,
        a,
        eid,
        [ElgChange(s.section_id, s.pupil_id, "LAU", None, ElgOutcome.EXPECTED)],
        "set ELG",
    ),
    "assessments.judgements.write_changes (note)": lambda s, a, eid: judgements.write_changes(
        s.database, a, eid, [PeriodNoteChange(s.pupil_id, s.period_id, None, "x")], "note"
    ),
    "assessments.judgements.write_changes (include)": lambda s, a, eid: judgements.write_changes(
        s.database, a, eid, [IncludeChange(s.pupil_id, True, False)], "include"
    ),
    "assessments.judgements.write_as_seen": lambda s, a, eid: judgements.write_as_seen(
        s.database, a, eid, _judgement(s), "set judgement"
    ),
    "pupils.importing.import_pupils": lambda s, a, eid: pupil_import.import_pupils(
        s.database, a, eid, UPLOAD, date.today()
    ),
    "pupils.editing.archive_pupils": lambda s, a, eid: editing.archive_pupils(
        s.database, a, eid, [s.pupil_id]
    ),
    "pupils.editing.create_pupil": lambda s, a, eid: editing.create_pupil(
        s.database,
        a,
        eid,
        PupilForm(
            upn=upn_check_letter("300100000002") + "300100000002",
            surname="Nowak",
            forenames="Ola",
            date_of_birth="",
        ),
        date.today(),
    ),
    "pupils.pupils.get_pupil": lambda s, a, eid: pupils.get_pupil(s.database, a, eid, s.pupil_id),
    "pupils.pupils.list_pupils": lambda s, a, eid: pupils.list_pupils(s.database, a, eid, YEAR),
    "pupils.pupils.save_search": lambda s, a, eid: pupils.save_search(
        s.database, a, eid, PupilSearch(surname="o")
    ),
    "pupils.pupils.saved_search": lambda s, a, eid: pupils.saved_search(s.database, a, eid),
    "pupils.editing.set_characteristics": lambda s, a, eid: editing.set_characteristics(
        s.database, a, eid, [(s.pupil_id, "eal", True)]
    ),
    "pupils.editing.update_pupil": lambda s, a, eid: editing.update_pupil(
        s.database, a, eid, s.pupil_id, PupilForm(surname="Changed"), date.today()
    ),
    "pupils.profile.get_profile": lambda s, a, eid: get_profile(s.database, a, eid),
    "pupils.profile.update_profile": lambda s, a, eid: update_profile(
        s.database, a, eid, Profile(custom_names=("X",) * 6, class_names=("C",) * 20)
    ),
    "core.audit_trail.read_trail": lambda s, a, eid: read_trail(
        s.database, a, TrailFilter(establishment_id=eid)
    ),
    "core.recent_changes.latest_change": lambda s, a, eid: latest_change(s.database, a, eid),
    "core.recent_changes.changes_since": lambda s, a, eid: changes_since(s.database, a, eid, 0),
    "meetings.templates.create_template": lambda s, a, eid: discussion_templates.create_template(
        s.database, a, eid, "Q", 9, date(YEAR, 9, 1)
    ),
    "meetings.templates.delete_template": lambda s, a, eid: discussion_templates.delete_template(
        s.database, a, eid, s.template_id
    ),
    "meetings.templates.ensure_defaults": lambda s, a, eid: discussion_templates.ensure_defaults(
        s.database, a, eid, date.today()
    ),
    "meetings.templates.list_templates": lambda s, a, eid: discussion_templates.list_templates(
        s.database, a, eid, date.today()
    ),
    "meetings.templates.update_template": lambda s, a, eid: discussion_templates.update_template(
        s.database, a, eid, s.template_id, "Changed", 1, date(YEAR, 9, 1)
    ),
    "assessments.elg_submission.check_submission": lambda s, a, eid: (
        elg_submission.check_submission(s.database, a, eid, s.section_id)
    ),
    "assessments.elg_submission.submit": lambda s, a, eid: elg_submission.submit(
        s.database, a, eid, s.section_id, authority_confirmed=True
    ),
    "returns.ctf.check_ctf_return": lambda s, a, eid: ctf.check_ctf_return(
        s.database, a, eid, ReturnKind.EYFSP, YEAR, source_id=s.section_id
    ),
    "returns.ctf.export_ctf": lambda s, a, eid: ctf.export_ctf(
        s.database, a, eid, ReturnKind.EYFSP, YEAR, _no_file, source_id=s.section_id
    ),
    "returns.ctf.export_ks1_csv": lambda s, a, eid: ctf.export_ks1_csv(
        s.database, a, eid, YEAR, _no_file, source_id=s.ks1_period_id
    ),
    "assessments.elg_submission.unlock": lambda s, a, eid: elg_submission.unlock(
        s.database, a, eid, s.section_id, "x"
    ),
    "assessments.period_submission.check_period_submission": lambda s, a, eid: (
        period_submission.check_period_submission(s.database, a, eid, s.ks1_period_id)
    ),
    "assessments.period_submission.submit_period": lambda s, a, eid: (
        period_submission.submit_period(
            s.database, a, eid, s.ks1_period_id, authority_confirmed=True
        )
    ),
    "assessments.period_submission.unlock_period": lambda s, a, eid: (
        period_submission.unlock_period(s.database, a, eid, s.ks1_period_id, "x")
    ),
    "reports.headlines.cohort_headlines": lambda s, a, eid: headlines.cohort_headlines(
        s.database, a, eid, date.today()
    ),
    "meetings.figures.live_figures": lambda s, a, eid: meeting_figures.live_figures(
        s.database, a, eid, YEAR, s.period_id, None
    ),
    "meetings.record.get_meeting": lambda s, a, eid: meeting_record.get_meeting(
        s.database, a, eid, s.meeting_id
    ),
    "meetings.rows.add_row": lambda s, a, eid: meeting_rows.add_row(
        s.database, a, eid, s.meeting_id, BARRIER
    ),
    "meetings.rows.delete_row": lambda s, a, eid: meeting_rows.delete_row(
        s.database, a, eid, s.meeting_id, BARRIER, s.row_id
    ),
    "meetings.rows.set_area": lambda s, a, eid: meeting_rows.set_area(
        s.database, a, eid, s.meeting_id, meeting_rows.Section.GROUP, s.row_id, "LAU"
    ),
    "meetings.rows.set_pupil": lambda s, a, eid: meeting_rows.set_pupil(
        s.database, a, eid, s.meeting_id, s.row_id, s.pupil_id
    ),
    "meetings.rows.set_targeted_pupils": lambda s, a, eid: meeting_rows.set_targeted_pupils(
        s.database, a, eid, s.meeting_id, s.row_id, [s.pupil_id]
    ),
    "meetings.rows.set_text": lambda s, a, eid: meeting_rows.set_text(
        s.database, a, eid, s.meeting_id, BARRIER, s.row_id, "barrier", "x"
    ),
    "meetings.meetings.assessment_choices": lambda s, a, eid: meetings.assessment_choices(
        s.database, a, eid, YEAR
    ),
    "meetings.meetings.class_choices": lambda s, a, eid: meetings.class_choices(
        s.database, a, eid, YEAR
    ),
    "meetings.meetings.cohort_pupils": lambda s, a, eid: meetings.cohort_pupils(
        s.database, a, eid, s.meeting_id
    ),
    "meetings.meetings.create_meeting": lambda s, a, eid: meetings.create_meeting(
        s.database,
        a,
        eid,
        YEAR,
        teacher="Mr Cole",
        day=date(YEAR, 10, 21),
        class_slot=None,
        period_id=None,
        today=date(YEAR, 10, 21),
    ),
    "meetings.meetings.delete_meeting": lambda s, a, eid: meetings.delete_meeting(
        s.database, a, eid, s.meeting_id
    ),
    "meetings.meetings.list_meetings": lambda s, a, eid: meetings.list_meetings(
        s.database, a, eid, YEAR
    ),
    "meetings.meetings.live_figures_differ": lambda s, a, eid: meetings.live_figures_differ(
        s.database, a, eid, s.meeting_id
    ),
    "meetings.meetings.refresh_figures": lambda s, a, eid: meetings.refresh_figures(
        s.database, a, eid, s.meeting_id
    ),
    "meetings.meetings.update_header": lambda s, a, eid: meetings.update_header(
        s.database,
        a,
        eid,
        s.meeting_id,
        teacher="Mr Cole",
        day=date(YEAR, 10, 21),
        class_slot=None,
        period_id=None,
    ),
    "reports.reports.open_reports": lambda s, a, eid: reports.open_reports(
        s.database, a, eid, YEAR, R
    ),
    "assessments.view_preferences.grid_view": lambda s, a, eid: view_preferences.grid_view(
        s.database, a, eid
    ),
    "assessments.view_preferences.save_grid_view": lambda s, a, eid: (
        view_preferences.save_grid_view(s.database, a, eid, YEAR, R, [1], show_elg=True)
    ),
    "assessments.score_settings.score_settings": lambda s, a, eid: score_settings.score_settings(
        s.database, a, eid
    ),
    "assessments.score_settings.set_score_settings": lambda s, a, eid: (
        score_settings.set_score_settings(s.database, a, eid, ScoreSettings(threshold=98))
    ),
    "progress.layers.ensure_layers": lambda s, a, eid: period_layers.ensure_layers(
        s.database, a, eid, [s.period_id], Layer.TARGETS
    ),
    "returns.ctf_import.import_ctf": lambda s, a, eid: ctf_import.import_ctf(
        s.database,
        a,
        eid,
        f"<CTfile><CTFpupilData><Pupil><UPN>{UPN_A}</UPN><Surname>O'Brien</Surname><Forename>"
        f"Siobhan</Forename><DOB>{_BORN}</DOB><Sex>F</Sex></Pupil></CTFpupilData></CTfile>".encode(),
        date.today(),
    ),
}

# Functions taking an actor that are not about one school's pupil data, and where they are tested.
EXEMPT = {
    "core.access": "rules about roles (who may create, reset the demo, see the server)",
    "accounts.actions": "accounts, not pupil data: test_accounts.py",
    "accounts.accounts": "accounts, not pupil data: test_accounts.py",
    "core.audit.record": "writes inside a transaction its caller has already checked",
    "demo.ensure_demo": "the demo school only; refusal tested in tests/store/test_demo.py",
    "demo.demo_reset_loses": "the demo school only: test_what_a_reset_would_delete_is_said_first",
    "accounts.demo_accounts": "the demo school's accounts: tests/store/test_demo.py",
    "accounts.diagnosis": "support console reading accounts: test_diagnosis.py",
    "establishments.establishments": "names and numbers of schools, not pupil data",
    "accounts.reauth.confirm_password": "the actor's own password",
    "pupils.pupils.find_pupil_by_upn": "None to outsiders: test_find_by_upn_hides_other_schools",
    "pupils.editing.unarchive_pupils": "support only: test_unarchive_is_support_only",
    "assessments.period_deletion.deleted_periods": "support only: test_period_deletion.py",
    "pupils.transfer": "support only: test_only_support_transfers_and_only_with_their_password",
    "assessments.period_deletion.restore_period": "support only: test_period_deletion.py",
    "pupils.upn_issuer.issue_inhouse_upns": "support only: test_upn_issuer.py",
    "reports.la_return": "support only, every establishment: test_la_return.py",
    "pupils.data_download.download_schools": "support only, every establishment: "
    "test_another_schools_download_is_refused in tests/store/pupils/test_data_download.py",
    "meetings.record.own_meeting": "inside a transaction; get_meeting is checked here",
    "establishments.news": "the support team's news for everyone, not pupil data: test_news.py",
    "core.session_check.require_live_session": "the actor's own session: test_session_writes.py",
    "establishments.support_contact": "the support team's contact details: test_support_contact.py",
    "establishments.return_identity": "support only, a school's numbers, not pupil data: "
    "test_only_support_sets_them_even_for_their_own_school in test_return_identity.py",
    "assessments.phonics_threshold": "support only, the DfE's mark for every school, not pupil "
    "data: test_only_support_sets_it_even_a_schools_manager in test_phonics_threshold.py",
    "reports.many": "support only, every establishment: "
    "test_only_support_reports_over_many_establishments in test_reports_many.py",
    "reports.progress_many": "support only, every establishment: "
    "test_only_support_reports_progress_over_many in test_progress_many.py",
    "pupils.subject_access": "support only, every establishment: "
    "test_only_support_answers_and_an_unknown_upn_is_said in test_subject_access.py",
    "pupils.retention": "the server's administrator only, every establishment: "
    "test_only_the_administrator_applies_a_rule_and_only_a_sensible_one in test_retention.py",
    "returns.ctf_coding": "support only, how every school's CTF codes a subject, not pupil "
    "data: test_only_support_reads_sets_or_resets_the_coding in test_ctf_coding.py",
    "reports.ks1_return": "support only, every establishment: "
    "test_only_support_reads_or_records_the_return in test_ks1_return.py",
    "assessments.judgements.write_in_transaction": "in its caller's transaction, checking the "
    "actor's establishment: import_ctf's, listed here",
    "assessments.periods.add_period": "in its caller's transaction, checking the actor's "
    "establishment: create_period's and import_ctf's, listed here",
    "assessments.periods.add_elg_section": "in its caller's transaction, checking the actor's "
    "establishment: create_elg_section's and import_ctf's, listed here",
    "pupils.importing.write_pupils": "in its caller's transaction, checking the actor's "
    "establishment: import_pupils' and import_ctf's, listed here",
}


def _rows_unchanged(s: TwoSchools) -> tuple[int, int]:
    with s.database.read() as session:
        audit = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
        pupil = session.get(Pupil, s.pupil_id)
        assert pupil is not None
        assert (pupil.surname, pupil.archived, pupil.include_in_data) == ("O'Brien", False, True)
        return audit, pupil.establishment_id


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("who", ["manager", "user"])
def test_another_schools_id_is_refused(schools: TwoSchools, name: str, who: str) -> None:
    outsider = schools.b_manager if who == "manager" else schools.b_user
    before = _rows_unchanged(schools)
    with pytest.raises(PermissionDenied):
        CALLS[name](schools, outsider, schools.a_id)
    assert _rows_unchanged(schools) == before


OWN_ID_REFUSALS = (PermissionDenied, NotFound, InvalidInput)
# Called with the outsider's own school but A's rows: these only name a school, not rows.
NO_ROWS = {
    "assessments.periods.create_period",
    "assessments.periods.create_elg_section",
    "assessments.cohort.load_cohort",
    "progress.progress.progress_periods",
    "progress.last_year.last_year_values",  # reads its own school's periods: A's pupils, none
    "reports.targets_report.load_targets",
    "pupils.data_download.data_download",  # the whole school's: no rows are named
    "pupils.data_download.record_data_download",
    "pupils.importing.import_pupils",  # matched by UPN: A's UPN is refused as another school's
    "pupils.editing.create_pupil",
    "pupils.pupils.list_pupils",
    "pupils.pupils.save_search",
    "pupils.pupils.saved_search",
    "pupils.profile.get_profile",
    "pupils.profile.update_profile",
    "core.audit_trail.read_trail",
    "core.recent_changes.latest_change",
    "core.recent_changes.changes_since",
    "meetings.templates.create_template",
    "meetings.templates.ensure_defaults",
    "meetings.templates.list_templates",
    "reports.headlines.cohort_headlines",
    "meetings.figures.live_figures",  # the period is checked: see the row-level entries
    "meetings.meetings.assessment_choices",
    "meetings.meetings.class_choices",
    "meetings.meetings.create_meeting",
    "meetings.meetings.list_meetings",
    "reports.reports.open_reports",
    "assessments.view_preferences.grid_view",  # a person's own view: no school rows are named
    "assessments.view_preferences.save_grid_view",
    "assessments.score_settings.score_settings",  # a school's settings: no rows are named
    "assessments.score_settings.set_score_settings",
    "assessments.framework_wording.framework_names",  # a school's names: no rows are named
    "assessments.framework_wording.set_framework_names",
}


@pytest.mark.parametrize("name", sorted(set(CALLS) - NO_ROWS))
def test_own_id_with_another_schools_rows_is_refused(schools: TwoSchools, name: str) -> None:
    before = _rows_unchanged(schools)
    with pytest.raises(OWN_ID_REFUSALS):
        CALLS[name](schools, schools.b_manager, schools.b_id)
    assert _rows_unchanged(schools) == before


def test_own_school_reads_see_nothing_of_another(schools: TwoSchools) -> None:
    bob = schools.b_manager
    assert cohort.load_cohort(schools.database, bob, schools.b_id, YEAR, R).pupils == []
    assert pupils.list_pupils(schools.database, bob, schools.b_id, YEAR) == []
    trail = read_trail(schools.database, bob, TrailFilter())
    assert {entry.establishment for entry in trail} == {"3002 - BIRCH LANE PRIMARY"}


def test_importing_another_schools_upn_is_refused(schools: TwoSchools) -> None:
    before = _rows_unchanged(schools)
    with pytest.raises(InvalidInput, match="another establishment"):
        pupil_import.import_pupils(
            schools.database, schools.b_manager, schools.b_id, UPLOAD, date.today()
        )
    assert _rows_unchanged(schools) == before


def test_find_by_upn_hides_other_schools(schools: TwoSchools) -> None:
    assert pupils.find_pupil_by_upn(schools.database, schools.b_manager, UPN_A) is None
    found = pupils.find_pupil_by_upn(schools.database, SUPPORT, UPN_A)
    assert found == (schools.pupil_id, schools.a_id, False)


def test_unarchive_is_support_only(schools: TwoSchools) -> None:
    for outsider in (schools.b_manager, Actor("ann", Role.MANAGER, schools.a_id)):
        with pytest.raises(PermissionDenied):
            editing.unarchive_pupils(schools.database, outsider, [schools.pupil_id], "x", now=NOW)


def _public_functions_taking_an_actor() -> set[str]:
    return {
        name
        for name, function in store_functions()
        if "actor" in inspect.signature(function).parameters
    }


def test_every_store_function_taking_an_actor_is_checked_here() -> None:
    listed = {name.split(" ")[0] for name in CALLS}

    def exempt(name: str) -> bool:
        return name in EXEMPT or name.rpartition(".")[0] in EXEMPT

    missing = sorted(n for n in _public_functions_taking_an_actor() if n not in listed)
    assert [n for n in missing if not exempt(n)] == []
