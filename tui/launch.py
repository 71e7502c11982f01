"""The program's entry point (`pupil-tracker`, `python -m tui`): keeps OpenSSL out of the
process, then runs the command.

The app never speaks TLS itself (PostgreSQL's goes through libpq, which brings its own), yet
asyncio imports `ssl` to offer it and hashlib loads OpenSSL's digests: mapping libcrypto costs
each session 4.5 MiB of its 80 MiB budget, and a server runs one session per clerk. Hidden,
asyncio does without `ssl` and hashlib uses Python's own digests (SQLAlchemy's md5, TOTP's sha1).
"""

from __future__ import annotations

import sys
from collections.abc import MutableMapping
from importlib.util import find_spec
from typing import Any

TLS_MODULES = ("ssl", "_ssl")
OPENSSL_DIGESTS = "_hashlib"
PYTHON_DIGESTS = (
    ("_md5", "_sha1", "_sha2", "_sha3", "_blake2")
    if sys.version_info >= (3, 12)
    else ("_md5", "_sha1", "_sha256", "_sha512", "_sha3", "_blake2")
)
"""The modules hashlib falls back to; some distributions build Python without them."""


def keep_openssl_out(modules: MutableMapping[str, Any] = sys.modules) -> None:
    """Make `import ssl` (and `import _hashlib`, when Python's own digests are all there)
    fail as if Python had been built without them; a module already imported stays."""
    hidden = list(TLS_MODULES)
    if all(find_spec(name) is not None for name in PYTHON_DIGESTS):
        hidden.append(OPENSSL_DIGESTS)
    for name in hidden:
        modules.setdefault(name, None)


def main() -> int:
    keep_openssl_out()
    from tui.cli import main as run_command  # after: its imports bring in asyncio

    return run_command()
