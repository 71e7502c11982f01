"""The password policy, the common-password list, argon2id hashes and the cap on hashing at once."""

from __future__ import annotations

import threading
import time
from importlib import resources

import pytest
from argon2 import PasswordHasher

from store import passwords
from store.errors import InvalidInput
from store.passwords import (
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
    text = resources.files("store").joinpath("data/common-passwords.txt").read_text("utf-8")
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
