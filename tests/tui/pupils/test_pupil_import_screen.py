"""Pilot tests: I offers the inbox's files, newest first, and imports only a regular file within
the limits, listing 50 problems at most; T writes the upload template into the outbox and says
where it is (over SSH: where to fetch it with SFTP)."""

from __future__ import annotations

import asyncio
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import func, select
from textual.pilot import Pilot
from textual.widgets import Static

from exports.folder import EXPORTS_DIR_ENV, inbox
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


@pytest.fixture
def inbox_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The school's inbox, in a files folder of the test's own."""
    monkeypatch.setenv(EXPORTS_DIR_ENV, str(tmp_path / "files"))
    return inbox("2041")


async def open_import(pilot: Pilot[None]) -> ImportScreen:
    await pilot.press("enter", "p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PupilsScreen)
    await pilot.press("I")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ImportScreen)
    return screen


def listed(screen: ImportScreen) -> list[str]:
    """The names the inbox's list shows, top first."""
    return [file.name for file in screen.files]


async def import_file(pilot: Pilot[None], screen: ImportScreen, name: str) -> tuple[str, str]:
    """Press f5, move to `name` in the list with the arrow keys, Enter, and wait (at most a
    minute: a file that hangs fails the test) for the outcome; return it and the problems."""
    await pilot.press("f5")
    await settle(pilot)
    await pilot.press("home", *["down"] * listed(screen).index(name), "enter")
    await asyncio.wait_for(settle(pilot), timeout=60)
    outcome = str(screen.query_one("#import-outcome", Static).render())
    return outcome, str(screen.query_one("#import-problem-list", Static).render())


async def test_only_a_regular_file_within_the_limits_is_offered_and_read(
    school: School, inbox_folder: Path, tmp_path: Path
) -> None:
    os.mkfifo(inbox_folder / "nobody-writes.csv")
    (inbox_folder / "zero.csv").symlink_to("/dev/zero")
    (inbox_folder / "a folder.csv").mkdir()
    (inbox_folder / ".hidden.csv").write_bytes(b"x")
    (inbox_folder / "uploading.csv.filepart").write_bytes(b"x")
    with (inbox_folder / "huge.csv").open("wb") as handle:  # sparse: 50 MB on paper
        handle.truncate(50 * 1024 * 1024)
    (inbox_folder / "empty.csv").write_bytes(b"")
    (inbox_folder / "photo.csv").write_bytes(bytes(range(256)) * 64)
    (inbox_folder / "swapped.csv").write_bytes(b"x")
    for age, name in enumerate(["swapped.csv", "photo.csv", "empty.csv", "huge.csv"]):
        os.utime(inbox_folder / name, (1_700_000_000 + age, 1_700_000_000 + age))
    expected = {
        "huge.csv": "is 50.0 MB: an upload file is at most 5 MB and 20,000 pupils",
        "empty.csv": "The file is empty",
        "photo.csv": "not a CSV file",
    }
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot)
        # Only regular files, newest first: no pipe, link, folder, hidden or unfinished file.
        assert listed(screen) == ["huge.csv", "empty.csv", "photo.csv", "swapped.csv"]
        for name, message in expected.items():
            outcome, problems = await import_file(pilot, screen, name)
            assert outcome.startswith("Nothing was imported: ") and message in outcome, name
            assert problems == ""
            assert not screen.query_one("#import-progress").display
        # A file swapped for a link to another school's file after it was listed is not read.
        other = tmp_path / "other school.csv"
        other.write_text(f"{HEADER}\r\n", encoding="utf-8")
        await pilot.press("f5")
        await settle(pilot)
        (inbox_folder / "swapped.csv").unlink()
        (inbox_folder / "swapped.csv").symlink_to(other)
        await pilot.press("home", "down", "down", "down", "enter")
        await asyncio.wait_for(settle(pilot), timeout=60)
        outcome = str(screen.query_one("#import-outcome", Static).render())
        assert outcome == (
            "Nothing was imported: swapped.csv is a link: put the CSV file itself there."
        )
    assert pupil_count(school) == 4


async def test_an_empty_inbox_says_where_to_put_the_file(
    school: School, inbox_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot)
        outcome = str(screen.query_one("#import-outcome", Static).render())
        where = str(screen.query_one("#import-where", Static).render())
        assert outcome == "The inbox is empty: put the file there, then press f5."
        assert str(inbox_folder.resolve()) in where.replace("\n", "")
        monkeypatch.setenv("SSH_CONNECTION", "192.0.2.7 50000 192.0.2.1 22")
        await pilot.press("f5")
        await settle(pilot)
        where = str(screen.query_one("#import-where", Static).render()).replace("\n", " ")
        assert "inbox/ with SFTP (WinSCP, FileZilla or psftp)" in where
        assert str(inbox_folder) not in where  # a server path means nothing at a school PC
        (inbox_folder / "pupils.csv").write_text(HEADER + "\r\n", encoding="utf-8")
        await pilot.press("f5")
        await settle(pilot)
        assert listed(screen) == ["pupils.csv"]


async def test_an_inbox_that_cannot_be_made_is_one_sentence(
    school: School, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a file"
    blocker.write_bytes(b"")
    monkeypatch.setenv(EXPORTS_DIR_ENV, str(blocker))
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot)
        outcome = str(screen.query_one("#import-outcome", Static).render())
        assert outcome.startswith("There is no inbox to import from: cannot make")
        assert outcome.endswith(
            "Ask the server's administrator to add this establishment's folders."
        )
        assert listed(screen) == []
        await pilot.press("enter", "down", "f5")  # nothing to choose: nothing happens
        await settle(pilot)
        assert isinstance(pilot.app.screen, ImportScreen)
    assert pupil_count(school) == 4


async def test_the_first_fifty_problems_are_listed_and_the_rest_counted(
    school: School, inbox_folder: Path
) -> None:
    born = f"01/10/{YEAR - 4}"
    rows = [f"{upn(n)},Smith,Amy,{born},X,PR1 2AB,N,WBRI,N,," for n in range(1, 61)]
    rows[0] = f"{upn(1)},Smith,Amy,{born},F,PR1 2AB,{'Y' * 100_000},WBRI,N,,"
    rows += [f"{upn(n)},Smith,Amy,31/02/2020,F,PR1 2AB,N,WBRI,N,," for n in range(61, 81)]
    bad = inbox_folder / "bad.csv"
    bad.write_text("\r\n".join([HEADER, *rows, ""]), encoding="utf-8")
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot)
        outcome, problems = await import_file(pilot, screen, "bad.csv")
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
    school: School, inbox_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import tui.screens.pupils.pupil_import as screen_module

    threads: list[threading.Thread] = []
    real = screen_module.read_upload_file

    def watched(path: Path, *, follow_link: bool = True) -> bytes:
        threads.append(threading.current_thread())
        return real(path, follow_link=follow_link)

    monkeypatch.setattr(screen_module, "read_upload_file", watched)
    good = inbox_folder / "good.csv"
    good.write_text(
        f"{HEADER}\r\n{upn(9)},Okafor,Chidi,01/10/{YEAR - 4},M,PR1 2AB,N,BAFR,N,,\r\n",
        encoding="utf-8",
    )
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot)
        outcome, _ = await import_file(pilot, screen, "good.csv")
    assert outcome == "Imported good.csv: 1 added, 0 updated, 0 unchanged."
    assert threads and threading.main_thread() not in threads
    assert pupil_count(school) == 5
    assert MAX_UPLOAD_BYTES == 5 * 1024 * 1024  # what the README and the refusal say


async def test_t_writes_the_template_into_the_outbox_and_says_where(
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
        monkeypatch.setenv("SSH_CONNECTION", "192.0.2.7 50000 192.0.2.1 22")
        await pilot.press("T")
        await pilot.pause()
        over_ssh = str(list(pilot.app._notifications)[-1].message)
    folder = exports / "2041" / "outbox"
    written = sorted(folder.glob("Pupil upload template (*).csv"), key=lambda p: p.stat().st_mtime)
    assert len(written) == 3  # a second never replaces the first
    assert said == [f"Wrote the pupil upload template to {p}." for p in written[:2]]
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.read_bytes().startswith(b"\xef\xbb\xbfUPN,Surname,")
    assert not list(tmp_path.glob("*.csv"))
    assert over_ssh == (
        f"Wrote the pupil upload template to outbox/{written[2].name} in the files of 2041 "
        "(fetch it with SFTP: WinSCP, FileZilla or psftp)."
    )


async def test_stray_keys_in_the_dialog_change_nothing(school: School, inbox_folder: Path) -> None:
    (inbox_folder / "good.csv").write_text(
        f"{HEADER}\r\n{upn(9)},Okafor,Chidi,01/10/{YEAR - 4},M,PR1 2AB,N,BAFR,N,,\r\n",
        encoding="utf-8",
    )
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot)
        keys = ["z", "Z", "9", "space", "delete", "backspace", "f2", "up", "end", "tab", "down"]
        await pilot.press(*keys, "tab")  # Tab goes to the problems and back
        await settle(pilot)
        assert pilot.app.screen is screen and listed(screen) == ["good.csv"]
        assert str(screen.query_one("#import-outcome", Static).render()) == ""
        assert pupil_count(school) == 4
        await pilot.press("home", "enter")
        await asyncio.wait_for(settle(pilot), timeout=60)
        outcome = str(screen.query_one("#import-outcome", Static).render())
        assert outcome == "Imported good.csv: 1 added, 0 updated, 0 unchanged."
    assert pupil_count(school) == 5
