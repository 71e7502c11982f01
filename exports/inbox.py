"""The files waiting in an establishment's inbox (exports/folder.py), newest first.

People put files there with SFTP (or, on their own computer, in the folder itself); the import
offers them in a list instead of asking for a path on the server.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

UNFINISHED = (".filepart", ".part", ".partial", ".crdownload")
"""Names that uploads in progress have (WinSCP's .filepart...): not yet a file to import."""
MOST_LISTED = 500
"""An inbox is a handful of files; past this the oldest are not listed (nor read)."""


@dataclass(frozen=True)
class InboxFile:
    """One file in the inbox, as the list shows it."""

    path: Path
    size: int
    modified: datetime

    @property
    def name(self) -> str:
        return self.path.name


def inbox_files(folder: Path) -> list[InboxFile]:
    """The regular files in `folder`, newest first (at most MOST_LISTED).

    Links, folders, hidden files and unfinished uploads are left out: a link put in an inbox
    could point at another establishment's file.

    Raises:
        OSError: the folder cannot be read.
    """
    found: list[InboxFile] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(".") or entry.name.lower().endswith(UNFINISHED):
                continue
            if not entry.is_file(follow_symlinks=False):
                continue
            status = entry.stat(follow_symlinks=False)
            modified = datetime.fromtimestamp(status.st_mtime, timezone.utc)
            found.append(InboxFile(Path(entry.path), status.st_size, modified))
    found.sort(key=lambda file: (file.modified, file.name), reverse=True)
    return found[:MOST_LISTED]
