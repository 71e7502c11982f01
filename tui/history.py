"""Undo and redo for the grid: a step is what one store call changed (a flood-fill is one)."""

from __future__ import annotations

from store.assessments import Change, inverse

UNDO_LIMIT = 500


class History:
    """Steps of applied changes; undoing writes their inverses, newest first."""

    def __init__(self, limit: int = UNDO_LIMIT) -> None:
        self.limit = limit
        self._done: list[list[Change]] = []
        self._undone: list[list[Change]] = []

    def record(self, step: list[Change]) -> None:
        """A new step from the user: it clears what could be redone."""
        if step:
            self._done.append(step)
            del self._done[: -self.limit]
            self._undone.clear()

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    def undo_edits(self) -> list[Change]:
        """The edits that take back the last step (call `undone` once they are written)."""
        return [inverse(change) for change in reversed(self._done[-1])] if self._done else []

    def undone(self, applied: list[Change]) -> None:
        self._done.pop()
        self._undone.append(applied)

    def redo_edits(self) -> list[Change]:
        return [inverse(change) for change in reversed(self._undone[-1])] if self._undone else []

    def redone(self, applied: list[Change]) -> None:
        self._undone.pop()
        self._done.append(applied)

    def clear(self) -> None:
        self._done.clear()
        self._undone.clear()
