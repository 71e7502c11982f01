"""The key file for security codes: made 0600 on first use, refused when others can read it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from store.accounts.secret_box import (
    ENV_KEY_FILE,
    KeyFileProblem,
    SecretBox,
    check_key,
    default_key_path,
    load_or_create_key,
    new_key,
    resolve_key_path,
    secret_box,
)


def test_the_key_is_made_once_readable_only_by_its_owner(tmp_path: Path) -> None:
    path = tmp_path / "config" / "pupil-tracker" / "secret.key"
    key = load_or_create_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert load_or_create_key(path) == key  # the second start reads the same key


def test_a_key_others_can_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "secret.key"
    load_or_create_key(path)
    path.chmod(0o644)
    with pytest.raises(KeyFileProblem, match=r"can be read or changed by others \(mode 0644\)"):
        load_or_create_key(path)
    with pytest.raises(KeyFileProblem, match=f"chmod 600 {path}"):
        load_or_create_key(path)


def test_a_file_without_a_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "secret.key"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    os.write(descriptor, b"hello")
    os.close(descriptor)
    with pytest.raises(KeyFileProblem, match="does not hold a key"):
        load_or_create_key(path)


def test_where_the_key_lives(tmp_path: Path, isolated_data_dir: Path) -> None:
    assert resolve_key_path(tmp_path / "a.key") == tmp_path / "a.key"
    assert resolve_key_path(None, {ENV_KEY_FILE: str(tmp_path / "b.key")}) == tmp_path / "b.key"
    assert resolve_key_path(None, {}) == default_key_path()
    assert default_key_path().name == "secret.key"
    assert "pupil-tracker" in str(default_key_path())


def test_encrypt_and_decrypt(tmp_path: Path) -> None:
    box = secret_box(tmp_path / "secret.key")
    token = box.encrypt("24680")
    assert "24680" not in token and box.encrypt("24680") != token
    assert box.decrypt(token) == "24680"
    assert secret_box(tmp_path / "secret.key") is box
    other = SecretBox(load_or_create_key(tmp_path / "other.key"), tmp_path / "other.key")
    with pytest.raises(KeyFileProblem, match="another key"):
        other.decrypt(token)


def test_keys_and_tokens_are_cryptographys_own_fernet(tmp_path: Path) -> None:
    """The helper process speaks plain Fernet: codes stored before it came still open."""
    from cryptography.fernet import Fernet

    key = load_or_create_key(tmp_path / "secret.key")
    made_by_library = Fernet(key).encrypt(b"13579").decode("ascii")
    box = secret_box(tmp_path / "secret.key")
    assert box.decrypt(made_by_library) == "13579"
    assert Fernet(key).decrypt(box.encrypt("97531").encode("ascii")) == b"97531"
    fresh = new_key()
    Fernet(fresh)  # accepted by the library
    check_key(fresh)
    for bad in (b"hello", Fernet.generate_key()[:-4], b"!" * 44):
        with pytest.raises(ValueError):
            check_key(bad)


def test_the_box_never_shows_its_key(tmp_path: Path) -> None:
    box = secret_box(tmp_path / "secret.key")
    key = (tmp_path / "secret.key").read_bytes().strip().decode()
    assert key not in repr(box) and key not in str(vars(box).get("path"))
