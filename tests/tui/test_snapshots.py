"""SVG snapshots of the main screens at 80x24 and 200x50, on the demo school of a fixed day.

After a deliberate change to a screen, re-record with `make snapshots` and look at the report.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from store.core.access import local_actor
from store.core.db import open_database
from store.demo import ensure_demo
from tui.app import PupilTrackerApp

TODAY = date(2025, 11, 3)


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Relative database paths, so the start screen shows the same path on every run."""
    monkeypatch.chdir(tmp_path)


def demo_app(tmp_path: Path) -> PupilTrackerApp:
    database = open_database("sqlite:///snap.db")
    ensure_demo(database, local_actor(None), TODAY)
    return PupilTrackerApp(database, today=TODAY)


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
def test_grid(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app(tmp_path), terminal_size=size, press=["enter", "a", "down", "o"])


def test_grid_with_end_of_year_goals(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(
        demo_app(tmp_path), terminal_size=(80, 24), press=["enter", "a", "l", "down"]
    )


def test_grid_wide_columns(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(demo_app(tmp_path), terminal_size=(80, 24), press=["enter", "a", "w"])


async def settle(pilot: Any) -> None:
    """Let the screen's workers (the home headline, a report) finish and paint."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_home_screen(snap_compare: Any, tmp_path: Path) -> None:
    async def open_home(pilot: Any) -> None:
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(demo_app(tmp_path), terminal_size=(80, 24), run_before=open_home)


def test_full_report(snap_compare: Any, tmp_path: Path) -> None:
    async def open_report(pilot: Any) -> None:
        await pilot.press("enter", "r")
        await settle(pilot)

    assert snap_compare(demo_app(tmp_path), terminal_size=(80, 24), run_before=open_report)


def test_venn(snap_compare: Any, tmp_path: Path) -> None:
    async def open_venn(pilot: Any) -> None:
        await pilot.press("enter", "r")
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)

    assert snap_compare(demo_app(tmp_path), terminal_size=(80, 24), run_before=open_venn)


def test_start_screen_on_an_empty_database(snap_compare: Any, tmp_path: Path) -> None:
    database = open_database("sqlite:///empty.db")
    app = PupilTrackerApp(database, today=TODAY)
    assert snap_compare(app, terminal_size=(80, 24))
