"""A copy of an SQLite database beside itself, made with SQLite's online backup, before a change."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from store.core.db_file import FILE_MODE


def backup_beside(path: Path, label: str, now: datetime) -> Path:
    """Copy the database at `path` to `<path>.<label>-<YYYYMMDD-HHMMSS>` (mode 0600) and return it.

    SQLite's online backup copies what is committed, its write-ahead log included, page by page
    through a connection of its own, so the copy is a whole database even while another
    connection holds the write lock (the upgrade holds it, so nothing changes meanwhile). The
    copy is left in rollback-journal mode: one self-contained file, and never one replaced.

    Raises:
        OSError: the copy cannot be made (a full disk, a read-only folder); a part-made copy
            is removed.
        sqlite3.Error: likewise, from SQLite.
    """
    stamp = now.strftime("%Y%m%d-%H%M%S")
    copy = _new_private_file(path.with_name(f"{path.name}.{label}-{stamp}"))
    copy_database(path, copy)
    return copy


def copy_database(path: Path, copy: Path) -> None:
    """Copy the database at `path` into `copy`, an empty private file made for it, with
    SQLite's online backup (as `backup_beside` says); a part-made copy is removed.

    Raises:
        OSError, sqlite3.Error: the copy cannot be made.
    """
    try:
        source = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
        try:
            target = sqlite3.connect(copy)
            try:
                source.backup(target)
                target.execute("PRAGMA journal_mode=DELETE")
            finally:
                target.close()
        finally:
            source.close()
    except BaseException:
        copy.unlink(missing_ok=True)
        raise


def _new_private_file(wanted: Path) -> Path:
    """Create `wanted` empty with mode 0600, or `wanted-2`, `wanted-3`, ... if it exists."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    for attempt in range(1, 100):
        candidate = wanted if attempt == 1 else wanted.with_name(f"{wanted.name}-{attempt}")
        try:
            descriptor = os.open(candidate, flags, FILE_MODE)
        except FileExistsError:
            continue
        os.close(descriptor)
        return candidate
    raise FileExistsError(f"{wanted} and 98 more copies like it exist already")
