"""Pilot tests of the support team's authenticator: enrolment at first sign-in, then its codes."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import select
from sqlmodel import col
from textual.pilot import Pilot
from textual.widgets import Input, Static

from store.accounts.settings import SecuritySettings
from store.accounts.sign_in_steps import (
    ENROLMENT_MISMATCH,
    TOTP_FAILED,
    NeedsSecurityCode,
    NeedsTotp,
    NeedsTotpEnrolment,
    ShowSecurityCode,
)
from store.accounts.totp import STEP_SECONDS, WINDOW, secret_from_text, totp
from store.core.access import Role
from store.core.db import Database
from store.core.models import AuditEntry, LoginSession
from tests.store.accounts_helpers import GOOD_PASSWORD, Clock, Person, account, add, code_digits
from tests.tui.sign_in_helpers import make_app, message, settle, sign_in_screen, type_in
from tui.screens.start import StartScreen

pytestmark = pytest.mark.usefixtures("quick_hashing")


def shown(pilot: Pilot[None], widget_id: str) -> str:
    return str(pilot.app.screen.query_one(f"#{widget_id}", Static).render())


def wrong_code(secret: bytes, unix_time: float) -> str:
    """Six digits that no step in the window around `unix_time` produces."""
    near = {
        totp(secret, unix_time + offset * STEP_SECONDS) for offset in range(-WINDOW, WINDOW + 1)
    }
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in near)


def actions(database: Database, username: str) -> list[str]:
    with database.read() as session:
        query = select(AuditEntry.action).where(col(AuditEntry.target) == username)
        return list(session.scalars(query.order_by(col(AuditEntry.id))))


def live_sessions(database: Database) -> list[LoginSession]:
    with database.read() as session:
        query = select(LoginSession).where(col(LoginSession.ended_at).is_(None))
        return list(session.scalars(query))


async def test_a_support_accounts_first_sign_in_enrols_an_authenticator(
    database: Database, clock: Clock, settings: SecuritySettings
) -> None:
    issued = add(database, "helpdesk", Role.SUPPORT, None, settings=settings)
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await type_in(pilot, "helpdesk", issued.temporary_password)
        await type_in(pilot, GOOD_PASSWORD, GOOD_PASSWORD)
        assert isinstance(sign_in_screen(pilot).step, ShowSecurityCode)
        await pilot.press("enter")
        await settle(pilot)
        step = sign_in_screen(pilot).step
        assert isinstance(step, NeedsTotpEnrolment)
        secret_text = shown(pilot, "totp-secret")
        uri = urlparse(shown(pilot, "totp-uri"))
        assert uri.scheme == "otpauth" and uri.netloc == "totp"
        assert parse_qs(uri.query)["secret"] == ["".join(secret_text.split())]  # shown grouped
        assert pilot.app.screen.query_one("#totp", Input).has_focus
        secret = secret_from_text(secret_text)

        await type_in(pilot, wrong_code(secret, clock.now.timestamp()))
        assert isinstance(sign_in_screen(pilot).step, NeedsTotpEnrolment)
        assert message(pilot) == ENROLMENT_MISMATCH
        assert shown(pilot, "totp-secret") == secret_text  # the same key, to try again
        assert account(database, "helpdesk").totp_secret_encrypted is None

        await type_in(pilot, totp(secret, clock.now.timestamp()))
        assert isinstance(pilot.app.screen, StartScreen)
        assert pilot.app.actor.username == "helpdesk" and pilot.app.actor.role is Role.SUPPORT
        assert pilot.app.session_guard is not None
    row = account(database, "helpdesk")
    assert row.totp_secret_encrypted is not None
    assert secret_text not in row.totp_secret_encrypted
    assert "enrol authenticator" in actions(database, "helpdesk")


async def test_a_later_sign_in_asks_for_the_authenticator_code(
    database: Database, helpdesk: Person, clock: Clock, settings: SecuritySettings
) -> None:
    assert helpdesk.totp_secret is not None
    clock.advance(hours=1)
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        for attempt in ("wrong", "right"):
            await type_in(pilot, *(["helpdesk"] if attempt == "wrong" else []), helpdesk.password)
            step = sign_in_screen(pilot).step
            assert isinstance(step, NeedsSecurityCode), message(pilot)
            await type_in(pilot, code_digits(helpdesk.code, step))
            assert isinstance(sign_in_screen(pilot).step, NeedsTotp)
            assert pilot.app.screen.query_one("#totp", Input).has_focus
            now = clock.now.timestamp()
            if attempt == "wrong":
                await type_in(pilot, wrong_code(helpdesk.totp_secret, now))
                assert sign_in_screen(pilot).step is None  # refused: start again
                assert message(pilot) == TOTP_FAILED
                assert account(database, "helpdesk").failed_sign_ins == 1
                assert live_sessions(database) == []
                clock.advance(minutes=1)
            else:
                await type_in(pilot, totp(helpdesk.totp_secret, now))
        assert isinstance(pilot.app.screen, StartScreen)
        assert pilot.app.actor.role is Role.SUPPORT
        assert len(live_sessions(database)) == 1
    assert account(database, "helpdesk").failed_sign_ins == 0
