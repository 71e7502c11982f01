"""Pilot tests: I imports a Common Transfer File from the inbox as it imports a CSV file (known
by its .xml name, or by its text starting with <): the pupils and their KS1 and EYFSP results
are in the database afterwards; a CTF with a wrong result imports nothing and says why."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlmodel import col

from exports.folder import EXPORTS_DIR_ENV, inbox
from store.core.models import AssessmentPeriod, ElgResult, ElgSection, Judgement, Pupil
from store.curriculum.eyfs import YearGroup
from store.curriculum.year_groups import birth_date_range
from tests.store.ks1_school import YEAR as RESULTS_YEAR
from tests.store.ks1_school import upn
from tests.store.returns.test_ctf_import import ctf, elg, ks1, pupil
from tests.tui.conftest import School
from tests.tui.pupils.test_pupil_import_screen import import_file, open_import, pupil_count
from tui.app import PupilTrackerApp


@pytest.fixture
def inbox_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The school's inbox, in a files folder of the test's own."""
    monkeypatch.setenv(EXPORTS_DIR_ENV, str(tmp_path / "files"))
    return inbox("2041")


def rows(school: School, model: type[Judgement] | type[ElgResult]) -> int:
    with school.database.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


async def test_a_ctf_in_the_inbox_imports_its_pupils_and_results(
    school: School, inbox_folder: Path
) -> None:
    reception = birth_date_range(YearGroup.RECEPTION, RESULTS_YEAR)[0] + timedelta(days=3)
    good = ctf(
        pupil(31, "Okafor", "Chidi", sex="M", results=ks1("GDS", "EXS", "WTS", "EXS")),
        pupil(32, "D'Souza", "Zoë", born=reception.isoformat(), results=elg(*["2"] * 17)),
    )
    (inbox_folder / "8732001_CTF_873LLLL_001.xml").write_bytes(good)
    # An XML file saved under another name is a CTF too; this one has a wrong result.
    (inbox_folder / "from the MIS.txt").write_bytes(
        ctf(pupil(33, "Lee", results=ks1("GDS", "XYZ", "EXS", "EXS")))
    )
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot)
        outcome, problems = await import_file(pilot, screen, "from the MIS.txt")
        assert outcome.startswith("Nothing was imported: from the MIS.txt has 1 problem.")
        assert problems.replace("\n", " ") == (
            f"pupil 1 (UPN {upn(33)}), Writing (WRIT): 'XYZ' is not a result of Writing: use "
            "GDS, EXS, WTS, PK4, PK3, PK2, PK1, EM, A or Q."
        )
        assert pupil_count(school) == 4
        outcome, problems = await import_file(pilot, screen, "8732001_CTF_873LLLL_001.xml")
    assert outcome.replace("\n", " ") == (
        "Imported 8732001_CTF_873LLLL_001.xml: 2 added, 0 updated, 0 unchanged; 21 results "
        "written, 0 unchanged; made End of Year ELGs 2025/2026 and KS1 teacher "
        "assessment 2025/2026."
    )
    assert problems == ""
    assert pupil_count(school) == 6
    with school.database.read() as session:
        okafor = session.scalars(select(Pupil).where(col(Pupil.upn) == upn(31))).one()
        assert (okafor.surname, okafor.forenames, okafor.gender) == ("Okafor", "Chidi", "M")
        cells = session.execute(
            select(Judgement.area_code, Judgement.value)
            .join(AssessmentPeriod, col(AssessmentPeriod.id) == col(Judgement.period_id))
            .where(
                col(Judgement.pupil_id) == okafor.id,
                col(AssessmentPeriod.name) == "KS1 teacher assessment",
            )
        ).all()
        assert sorted(cells) == [("MA", "WTS"), ("RD", "GDS"), ("SC", "EXS"), ("WR", "EXS")]
        section = session.scalars(select(ElgSection)).one()
        assert section.academic_year == RESULTS_YEAR
    assert rows(school, ElgResult) == 17
