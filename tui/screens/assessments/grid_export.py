"""Excel export from the Assessments screen: Screen data or All data, written in a worker."""

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
from store.establishments.establishments import EstablishmentInfo
from store.pupils.filters import PupilFilter
from tui.screens.dialogs.choose import Choice, ChooseDialog
from tui.screens.export_flow import write_in_worker


class GridExport(Enum):
    SCREEN = "Screen data"
    ALL = "All data"


CHOICES = [
    Choice(GridExport.SCREEN, "S", "Screen data: the pupils, assessments and columns shown now"),
    Choice(GridExport.ALL, "A", "All data: every Nursery and Reception assessment this year"),
]
HINT = "S or A, or ↑↓ · Enter export to Excel · Esc cancel"


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


def choose_and_export(screen: Screen[Any], request: GridExportRequest) -> None:
    """Ask Screen data or All data, then write the workbook in a worker and say where.
    `screen` is where the dialog, the notices and the worker go."""

    def chosen(choice: Choice[GridExport] | None) -> None:
        if choice is not None:
            start_export(screen, request, choice.value)

    year = format_academic_year(request.academic_year)
    screen.app.push_screen(ChooseDialog(f"Download {year} to Excel", CHOICES, hint=HINT), chosen)


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
