"""Asking the crypto helper (store/accounts/crypto_helper.py) for one hash or one secret.

Each request starts a short-lived helper process, so argon2 (64 MiB per hash) and cryptography
never load into the long-lived app; the request, secrets included, goes over its standard input.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from store.core.errors import StoreError

HELPER = Path(__file__).with_name("crypto_helper.py")
# Generous: on a busy server a hash may queue for a slot behind several others.
TIMEOUT_SECONDS = 120.0
# All the helper reads from the environment: where its lock files go, and the locale.
HELPER_ENVIRONMENT = ("PATH", "XDG_RUNTIME_DIR", "TMPDIR", "TEMP", "TMP", "LANG", "LC_ALL")


class HelperFailed(StoreError):
    """The crypto helper could not run or did not answer; the message says what to do."""


def helper_command(operation: str) -> list[str]:
    """`python -I` (no environment, no user site, no current folder on the path) + the helper."""
    return [sys.executable, "-I", str(HELPER), operation]


def ask_helper(operation: str, request: Mapping[str, Any]) -> dict[str, Any]:
    """The helper's answer to `request`.

    Raises:
        HelperFailed: it could not start, failed, took too long or answered nonsense.
    """
    try:
        done = subprocess.run(
            helper_command(operation),
            input=json.dumps(request).encode(),
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
            env={name: os.environ[name] for name in HELPER_ENVIRONMENT if name in os.environ},
        )
    except subprocess.TimeoutExpired as error:
        raise _failed("it took too long") from error
    except OSError as error:
        raise _failed(f"it could not start: {error.strerror}") from error
    if done.returncode != 0:
        reason = done.stderr.decode(errors="replace").strip().splitlines()
        raise _failed(reason[-1] if reason else f"exit status {done.returncode}")
    try:
        answer = json.loads(done.stdout)
    except ValueError as error:
        raise _failed("it gave no answer") from error
    if not isinstance(answer, dict):
        raise _failed("it gave no answer")
    return answer


def _failed(reason: str) -> HelperFailed:
    return HelperFailed(
        f"A security check could not run just now ({reason}): try again in a moment, and if "
        "it goes on, tell the server's administrator."
    )
