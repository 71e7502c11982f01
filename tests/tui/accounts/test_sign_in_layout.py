"""Every step of signing in at 80x24: each sentence is on the screen whole, nothing cut off."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Label, Static

from store.accounts.settings import SecuritySettings
from store.accounts.sign_in_steps import (
    NeedsPasswordChange,
    NeedsSecurityCode,
    NeedsTotp,
    NeedsTotpEnrolment,
    ShowSecurityCode,
)
from store.accounts.totp import secret_from_text, totp
from store.core.access import Role
from store.core.db import Database
from tests.store.accounts_helpers import (
    GOOD_PASSWORD,
    Clock,
    Person,
    add,
    code_digits,
    school,
    sign_in,
)
from tests.tui.sign_in_helpers import make_app, message, settle, sign_in_screen, type_in
from tui.screens.accounts.sign_in_fields import CODE_SHOWN_ONCE

pytestmark = pytest.mark.usefixtures("quick_hashing")


def squashed(text: str) -> str:
    return "".join(text.split())


def screen_lines(pilot: Pilot[None]) -> list[str]:
    """The screen as drawn, one string per terminal line."""
    return [strip.text for strip in pilot.app.screen._compositor.render_strips()]


def assert_all_shown(pilot: Pilot[None]) -> None:
    """Each text is drawn whole in its own place (wrapped lines joined, whatever stands beside
    it), and the step fits above the key bar."""
    lines = screen_lines(pilot)
    assert len(lines) == 24 and all(len(line) <= 80 for line in lines)
    widgets: list[Widget] = [*pilot.app.screen.query(Label), *pilot.app.screen.query(Static)]
    for widget in widgets:
        text = str(widget.render())
        if not text.strip():
            continue
        area = widget.region
        drawn = squashed(
            " ".join(line[area.x : area.right] for line in lines[area.y : area.bottom])
        )
        assert squashed(text) in drawn, f"cut off at 80 columns: {text!r}"
    bottom = max(widget.region.bottom for widget in pilot.app.screen.query("#sign-in *"))
    assert bottom <= 23  # the last line is the key bar


def step(pilot: Pilot[None]) -> object:
    return sign_in_screen(pilot).step


async def test_a_first_sign_in_at_80_columns(
    database: Database, clock: Clock, settings: SecuritySettings
) -> None:
    issued = add(database, "newbie", Role.USER, school(database).id, settings=settings)
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        # The support contact's sentence is read in a worker: its text may be in before the
        # frame that gives it its second line (a full run once checked in between).
        await settle(pilot)
        assert_all_shown(pilot)
        await type_in(pilot, "newbie", issued.temporary_password)
        assert isinstance(step(pilot), NeedsPasswordChange)
        assert_all_shown(pilot)
        await type_in(pilot, "short", "short")
        assert message(pilot)  # the policy's reason, a long sentence
        assert_all_shown(pilot)
        await type_in(pilot, GOOD_PASSWORD, GOOD_PASSWORD)
        assert isinstance(step(pilot), ShowSecurityCode)
        assert squashed(CODE_SHOWN_ONCE) in squashed(" ".join(screen_lines(pilot)))
        assert_all_shown(pilot)


async def test_later_sign_ins_at_80_columns(
    database: Database, clerk: Person, clock: Clock, settings: SecuritySettings
) -> None:
    clock.advance(hours=1)
    elsewhere = sign_in(database, clerk, settings, clock.now, source="ssh 198.51.100.9")
    assert type(elsewhere).__name__ == "SignedIn"
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await type_in(pilot, "clerk", clerk.password)
        code_step = step(pilot)
        assert isinstance(code_step, NeedsSecurityCode)
        assert_all_shown(pilot)
        await type_in(pilot, code_digits(clerk.code, code_step))
        conflict = str(pilot.app.screen.query_one("#session-conflict", Label).render())
        assert conflict.endswith("End that session and continue? y/n")
        assert_all_shown(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert_all_shown(pilot)
        for attempt in range(1, 7):  # the 6th failure in a row waits 8 seconds
            clock.advance(minutes=1)
            await type_in(pilot, f"Wrong-Guess-{attempt}!")
        assert "Wait 8 seconds" in message(pilot)
        assert_all_shown(pilot)


async def test_the_authenticator_steps_at_80_columns(
    database: Database, clock: Clock, settings: SecuritySettings
) -> None:
    issued = add(database, "helpdesk", Role.SUPPORT, None, settings=settings)
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await type_in(pilot, "helpdesk", issued.temporary_password, GOOD_PASSWORD, GOOD_PASSWORD)
        code = str(pilot.app.screen.query_one("#security-code", Static).render())
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(step(pilot), NeedsTotpEnrolment)
        assert_all_shown(pilot)  # the key and the otpauth link, folded, whole
        secret = secret_from_text(str(pilot.app.screen.query_one("#totp-secret").render()))
        await type_in(pilot, totp(secret, clock.now.timestamp()))
        assert pilot.app.session_guard is not None
    clock.advance(hours=1)
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await type_in(pilot, "helpdesk", GOOD_PASSWORD)
        code_step = step(pilot)
        assert isinstance(code_step, NeedsSecurityCode)
        await type_in(pilot, code_digits(code, code_step))
        assert isinstance(step(pilot), NeedsTotp)
        assert_all_shown(pilot)
