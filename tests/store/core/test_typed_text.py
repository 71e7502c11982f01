"""No control character a person typed reaches the database; every text is kept in NFC.

The table below calls each store write with control characters (BEL, ESC, NUL, DEL and a C1
code) in every text argument, then reads every text column of every table: none may hold a
control character (bar the newline in multi-line fields), and the text itself must be there,
cleaned. A meta-test keeps the table complete: a public store function taking an `actor` and
a text must be listed here, or exempted with the reason.
"""

from __future__ import annotations

import inspect
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import String, select
from sqlmodel import AutoString, SQLModel

import store.core.all_tables  # noqa: F401  (every table on SQLModel.metadata)
from store.accounts import accounts
from store.accounts.reauth import SERVER_ADMINISTRATOR
from store.accounts.sign_in import start_sign_in
from store.assessments import ehc_links, framework_wording
from store.assessments import periods as assessments
from store.assessments.changes import JudgementChange, PeriodNoteChange
from store.assessments.cohort import Cell
from store.assessments.judgements import write_as_seen, write_changes
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.errors import InvalidInput
from store.core.models import Pupil
from store.core.typed_text import clean_typed, one_line
from store.curriculum.dates import academic_year_of
from store.curriculum.engagement import ENGAGEMENT_ID
from store.curriculum.eyfs import Judgement, YearGroup
from store.curriculum.ks1 import KS1_TA_ID, READING
from store.curriculum.small_steps import SMALL_STEPS_ID
from store.curriculum.upn import upn_check_letter
from store.curriculum.year_groups import birth_date_range
from store.establishments import establishments, news, return_identity, support_contact
from store.meetings import meetings
from store.meetings import rows as meeting_rows
from store.meetings import templates as discussion_templates
from store.meetings.rows import Section
from store.pupils import editing, interventions, pupils, upn_issuer
from store.pupils import importing as pupil_import
from store.pupils.fields import PupilForm
from store.pupils.profile import Profile, update_profile
from store.pupils.pupils import PupilSearch
from store.pupils.upload import UPLOAD_COLUMNS
from store.returns import ctf_coding, ctf_import
from tests.store.accounts_helpers import cheap_hashing
from tests.store.store_functions import store_functions

TODAY = date.today()
NOW = datetime.now(timezone.utc)
YEAR = academic_year_of(TODAY)
R = YearGroup.RECEPTION
SUPPORT = Actor("support", Role.SUPPORT, None)
BORN = birth_date_range(R, YEAR)[0].strftime("%d/%m/%Y")
CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
NEWLINE_COLUMNS = {  # multi-line fields (and the audit of their changes): the newline is kept
    ("newsitem", "text"),
    ("supportcontact", "text"),
    ("meetingdiscussion", "question"),
    ("meetingdiscussion", "notes"),
    ("meetingdiscussion", "next_steps"),
    ("meetingbarrier", "barrier"),
    ("meetingbarrier", "next_steps"),
    ("meetingtargeted", "comments"),
    ("meetinggroup", "comments"),
    ("auditentry", "old_value"),
    ("auditentry", "new_value"),
}


def upn(serial: int) -> str:
    digits = f"999{serial:09d}"
    return upn_check_letter(digits) + digits


def dirty(text: str) -> str:
    """`text` with BEL after its first character, ESC and NUL before its last, C1 and DEL after."""
    if len(text) < 2:
        return f"\x07{text}\x1b\x00\x9b\x7f"
    return f"{text[0]}\x07{text[1:-1]}\x1b\x00{text[-1]}\x9b\x7f"


@dataclass
class School:
    database: Database
    id: int
    actor: Actor
    pupil_id: int
    period_id: int
    intervention_id: int
    meeting_id: int
    barrier_id: int
    group_id: int
    template_id: int
    news_id: int


@pytest.fixture
def school(database: Database) -> School:
    info = establishments.create_establishment(database, SUPPORT, "2041", "ST ANNE'S")
    actor = Actor("head", Role.MANAGER, info.id)
    pupil_id = editing.create_pupil(
        database,
        actor,
        info.id,
        PupilForm(upn(1), "Jones", "Amy", BORN, "", "", "F", "PR1 2AB", "WBRI"),
        TODAY,
    )
    period = assessments.create_period(database, actor, info.id, "Autumn 1", TODAY, [R])
    intervention_id = interventions.add_intervention(
        database, actor, info.id, pupil_id, YEAR, "Autumn 1", "Reading club"
    )
    meeting_id = meetings.create_meeting(
        database,
        actor,
        info.id,
        YEAR,
        teacher="Mr Cole",
        day=TODAY,
        class_slot=None,
        period_id=period.id,
        today=TODAY,
    )
    barrier_id = meeting_rows.add_row(
        database, actor, info.id, meeting_id, Section.BARRIER, pupil_id=pupil_id
    )
    group_id = meeting_rows.add_row(
        database, actor, info.id, meeting_id, Section.GROUP, area_code="LAU"
    )
    template_id = discussion_templates.list_templates(database, actor, info.id, TODAY)[0].id
    news_id = news.add_news(database, SUPPORT, "Welcome", "Hello", TODAY, None).id
    return School(
        database,
        info.id,
        actor,
        pupil_id,
        period.id,
        intervention_id,
        meeting_id,
        barrier_id,
        group_id,
        template_id,
        news_id,
    )


@dataclass(frozen=True)
class Write:
    """A store write with control characters in its texts, and the clean texts it must keep."""

    call: Callable[[School], object]
    kept: tuple[str, ...]


def _pupil_form(surname: str) -> PupilForm:
    return PupilForm(
        upn=dirty(upn(2)),
        surname=dirty(surname),
        forenames=dirty("Zoë Ann"),
        date_of_birth=dirty(BORN),
        class_slot=dirty("12"),
        year_override=dirty("R"),
        gender=dirty("M"),
        postcode=dirty("PR1 2AB"),
        ethnicity=dirty("WTUR"),
        sen=dirty("K"),
        sen_notes=dirty("Speech therapy weekly"),
    )


def _upload() -> bytes:
    """A stray control character in several cells (more would make the file look binary)."""
    lines = [
        ",".join(UPLOAD_COLUMNS),
        f"{upn(3)[:5]}\x07{upn(3)[5:]},De\x1bmir,A\x7fli,{BORN},M,PR1\x9b 2AB,N,WT\x07UR,Y,K,",
        *(f"{upn(n)},Nowak,Ola,{BORN},F,PR1 2AB,N,WBRI,N,," for n in range(4, 8)),
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def _update_pupil(s: School) -> object:
    form = _pupil_form("Smith-Jones")
    form.upn = dirty(upn(1))
    return editing.update_pupil(s.database, s.actor, s.id, s.pupil_id, form, TODAY)


def _grid_write(write: Callable[..., object]) -> Write:
    """A note in a judgement and a period's Notes, typed with control characters."""
    return Write(
        lambda s: write(
            s.database,
            s.actor,
            s.id,
            [
                JudgementChange(
                    s.pupil_id,
                    s.period_id,
                    "LAU",
                    Cell(),
                    Cell(Judgement.ON_TRACK, None, dirty("Needs prompts")),
                ),
                PeriodNoteChange(s.pupil_id, s.period_id, None, dirty("Settled well")),
            ],
        ),
        ("Needs prompts", "Settled well"),
    )


def _ehc_link(s: School) -> object:
    """Link an engagement model observation of the pupil (assessed another way) to an outcome."""
    with s.database.write() as session:
        pupil = session.get(Pupil, s.pupil_id)
        assert pupil is not None
        pupil.alternative_assessment = True
    period = assessments.create_period(
        s.database, s.actor, s.id, "Summer EM", TODAY, [R], framework=ENGAGEMENT_ID
    )
    outcome = dirty("Outcome 2: communication")
    return ehc_links.set_ehc_link(s.database, s.actor, s.id, s.pupil_id, period.id, "EXP", outcome)


WRITES: dict[str, Write] = {
    "assessments.ehc_links.set_ehc_link": Write(_ehc_link, ("Outcome 2: communication",)),
    "assessments.framework_wording.set_framework_names": Write(
        lambda s: framework_wording.set_framework_names(
            s.database, s.actor, s.id, SMALL_STEPS_ID, {"strand:NUM": dirty("Maths: number")}
        ),
        ("Maths: number",),
    ),
    "accounts.accounts.create_account": Write(
        lambda s: accounts.create_account(
            s.database,
            s.actor,
            username=dirty("a.jones"),
            role=Role.USER,
            establishment_id=s.id,
            now=NOW,
            display_name=dirty("Amy Jones"),
        ),
        ("a.jones", "Amy Jones"),
    ),
    "assessments.periods.create_period": Write(
        lambda s: assessments.create_period(
            s.database, s.actor, s.id, dirty("Spring 1"), TODAY, [R]
        ),
        ("Spring 1",),
    ),
    "meetings.templates.create_template": Write(
        lambda s: discussion_templates.create_template(
            s.database, s.actor, s.id, dirty("Who is stuck?"), 9, TODAY
        ),
        ("Who is stuck?",),
    ),
    "meetings.templates.update_template": Write(
        lambda s: discussion_templates.update_template(
            s.database, s.actor, s.id, s.template_id, dirty("Who moved on?"), 1, TODAY
        ),
        ("Who moved on?",),
    ),
    "establishments.establishments.create_establishment": Write(
        lambda s: establishments.create_establishment(
            s.database, SUPPORT, dirty("4444"), dirty("NEW SCHOOL")
        ),
        ("4444", "NEW SCHOOL"),
    ),
    "pupils.interventions.add_intervention": Write(
        lambda s: interventions.add_intervention(
            s.database, s.actor, s.id, s.pupil_id, YEAR, dirty("Autumn 1"), dirty("Phonics")
        ),
        ("Phonics",),
    ),
    "pupils.interventions.update_intervention": Write(
        lambda s: interventions.update_intervention(
            s.database,
            s.actor,
            s.id,
            s.pupil_id,
            s.intervention_id,
            YEAR,
            dirty("Autumn 1"),
            dirty("Maths club"),
        ),
        ("Maths club",),
    ),
    "assessments.judgements.write_changes": _grid_write(write_changes),
    "assessments.judgements.write_as_seen": _grid_write(write_as_seen),
    "meetings.rows.add_row": Write(
        lambda s: meeting_rows.add_row(
            s.database,
            s.actor,
            s.id,
            s.meeting_id,
            Section.DISCUSSION,
            question=dirty("Why?\nHow?"),
        ),
        ("Why?\nHow?",),
    ),
    "meetings.rows.set_text": Write(
        lambda s: (
            meeting_rows.set_text(
                s.database,
                s.actor,
                s.id,
                s.meeting_id,
                Section.BARRIER,
                s.barrier_id,
                "barrier",
                dirty("Shy\r\nSpeech group"),
            ),
            meeting_rows.set_text(
                s.database,
                s.actor,
                s.id,
                s.meeting_id,
                Section.GROUP,
                s.group_id,
                "group_name",
                dirty("Robins\nreaders"),
            ),
        ),
        ("Shy\nSpeech group", "Robins readers"),
    ),
    "meetings.meetings.create_meeting": Write(
        lambda s: meetings.create_meeting(
            s.database,
            s.actor,
            s.id,
            YEAR,
            teacher=dirty("Miss Hale"),
            day=TODAY,
            class_slot=None,
            period_id=None,
            today=TODAY,
        ),
        ("Miss Hale",),
    ),
    "meetings.meetings.update_header": Write(
        lambda s: meetings.update_header(
            s.database,
            s.actor,
            s.id,
            s.meeting_id,
            teacher=dirty("Mrs Ward"),
            day=TODAY,
            class_slot=None,
            period_id=s.period_id,
        ),
        ("Mrs Ward",),
    ),
    "establishments.news.add_news": Write(
        lambda s: news.add_news(
            s.database, SUPPORT, dirty("Roll forward"), dirty("Done\r\nover summer"), TODAY, None
        ),
        ("Roll forward", "Done\nover summer"),
    ),
    "establishments.news.edit_news": Write(
        lambda s: news.edit_news(
            s.database, SUPPORT, s.news_id, dirty("Closed"), dirty("Snow\rday"), TODAY, None
        ),
        ("Closed", "Snow\nday"),
    ),
    "establishments.return_identity.set_return_identity": Write(
        lambda s: return_identity.set_return_identity(
            s.database,
            SUPPORT,
            s.id,
            la_number=dirty("873"),
            dfe_number=dirty("2001"),
            urn=dirty("100001"),
        ),
        ("873", "2001", "100001"),
    ),
    "establishments.support_contact.set_support_contact": Write(
        lambda s: support_contact.set_support_contact(
            s.database, SUPPORT, dirty("Call 01772 531555") + "\n" + dirty("pst@example.org")
        ),
        ("Call 01772 531555", "pst@example.org"),
    ),
    "pupils.importing.import_pupils": Write(
        lambda s: pupil_import.import_pupils(
            s.database, s.actor, s.id, _upload(), TODAY, file_name=dirty("roll.csv")
        ),
        ("Demir", "Ali", "roll.csv", upn(3)),
    ),
    "pupils.editing.create_pupil": Write(
        lambda s: editing.create_pupil(
            s.database, s.actor, s.id, _pupil_form("O'Brien-Smith"), TODAY
        ),
        ("O'Brien-Smith", "Zoë Ann", upn(2), "PR1 2AB", "WTUR", "Speech therapy weekly"),
    ),
    "pupils.pupils.save_search": Write(
        lambda s: pupils.save_search(
            s.database, s.actor, s.id, PupilSearch(dirty("O'Bri"), dirty("A999"))
        ),
        ("O'Bri", "A999"),
    ),
    "pupils.profile.update_profile": Write(
        lambda s: update_profile(
            s.database,
            s.actor,
            s.id,
            Profile(
                (dirty("Speech group"), *(f"CUSTOM {n}" for n in range(2, 7))),
                (dirty("Robins"), *(f"Class {n}" for n in range(2, 21))),
            ),
        ),
        ("Speech group", "Robins"),
    ),
    "pupils.editing.update_pupil": Write(_update_pupil, ("Smith-Jones", "Zoë Ann")),
    "pupils.upn_issuer.issue_inhouse_upns": Write(
        lambda s: upn_issuer.issue_inhouse_upns(
            s.database,
            SUPPORT,
            SERVER_ADMINISTRATOR,
            establishment_id=s.id,
            la_code=dirty("888"),
            now=NOW,
        ),
        (),
    ),
    "returns.ctf_import.import_ctf": Write(
        # XML holds no C0 control character but tab, CR and LF; DEL and the C1 codes it holds.
        lambda s: ctf_import.import_ctf(
            s.database,
            s.actor,
            s.id,
            (
                f"<CTfile><CTFpupilData><Pupil><UPN>{upn(8)}</UPN><Surname>Ok\x7fafor</Surname>"
                f"<Forename>Chi\x9bdi\tEmeka</Forename><DOB>{BORN}</DOB><Sex>M</Sex></Pupil>"
                "</CTFpupilData></CTfile>"
            ).encode(),
            TODAY,
            file_name=dirty("mis.xml"),
        ),
        ("Okafor", "Chidi Emeka", "mis.xml", upn(8)),
    ),
}

# Writes whose texts are codes chosen from a list: a code with control characters is refused.
REFUSED: dict[str, Callable[[School], object]] = {
    "pupils.editing.set_characteristics": lambda s: editing.set_characteristics(
        s.database, s.actor, s.id, [(s.pupil_id, "ethnicity", dirty("WBRI"))]
    ),
    "meetings.rows.set_area": lambda s: meeting_rows.set_area(
        s.database, s.actor, s.id, s.meeting_id, Section.GROUP, s.group_id, dirty("LAU")
    ),
    # A CTF's codes go into every school's files as they are: refused, not cleaned.
    "returns.ctf_coding.set_ctf_coding": lambda s: ctf_coding.set_ctf_coding(
        s.database,
        SUPPORT,
        KS1_TA_ID,
        READING,
        stage=dirty("KS1"),
        ctf_subject=dirty("ENG"),
        method=dirty("TA"),
        component=dirty("READ"),
        result_qualifier=dirty("NV"),
    ),
}

# Functions taking an actor and a text that store no text a person typed.
EXEMPT = {
    "assessments.score_settings": "numbers only (a threshold, band starts, a margin): no text",
    "assessments.ehc_links.ehc_link": "reads (an area code to match)",
    "assessments.framework_wording.framework_names": "reads (a framework id to match)",
    "progress.layers": "period ids and a layer kind: the layer's name is its period's, checked",
    "accounts.actions": "the username names an existing account; passwords are only hashed",
    "accounts.accounts.audit_account": "writes its caller's values, in the caller's checked write",
    "accounts.accounts.get_account": "reads",
    "accounts.diagnosis": "the support console's searches and reads",
    "assessments.elg_submission.unlock": "a password, checked and never stored",
    "assessments.period_submission.unlock_period": "a password, checked and never stored",
    "pupils.pupils.find_pupil_by_upn": "reads",
    "pupils.subject_access.everything_held": "reads",
    "pupils.transfer.preview_transfer": "reads (a UPN and an establishment number to look up)",
    "reports.many": "reads",
    "reports.progress_many": "reads",
    "progress.last_year": "reads (a framework id to match)",
    "returns.ctf_coding.reset_ctf_coding": "names the subject to put back; stores no text",
    "assessments.judgements.write_in_transaction": "the grid's changes, in its caller's write "
    "(import_ctf's, listed): write_changes is listed",
    "assessments.periods.add_period": "a name its caller checked: create_period, listed",
    "pupils.importing.write_pupils": "values its caller checked: import_pupils, listed",
}


def text_cells(database: Database) -> list[tuple[str, str, str]]:
    """(table, column, value) of every text in the database."""
    found = []
    with database.read() as session:
        for table in SQLModel.metadata.sorted_tables:
            for column in table.columns:
                if not isinstance(column.type, String | AutoString):
                    continue
                for (value,) in session.execute(select(column)):
                    if value is not None:
                        found.append((table.name, column.name, value))
    return found


def control_characters(database: Database) -> list[tuple[str, str, str]]:
    return [
        (table, column, value)
        for table, column, value in text_cells(database)
        if CONTROLS.search(value)
        or ("\n" in value and (table, column) not in NEWLINE_COLUMNS)
        or value != unicodedata.normalize("NFC", value)
    ]


@pytest.fixture(autouse=True)
def _quick(monkeypatch: pytest.MonkeyPatch) -> None:
    cheap_hashing(monkeypatch)


@pytest.mark.parametrize("name", sorted(WRITES))
def test_control_characters_are_dropped_and_the_text_kept(school: School, name: str) -> None:
    write = WRITES[name]
    write.call(school)
    assert control_characters(school.database) == []
    stored = [value for _, _, value in text_cells(school.database)]
    for text in write.kept:
        assert any(text in value for value in stored), f"{text!r} was not kept"


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_code_with_control_characters_is_refused(school: School, name: str) -> None:
    before = text_cells(school.database)
    with pytest.raises(InvalidInput):
        REFUSED[name](school)
    assert text_cells(school.database) == before


def test_a_sign_in_with_control_characters_records_none(database: Database) -> None:
    start_sign_in(database, dirty("nobody.here"), dirty("Wrong-Password-1"), source="x", now=NOW)
    assert control_characters(database) == []
    assert any("nobody.here" in value for _, _, value in text_cells(database))


def _public_functions_taking_an_actor_and_text() -> set[str]:
    text = re.compile(r"\bstr\b|bytes|Form|Profile|Search|Change|object")
    found = set()
    for name, function in store_functions():
        parameters = inspect.signature(function).parameters
        if "actor" in parameters and any(
            text.search(str(parameter.annotation))
            for key, parameter in parameters.items()
            if key not in ("db", "actor", "action")
        ):
            found.add(name)
    return found


def test_every_store_function_taking_text_is_checked_here() -> None:
    def listed(name: str) -> bool:
        return (
            name in WRITES or name in REFUSED or name in EXEMPT or name.rpartition(".")[0] in EXEMPT
        )

    assert sorted(n for n in _public_functions_taking_an_actor_and_text() if not listed(n)) == []


@pytest.mark.parametrize(
    ("typed", "multiline", "kept"),
    [
        ("Jo\x07nes", False, "Jones"),
        ("\x1b[31mRed\x1b[0m", False, "[31mRed[0m"),  # ESC goes; what followed it is text
        ("a\tb", False, "a b"),
        ("one\r\ntwo\rthree\nfour\x85five", False, "one two three four five"),
        ("one\r\ntwo\rthree\nfour\x85five", True, "one\ntwo\nthree\nfour\nfive"),
        ("Zoe\u0308", False, "Zoë"),  # NFC: one code point
        ("nul\x00del\x7fcsi\x9b", False, "nuldelcsi"),
        ("lone \ud800 half", False, "lone  half"),
        ("  kept  as  typed  ", False, "  kept  as  typed  "),
        ("Łukasz Nowak-O'Brien", False, "Łukasz Nowak-O'Brien"),
    ],
)
def test_clean_typed(typed: str, multiline: bool, kept: str) -> None:
    assert clean_typed(typed, multiline=multiline) == kept


def test_one_line_trims_and_makes_one_space() -> None:
    assert one_line("  Class\x07  2\n ") == "Class 2"
