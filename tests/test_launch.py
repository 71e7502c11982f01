"""The entry point keeps OpenSSL out of the app's process (tui/launch.py), and everything the
program does still works without it: every module imports, TOTP and SQLAlchemy's digests answer,
and the real app on an SQLite file runs without libcrypto mapped."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
from importlib.util import find_spec
from pathlib import Path
from types import ModuleType

import pytest

import tui.launch
from bench.pty_session import PtySession, child_environment, python_module
from tui.launch import OPENSSL_DIGESTS, keep_openssl_out

LINUX_MAPS = Path("/proc/self/maps").exists()


def test_tls_and_openssl_digests_are_hidden() -> None:
    modules: dict[str, ModuleType | None] = {}
    keep_openssl_out(modules)
    assert modules == {"ssl": None, "_ssl": None, "_hashlib": None}


def test_openssl_digests_stay_where_python_was_built_without_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As on distributions whose Python leaves md5 and sha1 to OpenSSL.
    monkeypatch.setattr(
        tui.launch, "find_spec", lambda name: None if name == "_md5" else find_spec(name)
    )
    modules: dict[str, ModuleType | None] = {}
    keep_openssl_out(modules)
    assert modules == {"ssl": None, "_ssl": None}


def test_a_module_already_imported_stays() -> None:
    ssl = ModuleType("ssl")
    modules: dict[str, ModuleType | None] = {"ssl": ssl}
    keep_openssl_out(modules)
    assert modules["ssl"] is ssl and modules[OPENSSL_DIGESTS] is None


def test_every_module_imports_and_digests_answer_without_openssl() -> None:
    code = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        from tui.launch import keep_openssl_out
        keep_openssl_out()
        for package in ("store", "exports", "tui"):
            root = importlib.import_module(package)
            for module in pkgutil.walk_packages(root.__path__, package + "."):
                if not module.name.endswith("__main__"):
                    importlib.import_module(module.name)
        from sqlalchemy.util import md5_hex
        from store.accounts.totp import hotp
        try:
            import ssl
            print("ssl imported")
        except ImportError:
            pass
        print(hotp(b"12345678901234567890", 1))  # RFC 4226, appendix D
        print(md5_hex("pupil"))
        print(sorted(name for name in ("_hashlib", "_ssl") if sys.modules.get(name)))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        "287082",
        hashlib.md5(b"pupil").hexdigest(),  # this process's, OpenSSL's
        "[]",
    ]


@pytest.mark.skipif(not LINUX_MAPS, reason="reads /proc/PID/maps")
def test_the_app_on_sqlite_runs_without_libcrypto(tmp_path: Path) -> None:
    env = child_environment(
        {
            "PUPIL_TRACKER_KEY_FILE": str(tmp_path / "secret.key"),
            "PUPIL_TRACKER_LOG_DIR": str(tmp_path / "log"),
            "PUPIL_TRACKER_EXPORTS_DIR": str(tmp_path / "exports"),
        }
    )
    argv = python_module("tui", "--db", str(tmp_path / "school.db"))
    with PtySession(argv, 80, 24, env=env) as app:
        app.wait_for(b"Pupil Tracker", 30.0)
        maps = Path(f"/proc/{app.pid}/maps").read_text()
    assert "libssl" not in maps and "libcrypto" not in maps
