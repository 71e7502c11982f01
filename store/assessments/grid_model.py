"""What the assessment grid shows: its columns, each cell's text and the live foot statistics.

Pure data over a loaded Cohort, shared by the terminal grid and the "Screen data" export, so
both show exactly the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from store.assessments.changes import (
    Change,
    ElgChange,
    IncludeChange,
    JudgementChange,
    PeriodNoteChange,
    elg_edit,
    judgement_edit,
)
from store.assessments.cohort import BLANK, Cell, Cohort, PupilRow
from store.assessments.grid_columns import NOTES as NOTES
from store.assessments.grid_columns import ColumnKind as ColumnKind
from store.assessments.grid_columns import GridColumn as GridColumn
from store.assessments.grid_columns import build_columns
from store.curriculum import frameworks
from store.curriculum.codes import Code
from store.curriculum.eyfs import ElgOutcome, GoneBeyond
from store.curriculum.eyfs_frameworks import EYFS_ELG
from store.curriculum.framework import DerivedValue, Framework, Marks, Values, average_of
from store.curriculum.layers import Layer
from store.curriculum.statistics import (
    AverageStats,
    BandStats,
    GroupStats,
    ScoreStats,
    YesStats,
    band_statistics,
    group_statistics,
    score_statistics,
)

FootStats = BandStats | GroupStats | YesStats | AverageStats | ScoreStats | None

# The ELG section's outcomes as cells, one shared cell per outcome.
_ELG_CELLS = {outcome: Cell(outcome) for outcome in ElgOutcome}


@dataclass
class Applied:
    """What applied changes altered on screen: (row, column) cells and columns' feet."""

    cells: set[tuple[int, int]] = field(default_factory=set)
    feet: set[int] = field(default_factory=set)
    everything: bool = False


class GridModel:
    """The displayed rows and columns of one cohort, kept current as changes are applied."""

    def __init__(
        self,
        cohort: Cohort,
        rows: Sequence[PupilRow] | None = None,
        hidden_periods: Iterable[int] = (),
        show_elg: bool = False,
        layer: Layer | None = None,
    ) -> None:
        self.cohort = cohort
        self.rows: list[PupilRow] = list(cohort.pupils if rows is None else rows)
        self.hidden_periods = set(hidden_periods)
        self.layer = layer
        """The layer shown in the periods' place (targets, judged progress); None: them."""
        self.show_elg = show_elg and cohort.elg is not None and layer is None
        self.columns = build_columns(cohort, self.hidden_periods, self.show_elg, layer)
        self.frameworks_shown: list[Framework] = list(
            {column.framework.id: column.framework for column in self.columns}.values()
        )
        """The frameworks of the columns shown, each once, in the order they first appear
        (the foot's labels read it at every repaint)."""
        self.marks_alternative = any(f.for_alternative for f in self.frameworks_shown)
        """Whether the pupils assessed another way are marked: a framework for them shows."""
        self._row_of_pupil = {pupil.id: index for index, pupil in enumerate(self.rows)}
        self._stats: dict[int, FootStats] = {}
        self._column_index = {
            (column.section_key, column.code): index
            for index, column in enumerate(self.columns)
            if column.kind is not ColumnKind.DERIVED
        }
        self._derived_of: dict[int, list[int]] = {}
        """Each section's derived columns, which any entry in the section may change."""
        for index, column in enumerate(self.columns):
            if column.kind is ColumnKind.DERIVED:
                self._derived_of.setdefault(column.section_key, []).append(index)

    # --- reading -------------------------------------------------------------------------

    @property
    def included_count(self) -> int:
        return sum(1 for pupil in self.rows if pupil.include_in_data)

    @property
    def excluded_count(self) -> int:
        return len(self.rows) - self.included_count

    def row_of(self, pupil_id: int) -> int | None:
        return self._row_of_pupil.get(pupil_id)

    def cell(self, row: int, column: int) -> Cell:
        """A value column's cell (an End of Year ELG's as a Cell of its outcome)."""
        col = self.columns[column]
        assert col.subject is not None
        pupil_id = self.rows[row].id
        if col.period is None:
            outcome = self.cohort.elg_outcomes.get((pupil_id, col.subject.code))
            return BLANK if outcome is None else _ELG_CELLS[outcome]
        return self.cohort.cell(pupil_id, col.period.id, col.subject.code)

    def column_cells(self, column: int) -> list[Cell]:
        """A value column's cells, row by row (what a foot or a workbook reads at once)."""
        col = self.columns[column]
        assert col.subject is not None
        code = col.subject.code
        if col.period is None:
            outcomes = self.cohort.elg_outcomes
            found = (outcomes.get((pupil.id, code)) for pupil in self.rows)
            return [BLANK if outcome is None else _ELG_CELLS[outcome] for outcome in found]
        cells, period_id = self.cohort.cells, col.period.id
        return [cells.get((pupil.id, period_id, code), BLANK) for pupil in self.rows]

    def code(self, row: int, column: int) -> Code | None:
        """The framework's code in a value cell (None: blank, or a number)."""
        value = self.cell(row, column).value
        subject = self.columns[column].subject
        assert subject is not None
        return None if value is None else subject.code_for(value)

    def period_note(self, row: int, column: int) -> str | None:
        col = self.columns[column]
        assert col.period is not None
        return self.cohort.period_notes.get((self.rows[row].id, col.period.id))

    def section_values(self, row: int, column: int) -> Values:
        """The pupil's stored codes in the section of `column`, by subject (for derived
        columns)."""
        col = self.columns[column]
        pupil_id = self.rows[row].id
        if col.period is None:
            return self.cohort.elg_row(pupil_id)
        cell = self.cohort.cell
        period_id = col.period.id
        return {
            subject.code: cell(pupil_id, period_id, subject.code).value
            for subject in col.framework.subjects
        }

    def section_marks(self, row: int, column: int) -> Marks:
        """The pupil's marks in the period of `column`, by number subject (for derived
        columns that read them: the phonics outcome)."""
        col = self.columns[column]
        if col.period is None:
            return {}
        cell = self.cohort.cell
        pupil_id, period_id = self.rows[row].id, col.period.id
        marks = {
            subject.code: cell(pupil_id, period_id, subject.code).number
            for subject in col.framework.subjects
            if subject.numbers is not None
        }
        return {code: mark for code, mark in marks.items() if mark is not None}

    def derived(self, row: int, column: int) -> DerivedValue:
        derived = self.columns[column].derived
        assert derived is not None
        values = self.section_values(row, column)
        if derived.year_rule is None:
            return derived(values)
        return derived(values, self.section_marks(row, column), self.cohort.settings)

    def score_said(self, row: int, column: int) -> str | None:
        """A standardised score with its band by the establishment's settings ("104: in line
        (95-104)"); None for any other cell."""
        subject = self.columns[column].subject
        if subject is None or subject.numbers is None or not subject.numbers.standardised:
            return None
        number = self.cell(row, column).number
        if number is None:
            return None
        return self.cohort.settings.scores.band_of(number).said_for(number)

    def derived_said(self, row: int, column: int) -> str:
        """A derived cell as the grid and spreadsheets say it ("" when it has no value)."""
        derived = self.columns[column].derived
        assert derived is not None
        return derived.said(self.derived(row, column))

    def text(self, row: int, column: int) -> str:
        """The cell's value as words, for spreadsheets and the status line ("" when blank)."""
        col = self.columns[column]
        if col.kind is ColumnKind.PERIOD_NOTES:
            return self.period_note(row, column) or ""
        if col.kind is ColumnKind.DERIVED:
            return self.derived_said(row, column)
        cell = self.cell(row, column)
        if cell.number is not None:
            return str(cell.number)
        if cell.value is None:
            return ""
        code = self.code(row, column)
        return code.words if code is not None else str.__str__(cell.value)

    def stats(self, column: int) -> FootStats:
        """The column's foot statistics over displayed pupils included in data (cached)."""
        if column not in self._stats:
            self._stats[column] = self._compute_stats(column)
        return self._stats[column]

    def _included_rows(self) -> list[int]:
        return [index for index, pupil in enumerate(self.rows) if pupil.include_in_data]

    def _compute_stats(self, column: int) -> FootStats:
        col = self.columns[column]
        if not col.framework.totalled:  # the engagement model: never added up
            return None
        rows = self._included_rows()
        if col.framework.for_alternative:  # counted apart: only the pupils it assesses
            rows = [row for row in rows if self.rows[row].alternative_assessment]
        if col.subject is not None:
            every = self.column_cells(column)
            cells = [every[row] for row in rows]
            if col.subject.numbers is not None:
                numbers = [cell.number for cell in cells if cell.number is not None]
                if col.subject.numbers.standardised:  # the establishment's threshold and bands
                    return score_statistics(numbers, self.cohort.settings.scores)
                return AverageStats(*average_of(numbers))
            values = (cell.value for cell in cells)
            if col.framework.groups:  # its own groups (KS1's four), else below / at or above
                return group_statistics(values, col.subject.codes, col.framework.groups)
            return band_statistics(values, col.subject.codes, col.framework.band_words)
        if col.derived is not None:
            if col.derived.yes_no and col.derived.among_decided:
                found = [self.derived(row, column) for row in rows]
                yes = sum(1 for value in found if value is True)
                no = sum(1 for value in found if value is False)
                yes_word, no_word = col.derived.words
                return BandStats((no_word, yes_word), no, yes, yes + no)
            if col.derived.yes_no:
                return YesStats(
                    sum(1 for row in rows if self.derived(row, column) is True), len(rows)
                )
            return AverageStats(
                *col.derived.averaged(self.section_values(row, column) for row in rows)
            )
        return None

    def subject_name(self, section_key: int, code: str) -> str:
        """The name of a subject of a section (period id, or 0 for the ELGs) shown or not."""
        index = self._column_index.get((section_key, code))
        if index is not None:
            return self.columns[index].title
        framework = EYFS_ELG
        for period in self.cohort.periods:
            if period.id == section_key:
                framework = self.cohort.wording.applied(frameworks.by_id(period.framework))
        subject = framework.subject(code)
        return subject.name if subject is not None else code

    # --- requests for changes ------------------------------------------------------------

    def entry_edits(
        self, rows: Iterable[int], column: int, value: str | None, number: int | None = None
    ) -> list[Change]:
        """Edits that put a stored code `value`, or a `number`, in cells (both None: blank)."""
        col = self.columns[column]
        assert col.subject is not None
        edits: list[Change] = []
        for row in rows:
            pupil_id = self.rows[row].id
            if col.period is not None:
                old = self.cell(row, column)
                beyond = old.gone_beyond if _keeps_colour(col.framework, value) else None
                after = Cell(value, beyond, old.note, number)
                edits.append(judgement_edit(pupil_id, col.period.id, col.subject.code, after, old))
            elif self.cohort.elg is not None:
                outcome = ElgOutcome(value) if value is not None else None
                seen = self.cohort.elg_outcomes.get((pupil_id, col.subject.code))
                edits.append(
                    elg_edit(self.cohort.elg.id, pupil_id, col.subject.code, outcome, seen)
                )
        return edits

    def key_edits(self, row: int, column: int, code: Code) -> list[Change]:
        """What typing `code` in a cell changes: the cell, or the whole row of its period
        when the code fills the row (the ELGs' Absent is the store's rule)."""
        col = self.columns[column]
        if code.fills_row and col.kind is ColumnKind.JUDGEMENT:
            return self.fill_row_edits(row, column, code.code)
        return self.entry_edits([row], column, code.code)

    def takes_values(self, row: int, column: int) -> bool:
        """Whether the pupil's cell in `column` may be given a value: every pupil's may, but a
        framework for pupils assessed another way (small steps) takes theirs only."""
        framework = self.columns[column].framework
        return not framework.for_alternative or self.rows[row].alternative_assessment

    def fill_column_edits(self, column: int, value: str | None, blanks_only: bool) -> list[Change]:
        """Fill every displayed pupil's cell in `column` that takes values (only the blank
        ones if asked)."""
        rows = [row for row in range(len(self.rows)) if self.takes_values(row, column)]
        if blanks_only:
            rows = [row for row in rows if self.text(row, column) == ""]
        return self.entry_edits(rows, column, value)

    def section_columns(self, column: int) -> list[int]:
        """The value-taking columns of the period (or ELG section) that `column` belongs to."""
        key = self.columns[column].section_key
        return [
            index
            for index, col in enumerate(self.columns)
            if col.section_key == key and col.takes_value
        ]

    def fill_row_edits(self, row: int, column: int, value: str | None) -> list[Change]:
        """Fill every subject of one pupil in the section of `column` that takes `value`."""
        edits: list[Change] = []
        if not self.takes_values(row, column):
            return edits
        for index in self.section_columns(column):
            subject = self.columns[index].subject
            if subject is not None and subject.accepts(value):
                edits += self.entry_edits([row], index, value)
        return edits

    def gone_beyond_edit(self, row: int, column: int) -> Change | None:
        """The next gone-beyond colour for a cell holding its framework's gone-beyond code
        (On track); after the last colour, none."""
        col = self.columns[column]
        if col.kind is not ColumnKind.JUDGEMENT or col.framework.gone_beyond is None:
            return None
        cell = self.cell(row, column)
        if cell.value is None or cell.value != col.framework.gone_beyond:
            return None
        palette: list[GoneBeyond | None] = [None, *GoneBeyond]
        following = palette[(palette.index(cell.gone_beyond) + 1) % len(palette)]
        assert col.period is not None and col.subject is not None
        return judgement_edit(
            self.rows[row].id,
            col.period.id,
            col.subject.code,
            Cell(cell.value, following, cell.note),
            cell,
        )

    # --- applying what the store did -----------------------------------------------------

    def apply(self, changes: Sequence[Change]) -> Applied:
        """Record changes the store made, and say which cells and feet now read differently."""
        applied = Applied()
        cohort = self.cohort
        for change in changes:
            row = self.row_of(change.pupil_id)
            columns: list[int] = []
            if isinstance(change, JudgementChange):
                key = (change.pupil_id, change.period_id, change.area_code)
                if change.after == BLANK:
                    cohort.cells.pop(key, None)
                else:
                    cohort.cells[key] = change.after
                columns = self._columns_at((change.period_id, change.area_code))
                columns += self._derived_of.get(change.period_id, [])
                applied.feet.update(columns)
            elif isinstance(change, ElgChange):
                elg_key = (change.pupil_id, change.area_code)
                if change.after is None:
                    cohort.elg_outcomes.pop(elg_key, None)
                else:
                    cohort.elg_outcomes[elg_key] = change.after
                columns = self._columns_at((0, change.area_code)) + self._derived_of.get(0, [])
                applied.feet.update(columns)
            elif isinstance(change, PeriodNoteChange):
                note_key = (change.pupil_id, change.period_id)
                if change.after is None:
                    cohort.period_notes.pop(note_key, None)
                else:
                    cohort.period_notes[note_key] = change.after
                columns = self._columns_at((change.period_id, NOTES))
            elif isinstance(change, IncludeChange):
                self._set_include(change.pupil_id, change.after)
                applied.everything = True
            if row is not None:
                applied.cells.update((row, column) for column in columns)
        if applied.everything:
            self._stats.clear()
            applied.feet = set(range(len(self.columns)))
        for index in applied.feet:
            self._stats.pop(index, None)
        return applied

    def _columns_at(self, key: tuple[int, str]) -> list[int]:
        index = self._column_index.get(key)
        return [] if index is None else [index]

    def _set_include(self, pupil_id: int, include: bool) -> None:
        for pupils in (self.rows, self.cohort.pupils):
            for index, pupil in enumerate(pupils):
                if pupil.id == pupil_id:
                    pupils[index] = replace(pupil, include_in_data=include)


def _keeps_colour(framework: Framework, value: str | None) -> bool:
    """A gone-beyond colour stays only on its framework's gone-beyond code (On track)."""
    return value is not None and value == framework.gone_beyond
