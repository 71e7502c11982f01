"""Sign-in opens the security code and the authenticator secret before taking the write lock."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlmodel import Session

from store.accounts.actions import reset_security_code
from store.accounts.reauth import SERVER_ADMINISTRATOR
from store.accounts.secret_box import KeyFileProblem, SecretBox
from store.accounts.sessions import end_session
from store.accounts.settings import SecuritySettings
from store.accounts.sign_in import enter_security_code, start_sign_in
from store.accounts.sign_in_steps import NeedsSecurityCode, Refused, ShowSecurityCode, SignedIn
from store.core.access import Role
from store.core.db import Database
from tests.store.accounts_helpers import (
    SOURCE,
    SUPPORT,
    T0,
    Person,
    add,
    cheap_hashing,
    code_digits,
    first_sign_in,
    school,
    sign_in,
)

LATER = T0 + timedelta(hours=1)


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> PasswordHasher:
    return cheap_hashing(monkeypatch)


@pytest.fixture
def settings(tmp_path: Path) -> SecuritySettings:
    return SecuritySettings(key_file=tmp_path / "keys" / "secret.key")


def signed_up(
    database: Database, settings: SecuritySettings, name: str, role: Role, establishment: bool
) -> Person:
    establishment_id = school(database).id if establishment else None
    issued = add(database, name, role, establishment_id, settings=settings)
    person, signed_in = first_sign_in(database, issued, settings)
    end_session(database, signed_in.session_id, T0)
    return person


@pytest.fixture
def decrypted_while_writing(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> Iterator[list[bool]]:
    """For each decryption: whether a write transaction was open at the time."""
    writing = False
    real_write = database.write

    @contextmanager
    def write() -> Iterator[Session]:
        nonlocal writing
        with real_write() as session:
            writing = True
            try:
                yield session
            finally:
                writing = False

    seen: list[bool] = []
    real_decrypt = SecretBox.decrypt

    def decrypt(box: SecretBox, token: str) -> str:
        seen.append(writing)
        return real_decrypt(box, token)

    monkeypatch.setattr(database, "write", write)
    monkeypatch.setattr(SecretBox, "decrypt", decrypt)
    yield seen


def test_the_code_and_the_authenticator_are_opened_outside_the_write_lock(
    database: Database, settings: SecuritySettings, decrypted_while_writing: list[bool]
) -> None:
    clerk = signed_up(database, settings, "clerk", Role.USER, establishment=True)
    helpdesk = signed_up(database, settings, "helpdesk", Role.SUPPORT, establishment=False)
    decrypted_while_writing.clear()
    assert isinstance(sign_in(database, clerk, settings, LATER), SignedIn)
    assert decrypted_while_writing == [False]
    assert isinstance(sign_in(database, helpdesk, settings, LATER), SignedIn)
    assert decrypted_while_writing == [False, False, False]  # the clerk's; code, authenticator


def test_a_code_reset_meanwhile_is_not_checked_against_the_old_one(
    database: Database, settings: SecuritySettings, decrypted_while_writing: list[bool]
) -> None:
    clerk = signed_up(database, settings, "clerk", Role.USER, establishment=True)
    step = start_sign_in(
        database, clerk.username, clerk.password, source=SOURCE, now=LATER, settings=settings
    )
    assert isinstance(step, NeedsSecurityCode)
    reset_security_code(database, SUPPORT, SERVER_ADMINISTRATOR, clerk.username, now=LATER)
    # Whatever was typed, the old code no longer decides: a new one is made and shown.
    shown = enter_security_code(
        database, step.ticket, code_digits(clerk.code, step), now=LATER, settings=settings
    )
    assert isinstance(shown, ShowSecurityCode) and decrypted_while_writing == []


def test_a_key_problem_is_still_reported_at_the_code_step(
    database: Database, settings: SecuritySettings, tmp_path: Path
) -> None:
    clerk = signed_up(database, settings, "clerk", Role.USER, establishment=True)
    step = start_sign_in(
        database, clerk.username, clerk.password, source=SOURCE, now=LATER, settings=settings
    )
    assert isinstance(step, NeedsSecurityCode)
    other = SecuritySettings(key_file=tmp_path / "other" / "secret.key")
    with pytest.raises(KeyFileProblem, match="another key"):
        enter_security_code(
            database, step.ticket, code_digits(clerk.code, step), now=LATER, settings=other
        )
    # A stale ticket is refused as before, key or no key.
    stale = enter_security_code(
        database,
        step.ticket,
        code_digits(clerk.code, step),
        now=LATER + settings.sign_in_step_limit + timedelta(seconds=1),
        settings=other,
    )
    assert isinstance(stale, Refused)
