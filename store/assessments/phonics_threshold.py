"""The phonics screening check's threshold mark by academic year, which support sets.

The DfE publishes each year's threshold in June (32 in every recent year); a year with no row
takes the usual mark. The grid derives each pupil's outcome (Wa or Wt) from it
(store.curriculum.ks1.PHONICS_OUTCOME), reading it with the cohort, so an open grid shows a new
threshold when it next reads its cohort (f5).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlmodel import Session

from store.core.access import Actor, PermissionDenied, may_set_return_settings
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.errors import InvalidInput
from store.core.models_returns import PhonicsThreshold
from store.curriculum.dates import format_academic_year
from store.curriculum.framework import YearSettings
from store.curriculum.ks1 import PHONICS_MARK_MAX, PHONICS_THRESHOLD_USUAL

ACTION = "set phonics threshold"
FIRST_YEAR = 2011
"""The check was first taken in June 2012, in academic year 2011/2012."""
LAST_YEAR = 2099


@dataclass(frozen=True)
class Threshold:
    """An academic year's threshold mark; `set_by` and `set_at` are None while it is the usual
    one (no row)."""

    academic_year: int
    mark: int
    set_by: str | None = None
    set_at: datetime | None = None

    @property
    def is_usual(self) -> bool:
        return self.set_by is None

    def said(self) -> str:
        """ "32 for 2025/2026 (the usual mark)" or "31 for 2025/2026 (set by jo.bloggs)"."""
        how = "the usual mark" if self.set_by is None else f"set by {self.set_by}"
        return f"{self.mark} for {format_academic_year(self.academic_year)} ({how})"


def _threshold(session: Session, academic_year: int) -> Threshold:
    row = session.get(PhonicsThreshold, academic_year)
    if row is None:
        return Threshold(academic_year, PHONICS_THRESHOLD_USUAL)
    return Threshold(academic_year, row.mark, row.set_by, row.set_at)


def phonics_threshold(db: Database, academic_year: int) -> Threshold:
    """The threshold mark of `academic_year`: the one support set, else the usual 32. Anyone
    may read it: it is the DfE's, not a school's."""
    with db.read() as session:
        return _threshold(session, academic_year)


def year_settings(session: Session, academic_year: int) -> YearSettings:
    """What a year's derived columns read, inside the caller's session (the cohort's read)."""
    return YearSettings(phonics_threshold=_threshold(session, academic_year).mark)


def set_phonics_threshold(
    db: Database, actor: Actor, academic_year: int, mark: int, *, now: datetime | None = None
) -> Threshold:
    """Set the threshold mark of `academic_year`; support only (or a single-machine install's
    administrator). Audited with the old and new
    mark in the same transaction (setting the mark it already has writes nothing).

    Raises:
        PermissionDenied: not support. InvalidInput: a mark outside 0 to 40 (`field` "mark"),
            or a year the check was not taken in (`field` "academic_year").
    """
    if not may_set_return_settings(actor):
        raise PermissionDenied(
            "Only the local authority's support team can set the phonics check's threshold "
            "mark: ask them to."
        )
    if isinstance(mark, bool) or not 0 <= mark <= PHONICS_MARK_MAX:
        raise InvalidInput(
            f"The threshold is a mark from 0 to {PHONICS_MARK_MAX} (usually "
            f"{PHONICS_THRESHOLD_USUAL}), not {mark}.",
            field="mark",
        )
    if not FIRST_YEAR <= academic_year <= LAST_YEAR:
        raise InvalidInput(
            f"The phonics check has a threshold from {format_academic_year(FIRST_YEAR)}: "
            f"{format_academic_year(academic_year)} is not a year it was taken in.",
            field="academic_year",
        )
    at = now or datetime.now(timezone.utc)
    with db.write() as session:
        before = _threshold(session, academic_year)
        audits = []
        if before.is_usual or before.mark != mark:
            row = session.get(PhonicsThreshold, academic_year) or PhonicsThreshold(
                academic_year=academic_year, mark=mark, set_by=actor.username
            )
            row.mark, row.set_by, row.set_at = mark, actor.username, at
            session.add(row)
            old = f"{before.mark} (usual)" if before.is_usual else str(before.mark)
            target = f"phonics threshold {format_academic_year(academic_year)}"
            audits.append(AuditRecord(ACTION, None, None, target, old, str(mark)))
        # With nothing changed too: an ended session is refused, not told it worked.
        record(session, actor, audits, at=at)
        if not audits:
            return before
        return Threshold(academic_year, mark, actor.username, at)
