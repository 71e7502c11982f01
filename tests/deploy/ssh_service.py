"""A throwaway deployment of the app behind a real sshd, made by the deploy/ scripts.

Everything goes into fresh folders (/opt/pupil-tracker-test-*, /srv/pupil-tracker-test-*), the
fixed account and group names of the layout, one sudoers file and an sshd on a loopback port;
`deployed` removes all of it again. Only for a machine that has none of those names (see
`skip_reason`): it must never touch a real server's accounts.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SCHOOL = "99901"  # the demo school's number (`pupil-tracker demo`)
OTHER_SCHOOL = "99902"
PERSON = "ptt-person"
SCHOOL_ACCOUNT = "ptt-school1"
OTHER_ACCOUNT = "ptt-school2"
SUPPORT_ACCOUNT = "ptt-support"
ACCOUNTS = (PERSON, SCHOOL_ACCOUNT, OTHER_ACCOUNT, SUPPORT_ACCOUNT)
GROUPS = (
    "tracker",
    "tracker-users",
    "tracker-files",
    "tracker-support",
    f"school-{SCHOOL}",
    f"school-{OTHER_SCHOOL}",
)
SSHD = "/usr/sbin/sshd"
SSH_OPTIONS = (
    "-F",
    "/dev/null",
    "-o",
    "StrictHostKeyChecking=no",
    "-o",
    "UserKnownHostsFile=/dev/null",
    "-o",
    "IdentitiesOnly=yes",
    "-o",
    "BatchMode=yes",
    "-o",
    "LogLevel=ERROR",
    "-o",
    "ConnectTimeout=10",
)


def run(argv: Sequence[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run a command as root; fail with its output if it fails."""
    done = subprocess.run(argv, capture_output=True, text=True, timeout=180, env=env)
    if done.returncode != 0:
        said = done.stdout + done.stderr
        raise RuntimeError(f"{' '.join(argv)} failed ({done.returncode}):\n{said}")
    return done


def exists(kind: str, name: str) -> bool:
    return subprocess.run(["getent", kind, name], capture_output=True).returncode == 0


def skip_reason() -> str | None:
    """Why this machine cannot run the test, or None."""
    if os.geteuid() != 0:
        return "needs root: it adds users and groups and runs sshd"
    install = subprocess.run(
        [str(ROOT / "scripts" / "install-ssh-server")], capture_output=True, text=True
    )
    needed = [SSHD, "/usr/bin/sudo", "/usr/sbin/visudo", "/usr/bin/ssh", "/usr/bin/sftp"]
    missing = [path for path in needed if not os.access(path, os.X_OK)]
    if missing:
        said = (install.stdout + install.stderr).strip()
        return f"no {', '.join(missing)} here ({said})"
    taken = [f"user {name}" for name in ("tracker", *ACCOUNTS) if exists("passwd", name)]
    taken += [f"group {name}" for name in GROUPS if exists("group", name)]
    if taken:
        return f"this machine already has {', '.join(taken)}: never disturb a real server"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Service:
    """The deployed service: its folders, the sshd's port and each account's private key."""

    base: Path
    files: Path
    home: Path
    service: Path
    port: int
    keys: dict[str, Path] = field(default_factory=dict)

    def client_env(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if key != "SSH_AUTH_SOCK"}
        env["HOME"] = str(self.base / "client")
        return env

    def ssh(self, account: str, *extra: str) -> list[str]:
        return [
            "/usr/bin/ssh",
            *SSH_OPTIONS,
            "-i",
            str(self.keys[account]),
            "-p",
            str(self.port),
            *extra,
            f"{account}@127.0.0.1",
        ]

    def run_ssh(
        self, account: str, *extra: str, command: Sequence[str] = (), stdin: bytes = b""
    ) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [*self.ssh(account, *extra), *command],
            input=stdin,
            capture_output=True,
            timeout=30,
            env=self.client_env(),
        )

    def scp(self, account: str) -> list[str]:
        """scp's command line up to the files (OpenSSH 9 speaks SFTP underneath)."""
        return ["/usr/bin/scp", *SSH_OPTIONS, "-i", str(self.keys[account]), "-P", str(self.port)]

    def sftp(self, account: str, batch: str) -> subprocess.CompletedProcess[str]:
        """`sftp -b -`: stops at the first failing line unless it starts with '-'."""
        argv = [
            "/usr/bin/sftp",
            *SSH_OPTIONS,
            "-i",
            str(self.keys[account]),
            "-P",
            str(self.port),
            "-b",
            "-",
            f"{account}@127.0.0.1",
        ]
        return subprocess.run(
            argv, input=batch, capture_output=True, text=True, timeout=30, env=self.client_env()
        )

    def as_administrator(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        """A subcommand as the README has the administrator run it, from a root shell."""
        return subprocess.run(
            ["sudo", "-u", "tracker", str(self.service), *arguments],
            capture_output=True,
            text=True,
            timeout=60,
        )

    def as_tracker(self, path: Path, data: bytes, group: str) -> None:
        """A file the app would write: tracker's, the folder's group, 0640."""
        path.write_bytes(data)
        shutil.chown(path, "tracker", group)
        path.chmod(0o640)


def deploy_env(service: Service, app: Path, sudoers: Path) -> dict[str, str]:
    return {
        "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "PT_HOME": str(service.home),
        "PT_APP": str(app),
        "PT_SERVICE": str(service.service),
        "PT_DB_URL": f"sqlite:///{service.home}/tracker.db",
        "PT_FILES": str(service.files),
        "PT_SSHD_DIR": str(service.base / "sshd_config.d"),
        "PT_SUDOERS": str(sudoers),
        "PT_KEYS": str(service.base / "authorized_keys"),
        "PT_PEOPLE_HOMES": str(service.base / "people"),
    }


def install_app(venv_base: Path, build: Path) -> Path:
    """The app in its own venv, installed from a copy of the working tree as pip would ship it.

    The copy keeps pip's in-tree build (build/, egg-info) out of the repository.
    """
    source = build / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for package in ("store", "exports", "tui"):
        shutil.copytree(
            ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
    venv = venv_base / "venv"
    run(["/usr/bin/python3", "-m", "venv", str(venv)])
    run(
        [
            str(venv / "bin" / "pip"),
            "install",
            "--quiet",
            "--disable-pip-version-check",
            str(source),
        ]
    )
    return venv / "bin" / "pupil-tracker"


def write_sshd_config(service: Service) -> Path:
    """The test's own sshd: loopback, its own host key, and the installed deploy snippet."""
    host_key = service.base / "ssh_host_ed25519_key"
    run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(host_key)])
    config = service.base / "sshd_config"
    config.write_text(
        f"Port {service.port}\n"
        "ListenAddress 127.0.0.1\n"
        f"HostKey {host_key}\n"
        f"PidFile {service.base / 'sshd.pid'}\n"
        "UsePAM no\n"
        "PasswordAuthentication no\n"
        "KbdInteractiveAuthentication no\n"
        "AuthorizedKeysFile none\n"
        "Subsystem sftp internal-sftp\n"
        "LogLevel VERBOSE\n"
        f"AllowUsers {' '.join(ACCOUNTS)}\n"
        # The recipe itself, as install-service put it in place (with this test's paths).
        f"Include {service.base / 'sshd_config.d' / 'pupil-tracker.conf'}\n"
    )
    return config


def wait_for_banner(port: int, sshd: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if sshd.poll() is not None:
            raise RuntimeError(f"sshd ended at once:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
                if conn.recv(64).startswith(b"SSH-2.0"):
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"sshd did not answer on port {port}:\n{log.read_text()}")


def end_processes_of(user: str) -> None:
    """Whatever the test's accounts still run (by pid; only these accounts' processes)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = subprocess.run(["pgrep", "-u", user], capture_output=True, text=True)
        if not found.stdout.split():
            return  # userdel refuses an account that still runs something
        for pid in found.stdout.split():
            with suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGKILL)
        time.sleep(0.1)


def remove_accounts() -> None:
    for name in ACCOUNTS:
        end_processes_of(name)
    end_processes_of("tracker")
    for name in (PERSON, "tracker"):  # their homes are theirs; the files accounts' are not
        subprocess.run(["userdel", "--remove", name], capture_output=True)
    for name in (SCHOOL_ACCOUNT, OTHER_ACCOUNT, SUPPORT_ACCOUNT):
        subprocess.run(["userdel", name], capture_output=True)
    for group in GROUPS:
        subprocess.run(["groupdel", group], capture_output=True)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@contextmanager
def deployed() -> Iterator[Service]:
    """Install, deploy two schools and four accounts, start sshd; undo it all afterwards."""
    with ExitStack() as undo:
        venv_base = Path(tempfile.mkdtemp(prefix="pupil-tracker-test-", dir="/opt"))
        undo.callback(shutil.rmtree, venv_base, ignore_errors=True)
        Path("/srv").mkdir(mode=0o755, exist_ok=True)
        base = Path(tempfile.mkdtemp(prefix="pupil-tracker-test-", dir="/srv"))
        undo.callback(shutil.rmtree, base, ignore_errors=True)
        # Other users pass through both (the app's venv; the chroots below base).
        venv_base.chmod(0o755)
        base.chmod(0o755)
        for folder in ("client", "people", "keys", "build"):
            (base / folder).mkdir(mode=0o700 if folder != "people" else 0o755)
        service = Service(
            base, base / "files", base / "home", base / "bin" / "service", free_port()
        )
        service.service.parent.mkdir(mode=0o755)
        app = install_app(venv_base, base / "build")

        sudoers = Path("/etc/sudoers.d") / f"pupil-tracker-test-{base.name.rsplit('-', 1)[-1]}"
        undo.callback(lambda: sudoers.unlink(missing_ok=True))
        undo.callback(remove_accounts)
        env = deploy_env(service, app, sudoers)
        run([str(DEPLOY / "install-service")], env=env)
        run(["sudo", "-u", "tracker", str(service.service), "demo"], env=env)
        for number in (SCHOOL, OTHER_SCHOOL):
            run([str(DEPLOY / "add-school"), number], env=env)
        for account, kind in (
            (PERSON, None),
            (SCHOOL_ACCOUNT, SCHOOL),
            (OTHER_ACCOUNT, OTHER_SCHOOL),
            (SUPPORT_ACCOUNT, "--support"),
        ):
            key = base / "keys" / account
            run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)])
            service.keys[account] = key
            if kind is None:
                run([str(DEPLOY / "add-person"), account, f"{key}.pub"], env=env)
            else:
                run([str(DEPLOY / "add-files-account"), account, kind, f"{key}.pub"], env=env)

        privsep = Path("/run/sshd")  # sshd's privilege separation folder; the package makes it
        if not privsep.exists():
            privsep.mkdir(mode=0o755)
            undo.callback(privsep.rmdir)
        config = write_sshd_config(service)
        run([SSHD, "-t", "-f", str(config)])
        log = base / "sshd.log"
        with log.open("wb") as log_file:
            sshd = subprocess.Popen(
                [SSHD, "-D", "-e", "-f", str(config)], stdout=log_file, stderr=subprocess.STDOUT
            )
        undo.callback(stop, sshd)
        wait_for_banner(service.port, sshd, log)
        yield service
