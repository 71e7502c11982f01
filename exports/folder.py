"""Where exported files go: one folder per establishment, and names that never clash."""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

from platformdirs import user_documents_dir

EXPORTS_DIR_ENV = "PUPIL_TRACKER_EXPORTS_DIR"
APP_FOLDER = "Pupil Tracker"
LA_FOLDER = "Local authority"
"""Beside the establishments' folders: what is about every establishment (support's exports)."""
# Characters Windows, macOS or Linux refuse in a file name (a share may be mounted from any).
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
STAMP_FORMAT = "%Y-%m-%d %H%M"


def safe_name(text: str) -> str:
    """`text` usable as one file or folder name on every system (unsafe runs become "-")."""
    cleaned = _UNSAFE.sub("-", text).strip(" .")
    return cleaned or "export"


def exports_root() -> Path:
    """The folder holding every establishment's exports.

    $PUPIL_TRACKER_EXPORTS_DIR when set, otherwise "Pupil Tracker" in the user's documents
    folder (platformdirs: ~/Documents on most systems).
    """
    configured = os.environ.get(EXPORTS_DIR_ENV, "").strip()
    if configured:
        return Path(configured).expanduser()
    return Path(user_documents_dir()) / APP_FOLDER


def establishment_folder(number: str, name: str, root: Path | None = None) -> Path:
    """The establishment's own exports folder, "<number> <name>", created if missing.

    Raises:
        OSError: the folder cannot be created.
    """
    folder = (root or exports_root()) / safe_name(f"{number} {name}")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def file_name(what: str, made_at: datetime, suffix: str = ".xlsx") -> str:
    """A name saying what and when, e.g. "All data 2025-2026 (2026-03-12 1405).xlsx"."""
    return f"{safe_name(what)} ({made_at.astimezone():{STAMP_FORMAT}}){suffix}"


def unused_path(path: Path) -> Path:
    """`path`, or "name (2).xlsx", "name (3).xlsx"... if it is taken: nothing is overwritten."""
    candidate = path
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem} ({number}){path.suffix}")
        number += 1
    return candidate


def export_path(
    number: str,
    name: str,
    what: str,
    made_at: datetime,
    folder: Path | None = None,
    suffix: str = ".xlsx",
) -> Path:
    """A new file path in `folder` (default: the establishment's exports folder).

    Args:
        number: The establishment's number.
        name: The establishment's name.
        what: What the file holds, e.g. "Screen data Reception 2025-2026".
        made_at: When it is made (goes into the name).
        folder: Another folder to write into (the CLI's --out DIRECTORY).
        suffix: The file's type, ".xlsx" or ".csv".

    Raises:
        OSError: the folder cannot be created.
    """
    if folder is None:
        folder = establishment_folder(number, name)
    else:
        folder.mkdir(parents=True, exist_ok=True)
    return unused_path(folder / file_name(what, made_at, suffix))
