"""Pilot tests: support sets its contact details; sign-in, home and help (f1) show them."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import TextArea

from store.accounts.settings import SecuritySettings
from store.core.access import Actor, Role
from store.core.db import Database
from store.establishments.support_contact import NOT_SET, set_support_contact, support_contact
from tests.store.accounts_helpers import Clock, Person, audit_actions
from tests.tui.sign_in_helpers import make_app, sign_in_with_code
from tests.tui.waiting import settle
from tui.app import PupilTrackerApp
from tui.screens.help import HelpScreen
from tui.screens.school.home import HomeScreen
from tui.screens.school.news import NewsScreen
from tui.widgets.support_contact import SupportContactLine

pytestmark = pytest.mark.usefixtures("quick_hashing")

SUPPORT = Actor("sue", Role.SUPPORT, None)
CONTACT = "Schools helpdesk: 01632 960000, helpdesk@la.example.gov.uk"


def shown(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one(SupportContactLine).render())


async def test_support_sets_the_contact_from_the_news_screen(
    database: Database, clock: Clock, settings: SecuritySettings
) -> None:
    app = PupilTrackerApp(database, actor=SUPPORT, clock=clock, settings=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.push_screen(NewsScreen(database, SUPPORT))
        await pilot.press("c")
        area = pilot.app.screen.query_one("#contact-text", TextArea)
        assert area.text == ""
        area.insert(CONTACT)  # as typed (TextArea takes keys one by one the same way)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(pilot.app.screen, NewsScreen)
    assert support_contact(database) == CONTACT
    assert "set support contact" in audit_actions(database)


async def test_sign_in_home_and_help_show_it(
    database: Database, clerk: Person, clock: Clock, settings: SecuritySettings
) -> None:
    clock.advance(hours=1)
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert shown(pilot) == f"Need help? {NOT_SET}"
    set_support_contact(database, SUPPORT, CONTACT)
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert shown(pilot) == f"Need help? {CONTACT}"
        await sign_in_with_code(pilot, clerk)
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        assert shown(pilot) == f"Support: {CONTACT}"
        lines = [strip.text for strip in pilot.app.screen._compositor.render_strips()]
        assert any(CONTACT in line for line in lines)  # on screen at 80x24, not pushed off
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HelpScreen)
        assert shown(pilot) == f"Support: {CONTACT}"
        lines = [strip.text for strip in pilot.app.screen._compositor.render_strips()]
        assert any(CONTACT in line for line in lines)  # without scrolling past every key
