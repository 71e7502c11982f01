"""The support console: finding people and saying why they cannot sign in, with the evidence."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from store.accounts.actions import issue_temporary_password, reset_security_code, set_disabled
from store.accounts.diagnosis import (
    account_details,
    diagnose_username,
    find_accounts,
    find_establishments,
)
from store.accounts.reauth import SERVER_ADMINISTRATOR
from store.accounts.settings import SecuritySettings
from store.accounts.sign_in import start_sign_in
from store.accounts.sign_in_steps import SignedIn
from store.core.access import PermissionDenied, Role
from store.core.db import Database
from tests.store.accounts_helpers import (
    SOURCE,
    SUPPORT,
    T0,
    Clock,
    Person,
    add,
    cheap_hashing,
    first_sign_in,
    school,
)


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> PasswordHasher:
    return cheap_hashing(monkeypatch)


@pytest.fixture
def settings(tmp_path: Path) -> SecuritySettings:
    return SecuritySettings(key_file=tmp_path / "secret.key")


@pytest.fixture
def clerk(database: Database, settings: SecuritySettings) -> tuple[Person, SignedIn]:
    issued = add(database, "j.smith", Role.USER, school(database).id, settings=settings)
    return first_sign_in(database, issued, settings)


def line(database: Database, name: str, now: object) -> str:
    return diagnose_username(database, SUPPORT, name, now=now).line  # type: ignore[arg-type]


def test_unknown_username(database: Database, settings: SecuritySettings) -> None:
    start_sign_in(database, "J.Smyth", "Whatever-1!", source=SOURCE, now=T0, settings=settings)
    diagnosis = diagnose_username(database, SUPPORT, "j.smyth", now=T0)
    assert diagnosis.line == "There is no account called j.smyth."
    assert any("1 failed sign-ins" in fact and SOURCE in fact for fact in diagnosis.evidence)


def test_nothing_stops_them(database: Database, clerk: tuple[Person, SignedIn]) -> None:
    from store.accounts.sessions import end_session

    end_session(database, clerk[1].session_id, T0)
    text = line(database, "j.smith", T0 + timedelta(hours=2))
    assert text.startswith("Nothing stops j.smith signing in now; last success ")
    assert SOURCE in text


def test_live_session_elsewhere(database: Database, clerk: tuple[Person, SignedIn]) -> None:
    details = account_details(database, SUPPORT, "j.smith", now=T0 + timedelta(minutes=1))
    assert details.session is not None and details.session.source == SOURCE
    assert details.session.started_at == T0
    assert "is signed in from ssh 192.0.2.7" in details.diagnosis.line
    assert "offers to end it" in details.diagnosis.line
    assert [record.action for record in details.recent][:1] == ["sign in"]


def test_locked_with_until_when_how_many_and_where_from(
    database: Database, settings: SecuritySettings, clerk: tuple[Person, SignedIn]
) -> None:
    clock = Clock()
    for _ in range(10):
        refused = start_sign_in(
            database,
            "j.smith",
            "Wrong-Again-1!",
            source="ssh 203.0.113.9",
            now=clock.now,
            settings=settings,
        )
        clock.advance(seconds=getattr(refused, "delay_seconds", 0))
    details = account_details(database, SUPPORT, "j.smith", now=clock.now)
    assert details.summary.state.startswith("locked until ")
    assert details.locked_until is not None and details.failed_sign_ins == 10
    assert details.last_failure_source == "ssh 203.0.113.9"
    assert "cannot sign in until" in details.diagnosis.line
    assert "after 10 failed sign-ins in a row" in details.diagnosis.line
    assert "ssh 203.0.113.9" in details.diagnosis.line
    assert any("unlocking lifts it" in fact for fact in details.diagnosis.evidence)
    assert sum(record.action == "sign-in failed" for record in details.recent) == 10


def test_delays_show_in_the_evidence(
    database: Database, settings: SecuritySettings, clerk: tuple[Person, SignedIn]
) -> None:
    for _ in range(3):
        start_sign_in(database, "j.smith", "Wrong-1!x", source=SOURCE, now=T0, settings=settings)
    evidence = diagnose_username(database, SUPPORT, "j.smith", now=T0).evidence
    assert "Role user; 3 failed sign-ins in a row." in evidence
    assert "Each try now waits 1 second; the 10th locks." in evidence


def test_disabled(database: Database, clerk: tuple[Person, SignedIn]) -> None:
    set_disabled(database, SUPPORT, SERVER_ADMINISTRATOR, "j.smith", True, now=T0)
    assert "the account is disabled" in line(database, "j.smith", T0)


def test_temporary_password_pending_then_expired(
    database: Database, clerk: tuple[Person, SignedIn]
) -> None:
    issue_temporary_password(database, SUPPORT, SERVER_ADMINISTRATOR, "j.smith", now=T0)
    assert "has not finished a first sign-in" in line(database, "j.smith", T0)
    details = account_details(database, SUPPORT, "j.smith", now=T0)
    assert details.summary.state.startswith("temporary password pending (expires ")
    assert details.temporary_expires_at == T0 + timedelta(hours=72)
    expired = T0 + timedelta(hours=73)
    assert "temporary password expired" in line(database, "j.smith", expired)
    assert account_details(database, SUPPORT, "j.smith", now=expired).summary.state == (
        "temporary password expired"
    )


def test_security_code_not_set(database: Database, clerk: tuple[Person, SignedIn]) -> None:
    reset_security_code(database, SUPPORT, SERVER_ADMINISTRATOR, "j.smith", now=T0)
    assert "no security code yet" in line(database, "j.smith", T0)
    assert not account_details(database, SUPPORT, "j.smith", now=T0).has_security_code


def test_support_without_an_authenticator(database: Database, settings: SecuritySettings) -> None:
    add(database, "new.helper", Role.SUPPORT, None, settings=settings)
    evidence = diagnose_username(database, SUPPORT, "new.helper", now=T0).evidence
    assert any("No authenticator yet" in fact for fact in evidence)


def test_finding_people_and_places(database: Database, settings: SecuritySettings) -> None:
    hillside = school(database, "3050", "HILLSIDE NURSERY")
    mary = school(database, "2041", "ST MARY'S PRIMARY")
    add(database, "a.jones", Role.MANAGER, hillside.id, settings=settings)
    add(database, "b.patel", Role.USER, mary.id, settings=settings)
    assert [e.number for e in find_establishments(database, SUPPORT, "hill")] == ["3050"]
    assert [e.number for e in find_establishments(database, SUPPORT, "204")] == ["2041"]
    assert [a.username for a in find_accounts(database, SUPPORT, "PATEL", now=T0)] == ["b.patel"]
    assert [a.username for a in find_accounts(database, SUPPORT, "nursery", now=T0)] == ["a.jones"]
    assert [a.username for a in find_accounts(database, SUPPORT, "3050", now=T0)] == ["a.jones"]
    assert find_accounts(database, SUPPORT, "100%", now=T0) == []  # wildcards are literal
    from store.core.access import Actor

    head = Actor("a.jones", Role.MANAGER, hillside.id)
    assert [a.username for a in find_accounts(database, head, "", now=T0)] == ["a.jones"]
    assert [e.number for e in find_establishments(database, head, "")] == ["3050"]
    with pytest.raises(PermissionDenied):
        account_details(database, head, "b.patel", now=T0)
    with pytest.raises(PermissionDenied):
        diagnose_username(database, head, "b.patel", now=T0)
