"""TOTP (RFC 6238) against the RFC's own test vectors, the window and replay."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone

import pytest

from store.accounts.totp import (
    grouped,
    matching_step,
    new_secret,
    provisioning_uri,
    secret_from_text,
    secret_to_text,
    time_step,
    totp,
)

SHA1_SEED = b"12345678901234567890"
SHA256_SEED = b"12345678901234567890123456789012"
SHA512_SEED = b"1234567890123456789012345678901234567890123456789012345678901234"


@pytest.mark.parametrize(
    ("unix_time", "sha1", "sha256", "sha512"),
    [
        (59, "94287082", "46119246", "90693936"),
        (1111111109, "07081804", "68084774", "25091201"),
        (1111111111, "14050471", "67062674", "99943326"),
        (1234567890, "89005924", "91819424", "93441116"),
        (2000000000, "69279037", "90698825", "38618901"),
        (20000000000, "65353130", "77737706", "47863826"),
    ],
)
def test_rfc_6238_appendix_b(unix_time: int, sha1: str, sha256: str, sha512: str) -> None:
    assert totp(SHA1_SEED, unix_time, digits=8) == sha1
    assert totp(SHA256_SEED, unix_time, digits=8, digest=hashlib.sha256) == sha256
    assert totp(SHA512_SEED, unix_time, digits=8, digest=hashlib.sha512) == sha512


def test_six_digits_and_one_step_either_side() -> None:
    now = datetime(2025, 11, 3, 9, 0, 10, tzinfo=timezone.utc)
    current = time_step(now.timestamp())
    for offset in (-1, 0, 1):
        code = totp(SHA1_SEED, now.timestamp() + 30 * offset)
        assert len(code) == 6
        assert matching_step(SHA1_SEED, code, now) == current + offset
    for offset in (-2, 2):
        assert matching_step(SHA1_SEED, totp(SHA1_SEED, now.timestamp() + 30 * offset), now) is None
    code = totp(SHA1_SEED, now.timestamp())
    assert matching_step(SHA1_SEED, f" {code[:3]} {code[3:]} ", now) == current
    assert matching_step(SHA1_SEED, "12345", now) is None
    assert matching_step(SHA1_SEED, "abcdef", now) is None


def test_a_used_step_is_never_accepted_again() -> None:
    now = datetime(2025, 11, 3, 9, 0, 10, tzinfo=timezone.utc)
    code = totp(SHA1_SEED, now.timestamp())
    step = matching_step(SHA1_SEED, code, now)
    assert step is not None
    assert matching_step(SHA1_SEED, code, now, last_used_step=step) is None
    later = totp(SHA1_SEED, now.timestamp() + 30)
    assert matching_step(SHA1_SEED, later, now, last_used_step=step) == step + 1


def test_secrets_and_the_uri() -> None:
    secret = new_secret()
    assert len(secret) == 20 and secret != new_secret()
    text = secret_to_text(secret)
    assert len(text) == 32 and secret_from_text(text.lower()) == secret
    uri = provisioning_uri(secret)
    assert uri == f"otpauth://totp/Pupil%20Tracker?secret={text}"
    assert len(uri) == 70  # one line at 80 columns, whoever enrols
    assert secret_from_text(grouped(text)) == secret
    assert secret_from_text("ABCD EFGH\nIJKL MNOP") == secret_from_text("abcdefghijklmnop")
