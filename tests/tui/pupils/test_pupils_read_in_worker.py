"""The Pupils screen reads its list in a worker, and keys typed meanwhile wait for it."""

from __future__ import annotations

import threading

import pytest

from store.assessments.cohort import PupilRow
from store.core.access import Actor
from store.core.db import Database
from store.pupils import pupils
from tests.tui.burst import all_taken, post_keys
from tests.tui.conftest import School
from tests.tui.waiting import Gate, keys_held, settle
from tui import key_order
from tui.app import PupilTrackerApp
from tui.screens.pupils.interventions import InterventionsScreen
from tui.screens.pupils.pupils import PupilsScreen


@pytest.fixture(autouse=True)
def patient_key_order(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keys held behind a key give up after a second (tui/key_order.py); opening a screen on
    a loaded test machine can take longer, and that limit is not what these tests are about."""
    monkeypatch.setattr(key_order, "HOLD_LIMIT_SECONDS", 30.0)


def gate_pupils(monkeypatch: pytest.MonkeyPatch) -> tuple[Gate, list[bool]]:
    """The list's read waits for the gate; notes whether each read ran on the UI thread."""
    gate, on_ui_thread = Gate(), []
    read = pupils.list_pupils

    def held(database: Database, actor: Actor, *args: object, **kwargs: bool) -> list[PupilRow]:
        on_ui_thread.append(threading.current_thread() is threading.main_thread())
        gate.hold()
        return read(database, actor, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pupils, "list_pupils", held)
    return gate, on_ui_thread


async def test_keys_typed_while_the_list_is_read_act_on_it(
    school: School, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "p i" in one read: the pupils, then the first one's interventions, as if the list had
    been there at once; the UI thread never waits for it."""
    gate, on_ui_thread = gate_pupils(monkeypatch)
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        post_keys(pilot, "p", "i")
        await gate.reached()
        await pilot.pause()
        assert isinstance(pilot.app.screen, PupilsScreen)  # shown while its list is read
        assert await keys_held(pilot) == 1  # i waits for the list
        gate.released.set()
        await settle(pilot)
        await all_taken(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, InterventionsScreen)
        assert screen.pupil.surname == "Adeyemi"  # the first pupil listed
    assert on_ui_thread == [False]
