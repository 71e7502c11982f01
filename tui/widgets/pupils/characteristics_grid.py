"""The characteristics grid: pupils down, their class, flags and codes across, as a Line API widget.

Like the judgement grid it repaints only the cells a keystroke changed: pupil names stay fixed on
the left, the header line at the top and "Displaying N pupils" at the foot; the columns scroll
sideways. Every value is text (Yes/No, M/F, codes), so it reads in 16 colours and under NO_COLOR.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.strip import Strip

from store.assessments.cohort import PupilRow
from store.core.words import plural
from tui.widgets.line_grid import LineGrid, centre, fit
from tui.widgets.pupils.characteristics_columns import (
    Applied,
    Change,
    Column,
    Kind,
    value_of,
    value_text,
    with_value,
)
from tui.widgets.pupils.characteristics_layout import (
    FOOT_HEIGHT,
    HEADER_HEIGHT,
    NAME_WIDTH,
    Geometry,
)

ChangeWriter = Callable[[list[Change], str], bool]
"""Writes the changes a key asked for and shows them; False when refused. Called at once, not
posted as a message, so a `u` typed straight after an entry cannot overtake it."""


class CharacteristicsGrid(LineGrid, can_focus=True):
    """Pupils down, characteristics across; single entries are written through `write`."""

    HEADER_HEIGHT = HEADER_HEIGHT
    FOOT_HEIGHT = FOOT_HEIGHT
    NARROWEST_NAME = NAME_WIDTH
    ANCHOR_SLACK = 1  # the separator after the column

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "grid--header",
        "grid--header-current",
        "grid--rule",
        "grid--name-current",
        "grid--excluded",
        "grid--cursor",
        "grid--no",
        "grid--foot",
    }

    DEFAULT_CSS = """
    CharacteristicsGrid { height: 1fr; scrollbar-size-vertical: 0; scrollbar-size-horizontal: 0; }
    CharacteristicsGrid > .grid--header { text-style: bold; }
    CharacteristicsGrid > .grid--header-current { text-style: bold reverse; }
    CharacteristicsGrid > .grid--rule { color: $foreground-muted; }
    CharacteristicsGrid > .grid--name-current { text-style: bold reverse; }
    CharacteristicsGrid > .grid--excluded { color: $text-muted; text-style: italic; }
    CharacteristicsGrid > .grid--cursor { text-style: bold reverse; }
    CharacteristicsGrid > .grid--no { color: $text-muted; }
    CharacteristicsGrid > .grid--foot { text-style: bold; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(0, -1)", "Up", show=False),
        Binding("down", "move(0, 1)", "Down", show=False),
        Binding("left", "move(-1, 0)", "Left", show=False),
        Binding("right", "move(1, 0)", "Right", show=False),
        Binding("home", "move_home", "First column", show=False),
        Binding("end", "move_end", "Last column", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("y", "set_flag(True)", "Yes", id="yes", tooltip="Yes (yes/no columns)"),
        Binding("n", "set_flag(False)", "No", id="no", tooltip="No (yes/no columns)"),
        Binding("space", "toggle_flag", "Toggle", show=False, id="toggle", tooltip="Yes <-> No"),
        Binding("m", "set_gender('M')", "Male", id="male", tooltip="Male (Gender column)"),
        Binding("f", "set_gender('F')", "Female", id="female", tooltip="Female (Gender column)"),
        Binding("k", "set_sen('K')", "SEN support", id="sen-support", tooltip="SEN support (K)"),
        Binding("e", "set_sen('E')", "EHC plan", id="ehc-plan", tooltip="EHC plan (E)"),
        Binding(
            "delete,backspace",
            "clear",
            "None",
            show=False,
            id="clear",
            tooltip="No SEN (SEN column); no class (Class column)",
        ),
    ]

    class CursorMoved(Message):
        """The cursor is on a new cell, or its cell changed (also sent after a load)."""

    def __init__(self, *, write: ChangeWriter | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self._write = write
        self.rows: list[PupilRow] = []
        self.columns: list[Column] = []
        self.class_names: tuple[str, ...] = ()
        self.row = 0
        self.column = 0
        self._index: dict[int, int] = {}
        self._geometry = Geometry([], [], [], 0)
        self._name_width = NAME_WIDTH
        self._kind: Kind | None = None  # the cursor column's kind: it decides the entry keys

    # --- model ---------------------------------------------------------------------------

    def row_names(self) -> Iterable[str]:
        return (pupil.display_name for pupil in self.rows)

    @property
    def row_count(self) -> int:
        return len(self.rows) if self.columns else 0

    def load(
        self,
        rows: Iterable[PupilRow],
        columns: Sequence[Column] | None = None,
        class_names: Sequence[str] | None = None,
        keep_cursor: bool = True,
    ) -> None:
        """Show `rows` (sorted SURNAME, Forename), keeping the cursor's pupil when it is shown."""
        current = self.current_pupil
        if columns is not None:
            self.columns = list(columns)
            self._geometry = Geometry.of(self.columns)
        if class_names is not None:
            self.class_names = tuple(class_names)
        self.rows = sorted(rows, key=lambda pupil: pupil.sort_key)
        self._index = {pupil.id: index for index, pupil in enumerate(self.rows)}
        if not keep_cursor:
            self.row = self.column = 0
        elif current is not None and current.id in self._index:
            self.row = self._index[current.id]
        self.row = max(0, min(self.row, len(self.rows) - 1))
        self.column = max(0, min(self.column, len(self.columns) - 1))
        self._lay_out()
        self.refresh()
        self._cursor_changed()

    def apply_changes(self, applied: Iterable[Applied]) -> None:
        """Show what the store changed: repaint just those cells (and names, for Incl)."""
        columns = {column.field: index for index, column in enumerate(self.columns)}
        for pupil_id, field, _old, new in applied:
            row = self._index.get(pupil_id)
            if row is None:
                continue
            self.rows[row] = with_value(self.rows[row], field, new)
            column = columns.get(field)
            if column is not None:
                self._refresh_cell(row, column, name=field == "include_in_data", header=False)
        self.post_message(self.CursorMoved())

    @property
    def current_pupil(self) -> PupilRow | None:
        return self.rows[self.row] if 0 <= self.row < len(self.rows) else None

    @property
    def current_column(self) -> Column | None:
        return self.columns[self.column] if 0 <= self.column < len(self.columns) else None

    def text(self, row: int, column: int) -> str:
        """The text of one cell."""
        col = self.columns[column]
        return value_text(col, value_of(self.rows[row], col.field), self.class_names)

    # --- cursor --------------------------------------------------------------------------

    def _cursor_changed(self) -> None:
        self._scroll_to_cursor()
        column = self.current_column
        kind = column.kind if column is not None else None
        if kind is not self._kind:
            # Only a change of column kind changes the entry keys (and the key bar).
            self._kind = kind
            self.refresh_bindings()
        self.post_message(self.CursorMoved())

    def anchor_starts(self, column: int) -> Iterable[int]:
        """The start if it fits, else the start of its group."""
        first = column
        while first > 0 and self.columns[first - 1].group == self.columns[column].group:
            first -= 1
        return (0, self._geometry.xs[first])

    def advance(self) -> None:
        """Move down after an entry: clerks go down a column."""
        self.move_to(self.row + 1, self.column)

    # --- entry ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # An entry key that does not fit the column is passed on to the screen's bindings.
        kind = self._kind
        if action in ("set_flag", "toggle_flag"):
            return kind is Kind.FLAG
        if action == "set_gender":
            return kind is Kind.GENDER
        if action == "set_sen":
            return kind is Kind.SEN
        return True

    def request(self, value: object, advance: bool = True) -> None:
        """Ask for the cursor's cell to take `value` (the screen writes it); then move down."""
        pupil, column = self.current_pupil, self.current_column
        if pupil is None or column is None:
            self.notify("There are no pupils here.", severity="warning")
            return
        written = self._write is not None and self._write(
            [(pupil.id, column.field, value)], "edit pupils"
        )
        if written and advance:
            self.advance()

    def action_set_flag(self, value: bool) -> None:
        self.request(value)

    def action_toggle_flag(self) -> None:
        pupil, column = self.current_pupil, self.current_column
        if pupil is not None and column is not None:
            self.request(not value_of(pupil, column.field))

    def action_set_gender(self, value: str) -> None:
        self.request(value)

    def action_set_sen(self, value: str) -> None:
        self.request(value)

    def action_clear(self) -> None:
        column = self.current_column
        if column is None:
            return
        if column.kind in (Kind.SEN, Kind.CLASS):
            self.request(None)
        elif column.kind is Kind.FLAG:
            self.notify(f"{column.name} is Yes or No: press y or n.")
        else:
            self.notify(f"Every pupil needs a {column.name}: press Enter to choose one.")

    # --- painting ------------------------------------------------------------------------

    def on_focus(self) -> None:
        self._refresh_cell(self.row, self.column)

    def on_blur(self) -> None:
        self._refresh_cell(self.row, self.column)

    def render_line(self, y: int) -> Strip:
        height, width = self._view.height, self._view.width
        base = self._style("base")
        if not self.columns:
            return Strip.blank(width, base)
        scroll_x, scroll_y = self.scroll_offset
        if y < HEADER_HEIGHT:
            fixed, scrolling = self._header_line(scroll_x, width)
        elif y >= height - FOOT_HEIGHT:
            return self._foot_line(width).adjust_cell_length(width, base)
        else:
            row = scroll_y + y - HEADER_HEIGHT
            if row >= len(self.rows):
                return Strip.blank(width, base)
            fixed, scrolling = self._row_line(row, scroll_x, width)
        return Strip.join([fixed, scrolling]).adjust_cell_length(width, base)

    def _visible(self, scroll_x: int, width: int) -> tuple[range, int, int]:
        """The columns at least partly in view, the x of the first, and the view's width."""
        view = max(0, width - self._fixed_width)
        geometry = self._geometry
        columns = [
            index
            for index, x in enumerate(geometry.xs)
            if x + geometry.widths[index] + 1 > scroll_x and x < scroll_x + view
        ]
        if not columns:
            return range(0), 0, view
        return range(columns[0], columns[-1] + 1), geometry.xs[columns[0]], view

    def _cells_line(
        self, scroll_x: int, width: int, paint: Callable[[int], tuple[str, Style]]
    ) -> Strip:
        columns, start, view = self._visible(scroll_x, width)
        rule, base = self._style("rule"), self._style("base")
        pieces: list[Segment] = []
        for index in columns:
            text, style = paint(index)
            cell_width = self._geometry.widths[index]
            # Class names read from the left; short values and codes sit in the middle.
            aligned = (
                fit(text, cell_width)
                if self.columns[index].kind is Kind.CLASS
                else centre(text, cell_width)
            )
            pieces.append(Segment(aligned, style))
            if self._geometry.rules_after[index]:
                pieces.append(Segment("│", rule))
            else:
                pieces.append(Segment(" ", base))
        return Strip(pieces).crop(scroll_x - start, scroll_x - start + view)

    def _header_line(self, scroll_x: int, width: int) -> tuple[Strip, Strip]:
        header = self._style("header")
        fixed = Strip(
            [
                Segment(fit("Pupil", self._name_width), header),
                Segment("│", self._style("rule")),
            ]
        )
        current = self._style("header-current")

        def paint(index: int) -> tuple[str, Style]:
            return self.columns[index].title, current if index == self.column else header

        return fixed, self._cells_line(scroll_x, width, paint)

    def _row_line(self, row: int, scroll_x: int, width: int) -> tuple[Strip, Strip]:
        pupil = self.rows[row]
        current = row == self.row
        name_style = self._style("name-current") if current else self._style("base")
        if not pupil.include_in_data:
            # Left out of every figure: the row says so without colour.
            name_style = self._style("excluded") + (Style(reverse=True) if current else Style())
        fixed = Strip(
            [
                Segment(fit(pupil.display_name, self._name_width), name_style),
                Segment("│", self._style("rule")),
            ]
        )
        cursor, base, muted = self._style("cursor"), self._style("base"), self._style("no")
        focused = self.has_focus

        def paint(index: int) -> tuple[str, Style]:
            text = self.text(row, index)
            style = muted if text in ("No", "-") else base
            if current and index == self.column:
                style = style + cursor if focused else style + Style(underline=True)
            return text, style

        return fixed, self._cells_line(scroll_x, width, paint)

    def _foot_line(self, width: int) -> Strip:
        shown = f"Displaying {plural(len(self.rows), 'pupil')}"
        first = self.scroll_offset.y + 1
        last = min(len(self.rows), self.scroll_offset.y + self._body_height)
        if first > 1 or last < len(self.rows):
            shown += f" (rows {first}-{last})"
        columns, _, view = self._visible(self.scroll_offset.x, width)
        geometry = self._geometry
        whole = [
            index
            for index in columns
            if geometry.xs[index] >= self.scroll_offset.x
            and geometry.xs[index] + geometry.widths[index] <= self.scroll_offset.x + view
        ]
        if whole and len(whole) < len(self.columns):
            left = "◂ " if whole[0] > 0 else ""
            right = " ▸" if whole[-1] < len(self.columns) - 1 else ""
            shown += f" · {left}columns {whole[0] + 1}-{whole[-1] + 1} of {len(self.columns)}"
            shown += right
        return Strip([Segment(fit(shown, width), self._style("foot"))])
