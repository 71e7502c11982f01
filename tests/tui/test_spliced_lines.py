"""Putting repainted cells into a painted line (tui/widgets/spliced_lines.py) gives the line
that cropping and joining give, whatever the segments' boundaries."""

from __future__ import annotations

import itertools

import pytest
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from tui.widgets.spliced_lines import replace_cells

RED, GREEN, RULE = Style(color="red"), Style(color="green"), Style(dim=True)
LINE = [
    Segment("Zoë O'Brien  ", Style()),
    Segment("BOB", RED),
    Segment("│", RULE),
    Segment(" O ", GREEN),
    Segment(" B  O ", RED),
    Segment("│", RULE),
    Segment("日本", GREEN),  # two cells each
]
WIDTH = Strip(LINE).cell_length


def by_crop(segments: list[Segment], cells: list[tuple[int, Segment]]) -> Strip:
    strip = Strip(segments)
    for x, cell in cells:
        end = x + cell.cell_length
        strip = Strip.join([strip.crop(0, x), Strip([cell]), strip.crop(end, WIDTH)])
    return strip


def cells_of(text: str, style: Style, places: tuple[int, ...]) -> list[tuple[int, Segment]]:
    return [(x, Segment(text, style)) for x in places]


def as_cells(segments: list[Segment]) -> list[tuple[str, Style | None]]:
    """Each cell's character and style, so that segment boundaries do not matter."""
    return [(char, segment.style) for segment in segments for char in segment.text]


@pytest.mark.parametrize(
    "places",
    [
        places
        for count in (1, 2, 3)
        for places in itertools.combinations(range(0, WIDTH - 2, 2), count)
        if all(b - a >= 3 for a, b in itertools.pairwise(places))
    ],
)
def test_cells_replace_what_showed_under_them(places: tuple[int, ...]) -> None:
    cells = cells_of("o*+", GREEN, places)
    spliced = replace_cells(LINE, cells)
    assert sum(segment.cell_length for segment in spliced) == WIDTH
    assert as_cells(spliced) == as_cells(list(by_crop(LINE, cells)))


def test_neighbours_of_one_style_are_joined() -> None:
    spliced = replace_cells(LINE, [(13, Segment(" O ", GREEN))])
    assert Segment(" O │", GREEN) not in spliced  # the rule keeps its own style
    assert [s.text for s in spliced][1:3] == [" O ", "│"]
    assert replace_cells([Segment("AAABBB", RED)], [(3, Segment("CCC", RED))]) == [
        Segment("AAACCC", RED)
    ]
