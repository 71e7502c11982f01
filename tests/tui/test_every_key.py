"""Every role presses every key on every screen: nothing ends the app or raises unexpectedly.

For each role and each part of the tracker the home menu opens, the screen is opened afresh for
each key (so a key that moves focus into a text box does not swallow the next), the key is
pressed, whatever dialog it opened is closed with Escape, and the app must still be running
with no unexpected error (the test conftest makes one fail the test). A key the role may not
use must change nothing; the keys' effects on the data are the other tests' business.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

from store.core.access import Actor, Role
from store.core.db import Database, open_database
from store.demo import ensure_demo
from tests.tui.waiting import settle
from tui.app import PupilTrackerApp
from tui.screens.school.home import MENU, HomeScreen, may_open
from tui.screens.start import StartScreen

TODAY = date(2026, 1, 12)
# Keys nobody binds, typed by a person who mistook the screen, and the usual movers.
STRAY_KEYS = ["z", "Z", "9", "enter", "delete", "backspace", "tab", "space", "down", "f2", "f5"]
# Keys that end the app on purpose.
QUITTING = {"q", "f10", "ctrl+q", "ctrl+c"}
DEPTH_LIMIT = 8


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    database = open_database(f"sqlite:///{path}")
    ensure_demo(database, Actor("local", Role.MANAGER, None), TODAY)
    database.dispose()
    return path


@pytest.fixture
def demo_database(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    copy = tmp_path / "demo.db"
    shutil.copy(demo_file, copy)
    database = open_database(f"sqlite:///{copy}")
    yield database
    database.dispose()


def _actor(role: Role, database: Database) -> Actor:
    if role is Role.SUPPORT:
        return Actor("support.one", Role.SUPPORT, None)
    with database.read() as session:
        from sqlalchemy import select

        from store.core.models import Establishment

        demo_id = session.scalars(select(Establishment.id)).one()
    return Actor(f"demo.{role.value}", role, demo_id)


async def _home(app: PupilTrackerApp, pilot: Pilot[None]) -> None:
    """Back to the establishment's home, however deep the keys went."""
    for _ in range(DEPTH_LIMIT):
        if isinstance(app.screen, HomeScreen):
            return
        if isinstance(app.screen, StartScreen):
            await pilot.press("enter")
        else:
            await pilot.press("escape")
        await settle(pilot)
    raise AssertionError(f"Escape does not lead back home from {app.screen!r}")


def _keys_of(app: PupilTrackerApp) -> list[str]:
    keys = {key for key in app.screen.active_bindings if key not in QUITTING}
    return sorted(keys) + [key for key in STRAY_KEYS if key not in keys]


CASES = [
    (role, action)
    for role in (Role.USER, Role.MANAGER, Role.SUPPORT)
    for _, action, _, _, _ in MENU
    if may_open(Actor("x", role, None), action)
    # Changing your own password needs a signed-in account:
    # tests/tui/accounts/test_change_password.py.
    and action != "change_password"
]


@pytest.mark.parametrize(("role", "action"), CASES, ids=[f"{r.value}-{a}" for r, a in CASES])
async def test_no_key_ends_the_app(demo_database: Database, role: Role, action: str) -> None:
    menu_key = next(key for key, name, _, _, _ in MENU if name == action)
    app = PupilTrackerApp(demo_database, actor=_actor(role, demo_database), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await _home(app, pilot)
        await pilot.press(menu_key)
        await settle(pilot)
        opened = type(app.screen)
        if isinstance(app.screen, HomeScreen):
            pytest.fail(f"{menu_key} did not open {action} for {role.value}")
        for key in _keys_of(app):
            await pilot.press(key)
            await settle(pilot)
            assert app.is_running, f"{key} on {opened.__name__} ended the app"
            await _home(app, pilot)
            await pilot.press(menu_key)
            await settle(pilot)
            assert type(app.screen) is opened, f"after {key}, {menu_key} opens {app.screen!r}"


@pytest.mark.parametrize("role", [Role.USER, Role.MANAGER, Role.SUPPORT])
async def test_no_key_on_the_establishments_list_ends_the_app(
    demo_database: Database, role: Role
) -> None:
    app = PupilTrackerApp(demo_database, actor=_actor(role, demo_database), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        keys = [*_keys_of(app), "d", "c", "s", "r", "L"]
        for key in keys:
            while not isinstance(app.screen, StartScreen):
                await pilot.press("escape")
                await settle(pilot)
            await pilot.press(key)
            await settle(pilot)
            assert app.is_running, f"{key} on the establishments list ended the app"
