"""A dropped SSH connection (SIGHUP) or a crash ends the session, so its owner can sign in again."""

from __future__ import annotations

import os
import re
import select
import signal
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import select as select_rows
from sqlmodel import col

from store.accounts.secret_box import ENV_KEY_FILE
from store.accounts.sessions import HANGUP, end_session
from store.accounts.settings import SecuritySettings
from store.accounts.sign_in import enter_security_code, start_sign_in
from store.accounts.sign_in_steps import NeedsSecurityCode, SignedIn
from store.core.access import Role
from store.core.db import open_database
from store.core.models import AuditEntry, LoginSession
from tests.e2e.test_crash_safety import Terminal
from tests.store.accounts_helpers import Person, add, code_digits, first_sign_in, school
from tui.session_guard import APP_STOPPED

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")

CLIENT = "192.0.2.7"
# Loaded by the app's Python at start-up (from PYTHONPATH): a bug behind t, the audit trail.
PLANTED_BUG = """
from tui.screens.school.home import HomeScreen


def crash(screen):
    raise RuntimeError("a bug planted by the test")


HomeScreen.action_trail = crash
"""
CODE_PROMPT = re.compile(rb"Enter the (\d)\w\w and (\d)\w\w digits of your security code")
ESCAPES = re.compile(rb"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")


def read_until(
    terminal: Terminal, pattern: re.Pattern[bytes], limit: float = 60.0
) -> re.Match[bytes]:
    """Read what the app writes until `pattern` shows in its text (escape sequences left out)."""
    output = b""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        ready, _, _ = select.select([terminal.master], [], [], 0.2)
        if ready:
            try:
                output += os.read(terminal.master, 65536)
            except OSError:
                break
        found = pattern.search(ESCAPES.sub(b"", output))
        if found:
            return found
    raise AssertionError(f"the app never showed {pattern.pattern!r}")


@pytest.fixture
def signed_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Person]:
    """A database with one school manager who has signed in once; the app will find the key."""
    key_file = tmp_path / "keys" / "secret.key"
    monkeypatch.setenv(ENV_KEY_FILE, str(key_file))
    monkeypatch.setenv("SSH_CONNECTION", f"{CLIENT} 52100 192.0.2.1 22")
    path = tmp_path / "hangup.db"
    database = open_database(f"sqlite:///{path}")
    settings = SecuritySettings(key_file=key_file)
    now = datetime.now(timezone.utc)
    issued = add(database, "clerk", Role.MANAGER, school(database).id, now=now, settings=settings)
    person, signed_in = first_sign_in(database, issued, settings, now=now)
    end_session(database, signed_in.session_id, now)
    database.dispose()
    return path, person


def sessions(path: Path) -> list[LoginSession]:
    database = open_database(f"sqlite:///{path}")
    try:
        with database.read() as session:
            rows = list(session.scalars(select_rows(LoginSession).order_by(col(LoginSession.id))))
            for row in rows:
                session.expunge(row)
            return rows
    finally:
        database.dispose()


def sign_outs(path: Path) -> list[AuditEntry]:
    database = open_database(f"sqlite:///{path}")
    try:
        with database.read() as session:
            query = select_rows(AuditEntry).where(col(AuditEntry.action) == "sign out")
            rows = list(session.scalars(query.order_by(col(AuditEntry.id))))
            for row in rows:
                session.expunge(row)
            return rows
    finally:
        database.dispose()


def sign_in_by_keys(terminal: Terminal, clerk: Person) -> None:
    """Username, password and two digits of the code, typed; then the school's home screen."""
    read_until(terminal, re.compile(rb"Username"))
    terminal.press(clerk.username.encode() + b"\r")
    terminal.read_until_quiet()
    terminal.press(clerk.password.encode() + b"\r")
    asked = read_until(terminal, CODE_PROMPT)
    positions = (int(asked.group(1)), int(asked.group(2)))
    terminal.press("".join(clerk.code[p - 1] for p in positions).encode() + b"\r")
    read_until(terminal, re.compile(rb"Edit multiple pupils"))


def signs_in_at_once(path: Path, clerk: Person) -> bool:
    """The owner, reconnecting, is not asked about (or blocked by) a session elsewhere."""
    database = open_database(f"sqlite:///{path}")
    try:
        settings = SecuritySettings.from_environ()
        now = datetime.now(timezone.utc)
        source = f"ssh {CLIENT}"
        step = start_sign_in(
            database, clerk.username, clerk.password, source=source, now=now, settings=settings
        )
        assert isinstance(step, NeedsSecurityCode)
        done = enter_security_code(
            database, step.ticket, code_digits(clerk.code, step), now=now, settings=settings
        )
        return isinstance(done, SignedIn)
    finally:
        database.dispose()


def test_sighup_ends_the_session_and_the_owner_signs_in_again_at_once(
    signed_up: tuple[Path, Person],
) -> None:
    path, clerk = signed_up
    terminal = Terminal(path)
    try:
        sign_in_by_keys(terminal, clerk)
        (live,) = [row for row in sessions(path) if row.ended_at is None]
        assert live.source == f"ssh {CLIENT}"
        terminal.process.send_signal(signal.SIGHUP)
        assert terminal.process.wait(timeout=10) == 0
    finally:
        terminal.close()

    (ended,) = [row for row in sessions(path) if row.id == live.id]
    assert ended.ended_at is not None and ended.end_reason == HANGUP
    audited = [
        row for row in sign_outs(path) if row.old_value and f"session {live.id} " in row.old_value
    ]
    assert len(audited) == 1 and audited[0].new_value == HANGUP
    assert audited[0].actor == clerk.username and audited[0].source == f"ssh {CLIENT}"

    assert signs_in_at_once(path, clerk)


def test_a_crash_ends_the_session_and_the_owner_signs_in_again_at_once(
    signed_up: tuple[Path, Person], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    planted = tmp_path / "planted"
    planted.mkdir()
    (planted / "sitecustomize.py").write_text(PLANTED_BUG)
    earlier = os.environ.get("PYTHONPATH")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(planted), earlier])))
    path, clerk = signed_up
    terminal = Terminal(path)
    try:
        sign_in_by_keys(terminal, clerk)
        (live,) = [row for row in sessions(path) if row.ended_at is None]
        terminal.press(b"t")  # the planted bug: an unhandled exception ends the app
        assert terminal.process.wait(timeout=20) == 1
    finally:
        terminal.close()

    (ended,) = [row for row in sessions(path) if row.id == live.id]
    assert ended.ended_at is not None and ended.end_reason == APP_STOPPED
    assert signs_in_at_once(path, clerk)
