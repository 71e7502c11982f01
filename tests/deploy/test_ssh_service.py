"""The deployment recipe (deploy/) against a real sshd: people get the app and nothing else,
schools get their own folder over SFTP and nothing else (README, "Deploying for a local
authority"). Runs as root, on a machine without the recipe's accounts (ssh_service.py).
"""

from __future__ import annotations

import grp
import os
import re
import socket
import sqlite3
import stat
import subprocess
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from bench.pty_session import PtySession, child_environment
from tests.deploy.ssh_service import (
    OTHER_ACCOUNT,
    OTHER_SCHOOL,
    PERSON,
    SCHOOL,
    SCHOOL_ACCOUNT,
    SUPPORT_ACCOUNT,
    Service,
    deployed,
    free_port,
    skip_reason,
    stop,
)

ESCAPES = re.compile(rb"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")
TIMEOUT = 30.0


@pytest.fixture(scope="module")
def service() -> Iterator[Service]:
    reason = skip_reason()
    if reason:
        pytest.skip(reason)
    with deployed() as deployment:
        yield deployment


def screen_text(session: PtySession) -> bytes:
    return ESCAPES.sub(b"", session.output())


def wait_for_text(session: PtySession, text: bytes, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while text not in screen_text(session):
        if time.monotonic() > deadline or not session.alive():
            raise AssertionError(f"never showed {text!r}:\n{screen_text(session)[-2000:]!r}")
        time.sleep(0.1)


def app_processes() -> list[str]:
    """The service account's processes (the app, and sudo's monitor on its behalf)."""
    found = subprocess.run(["pgrep", "-a", "-u", "tracker"], capture_output=True, text=True)
    return found.stdout.splitlines()


# --- people who use the app -----------------------------------------------------------------


def test_a_person_gets_the_app_and_it_ends_when_the_connection_goes(service: Service) -> None:
    argv = service.ssh(PERSON, "-tt")
    with PtySession(
        argv, 100, 30, env=child_environment({"HOME": str(service.base / "client")})
    ) as app:
        wait_for_text(app, b"Username")
        assert app_processes(), "the app runs as the service account"
        app.close()  # the client goes: sshd hangs up the app's terminal
    deadline = time.monotonic() + 15
    while app_processes() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert app_processes() == [], "the app ended with the connection"
    log = service.home / ".local" / "state" / "pupil-tracker" / "log" / "errors.log"
    assert not log.exists(), log.read_text() if log.exists() else ""


def test_a_person_cannot_run_a_command_or_get_files(service: Service) -> None:
    command = service.run_ssh(PERSON, command=["id"])
    assert b"uid=" not in command.stdout + command.stderr
    assert command.returncode == 1
    assert b"The app needs a terminal" in command.stderr  # no app drawing to nobody
    files = service.sftp(PERSON, "ls /\n")
    assert files.returncode != 0
    assert "/etc" not in files.stdout
    assert app_processes() == [], "nothing outlives the connection"


def test_sudo_lets_a_person_start_the_app_and_nothing_else(service: Service) -> None:
    as_person = ["runuser", "-u", PERSON, "--", "sudo", "-n", "-u", "tracker"]
    allowed = subprocess.run([*as_person, "-l", str(service.service)], capture_output=True)
    assert allowed.returncode == 0, allowed.stderr
    listing = subprocess.run(
        [*as_person, "-l", str(service.service), "user", "list"], capture_output=True
    )
    assert listing.returncode == 1
    refused = subprocess.run(
        [*as_person, str(service.service), "user", "list"], capture_output=True, text=True
    )
    assert refused.returncode == 1
    assert "password is required" in refused.stderr and refused.stdout == ""
    # The administrator, from a root shell, can.
    admin = service.as_administrator("user", "list")
    assert admin.returncode == 0 and admin.stdout.strip(), admin.stderr


def test_a_person_cannot_forward_ports(service: Service) -> None:
    stdio = service.run_ssh(PERSON, "-W", f"127.0.0.1:{service.port}")
    assert stdio.returncode == 255
    assert b"forwarding failed" in stdio.stderr
    local = free_port()
    tunnel = subprocess.Popen(
        [*service.ssh(PERSON, "-N", "-L", f"{local}:127.0.0.1:{service.port}")],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=service.client_env(),
    )
    try:
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                connection = socket.create_connection(("127.0.0.1", local), timeout=10)
                break
            except ConnectionRefusedError:
                assert time.monotonic() < deadline and tunnel.poll() is None
                time.sleep(0.1)
        with connection:
            assert connection.recv(64) == b"", "sshd's banner came through the tunnel"
    finally:
        # ssh may be slow to act on SIGTERM while its refused forward is torn down (CI saw
        # 10 s pass); stop() kills it then, since ending ssh is not what is tested here.
        stop(tunnel)
    assert "refused local port forward" in (service.base / "sshd.log").read_text()


# --- schools' and support's SFTP accounts --------------------------------------------------


def test_a_school_uploads_into_its_inbox(service: Service, tmp_path: Path) -> None:
    upload = tmp_path / "pupils.csv"
    upload.write_text("UPN,Surname\n")
    upload.chmod(0o644)
    done = service.sftp(SCHOOL_ACCOUNT, f"put {upload} /inbox/pupils.csv\n")
    assert done.returncode == 0, done.stderr
    landed = os.stat(service.files / SCHOOL / "inbox" / "pupils.csv")
    assert stat.S_IMODE(landed.st_mode) == 0o640
    assert grp.getgrgid(landed.st_gid).gr_name == f"school-{SCHOOL}"
    # The service account (in every school's group) can read it.
    path = str(service.files / SCHOOL / "inbox" / "pupils.csv")
    read = subprocess.run(["runuser", "-u", "tracker", "--", "cat", path], capture_output=True)
    assert read.stdout == b"UPN,Surname\n"
    # scp (SFTP underneath, as OpenSSH 9 does by default) works the same way.
    target = f"{SCHOOL_ACCOUNT}@127.0.0.1:/inbox/by-scp.csv"
    scp = subprocess.run(
        [*service.scp(SCHOOL_ACCOUNT), str(upload), target],
        capture_output=True,
        env=service.client_env(),
        timeout=30,
    )
    assert scp.returncode == 0, scp.stderr
    assert (service.files / SCHOOL / "inbox" / "by-scp.csv").exists()
    # A file sent with its owner-only permissions kept (sftp -p) stays 0600: the app cannot
    # read it, and says what to do.
    upload.chmod(0o600)
    kept = service.sftp(SCHOOL_ACCOUNT, f"put -p {upload} /inbox/private.csv\n")
    assert kept.returncode == 0, kept.stderr
    private = service.files / SCHOOL / "inbox" / "private.csv"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    refused = service.as_administrator("import-pupils", "--establishment", SCHOOL, str(private))
    assert refused.returncode == 2
    assert refused.stderr == (
        "pupil-tracker: private.csv may not be read by the app: it was saved readable by its "
        "owner only. Put it there again without keeping its permissions (WinSCP: untick Set "
        "permissions; sftp: without -p), then import it.\n"
    )


def test_a_school_gets_its_exports_and_writes_nowhere_else(
    service: Service, tmp_path: Path
) -> None:
    outbox = service.files / SCHOOL / "outbox"
    service.as_tracker(outbox / "return.xlsx", b"the export", f"school-{SCHOOL}")
    local = tmp_path / "upload.csv"
    local.write_text("x\n")
    done = service.sftp(
        SCHOOL_ACCOUNT,
        f"ls -1 /outbox\nget /outbox/return.xlsx {tmp_path / 'got.xlsx'}\n"
        f"-put {local} /outbox/mine.csv\n-put {local} /mine.csv\n-mkdir /mine\n"
        f"-rm /outbox/return.xlsx\n",
    )
    assert done.returncode == 0, done.stderr
    assert "return.xlsx" in done.stdout
    assert (tmp_path / "got.xlsx").read_bytes() == b"the export"
    assert done.stderr.count("Permission denied") >= 4, done.stderr
    assert sorted(p.name for p in outbox.iterdir()) == ["return.xlsx"]
    assert sorted(p.name for p in (service.files / SCHOOL).iterdir()) == ["inbox", "outbox"]


def test_a_school_sees_only_its_own_folder(service: Service, tmp_path: Path) -> None:
    other = service.files / OTHER_SCHOOL / "outbox" / "theirs.xlsx"
    service.as_tracker(other, b"another school's pupils", f"school-{OTHER_SCHOOL}")
    done = service.sftp(
        SCHOOL_ACCOUNT,
        f"ls -1a /\nls -1a /..\n-ls /../{OTHER_SCHOOL}\n"
        f"-get /../{OTHER_SCHOOL}/outbox/theirs.xlsx {tmp_path / 'theirs.xlsx'}\n"
        f"-get ../../{OTHER_SCHOOL}/outbox/theirs.xlsx {tmp_path / 'theirs.xlsx'}\n",
    )
    assert done.returncode == 0, done.stderr
    listed = [line for line in done.stdout.splitlines() if not line.startswith("sftp>")]
    # "/" and "/.." are both the school's own folder: its inbox and outbox, nothing else.
    assert {line.rstrip("/").rsplit("/", 1)[-1] for line in listed} <= {
        ".",
        "..",
        "inbox",
        "outbox",
    }
    assert done.stderr.count("not found") >= 3, done.stderr  # the ls and both gets
    assert not (tmp_path / "theirs.xlsx").exists()
    # The other school's account is as shut in: it cannot read this school's inbox.
    theirs = service.sftp(OTHER_ACCOUNT, f"-ls /../{SCHOOL}/inbox\nls -1 /outbox\n")
    assert "pupils.csv" not in theirs.stdout and "theirs.xlsx" in theirs.stdout


def test_a_files_account_gets_no_shell(service: Service) -> None:
    command = service.run_ssh(SCHOOL_ACCOUNT, command=["id"], stdin=b"id\n")
    assert b"uid=" not in command.stdout
    terminal = service.run_ssh(SCHOOL_ACCOUNT, "-tt", stdin=b"id\nexit\n")
    assert b"uid=" not in terminal.stdout


def test_support_sees_every_schools_outbox_and_the_local_authoritys(
    service: Service, tmp_path: Path
) -> None:
    la_outbox = service.files / "Local authority" / "outbox"
    service.as_tracker(la_outbox / "la-return.xlsx", b"all schools", "tracker-support")
    service.as_tracker(service.files / SCHOOL / "outbox" / "ours.xlsx", b"x", f"school-{SCHOOL}")
    service.as_tracker(
        service.files / OTHER_SCHOOL / "outbox" / "them.xlsx", b"y", f"school-{OTHER_SCHOOL}"
    )
    done = service.sftp(
        SUPPORT_ACCOUNT,
        f'ls -1 /{SCHOOL}/outbox\nls -1 /{OTHER_SCHOOL}/outbox\nls -1 "/Local authority/outbox"\n'
        f'get "/Local authority/outbox/la-return.xlsx" {tmp_path / "la.xlsx"}\n'
        '-ls "/Subject access requests"\n',
    )
    assert done.returncode == 0, done.stderr
    assert "ours.xlsx" in done.stdout and "them.xlsx" in done.stdout
    assert (tmp_path / "la.xlsx").read_bytes() == b"all schools"
    assert "Permission denied" in done.stderr  # subject access requests are the app's alone


# --- a school's day: a file in by SFTP, imported in the app, the workbook out by SFTP ------

ORDINALS = {b"1st": 0, b"2nd": 1, b"3rd": 2, b"4th": 3, b"5th": 4, b"6th": 5}
DEMO_USER, DEMO_PASSWORD, DEMO_CODE = "demo.user", "Training-User-1", "24680"  # `demo` prints


def press(app: PtySession, keys: bytes, shown: bytes, timeout: float = TIMEOUT) -> bytes:
    """Send `keys`, wait until `shown` is drawn after them; return what was drawn since."""
    start = len(app.output())
    app.send(keys)
    deadline = time.monotonic() + timeout
    while shown not in (drawn := ESCAPES.sub(b"", app.output()[start:])):
        if time.monotonic() > deadline or not app.alive():
            raise AssertionError(f"{keys!r} never showed {shown!r}:\n{drawn[-2000:]!r}")
        time.sleep(0.1)
    return drawn


def sign_in(app: PtySession) -> None:
    """demo.user's sign-in: username, password, then the two digits of the code asked for."""
    wait_for_text(app, b"Username")
    app.send(f"{DEMO_USER}\t{DEMO_PASSWORD}\r".encode())
    wait_for_text(app, b"digits of your security code")
    asked = re.search(rb"Enter the (\w+) and (\w+) digits", screen_text(app))
    assert asked, screen_text(app)[-1000:]
    app.send("".join(DEMO_CODE[ORDINALS[word]] for word in asked.groups()).encode() + b"\r")


def test_a_school_imports_its_pupils_and_fetches_the_workbook(
    service: Service, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from exports.pupil_template import TEMPLATE_COLUMNS
    from store.curriculum.upn import upn_check_letter

    digits = "999010000777"
    csv = tmp_path / "from the MIS.csv"
    csv.write_text(
        ",".join(TEMPLATE_COLUMNS) + "\r\n"
        f"{upn_check_letter(digits)}{digits},Nwosu,Adaeze,01/10/2021,F,PR1 2AB,N,BAFR,N,,\r\n",
        encoding="utf-8",
    )
    put = service.sftp(SCHOOL_ACCOUNT, f'put "{csv}" "/inbox/from the MIS.csv"\n')
    assert put.returncode == 0, put.stderr

    env = child_environment({"HOME": str(service.base / "client")})
    with PtySession(service.ssh(PERSON, "-tt"), 100, 30, env=env) as app:
        sign_in(app)
        wait_for_text(app, b"Edit multiple pupils")  # the home screen of school 99901
        listed = re.search(rb"(\d+) of \1 pupils", press(app, b"p", b" pupils \xc2\xb7 Enter"))
        assert listed
        before = int(listed.group(1))
        press(app, b"I", b"from the MIS.csv")  # offered from the inbox
        press(app, b"\r", b"1 added")
        press(app, b"\x1b", f"{before + 1} of {before + 1} pupils".encode())
        press(app, b"\x1b", b"Edit multiple pupils")
        press(app, b"a", b"Displaying")
        press(app, b"E", b"to Excel")
        said = press(app, b"A", b"fetch it with SFTP")  # All data
    assert b"All data saved to outbox/All data" in said
    assert b"/srv/" not in said  # no server path

    with closing(sqlite3.connect(service.home / "tracker.db")) as database:
        (held,) = database.execute(
            "SELECT surname, forenames FROM pupil WHERE upn = ?",
            (upn_check_letter(digits) + digits,),
        ).fetchall()
    assert held == ("Nwosu", "Adaeze")
    listing = service.sftp(SCHOOL_ACCOUNT, "ls -1 /outbox\n")
    (name,) = [line for line in listing.stdout.splitlines() if "All data" in line]
    fetched = tmp_path / "fetched.xlsx"
    got = service.sftp(SCHOOL_ACCOUNT, f'get "{name}" "{fetched}"\n')
    assert got.returncode == 0, got.stderr
    cells = {
        str(cell.value)
        for sheet in load_workbook(fetched, read_only=True).worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    }
    assert any("Nwosu" in value or "NWOSU" in value for value in cells)


def test_the_administrator_tidies_what_the_schools_left(service: Service, tmp_path: Path) -> None:
    # The school's upload is its SFTP account's file, in a folder the service account owns:
    # tidy-files, run as the README says, may delete it.
    upload = tmp_path / "old.csv"
    upload.write_text("UPN,Surname\n")
    put = service.sftp(SCHOOL_ACCOUNT, f"put {upload} /inbox/old.csv\n")
    assert put.returncode == 0, put.stderr
    old = service.files / SCHOOL / "inbox" / "old.csv"
    export = service.files / SCHOOL / "outbox" / "old export.xlsx"
    service.as_tracker(export, b"pupils", f"school-{SCHOOL}")
    long_ago = time.time() - 40 * 24 * 60 * 60
    for path in (old, export):
        os.utime(path, (long_ago, long_ago))
    listed = service.as_administrator("tidy-files", "--older-than", "30", "--dry-run")
    assert listed.returncode == 0, listed.stderr
    assert f"{SCHOOL}/inbox/old.csv" in listed.stdout and old.exists()
    done = service.as_administrator("tidy-files", "--older-than", "30")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Deleted 2 files in ")
    assert not old.exists() and not export.exists()
