"""Pilot tests: I imports only a regular file within the limits, listing 50 problems at most;
T writes the upload template into the exports folder and says its full path."""

from __future__ import annotations

import asyncio
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import func, select
from textual.pilot import Pilot
from textual.widgets import Input, Static

from exports.folder import EXPORTS_DIR_ENV
from exports.pupil_template import TEMPLATE_COLUMNS
from store.core.models import Pupil
from store.curriculum.upn import upn_check_letter
from store.pupils.upload_bytes import MAX_UPLOAD_BYTES
from tests.tui.conftest import YEAR, School
from tests.tui.waiting import settle
from tui.app import PupilTrackerApp
from tui.screens.pupils.pupil_import import ImportScreen
from tui.screens.pupils.pupils import PupilsScreen

HEADER = ",".join(TEMPLATE_COLUMNS)


def upn(number: int) -> str:
    digits = f"{number:012d}"
    return upn_check_letter(digits) + digits


def pupil_count(school: School) -> int:
    with school.database.read() as session:
        return int(session.scalar(select(func.count()).select_from(Pupil)) or 0)


async def open_import(pilot: Pilot[None]) -> ImportScreen:
    await pilot.press("enter", "p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PupilsScreen)
    await pilot.press("I")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ImportScreen)
    return screen


async def import_path(pilot: Pilot[None], screen: ImportScreen, path: Path) -> tuple[str, str]:
    """Type `path`, Enter, and wait (at most a minute: a file that hangs fails the test) for
    the outcome; return it and the problems listed."""
    await pilot.press("ctrl+a", "ctrl+k", *str(path), "enter")
    await asyncio.wait_for(settle(pilot), timeout=60)
    assert not screen.query_one("#import-path", Input).disabled  # ready for another path
    outcome = str(screen.query_one("#import-outcome", Static).render())
    return outcome, str(screen.query_one("#import-problem-list", Static).render())


async def test_only_a_regular_file_within_the_limits_is_read(
    school: School, tmp_path: Path
) -> None:
    pipe = tmp_path / "nobody-writes.csv"
    os.mkfifo(pipe)
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as handle:  # sparse: 50 MB on paper, nothing on disk
        handle.truncate(50 * 1024 * 1024)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.csv"
    binary.write_bytes(bytes(range(256)) * 64)
    expected = {
        pipe: "is not a file but a device, pipe or socket",
        Path("/dev/zero"): "is not a file but a device, pipe or socket",
        huge: "is 50.0 MB: an upload file is at most 5 MB and 20,000 pupils",
        tmp_path: "is a folder",
        tmp_path / "missing.csv": "There is no file",
        empty: "The file is empty",
        binary: "not a CSV file",
    }
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot)
        for path, message in expected.items():
            outcome, problems = await import_path(pilot, screen, path)
            assert outcome.startswith("Nothing was imported: ") and message in outcome, path
            assert problems == ""
            assert not screen.query_one("#import-progress").display
        await pilot.press("ctrl+a", "ctrl+k", "enter")
        await settle(pilot)
        outcome = str(screen.query_one("#import-outcome", Static).render())
        assert outcome == "Type the path of the CSV file to import, then press Enter."
    assert pupil_count(school) == 4


async def test_the_first_fifty_problems_are_listed_and_the_rest_counted(
    school: School, tmp_path: Path
) -> None:
    born = f"01/10/{YEAR - 4}"
    rows = [f"{upn(n)},Smith,Amy,{born},X,PR1 2AB,N,WBRI,N,," for n in range(1, 61)]
    rows[0] = f"{upn(1)},Smith,Amy,{born},F,PR1 2AB,{'Y' * 100_000},WBRI,N,,"
    rows += [f"{upn(n)},Smith,Amy,31/02/2020,F,PR1 2AB,N,WBRI,N,," for n in range(61, 81)]
    bad = tmp_path / "bad.csv"
    bad.write_text("\r\n".join([HEADER, *rows, ""]), encoding="utf-8")
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot)
        outcome, problems = await import_path(pilot, screen, bad)
    assert "bad.csv has 80 problems" in outcome
    lines = problems.splitlines()
    assert len(lines) == 51
    assert lines[0] == "line 2, FSM: 100,000 characters is too long for FSM: check that the " \
        "file's columns are in the right order."  # fmt: skip
    assert lines[1] == "line 3, Gender: Gender is M (male) or F (female)."
    assert lines[-1] == "And 30 more problems (only the first 50 are listed)."
    assert max(len(line) for line in lines) < 200
    assert pupil_count(school) == 4


async def test_the_file_is_read_in_the_worker_not_on_the_screens_thread(
    school: School, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import tui.screens.pupils.pupil_import as screen_module

    threads: list[threading.Thread] = []
    real = screen_module.read_upload_file

    def watched(path: Path) -> bytes:
        threads.append(threading.current_thread())
        return real(path)

    monkeypatch.setattr(screen_module, "read_upload_file", watched)
    good = tmp_path / "good.csv"
    good.write_text(
        f"{HEADER}\r\n{upn(9)},Okafor,Chidi,01/10/{YEAR - 4},M,PR1 2AB,N,BAFR,N,,\r\n",
        encoding="utf-8",
    )
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot)
        outcome, _ = await import_path(pilot, screen, good)
    assert outcome == "Imported good.csv: 1 added, 0 updated, 0 unchanged."
    assert threads and threading.main_thread() not in threads
    assert pupil_count(school) == 5
    assert MAX_UPLOAD_BYTES == 5 * 1024 * 1024  # what the README and the refusal say


async def test_t_writes_the_template_into_the_exports_folder_and_says_where(
    school: School, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exports = tmp_path / "exports"
    monkeypatch.setenv(EXPORTS_DIR_ENV, str(exports))
    monkeypatch.chdir(tmp_path)  # it used to go to the current folder
    said: list[str] = []
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "p")
        await pilot.pause()
        for _ in range(2):
            await pilot.press("T")
            await pilot.pause()
            said.append(str(list(pilot.app._notifications)[-1].message))
    folder = exports / "2041 ST MARY'S PRIMARY"
    written = sorted(folder.glob("Pupil upload template (*).csv"))
    assert len(written) == 2  # the second never replaces the first
    assert sorted(said) == sorted(f"Wrote the pupil upload template to {p}." for p in written)
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.read_bytes().startswith(b"\xef\xbb\xbfUPN,Surname,")
    assert not list(tmp_path.glob("*.csv"))
