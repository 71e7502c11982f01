"""f in the grid: the pupil characteristics filter over the cohort, with the establishment's own
names for its classes and custom flags (read as the filter opens: a colleague may have renamed
them)."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App

from store.assessments.cohort import Cohort
from store.core.access import Actor
from store.core.db import Database
from store.core.errors import StoreError
from store.curriculum.dates import format_academic_year
from store.pupils.filters import PupilFilter
from store.pupils.profile import Profile, get_profile
from tui.widgets.characteristics_filter import FilterDialog


def ask_filter(
    app: App[object],
    database: Database,
    actor: Actor,
    cohort: Cohort,
    current: PupilFilter,
    named: Callable[[Profile], None],
    chosen: Callable[[PupilFilter], None],
) -> None:
    """Open the filter on `cohort`'s pupils; `named` gets the establishment's names for the
    filter bar, `chosen` the filter the person chose (nothing when they leave it)."""
    try:
        profile = get_profile(database, actor, cohort.establishment_id)
    except StoreError as error:
        app.notify(str(error), severity="error")
        return
    named(profile)
    context = f"{cohort.year_group.label} {format_academic_year(cohort.academic_year)}"

    def done(choice: PupilFilter | None) -> None:
        if choice is not None:
            chosen(choice)

    dialog = FilterDialog(
        current, cohort.pupils, profile.custom_names, profile.class_names, context=context
    )
    app.push_screen(dialog, done)
