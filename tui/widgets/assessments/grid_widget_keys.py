"""The judgement grid's own keys: moving, clearing, keeping a typed mark or code, the direction
after an entry, wide columns, what shows beside each cell. The value keys come from the framework
of the cursor's column (value_keys.py)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

GRID_KEYS: list[BindingType] = [
    Binding("up", "move(0, -1)", "Up", show=False),
    Binding("down", "move(0, 1)", "Down", show=False),
    Binding("left", "move(-1, 0)", "Left", show=False),
    Binding("right", "move(1, 0)", "Right", show=False),
    Binding("home", "move_home", "Row start", show=False),
    Binding("end", "move_end", "Row end", show=False),
    Binding("pageup", "page(-1)", "Page up", show=False),
    Binding("pagedown", "page(1)", "Page down", show=False),
    # The value keys come from the framework of the cursor's column (value_keys.py).
    Binding("delete,backspace", "clear", "Clear", show=False, id="clear"),
    Binding("enter", "keep_mark", "Keep mark", show=False, id="keep-mark"),
    Binding("escape", "drop_mark", "Drop mark", show=False, id="drop-mark"),
    Binding(
        "g",
        "gone_beyond",
        "Beyond",
        show=False,
        id="gone-beyond",
        tooltip="Cycle gone-beyond colour",
    ),
    Binding(
        # Ctrl+D too: in a column of typed codes d is a stage (small steps' "P7d").
        "d,ctrl+d",
        "toggle_direction",
        "Direction",
        show=False,
        id="direction",
        tooltip="After an entry move right or down (toggle; Ctrl+D where d is a stage)",
    ),
    Binding(
        "w",
        "toggle_wide",
        "Wide",
        show=False,
        id="wide",
        tooltip="Wide columns: words, and percentages to 2 decimals",
    ),
    Binding(
        "V",
        "cycle_beside",
        "Beside",
        show=False,
        id="beside",
        tooltip="Beside each cell: how it moved since the assessment before, or that value",
    ),
    # g outside EYFS in-year's On track says why (a framework's own g comes first).
    Binding(
        "g",
        "key_elsewhere",
        "Other keys",
        show=False,
        system=True,  # a fallback: not a command for help or the palette
        tooltip="Keys of other columns: say what to press here",
    ),
]
