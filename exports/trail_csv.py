"""The audit trail as a CSV file, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

HEADER = ("When (UTC)", "Who", "From", "Establishment", "Pupil", "Action", "What", "Old", "New")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


class TrailRow(Protocol):
    """What the writer needs of an entry (store.audit_trail.TrailEntry has it)."""

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


def write_trail_csv(entries: Iterable[TrailRow], path: Path) -> Path:
    """Write `entries` to `path` (UTF-8 with BOM, so Excel reads accents) and return the path."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(HEADER)
        for entry in entries:
            at = entry.at
            when = at.strftime("%d/%m/%Y %H:%M:%S") if hasattr(at, "strftime") else str(at)
            writer.writerow(
                [when]
                + [
                    inert(value)
                    for value in (
                        entry.actor,
                        entry.source,
                        entry.establishment,
                        entry.pupil,
                        entry.action,
                        entry.target,
                        entry.old_value,
                        entry.new_value,
                    )
                ]
            )
    return path
