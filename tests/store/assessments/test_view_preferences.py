"""Each person's grid view (hidden periods, the ELG toggle) is kept per establishment."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from store.assessments.view_preferences import MAX_HIDDEN, grid_view, save_grid_view
from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.curriculum.eyfs import YearGroup
from store.establishments.establishments import create_establishment
from tests.store.conftest import as_made_before_migrations

R, N1 = YearGroup.RECEPTION, YearGroup.NURSERY_1
SUPPORT = Actor("helpdesk", Role.SUPPORT, None)


def two_schools(database: Database) -> tuple[int, int]:
    first = create_establishment(database, SUPPORT, "2041", "ST MARY'S PRIMARY")
    second = create_establishment(database, SUPPORT, "2042", "ST ANNE'S")
    return first.id, second.id


def test_a_new_person_sees_everything_with_the_elgs_hidden(database: Database) -> None:
    school, _ = two_schools(database)
    view = grid_view(database, Actor("clerk", Role.USER, school), school)
    assert view.hidden_periods == {} and view.elg_years == frozenset()


def test_the_view_is_kept_per_person_cohort_and_establishment(database: Database) -> None:
    school, other = two_schools(database)
    clerk, teacher = Actor("clerk", Role.USER, school), Actor("teacher", Role.USER, school)
    save_grid_view(database, clerk, school, 2025, R, [12, 11], show_elg=True)
    save_grid_view(database, clerk, school, 2025, N1, [13], show_elg=True)  # no ELGs in N1
    save_grid_view(database, clerk, school, 2024, R, [], show_elg=False)
    view = grid_view(database, clerk, school)
    assert view.hidden_periods == {
        (2025, R): frozenset({11, 12}),
        (2025, N1): frozenset({13}),
        (2024, R): frozenset(),
    }
    assert view.elg_years == frozenset({2025})
    assert grid_view(database, teacher, school).hidden_periods == {}
    # Support keeps a view of each establishment it opens.
    save_grid_view(database, SUPPORT, other, 2025, R, [21], show_elg=False)
    assert grid_view(database, SUPPORT, other).hidden_periods == {(2025, R): frozenset({21})}
    assert grid_view(database, SUPPORT, school).hidden_periods == {}


def test_saving_again_replaces_the_cohorts_view(database: Database) -> None:
    school, _ = two_schools(database)
    clerk = Actor("clerk", Role.USER, school)
    save_grid_view(database, clerk, school, 2025, R, [1, 2], show_elg=True)
    save_grid_view(database, clerk, school, 2025, R, [2], show_elg=False)
    view = grid_view(database, clerk, school)
    assert view.hidden_periods == {(2025, R): frozenset({2})} and view.elg_years == frozenset()
    with database.read() as session:
        rows = session.execute(text("SELECT count(*) FROM gridviewpreference")).scalar_one()
    assert rows == 1


def test_a_very_long_list_is_cut_not_refused(database: Database) -> None:
    school, _ = two_schools(database)
    clerk = Actor("clerk", Role.USER, school)
    save_grid_view(database, clerk, school, 2025, R, range(1000, 1000 + 3 * MAX_HIDDEN), True)
    assert len(grid_view(database, clerk, school).hidden_periods[(2025, R)]) == MAX_HIDDEN


def test_nobody_reads_or_writes_a_view_of_another_establishment(database: Database) -> None:
    school, other = two_schools(database)
    clerk = Actor("clerk", Role.USER, school)
    with pytest.raises(PermissionDenied):
        grid_view(database, clerk, other)
    with pytest.raises(PermissionDenied):
        save_grid_view(database, clerk, other, 2025, R, [1], show_elg=False)


def test_a_database_made_before_view_preferences_gets_the_table_on_open(
    database: Database,
) -> None:
    as_made_before_migrations(database)
    with database.engine.begin() as connection:
        connection.execute(text("DROP TABLE gridviewpreference"))
    assert not inspect(database.engine).has_table("gridviewpreference")
    database.create_schema()
    school, _ = two_schools(database)
    clerk = Actor("clerk", Role.USER, school)
    save_grid_view(database, clerk, school, 2025, R, [5], show_elg=False)
    assert grid_view(database, clerk, school).hidden_periods == {(2025, R): frozenset({5})}
