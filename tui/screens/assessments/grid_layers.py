"""T and J in the grid: show the periods' targets, or the teacher's judgement of progress, in
the periods' place (the same keys, fills, notes and undo), and the periods again.

Showing a layer first makes it for each shown period that has none yet (in a worker: a write),
then the grid reads its cohort again.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.dom import DOMNode

from store.assessments.grid_model import GridModel
from store.core.access import Actor
from store.core.db import Database
from store.curriculum.layers import Layer
from store.progress.layers import ensure_layers
from tui.store_call import run_store_call

SAID = {
    Layer.TARGETS: (
        "Targets in each period's place, with the same keys. T again: the assessments."
    ),
    Layer.JUDGED_PROGRESS: (
        "Judged progress: a Above, e Expected, b Below. J again: the assessments."
    ),
}
"""What the status line says after T or J (one line at 80 columns)."""


def layer_said(layer: Layer | None) -> str:
    """What the status line says after T or J."""
    return "The assessments again." if layer is None else SAID[layer]


def show_layer(
    host: DOMNode,
    database: Database,
    actor: Actor,
    establishment_id: int,
    model: GridModel | None,
    layer: Layer,
    shown: Callable[[Layer | None], None],
) -> None:
    """Show `layer` (None to `shown` when it is showing already: the periods again), making it
    first for the shown periods that have none."""
    if model is None:
        return
    if model.layer is layer:
        shown(None)
        return
    made = {(period.layer_of, period.layer) for period in model.cohort.layers}
    missing = [
        period.id
        for period in model.cohort.periods
        if period.id not in model.hidden_periods and (period.id, layer) not in made
    ]
    if not missing:
        shown(layer)
        return
    call = partial(ensure_layers, database, actor, establishment_id, missing, layer)
    run_store_call(host, call, lambda _made: shown(layer), group="grid-layer", hold_keys=True)
