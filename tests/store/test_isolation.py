"""Every store function that reads or writes pupil data refuses a person from another school.

The table below calls each function as an outsider would: with the other school's id, and with
their own school's id but the other school's rows. A meta-test keeps the table complete: a new
public store function taking an `actor` must be listed here, or exempted with the reason.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

import store
from store import (
    assessments,
    cohort,
    discussion_templates,
    elg_submission,
    headlines,
    intervention_periods,
    interventions,
    judgements,
    meeting_figures,
    meeting_record,
    meeting_rows,
    meetings,
    period_deletion,
    pupil_import,
    pupils,
    reports,
    view_preferences,
)
from store.access import Actor, PermissionDenied, Role
from store.audit_trail import TrailFilter, read_trail
from store.changes import ElgChange, IncludeChange, JudgementChange, PeriodNoteChange
from store.cohort import Cell
from store.curriculum import ElgOutcome, Judgement, YearGroup
from store.db import Database
from store.errors import InvalidInput, NotFound
from store.establishments import create_establishment
from store.models import AuditEntry, Pupil
from store.pupil_fields import PupilForm
from store.pupil_upload import UPLOAD_COLUMNS
from store.pupils import Profile, PupilSearch
from store.reauth import SERVER_ADMINISTRATOR
from store.rules import academic_year_of, birth_date_range, upn_check_letter

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
        session.add(pupil)
        session.flush()
        assert pupil.id is not None
        pupil_id = pupil.id
    period = assessments.create_period(
        database, a_manager, a.id, "Autumn 1", date(YEAR, 10, 17), [R]
    )
    section = assessments.create_elg_section(database, a_manager, a.id, YEAR, date(YEAR + 1, 6, 1))
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
    )


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
    "assessments.create_period": lambda s, a, eid: assessments.create_period(
        s.database, a, eid, "Spring 1", date(YEAR + 1, 2, 1), [R]
    ),
    "period_deletion.delete_period": lambda s, a, eid: period_deletion.delete_period(
        s.database, a, eid, s.period_id, SERVER_ADMINISTRATOR
    ),
    "period_deletion.period_contents": lambda s, a, eid: period_deletion.period_contents(
        s.database, a, eid, s.period_id
    ),
    "assessments.create_elg_section": lambda s, a, eid: assessments.create_elg_section(
        s.database, a, eid, YEAR, date(YEAR + 1, 6, 2)
    ),
    "assessments.submit_elg_section": lambda s, a, eid: assessments.submit_elg_section(
        s.database, a, eid, s.section_id
    ),
    "cohort.load_cohort": lambda s, a, eid: cohort.load_cohort(s.database, a, eid, YEAR, R),
    "interventions.add_intervention": lambda s, a, eid: interventions.add_intervention(
        s.database, a, eid, s.pupil_id, YEAR, "Autumn 1", "Reading club"
    ),
    "interventions.delete_intervention": lambda s, a, eid: interventions.delete_intervention(
        s.database, a, eid, s.pupil_id, s.intervention_id
    ),
    "interventions.list_interventions": lambda s, a, eid: interventions.list_interventions(
        s.database, a, eid, s.pupil_id
    ),
    "intervention_periods.intervention_assessments": lambda s, a, eid: (
        intervention_periods.intervention_assessments(s.database, a, eid, s.pupil_id)
    ),
    "interventions.update_intervention": lambda s, a, eid: interventions.update_intervention(
        s.database, a, eid, s.pupil_id, s.intervention_id, YEAR, "Autumn 1", "Changed"
    ),
    "judgements.write_changes (judgement)": lambda s, a, eid: judgements.write_changes(
        s.database, a, eid, _judgement(s), "set judgement"
    ),
    "judgements.write_changes (ELG)": lambda s, a, eid: judgements.write_changes(
        s.database,
        a,
        eid,
        [ElgChange(s.section_id, s.pupil_id, "LAU", None, ElgOutcome.EXPECTED)],
        "set ELG",
    ),
    "judgements.write_changes (note)": lambda s, a, eid: judgements.write_changes(
        s.database, a, eid, [PeriodNoteChange(s.pupil_id, s.period_id, None, "x")], "note"
    ),
    "judgements.write_changes (include)": lambda s, a, eid: judgements.write_changes(
        s.database, a, eid, [IncludeChange(s.pupil_id, True, False)], "include"
    ),
    "pupil_import.import_pupils": lambda s, a, eid: pupil_import.import_pupils(
        s.database, a, eid, UPLOAD, date.today()
    ),
    "pupils.archive_pupils": lambda s, a, eid: pupils.archive_pupils(
        s.database, a, eid, [s.pupil_id]
    ),
    "pupils.create_pupil": lambda s, a, eid: pupils.create_pupil(
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
    "pupils.get_pupil": lambda s, a, eid: pupils.get_pupil(s.database, a, eid, s.pupil_id),
    "pupils.list_pupils": lambda s, a, eid: pupils.list_pupils(s.database, a, eid, YEAR),
    "pupils.save_search": lambda s, a, eid: pupils.save_search(
        s.database, a, eid, PupilSearch(surname="o")
    ),
    "pupils.saved_search": lambda s, a, eid: pupils.saved_search(s.database, a, eid),
    "pupils.set_characteristics": lambda s, a, eid: pupils.set_characteristics(
        s.database, a, eid, [(s.pupil_id, "eal", True)]
    ),
    "pupils.update_pupil": lambda s, a, eid: pupils.update_pupil(
        s.database, a, eid, s.pupil_id, PupilForm(surname="Changed"), date.today()
    ),
    "pupils.get_profile": lambda s, a, eid: pupils.get_profile(s.database, a, eid),
    "pupils.update_profile": lambda s, a, eid: pupils.update_profile(
        s.database, a, eid, Profile(custom_names=("X",) * 6, class_names=("C",) * 20)
    ),
    "audit_trail.read_trail": lambda s, a, eid: read_trail(
        s.database, a, TrailFilter(establishment_id=eid)
    ),
    "discussion_templates.create_template": lambda s, a, eid: discussion_templates.create_template(
        s.database, a, eid, "Q", 9, date(YEAR, 9, 1)
    ),
    "discussion_templates.delete_template": lambda s, a, eid: discussion_templates.delete_template(
        s.database, a, eid, s.template_id
    ),
    "discussion_templates.ensure_defaults": lambda s, a, eid: discussion_templates.ensure_defaults(
        s.database, a, eid, date.today()
    ),
    "discussion_templates.list_templates": lambda s, a, eid: discussion_templates.list_templates(
        s.database, a, eid, date.today()
    ),
    "discussion_templates.update_template": lambda s, a, eid: discussion_templates.update_template(
        s.database, a, eid, s.template_id, "Changed", 1, date(YEAR, 9, 1)
    ),
    "elg_submission.check_submission": lambda s, a, eid: elg_submission.check_submission(
        s.database, a, eid, s.section_id
    ),
    "elg_submission.submit": lambda s, a, eid: elg_submission.submit(
        s.database, a, eid, s.section_id, authority_confirmed=True
    ),
    "elg_submission.unlock": lambda s, a, eid: elg_submission.unlock(
        s.database, a, eid, s.section_id, "x"
    ),
    "headlines.cohort_headlines": lambda s, a, eid: headlines.cohort_headlines(
        s.database, a, eid, date.today()
    ),
    "meeting_figures.live_figures": lambda s, a, eid: meeting_figures.live_figures(
        s.database, a, eid, YEAR, s.period_id, None
    ),
    "meeting_record.get_meeting": lambda s, a, eid: meeting_record.get_meeting(
        s.database, a, eid, s.meeting_id
    ),
    "meeting_rows.add_row": lambda s, a, eid: meeting_rows.add_row(
        s.database, a, eid, s.meeting_id, BARRIER
    ),
    "meeting_rows.delete_row": lambda s, a, eid: meeting_rows.delete_row(
        s.database, a, eid, s.meeting_id, BARRIER, s.row_id
    ),
    "meeting_rows.set_area": lambda s, a, eid: meeting_rows.set_area(
        s.database, a, eid, s.meeting_id, meeting_rows.Section.GROUP, s.row_id, "LAU"
    ),
    "meeting_rows.set_pupil": lambda s, a, eid: meeting_rows.set_pupil(
        s.database, a, eid, s.meeting_id, s.row_id, s.pupil_id
    ),
    "meeting_rows.set_targeted_pupils": lambda s, a, eid: meeting_rows.set_targeted_pupils(
        s.database, a, eid, s.meeting_id, s.row_id, [s.pupil_id]
    ),
    "meeting_rows.set_text": lambda s, a, eid: meeting_rows.set_text(
        s.database, a, eid, s.meeting_id, BARRIER, s.row_id, "barrier", "x"
    ),
    "meetings.assessment_choices": lambda s, a, eid: meetings.assessment_choices(
        s.database, a, eid, YEAR
    ),
    "meetings.class_choices": lambda s, a, eid: meetings.class_choices(s.database, a, eid, YEAR),
    "meetings.cohort_pupils": lambda s, a, eid: meetings.cohort_pupils(
        s.database, a, eid, s.meeting_id
    ),
    "meetings.create_meeting": lambda s, a, eid: meetings.create_meeting(
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
    "meetings.delete_meeting": lambda s, a, eid: meetings.delete_meeting(
        s.database, a, eid, s.meeting_id
    ),
    "meetings.list_meetings": lambda s, a, eid: meetings.list_meetings(s.database, a, eid, YEAR),
    "meetings.live_figures_differ": lambda s, a, eid: meetings.live_figures_differ(
        s.database, a, eid, s.meeting_id
    ),
    "meetings.refresh_figures": lambda s, a, eid: meetings.refresh_figures(
        s.database, a, eid, s.meeting_id
    ),
    "meetings.update_header": lambda s, a, eid: meetings.update_header(
        s.database,
        a,
        eid,
        s.meeting_id,
        teacher="Mr Cole",
        day=date(YEAR, 10, 21),
        class_slot=None,
        period_id=None,
    ),
    "reports.open_reports": lambda s, a, eid: reports.open_reports(s.database, a, eid, YEAR, R),
    "view_preferences.grid_view": lambda s, a, eid: view_preferences.grid_view(s.database, a, eid),
    "view_preferences.save_grid_view": lambda s, a, eid: view_preferences.save_grid_view(
        s.database, a, eid, YEAR, R, [1], show_elg=True
    ),
}

# Functions taking an actor that are not about one school's pupil data, and where they are tested.
EXEMPT = {
    "access": "rules about roles (who may create, reset the demo, see the server): no database",
    "account_actions": "accounts, not pupil data: tests/store/test_accounts.py",
    "accounts": "accounts, not pupil data: tests/store/test_accounts.py",
    "audit.record": "writes inside a transaction its caller has already checked",
    "demo.ensure_demo": "the demo school only; refusal tested in tests/store/test_demo.py",
    "demo.demo_reset_loses": "the demo school only: test_what_a_reset_would_delete_is_said_first",
    "demo_accounts": "the demo school's accounts: tests/store/test_demo.py",
    "diagnosis": "support console reading accounts: tests/store/test_diagnosis.py",
    "establishments": "names and numbers of schools, not pupil data",
    "reauth.confirm_password": "the actor's own password",
    "pupils.find_pupil_by_upn": "answers None to outsiders: test_find_by_upn_hides_other_schools",
    "pupils.unarchive_pupils": "support only: test_unarchive_is_support_only",
    "period_deletion.deleted_periods": "support only: tests/store/test_period_deletion.py",
    "pupil_transfer": "support only: test_only_support_transfers_and_only_with_their_password",
    "period_deletion.restore_period": "support only: tests/store/test_period_deletion.py",
    "upn_issuer.issue_inhouse_upns": "support only: tests/store/test_upn_issuer.py",
    "la_return": "support only, every establishment: tests/store/test_la_return.py",
    "meeting_record.own_meeting": "inside a transaction; get_meeting is checked here",
    "news": "the support team's news for everyone, not pupil data: tests/store/test_news.py",
    "session_check.require_live_session": "the actor's own session: test_session_writes.py",
    "support_contact": "the support team's contact details: tests/store/test_support_contact.py",
    "reports_many": "support only, every establishment: "
    "test_only_support_reports_over_many_establishments in tests/store/test_reports_many.py",
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
    "assessments.create_period",
    "assessments.create_elg_section",
    "cohort.load_cohort",
    "pupil_import.import_pupils",  # matched by UPN: A's UPN is refused as another school's
    "pupils.create_pupil",
    "pupils.list_pupils",
    "pupils.save_search",
    "pupils.saved_search",
    "pupils.get_profile",
    "pupils.update_profile",
    "audit_trail.read_trail",
    "discussion_templates.create_template",
    "discussion_templates.ensure_defaults",
    "discussion_templates.list_templates",
    "headlines.cohort_headlines",
    "meeting_figures.live_figures",  # the period is checked: see the row-level entries
    "meetings.assessment_choices",
    "meetings.class_choices",
    "meetings.create_meeting",
    "meetings.list_meetings",
    "reports.open_reports",
    "view_preferences.grid_view",  # a person's own view: no school rows are named
    "view_preferences.save_grid_view",
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
            pupils.unarchive_pupils(schools.database, outsider, [schools.pupil_id], "x", now=NOW)


def _public_functions_taking_an_actor() -> set[str]:
    found = set()
    for module_info in pkgutil.iter_modules(store.__path__):
        module = importlib.import_module(f"store.{module_info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__ or name.startswith("_"):
                continue
            if "actor" in inspect.signature(function).parameters:
                found.add(f"{module_info.name}.{name}")
    return found


def test_every_store_function_taking_an_actor_is_checked_here() -> None:
    listed = {name.split(" ")[0] for name in CALLS}

    def exempt(name: str) -> bool:
        return name in EXEMPT or name.split(".")[0] in EXEMPT

    missing = sorted(n for n in _public_functions_taking_an_actor() if n not in listed)
    assert [n for n in missing if not exempt(n)] == []
