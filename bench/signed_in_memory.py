"""Peak memory of a signed-in session: the real app signs in in a pty, then opens the grid.

Three kinds of run on the benchmark cohort, ROUNDS of each, every one a fresh app in a
pseudo-terminal of 80x24: with no accounts (no sign-in, as `first_frame` measures it); a later
sign-in (password, then two digits of the security code); a first sign-in (temporary password,
a new one chosen twice, the security code shown). Each reports VmHWM on the home screen and once
the grid is open, and the time from the password's Enter to the next step. The crypto helper
process, which hashes and decrypts outside the app, is measured on its own (ru_maxrss of one
real hash).

`python -m bench.signed_in_memory` runs just this one; `python -m bench` runs it with the rest.
"""

from __future__ import annotations

import json
import math
import re
import resource
import secrets
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from bench.app_runs import GRID_MARKER, HOME_MARKER, SCREEN_QUIET, STARTUP_TIMEOUT, open_grid
from bench.common import Figures, heading, line, median, report, scratch_folder
from bench.fixture import BenchDatabase, build_database
from bench.pty_session import (
    _ESCAPES,
    ENTER,
    BenchError,
    PtySession,
    child_environment,
    python_module,
)
from store.accounts.accounts import create_account
from store.accounts.crypto_client import helper_command
from store.accounts.passwords import MAX_CONCURRENT_HASHES
from store.accounts.secret_box import ENV_KEY_FILE
from store.accounts.sessions import end_session
from store.accounts.settings import SecuritySettings
from store.accounts.sign_in import choose_new_password, continue_sign_in, start_sign_in
from store.accounts.sign_in_steps import NeedsPasswordChange, ShowSecurityCode, SignedIn
from store.core.access import Actor, Role
from store.core.db import open_database

SIZE = (80, 24)
ROUNDS = 3
SCENARIOS = ("no_accounts", "later_sign_in", "first_sign_in")
TARGET_MIB = 80.0
PASSWORD = "Bramble-Kettle-42!"
NEW_PASSWORD = "Quince-Lantern-17?"
SIGN_IN_MARKER = b"Username"
CODE_MARKER = b"digits of your security code"
CODE_PROMPT = re.compile(r"Enter the (\d)\w\w and (\d)\w\w digits of your security code")
NEW_PASSWORD_MARKER = b"choose a new one"
CODE_SHOWN_MARKER = b"Your security code is:"
SIGN_IN_TIMEOUT = 60.0
SUPPORT = Actor("bench.support", Role.SUPPORT, None, "bench")


@dataclass(frozen=True)
class Regular:
    """A manager who has signed in before: password PASSWORD and security code `code`."""

    username: str
    code: str
    key_file: Path


@dataclass(frozen=True)
class Newcomer:
    """A manager who has never signed in: a temporary password still to change."""

    username: str
    temporary: str


@dataclass(frozen=True)
class Run:
    signed_in_mib: float
    grid_open_mib: float
    rss_mib: float
    password_to_next_ms: float


def _settings(key_file: Path) -> SecuritySettings:
    return SecuritySettings(key_file=key_file)


def issue_newcomer(db_path: Path, establishment_id: int, key_file: Path) -> Newcomer:
    """A new manager account with a temporary password (a first sign-in uses one up)."""
    database = open_database(f"sqlite:///{db_path}")
    try:
        name = f"bench.new.{secrets.token_hex(4)}"
        issued = create_account(
            database,
            SUPPORT,
            username=name,
            role=Role.MANAGER,
            establishment_id=establishment_id,
            now=datetime.now(timezone.utc),
            settings=_settings(key_file),
        )
    finally:
        database.dispose()
    return Newcomer(name, issued.temporary_password)


def add_regular(db_path: Path, establishment_id: int, key_file: Path) -> Regular:
    """A manager who has been through a first sign-in (the store's own steps) and signed out."""
    newcomer = issue_newcomer(db_path, establishment_id, key_file)
    settings = _settings(key_file)
    now = datetime.now(timezone.utc)
    database = open_database(f"sqlite:///{db_path}")
    try:
        step = start_sign_in(
            database,
            newcomer.username,
            newcomer.temporary,
            source="bench",
            now=now,
            settings=settings,
        )
        assert isinstance(step, NeedsPasswordChange), step
        step = choose_new_password(database, step.ticket, PASSWORD, now=now, settings=settings)
        assert isinstance(step, ShowSecurityCode), step
        code = step.code
        done = continue_sign_in(database, step.ticket, now=now, settings=settings)
        assert isinstance(done, SignedIn), done
        end_session(database, done.session_id, now)
    finally:
        database.dispose()
    return Regular(newcomer.username, code, key_file)


def _launch(db_path: Path, key_file: Path | None) -> PtySession:
    extra = {ENV_KEY_FILE: str(key_file)} if key_file is not None else {}
    argv = python_module("tui", "--db", str(db_path))
    return PtySession(argv, *SIZE, env=child_environment(extra)).start()


def _text_since(session: PtySession, start: int) -> str:
    return _ESCAPES.sub(b"", session.output()[start:]).decode("utf-8", errors="replace")


def _type_credentials(session: PtySession, username: str, password: str) -> float:
    """Type the username and password on the sign-in screen; returns when Enter was pressed."""
    marker_at = session.wait_for(SIGN_IN_MARKER, STARTUP_TIMEOUT)
    session.wait_quiet(marker_at, SCREEN_QUIET, STARTUP_TIMEOUT)
    sent = session.send(username.encode() + ENTER)
    session.wait_quiet(sent, 0.2, STARTUP_TIMEOUT)
    session.send(password.encode())
    session.wait_quiet(sent, 0.2, STARTUP_TIMEOUT)
    return session.send(ENTER)


def _after_sign_in(session: PtySession, password_sent: float, next_at: float) -> Run:
    """From the home screen on: VmHWM signed in, then open the grid and VmHWM again."""
    home_at = session.wait_for(HOME_MARKER, SIGN_IN_TIMEOUT)
    session.wait_quiet(home_at, SCREEN_QUIET, STARTUP_TIMEOUT)
    signed_in = session.memory_kib("VmHWM") / 1024
    before = session.total_bytes
    session.send(b"a")
    session.wait_for(GRID_MARKER, STARTUP_TIMEOUT)
    session.wait_quiet(session.chunks()[-1].at, SCREEN_QUIET, STARTUP_TIMEOUT)
    if GRID_MARKER not in session.output()[before:]:
        raise BenchError(f"{session.describe()} did not open the grid after signing in.")
    return Run(
        signed_in,
        session.memory_kib("VmHWM") / 1024,
        session.memory_kib("VmRSS") / 1024,
        (next_at - password_sent) * 1000,
    )


def later_sign_in(db_path: Path, regular: Regular) -> Run:
    """Password, then the two digits asked for, then the grid."""
    session = _launch(db_path, regular.key_file)
    try:
        start = session.total_bytes
        sent = _type_credentials(session, regular.username, PASSWORD)
        asked_at = session.wait_for(CODE_MARKER, SIGN_IN_TIMEOUT)
        prompt = CODE_PROMPT.search(_text_since(session, start))
        if prompt is None:
            raise BenchError(f"{session.describe()} asked for the code in an unexpected way.")
        positions = (int(prompt.group(1)), int(prompt.group(2)))
        digits = "".join(regular.code[position - 1] for position in positions)
        session.wait_quiet(asked_at, 0.2, STARTUP_TIMEOUT)
        session.send(digits.encode() + ENTER)
        return _after_sign_in(session, sent, asked_at)
    finally:
        session.close()


def first_sign_in(db_path: Path, newcomer: Newcomer, key_file: Path) -> Run:
    """Temporary password, a new password twice, the security code shown, Enter, the grid."""
    session = _launch(db_path, key_file)
    try:
        sent = _type_credentials(session, newcomer.username, newcomer.temporary)
        asked_at = session.wait_for(NEW_PASSWORD_MARKER, SIGN_IN_TIMEOUT)
        session.wait_quiet(asked_at, 0.2, STARTUP_TIMEOUT)
        typed = session.send(NEW_PASSWORD.encode() + ENTER)
        session.wait_quiet(typed, 0.2, STARTUP_TIMEOUT)
        session.send(NEW_PASSWORD.encode() + ENTER)
        shown_at = session.wait_for(CODE_SHOWN_MARKER, SIGN_IN_TIMEOUT)
        session.wait_quiet(shown_at, SCREEN_QUIET, STARTUP_TIMEOUT)
        session.send(ENTER)
        return _after_sign_in(session, sent, asked_at)
    finally:
        session.close()


def no_accounts(db_path: Path) -> Run:
    session = _launch(db_path, None)
    try:
        open_grid(session)
        peak = session.memory_kib("VmHWM") / 1024
        return Run(peak, peak, session.memory_kib("VmRSS") / 1024, 0.0)
    finally:
        session.close()


def helper_peak_mib(key_file: Path) -> float:
    """ru_maxrss (MiB) of the crypto helper process making one hash with the real parameters."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    request = json.dumps({"password": PASSWORD, "slots": MAX_CONCURRENT_HASHES}).encode()
    subprocess.run(helper_command("hash"), input=request, capture_output=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(before, after) / 1024


def main(bench: BenchDatabase | None = None) -> Figures:
    with scratch_folder() as folder:
        if bench is None:
            bench = build_database(folder)
        columns, lines = SIZE
        heading(f"Peak memory of a signed-in session at {columns}x{lines}")
        plain = folder / "no-accounts.db"
        shutil.copy(bench.path, plain)
        signed = folder / "accounts.db"
        shutil.copy(bench.path, signed)
        key_file = folder / "config" / "secret.key"
        regular = add_regular(signed, bench.establishment_id, key_file)
        samples: dict[str, list[Run]] = {name: [] for name in SCENARIOS}
        for _ in range(ROUNDS):
            samples["no_accounts"].append(no_accounts(plain))
            samples["later_sign_in"].append(later_sign_in(signed, regular))
            newcomer = issue_newcomer(signed, bench.establishment_id, key_file)
            samples["first_sign_in"].append(first_sign_in(signed, newcomer, key_file))
        figures: Figures = {}
        target = f"target <= {TARGET_MIB:.0f}"
        for name, runs in samples.items():
            peaks = [run.grid_open_mib for run in runs]
            report(f"{name}_grid_open_peak_mib", peaks, f"VmHWM, grid open; {target}", " MiB")
            figures[f"{name}_grid_open_peak_mib"] = median(peaks)
            figures[f"{name}_grid_open_peak_mib_max"] = max(peaks)
            if name == "no_accounts":
                continue
            home = [run.signed_in_mib for run in runs]
            report(f"{name}_signed_in_peak_mib", home, "VmHWM on the home screen", " MiB")
            steps = [run.password_to_next_ms for run in runs]
            report(f"{name}_password_step_ms", steps, "Enter to the next step", " ms")
            figures[f"{name}_password_step_ms"] = median(steps)
        helper = helper_peak_mib(key_file)
        line("crypto_helper_peak_mib", helper, "ru_maxrss of the helper making one real hash")
        figures["crypto_helper_peak_mib"] = helper
        figures["signed_in_peak_mib"] = max(
            figures["later_sign_in_grid_open_peak_mib"], figures["first_sign_in_grid_open_peak_mib"]
        )
        return figures


def summary_rows(figures: Figures) -> list[tuple[str, str, str, str]]:
    """The summary line of `python -m bench`: target, limit, measured, verdict."""
    peak = figures.get("signed_in_peak_mib", math.nan)
    later = figures.get("later_sign_in_grid_open_peak_mib", math.nan)
    first = figures.get("first_sign_in_grid_open_peak_mib", math.nan)
    plain = figures.get("no_accounts_grid_open_peak_mib", math.nan)
    verdict = "meets" if peak <= TARGET_MIB else "MISSES"
    return [
        (
            "4. peak memory signed in (VmHWM)",
            f"<= {TARGET_MIB:.0f} MiB",
            f"{peak:.1f} MiB (later {later:.1f}, first {first:.1f}; no accounts {plain:.1f})",
            "not measured" if math.isnan(peak) else verdict,
        )
    ]


if __name__ == "__main__":
    main()
