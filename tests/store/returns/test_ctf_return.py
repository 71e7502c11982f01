"""Store tests of the CTF returns: what a return holds, every refusal of its checks (nothing
written or taken), the file number that never repeats, and who may export."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlmodel import col

from store.assessments import elg_submission, period_submission
from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.errors import NotFound
from store.core.models import AuditEntry, ElgResult, Judgement, Pupil
from store.core.models_returns import CtfComponent, ReturnSequence
from store.curriculum.ctf_components import BUILT_IN
from store.curriculum.eyfs import AREA_CODES, YearGroup
from store.curriculum.eyfs_frameworks import EYFS_ELG_ID
from store.curriculum.ks1 import KS1_TA_ID
from store.curriculum.year_groups import birth_date_range
from store.establishments.establishments import create_establishment
from store.returns.ctf import (
    ACTION,
    CSV_ACTION,
    CtfExport,
    check_ctf_return,
    export_ctf,
    export_ks1_csv,
)
from store.returns.ctf_data import CtfReturn, ReturnKind, ReturnNotReady, SequenceUsedUp
from tests.store.ks1_school import SUBJECTS, SUPPORT, YEAR, Ks1School, build_ks1_school, upn

KS1, EYFSP = ReturnKind.KS1, ReturnKind.EYFSP


@pytest.fixture
def school(database: Database) -> Ks1School:
    return build_ks1_school(database)


class Writer:
    """Stands in for exports/: keeps what it was given and says a path."""

    def __init__(self, tmp_path: Path) -> None:
        self.folder = tmp_path
        self.written: list[CtfReturn] = []

    def __call__(self, ctf: CtfReturn) -> Path:
        self.written.append(ctf)
        return self.folder / f"{ctf.sequence:03d}.xml"


def export(
    school: Ks1School, kind: ReturnKind, writer: Writer, actor: Actor | None = None
) -> CtfExport:
    """Export the return, its results marked submitted first (only submitted results go)."""
    school.mark_submitted()
    return export_ctf(school.database, actor or school.head, school.school.id, kind, YEAR, writer)


def sequence(school: Ks1School) -> int | None:
    with school.database.read() as session:
        row = session.get(ReturnSequence, school.school.id)
        return None if row is None else row.last


def trail(school: Ks1School, action: str = ACTION) -> list[tuple[str, str, str | None]]:
    with school.database.read() as session:
        rows = session.scalars(
            select(AuditEntry).where(col(AuditEntry.action) == action).order_by(col(AuditEntry.id))
        )
        return [(row.actor, row.target, row.new_value) for row in rows]


def refused(school: Ks1School, kind: ReturnKind, tmp_path: Path) -> list[str]:
    """The problems of a refused export, having checked that nothing was written or taken."""
    before = sequence(school)
    writer = Writer(tmp_path)
    with pytest.raises(ReturnNotReady) as caught:
        export(school, kind, writer)
    assert writer.written == [] and sequence(school) == before and trail(school) == []
    listed = check_ctf_return(school.database, school.head, school.school.id, kind, YEAR)
    assert listed == caught.value.problems
    return [problem.describe() for problem in caught.value.problems]


def add_row(school: Ks1School, row: Judgement | ElgResult) -> None:
    """A stored value the grid would refuse (legacy or imported data): the checks must too."""
    with school.database.write() as session:
        session.add(row)


# --- what a return holds ----------------------------------------------------------------------


def test_ks1_return_holds_every_included_pupil_and_result(
    school: Ks1School, tmp_path: Path
) -> None:
    school.mark_submitted()
    assert check_ctf_return(school.database, school.head, school.school.id, KS1, YEAR) == []
    writer = Writer(tmp_path)
    done = export(school, KS1, writer)
    ctf = done.ctf
    assert writer.written == [ctf] and done.path == tmp_path / "001.xml"
    assert (ctf.kind, ctf.academic_year, ctf.assessment_year, ctf.sequence) == (KS1, 2025, 2026, 1)
    assert (ctf.school.la_number, ctf.school.dfe_number, ctf.school.urn) == (
        "873",
        "2001",
        "100001",
    )
    assert ctf.school.name == "ST MARY'S C OF E PRIMARY" and ctf.school.number == "2001"
    # By name, casefolded; the left-out pupil is not there. Names are as stored, markup and all.
    assert [(p.surname, p.forenames, p.sex) for p in ctf.pupils] == [
        ("[bold]Rich[/bold]", "Tom", "M"),
        ("Núñez", "Zoë & <Ann>", "F"),
        ("O'Brien", "Siobhán", "F"),
    ]
    assert [p.upn for p in ctf.pupils] == [upn(3), upn(2), upn(1)]
    first, _ = birth_date_range(YearGroup.YEAR_2, YEAR)
    assert ctf.pupils[2].date_of_birth == date.fromordinal(first.toordinal() + 1)
    nunez = ctf.pupils[1]
    assert [(r.stage, r.subject, r.method, r.component, r.result_qualifier, r.result)
            for r in nunez.results] == [
        ("KS1", "ENG", "TA", "READ", "NV", "EXS"),
        ("KS1", "ENG", "TA", "WRIT", "NV", "WTS"),
        ("KS1", "MAT", "TA", "MAT", "NV", "PK3"),
        ("KS1", "SCI", "TA", "SCI", "NV", "HNM"),
    ]  # fmt: skip
    assert [r.result for r in ctf.pupils[0].results] == ["A", "A", "A", "A"]  # A is a result
    assert ctf.results == 12 and ctf.subject_codes == SUBJECTS
    # Counts only: no pupil's name in the trail.
    assert trail(school) == [
        ("head", "KS1 teacher assessment 2025/2026", "file 001: 3 pupils, 12 results")
    ]


def test_eyfsp_return_codes_goals_e01_to_e17_as_1_2_or_a(school: Ks1School, tmp_path: Path) -> None:
    ctf = export(school, EYFSP, Writer(tmp_path)).ctf
    assert [p.surname for p in ctf.pupils] == ["Kaur", "Smith"]
    kaur, smith = ctf.pupils
    assert [r.result for r in kaur.results] == ["A"] * 17
    assert [r.component for r in smith.results] == [f"E{n:02d}" for n in range(1, 18)]
    number = AREA_CODES.index("N")
    assert [r.result for r in smith.results] == ["2"] * number + ["1"] + ["2"] * (16 - number)
    assert {(r.stage, r.subject, r.method, r.result_qualifier) for r in smith.results} == {
        ("FSP", "FSP", "TA", "EL")
    }
    assert trail(school) == [("head", "EYFS profile 2025/2026", "file 001: 2 pupils, 34 results")]


def test_support_s_coding_takes_the_place_of_the_program_s(
    school: Ks1School, tmp_path: Path
) -> None:
    with school.database.write() as session:
        session.add(
            CtfComponent(
                framework=KS1_TA_ID, subject="RD", stage="KS1", ctf_subject="ENG", method="TA",
                component="RE", result_qualifier="WA", set_by="support.tester",
            )
        )  # fmt: skip
    ctf = export(school, KS1, Writer(tmp_path)).ctf
    reading, writing = ctf.pupils[0].results[:2]
    assert (reading.component, reading.result_qualifier) == ("RE", "WA")
    assert (writing.component, writing.result_qualifier) == ("WRIT", "NV")


def test_the_built_in_table_codes_every_subject_of_both_returns() -> None:
    assert {subject for framework, subject in BUILT_IN if framework == KS1_TA_ID} == {
        "RD", "WR", "MA", "SC"
    }  # fmt: skip
    assert [BUILT_IN[(EYFS_ELG_ID, code)].component for code in AREA_CODES] == [
        f"E{n:02d}" for n in range(1, 18)
    ]


# --- the file number --------------------------------------------------------------------------


def test_each_export_takes_the_next_number_across_both_returns(
    school: Ks1School, tmp_path: Path
) -> None:
    writer = Writer(tmp_path)
    numbers = [export(school, kind, writer).ctf.sequence for kind in (KS1, KS1, EYFSP)]
    assert numbers == [1, 2, 3] and sequence(school) == 3
    assert [entry[2][:8] for entry in trail(school) if entry[2]] == [
        "file 001", "file 002", "file 003"
    ]  # fmt: skip


def test_a_file_not_written_takes_no_number_and_is_not_audited(
    school: Ks1School, tmp_path: Path
) -> None:
    def failing(ctf: CtfReturn) -> Path:
        raise PermissionError(13, "Permission denied", str(tmp_path / "x.xml"))

    school.mark_submitted()
    with pytest.raises(PermissionError):
        export_ctf(school.database, school.head, school.school.id, KS1, YEAR, failing)
    assert sequence(school) is None and trail(school) == []
    assert export(school, KS1, Writer(tmp_path)).ctf.sequence == 1


def test_past_999_is_refused_with_a_sentence(school: Ks1School, tmp_path: Path) -> None:
    with school.database.write() as session:
        session.add(ReturnSequence(establishment_id=school.school.id, last=998))
    assert export(school, KS1, Writer(tmp_path)).ctf.sequence == 999
    writer = Writer(tmp_path)
    with pytest.raises(SequenceUsedUp, match="001 to 999"):
        export(school, KS1, writer)
    assert writer.written == [] and sequence(school) == 999 and len(trail(school)) == 1


def test_two_exports_at_once_take_different_numbers(school: Ks1School, tmp_path: Path) -> None:
    """The first holds its number while it writes; the second waits for it (a row lock on
    PostgreSQL, the write lock on SQLite) instead of reading the same last number."""
    both_inside = threading.Barrier(2, timeout=1.0)
    met: list[bool] = []
    numbers: list[int] = []
    errors: list[BaseException] = []

    def write(ctf: CtfReturn) -> Path:
        try:
            both_inside.wait()
            met.append(True)
        except threading.BrokenBarrierError:
            met.append(False)  # the other was still waiting for the number: as it should be
        return tmp_path / f"{ctf.sequence:03d}.xml"

    def run() -> None:
        try:
            done = export_ctf(school.database, school.head, school.school.id, KS1, YEAR, write)
            numbers.append(done.ctf.sequence)
        except BaseException as error:  # reported below, on the test's thread
            errors.append(error)

    school.mark_submitted()
    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(numbers) == [1, 2] and met == [False, False] and sequence(school) == 2


# --- refusals: nothing written ------------------------------------------------------------------


def test_a_missing_result_is_listed_by_pupil_and_subject_and_absent_counts(
    school: Ks1School, tmp_path: Path
) -> None:
    school.add_pupil("Adams", YearGroup.YEAR_2, serial=4)
    school.judge("Adams", ("EXS", "EXS", "A", "EXS"))
    school.add_pupil("Brook", YearGroup.YEAR_2, serial=5)
    add_row(school, Judgement(pupil_id=school.ids["Brook"], period_id=school.period_id,
                              area_code="RD", value="GDS"))  # fmt: skip
    assert refused(school, KS1, tmp_path) == [
        "BROOK, Kid, Writing: no result",
        "BROOK, Kid, Mathematics: no result",
        "BROOK, Kid, Science: no result",
    ]


def test_a_code_the_subject_does_not_take_is_listed(school: Ks1School, tmp_path: Path) -> None:
    with school.database.write() as session:
        row = session.scalars(
            select(Judgement).where(
                col(Judgement.pupil_id) == school.ids["O'Brien"], col(Judgement.area_code) == "SC"
            )
        ).one()
        row.value = "PK1"
        session.add(row)
    (problem,) = refused(school, KS1, tmp_path)
    assert problem.startswith("O'BRIEN, Siobhán, Science: PK1 is not a value of Science: use ")
    assert "EXS" in problem and "HNM" in problem


def test_upn_check_letter_and_duplicate_upns_are_listed(school: Ks1School, tmp_path: Path) -> None:
    good = upn(4)
    wrong = ("B" if good[0] != "B" else "C") + good[1:]
    school.add_pupil("Adams", YearGroup.YEAR_2, serial=4, upn_text=wrong)
    school.judge("Adams", ("EXS",) * 4)
    # Stored apart (lower case), the same UPN once tidied: the LA's import would merge them.
    school.add_pupil("Brook", YearGroup.YEAR_2, serial=5, upn_text=upn(1).lower())
    school.judge("Brook", ("EXS",) * 4)
    problems = refused(school, KS1, tmp_path)
    assert problems[0].startswith("ADAMS, Kid, UPN: ") and "check letter" in problems[0]
    assert problems[1:] == [
        f"BROOK, Kid, UPN: {upn(1)} is also the UPN of another pupil",
        f"O'BRIEN, Siobhán, UPN: {upn(1)} is also the UPN of BROOK, Kid",
    ]


def test_date_of_birth_outside_the_cohort_is_listed_unless_overridden(
    school: Ks1School, tmp_path: Path
) -> None:
    year_1_born, _ = birth_date_range(YearGroup.YEAR_1, YEAR)
    # Results in the Year 2 period, born in Year 1's range, no override: the date is wrong.
    school.add_pupil("Adams", YearGroup.YEAR_1, serial=4, born=year_1_born)
    for subject in ("RD", "WR", "MA", "SC"):
        add_row(school, Judgement(pupil_id=school.ids["Adams"], period_id=school.period_id,
                                  area_code=subject, value="EXS"))  # fmt: skip
    # Born in Year 1's range but kept back in Year 2 by an override: fine.
    school.add_pupil("Brook", YearGroup.YEAR_1, serial=5, override=YearGroup.YEAR_2)
    school.judge("Brook", ("EXS",) * 4)
    first, last = birth_date_range(YearGroup.YEAR_2, YEAR)
    assert refused(school, KS1, tmp_path) == [
        f"ADAMS, Kid, Date of birth: {year_1_born:%d/%m/%Y} is outside Year 2 "
        f"({first:%d/%m/%Y} to {last:%d/%m/%Y}); correct it or set a year override"
    ]


def test_sex_other_than_m_or_f_is_listed(school: Ks1School, tmp_path: Path) -> None:
    school.add_pupil("Adams", YearGroup.YEAR_2, serial=4, sex="U")
    school.judge("Adams", ("EXS",) * 4)
    assert refused(school, KS1, tmp_path) == ["ADAMS, Kid, Sex: is U; a CTF takes M or F"]


def test_missing_return_identity_is_the_school_s_problem(
    database: Database, tmp_path: Path
) -> None:
    school = build_ks1_school(database, identity=False)
    (problem,) = refused(school, KS1, tmp_path)
    assert problem.startswith("Support has not yet set this establishment's LA number, DfE")


def test_a_year_with_no_period_is_said(school: Ks1School, tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="no KS1 teacher assessment period for Year 2 in 2024/2025"):
        export_ctf(school.database, school.head, school.school.id, KS1, YEAR - 1, Writer(tmp_path))


def test_eyfsp_absent_in_some_goals_only_is_refused(school: Ks1School, tmp_path: Path) -> None:
    school.add_pupil("Adams", YearGroup.RECEPTION, serial=30)
    for index, code in enumerate(AREA_CODES):
        add_row(school, ElgResult(section_id=school.section_id, pupil_id=school.ids["Adams"],
                                  area_code=code, outcome="A" if index < 2 else "X"))  # fmt: skip
    assert refused(school, EYFSP, tmp_path) == [
        "ADAMS, Kid: Absent in 2 of 17 goals: a child absent for the profile is Absent in all "
        "of them, otherwise give each goal 1 or 2"
    ]


def test_the_refusal_names_a_few_and_counts_the_rest(school: Ks1School, tmp_path: Path) -> None:
    for serial in range(4, 8):
        school.add_pupil(f"Blank{serial}", YearGroup.YEAR_2, serial=serial)
    with pytest.raises(ReturnNotReady) as caught:
        export(school, KS1, Writer(tmp_path))
    assert len(caught.value.problems) == 16
    assert str(caught.value).startswith(
        "The KS1 teacher assessment CTF was not written: 16 problems to put right first: "
        "BLANK4, Kid, Reading: no result; "
    )
    assert str(caught.value).endswith("; and 10 more.")


# --- who may --------------------------------------------------------------------------------


def test_only_a_manager_of_the_school_or_support_exports(
    school: Ks1School, database: Database, tmp_path: Path
) -> None:
    other = create_establishment(database, SUPPORT, "2002", "OAK")
    for actor in (school.clerk, Actor("them", Role.MANAGER, other.id)):
        with pytest.raises(PermissionDenied):
            export(school, KS1, Writer(tmp_path), actor)
        with pytest.raises(PermissionDenied):
            check_ctf_return(database, actor, school.school.id, KS1, YEAR)
    assert sequence(school) is None and trail(school) == []
    assert export(school, KS1, Writer(tmp_path), SUPPORT).ctf.sequence == 1


def test_another_school_s_period_is_not_found(
    school: Ks1School, database: Database, tmp_path: Path
) -> None:
    other = create_establishment(database, SUPPORT, "2002", "OAK")
    manager = Actor("them", Role.MANAGER, other.id)
    with pytest.raises(NotFound):
        export_ctf(database, manager, other.id, KS1, YEAR, Writer(tmp_path),
                   source_id=school.period_id)  # fmt: skip
    with pytest.raises(NotFound):
        export_ctf(database, manager, other.id, EYFSP, YEAR, Writer(tmp_path),
                   source_id=school.section_id)  # fmt: skip
    with database.read() as session:
        assert session.get(Pupil, school.ids["Kaur"]) is not None


# --- submitted results only -------------------------------------------------------------------

NOT_SUBMITTED = {
    KS1: "KS1 summer has not been submitted: a manager submits these results with S in the "
    "grid first",
    EYFSP: "The End of Year ELGs have not been submitted: a manager submits them with S in the "
    "grid first",
}


@pytest.mark.parametrize("kind", [KS1, EYFSP])
def test_results_not_submitted_are_refused_and_nothing_is_taken(
    school: Ks1School, kind: ReturnKind, tmp_path: Path
) -> None:
    writer = Writer(tmp_path)
    with pytest.raises(ReturnNotReady) as caught:
        export_ctf(school.database, school.head, school.school.id, kind, YEAR, writer)
    assert [problem.describe() for problem in caught.value.problems] == [NOT_SUBMITTED[kind]]
    assert writer.written == [] and sequence(school) is None and trail(school) == []
    listed = check_ctf_return(school.database, school.head, school.school.id, kind, YEAR)
    assert listed == caught.value.problems


def test_not_submitted_comes_first_then_every_other_problem(
    school: Ks1School, tmp_path: Path
) -> None:
    school.add_pupil("Adams", YearGroup.YEAR_2, serial=4, sex="U")
    listed = check_ctf_return(school.database, school.head, school.school.id, KS1, YEAR)
    assert [problem.describe() for problem in listed] == [
        NOT_SUBMITTED[KS1],
        "ADAMS, Kid, Sex: is U; a CTF takes M or F",
        "ADAMS, Kid, Reading: no result",
        "ADAMS, Kid, Writing: no result",
        "ADAMS, Kid, Mathematics: no result",
        "ADAMS, Kid, Science: no result",
    ]


def test_results_submitted_in_the_app_are_exported(school: Ks1School, tmp_path: Path) -> None:
    database, head, school_id = school.database, school.head, school.school.id
    period_submission.submit_period(
        database, head, school_id, school.period_id, authority_confirmed=True
    )
    assert check_ctf_return(database, head, school_id, EYFSP, YEAR) != []  # the ELGs not yet
    elg_submission.submit(database, head, school_id, school.section_id, authority_confirmed=True)
    writer = Writer(tmp_path)
    for kind in (KS1, EYFSP):
        assert check_ctf_return(database, head, school_id, kind, YEAR) == []
        export_ctf(database, head, school_id, kind, YEAR, writer)
    assert [ctf.sequence for ctf in writer.written] == [1, 2]


# --- the KS1 CSV: the same return, no file number ---------------------------------------------


def test_the_ks1_csv_is_checked_and_audited_but_takes_no_number(
    school: Ks1School, tmp_path: Path
) -> None:
    school.mark_submitted()
    writer = Writer(tmp_path)
    done = export_ks1_csv(school.database, school.head, school.school.id, YEAR, writer)
    assert writer.written == [done.ctf] and done.ctf.sequence == 0
    assert [p.surname for p in done.ctf.pupils] == ["[bold]Rich[/bold]", "Núñez", "O'Brien"]
    assert sequence(school) is None and trail(school) == []
    assert trail(school, CSV_ACTION) == [
        ("head", "KS1 teacher assessment 2025/2026", "3 pupils, 12 results")
    ]
    # A CTF afterwards still takes the first number.
    assert export(school, KS1, Writer(tmp_path)).ctf.sequence == 1


def test_the_ks1_csv_refused_names_the_csv_and_writes_nothing(
    school: Ks1School, tmp_path: Path
) -> None:
    writer = Writer(tmp_path)
    with pytest.raises(ReturnNotReady) as caught:
        export_ks1_csv(school.database, school.head, school.school.id, YEAR, writer)
    assert str(caught.value).startswith(
        f"The KS1 CSV was not written: 1 problem to put right first: {NOT_SUBMITTED[KS1]}."
    )
    assert writer.written == [] and trail(school, CSV_ACTION) == []


def test_the_ks1_csv_not_written_is_not_audited_and_a_user_may_not(
    school: Ks1School, tmp_path: Path
) -> None:
    school.mark_submitted()

    def failing(ctf: CtfReturn) -> Path:
        raise PermissionError(13, "Permission denied", str(tmp_path / "x.csv"))

    with pytest.raises(PermissionError):
        export_ks1_csv(school.database, school.head, school.school.id, YEAR, failing)
    with pytest.raises(PermissionDenied):
        export_ks1_csv(school.database, school.clerk, school.school.id, YEAR, Writer(tmp_path))
    assert trail(school, CSV_ACTION) == [] and sequence(school) is None
