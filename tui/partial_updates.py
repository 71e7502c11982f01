"""Send only what the terminal does not already show: fixes to Textual's screen updates.

Textual 8.2's `ChopsUpdate.render_segments` writes each dirty line from the left edge of the
widget that owns it up to the end of the change, so one judgement in the grid's 20th column
resent the whole line to its left, header and foot lines included (about 5 KB a keystroke at
80x24, measured by bench/). Over SSH on an old line that is what makes a tracker feel slow.
`render_changed_segments` also crops on the left, starting at the change.

Textual also repaints the whole screen more often than anything on it changes: pushing a screen
paints it once as it resumes, again for the `refresh()` that follows, and a third time when its
mount completes (`AwaitMount` asks for a layout); 119 KB each at 200x50. `ScreenMirror` keeps what
each piece of every line last sent was, as curses does, and leaves out the pieces that are the
same, so those repaints send nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from rich.console import Console
from rich.control import Control
from rich.segment import Segment
from textual import _compositor
from textual._compositor import ChopsUpdate, CompositorUpdate, LayoutUpdate
from textual.strip import Strip

Shown = tuple[int, list[Segment]]
"""A piece of a line the terminal shows: where it ends, and what was written there."""


class ScreenMirror:
    """What the terminal shows, piece by piece: for each line, start column -> `Shown`.

    A piece is one of the compositor's chops (a widget's part of a line between two cuts).
    Only pieces written whole are known; anything else written over a piece forgets it, and
    `forget` drops everything (a new size, a terminal handed back after a suspend).
    """

    def __init__(self) -> None:
        self.lines: list[dict[int, Shown]] = []

    def forget(self, height: int = 0) -> None:
        self.lines = [{} for _ in range(height)]

    def shows(self, y: int, x: int, end: int, strip: Strip) -> bool:
        known = self.lines[y].get(x)
        return known is not None and known[0] == end and known[1] == strip._segments

    def wrote(self, y: int, x: int, end: int, strip: Strip | None) -> None:
        """Cells x..end-1 of line y were written: `strip` whole, or (None) part of something."""
        line = self.lines[y]
        for start in [start for start, (stop, _) in line.items() if start < end and stop > x]:
            del line[start]
        if strip is not None:
            line[x] = (end, strip._segments)


class Prerendered(CompositorUpdate):
    """An update already turned into terminal output (for `App._display` to write)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def render_segments(self, console: Console) -> str:
        return self.text


def render_changed_segments(self: ChopsUpdate, console: Console) -> str:
    """Terminal output for the update: only the cells inside each changed span."""
    return _render_chops(self, console, None)


def _render_chops(update: ChopsUpdate, console: Console, mirror: ScreenMirror | None) -> str:
    sequences: list[str] = []
    append = sequences.append
    move_to = Control.move_to
    chops: Sequence[Mapping[int, Strip | None]] = update.chops
    chop_ends = update.chop_ends
    for y, x1, x2 in update.spans:
        line = chops[y]
        ends = chop_ends[y]
        for end, (x, strip) in zip(ends, line.items(), strict=False):
            if strip is None or x >= x2 or end <= x1:
                continue
            if x >= x1 and end <= x2:
                if mirror is not None:
                    if mirror.shows(y, x, end, strip):
                        continue
                    mirror.wrote(y, x, end, strip)
                append(move_to(x, y).segment.text)
                append(strip.render(console))
                continue
            start, stop = max(x, x1), min(end, x2)
            if mirror is not None:
                mirror.wrote(y, start, stop, None)
            append(move_to(start, y).segment.text)
            append(strip.crop(start - x, stop - x).render(console))
    return "".join(sequences)


def _render_layout(update: LayoutUpdate, console: Console, mirror: ScreenMirror) -> str:
    """A full update as the pieces that differ from what the terminal shows."""
    sequences: list[str] = []
    append = sequences.append
    move_to = Control.move_to
    strips: Sequence[Iterable[Strip]] = update.strips
    for y, line in enumerate(strips, update.region.y):
        x = update.region.x
        moved = False  # whether the cursor is at x (after a piece just written)
        for strip in line:
            end = x + strip.cell_length
            if mirror.shows(y, x, end, strip):
                moved = False
            else:
                if not moved:
                    append(move_to(x, y).segment.text)
                    moved = True
                append(strip.render(console))
                mirror.wrote(y, x, end, strip)
            x = end
    return "".join(sequences)


def render_unshown(
    update: CompositorUpdate, console: Console, mirror: ScreenMirror, height: int
) -> str | None:
    """The terminal output for `update`, less what `mirror` says is already on the terminal;
    None for an update of another kind (the caller renders it as Textual does)."""
    if len(mirror.lines) != height:
        mirror.forget(height)
    if isinstance(update, LayoutUpdate):
        if update.region.bottom > height:
            mirror.forget(height)
            return None
        return _render_layout(update, console, mirror)
    if isinstance(update, ChopsUpdate):
        if len(update.chops) > height:
            mirror.forget(height)
            return None
        return _render_chops(update, console, mirror)
    mirror.forget(height)
    return None


def install() -> None:
    """Use the cropping version for every partial update (idempotent)."""
    _compositor.ChopsUpdate.render_segments = render_changed_segments  # type: ignore[method-assign]
