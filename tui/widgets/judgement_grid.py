"""The judgement grid: a Line API widget that repaints only the cells a keystroke changed.

Pupil names and Include in Data stay fixed on the left, three header lines stay at the top and
the foot statistics stay at the bottom; everything else scrolls. Textual's DataTable repaints the
whole table on every `update_cell`; this widget refreshes one cell, its row's summary cells and
its column's foot, so an entry costs a few hundred bytes over SSH.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from store.changes import Change
from store.curriculum import ElgOutcome, Judgement
from store.gridview import ColumnKind, ElgTotalStats, GldStats, GridModel
from store.rules import ColumnStats, ElgColumnStats, format_percent
from store.words import plural
from tui.widgets.component_styles import ComponentStyles
from tui.widgets.grid_layout import (
    FIXED_WIDTH,
    FOOT_HEIGHT,
    FOOT_LABELS,
    HEADER_HEIGHT,
    NAME_WIDTH,
    PALETTE,
    VALUE_LETTER,
    VALUE_WORD,
    Geometry,
    centre,
    fit,
    foot_cell,
    foot_text,
)


class JudgementGrid(ComponentStyles, ScrollView, can_focus=True):
    """Pupils down, assessment columns across, live statistics at the foot."""

    COMPONENT_CLASSES = {
        "grid--header",
        "grid--header-current",
        "grid--header-alternate",
        "grid--rule",
        "grid--name",
        "grid--name-current",
        "grid--excluded",
        "grid--cursor",
        "grid--blank",
        "grid--below",
        "grid--on-track",
        "grid--emerging",
        "grid--expected",
        "grid--absent",
        "grid--gld-yes",
        "grid--gld-no",
        "grid--foot",
        "grid--foot-label",
        "grid--locked",
    }

    DEFAULT_CSS = """
    /* No scrollbars: the foot says which rows show, and scrollbar repaints cost bytes on SSH. */
    JudgementGrid { height: 1fr; scrollbar-size-vertical: 0; scrollbar-size-horizontal: 0; }
    JudgementGrid > .grid--header { text-style: bold; }
    JudgementGrid > .grid--header-current { text-style: bold reverse; }
    JudgementGrid > .grid--header-alternate { text-style: underline; color: $text-accent; }
    JudgementGrid > .grid--rule { color: $foreground-muted; }
    JudgementGrid > .grid--name-current { text-style: bold reverse; }
    JudgementGrid > .grid--excluded { color: $text-muted; text-style: italic; }
    JudgementGrid > .grid--cursor { text-style: bold reverse; }
    JudgementGrid > .grid--blank { color: $foreground-muted; }
    JudgementGrid > .grid--below { color: $text-error; text-style: bold; }
    JudgementGrid > .grid--on-track { color: $text-success; }
    JudgementGrid > .grid--emerging { color: $text-warning; text-style: bold; }
    JudgementGrid > .grid--expected { color: $text-success; }
    JudgementGrid > .grid--absent { color: $text-muted; }
    JudgementGrid > .grid--gld-yes { background: $success; color: $text; text-style: bold; }
    JudgementGrid > .grid--gld-no { background: $error; color: $text; text-style: bold; }
    JudgementGrid > .grid--foot { text-style: bold; }
    JudgementGrid > .grid--foot-label { color: $text-muted; }
    JudgementGrid > .grid--locked { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(0, -1)", "Up", show=False),
        Binding("down", "move(0, 1)", "Down", show=False),
        Binding("left", "move(-1, 0)", "Left", show=False),
        Binding("right", "move(1, 0)", "Right", show=False),
        Binding("home", "move_home", "Row start", show=False),
        Binding("end", "move_end", "Row end", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("b", "enter('below')", "Below", id="below", tooltip="Below (also 1)"),
        Binding("o", "enter('on_track')", "On track", id="on-track", tooltip="On track (also 2)"),
        Binding("e", "enter('emerging')", "Emerging", id="emerging", tooltip="Emerging (also 1)"),
        Binding("x", "enter('expected')", "Expected", id="expected", tooltip="Expected (also 2)"),
        Binding("a", "enter('absent')", "Absent", id="absent", tooltip="Absent: all 17 goals"),
        Binding("1", "enter_digit(1)", "Below/Emerging", show=False),
        Binding("2", "enter_digit(2)", "On track/Expected", show=False),
        Binding("delete,backspace", "enter('blank')", "Clear", show=False, id="clear"),
        Binding(
            "g",
            "gone_beyond",
            "Beyond",
            show=False,
            id="gone-beyond",
            tooltip="Cycle gone-beyond colour",
        ),
        Binding(
            "d",
            "toggle_direction",
            "Direction",
            show=False,
            id="direction",
            tooltip="After an entry move right or down (toggle)",
        ),
        Binding(
            "w",
            "toggle_wide",
            "Wide",
            show=False,
            id="wide",
            tooltip="Wide columns: words, and percentages to 2 decimals",
        ),
    ]

    class EditRequested(Message):
        """The user asked for changes; the screen writes them and calls `apply_changes`."""

        def __init__(self, edits: list[Change], description: str) -> None:
            self.edits = edits
            self.description = description
            super().__init__()

    class CursorMoved(Message):
        """The cursor is on a new cell (also sent after a reload)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.model: GridModel | None = None
        self.row = 0
        self.column = 0
        self.advance_down = False
        self.wide = False
        self._geometry = Geometry([], [], [], 0)
        self._in_elg: bool | None = None  # where the cursor is: it decides the entry keys

    # --- model ---------------------------------------------------------------------------

    def load(self, model: GridModel, keep_cursor: bool = True) -> None:
        """Show `model`, keeping the cursor where it was when asked and possible."""
        self.model = model
        self._geometry = Geometry.of(model, self.wide)
        if not keep_cursor:
            self.row = self.column = 0
        self.row = max(0, min(self.row, len(model.rows) - 1))
        self.column = max(0, min(self.column, len(model.columns) - 1))
        self.virtual_size = Size(
            FIXED_WIDTH + self._geometry.total_width,
            HEADER_HEIGHT + len(model.rows) + FOOT_HEIGHT,
        )
        self.refresh()
        self._cursor_changed(scroll=True)

    def apply_changes(self, changes: Iterable[Change]) -> None:
        """Show changes the store made: repaint just the cells and feet that now differ."""
        if self.model is None:
            return
        applied = self.model.apply(list(changes))
        if applied.everything:
            self.refresh()
        else:
            geometry = self._geometry
            for row, column in applied.cells:
                x, width = geometry.xs[column], geometry.widths[column]
                self._refresh_virtual(x, HEADER_HEIGHT + row, width, 1)
            for column in applied.feet:
                self._refresh_foot(column)
        self.post_message(self.CursorMoved())

    # --- geometry helpers ----------------------------------------------------------------

    def _refresh_virtual(
        self, x: int, y: int, width: int, height: int, row_line: bool = False
    ) -> None:
        """Refresh a region given in scrolling-area coordinates (y counts header lines)."""
        scroll_x, scroll_y = self.scroll_offset
        screen_y = y
        if y >= HEADER_HEIGHT:
            screen_y = y - scroll_y
            if not HEADER_HEIGHT <= screen_y < HEADER_HEIGHT + self._body_height:
                return  # a row scrolled out of view
        screen_x = FIXED_WIDTH + x - scroll_x
        visible = Region(0, 0, self._view.width, self._view.height)
        region = Region(screen_x, screen_y, width, height).intersection(visible)
        if region.area:
            self.refresh(region)
        if row_line:
            # The name cell shows the row's state (Include in Data, cursor).
            self.refresh(Region(0, screen_y, FIXED_WIDTH, 1))

    def _refresh_foot(self, column: int) -> None:
        top = self._view.height - FOOT_HEIGHT
        x = FIXED_WIDTH + self._geometry.xs[column] - self.scroll_offset.x
        # The last foot line ("Displaying N pupils") does not change with an entry.
        region = Region(x, top, self._geometry.widths[column], len(FOOT_LABELS))
        region = region.intersection(Region(0, 0, self._view.width, self._view.height))
        if region.area:
            self.refresh(region)

    def _refresh_cell(self, row: int, column: int, name: bool = True) -> None:
        """Repaint a cell, its column's code in the header and (if asked) its row's name."""
        if self.model is None or not self.model.columns or not self.model.rows:
            return
        x, width = self._geometry.xs[column], self._geometry.widths[column]
        self._refresh_virtual(x, HEADER_HEIGHT + row, width, 1, row_line=name)
        self._refresh_virtual(x, HEADER_HEIGHT - 1, width, 1)

    @property
    def _view(self) -> Size:
        """The painted area, without scrollbars."""
        return self.scrollable_content_region.size

    @property
    def _body_height(self) -> int:
        return max(1, self._view.height - HEADER_HEIGHT - FOOT_HEIGHT)

    # --- cursor --------------------------------------------------------------------------

    @property
    def in_elg(self) -> bool:
        """Whether the cursor is in the End of Year Early Learning Goals."""
        return self._in_elg is True

    def move_to(self, row: int, column: int) -> None:
        if self.model is None:
            return
        row = max(0, min(row, len(self.model.rows) - 1))
        column = max(0, min(column, len(self.model.columns) - 1))
        if (row, column) == (self.row, self.column):
            return
        row_changed = row != self.row
        self._refresh_cell(self.row, self.column, name=row_changed)
        self.row, self.column = row, column
        self._refresh_cell(row, column, name=row_changed)
        self._cursor_changed(scroll=True)

    def _cursor_changed(self, scroll: bool) -> None:
        if scroll:
            self._scroll_to_cursor()
        model = self.model
        in_elg = bool(model and model.columns and model.columns[self.column].kind in _ELG_KINDS)
        if in_elg != self._in_elg:
            # The footer was composed for assessment keys: only a change needs it redone.
            first = self._in_elg is None and not in_elg
            self._in_elg = in_elg
            if not first:
                self.refresh_bindings()
        self.post_message(self.CursorMoved())

    def _scroll_to_cursor(self) -> None:
        """Bring the cursor into view, in jumps: every scroll repaints the whole grid."""
        if self.model is None or not self.model.columns:
            return
        scroll_x, scroll_y = self.scroll_offset
        body = self._body_height
        new_y = scroll_y
        if not scroll_y <= self.row < scroll_y + body:
            # Half a page at a time, so typing down a column scrolls once every few rows.
            new_y = max(0, self.row - body // 2)
        x, width = self._geometry.xs[self.column], self._geometry.widths[self.column]
        view = max(1, self._view.width - FIXED_WIDTH)
        new_x = scroll_x
        if x < scroll_x or x + width > scroll_x + view:
            new_x = self._anchor(self.column, view)
        if (new_x, new_y) != (scroll_x, scroll_y):
            self.scroll_to(new_x, new_y, animate=False, immediate=True)

    def _anchor(self, column: int, view: int) -> int:
        """Where to scroll to show `column`: its whole period if that fits, else its group."""
        assert self.model is not None
        columns, geometry = self.model.columns, self._geometry
        x, width = geometry.xs[column], geometry.widths[column]
        current = columns[column]

        def start_of(same_group: bool) -> int:
            first = column
            while (
                first > 0
                and columns[first - 1].section_key == current.section_key
                and (not same_group or columns[first - 1].group_label == current.group_label)
            ):
                first -= 1
            return geometry.xs[first]

        for start in (start_of(same_group=False), start_of(same_group=True)):
            if x + width <= start + view:
                return start
        return max(0, x + width - view)

    def action_move(self, dx: int, dy: int) -> None:
        self.move_to(self.row + dy, self.column + dx)

    def action_move_home(self) -> None:
        self.move_to(self.row, 0)

    def action_move_end(self) -> None:
        if self.model:
            self.move_to(self.row, len(self.model.columns) - 1)

    def action_page(self, direction: int) -> None:
        self.move_to(self.row + direction * self._body_height, self.column)

    def advance(self) -> None:
        """Move on after an entry: right along the row (to the next value cell) or down."""
        if self.model is None:
            return
        if self.advance_down:
            self.move_to(self.row + 1, self.column)
            return
        following = self.column + 1
        while (
            following < len(self.model.columns)
            and not self.model.columns[following].takes_judgement
        ):
            following += 1
        if following < len(self.model.columns):
            self.move_to(self.row, following)

    def action_toggle_direction(self) -> None:
        self.advance_down = not self.advance_down
        self.notify(f"After an entry the cursor moves {'down' if self.advance_down else 'right'}.")

    def action_toggle_wide(self) -> None:
        self.wide = not self.wide
        if self.model is not None:
            self.load(self.model)

    # --- entry ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "enter" and parameters:
            in_elg = self._in_elg is True
            if parameters[0] in ("below", "on_track"):
                return not in_elg
            if parameters[0] in ("emerging", "expected", "absent"):
                return in_elg
        if action == "gone_beyond":
            return self._in_elg is not True
        return True

    def entry_refused(self) -> str | None:
        """Why the cursor's cell cannot take a value, or None."""
        if self.model is None or not self.model.rows or not self.model.columns:
            return "There are no pupils or assessment columns here yet."
        column = self.model.columns[self.column]
        if column.kind is ColumnKind.PERIOD_NOTES:
            return "This is the Notes column: press n or Enter to write notes."
        if column.kind in (ColumnKind.GLD, ColumnKind.ELG_TOTAL):
            return f"{column.title} is worked out from the goals; it cannot be typed."
        elg = self.model.cohort.elg
        if column.kind is ColumnKind.ELG and elg is not None and elg.locked:
            return "These Early Learning Goals were submitted and are locked."
        return None

    def action_enter(self, name: str) -> None:
        refused = self.entry_refused()
        if refused:
            self.notify(refused, severity="warning")
            return
        assert self.model is not None
        column = self.model.columns[self.column]
        value = _VALUES[name]
        if column.kind is ColumnKind.ELG and isinstance(value, Judgement):
            self.notify("In the Early Learning Goals use e Emerging, x Expected or a Absent.")
            return
        if column.kind is ColumnKind.JUDGEMENT and isinstance(value, ElgOutcome):
            self.notify("In an assessment use b (or 1) Below and o (or 2) On track.")
            return
        edits = self.model.entry_edits([self.row], self.column, value)
        self.post_message(self.EditRequested(edits, "entry"))
        if value is not None:
            self.advance()

    def action_enter_digit(self, digit: int) -> None:
        if self._in_elg:
            self.action_enter("emerging" if digit == 1 else "expected")
        else:
            self.action_enter("below" if digit == 1 else "on_track")

    def action_gone_beyond(self) -> None:
        if self.model is None or not self.model.rows or not self.model.columns:
            return
        edit = self.model.gone_beyond_edit(self.row, self.column)
        if edit is None:
            self.notify("A gone-beyond colour marks an On track judgement: enter o first.")
            return
        self.post_message(self.EditRequested([edit], "gone beyond"))

    # --- painting ------------------------------------------------------------------------

    def on_focus(self) -> None:
        self._refresh_cell(self.row, self.column)

    def on_blur(self) -> None:
        self._refresh_cell(self.row, self.column)

    def render_line(self, y: int) -> Strip:
        height = self._view.height
        width = self._view.width
        base = self._style("base")
        if self.model is None:
            return Strip.blank(width, base)
        scroll_x, scroll_y = self.scroll_offset
        if y < HEADER_HEIGHT:
            fixed, scrolling = self._header_line(y, scroll_x, width)
        elif y >= height - FOOT_HEIGHT:
            fixed, scrolling = self._foot_line(y - (height - FOOT_HEIGHT), scroll_x, width)
        else:
            row = scroll_y + y - HEADER_HEIGHT
            if row >= len(self.model.rows):
                return Strip.blank(width, base)
            fixed, scrolling = self._row_line(row, scroll_x, width)
        return Strip.join([fixed, scrolling]).adjust_cell_length(width, base)

    def _visible(self, scroll_x: int, width: int) -> tuple[range, int, int]:
        view = max(0, width - FIXED_WIDTH)
        columns = self._geometry.columns_between(scroll_x, scroll_x + view)
        start = self._geometry.xs[columns.start] if len(columns) else 0
        return columns, start, view

    def _scrolling(self, pieces: list[Segment], start: int, scroll_x: int, view: int) -> Strip:
        return Strip(pieces).crop(scroll_x - start, scroll_x - start + view)

    def _cells_line(
        self, scroll_x: int, width: int, paint: Callable[[int], tuple[str, Style]]
    ) -> Strip:
        columns, start, view = self._visible(scroll_x, width)
        rule = self._style("rule")
        pieces: list[Segment] = []
        for index in columns:
            text, style = paint(index)
            pieces.append(Segment(fit(text, self._geometry.widths[index]), style))
            if self._geometry.rules_after[index]:
                pieces.append(Segment("│", rule))
        return self._scrolling(pieces, start, scroll_x, view)

    def _header_line(self, y: int, scroll_x: int, width: int) -> tuple[Strip, Strip]:
        assert self.model is not None
        header = self._style("header")
        model = self.model
        labels = ("", plural(len(model.rows), "pupil"), "Pupil")
        fixed = Strip(
            [
                Segment(fit(labels[y], NAME_WIDTH + 1), header),
                Segment("Inc" if y == HEADER_HEIGHT - 1 else "   ", header),
                Segment("│", self._style("rule")),
            ]
        )
        if not model.columns:
            return fixed, Strip([Segment(" No assessments yet: press + to create one.", header)])
        if y == HEADER_HEIGHT - 1:
            current, alternate = self._style("header-current"), self._style("header-alternate")

            def paint(index: int) -> tuple[str, Style]:
                # Three-letter codes touch: every other one is styled apart so each reads alone.
                text = model.columns[index].code
                style = current if index == self.column else (header, alternate)[index % 2]
                return centre(text, self._geometry.widths[index]), style

            return fixed, self._cells_line(scroll_x, width, paint)
        return fixed, self._spans_line(y, scroll_x, width)

    def _spans_line(self, y: int, scroll_x: int, width: int) -> Strip:
        """A header line of labels spanning their columns: periods (y=0) or areas (y=1)."""
        assert self.model is not None
        columns, start, view = self._visible(scroll_x, width)
        header, rule = self._style("header"), self._style("rule")
        geometry = self._geometry
        pieces: list[Segment] = []
        index = columns.start
        end = columns.stop
        # Start a span at its first column, even if that is scrolled out of view.
        first = index
        while first > 0 and self._same_span(y, first - 1, first):
            first -= 1
        start = geometry.xs[first] if self.model.columns else 0
        index = first
        while index < end:
            last = index
            while last + 1 < len(self.model.columns) and self._same_span(y, last, last + 1):
                last += 1
            span_width = geometry.xs[last] + geometry.widths[last] - geometry.xs[index]
            column = self.model.columns[index]
            label = column.section_label if y == 0 else column.group_label
            if y == 0 and column.kind in _ELG_KINDS and self.model.cohort.elg is not None:
                elg = self.model.cohort.elg
                label = f"End of Year ELGs {elg.day:%d/%m/%Y}" + (
                    " SUBMITTED" if elg.locked else ""
                )
            # Centred over the part in view, so a period wider than the screen shows its name.
            left = max(geometry.xs[index], scroll_x)
            shown = min(geometry.xs[index] + span_width, scroll_x + view) - left
            if 0 < shown < span_width:
                offset = " " * (left - geometry.xs[index])
                label = fit(offset + centre(label, shown), span_width)
            pieces.append(Segment(centre(label, span_width), header))
            if geometry.rules_after[last]:
                pieces.append(Segment("│", rule))
            index = last + 1
        return self._scrolling(pieces, start, scroll_x, view)

    def _same_span(self, y: int, left: int, right: int) -> bool:
        assert self.model is not None
        a, b = self.model.columns[left], self.model.columns[right]
        if a.section_key != b.section_key:
            return False
        return y == 0 or (a.group_label == b.group_label and not self._geometry.rules_after[left])

    def _row_line(self, row: int, scroll_x: int, width: int) -> tuple[Strip, Strip]:
        assert self.model is not None
        model = self.model
        pupil = model.rows[row]
        name_style = self._style("name-current") if row == self.row else self._style("base")
        if not pupil.include_in_data:
            name_style = self._style("excluded") + (
                Style(reverse=True) if row == self.row else Style()
            )
        include = "Yes" if pupil.include_in_data else "No "
        fixed = Strip(
            [
                Segment(fit(pupil.display_name, NAME_WIDTH) + " ", name_style),
                Segment(
                    include,
                    self._style("excluded") if not pupil.include_in_data else self._style("base"),
                ),
                Segment("│", self._style("rule")),
            ]
        )
        cursor = self._style("cursor")
        focused = self.has_focus

        def paint(index: int) -> tuple[str, Style]:
            text, style = self._cell(row, index)
            if row == self.row and index == self.column:
                style = style + cursor if focused else style + Style(underline=True)
            return text, style

        return fixed, self._cells_line(scroll_x, width, paint)

    def _cell(self, row: int, index: int) -> tuple[str, Style]:
        """The text and style of one cell."""
        assert self.model is not None
        model = self.model
        column = model.columns[index]
        width = self._geometry.widths[index]
        kind = column.kind
        if kind is ColumnKind.JUDGEMENT:
            cell = model.cell(row, index)
            if cell.value is None:
                text, style = "·", self._style("blank")
            elif cell.value is Judgement.BELOW:
                text, style = self._value_text(cell.value), self._style("below")
            else:
                text, style = self._value_text(cell.value), self._style("on-track")
            beyond_mark = "+" if cell.gone_beyond else " "
            note_mark = "*" if cell.note else " "
            if cell.gone_beyond:
                style = style + PALETTE[cell.gone_beyond]
            return fit(note_mark + text + beyond_mark, width), style
        if kind is ColumnKind.ELG:
            outcome = model.elg_outcome(row, index)
            if outcome is None:
                return centre("·", width), self._style("blank")
            name = {"E": "emerging", "X": "expected", "A": "absent"}[outcome.value]
            return centre(self._value_text(outcome), width), self._style(name)
        if kind is ColumnKind.PERIOD_NOTES:
            notes = model.period_note(row, index)
            if notes:
                return " " + notes.replace("\n", " "), self._style("base")
            return centre("·", width), self._style("blank")
        if kind is ColumnKind.GLD:
            gld = model.gld(row)
            if gld is None:
                return centre("·", width), self._style("blank")
            return (
                centre("Yes" if gld else "No", width),
                self._style("gld-yes") if gld else self._style("gld-no"),
            )
        score = model.total_score(row)
        return centre("·" if score is None else str(score), width), self._style("base")

    def _value_text(self, value: Judgement | ElgOutcome) -> str:
        return VALUE_WORD[value] if self.wide else VALUE_LETTER[value]

    def _foot_line(self, line: int, scroll_x: int, width: int) -> tuple[Strip, Strip]:
        assert self.model is not None
        model = self.model
        label_style, foot = self._style("foot-label"), self._style("foot")
        if line == len(FOOT_LABELS):
            shown = f"Displaying {plural(len(model.rows), 'pupil')}"
            first = self.scroll_offset.y + 1
            last = min(len(model.rows), self.scroll_offset.y + self._body_height)
            if first > 1 or last < len(model.rows):
                shown += f" (rows {first}-{last})"
            return Strip([Segment(fit(shown, width), self._style("header"))]), Strip([])
        fixed = Strip(
            [
                Segment(fit(FOOT_LABELS[line], FIXED_WIDTH - 1), label_style),
                Segment("│", self._style("rule")),
            ]
        )

        geometry = self._geometry

        def paint(index: int) -> tuple[str, Style]:
            text = self._foot_text(index, line)
            return foot_cell(text, geometry.widths[index], geometry.rules_after[index]), foot

        return fixed, self._cells_line(scroll_x, width, paint)

    def _foot_text(self, index: int, line: int) -> str:
        assert self.model is not None
        stats = self.model.stats(index)
        counts: tuple[object, object, object, object]
        if isinstance(stats, ColumnStats):
            counts = (stats.below, stats.percent_below, stats.on_track, stats.percent_on_track)
        elif isinstance(stats, ElgColumnStats):
            counts = (
                stats.emerging,
                stats.percent_emerging,
                stats.expected,
                stats.percent_expected,
            )
        elif isinstance(stats, GldStats):
            counts = ("", "", stats.yes, stats.percent_yes)
        elif isinstance(stats, ElgTotalStats):
            average = "-" if stats.average is None else format_percent(stats.average)
            counts = ("Avg", average, f"n={stats.counted}", "")
        else:
            return ""
        return foot_text(counts[line], self.wide)


_ELG_KINDS = (ColumnKind.ELG, ColumnKind.GLD, ColumnKind.ELG_TOTAL)
_VALUES: dict[str, Judgement | ElgOutcome | None] = {
    "below": Judgement.BELOW,
    "on_track": Judgement.ON_TRACK,
    "emerging": ElgOutcome.EMERGING,
    "expected": ElgOutcome.EXPECTED,
    "absent": ElgOutcome.ABSENT,
    "blank": None,
}
