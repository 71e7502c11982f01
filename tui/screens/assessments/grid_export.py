"""Export from the Assessments screen (E): Screen data or All data to Excel, and for a manager
the cohort's return to the local authority (tui/screens/assessments/return_export.py); each
written in a worker."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Any

from textual.screen import Screen

from exports.all_data import export_all_data
from exports.folder import export_path, outbox
from exports.grid_workbook import GridChoices, export_screen_data
from store.core.access import Actor
from store.core.db import Database
from store.curriculum.dates import format_academic_year
from store.curriculum.eyfs import YearGroup
from store.curriculum.ks1 import KS1_TA_ID
from store.curriculum.layers import Layer
from store.establishments.establishments import EstablishmentInfo
from store.pupils.filters import PupilFilter
from store.returns.ctf_data import ReturnKind
from tui.screens.assessments.return_export import (
    ReturnRequest,
    returns_offered,
    start_return_export,
)
from tui.screens.dialogs.choose import Choice, ChooseDialog
from tui.screens.export_flow import write_in_worker
from tui.widgets.assessments.judgement_grid import JudgementGrid


class GridExport(Enum):
    SCREEN = "Screen data"
    ALL = "All data"
    CTF_KS1 = "CTF return (KS1)"
    KS1_CSV = "KS1 CSV"
    CTF_EYFSP = "CTF return (EYFS profile)"


CHOICES = [
    Choice(GridExport.SCREEN, "S", "Screen data: the pupils, assessments and columns shown now"),
    Choice(GridExport.ALL, "A", "All data: every year group's assessments this year"),
]
HINT = "S or A, or ↑↓ · Enter export to Excel · Esc cancel"
RETURNS = {
    (ReturnKind.KS1, False): Choice(
        GridExport.CTF_KS1, "C", "CTF return (KS1): submitted results, for the local authority"
    ),
    (ReturnKind.KS1, True): Choice(
        GridExport.KS1_CSV, "K", "KS1 CSV: the same, in the LA tool's spreadsheet layout"
    ),
    (ReturnKind.EYFSP, False): Choice(
        GridExport.CTF_EYFSP, "C", "CTF return (EYFS profile): the submitted End of Year ELGs"
    ),
}
"""The returns E offers a manager (or support), by (kind, as the KS1 CSV)."""


@dataclass(frozen=True)
class GridExportRequest:
    """What the grid shows, copied when E is pressed (the worker must not read the screen)."""

    database: Database
    actor: Actor
    establishment: EstablishmentInfo
    academic_year: int
    year_group: YearGroup
    pupil_filter: PupilFilter
    hidden_periods: frozenset[int]
    show_elg: bool
    wide: bool
    layer: Layer | None = None


def choose_and_export(
    screen: Screen[Any], request: GridExportRequest, grid: JudgementGrid | None = None
) -> None:
    """Ask Screen data or All data (or, for a manager, the cohort's return), then write it in
    a worker and say where. `screen` is where the dialog, the notices and the worker go; `grid`
    says which returns the cohort has and which KS1 period the cursor is in."""
    model = grid.model if grid is not None else None
    offered = returns_offered(
        request.actor.role, request.year_group, model.cohort if model is not None else None
    )
    returns = {RETURNS[key].value: key for key in offered}
    source_id = _cursor_ks1_period(grid)

    def chosen(choice: Choice[GridExport] | None) -> None:
        if choice is None:
            return
        if choice.value in returns:
            kind, csv = returns[choice.value]
            return_request = ReturnRequest(
                request.database,
                request.actor,
                request.establishment,
                request.academic_year,
                kind,
                csv,
                choice.value.value,
                source_id if kind is ReturnKind.KS1 else None,
            )
            start_return_export(screen, return_request)
        else:
            start_export(screen, request, choice.value)

    year = format_academic_year(request.academic_year)
    if not offered:
        dialog = ChooseDialog(f"Download {year} to Excel", CHOICES, hint=HINT)
    else:
        choices = CHOICES + [RETURNS[key] for key in offered]
        keys = [choice.key for choice in choices]
        hint = f"{', '.join(keys[:-1])} or {keys[-1]}, or ↑↓ · Enter export · Esc cancel"
        dialog = ChooseDialog(f"Export {year}: to Excel, or a return", choices, hint=hint)
    screen.app.push_screen(dialog, chosen)


def _cursor_ks1_period(grid: JudgementGrid | None) -> int | None:
    """The KS1 teacher assessment period the cursor is in; None: the store takes the year's
    latest (as S submits the period the cursor is in)."""
    model = grid.model if grid is not None else None
    if grid is None or model is None or not 0 <= grid.column < len(model.columns):
        return None
    period = model.columns[grid.column].period
    return period.id if period is not None and period.framework == KS1_TA_ID else None


def _job(request: GridExportRequest, what: GridExport) -> Callable[[], Path]:
    """The export to run."""
    database, actor, establishment = request.database, request.actor, request.establishment
    year, group = request.academic_year, request.year_group
    made_at = datetime.now(timezone.utc)
    label = format_academic_year(year).replace("/", "-")
    if what is GridExport.ALL:

        def all_data() -> Path:
            path = export_path(outbox(establishment.number), f"All data {label}", made_at)
            return export_all_data(database, actor, establishment, year, path, made_at)

        return all_data
    choices = GridChoices(
        pupil_filter=request.pupil_filter,
        hidden_periods=request.hidden_periods,
        show_elg=request.show_elg,
        wide=request.wide,
        layer=request.layer,
    )

    def screen_data() -> Path:
        what_name = f"Screen data {group.label} {label}"
        path = export_path(outbox(establishment.number), what_name, made_at)
        return export_screen_data(
            database, actor, establishment, year, group, choices, path, made_at
        )

    return screen_data


def start_export(screen: Screen[Any], request: GridExportRequest, what: GridExport) -> None:
    """Run the export in a worker thread; typing carries on while it writes."""
    job = _job(request, what)
    saved = f"{what.value} saved to"
    write_in_worker(screen, what.value, job, group="grid-export", saved=saved)
