"""Send only the changed part of each line: a fix to Textual's partial screen updates.

Textual 8.2's `ChopsUpdate.render_segments` writes each dirty line from the left edge of the
widget that owns it up to the end of the change, so one judgement in the grid's 20th column
resent the whole line to its left, header and foot lines included (about 5 KB a keystroke at
80x24, measured by bench/). Over SSH on an old line that is what makes a tracker feel slow.
This version also crops on the left, starting at the change. Nothing else differs.
"""

from __future__ import annotations

from rich.console import Console
from rich.control import Control
from textual import _compositor
from textual._compositor import ChopsUpdate


def render_changed_segments(self: ChopsUpdate, console: Console) -> str:
    """Terminal output for the update: only the cells inside each changed span."""
    sequences: list[str] = []
    append = sequences.append
    move_to = Control.move_to
    chops = self.chops
    chop_ends = self.chop_ends
    last_y = self.spans[-1][0]
    for y, x1, x2 in self.spans:
        line = chops[y]
        ends = chop_ends[y]
        for end, (x, strip) in zip(ends, line.items(), strict=False):
            if strip is None or x > x2 or end <= x1:
                continue
            if x2 > x >= x1 and end <= x2:
                append(move_to(x, y).segment.text)
                append(strip.render(console))
                continue
            start = max(x, x1)
            strip = strip.crop(start - x, min(end, x2) - x)
            append(move_to(start, y).segment.text)
            append(strip.render(console))
        if y != last_y:
            append("\n")
    return "".join(sequences)


def install() -> None:
    """Use the cropping version for every partial update (idempotent)."""
    _compositor.ChopsUpdate.render_segments = render_changed_segments  # type: ignore[method-assign]
