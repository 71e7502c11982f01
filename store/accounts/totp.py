"""Time-based one-time passwords (RFC 6238) for the support team's second factor."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
from collections.abc import Callable
from datetime import datetime
from urllib.parse import quote

STEP_SECONDS = 30
DIGITS = 6
WINDOW = 1  # one step either side forgives a phone clock that is up to 30 s out
SECRET_BYTES = 20  # 160 bits, as RFC 4226 recommends for HMAC-SHA-1
ISSUER = "Pupil Tracker"

Digest = Callable[[], "hashlib._Hash"]


def hotp(secret: bytes, counter: int, digits: int = DIGITS, digest: Digest = hashlib.sha1) -> str:
    """The HOTP value (RFC 4226) of `counter`: dynamic truncation of an HMAC, zero-padded."""
    mac = hmac.new(secret, struct.pack(">Q", counter), digest).digest()
    offset = mac[-1] & 0x0F
    code = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(code % 10**digits).zfill(digits)


def time_step(unix_time: float, step: int = STEP_SECONDS) -> int:
    return int(unix_time // step)


def totp(
    secret: bytes,
    unix_time: float,
    digits: int = DIGITS,
    digest: Digest = hashlib.sha1,
    step: int = STEP_SECONDS,
) -> str:
    """The TOTP value (RFC 6238) at `unix_time` (seconds since 1970, UTC)."""
    return hotp(secret, time_step(unix_time, step), digits, digest)


def matching_step(
    secret: bytes, code: str, now: datetime, last_used_step: int | None = None
) -> int | None:
    """The time step whose code `code` is, within the window around `now`, or None.

    A step at or before `last_used_step` never matches, so a code seen over a shoulder or in a
    screen recording cannot be replayed.
    """
    code = code.strip().replace(" ", "")
    if len(code) != DIGITS or not code.isascii() or not code.isdigit():
        return None
    current = time_step(now.timestamp())
    found = None
    for step in range(current - WINDOW, current + WINDOW + 1):
        if last_used_step is not None and step <= last_used_step:
            continue
        # compare_digest on every candidate, so the time taken says nothing about near misses.
        if hmac.compare_digest(hotp(secret, step), code) and found is None:
            found = step
    return found


def new_secret() -> bytes:
    return secrets.token_bytes(SECRET_BYTES)


def secret_to_text(secret: bytes) -> str:
    """The secret as authenticator apps take it when typed in: base32 without padding."""
    return base64.b32encode(secret).decode("ascii").rstrip("=")


def secret_from_text(text: str) -> bytes:
    """The secret from its text, as typed or shown: any case, spaces and line breaks ignored."""
    cleaned = "".join(text.split()).upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def grouped(text: str, size: int = 4) -> str:
    """A key in groups of four ("ABCD EFGH ..."), as authenticator apps take it typed."""
    return " ".join(text[start : start + size] for start in range(0, len(text), size))


def provisioning_uri(secret: bytes, issuer: str = ISSUER) -> str:
    """The otpauth:// URI an authenticator app reads (as a QR code, or pasted).

    As short as the Key URI format allows, so that it fits one line of an 80-column terminal
    (70 characters) whatever the username, and its QR code fits the screen beside the key:
    the label is the service's name (the app lists it so), and SHA-1, 6 digits and 30 seconds
    are the format's defaults, so they are not spelt out.
    """
    return f"otpauth://totp/{quote(issuer)}?secret={secret_to_text(secret)}"
