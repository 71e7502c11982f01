"""Account management: who may do what, isolation between schools, re-authentication, audit."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from store.accounts import accounts
from store.accounts import actions as account_actions
from store.accounts.accounts import get_account, list_accounts
from store.accounts.actions import (
    change_own_password,
    change_own_security_code,
    change_role,
    end_session_of,
    issue_temporary_password,
    reset_authenticator,
    reset_security_code,
    set_disabled,
    unlock_account,
)
from store.accounts.reauth import (
    REAUTH_MESSAGE,
    SERVER_ADMINISTRATOR,
    ReauthenticationFailed,
    confirm_password,
)
from store.accounts.sessions import SessionState, get_session, heartbeat, start_session
from store.accounts.settings import SecuritySettings
from store.accounts.sign_in_steps import NeedsPasswordChange, NeedsSecurityCode, Refused, SignedIn
from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound, SessionEnded
from tests.store.accounts_helpers import (
    GOOD_PASSWORD,
    OTHER_PASSWORD,
    SUPPORT,
    T0,
    Person,
    account,
    add,
    audit_actions,
    cheap_hashing,
    first_sign_in,
    school,
    sign_in,
    stored_code,
)

CLERK_PASSWORD = "Meadow-Lark-55&"


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> PasswordHasher:
    return cheap_hashing(monkeypatch)


@pytest.fixture
def settings(tmp_path: Path) -> SecuritySettings:
    return SecuritySettings(key_file=tmp_path / "secret.key")


class Schools:
    """Two schools, each with a manager and a user who have signed in; one support person."""

    def __init__(self, db: Database, settings: SecuritySettings) -> None:
        self.a = school(db, "2041", "ST MARY'S PRIMARY")
        self.b = school(db, "3050", "HILLSIDE NURSERY")
        self.people: dict[str, Person] = {}
        self.actors: dict[str, Actor] = {}
        self.sessions: dict[str, int] = {}
        for name, role, where in (
            ("head.a", Role.MANAGER, self.a.id),
            ("clerk.a", Role.USER, self.a.id),
            ("head.b", Role.MANAGER, self.b.id),
            ("clerk.b", Role.USER, self.b.id),
            ("helpdesk", Role.SUPPORT, None),
        ):
            issued = add(db, name, role, where, settings=settings)
            password = CLERK_PASSWORD if role is Role.USER else GOOD_PASSWORD
            person, done = first_sign_in(db, issued, settings, new_password=password)
            self.people[name], self.actors[name] = person, done.actor
            self.sessions[name] = done.session_id


@pytest.fixture
def schools(database: Database, settings: SecuritySettings) -> Schools:
    return Schools(database, settings)


# --- adding and listing ---------------------------------------------------------------------


def test_a_manager_adds_users_and_managers_to_their_own_school_only(
    database: Database, schools: Schools
) -> None:
    head = schools.actors["head.a"]
    issued = add(database, "teacher.a", Role.USER, schools.a.id, actor=head)
    assert issued.account.establishment_number == "2041"
    assert issued.temporary_password not in repr(issued)
    assert issued.expires_at == T0 + timedelta(hours=72)
    add(database, "deputy.a", Role.MANAGER, schools.a.id, actor=head)
    with pytest.raises(PermissionDenied, match="own establishment"):
        add(database, "spy", Role.USER, schools.b.id, actor=head)
    with pytest.raises(PermissionDenied, match="support team"):
        add(database, "boss", Role.SUPPORT, None, actor=head)
    with pytest.raises(PermissionDenied):
        add(database, "friend", Role.USER, schools.a.id, actor=schools.actors["clerk.a"])


def test_usernames_are_checked_and_shared_by_the_whole_service(
    database: Database, schools: Schools
) -> None:
    with pytest.raises(InvalidInput, match="taken"):
        add(database, "CLERK.B", Role.USER, schools.a.id, actor=schools.actors["head.a"])
    for bad in ("ab", "has space", "-dash", "x" * 61):
        with pytest.raises(InvalidInput, match="3 to 60 characters"):
            add(database, bad, Role.USER, schools.a.id)
    with pytest.raises(InvalidInput, match="no establishment"):
        add(database, "lost.support", Role.SUPPORT, schools.a.id)
    with pytest.raises(InvalidInput, match="which establishment"):
        add(database, "lost.user", Role.USER, None)
    with pytest.raises(NotFound):
        add(database, "nowhere", Role.USER, 999999)


def test_lists_keep_each_school_to_itself(database: Database, schools: Schools) -> None:
    names = [a.username for a in list_accounts(database, schools.actors["head.a"], now=T0)]
    assert names == ["clerk.a", "head.a"]
    with pytest.raises(PermissionDenied):
        list_accounts(database, schools.actors["head.a"], schools.b.id, now=T0)
    with pytest.raises(PermissionDenied):
        list_accounts(database, schools.actors["clerk.a"], now=T0)
    everyone = list_accounts(database, schools.actors["helpdesk"], now=T0)
    assert [a.username for a in everyone] == ["helpdesk", "clerk.a", "head.a", "clerk.b", "head.b"]
    assert {a.state for a in everyone} == {"active"}
    only_b = list_accounts(database, SUPPORT, schools.b.id, now=T0)
    assert [a.username for a in only_b] == ["clerk.b", "head.b"]
    with pytest.raises(PermissionDenied):
        get_account(database, schools.actors["head.b"], "clerk.a", now=T0)


# --- re-authentication ----------------------------------------------------------------------


def test_resetting_someone_needs_your_own_password(
    database: Database, settings: SecuritySettings, schools: Schools
) -> None:
    head = schools.actors["head.a"]
    with pytest.raises(ReauthenticationFailed, match=REAUTH_MESSAGE):
        issue_temporary_password(database, head, "not my password", "clerk.a", now=T0)
    with pytest.raises(ReauthenticationFailed, match=REAUTH_MESSAGE):
        issue_temporary_password(
            database, head, schools.people["clerk.a"].password, "clerk.a", now=T0
        )
    assert account(database, "head.a").failed_sign_ins == 2
    assert audit_actions(database, "head.a").count("password check failed") == 2
    issued = issue_temporary_password(database, head, GOOD_PASSWORD, "clerk.a", now=T0)
    assert account(database, "head.a").failed_sign_ins == 0
    # The reset ended the user's session and their old password is gone.
    assert get_session(database, schools.sessions["clerk.a"]).end_reason == "new temporary password"
    old = sign_in(database, schools.people["clerk.a"], settings, T0 + timedelta(minutes=1))
    assert isinstance(old, Refused)
    from store.accounts.sign_in import start_sign_in

    fresh = start_sign_in(
        database, "clerk.a", issued.temporary_password, source="local", now=T0, settings=settings
    )
    # Their security code still stands: the two digits come before the change of password.
    assert isinstance(fresh, NeedsSecurityCode)
    assert "reset password" in audit_actions(database, "clerk.a")


def test_ten_wrong_confirmations_lock_the_actor_and_end_their_session(
    database: Database, schools: Schools
) -> None:
    head = schools.actors["head.a"]
    now = T0
    for _ in range(10):
        with pytest.raises(ReauthenticationFailed):
            confirm_password(database, head, "guess-guess-1A!", now=now)
        now += timedelta(seconds=30)
    assert account(database, "head.a").locked_until is not None
    assert get_session(database, schools.sessions["head.a"]).ended_at is not None
    # That session is over: it is refused before any password is looked at ...
    with pytest.raises(SessionEnded, match="locked after failed password checks"):
        confirm_password(database, head, GOOD_PASSWORD, now=now)
    # ... and the account is locked, whichever session asks.
    with pytest.raises(ReauthenticationFailed, match="Too many"):
        confirm_password(database, replace(head, session_id=None), GOOD_PASSWORD, now=now)


def test_confirm_password_for_other_sensitive_actions(database: Database, schools: Schools) -> None:
    confirm_password(database, schools.actors["helpdesk"], GOOD_PASSWORD, now=T0)
    with pytest.raises(ReauthenticationFailed):
        confirm_password(database, schools.actors["helpdesk"], OTHER_PASSWORD, now=T0)
    # An actor with no account (the pre-accounts local actor) cannot confirm with anything.
    with pytest.raises(ReauthenticationFailed):
        confirm_password(
            database, Actor("nobody", Role.MANAGER, schools.a.id), GOOD_PASSWORD, now=T0
        )


# --- managers and support act on accounts ---------------------------------------------------


def test_a_manager_cannot_touch_another_school_even_with_the_right_password(
    database: Database, schools: Schools
) -> None:
    head = schools.actors["head.a"]
    for action in (
        lambda: issue_temporary_password(database, head, GOOD_PASSWORD, "clerk.b", now=T0),
        lambda: reset_security_code(database, head, GOOD_PASSWORD, "clerk.b", now=T0),
        lambda: set_disabled(database, head, GOOD_PASSWORD, "clerk.b", True, now=T0),
        lambda: change_role(database, head, GOOD_PASSWORD, "clerk.b", Role.MANAGER, now=T0),
        lambda: set_disabled(database, head, GOOD_PASSWORD, "helpdesk", True, now=T0),
    ):
        with pytest.raises(PermissionDenied, match="own establishment"):
            action()
    assert not account(database, "clerk.b").disabled


def test_nobody_resets_or_disables_their_own_account_here(
    database: Database, schools: Schools
) -> None:
    head = schools.actors["head.a"]
    with pytest.raises(PermissionDenied, match="your own account"):
        set_disabled(database, head, GOOD_PASSWORD, "head.a", True, now=T0)
    with pytest.raises(PermissionDenied, match="your own account"):
        change_role(database, head, GOOD_PASSWORD, "head.a", Role.USER, now=T0)


def test_disable_and_enable(
    database: Database, settings: SecuritySettings, schools: Schools
) -> None:
    head = schools.actors["head.a"]
    set_disabled(database, head, GOOD_PASSWORD, "clerk.a", True, now=T0)
    status = heartbeat(database, schools.sessions["clerk.a"], T0 + timedelta(seconds=30), settings)
    assert status.state is SessionState.ENDED and status.reason == "account disabled"
    assert get_account(database, head, "clerk.a", now=T0).state == "disabled"
    set_disabled(database, head, GOOD_PASSWORD, "clerk.a", False, now=T0)
    step = sign_in(database, schools.people["clerk.a"], settings, T0 + timedelta(minutes=1))
    assert isinstance(step, SignedIn)
    assert audit_actions(database, "clerk.a")[-3:-1] == ["disable account", "enable account"]


def test_change_role_between_user_and_manager(database: Database, schools: Schools) -> None:
    head = schools.actors["head.a"]
    change_role(database, head, GOOD_PASSWORD, "clerk.a", Role.MANAGER, now=T0)
    assert account(database, "clerk.a").role == "manager"
    assert get_session(database, schools.sessions["clerk.a"]).end_reason == "role changed"
    with pytest.raises(InvalidInput):
        change_role(database, SUPPORT, SERVER_ADMINISTRATOR, "clerk.a", Role.SUPPORT, now=T0)
    with pytest.raises(InvalidInput):
        change_role(database, SUPPORT, SERVER_ADMINISTRATOR, "helpdesk", Role.USER, now=T0)


def test_unlock_and_authenticator_reset_are_for_support(
    database: Database, settings: SecuritySettings, schools: Schools
) -> None:
    head = schools.actors["head.a"]
    with pytest.raises(PermissionDenied, match="support team"):
        unlock_account(database, head, GOOD_PASSWORD, "clerk.a", now=T0)
    with pytest.raises(PermissionDenied, match="support team"):
        reset_authenticator(database, head, GOOD_PASSWORD, "helpdesk", now=T0)
    support = schools.actors["helpdesk"]
    assert not unlock_account(database, support, GOOD_PASSWORD, "clerk.a", now=T0)
    reset_authenticator(database, SUPPORT, SERVER_ADMINISTRATOR, "helpdesk", now=T0)
    assert account(database, "helpdesk").totp_secret_encrypted is None


def test_a_reset_security_code_is_shown_anew_at_the_next_sign_in(
    database: Database, settings: SecuritySettings, schools: Schools
) -> None:
    person = schools.people["clerk.a"]
    reset_security_code(database, schools.actors["head.a"], GOOD_PASSWORD, "clerk.a", now=T0)
    assert stored_code(database, "clerk.a", settings) is None
    later = T0 + timedelta(hours=1)
    from store.accounts.sign_in import continue_sign_in, start_sign_in
    from store.accounts.sign_in_steps import ShowSecurityCode

    step = start_sign_in(
        database, "clerk.a", person.password, source="x", now=later, settings=settings
    )
    assert isinstance(step, ShowSecurityCode)
    done = continue_sign_in(database, step.ticket, now=later, settings=settings)
    assert isinstance(done, SignedIn)
    assert stored_code(database, "clerk.a", settings) == step.code


def test_support_ends_a_session(
    database: Database, settings: SecuritySettings, schools: Schools
) -> None:
    session_id = schools.sessions["clerk.b"]
    with pytest.raises(PermissionDenied):
        end_session_of(database, schools.actors["head.a"], GOOD_PASSWORD, session_id, now=T0)
    end_session_of(database, schools.actors["helpdesk"], GOOD_PASSWORD, session_id, now=T0)
    assert get_session(database, session_id).end_reason == "ended by helpdesk"
    assert "end session" in audit_actions(database, "clerk.b")


# --- one's own password and code ------------------------------------------------------------


def test_changing_your_own_password_needs_the_current_one(
    database: Database, settings: SecuritySettings, schools: Schools
) -> None:
    clerk = schools.actors["clerk.a"]
    with pytest.raises(ReauthenticationFailed):
        change_own_password(database, clerk, OTHER_PASSWORD, "Fresh-Meadow-88!", now=T0)
    with pytest.raises(InvalidInput, match="commonly used"):
        change_own_password(database, clerk, CLERK_PASSWORD, "Password123!", now=T0)
    with pytest.raises(InvalidInput, match="username"):
        change_own_password(database, clerk, CLERK_PASSWORD, "Clerk.A-is-me-1", now=T0)
    with pytest.raises(InvalidInput, match="different"):
        change_own_password(database, clerk, CLERK_PASSWORD, CLERK_PASSWORD, now=T0)
    change_own_password(database, clerk, CLERK_PASSWORD, "Fresh-Meadow-88!", now=T0)
    person = schools.people["clerk.a"]
    person.password = "Fresh-Meadow-88!"
    from store.accounts.sessions import end_session

    end_session(database, schools.sessions["clerk.a"], T0)
    assert isinstance(sign_in(database, person, settings, T0 + timedelta(minutes=5)), SignedIn)


def test_changing_your_own_password_ends_your_other_sessions_only(
    database: Database, settings: SecuritySettings, schools: Schools
) -> None:
    """Whoever else is signed in as you (a forgotten PC, someone who knew it) is out."""
    clerk = schools.actors["clerk.a"]
    here = schools.sessions["clerk.a"]
    elsewhere = T0 + timedelta(minutes=1)
    with database.write() as session:  # a second session of the same account, left open
        other = start_session(session, account(database, "clerk.a").id or 0, "ssh 203.0.113.5", T0)
        other_id = other.id or 0
    change_own_password(database, clerk, CLERK_PASSWORD, "Fresh-Meadow-88!", now=elsewhere)
    assert get_session(database, here).ended_at is None
    ended = get_session(database, other_id)
    assert ended.ended_at is not None and ended.end_reason == "password changed"
    assert heartbeat(database, here, elsewhere, settings).state is not SessionState.ENDED
    assert "change own password" in audit_actions(database, "clerk.a")


def test_changing_your_own_security_code(
    database: Database, settings: SecuritySettings, schools: Schools
) -> None:
    clerk = schools.actors["clerk.a"]
    with pytest.raises(ReauthenticationFailed):
        change_own_security_code(database, clerk, OTHER_PASSWORD, now=T0, settings=settings)
    code = change_own_security_code(database, clerk, CLERK_PASSWORD, now=T0, settings=settings)
    assert stored_code(database, "clerk.a", settings) == code
    assert "change own security code" in audit_actions(database, "clerk.a")


# --- the audit row is part of the change ----------------------------------------------------


def test_a_change_and_its_audit_row_commit_together(
    database: Database, schools: Schools, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_audit(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the audit trail is full")

    monkeypatch.setattr(account_actions, "audit_account", broken_audit)
    before = audit_actions(database)
    with pytest.raises(RuntimeError):
        set_disabled(database, SUPPORT, SERVER_ADMINISTRATOR, "clerk.a", True, now=T0)
    with pytest.raises(RuntimeError):
        issue_temporary_password(database, SUPPORT, SERVER_ADMINISTRATOR, "clerk.b", now=T0)
    assert not account(database, "clerk.a").disabled
    assert not account(database, "clerk.b").password_is_temporary
    assert get_session(database, schools.sessions["clerk.b"]).ended_at is None
    assert audit_actions(database) == before


def test_a_sign_in_and_its_audit_row_commit_together(
    database: Database, settings: SecuritySettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from store.accounts import sign_in as sign_in_module
    from store.accounts.sign_in import start_sign_in

    issued = add(database, "solo", Role.USER, school(database).id, settings=settings)
    first_step = start_sign_in(
        database, "solo", issued.temporary_password, source="x", now=T0, settings=settings
    )
    assert isinstance(first_step, NeedsPasswordChange)

    def broken_audit(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the audit trail is full")

    monkeypatch.setattr(accounts, "record", broken_audit)
    with pytest.raises(RuntimeError):
        start_sign_in(database, "solo", "Wrong-Wrong-1!", source="x", now=T0, settings=settings)
    assert account(database, "solo").failed_sign_ins == 0
    with pytest.raises(RuntimeError):
        sign_in_module.choose_new_password(
            database, first_step.ticket, GOOD_PASSWORD, now=T0, settings=settings
        )
    assert account(database, "solo").password_is_temporary
