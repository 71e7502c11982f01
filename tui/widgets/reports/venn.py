"""A Venn diagram drawn with box characters: one rectangle per goal, every region labelled.

Rectangles overlap so that each combination of 2 or 3 goals is one region; each region shows
its key, the goals it is On track in, and its pupils as a count and a percentage. It reads
without colour: the highlighted region is in reverse video and marked with ▶. Arrows move
between regions, a region's number or Enter opens its pupils. 76 x 15 cells at most, so it fits
an 80x24 terminal with the report's header and key bar.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget

from store.curriculum.percentages import format_percent
from store.reports.venn import VennRegion, VennReport

Box = tuple[int, int, int, int]
"""(left, top, right, bottom) border cells of one goal's rectangle, inclusive."""

UP, DOWN, LEFT, RIGHT = 1, 2, 4, 8
LINES = {
    LEFT | RIGHT: "─",
    UP | DOWN: "│",
    RIGHT | DOWN: "┌",
    LEFT | DOWN: "┐",
    RIGHT | UP: "└",
    LEFT | UP: "┘",
    UP | DOWN | RIGHT: "├",
    UP | DOWN | LEFT: "┤",
    LEFT | RIGHT | DOWN: "┬",
    LEFT | RIGHT | UP: "┴",
    UP | DOWN | LEFT | RIGHT: "┼",
}
LABEL_WIDTH = 14
SELECTED = Style(reverse=True, bold=True)


@dataclass(frozen=True)
class Layout:
    """Where the rectangles are and where each region's label goes (in region order)."""

    width: int
    height: int
    boxes: tuple[Box, ...]
    anchors: tuple[tuple[int, int], ...]
    names: tuple[tuple[int, int, bool], ...]
    """Where each goal's code sits on its rectangle's border: (x, y, right-aligned)."""


# Three goals: A and B side by side overlapping in the middle, C below overlapping both.
# Columns: A-only | A∩C / A-only | A∩B / A∩B∩C / C | B∩C / B-only | B-only, 14 cells each.
THREE = Layout(
    width=76,
    height=15,
    boxes=((0, 0, 45, 10), (30, 0, 75, 10), (15, 5, 60, 14)),
    # SR only, MS only, BR only, SR+MS, SR+BR, MS+BR, all three, none (store's region order)
    anchors=((1, 2), (61, 2), (31, 11), (31, 2), (16, 7), (46, 7), (31, 7), (1, 12)),
    names=((2, 0, False), (73, 0, True), (17, 14, False)),
)
# Two goals: side by side, the overlap in the middle; "none" below them.
TWO = Layout(
    width=76,
    height=11,
    boxes=((0, 0, 45, 7), (30, 0, 75, 7)),
    anchors=((8, 3), (53, 3), (31, 3), (1, 9)),
    names=((2, 0, False), (73, 0, True)),
)


def layout_for(goals: int) -> Layout:
    return THREE if goals == 3 else TWO


def draw_boxes(width: int, height: int, boxes: Sequence[Box]) -> list[list[str]]:
    """A canvas with every rectangle drawn; where lines cross they join (┼ ┬ ├ ...)."""
    joins = [[0] * width for _ in range(height)]
    for left, top, right, bottom in boxes:
        for x in range(left, right + 1):
            for y in (top, bottom):
                joins[y][x] |= (LEFT if x > left else 0) | (RIGHT if x < right else 0)
        for y in range(top, bottom + 1):
            for x in (left, right):
                joins[y][x] |= (UP if y > top else 0) | (DOWN if y < bottom else 0)
    return [[LINES.get(bits, " ") for bits in row] for row in joins]


def short_label(region: VennRegion, codes: Sequence[str]) -> str:
    """The region's goals in the diagram: "SR only", "SR+MS", "none"."""
    if not region.goals:
        return "none"
    if len(region.goals) == 1:
        return f"{next(iter(region.goals))} only"
    return "+".join(code for code in codes if code in region.goals)


def count_text(region: VennRegion) -> str:
    return f"{region.count} ({format_percent(region.percent)}%)"


def neighbour(anchors: Sequence[tuple[int, int]], current: int, dx: int, dy: int) -> int:
    """The region nearest `current` in direction (dx, dy), or `current` when there is none."""
    x, y = anchors[current]
    best: tuple[float, int] | None = None
    for index, (ax, ay) in enumerate(anchors):
        # Label columns are about 15 cells apart and rows 4 lines: measure in those steps.
        across_x, down_y = (ax - x) / 15, (ay - y) / 4
        along = across_x * dx + down_y * dy
        if index == current or along <= 0:
            continue
        score = along + 2 * abs(across_x * dy + down_y * dx)
        if best is None or score < best[0]:
            best = (score, index)
    return current if best is None else best[1]


class VennDiagram(Widget, can_focus=True):
    """Shows one VennReport; posts Highlighted as the cursor moves and Chosen on Enter/a key."""

    DEFAULT_CSS = """
    VennDiagram { width: auto; height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1, 0)", "Left", show=False),
        Binding("right", "move(1, 0)", "Right", show=False),
        Binding("up", "move(0, -1)", "Up", show=False),
        Binding("down", "move(0, 1)", "Down", show=False),
        Binding("enter", "choose", "Names", id="venn-names", tooltip="List the region's pupils"),
        *(Binding(str(n), f"choose_number({n})", f"Region {n}", show=False) for n in range(1, 9)),
    ]

    class Highlighted(Message):
        def __init__(self, region: VennRegion) -> None:
            super().__init__()
            self.region = region

    class Chosen(Message):
        def __init__(self, region: VennRegion) -> None:
            super().__init__()
            self.region = region

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.report: VennReport | None = None
        self.index = 0

    def show(self, report: VennReport) -> None:
        """Draw `report`; the highlight stays on the same region when the goals are the same."""
        same_area = self.report is not None and self.report.area == report.area
        self.report = report
        if not same_area:
            self.index = 0
        self.index = min(self.index, len(report.regions) - 1)
        self.refresh(layout=not same_area)
        self.post_message(self.Highlighted(report.regions[self.index]))

    @property
    def highlighted(self) -> VennRegion | None:
        return None if self.report is None else self.report.regions[self.index]

    def _layout(self) -> Layout | None:
        return None if self.report is None else layout_for(len(self.report.goals))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        layout = self._layout()
        return layout.width if layout else 1

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        layout = self._layout()
        return layout.height if layout else 1

    def render(self) -> Text:
        report, layout = self.report, self._layout()
        if report is None or layout is None:
            return Text("")
        canvas = draw_boxes(layout.width, layout.height, layout.boxes)
        styles: list[list[Style | None]] = [[None] * layout.width for _ in range(layout.height)]

        def put(x: int, y: int, text: str, style: Style | None = None) -> None:
            for offset, character in enumerate(text[: layout.width - x]):
                canvas[y][x + offset] = character
                styles[y][x + offset] = style

        codes = [goal.code for goal in report.goals]
        for (x, y, right), code in zip(layout.names, codes, strict=False):
            name = f" {code} "
            put(x - len(name) + 1 if right else x, y, name, Style(bold=True))
        for number, (region, (x, y)) in enumerate(
            zip(report.regions, layout.anchors, strict=True), start=1
        ):
            chosen = number - 1 == self.index and self.has_focus
            marker = "▶" if number - 1 == self.index else " "
            first = f"{marker}{number} {short_label(region, codes)}"
            second = f" {count_text(region)}"
            style = SELECTED if chosen else None
            put(x, y, first.ljust(LABEL_WIDTH)[:LABEL_WIDTH], style)
            put(x, y + 1, second.ljust(LABEL_WIDTH)[:LABEL_WIDTH], style)
        text = Text(no_wrap=True, end="")
        for y, row in enumerate(canvas):
            if y:
                text.append("\n")
            start = 0
            for x in range(1, len(row) + 1):
                # One span per run of cells in the same style, not one per cell.
                if x == len(row) or styles[y][x] != styles[y][start]:
                    text.append("".join(row[start:x]), styles[y][start])
                    start = x
        return text

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, dx: int, dy: int) -> None:
        layout = self._layout()
        if self.report is None or layout is None:
            return
        self.index = neighbour(layout.anchors, self.index, dx, dy)
        self.refresh()
        self.post_message(self.Highlighted(self.report.regions[self.index]))

    def action_choose(self) -> None:
        if self.report is not None:
            self.post_message(self.Chosen(self.report.regions[self.index]))

    def action_choose_number(self, number: int) -> None:
        if self.report is None or not 1 <= number <= len(self.report.regions):
            return
        self.index = number - 1
        self.refresh()
        self.post_message(self.Highlighted(self.report.regions[self.index]))
        self.post_message(self.Chosen(self.report.regions[self.index]))
