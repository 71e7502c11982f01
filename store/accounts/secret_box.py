"""Encryption of security codes and authenticator secrets under a key kept outside the database.

Whoever copies the database (a backup, a dump sent with a support ticket) gets only ciphertext;
the key is a file that only the service account can read, made on first use. The encryption
itself runs in the crypto helper process (store.accounts.crypto_helper), so the app never loads
cryptography; the key and the secret go to it over a pipe.
"""

from __future__ import annotations

import base64
import binascii
import os
import stat
import threading
from collections.abc import Mapping
from pathlib import Path

import platformdirs

from store.accounts.crypto_client import ask_helper
from store.core.errors import StoreError

APP_NAME = "pupil-tracker"
ENV_KEY_FILE = "PUPIL_TRACKER_KEY_FILE"
KEY_FILE_NAME = "secret.key"
KEY_BYTES = 32  # a Fernet key: 16 bytes to sign with, 16 to encrypt with, url-safe base64

_boxes: dict[Path, SecretBox] = {}
_boxes_lock = threading.Lock()


class KeyFileProblem(StoreError):
    """The key file cannot be made, read or trusted; the message says which file and why."""


def default_key_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / KEY_FILE_NAME


def resolve_key_path(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """The key file: `path`, else $PUPIL_TRACKER_KEY_FILE, else one in the user config folder."""
    env = os.environ if environ is None else environ
    if path is not None:
        return Path(path).expanduser()
    if env.get(ENV_KEY_FILE):
        return Path(env[ENV_KEY_FILE]).expanduser()
    return default_key_path()


def load_or_create_key(path: Path) -> bytes:
    """The Fernet key in `path`, created (mode 0600) if the file does not exist yet.

    Raises:
        KeyFileProblem: others can read or write the file, it is not this user's, or it does not
            hold a key.
    """
    try:
        return _create_key(path)
    except FileExistsError:
        pass
    try:
        # O_NOFOLLOW: the key must be the file itself, not a link someone else could point away.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as error:
        raise KeyFileProblem(f"Cannot read the key file {path}: {error.strerror}.") from error
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        _check_private(path, status)
        key = handle.read().strip()
    try:
        check_key(key)
    except ValueError as error:
        raise KeyFileProblem(f"The key file {path} does not hold a key.") from error
    return key


def check_key(key: bytes) -> None:
    """Refuse (ValueError) what is not a Fernet key: 32 bytes in url-safe base64."""
    try:
        raw = base64.urlsafe_b64decode(key)
    except (binascii.Error, ValueError) as error:
        raise ValueError("not url-safe base64") from error
    if len(raw) != KEY_BYTES:
        raise ValueError(f"{len(raw)} bytes, not {KEY_BYTES}")


def new_key() -> bytes:
    """A new random Fernet key (as cryptography's Fernet.generate_key makes them)."""
    return base64.urlsafe_b64encode(os.urandom(KEY_BYTES))


def _create_key(path: Path) -> bytes:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise KeyFileProblem(
            f"Cannot create the folder {path.parent} for the key file: {error.strerror}."
        ) from error
    key = new_key()
    # O_EXCL: two processes starting at once cannot both write a key (the loser reads the
    # winner's); 0o600 from the start, so the key is never readable by others, even briefly.
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise
    except OSError as error:
        raise KeyFileProblem(f"Cannot create the key file {path}: {error.strerror}.") from error
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key + b"\n")
        handle.flush()
        os.fsync(handle.fileno())
    return key


def _check_private(path: Path, status: os.stat_result) -> None:
    if not stat.S_ISREG(status.st_mode):
        raise KeyFileProblem(f"The key file {path} is not a regular file.")
    if hasattr(os, "getuid") and status.st_uid != os.getuid():
        raise KeyFileProblem(
            f"The key file {path} belongs to another user: it must be the service account's own."
        )
    if status.st_mode & 0o077:
        mode = stat.S_IMODE(status.st_mode)
        raise KeyFileProblem(
            f"The key file {path} can be read or changed by others (mode {mode:04o}): "
            f"run chmod 600 {path}."
        )


class SecretBox:
    """Encrypts and decrypts short secrets (Fernet: AES-128-CBC with an HMAC-SHA256)."""

    def __init__(self, key: bytes, path: Path | None = None) -> None:
        check_key(key)
        self._key = key.decode("ascii")
        self.path = path

    def __repr__(self) -> str:
        return f"SecretBox({self.path})"

    def encrypt(self, secret: str) -> str:
        return str(ask_helper("encrypt", {"key": self._key, "secret": secret})["token"])

    def decrypt(self, token: str) -> str:
        """The secret in `token`.

        Raises:
            KeyFileProblem: the token was made with another key (a key file was replaced).
        """
        answer = ask_helper("decrypt", {"key": self._key, "token": token})
        if answer.get("invalid_token") or "secret" not in answer:
            raise KeyFileProblem(
                f"A stored secret cannot be read with the key file {self.path}: the database "
                "was set up with another key. Restore that key, or ask the support team to "
                "reset the security code."
            )
        return str(answer["secret"])


def secret_box(path: Path | None = None) -> SecretBox:
    """The box for the key file at `path` (see resolve_key_path), opened once per process."""
    resolved = resolve_key_path(path)
    with _boxes_lock:
        box = _boxes.get(resolved)
        if box is None:
            box = _boxes[resolved] = SecretBox(load_or_create_key(resolved), resolved)
        return box
