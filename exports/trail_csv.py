"""The audit trail as a CSV file, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO, Protocol, TextIO

from exports.folder import export_path, la_outbox, outbox, write_new_file
from store.core.db import Database
from store.establishments.establishments import get_establishment

HEADER = ("When (UTC)", "Who", "From", "Establishment", "Pupil", "Action", "What", "Old", "New")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


class TrailRow(Protocol):
    """What the writer needs of an entry (store.core.audit_trail.TrailEntry has it)."""

    @property
    def at(self) -> object: ...
    @property
    def actor(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def establishment(self) -> str: ...
    @property
    def pupil(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def target(self) -> str: ...
    @property
    def old_value(self) -> str: ...
    @property
    def new_value(self) -> str: ...


def inert(text: str) -> str:
    """Text a spreadsheet shows as typed: a leading quote stops =, +, - and @ formulas."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def trail_file(db: Database, establishment_id: int | None, made_at: datetime | None = None) -> Path:
    """Where the trail shown is saved unless the person says otherwise: a new
    "Audit trail 2041 (2026-03-12 1405).csv" in the establishment's outbox, as every
    export is, or "Audit trail all establishments (...).csv" in the "Local authority" outbox
    when the trail is of every establishment (support with the School filter blank).

    Raises:
        NotFound: there is no such establishment.
        OSError: the folder cannot be created.
    """
    made_at = made_at or datetime.now(timezone.utc)
    if establishment_id is None:
        return export_path(la_outbox(), "Audit trail all establishments", made_at, ".csv")
    school = get_establishment(db, establishment_id)
    what = f"Audit trail {school.number}"
    return export_path(outbox(school.number), what, made_at, ".csv")


def write_trail_csv(entries: Iterable[TrailRow], path: Path) -> Path:
    """Write `entries` to the new file `path` (UTF-8 with BOM, so Excel reads accents) and
    return the path; see exports.folder.write_new_file (0600, whole or not at all).

    Raises:
        FileExistsError: `path` exists already: it is never overwritten.
        OSError: the file cannot be written.
    """

    def fill(file: BinaryIO) -> None:
        text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
        _write_rows(text, entries)
        text.flush()
        text.detach()  # the binary file is write_new_file's to close

    return write_new_file(path, fill)


def _write_rows(handle: TextIO, entries: Iterable[TrailRow]) -> None:
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow(HEADER)
    for entry in entries:
        at = entry.at
        when = at.strftime("%d/%m/%Y %H:%M:%S") if hasattr(at, "strftime") else str(at)
        values = (
            entry.actor,
            entry.source,
            entry.establishment,
            entry.pupil,
            entry.action,
            entry.target,
            entry.old_value,
            entry.new_value,
        )
        writer.writerow([when, *(inert(value) for value in values)])
