"""No password, security code or authenticator secret is anywhere in the database file in clear."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from store.accounts.actions import (
    change_own_password,
    change_own_security_code,
    issue_temporary_password,
)
from store.accounts.demo_accounts import ensure_demo_accounts
from store.accounts.reauth import SERVER_ADMINISTRATOR, ReauthenticationFailed, confirm_password
from store.accounts.settings import SecuritySettings
from store.accounts.sign_in import start_sign_in
from store.accounts.totp import secret_to_text
from store.core.access import Role
from store.core.db import Database
from tests.store.accounts_helpers import (
    SOURCE,
    SUPPORT,
    T0,
    add,
    cheap_hashing,
    first_sign_in,
    school,
    sign_in,
)
from tests.store.conftest import sqlite_only


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> PasswordHasher:
    return cheap_hashing(monkeypatch)


def raw_bytes(db_path: Path) -> bytes:
    """The database file and its write-ahead log, as they lie on disk."""
    return b"".join(
        path.read_bytes()
        for path in (db_path, db_path.with_name(db_path.name + "-wal"))
        if path.exists()
    )


def test_no_secret_in_clear(database: Database, db_path: Path, tmp_path: Path) -> None:
    sqlite_only(database)
    settings = SecuritySettings(key_file=tmp_path / "secret.key")
    establishment = school(database)
    passwords: list[str] = []
    codes: list[str] = []
    totp_secrets: list[bytes] = []

    clerk_issued = add(database, "clerk", Role.USER, establishment.id, settings=settings)
    helper_issued = add(database, "helpdesk", Role.SUPPORT, None, settings=settings)
    passwords += [clerk_issued.temporary_password, helper_issued.temporary_password]
    clerk, clerk_in = first_sign_in(database, clerk_issued, settings)
    helper, _ = first_sign_in(database, helper_issued, settings, new_password="Heron-Mast-31?")
    passwords += [clerk.password, helper.password]
    codes += [clerk.code, helper.code]
    assert helper.totp_secret is not None
    totp_secrets.append(helper.totp_secret)

    wrong_guess = "Guessed-Wrongly-7!"
    passwords.append(wrong_guess)
    start_sign_in(database, "clerk", wrong_guess, source=SOURCE, now=T0, settings=settings)
    start_sign_in(database, "nobody", wrong_guess, source=SOURCE, now=T0, settings=settings)
    with pytest.raises(ReauthenticationFailed):
        confirm_password(database, clerk_in.actor, wrong_guess, now=T0)

    new_password = "Lantern-Quay-64&"
    passwords.append(new_password)
    change_own_password(database, clerk_in.actor, clerk.password, new_password, now=T0)
    codes.append(
        change_own_security_code(database, clerk_in.actor, new_password, now=T0, settings=settings)
    )
    reset = issue_temporary_password(database, SUPPORT, SERVER_ADMINISTRATOR, "helpdesk", now=T0)
    passwords.append(reset.temporary_password)
    for credential in ensure_demo_accounts(
        database, SUPPORT, establishment.id, now=T0, settings=settings
    ):
        passwords.append(credential.password)
        codes.append(credential.security_code)
    clerk.password, clerk.code = new_password, codes[2]
    from store.accounts.sessions import end_session

    end_session(database, clerk_in.session_id, T0)
    sign_in(database, clerk, settings, T0 + timedelta(minutes=5))

    for stage in ("open", "closed"):
        data = raw_bytes(db_path)
        # The right file is being read: the hashes and names are there.
        assert b"$argon2id$" in data and b"helpdesk" in data
        for password in passwords:
            assert password.encode() not in data, f"a password in clear ({stage})"
            assert password.encode("utf-16-le") not in data
        for code in codes:
            # A five-digit run on its own: the code. (Longer runs, like timestamps, are not it.)
            assert not re.search(rb"(?<!\d)" + code.encode() + rb"(?!\d)", data), (
                f"a security code in clear ({stage})"
            )
        for secret in totp_secrets:
            assert secret not in data
            assert secret_to_text(secret).encode() not in data
            assert secret.hex().encode() not in data
        database.dispose()  # closing checkpoints the WAL into the main file
