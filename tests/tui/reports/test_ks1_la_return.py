"""Pilot tests of support's KS1 return and every school's CTF files from the establishments list:
L, then K (the KS1 workbook), C (every submitted school's KS1 CTF) or F (their EYFS profiles),
then the year; the files read back, a school whose return fails its checks listed, Escape."""

from __future__ import annotations

import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlmodel import col
from textual.pilot import Pilot

import tui.screens.reports.la_return as la_screen
from exports.ctf_batch import REFUSED_FILE, BatchSummary, export_all_ctfs
from exports.folder import la_outbox
from exports.ks1_la_workbook import HEADERS
from store.assessments.period_submission import submit_period
from store.core.db import Database
from store.core.models import AuditEntry
from store.reports.ks1_return import EXPORT_ACTION
from tests.store.ks1_school import SUPPORT, YEAR, Ks1School, build_ks1_school, upn
from tests.tui.reports.test_la_return import until_progress
from tests.tui.waiting import settle
from tui.app import PupilTrackerApp
from tui.screens.dialogs.choose import ChooseDialog
from tui.screens.reports.la_return import LaReturnScreen
from tui.screens.start import StartScreen

TODAY = date(YEAR + 1, 7, 1)  # in 2025/2026, the schools' year
NO_NUMBERS = "Support has not yet set this establishment's LA number, DfE number and URN"


@pytest.fixture
def schools(database: Database) -> list[Ks1School]:
    """2001 submitted by its head; 2002 not yet; 2003 submitted without its numbers."""
    ready = build_ks1_school(database)
    submit_period(database, ready.head, ready.school.id, ready.period_id, authority_confirmed=True)
    ready.mark_submitted()  # and its End of Year ELGs
    build_ks1_school(database, number="2002", name="NOT YET", urn="100002")
    wrong = build_ks1_school(database, number="2003", name="NO NUMBERS", identity=False)
    wrong.mark_submitted()
    return [ready, wrong]


async def write(pilot: Pilot[None], key: str, year_label: str) -> LaReturnScreen:
    """L, the key of what to write, the year (this one, offered with its submissions)."""
    assert isinstance(pilot.app.screen, StartScreen)
    await pilot.press("L", key)
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, ChooseDialog)
    assert [(c.key, c.label) for c in dialog.choices] == [("2025/2026", year_label)]
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, LaReturnScreen)
    return screen


def outbox_files() -> list[Path]:
    return sorted(path for path in la_outbox().rglob("*") if path.is_file())


async def test_k_writes_the_ks1_workbook_of_the_submitted_schools(
    database: Database, schools: list[Ks1School]
) -> None:
    async with PupilTrackerApp(database, SUPPORT, today=TODAY).run_test(size=(80, 24)) as pilot:
        screen = await write(pilot, "K", "2 establishments submitted (this year)")
        (path,) = outbox_files()
        assert path.name.startswith("KS1 return 2025-2026 (")
        assert (
            screen.outcome == f"Saved to {path.resolve()}\nIt holds 6 pupils of 2 establishments."
        )
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, StartScreen)
    pupils, figures = load_workbook(path).worksheets
    assert [cell.value for cell in pupils[3]] == list(HEADERS)
    assert [row[0] for row in pupils.iter_rows(min_row=4, values_only=True)] == (
        ["2001"] * 3 + ["2003"] * 3
    )
    assert figures.title == "Schools 2025-2026"
    with database.read() as session:
        entries = session.scalars(
            select(AuditEntry).where(col(AuditEntry.action) == EXPORT_ACTION)
        ).all()
    assert [entry.new_value for entry in entries] == ["2 establishments, 6 pupils"]


async def test_c_writes_every_submitted_schools_ctf_and_lists_the_refused(
    database: Database, schools: list[Ks1School]
) -> None:
    async with PupilTrackerApp(database, SUPPORT, today=TODAY).run_test(size=(80, 24)) as pilot:
        screen = await write(pilot, "C", "2 establishments submitted (this year)")
        ctf, refused = outbox_files()
        assert ctf.name == "8732001_CTF_873LLLL_001.xml" and refused.name == REFUSED_FILE
        folder = ctf.parent
        assert folder.name.startswith("KS1 CTF files 2025-2026 (")
        lines = screen.outcome.split("\n")
        assert lines[:2] == [
            f"Wrote 1 CTF file to {folder.resolve()}",
            f"Not written, 1 school (all in {REFUSED_FILE!r}):",
        ]
        assert lines[2].startswith(f"2003 NO NUMBERS: {NO_NUMBERS}")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, StartScreen)
    root = ET.parse(ctf).getroot()
    assert root.findtext("Header/SourceSchool/Estab") == "2001"
    assert sorted(str(p.findtext("UPN")) for p in root.findall("CTFpupilData/Pupil")) == sorted(
        upn(serial) for serial in (1, 2, 3)
    )
    assert refused.read_text(encoding="utf-8").startswith(f"2003 NO NUMBERS: {NO_NUMBERS}")


async def test_f_writes_every_submitted_schools_eyfs_profile(
    database: Database, schools: list[Ks1School]
) -> None:
    async with PupilTrackerApp(database, SUPPORT, today=TODAY).run_test(size=(80, 24)) as pilot:
        screen = await write(pilot, "F", "2 establishments submitted (this year)")
        assert [path.name for path in outbox_files()] == [
            "8732001_FSP_873LLLL_001.xml",
            REFUSED_FILE,
        ]
        assert screen.outcome.startswith("Wrote 1 CTF file to ")
    (fsp, _) = outbox_files()
    stages = {stage.text for stage in ET.parse(fsp).getroot().iter("Stage")}
    assert stages == {"FSP"}


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Holds the CTF run at its first progress until the test opens the gate."""
    opened = threading.Event()
    run: Callable[..., BatchSummary] = export_all_ctfs

    def held(*args: Any, progress: Any, **kwargs: Any) -> BatchSummary:
        def told(done: int, total: int) -> None:
            progress(done, total)
            opened.wait(timeout=60)  # a safety net only: every test opens the gate

        return run(*args, progress=told, **kwargs)

    monkeypatch.setattr(la_screen, "export_all_ctfs", held)
    yield opened
    opened.set()


async def test_escape_stops_the_ctf_files_between_schools(
    database: Database, schools: list[Ks1School], gate: threading.Event
) -> None:
    async with PupilTrackerApp(database, SUPPORT, today=TODAY).run_test(size=(80, 24)) as pilot:
        await pilot.press("L", "C", "enter")
        screen = pilot.app.screen
        assert isinstance(screen, LaReturnScreen)
        assert (
            await until_progress(pilot, screen, "0 of 2") == "0 of 2 establishments · Escape stops"
        )
        await pilot.press("escape")
        await pilot.pause()
        assert screen.working
        gate.set()
        await settle(pilot)
        assert screen.outcome == "Stopped after 0 of 2 establishments. No CTF file was written."
    assert outbox_files() == []


async def test_a_year_nobody_submitted_says_so_for_the_ks1_files(database: Database) -> None:
    build_ks1_school(database)
    async with PupilTrackerApp(database, SUPPORT, today=TODAY).run_test(size=(80, 24)) as pilot:
        screen = await write(pilot, "C", "no establishment has submitted yet (this year)")
        assert screen.outcome == (
            "No establishment has submitted KS1 teacher assessment results for 2025/2026: "
            "nothing was written."
        )
    assert outbox_files() == []
