"""Pilot tests of the pupil characteristics filter on the assessment grid: real keys, then the
grid's rows and foot statistics checked against a count made by hand from the database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from sqlmodel import select
from textual import events
from textual.pilot import Pilot
from textual.widgets import Static

from store.assessments import changes, judgements
from store.assessments import periods as assessments
from store.assessments.cohort import Cell, PupilRow, load_cohort
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.models import Intervention, Pupil
from store.curriculum.eyfs import Judgement, YearGroup
from store.curriculum.statistics import BandStats
from store.curriculum.year_groups import birth_date_range
from store.establishments.establishments import EstablishmentInfo, create_establishment
from store.pupils.filters import PupilFilter
from store.pupils.profile import Profile, default_profile, update_profile
from tests.tui.conftest import YEAR
from tui.app import PupilTrackerApp
from tui.screens.assessments.grid_screen import AssessmentsScreen
from tui.widgets.assessments.judgement_grid import JudgementGrid
from tui.widgets.assessments.status_line import StatusLine
from tui.widgets.characteristics_filter import ChoiceLine, FilterBar, FilterDialog, option_window

R = YearGroup.RECEPTION
WORDS = ("Below", "On track")
B, O = Judgement.BELOW, Judgement.ON_TRACK  # noqa: E741  (the letters on screen)
WINTER = birth_date_range(R, YEAR)[0]  # 1 September
SUMMER = date(YEAR - 4, 5, 10)

# surname, forenames, gender, EAL, SEN, ethnicity, class, born, include, customs[0], LAU
PUPILS = [
    ("Ahmed", "Zayn", "M", True, "K", "APKN", 1, SUMMER, True, False, B),
    ("Brown", "Jack", "M", False, None, "WBRI", 2, WINTER, True, False, O),
    ("Clarke", "Ivy", "F", False, None, "WENG", 1, SUMMER, True, False, B),
    ("Dubois", "Étienne", "M", True, None, "WOTH", 2, WINTER, True, True, O),
    ("Evans", "Grace", "F", True, "E", "BAFR", 1, WINTER, True, False, None),
    ("Fraser", "Noah", "M", True, None, "WBRI", 1, WINTER, False, False, B),
    ("Smith", "Olivia", "F", False, None, "WBRI", 2, WINTER, True, False, O),
    ("Smithson", "Leo", "M", False, None, "WSCO", 2, SUMMER, True, False, None),
]
SURNAMES = [row[0] for row in PUPILS]  # alphabetical, as the grid lists them
LAU = 0  # the grid column of Listening, Attention and Understanding in Autumn 1


@dataclass
class FilterSchool:
    database: Database
    establishment: EstablishmentInfo
    actor: Actor
    period_id: int

    def cohort_pupils(self) -> list[PupilRow]:
        return load_cohort(self.database, self.actor, self.establishment.id, YEAR, R).pupils

    def column(self, code: str = "LAU") -> dict[str, Judgement | None]:
        cohort = load_cohort(self.database, self.actor, self.establishment.id, YEAR, R)
        return {p.surname: cohort.cell(p.id, self.period_id, code).value for p in cohort.pupils}

    def hand_count(self, keep: Callable[[PupilRow], bool]) -> BandStats:
        """LAU's foot over the pupils `keep` picks who are included in data, counted here."""
        cohort = load_cohort(self.database, self.actor, self.establishment.id, YEAR, R)
        kept = [p for p in cohort.pupils if keep(p) and p.include_in_data]
        values = [cohort.cell(p.id, self.period_id, "LAU").value for p in kept]
        return BandStats(WORDS, values.count(B), values.count(O), len(kept))


@pytest.fixture
def school(database: Database) -> FilterSchool:
    support = Actor("support", Role.SUPPORT, None)
    establishment = create_establishment(database, support, "2042", "ST JUDE'S PRIMARY")
    actor = Actor("clerk", Role.MANAGER, establishment.id)
    defaults = default_profile()
    update_profile(
        database,
        actor,
        establishment.id,
        Profile(
            ("Speech therapy", *defaults.custom_names[1:]),
            ("Robins", "Wrens", *defaults.class_names[2:]),
        ),
    )
    with database.write() as session:
        added = []
        for index, row in enumerate(PUPILS):
            surname, forenames, gender, eal, sen, ethnicity, slot, born, include, custom, _ = row
            added.append(
                Pupil(
                    establishment_id=establishment.id,
                    upn=f"A20420000{index:04d}",
                    surname=surname,
                    forenames=forenames,
                    date_of_birth=born,
                    gender=gender,
                    eal=eal,
                    sen=sen,
                    ethnicity=ethnicity,
                    class_slot=slot,
                    include_in_data=include,
                    custom_1=custom,
                )
            )
        session.add_all(added)
        session.flush()
        # Clarke has an intervention this year; Brown had one last year only.
        session.add(
            Intervention(
                pupil_id=added[2].id,
                establishment_id=establishment.id,
                academic_year=YEAR,
                details="Speech and language group",
            )
        )
        session.add(
            Intervention(
                pupil_id=added[1].id,
                establishment_id=establishment.id,
                academic_year=YEAR - 1,
                details="Old",
            )
        )
    period = assessments.create_period(
        database, actor, establishment.id, "Autumn 1", date(YEAR, 10, 17), [R]
    )
    school = FilterSchool(database, establishment, actor, period.id)
    pupils = {p.surname: p.id for p in school.cohort_pupils()}
    judgements.write_changes(
        database,
        actor,
        establishment.id,
        [
            changes.judgement_edit(pupils[row[0]], period.id, "LAU", Cell(row[-1]))
            for row in PUPILS
            if row[-1] is not None
        ],
    )
    return school


def make_app(school: FilterSchool) -> PupilTrackerApp:
    return PupilTrackerApp(school.database, school.actor)


async def open_grid(pilot: Pilot[None]) -> JudgementGrid:
    """From the start screen, open the only establishment (Enter), then Assessments (a)."""
    await pilot.press("enter", "a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, AssessmentsScreen)
    return pilot.app.screen.query_one(JudgementGrid)


def shown(grid: JudgementGrid) -> list[str]:
    assert grid.model is not None
    return [pupil.surname for pupil in grid.model.rows]


def lau_stats(grid: JudgementGrid) -> BandStats:
    assert grid.model is not None
    stats = grid.model.stats(LAU)
    assert isinstance(stats, BandStats)
    return stats


def screen_of(pilot: Pilot[None]) -> AssessmentsScreen:
    screen = pilot.app.screen
    assert isinstance(screen, AssessmentsScreen)
    return screen


def bar_text(pilot: Pilot[None]) -> str | None:
    """The filter line's text, or None while it is hidden."""
    bar = screen_of(pilot).query_one(FilterBar)
    return str(bar.render()) if bar.display else None


def status_text(pilot: Pilot[None]) -> str:
    return screen_of(pilot).query_one(StatusLine).text


# Down presses from the first line (Intervention) to each item.
GENDER, SUMMER_BORN, SEN, ETHNICITY, EAL, CUSTOM_1, CLASS = 1, 2, 3, 4, 7, 8, 14


async def filter_by(pilot: Pilot[None], *keys: str) -> None:
    """Open the filter (f), press `keys`, apply (Enter)."""
    await pilot.press("f")
    await pilot.pause()
    assert isinstance(pilot.app.screen, FilterDialog)
    await pilot.press(*keys, "enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, AssessmentsScreen)


def male_and_eal(pupil: PupilRow) -> bool:
    return pupil.gender == "M" and pupil.eal


# Gender: right once is Male; EAL: right once is Yes.
MALE_AND_EAL_KEYS = ("down", "right", *["down"] * (EAL - GENDER), "right")


async def test_male_and_eal_drive_the_rows_and_the_foot_statistics(school: FilterSchool) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        assert lau_stats(grid) == school.hand_count(lambda p: True)
        assert bar_text(pilot) is None
        await filter_by(pilot, *MALE_AND_EAL_KEYS)
        assert shown(grid) == ["Ahmed", "Dubois", "Fraser"]
        expected = school.hand_count(male_and_eal)
        # Fraser is shown but not included in data: two pupils count, one Below one On track.
        assert lau_stats(grid) == expected == BandStats(WORDS, below=1, at_or_above=1, pupils=2)
        assert "Below 1 (50.00%) · On track 1 (50.00%) of 2" in status_text(pilot)
        assert bar_text(pilot) == "Filter: Male · EAL · 3 of 8 pupils"
        assert screen_of(pilot).query_one("#excluded-banner").display  # Fraser
        # The foot's last line counts the pupils displayed.
        last_line = grid.render_line(grid.scrollable_content_region.height - 1)
        assert last_line.text.startswith("Displaying 3 pupils")


async def test_entries_under_a_filter_update_the_filtered_statistics(school: FilterSchool) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await filter_by(pilot, *MALE_AND_EAL_KEYS)
        await pilot.press("down", "b")  # Dubois, On track, becomes Below
        assert school.column()["Dubois"] is B
        assert lau_stats(grid) == school.hand_count(male_and_eal) == BandStats(WORDS, 2, 0, 2)


async def test_reset_shows_every_pupil_again(school: FilterSchool) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await filter_by(pilot, *MALE_AND_EAL_KEYS)
        assert len(shown(grid)) == 3
        await filter_by(pilot, "r")
        assert shown(grid) == SURNAMES
        assert screen_of(pilot).pupil_filter.is_empty
        assert bar_text(pilot) is None
        assert lau_stats(grid) == school.hand_count(lambda p: True)


async def test_escape_leaves_the_filter_as_it_was(school: FilterSchool) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await filter_by(pilot, "down", "right")  # Male
        await pilot.press("f", "down", "right", "escape")  # Female, then thought better of it
        await pilot.pause()
        assert screen_of(pilot).pupil_filter == PupilFilter(gender="M")
        assert shown(grid) == ["Ahmed", "Brown", "Dubois", "Fraser", "Smithson"]


async def test_the_dialog_opens_on_the_filter_in_force(school: FilterSchool) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        await filter_by(pilot, *MALE_AND_EAL_KEYS)
        await pilot.press("f")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, FilterDialog)
        assert dialog.chosen() == PupilFilter(gender="M", eal=True)
        summary = str(dialog.query_one("#filter-summary", Static).render())
        assert summary.startswith("3 of 8 pupils match")


async def test_the_filter_survives_f5_undo_and_hiding_periods(school: FilterSchool) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await filter_by(pilot, *MALE_AND_EAL_KEYS)
        await pilot.press("o", "u")
        await pilot.press("f5")
        await pilot.pause()
        assert shown(grid) == ["Ahmed", "Dubois", "Fraser"]
        await pilot.press("p", "space", "enter", "p", "space", "enter")
        await pilot.pause()
        assert shown(grid) == ["Ahmed", "Dubois", "Fraser"]
        assert bar_text(pilot) == "Filter: Male · EAL · 3 of 8 pupils"


async def test_f5_applies_the_filter_to_what_colleagues_changed(school: FilterSchool) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await filter_by(pilot, *MALE_AND_EAL_KEYS)
        with school.database.write() as session:
            brown = session.exec(select(Pupil).where(Pupil.surname == "Brown")).one()
            brown.eal = True
        await pilot.press("f5")
        await pilot.pause()
        assert shown(grid) == ["Ahmed", "Brown", "Dubois", "Fraser"]


async def test_changing_year_group_clears_the_filter(school: FilterSchool) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await filter_by(pilot, *MALE_AND_EAL_KEYS)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen_of(pilot).pupil_filter.is_empty
        assert bar_text(pilot) is None
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert shown(grid) == SURNAMES


async def test_changing_academic_year_or_leaving_clears_the_filter(school: FilterSchool) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        await filter_by(pilot, *MALE_AND_EAL_KEYS)
        await pilot.press("greater_than_sign", "less_than_sign")
        await pilot.pause()
        assert screen_of(pilot).pupil_filter.is_empty
        await filter_by(pilot, *MALE_AND_EAL_KEYS)
        await pilot.press("escape")  # back to the establishment's home
        grid = await open_grid_from_home(pilot)
        assert shown(grid) == SURNAMES


async def open_grid_from_home(pilot: Pilot[None]) -> JudgementGrid:
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, AssessmentsScreen)
    return pilot.app.screen.query_one(JudgementGrid)


async def test_fill_column_with_a_filter_changes_only_the_pupils_shown(
    school: FilterSchool,
) -> None:
    before = school.column()
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        await filter_by(pilot, *MALE_AND_EAL_KEYS)
        await pilot.press("F", "o")
        await pilot.pause()
    after = school.column()
    for surname in SURNAMES:
        if surname in ("Ahmed", "Dubois", "Fraser"):
            assert after[surname] is O, surname
        else:
            assert after[surname] == before[surname], surname


async def test_search_narrows_the_rows_by_surname_or_upn(school: FilterSchool) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await filter_by(pilot, "slash", *"SMI")
        assert shown(grid) == ["Smith", "Smithson"]
        assert bar_text(pilot) == "Filter: 'SMI' · 2 of 8 pupils"
        # Backspace in the search box edits the text; r there is typed, not a reset.
        await filter_by(pilot, "slash", "backspace", "backspace", "backspace", *"0003")
        assert shown(grid) == ["Dubois"]
        await filter_by(pilot, "slash", *["backspace"] * 4, *"dubo", "r")
        assert shown(grid) == []
        assert screen_of(pilot).pupil_filter.search == "dubor"


async def test_no_match_says_so_and_keys_do_no_harm(school: FilterSchool) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await filter_by(pilot, "slash", *"zzz")
        assert shown(grid) == []
        assert "matches the filter" in status_text(pilot)
        await pilot.press("b", "o", "down", "F", "R", "i", "n")
        await pilot.pause()
        assert isinstance(pilot.app.screen, AssessmentsScreen)
        assert lau_stats(grid) == BandStats(WORDS, 0, 0, 0)
        await filter_by(pilot, "r")
        assert shown(grid) == SURNAMES
    assert school.column()["Evans"] is None


async def test_the_cursor_stays_on_its_pupil_when_the_filter_changes(
    school: FilterSchool,
) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await pilot.press("end", "home", *["down"] * 6)  # Smith
        assert shown(grid)[grid.row] == "Smith"
        await filter_by(pilot, "down", "right", "right")  # Female
        assert shown(grid) == ["Clarke", "Evans", "Smith"]
        assert shown(grid)[grid.row] == "Smith"
        # The banner speaks of the pupils shown: none of these three is left out of the data.
        assert not screen_of(pilot).query_one("#excluded-banner").display
        await filter_by(pilot, "down", "left")  # Male: Smith is gone, the row stays valid
        assert 0 <= grid.row < len(shown(grid))


async def test_every_characteristic_item_by_keys(school: FilterSchool) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await filter_by(pilot, "y")  # Intervention: Yes (a letter picks)
        assert shown(grid) == ["Clarke"]
        await filter_by(pilot, "delete", *["down"] * SUMMER_BORN, "y")
        assert shown(grid) == ["Ahmed", "Clarke", "Smithson"]
        await filter_by(pilot, "r", *["down"] * SEN, "right", "right", "right", "right")
        assert shown(grid) == ["Ahmed", "Evans"]  # K or E
        assert bar_text(pilot) == "Filter: SEN: K or E · 2 of 8 pupils"
        # Ethnicity: the cohort's commonest main code comes first; WENG and WSCO roll up.
        await filter_by(pilot, "r", *["down"] * ETHNICITY, "right")
        assert shown(grid) == ["Brown", "Clarke", "Fraser", "Smith", "Smithson"]
        assert bar_text(pilot) == "Filter: Ethnicity: WBRI · 5 of 8 pupils"
        await filter_by(pilot, "r", *["down"] * CUSTOM_1, "y")
        assert shown(grid) == ["Dubois"]
        assert bar_text(pilot) == "Filter: Speech therapy · 1 of 8 pupils"
        await filter_by(pilot, "r", *["down"] * CLASS, "right", "right")
        assert shown(grid) == ["Brown", "Dubois", "Smith", "Smithson"]
        assert bar_text(pilot) == "Filter: Wrens · 4 of 8 pupils"
        # Up from the first line wraps round to the search box at the bottom.
        await filter_by(pilot, "r", "up", *"fras")
        assert shown(grid) == ["Fraser"]


async def test_keys_arriving_in_one_burst_are_taken_in_order(school: FilterSchool) -> None:
    """Over a slow SSH link keys arrive bunched: a letter must not overtake an arrow."""
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await pilot.press("f")
        await pilot.pause()
        burst = ["down", "m", *["down"] * (EAL - GENDER), "y", "slash", "s", "m", "r"]
        for key in burst:
            character = {"slash": "/"}.get(key, key if len(key) == 1 else None)
            pilot.app.post_message(events.Key(key, character))
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, FilterDialog)
        assert dialog.chosen() == PupilFilter(gender="M", eal=True, search="smr")
        await pilot.press("backspace", "i", "enter")
        await pilot.pause()
        assert shown(grid) == []  # no boy with EAL is a Smi...
        assert screen_of(pilot).pupil_filter.search == "smi"


async def test_the_dialog_fits_80x24_and_names_items_as_the_school_does(
    school: FilterSchool,
) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        await pilot.press("f")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, FilterDialog)
        lines = list(dialog.query(ChoiceLine))
        assert [line.title for line in lines][:9] == [
            "Intervention",
            "Gender",
            "Summer born",
            "SEN",
            "Ethnicity",
            "PP",
            "Disadvantaged",
            "EAL",
            "Speech therapy",
        ]
        assert lines[-1].title == "Class" and lines[-1].options[1][1] == "Robins"
        search = dialog.query_one("#filter-search")
        for widget in [*lines, search]:
            assert widget.region.height == 1
            assert 0 <= widget.region.y < 24 and widget.region.right <= 80
        assert "[All]" in str(lines[1].render())
        await pilot.press("down", "right")
        assert "[Male]" in str(lines[1].render()) and "[All]" not in str(lines[1].render())


def test_long_option_lists_slide_to_keep_the_choice_in_view() -> None:
    labels = ["All", *(f"CODE{n}" for n in range(20))]
    assert option_window(labels[:3], 0, 50) == (0, 3)
    first, stop = option_window(labels, 0, 30)
    assert first == 0 and 1 < stop < len(labels)
    first, stop = option_window(labels, 15, 30)
    assert first <= 15 < stop and first > 0
    assert option_window(labels, 20, 30)[1] == len(labels)
    # Every code is reachable and the window is never empty.
    for chosen in range(len(labels)):
        first, stop = option_window(labels, chosen, 12)
        assert first <= chosen < stop
