"""Files left in the exports folder past the local authority's time: exports in the outboxes,
uploads in the inboxes and subject access requests. They hold pupils' data, so they are kept
no longer than the authority allows (`pupil-tracker tidy-files`), as the records themselves are
(store/pupils/retention.py).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from exports.folder import INBOX, OUTBOX, exports_root
from exports.subject_access import FOLDER as SUBJECT_ACCESS


@dataclass(frozen=True)
class OldFile:
    """A file older than the time kept: where it is, and when it was last written."""

    path: Path
    modified: datetime


def _kept_folders(root: Path) -> Iterator[Path]:
    """Every folder the app or the schools put files in: each outbox and inbox (of every
    establishment and the local authority), and the subject access requests'."""
    with os.scandir(root) as entries:
        for entry in sorted(entries, key=lambda entry: entry.name):
            if entry.is_dir(follow_symlinks=False):
                for name in (OUTBOX, INBOX):
                    folder = Path(entry.path) / name
                    if folder.is_dir() and not folder.is_symlink():
                        yield folder
    requests = root / SUBJECT_ACCESS
    if requests.is_dir() and not requests.is_symlink():
        yield requests


def old_files(older_than: timedelta, now: datetime, root: Path | None = None) -> list[OldFile]:
    """The files last written before `now - older_than`, folder by folder, oldest first.

    Only what lies directly in those folders, and never through a link: a link is itself a
    file here (removing it removes the link, not what it points at); folders are left alone.

    Raises:
        OSError: a folder cannot be read.
    """
    root = root or exports_root()
    if not root.is_dir():
        return []
    cutoff = (now - older_than).timestamp()
    found: list[OldFile] = []
    for folder in _kept_folders(root):
        here = []
        with os.scandir(folder) as entries:
            for entry in entries:
                status = entry.stat(follow_symlinks=False)
                if stat.S_ISDIR(status.st_mode) or status.st_mtime >= cutoff:
                    continue
                modified = datetime.fromtimestamp(status.st_mtime, now.tzinfo)
                here.append(OldFile(Path(entry.path), modified))
        found += sorted(here, key=lambda file: (file.modified, file.path.name))
    return found


def remove(files: list[OldFile]) -> list[tuple[OldFile, OSError]]:
    """Remove each file; the ones that could not be, with why (the rest are removed)."""
    failed = []
    for file in files:
        try:
            file.path.unlink(missing_ok=True)
        except OSError as error:
            failed.append((file, error))
    return failed
