"""The password policy, the common list, argon2id hashes in the helper process, the hashing cap."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
import time
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from store.accounts import crypto_client, crypto_helper, passwords
from store.accounts.crypto_client import HelperFailed
from store.accounts.passwords import (
    MAX_CONCURRENT_HASHES,
    check_password,
    common_passwords,
    hash_password,
    is_common_password,
    needs_rehash,
    password_problems,
    temporary_password,
    verify_password,
)
from store.core.errors import InvalidInput


def test_the_policy_names_everything_missing() -> None:
    assert password_problems("Bramble-Kettle-42!") == []
    assert password_problems("Ab1!") == ["A password needs at least 8 characters."]
    assert password_problems("bramble-kettle-42!") == ["A password needs an upper-case letter."]
    assert password_problems("BRAMBLE-KETTLE-42!") == ["A password needs a lower-case letter."]
    assert password_problems("Bramble-Kettle-!!") == ["A password needs a digit."]
    assert password_problems("BrambleKettle42") == [
        "A password needs a special character such as ? ! & or £."
    ]
    assert password_problems("") == [
        "A password needs at least 8 characters, an upper-case letter, a lower-case letter, "
        "a digit and a special character such as ? ! & or £."
    ]
    assert password_problems("Bramble Kettle 42£") == []  # £ is special; spaces are allowed
    assert password_problems("Bramble Kettle 42 ") != []  # a space alone is not special
    assert "at most 128" in password_problems("Aa1!" * 40)[0]


def test_not_the_username() -> None:
    assert password_problems("J.Smith-2025!", "j.smith") == [
        "A password cannot contain your username."
    ]
    assert password_problems("Bramble-Kettle-42!", "j.smith") == []
    with pytest.raises(InvalidInput, match="username"):
        check_password("xJ.SMITHx1!", "j.smith")


def test_the_common_list_ships_at_least_3000_and_is_loaded_once() -> None:
    text = (
        resources.files("store.accounts").joinpath("data/common-passwords.txt").read_text("utf-8")
    )
    first = text.splitlines()[0]
    assert first.startswith("#") and "zxcvbn" in first and "MIT" in first
    common_passwords.cache_clear()
    assert common_passwords.cache_info().currsize == 0
    listed = common_passwords()
    assert len(listed) >= 3000
    assert {"123456", "password", "qwerty", "iloveyou"} <= listed
    assert all(word == word.lower() for word in listed)
    common_passwords()
    assert common_passwords.cache_info().hits >= 1


@pytest.mark.parametrize(
    "password",
    [
        "Password1!",
        "PASSWORD1!",
        "P@ssw0rd!",
        "Qwerty123!",
        "1Football!",
        "Iloveyou2!",
        "Sunshine#1",
    ],
)
def test_common_passwords_and_their_thin_disguises_are_refused(password: str) -> None:
    assert is_common_password(password)
    problems = password_problems(password)
    assert problems[-1] == (
        "That is one of the most commonly used passwords (or close to one): choose another."
    )


def test_uncommon_passwords_pass() -> None:
    for password in ("Bramble-Kettle-42!", "Tr0ub4dor&3", "Ab1!xyzq"):
        assert not is_common_password(password)


def test_temporary_passwords_meet_the_policy_and_avoid_look_alikes() -> None:
    made = {temporary_password("j.smith") for _ in range(200)}
    assert len(made) == 200
    for password in made:
        assert password_problems(password, "j.smith") == []
        assert len(password) == 14 and password[4] == password[9] == "-"
        assert not set(password) & set("0O1lI")


def test_hashes_are_argon2id_with_the_library_defaults() -> None:
    stored = hash_password("Bramble-Kettle-42!")
    defaults = PasswordHasher()
    assert stored.startswith(
        f"$argon2id$v=19$m={defaults.memory_cost},t={defaults.time_cost},p={defaults.parallelism}$"
    )
    assert "Bramble" not in stored
    assert stored != hash_password("Bramble-Kettle-42!")  # salted
    assert verify_password(stored, "Bramble-Kettle-42!")
    assert not verify_password(stored, "bramble-kettle-42!")
    assert not verify_password(None, "Bramble-Kettle-42!")
    assert not verify_password("not a hash", "x")
    assert not needs_rehash(stored)
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("x")
    assert needs_rehash(cheap) and needs_rehash("garbage")


def test_only_a_few_hashes_run_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    running = 0
    most = 0
    lock = threading.Lock()

    class SlowHasher(PasswordHasher):
        def hash(self, password: str | bytes, *, salt: bytes | None = None) -> str:
            nonlocal running, most
            with lock:
                running += 1
                most = max(most, running)
            time.sleep(0.05)
            with lock:
                running -= 1
            return "$argon2id$fake"

    monkeypatch.setattr(passwords, "_hasher", SlowHasher())
    threads = [threading.Thread(target=hash_password, args=("x",)) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == MAX_CONCURRENT_HASHES == 4


# --- the crypto helper process ----------------------------------------------------------------


def test_hashing_happens_in_a_helper_process_with_the_password_on_its_stdin(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[list[str], bytes]] = []
    real_run = subprocess.run

    def watched(command: list[str], **options: Any) -> subprocess.CompletedProcess[bytes]:
        calls.append((list(command), options.get("input", b"")))
        return real_run(command, **options)

    monkeypatch.setattr(crypto_client.subprocess, "run", watched)
    stored = hash_password("Bramble-Kettle-42!")
    assert verify_password(stored, "Bramble-Kettle-42!")
    assert not needs_rehash(stored)  # answered with the verification: no third process
    assert [command[-1] for command, _ in calls] == ["hash", "verify"]
    for command, sent in calls:
        assert command[:3] == [sys.executable, "-I", str(crypto_client.HELPER)]
        assert not any("Bramble" in part for part in command)
        assert b"Bramble-Kettle-42!" in sent


def test_the_app_process_never_loads_argon2_or_cryptography(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from store.accounts.passwords import hash_password, verify_password\n"
        "from store.accounts.secret_box import secret_box\n"
        "stored = hash_password('Bramble-Kettle-42!')\n"
        "assert verify_password(stored, 'Bramble-Kettle-42!')\n"
        f"box = secret_box(__import__('pathlib').Path({str(tmp_path / 'secret.key')!r}))\n"
        "assert box.decrypt(box.encrypt('24680')) == '24680'\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] in "
        "('argon2', '_argon2_cffi_bindings', 'cffi', 'cryptography')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
        check=True,
    )
    assert done.stdout.strip() == "[]"


def test_the_cap_holds_across_processes(tmp_path: Path) -> None:
    held = [crypto_helper.try_slot(tmp_path, 2) for _ in range(2)]
    assert None not in held
    assert crypto_helper.try_slot(tmp_path, 2) is None
    other = (
        "import sys; from pathlib import Path; from store.accounts import crypto_helper; "
        f"print(crypto_helper.try_slot(Path({str(tmp_path)!r}), 2) is not None)"
    )

    def another_process_gets_one() -> bool:
        done = subprocess.run(
            [sys.executable, "-c", other],
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parents[3],
            check=True,
        )
        return done.stdout.strip() == "True"

    assert not another_process_gets_one()
    os.close(held.pop())  # a hash finishes: its slot is free
    assert another_process_gets_one()
    for descriptor in held:
        os.close(descriptor)


def test_a_hash_waits_for_a_free_slot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crypto_helper, "SLOT_POLL_SECONDS", 0.001)
    descriptor = crypto_helper.try_slot(tmp_path, 1)
    assert descriptor is not None
    order: list[str] = []
    started = threading.Event()

    def hash_when_free() -> None:
        started.set()
        with crypto_helper.hash_slot(tmp_path, 1):
            order.append("hashed")

    waiting = threading.Thread(target=hash_when_free)
    waiting.start()
    started.wait()
    order.append("released")
    os.close(descriptor)
    waiting.join()
    assert order == ["released", "hashed"]


def test_the_slot_folder_is_private_or_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    folder = crypto_helper.slot_folder()
    assert folder is not None and folder.parent == tmp_path
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    folder.chmod(0o777)  # others could hold every lock: hash without the shared cap instead
    assert crypto_helper.slot_folder() is None


def test_a_helper_that_cannot_run_is_reported_plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crypto_client, "HELPER", Path("/nonexistent/crypto_helper.py"))
    with pytest.raises(HelperFailed, match=r"could not run just now.*server's administrator"):
        hash_password("Bramble-Kettle-42!")
    with pytest.raises(HelperFailed):
        verify_password(None, "Bramble-Kettle-42!")


def test_the_helper_reports_failures_without_the_secret() -> None:
    done = subprocess.run(
        crypto_client.helper_command("hash"),
        input=b'{"pasword": "Bramble-Kettle-42!"}',
        capture_output=True,
        check=False,
    )
    assert done.returncode == 1 and done.stdout == b""
    assert done.stderr.strip() == b"crypto_helper hash failed: KeyError"
    unknown = subprocess.run(
        crypto_client.helper_command("steal"), input=b"{}", capture_output=True, check=False
    )
    assert unknown.returncode == 2 and b"usage" in unknown.stderr
