"""Shared fixtures: every test gets its own data directory and database file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from store.core.access import Actor, Role
from store.core.db import Database, open_database
from store.curriculum import frameworks
from store.curriculum.framework import Framework
from tests.frameworks import THREE_LETTER, THREE_LETTER_RECEPTION


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test touches the real user data directory or a database named in the environment.

    Exports go to the test's own folder: writers refuse a file outside the exports folder, and
    the exports tests write into tmp_path.
    """
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("PUPIL_TRACKER_DB_URL", raising=False)
    monkeypatch.delenv("PUPIL_TRACKER_KEY_FILE", raising=False)
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    # An unexpected error is logged (here, in the test's folder) and still fails the test.
    monkeypatch.setenv("PUPIL_TRACKER_LOG_DIR", str(tmp_path / "log"))
    monkeypatch.setenv("PUPIL_TRACKER_STRICT_ERRORS", "1")
    monkeypatch.setenv("PUPIL_TRACKER_EXPORTS_DIR", str(tmp_path))
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "tracker.db"


@pytest.fixture
def database(db_path: Path) -> Iterator[Database]:
    """A fresh SQLite database file with the schema."""
    db = open_database(f"sqlite:///{db_path}")
    yield db
    db.dispose()


@pytest.fixture
def support() -> Actor:
    return Actor("support.tester", Role.SUPPORT, None)


@pytest.fixture
def three_letter_framework() -> Iterator[Framework]:
    """The test-only framework (tests/frameworks.py), known to the store while the test runs."""
    with frameworks.registered(THREE_LETTER) as framework:
        yield framework


@pytest.fixture
def three_letter_reception_framework() -> Iterator[Framework]:
    """The test-only framework for Reception (tests/frameworks.py), known while the test runs."""
    with frameworks.registered(THREE_LETTER_RECEPTION) as framework:
        yield framework
