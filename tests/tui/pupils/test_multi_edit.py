"""Pilot tests of Edit multiple pupils: press the real keys, then read what the database holds."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlmodel import col
from textual.app import App
from textual.pilot import Pilot

import tui
from store.assessments.cohort import PupilRow
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.models import AuditEntry, Pupil
from store.curriculum.eyfs import YearGroup
from store.curriculum.year_groups import birth_date_range
from store.establishments.establishments import EstablishmentInfo, create_establishment
from store.pupils.pupils import list_pupils
from tests.tui.burst import burst
from tests.tui.conftest import YEAR
from tests.tui.waiting import settle
from tui.screens.dialogs.choose import ChooseDialog
from tui.screens.pupils.multi_edit import MultiEditScreen
from tui.widgets.characteristics_filter import FilterBar, FilterDialog
from tui.widgets.pupils.characteristics_grid import CharacteristicsGrid

R = YearGroup.RECEPTION
# Alphabetical, as the grid lists them: Adeyemi, Clarke, Nowak, O'Brien (Reception).
NAMES = [("O'Brien", "Siobhán", "F"), ("Adeyemi", "Olamide", "M"), ("Nowak", "Łukasz", "M")]
NAMES += [("Clarke", "Ivy", "F")]
# Columns, left to right.
CLASS, INCL, ALT, GENDER, SEN, ETHN, DISADV, EAL, PP, FSM = range(10)
FLAGS = ("disadvantaged", "eal", "pupil_premium", "fsm", *(f"custom_{n}" for n in range(1, 7)))


@dataclass
class Roll:
    database: Database
    establishment: EstablishmentInfo
    actor: Actor
    ids: list[int]  # Reception pupils, alphabetical
    nursery_id: int  # a Nursery 2 pupil: not in the Reception list

    def pupil(self, row: int) -> Pupil:
        with self.database.read() as session:
            pupil = session.get(Pupil, self.ids[row])
            assert pupil is not None
            return pupil

    def column(self, name: str) -> list[Any]:
        return [getattr(self.pupil(row), name) for row in range(len(self.ids))]

    def rows(self) -> list[PupilRow]:
        everyone = list_pupils(self.database, self.actor, self.establishment.id, YEAR)
        return [pupil for pupil in everyone if pupil.id in self.ids]

    def audit(self, action: str) -> list[AuditEntry]:
        with self.database.read() as session:
            return list(session.scalars(select(AuditEntry).where(col(AuditEntry.action) == action)))


@pytest.fixture
def roll(database: Database) -> Roll:
    support = Actor("support", Role.SUPPORT, None)
    establishment = create_establishment(database, support, "2041", "ST MARY'S PRIMARY")
    actor = Actor("clerk", Role.MANAGER, establishment.id)
    first, _ = birth_date_range(R, YEAR)
    nursery_first, _ = birth_date_range(YearGroup.NURSERY_2, YEAR)
    with database.write() as session:
        for index, (surname, forenames, gender) in enumerate(NAMES):
            session.add(
                Pupil(
                    establishment_id=establishment.id,
                    upn=f"A20410000000{index}",
                    surname=surname,
                    forenames=forenames,
                    date_of_birth=first + timedelta(days=40 * index),
                    gender=gender,
                    ethnicity="WBRI",
                    class_slot=1,
                )
            )
        nursery = Pupil(
            establishment_id=establishment.id,
            upn="A204100000009",
            surname="Baker",
            forenames="Poppy",
            date_of_birth=nursery_first,
            gender="F",
            ethnicity="WBRI",
            class_slot=4,
        )
        session.add(nursery)
        session.flush()
        assert nursery.id is not None
        nursery_id = nursery.id
    everyone = list_pupils(database, actor, establishment.id, YEAR)
    ids = [pupil.id for pupil in everyone if pupil.id != nursery_id]
    return Roll(database, establishment, actor, ids, nursery_id)


class MultiEditApp(App[None]):
    """The app's style sheet and one screen: Edit multiple pupils."""

    CSS_PATH = str(Path(tui.__file__).parent / "app.tcss")

    def __init__(self, roll: Roll, rows: list[PupilRow] | None = None) -> None:
        super().__init__()
        self.roll = roll
        self.rows = rows

    def on_mount(self) -> None:
        roll = self.roll
        self.push_screen(
            MultiEditScreen(roll.database, roll.actor, roll.establishment, YEAR, R, rows=self.rows)
        )

    @asynccontextmanager
    async def opened(self, size: tuple[int, int] = (80, 24)) -> AsyncIterator[Pilot[None]]:
        """The app running, once the screen has read its pupils (in a worker)."""
        async with self.run_test(size=size) as pilot:
            await settle(pilot)
            yield pilot


def grid_of(pilot: Pilot[None]) -> CharacteristicsGrid:
    return pilot.app.screen.query_one(CharacteristicsGrid)


def messages(pilot: Pilot[None]) -> list[str]:
    return [notification.message for notification in pilot.app._notifications]


@pytest.fixture
def commits(roll: Roll) -> Iterator[list[int]]:
    """Counts the transactions committed, to show a fill is one."""
    count: list[int] = []

    def committed(_connection: object) -> None:
        count.append(1)

    event.listen(roll.database.engine, "commit", committed)
    yield count
    event.remove(roll.database.engine, "commit", committed)


async def to_column(pilot: Pilot[None], column: int) -> None:
    await pilot.press(*["right"] * column)
    assert grid_of(pilot).column == column


async def test_shows_the_year_group_alphabetically(roll: Roll) -> None:
    async with MultiEditApp(roll).opened() as pilot:
        grid = grid_of(pilot)
        assert [pupil.id for pupil in grid.rows] == roll.ids
        assert [pupil.display_name for pupil in grid.rows][:2] == [
            "ADEYEMI, Olamide",
            "CLARKE, Ivy",
        ]
        assert roll.nursery_id not in [pupil.id for pupil in grid.rows]
        assert grid.text(0, CLASS) == "Class 1"
        assert grid.text(0, INCL) == "Yes"


async def test_y_and_n_set_a_flag_and_the_cursor_goes_down(roll: Roll) -> None:
    async with MultiEditApp(roll).opened() as pilot:
        await to_column(pilot, EAL)
        await pilot.press("y", "y", "n")
        assert (grid_of(pilot).row, grid_of(pilot).column) == (3, EAL)
        assert grid_of(pilot).text(1, EAL) == "Yes"
    assert roll.column("eal") == [True, True, False, False]


async def test_space_toggles_a_flag(roll: Roll) -> None:
    async with MultiEditApp(roll).opened() as pilot:
        await to_column(pilot, ALT)
        await pilot.press("space", "up", "space")
    assert roll.column("alternative_assessment") == [False, False, False, False]
    assert len(roll.audit("edit pupils")) == 2


async def test_m_and_f_set_gender(roll: Roll) -> None:
    async with MultiEditApp(roll).opened() as pilot:
        await to_column(pilot, GENDER)
        await pilot.press("f", "m")
    assert roll.column("gender") == ["F", "M", "M", "F"]


async def test_k_e_and_delete_set_sen(roll: Roll) -> None:
    async with MultiEditApp(roll).opened() as pilot:
        await to_column(pilot, SEN)
        await pilot.press("k", "e", "k", "up", "delete")
        assert grid_of(pilot).text(0, SEN) == "K"
    assert roll.column("sen") == ["K", "E", None, None]


async def test_include_in_data_no_shows_the_banner(roll: Roll) -> None:
    async with MultiEditApp(roll).opened() as pilot:
        banner = pilot.app.screen.query_one("#multi-banner")
        assert not banner.display
        await to_column(pilot, INCL)
        await pilot.press("n")
        assert banner.display
    assert roll.column("include_in_data") == [False, True, True, True]


async def test_entry_keys_do_nothing_in_other_columns(roll: Roll) -> None:
    async with MultiEditApp(roll).opened() as pilot:
        await pilot.press("y", "m", "k")  # the cursor is on Class
        assert grid_of(pilot).row == 0
        assert any("press Enter to choose" in text for text in messages(pilot))
    assert roll.audit("edit pupils") == []


async def test_enter_picks_an_ethnicity_by_typing_its_code(roll: Roll) -> None:
    async with MultiEditApp(roll).opened() as pilot:
        await to_column(pilot, ETHN)
        await pilot.press("enter")
        assert isinstance(pilot.app.screen, ChooseDialog)
        await pilot.press("c", "h", "enter")
        assert grid_of(pilot).row == 1
    assert roll.column("ethnicity") == ["CHNE", "WBRI", "WBRI", "WBRI"]


async def test_escape_in_the_picker_changes_nothing(roll: Roll) -> None:
    async with MultiEditApp(roll).opened() as pilot:
        await pilot.press("enter", "5", "escape")
        assert isinstance(pilot.app.screen, MultiEditScreen)
    assert roll.column("class_slot") == [1, 1, 1, 1]


async def test_column_fill_moves_the_list_into_a_class_in_three_keys(
    roll: Roll, commits: list[int]
) -> None:
    shown = [pupil for pupil in roll.rows() if pupil.surname in ("Clarke", "Nowak")]
    async with MultiEditApp(roll, rows=shown).opened() as pilot:
        assert len(grid_of(pilot).rows) == 2
        commits.clear()
        await pilot.press("F", "3", "enter")
        assert [grid_of(pilot).text(row, CLASS) for row in range(2)] == ["Class 3"] * 2
    # Adeyemi, Clarke, Nowak, O'Brien: only the two shown moved, in one transaction.
    assert roll.column("class_slot") == [1, 3, 3, 1]
    assert len(commits) == 1
    trail = roll.audit("fill pupils column")
    assert sorted(entry.pupil_id for entry in trail if entry.pupil_id) == sorted(roll.ids[1:3])
    assert {(entry.target, entry.old_value, entry.new_value) for entry in trail} == {
        ("Class", "1", "3")
    }
    assert {entry.actor for entry in trail} == {"clerk"}


async def test_column_fill_of_a_flag_column(roll: Roll, commits: list[int]) -> None:
    async with MultiEditApp(roll).opened() as pilot:
        await to_column(pilot, FSM)
        commits.clear()
        await pilot.press("F", "y")
    assert roll.column("fsm") == [True] * 4
    assert len(commits) == 1


async def test_row_fill_sets_every_option_and_custom_flag_of_one_pupil(
    roll: Roll, commits: list[int]
) -> None:
    async with MultiEditApp(roll).opened() as pilot:
        await pilot.press("down")
        commits.clear()
        await pilot.press("R", "y")
        assert grid_of(pilot).text(1, FSM) == "Yes"
    assert len(commits) == 1
    pupil = roll.pupil(1)
    assert all(getattr(pupil, name) for name in FLAGS)
    # Include in Data and Alternative assessment are not flags to fill.
    assert pupil.include_in_data and not pupil.alternative_assessment
    assert not any(getattr(roll.pupil(0), name) for name in FLAGS)
    assert len(roll.audit("fill pupils row")) == len(FLAGS)


async def test_undo_and_redo_a_fill_as_one_step(roll: Roll) -> None:
    async with MultiEditApp(roll).opened() as pilot:
        await pilot.press("F", "7", "enter")
        assert roll.column("class_slot") == [7] * 4
        await to_column(pilot, EAL)
        await pilot.press("y")
        await pilot.press("u")
        assert roll.column("eal") == [False] * 4
        assert roll.column("class_slot") == [7] * 4
        await pilot.press("u")
        assert roll.column("class_slot") == [1] * 4
        assert grid_of(pilot).text(3, CLASS) == "Class 1"
        await pilot.press("Y")
        assert roll.column("class_slot") == [7] * 4
        await pilot.press("Y")
        assert roll.column("eal") == [True, False, False, False]
        await pilot.press("Y")
        assert "Nothing to redo." in messages(pilot)
    assert len(roll.audit("undo edit pupils")) == 5  # 1 EAL + 4 classes
    assert len(roll.audit("redo edit pupils")) == 5


async def test_a_refused_fill_changes_nothing_and_says_why(roll: Roll) -> None:
    other = create_establishment(
        roll.database, Actor("support", Role.SUPPORT, None), "2042", "ST JOHN'S PRIMARY"
    )
    async with MultiEditApp(roll).opened() as pilot:
        # A colleague moves a shown pupil to another establishment meanwhile.
        with roll.database.write() as session:
            moved = session.get(Pupil, roll.ids[2])
            assert moved is not None
            moved.establishment_id = other.id
            session.add(moved)
        await pilot.press("F", "2", "enter")
        assert any("not on this establishment's roll" in text for text in messages(pilot))
        assert grid_of(pilot).text(0, CLASS) == "Class 1"
        await pilot.press("u")
        assert "Nothing to undo." in messages(pilot)
    assert roll.column("class_slot") == [1, 1, 1, 1]
    assert roll.audit("fill pupils column") == []


async def test_the_filter_limits_what_a_fill_changes(roll: Roll) -> None:
    async with MultiEditApp(roll).opened() as pilot:
        screen = pilot.app.screen
        await pilot.press("f")
        assert isinstance(pilot.app.screen, FilterDialog)
        await pilot.press("down", "m", "enter")  # Gender: Male
        assert pilot.app.screen is screen
        assert [pupil.gender for pupil in grid_of(pilot).rows] == ["M", "M"]
        bar = screen.query_one(FilterBar)
        assert bar.display
        assert "Male" in str(bar.render())
        await pilot.press("F", "9", "enter")
    assert roll.column("class_slot") == [9, 1, 9, 1]


async def test_set_rows_shows_only_the_rows_given(roll: Roll) -> None:
    async with MultiEditApp(roll).opened() as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, MultiEditScreen)
        screen.set_rows([pupil for pupil in screen.all_rows if pupil.surname == "Clarke"])
        await pilot.pause()
        assert len(grid_of(pilot).rows) == 1
        await to_column(pilot, FSM)
        await pilot.press("F", "y")
    assert roll.column("fsm") == [False, True, False, False]


async def test_undo_and_redo_typed_ahead_act_in_the_order_typed(roll: Roll) -> None:
    """Over a slow link y, y, u, Y arrive in one read: u undoes the second y, Y redoes it."""
    async with MultiEditApp(roll).opened() as pilot:
        await to_column(pilot, EAL)
        await burst(pilot, "y", "u")
        assert roll.column("eal") == [False, False, False, False]
        await burst(pilot, "up", "y", "y", "u", "Y")
        assert roll.column("eal") == [True, True, False, False]


@pytest.mark.parametrize(
    ("size", "shown"),
    [((80, 24), "ABERNETHY-SMYTHE, A…"), ((200, 50), "ABERNETHY-SMYTHE, Anastasia Rose")],
)
async def test_names_use_the_width_a_wider_terminal_gives(
    roll: Roll, size: tuple[int, int], shown: str
) -> None:
    first, _ = birth_date_range(R, YEAR)
    with roll.database.write() as session:
        session.add(
            Pupil(
                establishment_id=roll.establishment.id,
                upn="A204100000098",
                surname="Abernethy-Smythe",
                forenames="Anastasia Rose",
                date_of_birth=first,
                gender="F",
                ethnicity="WBRI",
            )
        )
    async with MultiEditApp(roll).opened(size) as pilot:
        await pilot.pause()
        assert grid_of(pilot).render_line(1).text.split("│", 1)[0] == shown
