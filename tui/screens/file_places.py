"""Where a person finds the files the app writes and puts the files it reads, in their words.

On their own computer that is a folder's full path. Over SSH the app runs on the server, so a
server path means nothing to them: they reach the establishment's folder with SFTP, where it
is "/" (their chroot, deploy/add-school), so the place is said from there.
"""

from __future__ import annotations

import os
from pathlib import Path

from exports.folder import LA_FOLDER, exports_root

SFTP_TOOLS = "WinSCP, FileZilla or psftp"


def over_ssh() -> bool:
    """Whether the person is at another computer (the login keeps SSH_CONNECTION: README)."""
    return bool(os.environ.get("SSH_CONNECTION"))


def saved_where(path: Path) -> str:
    """Where the file just written is: its full path, or over SSH its place in the files the
    establishment fetches with SFTP, e.g. "outbox/All data 2025-2026 (...).xlsx in the
    files of 2041 (fetch it with SFTP: WinSCP, FileZilla or psftp)"."""
    full = path.resolve()
    if not over_ssh():
        return str(full)
    try:
        place = full.relative_to(exports_root().resolve()).parts
    except ValueError:  # the administrator's own --out: a server path is what they want
        return str(full)
    fetch = f"(fetch it with SFTP: {SFTP_TOOLS})"
    if len(place) < 2 or place[0] == LA_FOLDER:
        return f"{'/'.join(place)} {fetch}"
    return f"{'/'.join(place[1:])} in the files of {place[0]} {fetch}"


def where_to_put(inbox: Path) -> str:
    """Where a file to import goes: the inbox's full path, or over SSH "inbox/" with SFTP."""
    if over_ssh():
        return f"inbox/ with SFTP ({SFTP_TOOLS})"
    return str(inbox.resolve())


def cannot_write(error: OSError) -> str:
    """Why a file was not written (the writers leave nothing behind): one sentence. Over SSH a
    folder the app may not make is the server's to add (deploy/add-school)."""
    reason = error.strerror or str(error)
    where = f" {error.filename}" if error.filename else " the exports folder"
    said = f"cannot write{where} ({reason}). Nothing was left behind."
    if isinstance(error, PermissionError) and over_ssh():
        said += " Ask the server's administrator to add this establishment's folders."
    return said


def no_inbox(error: OSError) -> str:
    """Why there is no inbox to list: one sentence, with what to do."""
    reason = error.strerror or str(error)
    where = f" {error.filename}" if error.filename else ""
    return (
        f"There is no inbox to import from: cannot make{where} ({reason}). Ask the server's "
        "administrator to add this establishment's folders."
    )
