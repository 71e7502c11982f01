"""H in the grid: link the cursor's engagement model observation to an outcome of the pupil's
EHC plan (read, asked, written: each in a worker), or take the link away with a blank."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.dom import DOMNode

from store.assessments.ehc_links import ehc_link, set_ehc_link
from store.assessments.grid_model import ColumnKind, GridModel
from store.core.access import Actor
from store.core.db import Database
from store.core.models_ehc import EHC_OUTCOME_LENGTH
from store.curriculum.engagement import ENGAGEMENT_ID
from tui.store_call import run_store_call
from tui.widgets.assessments.grid_entry import not_assessed_another_way

NOT_HERE = "EHC plan outcomes link to engagement model observations: move to one."
HINT = "As the plan names it (Outcome 2: communication) · blank: no link · Esc keeps it"


def ehc_refused(model: GridModel | None, row: int, column: int) -> str | None:
    """Why the cursor's cell takes no link, or None."""
    if model is None or not model.rows or not model.columns:
        return NOT_HERE
    col = model.columns[column]
    if col.kind is not ColumnKind.JUDGEMENT or col.framework.id != ENGAGEMENT_ID:
        return NOT_HERE
    if col.period is None or col.period.layer is not None:
        return NOT_HERE
    if not model.takes_values(row, column):
        return not_assessed_another_way(col.framework)
    return None


def ask_ehc_link(
    host: DOMNode,
    database: Database,
    actor: Actor,
    model: GridModel | None,
    row: int,
    column: int,
    say: Callable[[str], None],
) -> None:
    """Show the observation's link to ask for a new one, then write it and say so."""
    refused = ehc_refused(model, row, column)
    if refused is not None:
        say(refused)
        return
    assert model is not None
    col, pupil = model.columns[column], model.rows[row]
    assert col.period is not None and col.subject is not None
    school = model.cohort.establishment_id
    where = (database, actor, school, pupil.id, col.period.id, col.subject.code)
    title = f"EHC plan outcome: {pupil.display_name} · {col.subject.name} · {col.period.name}"

    def written(kept: str) -> None:
        say(f"Linked to EHC plan outcome {kept}." if kept else "No EHC plan outcome linked now.")

    def answered(text: str | None) -> None:
        if text is not None:
            run_store_call(host, partial(set_ehc_link, *where, text), written, group="ehc-link")

    def read(current: str) -> None:
        from tui.screens.dialogs.prompt import PromptDialog

        dialog = PromptDialog(title, current, hint=HINT, max_length=EHC_OUTCOME_LENGTH)
        host.app.push_screen(dialog, answered)

    run_store_call(host, partial(ehc_link, *where), read, group="ehc-link", hold_keys=True)
