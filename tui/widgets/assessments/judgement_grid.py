"""The judgement grid: a Line API widget that repaints only the cells a keystroke changed.

Pupil names and Include in Data stay fixed on the left, three header lines stay at the top and
the foot statistics stay at the bottom; everything else scrolls. Textual's DataTable repaints the
whole table on every `update_cell`; this widget refreshes one cell, its row's summary cells and
its column's foot, so an entry costs a few hundred bytes over SSH. Painting is in grid_paint.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import ClassVar

from textual.binding import BindingsMap, BindingType
from textual.message import Message

from store.assessments.changes import Change
from store.assessments.grid_model import ColumnKind, GridColumn, GridModel
from store.curriculum.eyfs_frameworks import EYFS_IN_YEAR
from store.curriculum.framework import Subject
from store.progress.beside import Beside, EarlierCells
from tui.widgets.assessments.grid_entry import (
    LAST_PUPIL,
    after_entry,
    beyond_refused,
    key_elsewhere,
    not_assessed_another_way,
    run_ended,
)
from tui.widgets.assessments.grid_layout import Geometry
from tui.widgets.assessments.grid_paint import GridPainter
from tui.widgets.assessments.grid_widget_keys import GRID_KEYS
from tui.widgets.assessments.mark_typing import MarkTyping
from tui.widgets.assessments.value_keys import value_bindings

EditWriter = Callable[[list[Change], str], bool]
"""Writes the edits a key asked for (with a description for the audit) and shows them; False
when they were refused. Called at once, not posted as a message: a message would wait behind the
keys already typed, and a `u` typed straight after an entry would undo the step before it."""


class JudgementGrid(GridPainter, can_focus=True):
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
        "grid--above",
        "grid--other",
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
    JudgementGrid > .grid--above { color: $text-success; text-style: bold underline; }
    JudgementGrid > .grid--other { color: $text-muted; text-style: italic; }
    JudgementGrid > .grid--emerging { color: $text-warning; text-style: bold; }
    JudgementGrid > .grid--expected { color: $text-success; }
    JudgementGrid > .grid--absent { color: $text-muted; }
    JudgementGrid > .grid--gld-yes { background: $success; color: $text; text-style: bold; }
    JudgementGrid > .grid--gld-no { background: $error; color: $text; text-style: bold; }
    JudgementGrid > .grid--foot { text-style: bold; }
    JudgementGrid > .grid--foot-label { color: $text-muted; }
    JudgementGrid > .grid--locked { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = GRID_KEYS

    class CursorMoved(Message):
        """The cursor is on a new cell, or the status line has news (also sent after a load)."""

    def __init__(
        self,
        *,
        write: EditWriter | None = None,
        status: Callable[[], None] | None = None,
        id: str | None = None,
    ) -> None:
        """`status` is called whenever the status line has news; without it, CursorMoved is
        posted."""
        super().__init__(id=id)
        self.model: GridModel | None = None
        self.row = 0
        self.column = 0
        self.advance_down = False
        self.wide = False
        self.beside = Beside.NOTHING
        self._earlier = None
        self.notice: str | None = None
        """A sentence about the last key for the status line, until the next change or move."""
        self._write = write
        self._status = status
        self._geometry = Geometry([], [], [], 0)
        self._foot_cells = {}
        self._in_elg: bool | None = None  # where the cursor is
        self._keys_of: Subject | None = None  # whose value keys are bound
        # Bound before the key bar is composed, so the likeliest first column's keys show at
        # once and opening the grid composes the key bar once.
        self._bind_values_of(EYFS_IN_YEAR.subjects[0], EYFS_IN_YEAR.subject_noun)
        self._stopped: tuple[int, int] | None = None  # a run down a column ended here
        self.typing = MarkTyping()
        """The keys of a mark or a code being typed, before they are kept."""
        self._status_held = False
        self._status_due = False

    def say(self, notice: str | None) -> None:
        """Put `notice` on the status line (None clears it)."""
        self.notice = notice
        self._announce()

    def _announce(self) -> None:
        # Called, not posted: a message arrived after the frame with the grid's cells had been
        # drawn, and every key cost a second frame just for the status line.
        if self._status_held:
            self._status_due = True
        elif self._status is not None:
            self._status()
        else:
            self.post_message(self.CursorMoved())

    # --- model ---------------------------------------------------------------------------

    def load(self, model: GridModel, keep_cursor: bool = True) -> None:
        """Show `model`, keeping the cursor where it was when asked and possible."""
        self.model = model
        self.notice = self._stopped = None
        self.typing.drop()  # the cells may have moved under it
        self._geometry = Geometry.of(model, self.wide, self.beside)
        beside = self.beside
        self._earlier = None if beside is Beside.NOTHING else EarlierCells.of(model, beside)
        self._foot_cells.clear()
        if not keep_cursor:
            self.row = self.column = 0
        self.row = max(0, min(self.row, len(model.rows) - 1))
        self.column = max(0, min(self.column, len(model.columns) - 1))
        self._lay_out()
        self.refresh()
        self._cursor_changed()

    def apply_changes(self, changes: Iterable[Change]) -> None:
        """Show changes the store made: repaint just the cells and feet that now differ."""
        if self.model is None:
            return
        applied = self.model.apply(list(changes))
        self.notice = None
        if applied.everything:
            self.refresh()
        else:
            geometry = self._geometry
            for row, column in applied.cells:
                comparing = self._earlier.comparing(column) if self._earlier else ()
                for changed in (column, *comparing):
                    x, width = geometry.xs[changed], geometry.widths[changed]
                    self._refresh_virtual(x, self.HEADER_HEIGHT + row, width)
            for column in applied.feet:
                self._refresh_foot(column)
        self._announce()

    # --- cursor --------------------------------------------------------------------------

    @property
    def in_elg(self) -> bool:
        """Whether the cursor is in the End of Year Early Learning Goals."""
        return self._in_elg is True

    def _leaving_cell(self) -> None:
        self._stopped = None

    def _cursor_changed(self) -> None:
        self._scroll_to_cursor()
        column = self._current_column()
        self._in_elg = column is not None and column.period is None
        self._bind_values(column)
        self._announce()

    def _bind_values(self, column: GridColumn | None) -> None:
        """Bind the value keys of the cursor's column; a Notes or derived column keeps its
        section's, so a value key there says why it does nothing."""
        if column is None:
            return
        subject = column.subject or column.framework.subjects[0]
        if self._keys_of is not None and subject.scale is self._keys_of.scale:
            return
        self._bind_values_of(subject, column.framework.subject_noun)
        self.refresh_bindings()

    def _bind_values_of(self, subject: Subject, subject_noun: str) -> None:
        self._keys_of = subject
        base = type(self)._merged_bindings
        assert base is not None
        # Another framework's key that is one of the grid's own (g: gone beyond) keeps its
        # command here.
        values = value_bindings(subject, subject_noun, frozenset(base.key_to_bindings))
        self._bindings = BindingsMap.merge([values, base])

    def anchor_starts(self, column: int) -> Iterable[int]:
        """Its whole period if that fits, else its group (an area of learning)."""
        assert self.model is not None
        columns, current = self.model.columns, self.model.columns[column]
        for same_group in (False, True):
            first = column
            while (
                first > 0
                and columns[first - 1].section_key == current.section_key
                and (not same_group or columns[first - 1].group_label == current.group_label)
            ):
                first -= 1
            yield self._geometry.xs[first]

    def user_move(self, row: int, column: int) -> None:
        """A move the user asked for: a mark being typed is kept, the last key's notice is
        over."""
        if self.typing.active:
            self.notice = None
            self._keep_mark(advance=False)  # may say why the mark was refused
        elif self.notice is not None:
            self.notice = None
            self._announce()
        self.move_to(row, column)

    def advance(self) -> None:
        """Move on after an entry: down, or right along the row to the next value cell of the
        same period (or ELGs). A run stops at the end, so no key reaches another period."""
        if self.model is None:
            return
        if self.advance_down:
            if self.row + 1 >= len(self.model.rows):
                self._stopped = (self.row, self.column)
                self.say(LAST_PUPIL)
            self.move_to(self.row + 1, self.column)
            return
        following = after_entry(self.model.columns, self.column)
        self.move_to(self.row, following.column)
        if following.ended and self.notice is None:
            self.say(run_ended(self.model.columns[following.column]))

    def action_toggle_direction(self) -> None:
        self.advance_down = not self.advance_down
        self.say(f"After an entry the cursor moves {'down' if self.advance_down else 'right'}.")

    def action_toggle_wide(self) -> None:
        self.wide = not self.wide
        if self.model is not None:
            self.load(self.model)

    def action_cycle_beside(self) -> None:
        self.beside = self.beside.following()
        if self.model is not None:
            self.load(self.model)
        self.say(self.beside.said())

    # --- entry ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("keep_mark", "drop_mark"):
            return self.typing.active  # else Enter writes a note, Esc leaves
        if action == "gone_beyond":
            column = self._current_column()
            return column is not None and column.framework.gone_beyond is not None
        if action == "type_code" and not self.typing.active:
            # A key that only goes on a code (P1's i) keeps its command alone (Include).
            column = self._current_column()
            subject = column.subject if column is not None else None
            return subject is None or subject.codes.acts_alone(str(parameters[0]))
        return True

    def entry_refused(self) -> str | None:
        """Why the cursor's cell cannot take a value, or None."""
        if self.model is None or not self.model.rows or not self.model.columns:
            return "There are no pupils or assessment columns here yet."
        column = self.model.columns[self.column]
        if column.kind is ColumnKind.PERIOD_NOTES:
            return "This is the Notes column: press n or Enter to write notes."
        if column.kind is ColumnKind.DERIVED:
            return f"{column.title} is worked out from the other columns; it cannot be typed."
        elg = self.model.cohort.elg
        if column.kind is ColumnKind.ELG and elg is not None:
            return elg.entry_refused
        return None

    def _value_refused(self) -> str | None:
        """Why a new value cannot go in the cursor's cell, or None."""
        if self._stopped == (self.row, self.column):
            return self.entry_refused() or LAST_PUPIL
        refused = self.entry_refused()
        model = self.model
        if refused is None and model is not None and not model.takes_values(self.row, self.column):
            return not_assessed_another_way(model.columns[self.column].framework)
        return refused

    def _current_column(self) -> GridColumn | None:
        model = self.model
        return model.columns[self.column] if model is not None and model.columns else None

    def action_key_elsewhere(self) -> None:
        self.say(key_elsewhere(self._current_column(), self.entry_refused()))

    @contextmanager
    def _one_status(self) -> Iterator[None]:
        """Tell the status line once what a key did: an entry both writes and moves, and
        the line was worked out for each (0.4 ms of a 200-column keystroke)."""
        outermost = not self._status_held
        self._status_held = True
        try:
            yield
        finally:
            if outermost:
                self._status_held = False
                if self._status_due:
                    self._status_due = False
                    self._announce()

    def _request(self, edits: list[Change], description: str) -> bool:
        """Have the edits written now, before the next key is taken; False if refused."""
        return self._write is not None and self._write(edits, description)

    def _enter(self, edits: list[Change], advance: bool = True) -> None:
        """Write an entry's edits and, when written and asked, move on."""
        with self._one_status():
            if self._request(edits, "entry") and advance:
                self.advance()

    def action_enter_code(self, stored: str) -> None:
        """Enter one of the column's codes (the key's binding names it)."""
        refused = self._value_refused()
        column = self._current_column()
        code = column.subject.codes.by_stored(stored) if column and column.subject else None
        if refused is None and code is None:
            refused = key_elsewhere(column, None)
        if refused is not None or code is None:
            self.say(refused)
            return
        assert self.model is not None
        self.typing.drop()
        self._enter(self.model.key_edits(self.row, self.column, code))

    def action_clear(self) -> None:
        if self.typing.at(self.row, self.column):
            self.typing.back()
            self._typed()
            return
        refused = self.entry_refused()
        if refused is not None:
            self.say(refused)
            return
        assert self.model is not None
        self._request(self.model.entry_edits([self.row], self.column, None), "entry")

    def action_type_digit(self, digit: int) -> None:
        """A digit of a mark: kept when complete, else shown in the cell until Enter."""
        refused = self._value_refused()
        column = self._current_column()
        numbers = column.subject.numbers if column and column.subject else None
        if refused is not None or numbers is None:
            self.say(refused or key_elsewhere(column, None))
            return
        if self.typing.add(self.row, self.column, str(digit), numbers):
            self._keep_mark(advance=True)
        else:
            self._typed()

    def action_type_code(self, key: str) -> None:
        """A key of a code typed a few keys at a time (a small step, "P7c"): written as soon
        as it is whole, else shown in the cell until Enter."""
        refused = self._value_refused()
        column = self._current_column()
        subject = column.subject if column is not None else None
        if refused is not None or column is None or subject is None:
            self.say(refused or key_elsewhere(column, None))
            return
        place, column_key = (self.row, self.column), (column.section_key, subject.code)
        found = self.typing.add_to_code(place, column_key, key, subject.codes)
        self._refresh_cell(self.row, self.column, name=False, header=False)
        if isinstance(found, str):
            self.say(found)
        elif found is not None:
            assert self.model is not None
            self._enter(self.model.key_edits(self.row, self.column, found))
        else:
            self._typed()

    def _typed(self) -> None:
        self._refresh_cell(self.row, self.column, name=False, header=False)
        if self.typing.active:
            column = self._current_column()
            text = self.typing.text
            if column and column.subject and column.subject.numbers:
                self.say(f"Mark {text}: Enter keeps it, Esc drops it.")
            else:
                self.say(f"Typed {text}: type the rest of the code; Esc drops it.")
        else:
            self.say(None)

    def action_keep_mark(self) -> None:
        self._keep_mark(advance=True)

    def action_drop_mark(self) -> None:
        self.typing.drop()
        self._typed()

    def _keep_mark(self, advance: bool) -> None:
        """Write the typed mark in its cell (refused, with the range, when out of it)."""
        if self.model is None or self.typing.cell is None:
            return
        row, column = self.typing.cell
        subject = self.model.columns[column].subject
        text = self.typing.take()
        self._refresh_cell(row, column, name=False, header=False)
        if subject is None:
            return
        if subject.numbers is None:  # a code typed a few keys at a time
            code = subject.codes.typed(text)
            if code is None:
                self.say(f"{text} is not a whole code: {subject.codes.typing_hint}.")
                return
            edits = self.model.key_edits(row, column, code)
        elif problem := subject.problem(None, int(text)):
            self.say(problem)
            return
        else:
            edits = self.model.entry_edits([row], column, None, int(text))
        self._enter(edits, advance=advance and (row, column) == (self.row, self.column))

    def action_gone_beyond(self) -> None:
        refused = self.entry_refused()
        edit = None
        if refused is None and self.model is not None:
            edit = self.model.gone_beyond_edit(self.row, self.column)
        if edit is None:
            self.say(beyond_refused(self._current_column(), refused))
            return
        self._request([edit], "gone beyond")

    # --- painting ------------------------------------------------------------------------

    def on_focus(self) -> None:
        self._refresh_cell(self.row, self.column)

    def on_blur(self) -> None:
        self._refresh_cell(self.row, self.column)
