"""Undo and redo: a step is what one store call changed (a flood-fill is one step)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from store.assessments.changes import Change, inverse

UNDO_LIMIT = 500

AppliedT = TypeVar("AppliedT")
EditT = TypeVar("EditT")


class UndoHistory(Generic[AppliedT, EditT]):
    """Steps of applied changes; `invert` turns a step into the edits that take it back.

    A step may carry a label ("fill column, 21 changes"): undo and redo then say which step
    they took back or did again, so an undo is never silent about what it reverted.
    """

    def __init__(
        self, invert: Callable[[Sequence[AppliedT]], list[EditT]], limit: int = UNDO_LIMIT
    ) -> None:
        self.invert = invert
        self.limit = limit
        self._done: list[tuple[list[AppliedT], str]] = []
        self._undone: list[tuple[list[AppliedT], str]] = []

    def record(self, step: list[AppliedT], label: str = "") -> None:
        """A new step from the user: it clears what could be redone."""
        if step:
            self._done.append((step, label))
            del self._done[: -self.limit]
            self._undone.clear()

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    def undo_edits(self) -> list[EditT]:
        """The edits that take back the last step (call `undone` once they are written)."""
        return self.invert(self._done[-1][0]) if self._done else []

    def undone(self, applied: list[AppliedT]) -> None:
        """The last step was taken back as far as `applied` (a cell a colleague has changed
        since stays theirs); a step of which nothing was taken back cannot be redone."""
        _, label = self._done.pop()
        if applied:
            self._undone.append((applied, label))

    def redo_edits(self) -> list[EditT]:
        return self.invert(self._undone[-1][0]) if self._undone else []

    def redone(self, applied: list[AppliedT]) -> None:
        _, label = self._undone.pop()
        if applied:
            self._done.append((applied, label))

    def clear(self) -> None:
        self._done.clear()
        self._undone.clear()

    def undo(self, write: Callable[[list[EditT]], list[AppliedT] | None]) -> str | None:
        """Write what takes back the last step; a sentence saying what was undone (for a
        labelled step) or that there is nothing to undo; None otherwise.

        `write` returns what it applied, or None when the store refused (the step stays).
        """
        edits = self.undo_edits()
        if not edits:
            return "Nothing to undo."
        label = self._done[-1][1]
        applied = write(edits)
        if applied is None:
            return None
        self.undone(applied)
        if not applied:
            return None  # its cells hold other values now: `write` said why
        return f"Undone: {label}; y redoes it." if label else None

    def redo(self, write: Callable[[list[EditT]], list[AppliedT] | None]) -> str | None:
        """Write the last undone step again; a sentence as for `undo`."""
        edits = self.redo_edits()
        if not edits:
            return "Nothing to redo."
        label = self._undone[-1][1]
        applied = write(edits)
        if applied is None:
            return None
        self.redone(applied)
        if not applied:
            return None
        return f"Redone: {label}." if label else None


def _invert_changes(step: Sequence[Change]) -> list[Change]:
    return [inverse(change) for change in reversed(step)]


class History(UndoHistory[Change, Change]):
    """The assessment grid's history: judgements, goals, notes, Include in Data."""

    def __init__(self, limit: int = UNDO_LIMIT) -> None:
        super().__init__(_invert_changes, limit)
