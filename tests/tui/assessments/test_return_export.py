"""Pilot tests: a manager presses E in the grid and sends the cohort's return (the KS1 CTF, the
KS1 CSV, the EYFS profile CTF); each then reads the file back from the outbox. Results not
submitted are refused with every problem listed, nothing written and no file number taken; a
user is never offered a return."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select
from textual.pilot import Pilot

from store.assessments import elg_submission, periods
from store.assessments.period_submission import submit_period
from store.core.access import Actor, Role
from store.core.models import Pupil
from store.core.models_returns import ReturnSequence
from store.curriculum.eyfs import YearGroup
from store.curriculum.ks1 import KS1_TA_ID
from store.curriculum.upn import upn_check_letter
from store.curriculum.year_groups import birth_date_range
from store.establishments.return_identity import set_return_identity
from tests.tui.assessments.test_elg_submission import make_section, open_elgs, settle
from tests.tui.assessments.test_grid_export import exports
from tests.tui.assessments.test_grid_ks1 import SURNAMES, open_year_2, year_two
from tests.tui.assessments.test_ks1_submission import complete, ks1_period
from tests.tui.conftest import YEAR, School
from tui.app import PupilTrackerApp
from tui.screens.assessments.grid_screen import AssessmentsScreen
from tui.screens.assessments.return_export import ReturnProblemsDialog
from tui.screens.dialogs.choose import ChooseDialog

__all__ = ["exports", "year_two"]  # the fixtures, used by name

SUPPORT = Actor("support", Role.SUPPORT, None)
YY = f"{(YEAR + 1) % 100:02d}"


def upn(serial: int) -> str:
    twelve = f"8732041{serial:05d}"
    return upn_check_letter(twelve) + twelve


def identify(school: School) -> None:
    """The school's return identity (support's), and a valid UPN for every pupil."""
    set_return_identity(
        school.database, SUPPORT, school.establishment.id,
        la_number="873", dfe_number="2041", urn="100041",
    )  # fmt: skip
    with school.database.write() as session:
        for pupil in session.scalars(select(Pupil)):
            assert pupil.id is not None
            pupil.upn = upn(pupil.id)
            session.add(pupil)


def submit_ks1(school: School) -> None:
    period = ks1_period(school).id
    assert period is not None
    submit_period(
        school.database, school.actor, school.establishment.id, period, authority_confirmed=True
    )


def taken(school: School) -> int | None:
    with school.database.read() as session:
        row = session.get(ReturnSequence, school.establishment.id)
        return None if row is None else row.last


async def choose(pilot: Pilot[None], key: str) -> list[str]:
    """E, then `key` in the dialog; wait for the worker; what the app said."""
    await pilot.press("E")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ChooseDialog)
    await pilot.press(key)
    await settle(pilot)
    return [str(notification.message) for notification in pilot.app._notifications]


def saved(said: list[str], what: str) -> Path:
    (message,) = [text for text in said if text.startswith(f"{what} (")]
    return Path(message.split(" saved to ", 1)[1])


def offered(pilot: Pilot[None]) -> list[str]:
    dialog = pilot.app.screen
    assert isinstance(dialog, ChooseDialog)
    return [choice.value.value for choice in dialog.choices]


async def test_a_manager_sends_the_ks1_ctf(
    school: School, year_two: dict[str, int], exports: Path
) -> None:
    identify(school)
    complete(school, year_two)
    submit_ks1(school)
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        await open_year_2(pilot)
        await pilot.press("E")
        await pilot.pause()
        assert offered(pilot) == [
            "Screen data", "All data", "CTF return (KS1)", "KS1 CSV"
        ]  # fmt: skip
        await pilot.press("escape")
        said = await choose(pilot, "c")
        assert isinstance(pilot.app.screen, AssessmentsScreen)
    path = saved(said, "CTF return (KS1)")
    assert path == exports / "2041" / "outbox" / "8732041_CTF_873LLLL_001.xml"
    root = ET.parse(path).getroot()
    pupils = root.findall("CTFpupilData/Pupil")
    assert [(p.findtext("Surname"), p.findtext("UPN")) for p in pupils] == [
        (surname, upn(year_two[surname])) for surname in SURNAMES
    ]
    assert root.findtext("Header/SourceSchool/Estab") == "2041"
    assert [r.findtext("Result") for r in pupils[0].iter("StageAssessment")] == ["EXS"] * 4
    assert taken(school) == 1


async def test_results_not_submitted_are_listed_and_nothing_is_written(
    school: School, year_two: dict[str, int], exports: Path
) -> None:
    identify(school)
    complete(school, year_two, but="Byrne")
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        await open_year_2(pilot)
        said = await choose(pilot, "c")
        dialog = pilot.app.screen
        assert isinstance(dialog, ReturnProblemsDialog)
        assert [problem.describe() for problem in dialog.problems] == [
            "KS1 2026 has not been submitted: a manager submits these results with S in the "
            "grid first",
            "BYRNE, Sam, Science: no result",
        ]
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, AssessmentsScreen)
    assert any(text.startswith("Not exported: The KS1 teacher assessment CTF") for text in said)
    assert not any(exports.rglob("*.xml")) and taken(school) is None


async def test_the_ks1_csv_is_written_and_takes_no_number(
    school: School, year_two: dict[str, int], exports: Path
) -> None:
    identify(school)
    complete(school, year_two)
    submit_ks1(school)
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        await open_year_2(pilot)
        said = await choose(pilot, "k")
    path = saved(said, "KS1 CSV")
    assert path == exports / "2041" / "outbox" / f"KS1_2041_{YY}.csv"
    with path.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    first, _ = birth_date_range(YearGroup.YEAR_2, YEAR)
    assert rows[0][:7] == ["LA", "Estab", "UPN", "Surname", "Forenames", "DOB", "Sex"]
    assert rows[1:] == [
        ["873", "2041", upn(year_two[surname]), surname, "Sam",
         f"{first + timedelta(days=40 * index):%d/%m/%Y}", "F", "EXS", "EXS", "EXS", "EXS"]
        for index, surname in enumerate(SURNAMES)
    ]  # fmt: skip
    assert taken(school) is None


async def test_the_period_the_cursor_is_in_is_the_one_sent(
    school: School, year_two: dict[str, int], exports: Path
) -> None:
    identify(school)
    complete(school, year_two)
    submit_ks1(school)
    periods.create_period(
        school.database, school.actor, school.establishment.id, "KS1 spring",
        date(YEAR + 1, 3, 1), [YearGroup.YEAR_2], framework=KS1_TA_ID,
    )  # fmt: skip
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await open_year_2(pilot)
        assert grid.model is not None
        spring = [c.period.name if c.period else "" for c in grid.model.columns].index("KS1 spring")
        grid.move_to(0, spring)
        await choose(pilot, "k")
        dialog = pilot.app.screen
        assert isinstance(dialog, ReturnProblemsDialog)
        assert dialog.problems[0].describe().startswith("KS1 spring has not been submitted")
        await pilot.press("escape")
        grid.move_to(0, len(grid.model.columns) - 1)  # the phonics check: the year's latest KS1
        said = await choose(pilot, "k")
    assert saved(said, "KS1 CSV").name == f"KS1_2041_{YY}.csv"


async def test_a_user_is_not_offered_a_return(
    school: School, year_two: dict[str, int], exports: Path
) -> None:
    complete(school, year_two)
    submit_ks1(school)
    user = Actor("assistant", Role.USER, school.establishment.id)
    async with PupilTrackerApp(school.database, user).run_test(size=(80, 24)) as pilot:
        await open_year_2(pilot)
        await pilot.press("E")
        await pilot.pause()
        assert offered(pilot) == ["Screen data", "All data"]
        await pilot.press("c")  # no such choice: nothing is chosen
        await settle(pilot)
        assert isinstance(pilot.app.screen, ChooseDialog)
    assert not exports.exists() or not any(exports.rglob("*.*"))


async def test_reception_sends_the_eyfs_profile_once_submitted(
    school: School, exports: Path
) -> None:
    identify(school)
    section = make_section(school, complete=True)
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        await open_elgs(pilot)
        await pilot.press("E")
        await pilot.pause()
        assert offered(pilot)[2:] == ["CTF return (EYFS profile)"]
        await pilot.press("escape")
        await choose(pilot, "c")
        dialog = pilot.app.screen
        assert isinstance(dialog, ReturnProblemsDialog)
        assert [problem.describe() for problem in dialog.problems] == [
            "The End of Year ELGs have not been submitted: a manager submits them with S in "
            "the grid first"
        ]
        await pilot.press("escape")
        assert taken(school) is None
        elg_submission.submit(
            school.database, school.actor, school.establishment.id, section,
            authority_confirmed=True,
        )  # fmt: skip
        said = await choose(pilot, "c")
    path = saved(said, "CTF return (EYFS profile)")
    assert path.name == "8732041_FSP_873LLLL_001.xml"
    pupils = ET.parse(path).getroot().findall("CTFpupilData/Pupil")
    assert [p.findtext("Surname") for p in pupils] == ["Adeyemi", "Clarke", "Nowak", "O'Brien"]
    assert [r.findtext("Result") for r in pupils[3].iter("StageAssessment")] == ["A"] * 17
