"""The grid's foot figures and cells stay apart and readable as text, compact and wide."""

from __future__ import annotations

from decimal import Decimal

import pytest
from textual.pilot import Pilot
from textual.strip import Strip

from store.core.models import Pupil
from store.curriculum.year_groups import birth_date_range
from tests.tui.conftest import YEAR, R, School
from tui.app import PupilTrackerApp
from tui.screens.assessments.grid_screen import AssessmentsScreen
from tui.widgets.assessments.grid_layout import (
    ALL,
    FIXED_WIDTH,
    FOOT_HEIGHT,
    HEADER_HEIGHT,
    NAME_WIDTH,
    NOTES_WIDTHS,
    NUMBER_WIDTHS,
    TOO_WIDE,
    VALUE_WIDTHS,
    foot_cell,
    foot_text,
)
from tui.widgets.assessments.judgement_grid import JudgementGrid
from tui.widgets.line_grid import NAME_WIDTH_LIMIT, name_width

SIZES = [(80, 24), (200, 50)]
PERCENT_BELOW = 1  # the foot's second line


def foot_row(values: list[object], wide: bool) -> str:
    """Foot cells of one group of value columns side by side, the group's rule after the last."""
    width = VALUE_WIDTHS[1 if wide else 0]
    cells = [
        foot_cell(foot_text(value, wide), width, index == len(values) - 1)
        for index, value in enumerate(values)
    ]
    return "".join(cells) + "│"


def test_percentages_are_whole_in_compact_columns_and_never_rounded_up_to_all() -> None:
    assert foot_text(Decimal("100.00"), wide=False) == ALL
    assert foot_text(Decimal("76.67"), wide=False) == "77"
    assert foot_text(Decimal("12.50"), wide=False) == "13"
    assert foot_text(Decimal("99.60"), wide=False) == "99"
    assert foot_text(Decimal("100.00"), wide=True) == "100.00"
    assert foot_text(7, wide=False) == "7"


@pytest.mark.parametrize("wide", [False, True])
def test_a_100_percent_column_stays_apart_from_its_neighbours(wide: bool) -> None:
    hundred, other = Decimal("100.00"), Decimal("76.67")
    for values in ([hundred, other], [other, hundred, other], [hundred, hundred, hundred]):
        row = foot_row(list(values), wide)
        expected = [foot_text(value, wide) for value in values]
        assert row.rstrip("│").split() == expected, row
    assert foot_row([hundred, other], wide) == ("100.00  76.67 │" if wide else "AL 77 │")


def test_every_foot_cell_ends_in_a_space_or_before_the_rule() -> None:
    for kind, widths in {
        "value": VALUE_WIDTHS,
        "number": NUMBER_WIDTHS,
        "notes": NOTES_WIDTHS,
    }.items():
        for wide, width in ((False, widths[0]), (True, widths[1])):
            for text in ("", "7", "77", ALL, "100.00", "n=120", "31.68", "1234567"):
                for rule_after in (False, True):
                    cell = foot_cell(text, width, rule_after)
                    assert len(cell) == width, (kind, wide, text)
                    assert rule_after or cell.endswith(" "), (kind, wide, text)


def test_a_figure_with_no_room_says_so_rather_than_touching() -> None:
    assert foot_cell("120", 3, rule_after=False) == TOO_WIDE + " "
    assert foot_cell("120", 3, rule_after=True) == "120"  # the rule keeps it apart
    assert foot_cell("31.68", 5, rule_after=True) == "31.68"  # average ELG score


async def open_grid(pilot: Pilot[None]) -> JudgementGrid:
    await pilot.press("enter", "a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, AssessmentsScreen)
    return pilot.app.screen.query_one(JudgementGrid)


def scrolling_text(grid: JudgementGrid, y: int) -> str:
    """What line `y` of the grid shows right of the names and Include in Data."""
    return grid.render_line(y).text.split("│", 1)[1]


def foot_figures(grid: JudgementGrid, line: int) -> list[str]:
    top = grid.scrollable_content_region.height - FOOT_HEIGHT
    return scrolling_text(grid, top + line).replace("│", " ").split()


@pytest.mark.parametrize("size", SIZES)
async def test_the_foot_of_a_100_percent_column_reads_apart(
    school: School, size: tuple[int, int]
) -> None:
    async with PupilTrackerApp(school.database, school.actor).run_test(size=size) as pilot:
        grid = await open_grid(pilot)
        # LAU: all 4 Below (100%); SP: 1 of 4 (25%); SR: 3 of 4 (75%).
        await pilot.press("F", "b", "right", "b", "d", "b", "b", "b")
        await pilot.pause()
        assert foot_figures(grid, PERCENT_BELOW)[:4] == [ALL, "25", "75", "0"]
        await pilot.press("w")
        await pilot.pause()
        assert foot_figures(grid, PERCENT_BELOW)[:4] == ["100.00", "25.00", "75.00", "0.00"]
        assert foot_figures(grid, 0)[:4] == ["4", "1", "3", "0"]


@pytest.mark.parametrize("size", SIZES)
async def test_note_and_gone_beyond_show_as_text_in_both_modes(
    school: School, size: tuple[int, int]
) -> None:
    async with PupilTrackerApp(school.database, school.actor).run_test(size=size) as pilot:
        grid = await open_grid(pilot)
        await pilot.press("o", "left", "g", "n")  # Adeyemi LAU: On track, gone beyond, a note
        await pilot.press(*"Loves stories", "enter")
        await pilot.press("right", "b")  # SP Below
        await pilot.pause()
        row = scrolling_text(grid, HEADER_HEIGHT)
        assert row.split()[:2] == ["*O+", "B"]
        await pilot.press("w")
        await pilot.pause()
        row = scrolling_text(grid, HEADER_HEIGHT)
        assert row.split()[:2] == ["*OnTrk+", "Below"]
        assert "…" not in scrolling_text(grid, HEADER_HEIGHT - 1)


def add_pupil(school: School, surname: str, forenames: str) -> None:
    """One more Reception pupil, born on the first day of the year group."""
    first, _ = birth_date_range(R, YEAR)
    with school.database.write() as session:
        session.add(
            Pupil(
                establishment_id=school.establishment.id,
                upn="A204100000099",
                surname=surname,
                forenames=forenames,
                date_of_birth=first,
            )
        )


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        ((80, 24), "ABERNETHY-SMYTHE…"),  # the 80-column layout as it always was
        ((100, 30), "ABERNETHY-SMYTHE, Anastasia Rose"),
        ((200, 50), "ABERNETHY-SMYTHE, Anastasia Rose"),
    ],
)
async def test_names_use_the_width_a_wider_terminal_gives(
    school: School, size: tuple[int, int], shown: str
) -> None:
    add_pupil(school, "Abernethy-Smythe", "Anastasia Rose")
    async with PupilTrackerApp(school.database, school.actor).run_test(size=size) as pilot:
        grid = await open_grid(pilot)
        await pilot.pause()
        name = grid.render_line(HEADER_HEIGHT).text.split("│", 1)[0]
        assert name.endswith(" Yes") and name[:-4].rstrip() == shown
        # The judgement columns start where the names end, on every line.
        header = grid.render_line(HEADER_HEIGHT - 1).text
        assert header.index("│") == len(name) and header.split("│")[1].startswith("LAU")
        if size == (80, 24):
            assert len(name) == FIXED_WIDTH - 1


async def test_names_longer_than_the_limit_are_cut_even_at_200_columns(school: School) -> None:
    add_pupil(school, "Featherstonehaugh-Montmorency", "Anastasia Persephone")
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(200, 50)) as pilot:
        grid = await open_grid(pilot)
        await pilot.pause()
        name = grid.render_line(HEADER_HEIGHT + 2).text.split("│", 1)[0]  # the third pupil
        assert len(name) == NAME_WIDTH_LIMIT + 5 - 1
        assert name == "FEATHERSTONEHAUGH-MONTMORENCY, Anastasi… Yes"


def test_the_name_column_grows_only_with_the_width_beyond_80_columns() -> None:
    names = ["ALI, Hafsa", "ABERNETHY-SMYTHE, Anastasia Rose"]  # 10 and 32 cells
    assert name_width(names, 80, NAME_WIDTH) == NAME_WIDTH  # the 80x24 layout as it was
    assert name_width(names, 60, NAME_WIDTH) == NAME_WIDTH
    assert name_width(names, 90, NAME_WIDTH) == NAME_WIDTH + 10
    assert name_width(names, 200, NAME_WIDTH) == 32  # as wide as the longest name
    assert name_width(["A" * 60], 200, NAME_WIDTH) == NAME_WIDTH_LIMIT
    assert name_width(["ALI, Hafsa"], 200, NAME_WIDTH) == NAME_WIDTH  # never narrower than at 80
    assert name_width([], 200, NAME_WIDTH) == NAME_WIDTH


@pytest.mark.parametrize("size", SIZES)
async def test_the_grid_paints_each_line_once_as_it_opens(
    school: School, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The name column is sized before the first paint, not after it (a second whole paint)."""
    add_pupil(school, "Abernethy-Smythe", "Anastasia Rose")  # wider names at 200 columns
    painted: list[int] = []
    render_line = JudgementGrid.render_line

    def counting(grid: JudgementGrid, y: int) -> Strip:
        painted.append(y)
        return render_line(grid, y)

    monkeypatch.setattr(JudgementGrid, "render_line", counting)
    async with PupilTrackerApp(school.database, school.actor).run_test(size=size) as pilot:
        grid = await open_grid(pilot)
        await pilot.pause()
        assert sorted(painted) == list(range(grid.size.height))
