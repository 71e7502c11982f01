"""The "All data" workbook: every assessment of a year, of every year group a framework assesses
(Nursery 1, Nursery 2 and Reception for EYFS), each period with its own framework's columns."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from exports.grid_workbook import now_utc, write_grid_sheet
from exports.sheet_style import Title, save_workbook
from store.assessments.cohort import Cohort, PeriodInfo, load_cohort
from store.assessments.grid_model import GridModel
from store.core.access import Actor
from store.core.db import Database
from store.curriculum import frameworks
from store.curriculum.dates import format_academic_year
from store.curriculum.eyfs import YearGroup
from store.establishments.establishments import EstablishmentInfo


def _period_order(period: PeriodInfo) -> tuple[int, object, int]:
    # Grouped by year group (a period shared by several sits with the youngest), then by date.
    return (min(group.offset for group in period.year_groups), period.day, period.id)


def load_phase(
    db: Database, actor: Actor, establishment_id: int, academic_year: int
) -> tuple[Cohort, dict[int, YearGroup]]:
    """Every year group assessed (the whole Early Years phase) as one cohort, and each pupil's
    year group.

    Pupils come youngest year group first (Nursery 1 to Year 2), alphabetical within each;
    periods come grouped by year group, then in date order; the ELG section is Reception's.
    Its foot statistics are therefore over every pupil in the phase, as the guide says.

    Raises:
        PermissionDenied: `actor` may not see this establishment.
    """
    phase = Cohort(establishment_id, academic_year, YearGroup.RECEPTION, [], [])
    year_groups: dict[int, YearGroup] = {}
    periods: dict[int, PeriodInfo] = {}
    for group in frameworks.year_groups_assessed():
        cohort = load_cohort(db, actor, establishment_id, academic_year, group)
        phase.pupils += cohort.pupils
        year_groups.update((pupil.id, group) for pupil in cohort.pupils)
        periods.update((period.id, period) for period in cohort.periods)
        phase.cells.update(cohort.cells)
        phase.period_notes.update(cohort.period_notes)
        phase.settings = cohort.settings  # the same year's, for every year group
        # Reception's own goals; Year 1's are last year's Reception ones, shown beside its grid.
        if cohort.elg is not None and not cohort.elg.beside_year_1:
            phase.elg = cohort.elg
            phase.elg_outcomes.update(cohort.elg_outcomes)
    phase.periods = sorted(periods.values(), key=_period_order)
    return phase, year_groups


def export_all_data(
    db: Database,
    actor: Actor,
    establishment: EstablishmentInfo,
    academic_year: int,
    path: Path,
    made_at: datetime | None = None,
) -> Path:
    """Write every Early Years assessment of `academic_year` to `path` (.xlsx).

    Raises:
        PermissionDenied: `actor` may not see this establishment.
        OSError: the file cannot be written (nothing is left behind).
    """
    phase, year_groups = load_phase(db, actor, establishment.id, academic_year)
    model = GridModel(phase, show_elg=True)
    title = Title(
        heading="Assessments: All data",
        establishment=establishment.title,
        year=format_academic_year(academic_year),
        made_at=made_at or now_utc(),
        group=", ".join(group.label for group in frameworks.year_groups_assessed()),
        filter=f"All {len(phase.pupils):,} pupils in the phase",
        extra=(
            "Assessments grouped by year group, then in date order; percentages are over "
            "every pupil in the phase.",
        ),
    )
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet.title = "All data"
    write_grid_sheet(sheet, model, title, wide=False, year_groups=year_groups)
    return save_workbook(workbook, path)
