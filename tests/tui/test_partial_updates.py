"""What reaches the terminal: only the pieces of lines it does not already show."""

from __future__ import annotations

import io

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual._compositor import ChopsUpdate, LayoutUpdate
from textual.geometry import Region
from textual.strip import Strip

from tui.partial_updates import ScreenMirror, render_changed_segments, render_unshown

CONSOLE = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor", width=20)
BOLD = Style(bold=True)
HEIGHT = 2


def strip(text: str, style: Style | None = None) -> Strip:
    return Strip([Segment(text, style)], len(text))


def layout(*lines: list[Strip]) -> LayoutUpdate:
    width = sum(piece.cell_length for piece in lines[0])
    return LayoutUpdate(list(lines), Region(0, 0, width, len(lines)))


def chops(y: int, pieces: dict[int, Strip | None], x1: int, x2: int) -> ChopsUpdate:
    """A partial update of line y of a HEIGHT-line screen, changed from x1 to x2."""
    lines: list[dict[int, Strip | None]] = [{} for _ in range(HEIGHT)]
    lines[y] = pieces
    ends = [[] for _ in range(HEIGHT)]
    ends[y] = [x + piece.cell_length for x, piece in pieces.items() if piece is not None]
    return ChopsUpdate(lines, [(y, x1, x2)], ends)


def screen(first: str = "abc", second: str = "def", third: str = "ghijkl") -> LayoutUpdate:
    return layout([strip(first), strip(second, BOLD)], [strip(third)])


def test_a_first_full_update_writes_every_line() -> None:
    text = render_unshown(screen(), CONSOLE, ScreenMirror(), HEIGHT)
    assert text is not None
    assert "abc" in text and "def" in text and "ghijkl" in text


def test_the_same_screen_again_writes_nothing() -> None:
    mirror = ScreenMirror()
    render_unshown(screen(), CONSOLE, mirror, HEIGHT)
    assert render_unshown(screen(), CONSOLE, mirror, HEIGHT) == ""


def test_only_the_changed_piece_is_written_where_it_starts() -> None:
    mirror = ScreenMirror()
    render_unshown(screen(), CONSOLE, mirror, HEIGHT)
    text = render_unshown(screen(second="DEF"), CONSOLE, mirror, HEIGHT)
    assert text == "\x1b[1;4H" + strip("DEF", BOLD).render(CONSOLE)


def test_a_new_size_writes_everything_again() -> None:
    mirror = ScreenMirror()
    render_unshown(screen(), CONSOLE, mirror, HEIGHT)
    text = render_unshown(screen(), CONSOLE, mirror, HEIGHT + 1)
    assert text is not None and "abc" in text and "ghijkl" in text


def test_forgetting_writes_everything_again() -> None:
    mirror = ScreenMirror()
    render_unshown(screen(), CONSOLE, mirror, HEIGHT)
    mirror.forget()
    text = render_unshown(screen(), CONSOLE, mirror, HEIGHT)
    assert text is not None and "abc" in text and "ghijkl" in text


def test_a_partial_update_of_what_is_shown_writes_nothing() -> None:
    mirror = ScreenMirror()
    render_unshown(screen(), CONSOLE, mirror, HEIGHT)
    update = chops(0, {0: strip("abc"), 3: strip("def", BOLD)}, 0, 6)
    assert render_unshown(update, CONSOLE, mirror, HEIGHT) == ""


def test_a_partial_update_writes_a_changed_piece_and_the_mirror_keeps_it() -> None:
    mirror = ScreenMirror()
    render_unshown(screen(), CONSOLE, mirror, HEIGHT)
    update = chops(0, {0: strip("abc"), 3: strip("xyz", BOLD)}, 0, 6)
    assert render_unshown(update, CONSOLE, mirror, HEIGHT) == (
        "\x1b[1;4H" + strip("xyz", BOLD).render(CONSOLE)
    )
    assert render_unshown(screen(second="xyz"), CONSOLE, mirror, HEIGHT) == ""
    text = render_unshown(screen(), CONSOLE, mirror, HEIGHT)
    assert text == "\x1b[1;4H" + strip("def", BOLD).render(CONSOLE)


def test_a_piece_written_in_part_is_written_whole_next_time() -> None:
    mirror = ScreenMirror()
    render_unshown(screen(), CONSOLE, mirror, HEIGHT)
    update = chops(1, {0: strip("GHIJKL")}, 2, 4)
    assert render_unshown(update, CONSOLE, mirror, HEIGHT) == "\x1b[2;3H" + "IJ"
    # The terminal now shows "ghIJkl": the line's piece is no longer known, so it is resent.
    text = render_unshown(screen(), CONSOLE, mirror, HEIGHT)
    assert text == "\x1b[2;1H" + "ghijkl"


def test_the_cropping_render_writes_only_inside_the_span() -> None:
    update = chops(0, {0: strip("abcdef")}, 2, 4)
    assert render_changed_segments(update, CONSOLE) == "\x1b[1;3H" + "cd"
