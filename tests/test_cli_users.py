"""The account commands of pupil-tracker (user add, reset-password, unlock, list), demo accounts."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from store.accounts.settings import SecuritySettings
from store.accounts.sign_in import (
    choose_new_password,
    confirm_totp_enrolment,
    continue_sign_in,
    enter_security_code,
    start_sign_in,
)
from store.accounts.sign_in_steps import (
    NeedsPasswordChange,
    NeedsSecurityCode,
    NeedsTotpEnrolment,
    Refused,
    ShowSecurityCode,
    SignedIn,
)
from store.accounts.totp import secret_from_text, totp
from store.core.access import Actor, Role
from store.core.db import Database, open_database
from store.establishments.establishments import create_establishment

NOW = datetime.now(timezone.utc)
NEW_PASSWORD = "Bramble-Kettle-42!"


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    return tmp_path / "keys" / "secret.key"


@pytest.fixture
def db_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "tracker.db"
    database = open_database(f"sqlite:///{path}")
    create_establishment(database, Actor("admin", Role.SUPPORT, None), "2041", "ST MARY'S PRIMARY")
    database.dispose()
    yield path


@pytest.fixture
def settings(key_file: Path) -> SecuritySettings:
    return SecuritySettings(key_file=key_file)


def run(key_file: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PUPIL_TRACKER_KEY_FILE": str(key_file)},
    )


def temporary_password(output: str) -> str:
    found = re.findall(r"^Temporary password: (\S+)$", output, re.MULTILINE)
    assert len(found) == 1, output
    return str(found[0])


def opened(db_file: Path) -> Database:
    return open_database(f"sqlite:///{db_file}")


def test_user_add_prints_the_temporary_password_once(
    db_file: Path, key_file: Path, settings: SecuritySettings
) -> None:
    result = run(
        key_file, "user", "add", "--db", str(db_file), "--establishment", "2041",
        "--username", "J.Smith", "--role", "user", "--name", "Jo Smith",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Added j.smith (user, 2041).")
    password = temporary_password(result.stdout)
    assert result.stdout.count(password) == 1
    assert "must be changed at the first sign-in" in result.stdout
    database = opened(db_file)
    step = start_sign_in(database, "j.smith", password, source="local", now=NOW, settings=settings)
    assert isinstance(step, NeedsPasswordChange)
    database.dispose()


def test_the_first_support_account_is_made_here_and_signs_in(
    db_file: Path, key_file: Path, settings: SecuritySettings
) -> None:
    result = run(key_file, "--db", str(db_file), "user", "add", "--username", "la.support",
                 "--role", "support")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Added la.support (support, every establishment)." in result.stdout
    database = opened(db_file)
    step = start_sign_in(
        database, "la.support", temporary_password(result.stdout), source="local", now=NOW,
        settings=settings,
    )  # fmt: skip
    assert isinstance(step, NeedsPasswordChange)
    step = choose_new_password(database, step.ticket, NEW_PASSWORD, now=NOW, settings=settings)
    assert isinstance(step, ShowSecurityCode)
    step = continue_sign_in(database, step.ticket, now=NOW, settings=settings)
    assert isinstance(step, NeedsTotpEnrolment)
    code = totp(secret_from_text(step.secret), NOW.timestamp())
    done = confirm_totp_enrolment(database, step.ticket, code, now=NOW, settings=settings)
    assert isinstance(done, SignedIn) and done.actor.role is Role.SUPPORT
    database.dispose()


def test_list_reset_and_unlock(db_file: Path, key_file: Path, settings: SecuritySettings) -> None:
    for name, role in (("head", "manager"), ("clerk", "user")):
        added = run(key_file, "user", "add", "--db", str(db_file), "--establishment", "2041",
                    "--username", name, "--role", role)  # fmt: skip
        assert added.returncode == 0, added.stderr
    first = temporary_password(added.stdout)
    listing = run(key_file, "user", "list", "--db", str(db_file), "--establishment", "2041")
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.splitlines()
    assert lines[0].split() == ["USERNAME", "ESTABLISHMENT", "ROLE", "STATE"]
    assert lines[1].split()[:4] == ["clerk", "2041", "user", "temporary"]
    assert lines[2].split()[:3] == ["head", "2041", "manager"]
    assert "temporary password pending (expires " in lines[1]

    reset = run(key_file, "user", "reset-password", "--db", str(db_file), "CLERK")
    assert reset.returncode == 0, reset.stderr
    second = temporary_password(reset.stdout)
    assert second != first
    database = opened(db_file)
    refused = start_sign_in(database, "clerk", first, source="local", now=NOW, settings=settings)
    assert isinstance(refused, Refused)
    now = NOW
    for _ in range(9):  # ten failures in a row, each after the delay the one before asked for
        wrong = start_sign_in(
            database, "clerk", "Wrong-Guess-1!", source="local", now=now, settings=settings
        )
        assert isinstance(wrong, Refused)
        now += timedelta(seconds=wrong.delay_seconds)
    assert wrong.locked_until is not None
    locked = start_sign_in(database, "clerk", second, source="local", now=now, settings=settings)
    assert isinstance(locked, Refused) and locked.locked_until == wrong.locked_until
    database.dispose()
    listing = run(key_file, "user", "list", "--db", str(db_file))
    clerk_line = next(line for line in listing.stdout.splitlines() if line.startswith("clerk "))
    assert "locked until" in clerk_line
    unlocked = run(key_file, "user", "unlock", "--db", str(db_file), "clerk")
    assert unlocked.returncode == 0, unlocked.stderr
    database = opened(db_file)
    step = start_sign_in(database, "clerk", second, source="local", now=NOW, settings=settings)
    assert isinstance(step, NeedsPasswordChange)
    database.dispose()
    again = run(key_file, "user", "unlock", "--db", str(db_file), "clerk")
    assert again.stdout.strip() == "clerk was not locked."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "--establishment", "9999", "--username", "x.y", "--role", "user"],
         "There is no establishment numbered 9999."),
        (["add", "--establishment", "2041", "--username", "x.y", "--role", "support"],
         "A support account belongs to no establishment."),
        (["add", "--username", "x.y", "--role", "manager"],
         "Say which establishment a user or manager belongs to."),
        (["add", "--establishment", "2041", "--username", "a b", "--role", "user"],
         "A username has 3 to 60 characters"),
        (["reset-password", "nobody"], "There is no account with the username nobody."),
        (["unlock", "nobody"], "There is no account with the username nobody."),
        (["list", "--establishment", "1234"], "There is no establishment numbered 1234."),
    ],
)  # fmt: skip
def test_refusals_are_one_line(
    db_file: Path, key_file: Path, args: list[str], message: str
) -> None:
    result = run(key_file, "user", *args, "--db", str(db_file))
    assert result.returncode == 1
    assert result.stderr.startswith(f"pupil-tracker: {message}")
    assert "Traceback" not in result.stderr


def test_a_username_is_taken_once(db_file: Path, key_file: Path) -> None:
    args = ["user", "add", "--db", str(db_file), "--username", "dup", "--role", "support"]
    assert run(key_file, *args).returncode == 0
    second = run(key_file, *args)
    assert second.returncode == 1 and "The username dup is taken" in second.stderr


def test_a_key_file_others_can_read_is_refused(db_file: Path, key_file: Path) -> None:
    key_file.parent.mkdir(parents=True)
    key_file.write_text("not even a key\n")
    key_file.chmod(0o644)
    result = run(key_file, "user", "add", "--db", str(db_file), "--username", "a.b",
                 "--role", "support")  # fmt: skip
    # Adding needs no key (no code yet); the demo accounts do, and refuse the unsafe file.
    assert result.returncode == 0
    demo = run(key_file, "demo", "--db", str(db_file))
    assert demo.returncode == 2
    assert "can be read or changed by others (mode 0644)" in demo.stderr
    assert "Traceback" not in demo.stderr


def test_demo_prints_accounts_that_sign_in(
    db_file: Path, key_file: Path, settings: SecuritySettings
) -> None:
    result = run(key_file, "demo", "--db", str(db_file))
    assert result.returncode == 0, result.stderr
    found = dict(
        (name, (password, code))
        for name, password, code in re.findall(
            r"^  (demo\.\w+)\s+\w+\s+password (\S+)\s+security code (\d{5})$",
            result.stdout,
            re.MULTILINE,
        )
    )
    assert set(found) == {"demo.user", "demo.manager", "demo.support"}
    assert found["demo.user"] == ("Training-User-1", "24680")
    database = opened(db_file)
    password, code = found["demo.manager"]
    step = start_sign_in(
        database, "demo.manager", password, source="local", now=NOW, settings=settings
    )
    assert isinstance(step, NeedsSecurityCode)
    digits = "".join(code[position - 1] for position in step.positions)
    done = enter_security_code(database, step.ticket, digits, now=NOW, settings=settings)
    assert isinstance(done, SignedIn) and done.actor.role is Role.MANAGER
    database.dispose()
    # Again: the fixed ones stay, demo.support's are new, and the manager's session was ended.
    again = run(key_file, "demo", "--db", str(db_file))
    assert again.returncode == 0, again.stderr
    assert "demo.user     user     password Training-User-1" in again.stdout
    assert found["demo.support"][0] not in again.stdout
    listing = run(key_file, "user", "list", "--db", str(db_file))
    assert "demo.user (demo)" in listing.stdout
