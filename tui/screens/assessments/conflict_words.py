"""What the grid says when a cell was changed by a colleague since the person saw it, so that
their entry, fill, undo or redo was not made there (store/assessments/conflicts.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from store.assessments.changes import Change, ElgChange, IncludeChange, JudgementChange
from store.assessments.conflicts import Conflict
from store.assessments.grid_model import GridModel
from store.core.words import plural
from tui.screens.assessments.grid_status import cell_name

_NOT_DONE = {"undo": "Not undone", "redo": "Not redone"}


def conflict_words(
    conflicts: Sequence[Conflict], asked: int, action: str, model: GridModel | None
) -> tuple[str, str]:
    """(a line for the status line, the whole sentence for a notification) about `conflicts`
    among `asked` changes asked for by `action`."""
    if len(conflicts) == 1 and asked == 1:
        conflict = conflicts[0]
        who = conflict.changed_by or "A colleague"
        when = f" at {_clock(conflict.changed_at)}" if conflict.changed_at else ""
        not_done = _NOT_DONE.get(action, "Not saved")
        short = f"{not_done}: {who} changed it{when}; the key again overwrites it."
        sentence = (
            f"{not_done}: {who} changed {cell_name(conflict.current, model)}{when}, to "
            f"{_value(conflict.current)}. The grid shows their entry now; press the key again "
            "to overwrite it."
        )
        return short, sentence
    skipped = f"{len(conflicts)} of {plural(asked, 'cell')}"
    short = f"{skipped} left as they are: a colleague changed them since (now shown)."
    sentence = (
        f"{skipped} were left as they are: a colleague changed them after you saw them, and the "
        "grid shows their entries now. Do it again to overwrite them."
    )
    return short, sentence


def _clock(moment: datetime) -> str:
    local = moment.astimezone()
    if local.date() == datetime.now().astimezone().date():
        return f"{local:%H:%M}"
    return f"{local:%H:%M} on {local:%d/%m/%Y}"


def _value(change: Change) -> str:
    if isinstance(change, JudgementChange):
        return change.after.describe()
    if isinstance(change, ElgChange):
        return change.after.label if change.after else "blank"
    if isinstance(change, IncludeChange):
        return "Yes" if change.after else "No"
    return f"'{change.after}'" if change.after else "blank"
