"""Account summaries carry the last successful sign-in, which the Users screen lists."""

from __future__ import annotations

from pathlib import Path

import pytest
from argon2 import PasswordHasher

from store.accounts.accounts import list_accounts
from store.accounts.settings import SecuritySettings
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
)


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> PasswordHasher:
    return cheap_hashing(monkeypatch)


def test_summaries_say_when_and_where_from_the_last_sign_in_was(
    database: Database, tmp_path: Path
) -> None:
    settings = SecuritySettings(key_file=tmp_path / "secret.key")
    establishment = school(database)
    add(database, "a.new", Role.USER, establishment.id, settings=settings)
    issued = add(database, "j.smith", Role.MANAGER, establishment.id, settings=settings)
    first_sign_in(database, issued, settings, now=T0)
    summaries = {s.username: s for s in list_accounts(database, SUPPORT, establishment.id, now=T0)}
    assert (summaries["a.new"].last_success_at, summaries["a.new"].last_success_source) == (
        None,
        None,
    )
    assert summaries["j.smith"].last_success_at == T0
    assert summaries["j.smith"].last_success_source == SOURCE
