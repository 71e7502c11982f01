"""Making a period or the End of Year ELGs from the grid: the dialog, the write, and then what
the grid does with the result (its callback)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual.app import App

from store.assessments import periods as assessments
from store.assessments.cohort import ElgSectionInfo, PeriodInfo
from store.core.access import Actor
from store.core.db import Database
from store.curriculum.dates import academic_year_of
from store.curriculum.eyfs import YearGroup
from tui.screens.dialogs.forms import NewElgDialog, NewPeriodDialog


def new_period_day(today: date, academic_year: int) -> date:
    """The date a new period is offered with: today in the year being viewed, else its start."""
    return today if academic_year_of(today) == academic_year else date(academic_year, 9, 1)


def ask_new_period(
    app: App[object],
    database: Database,
    actor: Actor,
    establishment_id: int,
    year_group: YearGroup,
    day: date,
    made: Callable[[PeriodInfo], None],
) -> None:
    """Ask for a new period (offered for `year_group` on `day`), create it, and say so."""

    def create(name: str, day: date, groups: list[YearGroup], framework: str) -> PeriodInfo:
        return assessments.create_period(
            database, actor, establishment_id, name, day, groups, framework=framework
        )

    def done(period: PeriodInfo | None) -> None:
        if period is not None:
            groups = ", ".join(group.label for group in period.year_groups)
            app.notify(f"Created {period.name} for {groups}.")
            made(period)

    app.push_screen(NewPeriodDialog(year_group, day, create), done)


def ask_new_elg(
    app: App[object],
    database: Database,
    actor: Actor,
    establishment_id: int,
    academic_year: int,
    made: Callable[[ElgSectionInfo], None],
) -> None:
    """Ask for the date of `academic_year`'s End of Year ELGs (1 June offered) and create them."""

    def create(day: date) -> ElgSectionInfo:
        return assessments.create_elg_section(database, actor, establishment_id, academic_year, day)

    def done(section: ElgSectionInfo | None) -> None:
        if section is not None:
            made(section)

    app.push_screen(NewElgDialog(date(academic_year + 1, 6, 1), create), done)
