"""Pilot test: when opening upgraded the database, the app says so and names the copy."""

from __future__ import annotations

import shutil
from pathlib import Path

from store.core.db import open_database
from store.core.schema_revision import HEAD
from tests.tui.waiting import settle
from tui.app import PupilTrackerApp

FIXTURE = Path(__file__).parents[1] / "fixtures" / "pre-alembic.db"


async def test_the_app_says_the_database_was_upgraded_and_where_the_copy_is(
    tmp_path: Path,
) -> None:
    path = tmp_path / "school.db"
    shutil.copyfile(FIXTURE, path)
    path.chmod(0o600)
    for upgraded in (True, False):  # then opened again: up to date, nothing to say
        database = open_database(f"sqlite:///{path}")
        notice = database.upgrade_notice
        assert (notice is not None) == upgraded
        app = PupilTrackerApp(database)  # the fixture has accounts: the sign-in screen
        try:
            async with app.run_test(size=(80, 24), notifications=True) as pilot:
                await settle(pilot)
                said = [(n.title, n.message) for n in pilot.app._notifications]
        finally:
            database.dispose()
        if upgraded:
            assert notice is not None and f".before-{HEAD}-" in notice
            assert said == [("Database upgraded", notice)]
        else:
            assert said == []
