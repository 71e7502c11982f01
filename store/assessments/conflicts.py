"""Writes made only over what the person saw: a colleague's later change is never overwritten
behind their back.

A change asked for from the grid carries in `before` the value its cell showed. Inside the
write's transaction, with the pupils' rows locked (store/assessments/judgements.py), each cell
is compared with it: a cell that holds something else now was changed by a colleague since,
and is left as it is. The caller is told what it holds, who changed it and when, so that the
grid can show it and the person can press the key again to overwrite it knowingly.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlmodel import Session, col, select

from store.assessments.changes import Change
from store.core.models import AuditEntry


@dataclass(frozen=True)
class Conflict:
    """A change not made: its cell no longer held what the person saw."""

    asked: Change
    """The change asked for; its `before` is what the person saw."""
    current: Change
    """From what the person saw to what the cell holds now: applying it shows the cell as
    it is (it is nobody's step to undo)."""
    changed_by: str | None = None
    """Who made the cell's latest change, from the audit trail (None: not found)."""
    changed_at: datetime | None = None


@dataclass
class Written:
    """What a write as seen did: the changes made, and those left for a colleague's value."""

    applied: list[Change] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    audit_ids: list[int] = field(default_factory=list)
    """The audit entries written for `applied` (an open grid's own, not a colleague's)."""


class SeenCheck:
    """Compares each asked change's `before` with its cell's value read under the lock."""

    def __init__(self, enforced: bool) -> None:
        self.enforced = enforced
        self.conflicts: list[Conflict] = []

    def holds(self, asked: Change, now: object) -> bool:
        """Whether `asked` may be written over `now`, its cell's value; if not, it is noted."""
        if not self.enforced or asked.before == now:
            return True
        self.conflicts.append(Conflict(asked, replace(asked, after=now)))  # type: ignore[arg-type]
        return False

    def named(self, session: Session, targets: list[tuple[int, str]]) -> list[Conflict]:
        """The conflicts with who made each cell's latest change and when; `targets` are the
        (pupil id, audit target) of each conflict, in order."""
        named: list[Conflict] = []
        for conflict, (pupil_id, target) in zip(self.conflicts, targets, strict=True):
            latest = session.exec(
                select(AuditEntry.actor, AuditEntry.at)
                .where(col(AuditEntry.pupil_id) == pupil_id, col(AuditEntry.target) == target)
                .order_by(col(AuditEntry.id).desc())
                .limit(1)
            ).first()
            if latest is not None:
                conflict = replace(conflict, changed_by=latest[0], changed_at=latest[1])
            named.append(conflict)
        return named
