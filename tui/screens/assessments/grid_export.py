"""Excel export from the Assessments screen: Screen data or All data, written in a worker."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from exports.all_data import export_all_data
from exports.folder import export_path
from exports.grid_workbook import GridChoices, export_screen_data
from store.curriculum.rules import format_academic_year
from tui.screens.dialogs.choose import Choice, ChooseDialog
from tui.screens.export_flow import write_in_worker

if TYPE_CHECKING:
    from tui.screens.assessments.grid_screen import AssessmentsScreen


class GridExport(Enum):
    SCREEN = "Screen data"
    ALL = "All data"


CHOICES = [
    Choice(GridExport.SCREEN, "S", "Screen data: the pupils, assessments and columns shown now"),
    Choice(GridExport.ALL, "A", "All data: every Nursery and Reception assessment this year"),
]
HINT = "S or A, or ↑↓ · Enter export to Excel · Esc cancel"


def choose_and_export(screen: AssessmentsScreen) -> None:
    """Ask Screen data or All data, then write the workbook in a worker and say where."""

    def chosen(choice: Choice[GridExport] | None) -> None:
        if choice is not None:
            start_export(screen, choice.value)

    year = format_academic_year(screen.academic_year)
    screen.app.push_screen(ChooseDialog(f"Download {year} to Excel", CHOICES, hint=HINT), chosen)


def _job(screen: AssessmentsScreen, what: GridExport) -> Callable[[], Path]:
    """The export to run, with the screen's choices copied now (the worker must not read them)."""
    database, actor, establishment = screen.database, screen.actor, screen.establishment
    year, group = screen.academic_year, screen.year_group
    made_at = datetime.now(timezone.utc)
    label = format_academic_year(year).replace("/", "-")
    if what is GridExport.ALL:

        def all_data() -> Path:
            path = export_path(
                establishment.number, establishment.name, f"All data {label}", made_at
            )
            return export_all_data(database, actor, establishment, year, path, made_at)

        return all_data
    choices = GridChoices(
        pupil_filter=screen.pupil_filter,
        hidden_periods=frozenset(screen.hidden_periods.get((year, group), set())),
        show_elg=screen.show_elg.get(year, False),
        wide=screen.grid.wide,
    )

    def screen_data() -> Path:
        what_name = f"Screen data {group.label} {label}"
        path = export_path(establishment.number, establishment.name, what_name, made_at)
        return export_screen_data(
            database, actor, establishment, year, group, choices, path, made_at
        )

    return screen_data


def start_export(screen: AssessmentsScreen, what: GridExport) -> None:
    """Run the export in a worker thread; typing carries on while it writes."""
    job = _job(screen, what)
    saved = f"{what.value} saved to"
    write_in_worker(screen, what.value, job, group="grid-export", saved=saved)
