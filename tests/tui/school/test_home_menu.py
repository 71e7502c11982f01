"""The home menu offers each person what their role reaches, and nothing else."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from store.core.access import Actor, Role
from tests.tui.conftest import School
from tui.app import PupilTrackerApp
from tui.screens.school.home import HomeScreen

EVERYONE = ("Assessments", "Pupils", "Reports", "Progress meetings", "Edit multiple pupils")
MANAGERS = ("Discussion areas", "Profile", "Audit trail", "Users")
SUPPORT = ("Support console", "News")


@pytest.mark.parametrize(
    ("role", "offered", "not_offered"),
    [
        (Role.USER, EVERYONE, MANAGERS + SUPPORT),
        (Role.MANAGER, EVERYONE + MANAGERS, SUPPORT),
        (Role.SUPPORT, EVERYONE + MANAGERS + SUPPORT, ()),
    ],
)
async def test_the_menu_follows_the_role(
    school: School, role: Role, offered: tuple[str, ...], not_offered: tuple[str, ...]
) -> None:
    establishment_id = None if role is Role.SUPPORT else school.establishment.id
    actor = Actor("someone", role, establishment_id)
    app = PupilTrackerApp(school.database, actor)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)
        menu = str(pilot.app.screen.query_one("#home-menu", Static).render())
        for name in offered:
            assert name in menu
        for name in not_offered:
            assert name not in menu


async def test_a_key_off_the_menu_does_nothing(school: School) -> None:
    actor = Actor("clerk", Role.USER, school.establishment.id)
    async with PupilTrackerApp(school.database, actor).run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        home = pilot.app.screen
        for key in "dctusn":
            await pilot.press(key)
            await pilot.pause()
            assert pilot.app.screen is home
        await pilot.press("r")
        await pilot.pause()
        assert pilot.app.screen is not home
