"""The chooser: an exact code wins over a longer one, and one key picks where one is enough."""

from __future__ import annotations

from typing import Any

import pytest
from textual import events
from textual.app import App

from store.curriculum.eyfs import AREAS, CLASS_SLOTS
from tui.screens.assessments.grid_export import CHOICES as EXPORT_CHOICES
from tui.screens.assessments.grid_export import GridExport
from tui.screens.dialogs.choose import Choice, ChooseDialog
from tui.screens.meetings.dialogs import area_choices

AREA_CODES = [Choice(area.code, area.code, area.name) for area in AREAS]
YES_NO = [Choice(True, "Yes"), Choice(False, "No")]
CLASSES = [Choice(slot, str(slot), f"Class {slot}") for slot in range(1, CLASS_SLOTS + 1)]
ROLES = [Choice("user", "user", "enters data"), Choice("manager", "manager", "manages users")]
NAMES = [
    Choice(n, name)
    for n, name in enumerate(
        ["OBI, Ada", "O'BRIEN, Siobhán", "SMITH, Jo", "SMITH-JONES, Al", "ZOË, Ann"]
    )
]
NOT_CHOSEN = object()


class ChooserApp(App[None]):
    """Opens one chooser and keeps what it was dismissed with."""

    def __init__(self, choices: list[Choice[Any]]) -> None:
        super().__init__()
        self.choices = choices
        self.result: object = NOT_CHOSEN

    def on_mount(self) -> None:
        self.push_screen(ChooseDialog("Choose", self.choices), self._chosen)

    def _chosen(self, choice: Choice[Any] | None) -> None:
        self.result = None if choice is None else choice.value


async def choose(choices: list[Choice[Any]], *keys: str) -> tuple[object, bool]:
    """Press `keys` in a chooser: what it chose, and whether it is still open."""
    app = ChooserApp(choices)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        return app.result, isinstance(app.screen, ChooseDialog)


@pytest.mark.parametrize(
    ("choices", "typed", "value"),
    [
        (AREA_CODES, "w", "W"),  # not WR Word Reading, though it comes first
        (AREA_CODES, "wr", "WR"),
        (AREA_CODES, "n", "N"),  # not NP or NW
        (area_choices(), "W", "W"),  # the meetings list: names first, codes beside
        (area_choices(), "Wri", "W"),
        (CLASSES, "1", 1),  # not 10..19
        (CLASSES, "12", 12),
        (NAMES, "obr", 1),  # O'BRIEN: the apostrophe is not typed
        (NAMES, "o'br", 1),
        (NAMES, "smithjon", 3),  # SMITH-JONES (SMITH, Jo is "smithjo")
        (NAMES, "zoe", 4),  # ZOË
    ],
)
async def test_an_exact_code_wins_and_enter_picks_it(
    choices: list[Choice[Any]], typed: str, value: object
) -> None:
    result, still_open = await choose(choices, *typed)
    assert still_open and result is NOT_CHOSEN
    assert await choose(choices, *typed, "enter") == (value, False)


@pytest.mark.parametrize(
    ("choices", "key", "value"),
    [
        (YES_NO, "y", True),
        (YES_NO, "N", False),
        (EXPORT_CHOICES, "s", GridExport.SCREEN),
        (EXPORT_CHOICES, "A", GridExport.ALL),
    ],
)
async def test_one_key_picks_at_once_where_one_key_is_enough(
    choices: list[Choice[Any]], key: str, value: object
) -> None:
    assert await choose(choices, key) == (value, False)


@pytest.mark.parametrize(
    ("choices", "key"),
    [(CLASSES, "3"), (ROLES, "m"), (AREA_CODES, "l"), (area_choices(), "S")],
)
async def test_other_lists_still_wait_for_enter(choices: list[Choice[Any]], key: str) -> None:
    """Codes sharing a first key, or words people type out: the next letters belong here."""
    assert await choose(choices, key) == (NOT_CHOSEN, True)


async def test_a_key_that_matches_nothing_chooses_nothing() -> None:
    assert await choose(YES_NO, "q") == (NOT_CHOSEN, True)
    assert await choose(YES_NO, "q", "escape") == (None, False)


async def test_keys_typed_in_a_burst_after_the_choice_do_not_choose_again() -> None:
    """As tmux or a fast typist sends them: all queued before the app reads the first."""
    app = ChooserApp(YES_NO)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key in "yyn":
            app.post_message(events.Key(key, key))
        await pilot.pause()
        assert app.result is True
        assert not isinstance(app.screen, ChooseDialog)
