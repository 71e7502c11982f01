"""Signing in step by step, on SQLite and PostgreSQL: factors, delays, locks, expiry, re-hashing."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from store.accounts import passwords
from store.accounts.actions import issue_temporary_password, unlock_account
from store.accounts.lockout import FAILED_MESSAGE, LOCK_DURATION
from store.accounts.reauth import SERVER_ADMINISTRATOR
from store.accounts.settings import SecuritySettings
from store.accounts.sign_in import (
    choose_new_password,
    confirm_totp_enrolment,
    continue_sign_in,
    enter_security_code,
    enter_totp,
    start_sign_in,
)
from store.accounts.sign_in_steps import (
    CODE_FAILED,
    DISABLED,
    START_AGAIN,
    TEMPORARY_EXPIRED,
    TOTP_FAILED,
    NeedsPasswordChange,
    NeedsSecurityCode,
    NeedsTotp,
    NeedsTotpEnrolment,
    Refused,
    ShowSecurityCode,
    SignedIn,
)
from store.accounts.totp import secret_from_text, totp
from store.core.access import Role
from store.core.db import Database
from tests.store.accounts_helpers import (
    GOOD_PASSWORD,
    SOURCE,
    SUPPORT,
    T0,
    Clock,
    Person,
    account,
    add,
    audit_actions,
    cheap_hashing,
    code_digits,
    first_sign_in,
    school,
    sign_in,
    stored_code,
)


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> PasswordHasher:
    return cheap_hashing(monkeypatch)


@pytest.fixture
def settings(tmp_path: Path) -> SecuritySettings:
    return SecuritySettings(key_file=tmp_path / "keys" / "secret.key")


@pytest.fixture
def clerk(database: Database, settings: SecuritySettings) -> Person:
    """A user of school 2041 who has done the first sign-in (and signed out again)."""
    issued = add(database, "clerk", Role.USER, school(database).id, settings=settings)
    person, signed_in = first_sign_in(database, issued, settings)
    from store.accounts.sessions import end_session

    end_session(database, signed_in.session_id, T0)
    return person


def wrong(database: Database, name: str, now: object, settings: SecuritySettings) -> Refused:
    step = start_sign_in(
        database, name, "Not-The-One-99!", source=SOURCE, now=now, settings=settings
    )  # type: ignore[arg-type]
    assert isinstance(step, Refused)
    return step


# --- the first sign-in ----------------------------------------------------------------------


def test_first_sign_in_changes_the_password_then_shows_a_code_once(
    database: Database, settings: SecuritySettings
) -> None:
    establishment = school(database)
    issued = add(database, "Clerk.One", Role.USER, establishment.id, settings=settings)
    assert issued.account.username == "clerk.one"
    step = start_sign_in(
        database, " CLERK.one ", issued.temporary_password, source=SOURCE, now=T0, settings=settings
    )
    assert isinstance(step, NeedsPasswordChange) and step.problem is None
    weak = choose_new_password(database, step.ticket, "password", now=T0, settings=settings)
    assert isinstance(weak, NeedsPasswordChange)
    assert weak.problem and "upper-case letter" in weak.problem
    same = choose_new_password(
        database, step.ticket, issued.temporary_password, now=T0, settings=settings
    )
    assert isinstance(same, NeedsPasswordChange) and "different" in (same.problem or "")
    shown = choose_new_password(database, step.ticket, GOOD_PASSWORD, now=T0, settings=settings)
    assert isinstance(shown, ShowSecurityCode)
    assert len(shown.code) == 5 and shown.code.isdigit()
    assert shown.code not in repr(shown)
    assert stored_code(database, "clerk.one", settings) == shown.code
    done = continue_sign_in(database, shown.ticket, now=T0, settings=settings)
    assert isinstance(done, SignedIn)
    assert done.actor.username == "clerk.one"
    assert done.actor.role is Role.USER and done.actor.establishment_id == establishment.id
    assert done.actor.source == SOURCE
    row = account(database, "clerk.one")
    assert not row.password_is_temporary and row.last_success_source == SOURCE
    assert audit_actions(database, "clerk.one")[-3:] == [
        "change own password",
        "set security code",
        "sign in",
    ]


def test_the_temporary_password_expires_after_72_hours(
    database: Database, settings: SecuritySettings
) -> None:
    issued = add(database, "late", Role.USER, school(database).id, settings=settings)
    just_in_time = T0 + timedelta(hours=72) - timedelta(seconds=1)
    step = start_sign_in(
        database,
        "late",
        issued.temporary_password,
        source=SOURCE,
        now=just_in_time,
        settings=settings,
    )
    assert isinstance(step, NeedsPasswordChange)
    expired = start_sign_in(
        database,
        "late",
        issued.temporary_password,
        source=SOURCE,
        now=T0 + timedelta(hours=72),
        settings=settings,
    )
    assert expired == Refused(TEMPORARY_EXPIRED)
    assert account(database, "late").failed_sign_ins == 0


# --- later sign-ins: two digits of the code -------------------------------------------------


def test_a_later_sign_in_asks_for_two_digits_at_random_positions(
    database: Database, settings: SecuritySettings, clerk: Person
) -> None:
    seen = set()
    now = T0
    for _ in range(12):
        now += timedelta(minutes=1)
        step = start_sign_in(
            database, "clerk", clerk.password, source=SOURCE, now=now, settings=settings
        )
        assert isinstance(step, NeedsSecurityCode)
        first, second = step.positions
        assert 1 <= first < second <= 5
        assert "digits of your security code" in step.prompt
        seen.add(step.positions)
        done = enter_security_code(
            database, step.ticket, code_digits(clerk.code, step), now=now, settings=settings
        )
        assert isinstance(done, SignedIn)
        from store.accounts.sessions import end_session

        end_session(database, done.session_id, now)
    assert len(seen) > 1  # 10 possible pairs: 12 identical draws would be a broken random


def test_wrong_digits_count_and_the_same_positions_are_asked_again(
    database: Database, settings: SecuritySettings, clerk: Person
) -> None:
    step = start_sign_in(
        database, "clerk", clerk.password, source=SOURCE, now=T0, settings=settings
    )
    assert isinstance(step, NeedsSecurityCode)
    right = code_digits(clerk.code, step)
    wrong_digits = f"{(int(right[0]) + 1) % 10}{right[1]}"
    refused = enter_security_code(database, step.ticket, wrong_digits, now=T0, settings=settings)
    assert refused == Refused(CODE_FAILED)
    assert account(database, "clerk").failed_sign_ins == 1
    again = start_sign_in(
        database, "clerk", clerk.password, source=SOURCE, now=T0, settings=settings
    )
    assert isinstance(again, NeedsSecurityCode) and again.positions == step.positions
    # Spaces between the digits are forgiven.
    spaced = " ".join(code_digits(clerk.code, again))
    done = enter_security_code(database, again.ticket, spaced, now=T0, settings=settings)
    assert isinstance(done, SignedIn) and done.failures_since_previous == 1
    assert account(database, "clerk").failed_sign_ins == 0


# --- failures: the same answer for an unknown name, delays, locks ---------------------------


def test_an_unknown_username_gets_the_same_answer_and_the_same_work(
    database: Database, settings: SecuritySettings, clerk: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    verified: list[str] = []

    class CountingHasher(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> bool:
            verified.append(str(hash))
            return super().verify(hash, password)

    monkeypatch.setattr(
        passwords, "_hasher", CountingHasher(time_cost=1, memory_cost=8, parallelism=1)
    )
    known = wrong(database, "clerk", T0, settings)
    unknown = wrong(database, "no.such.person", T0, settings)
    assert known == unknown == Refused(FAILED_MESSAGE)
    assert len(verified) == 2  # a real hash was checked for the unknown name too
    assert verified[0] != verified[1]
    failures = [a for a in audit_actions(database) if a == "sign-in failed"]
    assert len(failures) == 2
    assert audit_actions(database, "no.such.person") == ["sign-in failed"]


def test_after_three_failures_each_try_is_delayed_and_early_tries_are_not_checked(
    database: Database, settings: SecuritySettings, clerk: Person
) -> None:
    clock = Clock()
    delays = [wrong(database, "clerk", clock.now, settings).delay_seconds for _ in range(3)]
    assert delays == [0, 0, 1]
    early = start_sign_in(
        database, "clerk", clerk.password, source=SOURCE, now=clock.now, settings=settings
    )
    assert isinstance(early, Refused) and "wait 1 second and try again" in early.message
    assert account(database, "clerk").failed_sign_ins == 3  # refused unchecked, not counted
    clock.advance(seconds=1)
    assert wrong(database, "clerk", clock.now, settings).delay_seconds == 2
    clock.advance(seconds=2)
    assert wrong(database, "clerk", clock.now, settings).delay_seconds == 4
    clock.advance(seconds=4)
    step = sign_in(database, clerk, settings, clock.now)
    assert isinstance(step, SignedIn)
    assert account(database, "clerk").failed_sign_ins == 0


def test_unknown_usernames_are_delayed_and_locked_the_same_way(
    database: Database, settings: SecuritySettings, clerk: Person
) -> None:
    clock = Clock()
    answers = {}
    for name in ("clerk", "ghost"):
        clock.now = T0
        seen = []
        for _ in range(10):
            refused = wrong(database, name, clock.now, settings)
            seen.append((refused.message, refused.delay_seconds, refused.locked_until))
            clock.advance(seconds=refused.delay_seconds)
        answers[name] = seen
    assert answers["clerk"] == answers["ghost"]
    assert answers["ghost"][-1][2] is not None


def test_ten_failures_lock_the_account_for_30_minutes(
    database: Database, settings: SecuritySettings, clerk: Person
) -> None:
    clock = Clock()
    for _ in range(10):
        refused = wrong(database, "clerk", clock.now, settings)
        clock.advance(seconds=refused.delay_seconds)
    assert refused.locked_until is not None
    assert (
        refused.locked_until == T0 + timedelta(seconds=1 + 2 + 4 + 8 + 16 + 30 + 30) + LOCK_DURATION
    )
    assert "Too many failed sign-ins" in refused.message
    locked_at = clock.now
    # Even the right password is refused, unchecked, while locked.
    during = sign_in(database, clerk, settings, locked_at + timedelta(minutes=29))
    assert isinstance(during, Refused) and during.locked_until == refused.locked_until
    after = sign_in(database, clerk, settings, locked_at + LOCK_DURATION)
    assert isinstance(after, SignedIn)
    row = account(database, "clerk")
    assert row.failed_sign_ins == 0 and row.locked_until is None
    assert "sign-in failed" in audit_actions(database, "clerk")


def test_once_a_lock_expires_the_count_starts_again(
    database: Database, settings: SecuritySettings, clerk: Person
) -> None:
    clock = Clock()
    for _ in range(10):
        clock.advance(seconds=wrong(database, "clerk", clock.now, settings).delay_seconds)
    clock.advance(minutes=31)
    refused = wrong(database, "clerk", clock.now, settings)
    assert refused.locked_until is None and refused.delay_seconds == 0
    assert account(database, "clerk").failed_sign_ins == 1


def test_support_unlocks_at_once(
    database: Database, settings: SecuritySettings, clerk: Person
) -> None:
    clock = Clock()
    for _ in range(10):
        clock.advance(seconds=wrong(database, "clerk", clock.now, settings).delay_seconds)
    assert unlock_account(database, SUPPORT, SERVER_ADMINISTRATOR, "clerk", now=clock.now)
    assert isinstance(sign_in(database, clerk, settings, clock.now), SignedIn)
    assert "unlock account" in audit_actions(database, "clerk")


def test_password_and_code_failures_count_together(
    database: Database, settings: SecuritySettings, clerk: Person
) -> None:
    clock = Clock()
    for _ in range(5):
        clock.advance(seconds=wrong(database, "clerk", clock.now, settings).delay_seconds)
    for _ in range(5):
        step = start_sign_in(
            database, "clerk", clerk.password, source=SOURCE, now=clock.now, settings=settings
        )
        assert isinstance(step, NeedsSecurityCode)
        right = code_digits(clerk.code, step)
        bad = right[0] + str((int(right[1]) + 5) % 10)
        refused = enter_security_code(database, step.ticket, bad, now=clock.now, settings=settings)
        assert isinstance(refused, Refused)
        clock.advance(seconds=refused.delay_seconds)
    assert refused.locked_until is not None
    assert account(database, "clerk").failed_sign_ins == 10


def test_a_disabled_account_says_so_only_to_the_right_password(
    database: Database, settings: SecuritySettings, clerk: Person
) -> None:
    from store.accounts.actions import set_disabled

    set_disabled(database, SUPPORT, SERVER_ADMINISTRATOR, "clerk", True, now=T0)
    assert wrong(database, "clerk", T0, settings).message == FAILED_MESSAGE
    step = start_sign_in(
        database, "clerk", clerk.password, source=SOURCE, now=T0, settings=settings
    )
    assert step == Refused(DISABLED)


# --- tickets --------------------------------------------------------------------------------


def test_a_ticket_goes_stale_when_the_password_is_reset_or_time_passes(
    database: Database, settings: SecuritySettings, clerk: Person
) -> None:
    step = start_sign_in(
        database, "clerk", clerk.password, source=SOURCE, now=T0, settings=settings
    )
    assert isinstance(step, NeedsSecurityCode)
    late = T0 + settings.sign_in_step_limit + timedelta(seconds=1)
    digits = code_digits(clerk.code, step)
    assert enter_security_code(
        database, step.ticket, digits, now=late, settings=settings
    ) == Refused(START_AGAIN)
    issue_temporary_password(database, SUPPORT, SERVER_ADMINISTRATOR, "clerk", now=T0)
    assert enter_security_code(database, step.ticket, digits, now=T0, settings=settings) == Refused(
        START_AGAIN
    )


def test_a_forged_ticket_cannot_skip_the_code(
    database: Database, settings: SecuritySettings, clerk: Person
) -> None:
    step = start_sign_in(
        database, "clerk", clerk.password, source=SOURCE, now=T0, settings=settings
    )
    assert isinstance(step, NeedsSecurityCode)
    # Changing a password needs every check done first, whatever the screen sends.
    skipped = choose_new_password(
        database, step.ticket, "Brand-New-Pass-1!", now=T0, settings=settings
    )
    assert isinstance(skipped, NeedsSecurityCode)


# --- support accounts: the authenticator ----------------------------------------------------


def test_support_enrols_an_authenticator_then_needs_it_every_time(
    database: Database, settings: SecuritySettings
) -> None:
    issued = add(database, "helpdesk", Role.SUPPORT, None, settings=settings)
    step = start_sign_in(
        database, "helpdesk", issued.temporary_password, source=SOURCE, now=T0, settings=settings
    )
    assert isinstance(step, NeedsPasswordChange)
    step = choose_new_password(database, step.ticket, GOOD_PASSWORD, now=T0, settings=settings)
    assert isinstance(step, ShowSecurityCode)
    code = step.code
    step = continue_sign_in(database, step.ticket, now=T0, settings=settings)
    assert isinstance(step, NeedsTotpEnrolment)
    assert step.uri == f"otpauth://totp/Pupil%20Tracker?secret={step.secret}"
    secret = secret_from_text(step.secret)
    bad = confirm_totp_enrolment(database, step.ticket, "000000", now=T0, settings=settings)
    if totp(secret, T0.timestamp()) != "000000":
        assert isinstance(bad, NeedsTotpEnrolment) and bad.problem and bad.secret == step.secret
    done = confirm_totp_enrolment(
        database, step.ticket, totp(secret, T0.timestamp()), now=T0, settings=settings
    )
    assert isinstance(done, SignedIn) and done.actor.role is Role.SUPPORT
    assert done.actor.establishment_id is None
    from store.accounts.sessions import end_session

    end_session(database, done.session_id, T0)
    later = T0 + timedelta(hours=1)
    step = start_sign_in(
        database, "helpdesk", GOOD_PASSWORD, source=SOURCE, now=later, settings=settings
    )
    assert isinstance(step, NeedsSecurityCode)
    step = enter_security_code(
        database, step.ticket, code_digits(code, step), now=later, settings=settings
    )
    assert isinstance(step, NeedsTotp)
    wrong_code = f"{(int(totp(secret, later.timestamp())) + 1) % 1000000:06d}"
    assert enter_totp(database, step.ticket, wrong_code, now=later, settings=settings) == Refused(
        TOTP_FAILED
    )
    assert account(database, "helpdesk").failed_sign_ins == 1
    person = Person("helpdesk", GOOD_PASSWORD, code, secret)
    assert isinstance(sign_in(database, person, settings, later), SignedIn)
    # The code just used is spent: the same code in the same 30 seconds does not work again.
    step = start_sign_in(
        database, "helpdesk", GOOD_PASSWORD, source=SOURCE, now=later, settings=settings
    )
    assert isinstance(step, NeedsSecurityCode)
    step = enter_security_code(
        database, step.ticket, code_digits(code, step), now=later, settings=settings
    )
    assert isinstance(step, NeedsTotp)
    replay = enter_totp(
        database, step.ticket, totp(secret, later.timestamp()), now=later, settings=settings
    )
    assert replay == Refused(TOTP_FAILED)


# --- hashes ---------------------------------------------------------------------------------


def test_a_hash_made_with_old_parameters_is_remade_at_sign_in(
    database: Database, settings: SecuritySettings, clerk: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = account(database, "clerk").password_hash
    assert old.startswith("$argon2id$") and "m=8,t=1,p=1" in old
    monkeypatch.setattr(
        passwords, "_hasher", PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    )
    assert isinstance(sign_in(database, clerk, settings, T0 + timedelta(hours=1)), SignedIn)
    new = account(database, "clerk").password_hash
    assert new != old and "m=16,t=2,p=1" in new
    assert "upgrade password hash" in audit_actions(database, "clerk")
    # And the remade hash still signs in.
    from store.accounts.sessions import end_sessions_of

    with database.write() as session:
        end_sessions_of(session, account(database, "clerk").id or 0, T0, "test")
    assert isinstance(sign_in(database, clerk, settings, T0 + timedelta(hours=2)), SignedIn)


def test_the_store_never_sleeps(
    database: Database, settings: SecuritySettings, clerk: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    def no_sleeping(seconds: float) -> None:
        raise AssertionError("the store slept")

    monkeypatch.setattr(time, "sleep", no_sleeping)
    clock = Clock()
    for _ in range(6):
        clock.advance(seconds=wrong(database, "clerk", clock.now, settings).delay_seconds)
    assert replace(Refused("x"), delay_seconds=3).delay_seconds == 3
