"""The crypto helper: one argon2id hash or one Fernet secret per short-lived process.

The long-lived app never loads argon2 or cryptography: each argon2id hash with the library's
defaults touches 64 MiB, which would stay in the app's peak memory for the rest of its life.
store.accounts.crypto_client starts this program (`python -I store/accounts/crypto_helper.py
OPERATION`, or
`python -m store.accounts.crypto_helper OPERATION`), writes one JSON request to its standard input
(passwords, keys and secrets never go in the arguments or the environment, where other users
could read them) and reads one JSON answer from its standard output.

    hash          {password, slots}        -> {hash}
    verify        {hash, password, slots}  -> {matched, needs_rehash}
    needs_rehash  {hash}                   -> {needs_rehash}
    encrypt       {key, secret}            -> {token}
    decrypt       {key, token}             -> {secret} or {invalid_token: true}

Hashes take one of `slots` lock files (flock) in a private folder shared by every process of
the service account, so a burst of sign-ins on a shared server runs only that many at once and
the rest queue. It imports nothing from the project, so it runs with `python -I`.
"""

from __future__ import annotations

import fcntl
import json
import os
import random
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

MAX_REQUEST_BYTES = 64 * 1024
SLOT_POLL_SECONDS = 0.02
SLOT_FOLDER_PREFIX = "pupil-tracker-hashing"

Request = dict[str, Any]
Answer = dict[str, Any]


# --- the cap on hashes at once, across processes ---------------------------------------------


def slot_folder() -> Path | None:
    """The private folder of lock files shared by the service account's processes, or None.

    $XDG_RUNTIME_DIR (a per-user tmpfs) when set, else the temporary folder. None when it cannot
    be made or is not this user's own and private (someone else's folder could hold every lock).
    """
    uid = os.getuid()
    base = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    folder = Path(base) / f"{SLOT_FOLDER_PREFIX}-{uid}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        status = folder.lstat()
    except OSError:
        return None
    private = stat.S_ISDIR(status.st_mode) and not status.st_mode & 0o077
    return folder if private and status.st_uid == uid else None


def try_slot(folder: Path, slots: int) -> int | None:
    """A descriptor holding one of the `slots` locks in `folder`, or None if all are taken."""
    for number in random.sample(range(slots), slots):
        try:
            descriptor = os.open(
                folder / f"slot-{number}",
                os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0),
                0o600,
            )
        except OSError:
            continue
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(descriptor)
            continue
        return descriptor
    return None


@contextmanager
def hash_slot(folder: Path | None, slots: int) -> Iterator[None]:
    """Wait for a free slot (none to wait for without a usable folder); free it at the end."""
    descriptor = None
    if folder is not None and slots > 0:
        while (descriptor := try_slot(folder, slots)) is None:
            time.sleep(SLOT_POLL_SECONDS)
    try:
        yield
    finally:
        if descriptor is not None:
            os.close(descriptor)  # closing the file releases its lock


# --- the operations ---------------------------------------------------------------------------


def _hasher() -> Any:
    from argon2 import PasswordHasher

    # argon2-cffi's defaults (argon2id, RFC 9106's low-memory profile).
    return PasswordHasher()


def hash_password(request: Request) -> Answer:
    hasher = _hasher()
    with hash_slot(slot_folder(), int(request.get("slots", 0))):
        return {"hash": hasher.hash(str(request["password"]))}


def verify_password(request: Request) -> Answer:
    from argon2.exceptions import InvalidHashError, VerificationError

    hasher = _hasher()
    stored = str(request["hash"])
    with hash_slot(slot_folder(), int(request.get("slots", 0))):
        try:
            matched = bool(hasher.verify(stored, str(request["password"])))
        except (VerificationError, InvalidHashError):
            matched = False
    return {"matched": matched, "needs_rehash": _needs_rehash(hasher, stored)}


def needs_rehash(request: Request) -> Answer:
    return {"needs_rehash": _needs_rehash(_hasher(), str(request["hash"]))}


def _needs_rehash(hasher: Any, stored: str) -> bool:
    from argon2.exceptions import InvalidHashError

    try:
        return bool(hasher.check_needs_rehash(stored))
    except InvalidHashError:
        return True


def encrypt(request: Request) -> Answer:
    from cryptography.fernet import Fernet

    fernet = Fernet(str(request["key"]).encode("ascii"))
    return {"token": fernet.encrypt(str(request["secret"]).encode()).decode("ascii")}


def decrypt(request: Request) -> Answer:
    from cryptography.fernet import Fernet, InvalidToken

    fernet = Fernet(str(request["key"]).encode("ascii"))
    try:
        return {"secret": fernet.decrypt(str(request["token"]).encode("ascii")).decode()}
    except (InvalidToken, ValueError):
        return {"invalid_token": True}


OPERATIONS: dict[str, Callable[[Request], Answer]] = {
    "hash": hash_password,
    "verify": verify_password,
    "needs_rehash": needs_rehash,
    "encrypt": encrypt,
    "decrypt": decrypt,
}


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in OPERATIONS:
        print(f"usage: crypto_helper {{{','.join(OPERATIONS)}}} < request.json", file=sys.stderr)
        return 2
    try:
        request = json.loads(sys.stdin.buffer.read(MAX_REQUEST_BYTES))
        if not isinstance(request, dict):
            raise ValueError("the request is not a JSON object")
        answer = OPERATIONS[argv[0]](request)
    except Exception as error:  # the message names the kind of failure, never a request's value
        print(f"crypto_helper {argv[0]} failed: {type(error).__name__}", file=sys.stderr)
        return 1
    sys.stdout.write(json.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
