"""Passwords: the policy, argon2id hashes (only a few at a time), and temporary passwords."""

from __future__ import annotations

import functools
import re
import secrets
import threading
from collections.abc import Iterator, Set
from importlib import resources
from typing import TYPE_CHECKING

from store.accounts.crypto_client import ask_helper
from store.core.errors import InvalidInput

if TYPE_CHECKING:
    from argon2 import PasswordHasher

MIN_LENGTH = 8
# Long enough for any passphrase; the cap only stops a pasted novel being hashed.
MAX_LENGTH = 128
# Each argon2id hash with the library's defaults takes 64 MiB for about 0.1 s: four at a time
# bounds a burst of sign-ins on a small shared server to 256 MiB; the rest queue. The cap holds
# within a process (threads) and across the service's processes (the helper's lock files).
MAX_CONCURRENT_HASHES = 4
COMMON_PASSWORDS_RESOURCE = "data/common-passwords.txt"
# Which hashes verify_password found in need of remaking, for needs_rehash to answer without
# starting the helper again (a few: only the sign-in in progress asks).
_REHASH_MEMORY = 32


class HelperProcessHasher:
    """argon2id with argon2-cffi's defaults, each hash in a short-lived helper process.

    The same methods as argon2's PasswordHasher, so tests can swap in a cheap in-process one;
    verify answers False for a mismatch or a malformed hash instead of raising.
    """

    def __init__(self) -> None:
        self._needs_rehash: dict[str, bool] = {}
        self._lock = threading.Lock()

    def hash(self, password: str) -> str:
        answer = ask_helper("hash", {"password": password, "slots": MAX_CONCURRENT_HASHES})
        return str(answer["hash"])

    def verify(self, hash: str, password: str) -> bool:
        answer = ask_helper(
            "verify", {"hash": hash, "password": password, "slots": MAX_CONCURRENT_HASHES}
        )
        with self._lock:
            if len(self._needs_rehash) >= _REHASH_MEMORY:
                self._needs_rehash.pop(next(iter(self._needs_rehash)))
            self._needs_rehash[hash] = bool(answer["needs_rehash"])
        return bool(answer["matched"])

    def check_needs_rehash(self, hash: str) -> bool:
        with self._lock:
            known = self._needs_rehash.get(hash)
        if known is not None:
            return known
        return bool(ask_helper("needs_rehash", {"hash": hash})["needs_rehash"])


_hash_slots = threading.BoundedSemaphore(MAX_CONCURRENT_HASHES)
# Tests may swap in a cheaper in-process PasswordHasher; hashes made under other parameters are
# rehashed at the next successful sign-in.
_hasher: PasswordHasher | HelperProcessHasher = HelperProcessHasher()
_dummy: tuple[PasswordHasher | HelperProcessHasher, str] | None = None
_dummy_lock = threading.Lock()

# Look-alike substitutions undone before the common-password check: "P@ssw0rd1!" is "password".
_COMMENT_OR_BLANK = re.compile(r"^(?:#[^\n]*)?\n", re.MULTILINE)
_UNLEET = str.maketrans({"@": "a", "4": "a", "3": "e", "1": "i", "!": "i", "0": "o", "$": "s"})
_UNLEET.update(str.maketrans({"5": "s", "7": "t"}))
# Temporary passwords are read off a screen and typed: no 0/O, 1/l/I look-alikes.
_LOWER = "abcdefghjkmnpqrstuvwxyz"
_UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_DIGITS = "23456789"


def hash_password(password: str) -> str:
    """An argon2id hash of `password` (salted; the parameters are kept in the hash)."""
    with _hash_slots:
        return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Whether `password` matches `stored_hash`.

    With no hash (an unknown username) a dummy hash is checked instead, so the answer takes the
    same time either way and timing does not tell which usernames exist.
    """
    target = stored_hash if stored_hash is not None else _dummy_hash()
    hasher = _hasher
    with _hash_slots:
        if isinstance(hasher, HelperProcessHasher):
            matched = hasher.verify(target, password)
        else:
            # An in-process hasher (a test's) has loaded argon2 already.
            from argon2.exceptions import InvalidHashError, VerificationError

            try:
                matched = hasher.verify(target, password)
            except (VerificationError, InvalidHashError):
                return False
    return matched and stored_hash is not None


def needs_rehash(stored_hash: str) -> bool:
    """Whether the hash was made with other parameters than today's (so it is remade)."""
    hasher = _hasher
    if isinstance(hasher, HelperProcessHasher):
        return hasher.check_needs_rehash(stored_hash)
    from argon2.exceptions import InvalidHashError

    try:
        return hasher.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


def _dummy_hash() -> str:
    global _dummy
    with _dummy_lock:
        if _dummy is None or _dummy[0] is not _hasher:
            with _hash_slots:
                _dummy = (_hasher, _hasher.hash(secrets.token_urlsafe(16)))
        return _dummy[1]


class CommonPasswords(Set[str]):
    """The common passwords, kept as one string of lines.

    80 KB, where a set of its 10,000 strings kept 1.5 MiB in the app for the rest of its life;
    a look-up searches the string, in microseconds.
    """

    def __init__(self, lines: str) -> None:
        """`lines`: one password a line; blank lines and lines starting with # are left out."""
        kept = _COMMENT_OR_BLANK.sub("", lines + "\n").strip("\n")
        self._lines = f"\n{kept}\n"
        self._count = kept.count("\n") + 1 if kept else 0

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or not word or "\n" in word:
            return False
        return f"\n{word}\n" in self._lines

    def __iter__(self) -> Iterator[str]:
        return iter(self._lines[1:-1].split("\n") if self._count else ())

    def __len__(self) -> int:
        return self._count


@functools.cache
def common_passwords() -> CommonPasswords:
    """The most common passwords, lowercased (loaded once, when first needed)."""
    return CommonPasswords(
        resources.files("store.accounts").joinpath(COMMON_PASSWORDS_RESOURCE).read_text("utf-8")
    )


def is_common_password(password: str) -> bool:
    """Whether `password`, in any case, is on the common list or a thin disguise of one.

    A thin disguise is a listed word with digits or symbols tacked on either end or with
    look-alike symbols inside ("Password1!", "P@ssw0rd"), the first things a guesser tries.
    """
    common = common_passwords()
    lowered = password.lower()
    if lowered in common:
        return True
    core = _strip_non_letters(lowered)
    if len(core) < 4:
        return False
    return core in common or _strip_non_letters(core.translate(_UNLEET)) in common


def _strip_non_letters(text: str) -> str:
    start, end = 0, len(text)
    while start < end and not text[start].isalpha():
        start += 1
    while end > start and not text[end - 1].isalpha():
        end -= 1
    return text[start:end]


def password_problems(password: str, username: str = "") -> list[str]:
    """Every way `password` falls short of the policy, one sentence each (empty: acceptable)."""
    problems = []
    missing = []
    if len(password) < MIN_LENGTH:
        missing.append(f"at least {MIN_LENGTH} characters")
    if not any(char.isupper() for char in password):
        missing.append("an upper-case letter")
    if not any(char.islower() for char in password):
        missing.append("a lower-case letter")
    if not any(char.isdigit() for char in password):
        missing.append("a digit")
    if not any(_is_special(char) for char in password):
        missing.append("a special character such as ? ! & or £")
    if missing:
        listed = (
            missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " and " + missing[-1]
        )
        problems.append(f"A password needs {listed}.")
    if len(password) > MAX_LENGTH:
        problems.append(f"A password can be at most {MAX_LENGTH} characters.")
    name = username.strip().lower()
    if name and name in password.lower():
        problems.append("A password cannot contain your username.")
    elif is_common_password(password):
        problems.append(
            "That is one of the most commonly used passwords (or close to one): choose another."
        )
    return problems


def _is_special(char: str) -> bool:
    return not char.isalnum() and not char.isspace()


def check_password(password: str, username: str = "") -> None:
    """Refuse a password that breaks the policy.

    Raises:
        InvalidInput: every problem, as one message.
    """
    problems = password_problems(password, username)
    if problems:
        raise InvalidInput(" ".join(problems))


def temporary_password(username: str = "") -> str:
    """A random password that meets the policy, easy to read aloud: e.g. "hT7k-p3Wm-9xQa"."""
    pool = _LOWER + _UPPER + _DIGITS
    while True:
        chars = [secrets.choice(pool) for _ in range(12)]
        if password_problems(candidate := _grouped(chars), username):
            continue
        return candidate


def _grouped(chars: list[str]) -> str:
    return "-".join("".join(chars[index : index + 4]) for index in range(0, len(chars), 4))
