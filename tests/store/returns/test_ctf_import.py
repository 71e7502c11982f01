"""Store tests of the CTF import: a school's own KS1 and EYFSP returns exported and imported into
an empty database give the same pupils and results; pupils are created or updated by UPN;
results go in the KS1 period of Year 2 and the End of Year ELGs (made when missing), never into
a submitted one; a UPN of another school refuses the file. The refusals of a file's shape and
of its pupils and results are in test_ctf_import_refusals.py."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import col

from exports.ctf import export_ctf_return
from store.assessments.periods import create_period
from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database, open_database
from store.core.models import AssessmentPeriod, AuditEntry, ElgResult, ElgSection, Judgement, Pupil
from store.core.models_returns import CtfComponent
from store.curriculum.ctf_components import BUILT_IN
from store.curriculum.eyfs import AREA_CODES, YearGroup
from store.curriculum.eyfs_frameworks import EYFS_ELG_ID
from store.curriculum.ks1 import KS1_TA_ID, PHONICS_ID
from store.curriculum.year_groups import birth_date_range
from store.establishments.establishments import create_establishment
from store.establishments.return_identity import set_return_identity
from store.pupils.import_problems import ImportRefused
from store.returns.ctf_data import ReturnKind
from store.returns.ctf_import import ACTION, CtfImportResult, import_ctf
from tests.store.conftest import throwaway_postgres
from tests.store.ks1_school import SUPPORT, YEAR, Ks1School, build_ks1_school, upn

TODAY = date.today()
KS1_SUBJECTS = ("RD", "WR", "MA", "SC")


# --- writing a CTF as a school's MIS would -----------------------------------------------------


def assessment(framework: str, subject: str, result: str, *, year: int = YEAR + 1) -> str:
    """One StageAssessment (in a KeyStage of its own), coded as the program's table says."""
    coding = BUILT_IN[(framework, subject)]
    return (
        f"<KeyStage><Stage>{coding.stage}</Stage><StageAssessment><Locale>EN</Locale>"
        f"<Year>{year}</Year><Subject>{coding.subject}</Subject><Method>{coding.method}</Method>"
        f"<Component>{coding.component}</Component><ResultStatus>R</ResultStatus>"
        f"<ResultQualifier>{coding.result_qualifier}</ResultQualifier>"
        f"<Result>{result}</Result></StageAssessment></KeyStage>"
    )


def ks1(*codes: str) -> list[str]:
    """KS1 results for Reading, Writing, Maths and Science."""
    return [assessment(KS1_TA_ID, s, code) for s, code in zip(KS1_SUBJECTS, codes, strict=True)]


def elg(*results: str) -> list[str]:
    """EYFSP results for E01.. in order."""
    return [assessment(EYFS_ELG_ID, code, r) for code, r in zip(AREA_CODES, results, strict=False)]


def pupil(
    serial: int,
    surname: str = "Smith",
    forename: str = "Jo",
    *,
    born: str | None = None,
    sex: str = "F",
    results: Sequence[str] = (),
    upn_text: str | None = None,
    basic_details: bool = False,
    extra: str = "",
) -> str:
    """A Pupil element: details directly under it (our export) or under BasicDetails (MIS)."""
    first, _ = birth_date_range(YearGroup.YEAR_2, YEAR)
    born = born or (first + timedelta(days=serial)).isoformat()
    details = f"<Surname>{surname}</Surname><Forename>{forename}</Forename><DOB>{born}</DOB>" + (
        f"<Gender>{sex}</Gender>" if basic_details else f"<Sex>{sex}</Sex>"
    )
    if basic_details:
        details = f"<BasicDetails>{details}<Ethnicity>WBRI</Ethnicity></BasicDetails>"
    upn_text = upn(serial) if upn_text is None else upn_text
    assessments = "".join(results)
    return (
        f"<Pupil><UPN>{upn_text}</UPN>{details}{extra}"
        f"<StageAssessments>{assessments}</StageAssessments></Pupil>"
    )


def ctf(*pupils: str) -> bytes:
    header = (
        "<Header><DocumentName>Common Transfer File</DocumentName><CTFversion>25.0</CTFversion>"
        "<SourceSchool><LEA>873</LEA><Estab>2001</Estab><SchoolName>ST MARY'S</SchoolName>"
        "<AcademicYear>2025/26</AcademicYear></SourceSchool></Header>"
    )
    body = "".join(pupils)
    text = f"<?xml version='1.0' encoding='UTF-8'?>\n<CTfile>{header}<CTFpupilData>{body}"
    return (text + "</CTFpupilData></CTfile>\n").encode("utf-8")


# --- the database and what it holds -----------------------------------------------------------


@pytest.fixture
def school(database: Database) -> Ks1School:
    return build_ks1_school(database)


@pytest.fixture
def empty(database: Database, tmp_path: Path) -> Iterator[Database]:
    """A second, empty database of the same kind as `database`."""
    if database.is_sqlite:
        other = open_database(f"sqlite:///{tmp_path / 'empty.db'}")
        yield other
        other.dispose()
        return
    with throwaway_postgres() as url:
        other = open_database(url)
        try:
            yield other
        finally:
            other.dispose()


def new_school(database: Database, number: str = "2001") -> tuple[int, Actor]:
    """An establishment with the numbers of ks1_school's, and its clerk (a user)."""
    made = create_establishment(database, SUPPORT, number, "ST MARY'S C OF E PRIMARY")
    set_return_identity(
        database, SUPPORT, made.id, la_number="873", dfe_number=number, urn="100001"
    )
    return made.id, Actor("clerk", Role.USER, made.id)


def pupils_of(database: Database) -> dict[str, tuple[Any, ...]]:
    """Every pupil's details by UPN."""
    with database.read() as session:
        return {
            p.upn: (p.surname, p.forenames, p.date_of_birth, p.gender)
            for p in session.scalars(select(Pupil))
        }


def results_of(database: Database) -> dict[tuple[str, str, int, str], str | None]:
    """Every KS1 judgement and ELG result: (UPN, framework, academic year, subject) -> code."""
    found: dict[tuple[str, str, int, str], str | None] = {}
    with database.read() as session:
        for upn_text, year, code, value in session.execute(
            select(Pupil.upn, AssessmentPeriod.academic_year, Judgement.area_code, Judgement.value)
            .join(Judgement, col(Judgement.pupil_id) == col(Pupil.id))
            .join(AssessmentPeriod, col(AssessmentPeriod.id) == col(Judgement.period_id))
        ):
            found[(upn_text, KS1_TA_ID, year, code)] = value
        for upn_text, year, code, outcome in session.execute(
            select(Pupil.upn, ElgSection.academic_year, ElgResult.area_code, ElgResult.outcome)
            .join(ElgResult, col(ElgResult.pupil_id) == col(Pupil.id))
            .join(ElgSection, col(ElgSection.id) == col(ElgResult.section_id))
        ):
            found[(upn_text, EYFS_ELG_ID, year, code)] = outcome
    return found


def trail(database: Database) -> list[tuple[str, str, str | None]]:
    with database.read() as session:
        rows = session.scalars(
            select(AuditEntry).where(col(AuditEntry.action) == ACTION).order_by(col(AuditEntry.id))
        )
        return [(row.actor, row.target, row.new_value) for row in rows]


def run(db: Database, actor: Actor, establishment_id: int, data: bytes) -> CtfImportResult:
    return import_ctf(db, actor, establishment_id, data, TODAY, file_name="873LLLL_001.xml")


def refused(db: Database, actor: Actor, establishment_id: int, data: bytes) -> list[str]:
    """The problems of a refused import, having checked that nothing was written."""
    before = (pupils_of(db), results_of(db), trail(db))
    with pytest.raises(ImportRefused) as caught:
        run(db, actor, establishment_id, data)
    assert (pupils_of(db), results_of(db), trail(db)) == before
    return caught.value.listing()


# --- the round trip ---------------------------------------------------------------------------


def test_a_schools_own_returns_import_into_an_empty_database_as_they_were(
    school: Ks1School, empty: Database, tmp_path: Path
) -> None:
    school.mark_submitted()
    files = [
        export_ctf_return(
            school.database, school.head, school.school.id, kind, YEAR, folder=tmp_path
        ).path
        for kind in (ReturnKind.KS1, ReturnKind.EYFSP)
    ]
    school_id, clerk = new_school(empty)
    done = [run(empty, clerk, school_id, path.read_bytes()) for path in files]
    assert [d.summary for d in done] == [
        "3 added, 0 updated, 0 unchanged; 12 results written, 0 unchanged; "
        "made KS1 teacher assessment 2025/2026",
        "2 added, 0 updated, 0 unchanged; 34 results written, 0 unchanged; "
        "made End of Year ELGs 2025/2026",
    ]
    # Field by field: every pupil of the returns (not the one left out of data), names as
    # stored (apostrophe, accents, & and <, Rich markup), every result.
    source = pupils_of(school.database)
    del source[upn(9)]
    assert pupils_of(empty) == source
    assert ("[bold]Rich[/bold]", "Tom") in {details[:2] for details in source.values()}
    assert results_of(empty) == results_of(school.database)
    assert len(results_of(empty)) == 3 * 4 + 2 * 17
    with empty.read() as session:
        period = session.scalars(select(AssessmentPeriod)).one()
        assert (period.name, period.framework, period.day) == (
            "KS1 teacher assessment",
            KS1_TA_ID,
            date(YEAR + 1, 6, 30),
        )
    # Counts only in the import's own row of the trail: no pupil's name.
    assert trail(empty) == [
        ("clerk", "873LLLL_001.xml", f"{done[0].summary} (3 pupils)"),
        ("clerk", "873LLLL_001.xml", f"{done[1].summary} (2 pupils)"),
    ]
    again = run(empty, clerk, school_id, files[0].read_bytes())
    assert again.summary == "0 added, 0 updated, 3 unchanged; 0 results written, 12 unchanged"


def born_in_year_2(serial: int) -> str:
    """The date of birth ks1_school gives its Year 2 pupil `serial`."""
    return (birth_date_range(YearGroup.YEAR_2, YEAR)[0] + timedelta(days=serial)).isoformat()


def test_known_pupils_are_updated_and_keep_what_the_file_does_not_give(school: Ks1School) -> None:
    obrien = school.ids["O'Brien"]
    with school.database.write() as session:
        row = session.get(Pupil, obrien)
        assert row is not None
        row.postcode, row.ethnicity, row.class_slot = "PR1 2AB", "WIRI", 3
        cell = session.scalars(
            select(Judgement).where(
                col(Judgement.pupil_id) == obrien, col(Judgement.area_code) == "WR"
            )
        ).one()
        cell.note = "Writes at length"
    data = ctf(
        pupil(1, "O’Brien-Kelly", "Siobhán Áine", born=born_in_year_2(1),
              results=ks1("GDS", "GDS", "EXS", "HNM")),
        pupil(40, "Nowak", "Łukasz", sex="M", basic_details=True, results=ks1("A", "A", "A", "A"),
              extra="<Address><BS7666Address><PostCode>pr1 3xy</PostCode></BS7666Address>"
                    "</Address><Contacts><Contact><Surname>Nowak</Surname></Contact></Contacts>"),
    )  # fmt: skip
    done = run(school.database, school.clerk, school.school.id, data)
    # GDS in Reading and EXS in Maths were there already.
    assert done.summary == "1 added, 1 updated, 0 unchanged; 6 results written, 2 unchanged"
    with school.database.read() as session:
        kept = session.get(Pupil, obrien)
        assert kept is not None
        assert (kept.surname, kept.forenames, kept.postcode, kept.ethnicity, kept.class_slot) == (
            "O’Brien-Kelly", "Siobhán Áine", "PR1 2AB", "WIRI", 3
        )  # fmt: skip
        nowak = session.scalars(select(Pupil).where(col(Pupil.upn) == upn(40))).one()
        assert (nowak.forenames, nowak.gender, nowak.postcode, nowak.ethnicity) == (
            "Łukasz", "M", "PR1 3XY", "WBRI"
        )  # fmt: skip
        cells = {
            (row.pupil_id, row.area_code): (row.value, row.note)
            for row in session.scalars(select(Judgement))
        }
        # Into the school's own period, none made; the note on a changed cell is kept.
        assert [p.id for p in session.scalars(select(AssessmentPeriod))] == [school.period_id]
    assert cells[(obrien, "WR")] == ("GDS", "Writes at length")
    assert cells[(obrien, "SC")] == ("HNM", None) and cells[(nowak.id, "RD")] == ("A", None)


def test_a_new_pupil_without_postcode_or_ethnicity_has_none_and_nobt(database: Database) -> None:
    school_id, clerk = new_school(database)
    run(database, clerk, school_id, ctf(pupil(1, "Patel", "Anaya")))
    with database.read() as session:
        made = session.scalars(select(Pupil)).one()
        assert (made.postcode, made.ethnicity, made.include_in_data) == ("", "NOBT", True)


def test_assessments_the_tracker_does_not_carry_are_counted_and_passed_over(
    database: Database,
) -> None:
    school_id, clerk = new_school(database)
    other = (
        "<KeyStage><Stage>KS2</Stage><StageAssessment><Year>2026</Year><Subject>MAT</Subject>"
        "<Method>TT</Method><Component>MAT</Component><ResultStatus>R</ResultStatus>"
        "<Result>105</Result></StageAssessment></KeyStage>"
    )
    estimate = assessment(KS1_TA_ID, "RD", "EXS").replace(
        "<ResultStatus>R</ResultStatus>", "<ResultStatus>E</ResultStatus>"
    )
    blank = assessment(KS1_TA_ID, "WR", "")
    done = run(database, clerk, school_id, ctf(pupil(1, results=[other, estimate, blank])))
    assert done.summary == "1 added, 0 updated, 0 unchanged; 0 results written, 0 unchanged, " \
        "3 not carried here"  # fmt: skip
    assert results_of(database) == {}


def test_support_s_coding_is_the_one_read(database: Database) -> None:
    school_id, clerk = new_school(database)
    with database.write() as session:
        session.add(
            CtfComponent(
                framework=KS1_TA_ID, subject="RD", stage="KS1", ctf_subject="ENG", method="TA",
                component="RE", result_qualifier="WA", set_by="support.tester",
            )
        )  # fmt: skip
    theirs = assessment(KS1_TA_ID, "RD", "GDS").replace(">READ<", ">RE<")
    ours = assessment(KS1_TA_ID, "WR", "EXS")
    old = assessment(KS1_TA_ID, "MA", "WTS").replace(">MAT</Comp", ">XX</Comp")
    done = run(database, clerk, school_id, ctf(pupil(1, results=[theirs, ours, old])))
    assert (done.results_written, done.results_skipped) == (2, 1)
    assert results_of(database) == {
        (upn(1), KS1_TA_ID, YEAR, "RD"): "GDS",
        (upn(1), KS1_TA_ID, YEAR, "WR"): "EXS",
    }


# --- refused: another school's UPN, a submitted period, the wrong school ----------------------


def test_a_upn_of_another_schools_pupil_refuses_the_file(school: Ks1School) -> None:
    other_id, other_clerk = new_school(school.database, "2002")
    data = ctf(pupil(1, "O'Brien", results=ks1("EXS", "EXS", "EXS", "EXS")), pupil(50))
    assert refused(school.database, other_clerk, other_id, data) == [
        f"pupil 1 (UPN {upn(1)}), UPN: UPN {upn(1)} belongs to a pupil at another "
        "establishment: ask the support team to transfer the record."
    ]


def test_results_that_would_change_a_submitted_period_refuse_the_file(school: Ks1School) -> None:
    school.mark_submitted()
    born = born_in_year_2(1)
    same = pupil(1, "O'Brien", "Siobhán", born=born, results=ks1("GDS", "EXS", "EXS", "EXS"))
    changed = pupil(1, "O'Brien", "Siobhán", born=born, results=ks1("EXS", "EXS", "WTS", "EXS"))
    assert refused(school.database, school.clerk, school.school.id, ctf(changed)) == [
        f"pupil 1 (UPN {upn(1)}), KS1 teacher assessment 2025/2026: 2 results differ from those "
        "stored, but KS1 summer was submitted by head on 20/06/2026 and is locked; ask the "
        "support team to unlock it."
    ]
    # The same results change nothing, so a submitted period does not refuse them.
    done = run(school.database, school.clerk, school.school.id, ctf(same))
    assert (done.unchanged, done.results_written, done.results_unchanged) == (1, 0, 4)


def test_eyfsp_results_that_would_change_submitted_goals_refuse_the_file(
    school: Ks1School,
) -> None:
    school.mark_submitted()
    born = birth_date_range(YearGroup.RECEPTION, YEAR)[0] + timedelta(days=21)
    smith = pupil(21, "Smith", "Jo", sex="M", born=born.isoformat(), results=elg(*["2"] * 17))
    assert refused(school.database, school.clerk, school.school.id, ctf(smith)) == [
        f"pupil 1 (UPN {upn(21)}), End of Year ELGs 2025/2026: 1 result differs from those "
        "stored, but the End of Year ELGs 2025/2026 were submitted by head on 20/06/2026 and "
        "are locked; ask the support team to unlock them."
    ]


def test_only_the_schools_own_staff_import(school: Ks1School) -> None:
    outsider = Actor("bob", Role.MANAGER, school.school.id + 100)
    with pytest.raises(PermissionDenied):
        run(school.database, outsider, school.school.id, ctf(pupil(60)))
    assert upn(60) not in pupils_of(school.database)


def test_a_ks1_period_name_another_assessment_has_is_said(database: Database) -> None:
    school_id, clerk = new_school(database)
    create_period(
        database, clerk, school_id, "KS1 Teacher Assessment", date(YEAR + 1, 6, 1),
        [YearGroup.YEAR_2], framework=PHONICS_ID,
    )  # fmt: skip
    assert refused(database, clerk, school_id, ctf(pupil(1, results=ks1("A", "A", "A", "A")))) == [
        "The KS1 teacher assessment 2025/2026 period cannot be made for the file's results: "
        "There is already an assessment called KS1 Teacher Assessment in 2025/2026 for Year 2; "
        "choose another name. Rename that assessment, or make a KS1 teacher assessment period "
        "for Year 2 yourself, then import the file again."
    ]


def test_results_for_a_pupil_outside_that_years_cohort_refuse_the_file(
    database: Database,
) -> None:
    """A KS1 result for a child born into Year 3 would show in no grid or report: refused,
    saying why and what to do; with a Year 2 override here, it is taken."""
    school_id, clerk = new_school(database)
    first, _ = birth_date_range(YearGroup.YEAR_2, YEAR)
    older = (first - timedelta(days=40)).isoformat()
    problems = refused(
        database,
        clerk,
        school_id,
        ctf(pupil(1, "Patel", born=older, results=ks1("EXS", "WTS", "EXS", "EXS"))),
    )
    assert problems == [
        f"pupil 1 (UPN {upn(1)}), KS1 teacher assessment 2025/2026: these results are for "
        f"Year 2 in 2025/2026, but their date of birth, "
        f"{date.fromisoformat(older):%d/%m/%Y}, puts them in another year group then: give "
        "them the year group override on the Pupils screen first, or leave these results out "
        "of the file"
    ]
    run(database, clerk, school_id, ctf(pupil(1, "Patel", born=older)))  # the pupil alone
    with database.write() as session:
        made = session.scalars(select(Pupil)).one()
        made.year_override = YearGroup.YEAR_2.value
    result = run(
        database,
        clerk,
        school_id,
        ctf(pupil(1, "Patel", born=older, results=ks1("EXS", "WTS", "EXS", "EXS"))),
    )
    assert result.summary.startswith("0 added, 0 updated, 1 unchanged; 4 results written")
