"""Pilot tests of the local authority's return from the establishments list (support): what to
write (E: the ELG workbook here), the year asked with each year's submissions, the workbook
written with progress and read back, Escape leaving no file, a year nobody submitted writing
nothing, and other roles refused."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select
from sqlmodel import col
from textual.pilot import Pilot

import tui.screens.reports.la_return as la_screen
from exports.folder import EXPORTS_DIR_ENV, LA_FOLDER
from exports.la_workbook import HEADERS, ReturnSummary, write_la_return
from store.assessments import elg_submission
from store.assessments.changes import elg_edit
from store.assessments.judgements import write_changes
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.models import AuditEntry
from store.curriculum.eyfs import AREA_CODES, ElgOutcome
from tests.exports.grid_school import HYPERLINK, RECEPTION, YEAR, GridSchool, build_school
from tests.tui.waiting import settle
from tui.app import PupilTrackerApp
from tui.screens.dialogs.choose import ChooseDialog
from tui.screens.reports.la_return import LaReturnScreen
from tui.screens.start import StartScreen
from tui.widgets.key_bar import key_text
from tui.widgets.reports.report_progress import ReportProgress

SUPPORT = Actor("la.officer", Role.SUPPORT, None)
TODAY = date(YEAR + 1, 7, 1)  # in 2025/2026, the schools' year
HEADER_ROW = 3


@pytest.fixture
def exports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "exports"
    monkeypatch.setenv(EXPORTS_DIR_ENV, str(folder))
    return folder


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Holds the worker at its first progress until the test opens the gate."""
    opened = threading.Event()
    write: Callable[..., ReturnSummary] = write_la_return

    def held(*args: Any, progress: Any, **kwargs: Any) -> ReturnSummary:
        def told(done: int, total: int) -> None:
            progress(done, total)
            opened.wait(timeout=60)  # a safety net only: every test opens the gate

        return write(*args, progress=told, **kwargs)

    monkeypatch.setattr(la_screen, "write_la_return", held)
    yield opened
    opened.set()


def submitted_school(database: Database, number: str, name: str) -> GridSchool:
    """A school whose every included Reception pupil has 17 goals, submitted as a head would."""
    school = build_school(database, number, name)
    # build_school gives Adeyemi and HYPERLINK their goals; the other included pupils get theirs.
    others = [surname for surname, _, _, included in RECEPTION if included]
    others = [surname for surname in others if surname not in ("Adeyemi", HYPERLINK)]
    edits = [
        elg_edit(school.elg_section_id, school.pupils[surname], code, ElgOutcome.EXPECTED)
        for surname in others
        for code in AREA_CODES
    ]
    write_changes(database, school.actor, school.establishment.id, edits, "test")
    elg_submission.submit(
        database,
        school.actor,
        school.establishment.id,
        school.elg_section_id,
        authority_confirmed=True,
    )
    return school


def written(exports: Path) -> list[Path]:
    folder = exports / LA_FOLDER / "outbox"
    return sorted(folder.iterdir()) if folder.exists() else []


def audited(database: Database) -> int:
    with database.read() as session:
        entries = session.scalars(
            select(AuditEntry).where(col(AuditEntry.action) == "export LA return")
        ).all()
    return len(entries)


async def until_progress(pilot: Pilot[None], screen: LaReturnScreen, text: str) -> str:
    """Let the app handle the worker's progress messages until the line says `text`."""
    progress = screen.query_one(ReportProgress)
    for _ in range(500):
        if text in progress.text:
            break
        await pilot.pause()
    return progress.text


async def test_support_writes_the_return_of_the_submitted_establishments(
    database: Database, exports: Path, gate: threading.Event
) -> None:
    submitted_school(database, "3050", "SUBMITTED SCHOOL")
    build_school(database, "4000", "NOT YET SUBMITTED")
    async with PupilTrackerApp(database, SUPPORT, today=TODAY).run_test(size=(80, 24)) as pilot:
        start = pilot.app.screen
        assert isinstance(start, StartScreen)
        assert " L LA return " in key_text(pilot.app.screen).plain
        await pilot.press("L")
        await pilot.pause()
        what = pilot.app.screen
        assert isinstance(what, ChooseDialog)
        assert [(c.key, c.label) for c in what.choices] == [
            ("ELG", "End of Year ELGs: the LA workbook"),
            ("KS1", "KS1 teacher assessment: the LA workbook"),
            ("CTF", "KS1 teacher assessment: every submitted school's CTF"),
            ("FSP", "EYFS profile: every submitted school's CTF"),
            ("DL", "Every establishment's data download: a CSV each"),
        ]
        await pilot.press("E")  # one key chooses: each starts with another letter
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ChooseDialog)
        # The current year is offered (and chosen), with how many establishments submitted.
        assert [(c.key, c.label) for c in dialog.choices] == [
            ("2025/2026", "1 establishment submitted (this year)")
        ]
        await pilot.press("enter")
        screen = pilot.app.screen
        assert isinstance(screen, LaReturnScreen)
        # Held at the first progress: the bar says how far in words, and keys still work.
        said = await until_progress(pilot, screen, "0 of 1")
        assert said == "0 of 1 establishments · Escape stops"
        assert screen.query_one(ReportProgress).display
        gate.set()
        await settle(pilot)
        assert not screen.query_one(ReportProgress).display
        (path,) = written(exports)
        assert screen.outcome == f"Saved to {path.resolve()}\nIt holds 5 pupils of 1 establishment."
        assert audited(database) == 1
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen is start
    sheet = load_workbook(path).active
    assert isinstance(sheet, Worksheet)
    assert [cell.value for cell in sheet[HEADER_ROW]] == list(HEADERS)
    rows = [list(row) for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]
    upns = {row[2] for row in rows}
    assert {row[0] for row in rows} == {"3050"}
    assert len(rows) == 5  # Clarke is not included in data
    # build_school's Reception UPNs: the number x 100 + the pupil's place, in 12 digits.
    assert upns == {f"A{305000 + index:012d}" for index in range(5)}
    assert not upns & {f"A{400000 + index:012d}" for index in range(6)}
    assert HYPERLINK in {row[3] for row in rows}
    formulas = [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


async def test_escape_stops_and_leaves_no_file(
    database: Database, exports: Path, gate: threading.Event
) -> None:
    submitted_school(database, "3050", "SUBMITTED SCHOOL")
    async with PupilTrackerApp(database, SUPPORT, today=TODAY).run_test(size=(80, 24)) as pilot:
        await pilot.press("L", "E", "enter")
        screen = pilot.app.screen
        assert isinstance(screen, LaReturnScreen)
        await until_progress(pilot, screen, "0 of 1")
        await pilot.press("escape")
        await pilot.pause()
        # Escape asks the work to stop; the screen stays to say how it ended.
        assert isinstance(pilot.app.screen, LaReturnScreen) and screen.working
        gate.set()
        await settle(pilot)
        assert screen.outcome == "Stopped after 0 of 1 establishments. Nothing was written."
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, StartScreen)
    assert written(exports) == []
    assert audited(database) == 0


async def test_a_year_nobody_submitted_writes_nothing_and_says_so(
    database: Database, exports: Path
) -> None:
    build_school(database, "4000", "NOT YET SUBMITTED")
    async with PupilTrackerApp(database, SUPPORT, today=TODAY).run_test(size=(80, 24)) as pilot:
        await pilot.press("L", "E")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ChooseDialog)
        assert [(c.key, c.label) for c in dialog.choices] == [
            ("2025/2026", "no establishment has submitted yet (this year)")
        ]
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, LaReturnScreen)
        assert screen.outcome == (
            "No establishment has submitted End of Year ELG results for 2025/2026: "
            "nothing was written."
        )
    assert written(exports) == []
    assert audited(database) == 0


async def test_earlier_years_with_submissions_are_offered(
    database: Database, exports: Path
) -> None:
    submitted_school(database, "3050", "SUBMITTED SCHOOL")
    later = date(YEAR + 2, 1, 10)  # 2026/2027: nothing submitted yet
    async with PupilTrackerApp(database, SUPPORT, today=later).run_test(size=(80, 24)) as pilot:
        await pilot.press("L", "E")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ChooseDialog)
        assert [(c.key, c.label) for c in dialog.choices] == [
            ("2026/2027", "no establishment has submitted yet (this year)"),
            ("2025/2026", "1 establishment submitted"),
        ]
        assert dialog.highlighted is not None and dialog.highlighted.key == "2026/2027"
        await pilot.press("down", "enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, LaReturnScreen)
        assert screen.outcome.endswith("It holds 5 pupils of 1 establishment.")
    assert len(written(exports)) == 1


@pytest.mark.parametrize("role", [Role.MANAGER, Role.USER])
async def test_other_roles_are_refused(database: Database, exports: Path, role: Role) -> None:
    school = submitted_school(database, "3050", "SUBMITTED SCHOOL")
    actor = Actor("head", role, school.establishment.id)
    async with PupilTrackerApp(database, actor, today=TODAY).run_test(size=(80, 24)) as pilot:
        start = pilot.app.screen
        assert isinstance(start, StartScreen)
        assert "LA return" not in key_text(pilot.app.screen).plain
        await pilot.press("L")
        await settle(pilot)
        assert pilot.app.screen is start  # the key does nothing for them
        # Reached another way, the flow still refuses, politely, from the store's rule.
        la_screen.open_la_return(start, database, actor, TODAY)
        await pilot.pause()
        assert pilot.app.screen is start
        said = [notice.message for notice in pilot.app._notifications]
        assert "Only the support team can export the local authority's return." in said
    assert written(exports) == []
    assert audited(database) == 0
