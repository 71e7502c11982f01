"""A subject access request's file: everything held on one pupil (store/pupils/subject_access.py)
as JSON, private and never over another file, like every export (exports/folder.py)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from exports.folder import export_path, exports_root, write_new_file

FOLDER = "Subject access requests"
"""Beside the establishments' folders: a request may span the schools a child has been at."""


def subject_access_path(upn: str, made_at: datetime) -> Path:
    """A new file in the exports folder's subject access folder, named by UPN and time."""
    return export_path(exports_root() / FOLDER, f"Pupil {upn}", made_at, ".json")


def write_subject_access(
    path: Path, upn: str, records: list[dict[str, Any]], made_at: datetime
) -> Path:
    """Write the records held on the pupil with `upn` to the new file `path`."""
    document = {
        "upn": upn,
        "made_at": made_at.isoformat(timespec="seconds"),
        "records": records,
    }

    def fill(handle: BinaryIO) -> None:
        handle.write(json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8"))
        handle.write(b"\n")

    return write_new_file(path, fill)
