"""No key ends the app: refusals are sentences, unexpected errors are logged, and each role is
offered (key bar, f1, the command palette) only what it may do."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from textual.app import App

from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.errors import StoreError
from store.core.models import Establishment
from store.demo import ensure_demo
from store.establishments import establishments as establishments_module
from store.establishments.establishments import (
    EstablishmentInfo,
    create_establishment,
    list_establishments,
)
from tui.app import PupilTrackerApp
from tui.screens.help import describe_keys
from tui.screens.school.home import HomeScreen
from tui.screens.start import StartScreen
from tui.unexpected import LOG_NAME, STRICT_ENV
from tui.widgets.key_bar import key_text

TODAY = date(2026, 1, 12)
SUPPORT = Actor("support.one", Role.SUPPORT, None)
LOCAL = Actor("local", Role.MANAGER, None)


@pytest.fixture
def demo(database: Database) -> EstablishmentInfo:
    return ensure_demo(database, LOCAL, TODAY)


@pytest.fixture
def other_school(database: Database) -> EstablishmentInfo:
    return create_establishment(database, SUPPORT, "2041", "ST MARY'S PRIMARY")


def _count_establishments(database: Database) -> int:
    with database.read() as session:
        return int(session.scalar(select(func.count()).select_from(Establishment)) or 0)


def _palette_titles(app: App[None]) -> set[str]:
    return {command.title for command in app.get_system_commands(app.screen)}


def _offered(app: App[None]) -> str:
    screen = app.screen
    return key_text(screen).plain + "\n" + describe_keys(screen)


async def _to_start_screen(app: PupilTrackerApp, pilot: object) -> None:
    # A school person opens on their home; Escape goes back to the establishments.
    if isinstance(app.screen, HomeScreen):
        await pilot.press("escape")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, StartScreen)


@pytest.mark.parametrize("role", [Role.USER, Role.MANAGER])
async def test_a_school_person_is_not_offered_create_or_an_other_schools_demo(
    database: Database, demo: EstablishmentInfo, other_school: EstablishmentInfo, role: Role
) -> None:
    for school in (demo, other_school):
        actor = Actor(f"{role.value}.{school.number}", role, school.id)
        app = PupilTrackerApp(database, actor=actor, today=TODAY)
        before = _count_establishments(database)
        async with app.run_test(size=(80, 24)) as pilot:
            await _to_start_screen(app, pilot)
            offered = _offered(app)
            assert "New establishment" not in offered
            assert "Database:" not in " ".join(str(w.render()) for w in app.screen.query("Static"))
            demo_offered = role is Role.MANAGER and school is demo
            assert ("Demo school" in offered) is demo_offered
            assert ("Demo school" in _palette_titles(app)) is demo_offered
            # The keys themselves do nothing now, and the app goes on.
            await pilot.press("c", "4", "4", "4", "4", "enter")
            await pilot.press("escape")
            if not demo_offered:
                await pilot.press("d")
            await pilot.pause()
            assert app.is_running
            assert isinstance(app.screen, StartScreen | HomeScreen)
        assert _count_establishments(database) == before


async def test_support_is_offered_create_and_the_demo(
    database: Database, demo: EstablishmentInfo
) -> None:
    app = PupilTrackerApp(database, actor=SUPPORT, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        offered = _offered(app)
        assert "New establishment" in offered and "Demo school" in offered
        assert "Database:" in " ".join(str(w.render()) for w in app.screen.query("Static"))


def test_only_support_or_a_single_machine_install_creates_an_establishment(
    database: Database, demo: EstablishmentInfo
) -> None:
    for actor in (
        Actor("demo.manager", Role.MANAGER, demo.id),
        Actor("demo.user", Role.USER, demo.id),
    ):
        with pytest.raises(PermissionDenied, match="support team"):
            create_establishment(database, actor, "5555", "Manager Made School")
    assert [e.number for e in list_establishments(database)] == [demo.number]
    assert create_establishment(database, SUPPORT, "5555", "LA School").number == "5555"
    assert create_establishment(database, LOCAL, "6666", "Own School").number == "6666"


def test_a_refusal_is_a_store_error() -> None:
    assert issubclass(PermissionDenied, StoreError)


async def test_the_command_palette_offers_this_apps_commands_only(
    database: Database, demo: EstablishmentInfo
) -> None:
    app = PupilTrackerApp(database, actor=Actor("demo.user", Role.USER, demo.id), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Demo school" not in _palette_titles(app)
        await pilot.press("enter")  # the establishment's home
        await pilot.pause()
        titles = _palette_titles(app)
        assert "Assessments" in titles and "Pupils" in titles
        assert not titles & {"Theme", "Screenshot", "Keys", "Maximize", "Down", "Focus Next"}
        assert "Users" not in titles  # a manager's


# --- the guard: what nobody caught ------------------------------------------------------------


def _boom(*_args: object, **_kwargs: object) -> object:
    raise RuntimeError("a fault nobody expected, in pupil SMITH's row")


async def test_an_unexpected_error_is_logged_and_the_app_goes_on(
    database: Database,
    demo: EstablishmentInfo,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.delenv(STRICT_ENV)
    monkeypatch.setattr(establishments_module, "list_establishments", _boom)
    monkeypatch.setattr("tui.screens.start.list_establishments", _boom)
    app = PupilTrackerApp(database, actor=SUPPORT, today=TODAY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        # The start screen could not list: it says so, and the app still answers keys.
        toasts = [n.message for n in app._notifications]
        assert any("recorded for the support team (reference E-" in t for t in toasts)
        await pilot.press("f1")
        await pilot.pause()
        assert app.is_running
    log = tmp_path / "log" / LOG_NAME
    text = log.read_text()
    assert "a fault nobody expected" in text and "support.one (support)" in text
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700


async def test_a_screen_refused_at_opening_is_not_left_half_shown(
    database: Database, demo: EstablishmentInfo, other_school: EstablishmentInfo
) -> None:
    from tui.screens.assessments.grid_screen import AssessmentsScreen

    # A manager of one school handed another school's grid (the orphan of item 4).
    actor = Actor("demo.manager", Role.MANAGER, demo.id)
    app = PupilTrackerApp(database, actor=actor, today=TODAY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        below = app.screen
        app.push_screen(AssessmentsScreen(database, actor, other_school, today=TODAY))
        await pilot.pause()
        await pilot.pause()
        assert app.screen is below
        toasts = [n.message for n in app._notifications]
        assert any("your own establishment" in t for t in toasts)
        assert app.is_running
