"""How the judgement grid paints: its lines, cells and feet, and which regions a change repaints.

A mixin of the grid widget (tui/widgets/assessments/judgement_grid.py), which adds the cursor and
the keys.
Everything here reads the widget's state (model, cursor, geometry) and never changes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip

from store.assessments.grid_model import ColumnKind, GridModel
from store.core.words import plural
from store.curriculum.codes import Band
from store.curriculum.percentages import format_percent
from store.curriculum.statistics import AverageStats, BandStats, GroupStats, ScoreStats, YesStats
from store.progress.beside import Beside, EarlierCells
from tui.widgets.assessments.grid_layout import (
    FIXED_AFTER_NAME,
    FOOT_HEIGHT,
    FOOT_LINES,
    HEADER_HEIGHT,
    NAME_WIDTH,
    PALETTE,
    Geometry,
    beside_width,
    foot_cell,
    foot_labels,
    foot_text,
    mean_text,
)
from tui.widgets.assessments.mark_typing import MarkTyping
from tui.widgets.line_grid import centre, fit
from tui.widgets.spliced_lines import CellPainter, SplicedLines

# The style of a code by its band; the ELGs keep their own two (amber Emerging).
ALTERNATIVE_MARK = "»"
"""After the name of a pupil assessed another way, while a framework for them (small steps)
shows."""

BAND_STYLES = {
    Band.BELOW: "below",
    Band.AT: "on-track",
    Band.ABOVE: "above",
    Band.ABSENT: "absent",
    Band.OTHER: "other",
}
ELG_BAND_STYLES = {**BAND_STYLES, Band.BELOW: "emerging", Band.AT: "expected"}


class GridPainter(SplicedLines):
    """The Line API side of the grid: its lines, its cells and the partial refreshes."""

    HEADER_HEIGHT = HEADER_HEIGHT
    FOOT_HEIGHT = FOOT_HEIGHT
    NARROWEST_NAME = NAME_WIDTH
    FIXED_AFTER_NAME = FIXED_AFTER_NAME

    model: GridModel | None
    row: int
    column: int
    wide: bool
    _geometry: Geometry
    typing: MarkTyping
    beside: Beside
    _earlier: EarlierCells | None
    """What the cells compare with while `beside` shows something (made by a load)."""
    _foot_cells: dict[tuple[int, int], tuple[object, str]]
    """(column, foot line) -> (the statistics it was made from, the text); emptied by a load."""

    def row_names(self) -> Iterable[str]:
        return (pupil.display_name for pupil in self.model.rows) if self.model else ()

    @property
    def row_count(self) -> int:
        return len(self.model.rows) if self.model is not None and self.model.columns else 0

    def _refresh_foot(self, column: int) -> None:
        top = self._view.height - FOOT_HEIGHT
        x = self._fixed_width + self._geometry.xs[column] - self.scroll_offset.x
        # The last foot line ("Displaying N pupils") does not change with an entry.
        region = Region(x, top, self._geometry.widths[column], FOOT_LINES)
        region = region.intersection(Region(0, 0, self._view.width, self._view.height))
        if region.area:
            self.refresh(region)

    # --- painting ------------------------------------------------------------------------

    def cell_painter(self, y: int) -> CellPainter | None:
        """Cells of the column codes, of pupils' rows and of the foot figures repaint alone."""
        if self.model is None or not self.model.columns:
            return None
        height = self._view.height
        if y == HEADER_HEIGHT - 1:
            return self._code_painter()
        if y >= height - FOOT_HEIGHT:
            line = y - (height - FOOT_HEIGHT)
            return self._foot_painter(line) if line < FOOT_LINES else None
        row = self.scroll_offset.y + y - HEADER_HEIGHT
        return self._row_painter(row) if y >= HEADER_HEIGHT and row < len(self.model.rows) else None

    def paint_line(self, y: int) -> Strip:
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
        view = max(0, width - self._fixed_width)
        columns = self._geometry.columns_between(scroll_x, scroll_x + view)
        start = self._geometry.xs[columns.start] if len(columns) else 0
        return columns, start, view

    def _scrolling(
        self, pieces: list[Segment], start: int, scroll_x: int, view: int, length: int | None = None
    ) -> Strip:
        strip = Strip(pieces, length)
        if scroll_x == start and strip.cell_length <= view:
            return strip  # nothing to crop (most lines: the view starts at a column)
        return strip.crop(scroll_x - start, scroll_x - start + view)

    def _cells_line(
        self, scroll_x: int, width: int, paint: Callable[[int], tuple[str, Style]]
    ) -> Strip:
        columns, start, view = self._visible(scroll_x, width)
        rule = self._style("rule")
        widths, rules_after = self._geometry.widths, self._geometry.rules_after
        # Neighbouring cells of one style go out as one segment: a line of a wide terminal
        # had a segment per cell and per rule to crop, style and filter at every repaint.
        texts: list[str] = []
        styles: list[Style] = []
        length = 0
        for index in columns:
            text, style = paint(index)
            cell_width = widths[index]
            text = fit(text, cell_width)
            length += cell_width
            if rules_after[index]:
                if styles and styles[-1] is style:
                    texts[-1] += text
                else:
                    texts.append(text)
                    styles.append(style)
                text, style = "│", rule
                length += 1
            if styles and styles[-1] is style:
                texts[-1] += text
            else:
                texts.append(text)
                styles.append(style)
        pieces = [Segment(text, style) for text, style in zip(texts, styles, strict=True)]
        return self._scrolling(pieces, start, scroll_x, view, length)

    def _header_line(self, y: int, scroll_x: int, width: int) -> tuple[Strip, Strip]:
        assert self.model is not None
        header = self._style("header")
        model = self.model
        labels = ("", plural(len(model.rows), "pupil"), "Pupil")
        fixed = Strip(
            [
                Segment(fit(labels[y], self._name_width + 1), header),
                Segment("Inc" if y == HEADER_HEIGHT - 1 else "   ", header),
                Segment("│", self._style("rule")),
            ]
        )
        if not model.columns:
            return fixed, Strip([Segment(" No assessments yet: press + to create one.", header)])
        if y == HEADER_HEIGHT - 1:
            return fixed, self._cells_line(scroll_x, width, self._code_painter())
        return fixed, self._spans_line(y, scroll_x, width)

    def _code_painter(self) -> CellPainter:
        assert self.model is not None
        columns, widths = self.model.columns, self._geometry.widths
        header = self._style("header")
        current, alternate = self._style("header-current"), self._style("header-alternate")

        def paint(index: int) -> tuple[str, Style]:
            # Three-letter codes touch: every other one is styled apart so each reads alone.
            style = current if index == self.column else (header, alternate)[index % 2]
            return centre(columns[index].code, widths[index]), style

        return paint

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
            if y == 0 and column.period is None and self.model.cohort.elg is not None:
                label = self.model.cohort.elg.label
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
        name = fit(pupil.display_name, self._name_width)
        if model.marks_alternative and pupil.alternative_assessment:
            name = fit(pupil.display_name, self._name_width - 2) + " " + ALTERNATIVE_MARK
        fixed = Strip(
            [
                Segment(name + " ", name_style),
                Segment(
                    include,
                    self._style("excluded") if not pupil.include_in_data else self._style("base"),
                ),
                Segment("│", self._style("rule")),
            ]
        )
        return fixed, self._cells_line(scroll_x, width, self._row_painter(row))

    def _row_painter(self, row: int) -> CellPainter:
        cursor = self._style("cursor") if self.has_focus else Style(underline=True)

        def paint(index: int) -> tuple[str, Style]:
            text, style = self._cell(row, index)
            if row == self.row and index == self.column:
                style = style + cursor
            return text, style

        return paint

    def _cell(self, row: int, index: int) -> tuple[str, Style]:
        """The text and style of one cell, with what shows beside its value."""
        assert self.model is not None
        width = self._geometry.widths[index]
        if self._earlier is None:  # nothing beside the values (V): the usual paint
            return self._value_cell(row, index, width)
        extra = beside_width(self.model.columns[index], self.beside)
        if not extra:
            return self._value_cell(row, index, width)
        text, style = self._value_cell(row, index, width - extra)
        text = fit(text, width - extra)
        arrow = self._earlier.arrow(row, index)
        if self.beside is not Beside.EARLIER:
            return text + arrow, style
        return fit(self._earlier_text(row, index), extra - 1) + arrow + text, style

    def _earlier_text(self, row: int, index: int) -> str:
        """The value at the assessment before, as a compact cell shows it ("·": blank)."""
        assert self.model is not None and self._earlier is not None
        then = self._earlier.earlier(row, index)
        subject = self.model.columns[index].subject
        if then is None or subject is None or (then.value is None and then.number is None):
            return "·"
        if then.number is not None:
            return str(then.number)
        assert then.value is not None
        code = subject.code_for(then.value)
        return code.short if code is not None else str.__str__(then.value)

    def _value_cell(self, row: int, index: int, width: int) -> tuple[str, Style]:
        """The text and style of one cell's value, in `width` cells."""
        assert self.model is not None
        model = self.model
        column = model.columns[index]
        kind = column.kind
        if kind is ColumnKind.PERIOD_NOTES:
            notes = model.period_note(row, index)
            if notes:
                return " " + notes.replace("\n", " "), self._style("base")
            return centre("·", width), self._style("blank")
        if kind is ColumnKind.DERIVED:
            value = model.derived(row, index)
            if value is None:
                return centre("·", width), self._style("blank")
            assert column.derived is not None
            text = column.derived.said(value)
            if isinstance(value, bool):
                return centre(text, width), self._style("gld-yes" if value else "gld-no")
            return centre(text, width), self._style("base")
        cell = model.cell(row, index)
        if self.typing.at(row, index):
            return fit(self.typing.text + "_", width), self._style("base") + Style(underline=True)
        if cell.number is not None:
            text, style = str(cell.number), self._style("base")
        elif cell.value is None:
            # "-": no value is due (small steps, for a pupil not assessed another way).
            text = "·" if model.takes_values(row, index) else "-"
            style = self._style("blank")
        else:
            code = model.code(row, index)
            styles = ELG_BAND_STYLES if kind is ColumnKind.ELG else BAND_STYLES
            if code is None:  # a code its framework no longer has: shown as stored
                text, style = str.__str__(cell.value), self._style("other")
            else:
                text = code.wide if self.wide else code.short
                style = self._style(styles[code.band])
        if kind is ColumnKind.ELG:
            return centre(text, width), style
        if cell.gone_beyond:
            style = style + PALETTE[cell.gone_beyond]
        if len(text) + 2 > width:
            # No room for the marks beside a three-letter code: a note underlines it instead.
            return fit(text, width), style + Style(underline=True) if cell.note else style
        beyond_mark = "+" if cell.gone_beyond else " "
        note_mark = "*" if cell.note else " "
        return fit(note_mark + text + beyond_mark, width), style

    def _foot_line(self, line: int, scroll_x: int, width: int) -> tuple[Strip, Strip]:
        assert self.model is not None
        model = self.model
        label_style = self._style("foot-label")
        if line == FOOT_LINES:
            shown = f"Displaying {plural(len(model.rows), 'pupil')}"
            first = self.scroll_offset.y + 1
            last = min(len(model.rows), self.scroll_offset.y + self._body_height)
            if first > 1 or last < len(model.rows):
                shown += f" (rows {first}-{last})"
            return Strip([Segment(fit(shown, width), self._style("header"))]), Strip([])
        fixed = Strip(
            [
                Segment(fit(foot_labels(model)[line], self._fixed_width - 1), label_style),
                Segment("│", self._style("rule")),
            ]
        )
        return fixed, self._cells_line(scroll_x, width, self._foot_painter(line))

    def _foot_painter(self, line: int) -> CellPainter:
        foot = self._style("foot")

        def paint(index: int) -> tuple[str, Style]:
            return self._foot_cell(index, line), foot

        return paint

    def _foot_cell(self, index: int, line: int) -> str:
        """A foot figure as shown, worked out again only when its column's statistics change
        (an entry changes one column: the other feet of each line were redone every key)."""
        assert self.model is not None
        stats = self.model.stats(index)
        cached = self._foot_cells.get((index, line))
        if cached is not None and cached[0] is stats:
            return cached[1]
        geometry = self._geometry
        text = self._foot_text(index, line)
        text = foot_cell(text, geometry.widths[index], geometry.rules_after[index])
        self._foot_cells[(index, line)] = (stats, text)
        return text

    def _foot_text(self, index: int, line: int) -> str:
        assert self.model is not None
        stats = self.model.stats(index)
        counts: tuple[object, object, object, object]
        if isinstance(stats, BandStats | GroupStats):
            # Number and % of the first two groups (KS1's EXS+ and GDS; the status line has all).
            group = stats.groups[line // 2]
            return foot_text(group.percent if line % 2 else group.count, self.wide)
        if isinstance(stats, YesStats):
            counts = ("", "", stats.yes, stats.percent_yes)
        elif isinstance(stats, AverageStats):
            average = "-" if stats.average is None else format_percent(stats.average)
            counts = ("Avg", average, f"n={stats.counted}", "")
        elif isinstance(stats, ScoreStats):  # the framework's labels: No. ≥, % ≥, Mean, No.
            mean = mean_text(stats.mean, self.wide)
            counts = (stats.at_or_above, stats.percent_at_or_above, mean, stats.scored)
        else:
            return ""
        return foot_text(counts[line], self.wide)
