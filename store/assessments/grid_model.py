"""What the assessment grid shows: its columns, each cell's text and the live foot statistics.

Pure data over a loaded Cohort, shared by the terminal grid and the "Screen data" export, so
both show exactly the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import Enum

from store.assessments.changes import (
    Change,
    ElgChange,
    IncludeChange,
    JudgementChange,
    PeriodNoteChange,
    elg_edit,
    judgement_edit,
)
from store.assessments.cohort import BLANK, Cell, Cohort, PeriodInfo, PupilRow
from store.curriculum.elg_scores import (
    average_elg_score,
    elg_total_score,
    good_level_of_development,
)
from store.curriculum.eyfs import (
    AREAS,
    GLD_AREA_CODES,
    AreaOfDevelopment,
    ElgOutcome,
    GoneBeyond,
    Judgement,
)
from store.curriculum.percentages import percent
from store.curriculum.statistics import (
    ColumnStats,
    ElgColumnStats,
    column_statistics,
    elg_column_statistics,
)


class ColumnKind(Enum):
    JUDGEMENT = "judgement"
    PERIOD_NOTES = "notes"
    ELG = "elg"
    GLD = "gld"
    ELG_TOTAL = "total"


@dataclass(frozen=True)
class GridColumn:
    """One column right of the pupil names."""

    kind: ColumnKind
    period: PeriodInfo | None = None
    area: AreaOfDevelopment | None = None

    @property
    def section_label(self) -> str:
        if self.period is not None:
            return f"{self.period.name} {self.period.day:%d/%m/%Y}"
        return "End of Year Early Learning Goals"

    @property
    def section_key(self) -> int:
        """Columns of one period (or of the ELG section, key 0) share a key."""
        return self.period.id if self.period is not None else 0

    @property
    def group_label(self) -> str:
        if self.area is not None:
            return self.area.area_of_learning.short
        return {
            ColumnKind.PERIOD_NOTES: "",
            ColumnKind.GLD: "",
            ColumnKind.ELG_TOTAL: "",
        }.get(self.kind, "")

    @property
    def code(self) -> str:
        if self.area is not None:
            return self.area.code
        return {
            ColumnKind.PERIOD_NOTES: "Notes",
            ColumnKind.GLD: "GLD",
            ColumnKind.ELG_TOTAL: "Score",
        }[self.kind]

    @property
    def title(self) -> str:
        """The column's full name for the status line and spreadsheets."""
        if self.area is not None:
            return self.area.name
        return {
            ColumnKind.PERIOD_NOTES: "Notes",
            ColumnKind.GLD: "Good Level of Development",
            ColumnKind.ELG_TOTAL: "ELG Total Score",
        }[self.kind]

    @property
    def takes_judgement(self) -> bool:
        return self.kind in (ColumnKind.JUDGEMENT, ColumnKind.ELG)


def build_columns(
    cohort: Cohort, hidden_periods: Iterable[int], show_elg: bool
) -> list[GridColumn]:
    """Visible periods in date order (17 areas, then Notes), then the ELG section when shown."""
    hidden = set(hidden_periods)
    columns: list[GridColumn] = []
    for period in cohort.periods:
        if period.id in hidden:
            continue
        columns += [GridColumn(ColumnKind.JUDGEMENT, period, area) for area in AREAS]
        columns.append(GridColumn(ColumnKind.PERIOD_NOTES, period))
    if show_elg and cohort.elg is not None:
        for area in AREAS:
            columns.append(GridColumn(ColumnKind.ELG, None, area))
            if area.code == GLD_AREA_CODES[-1]:
                columns.append(GridColumn(ColumnKind.GLD))
        columns.append(GridColumn(ColumnKind.ELG_TOTAL))
    return columns


@dataclass(frozen=True)
class ElgTotalStats:
    """The foot of the ELG Total Score column."""

    average: Decimal | None
    counted: int


@dataclass(frozen=True)
class GldStats:
    """The foot of the Good Level of Development column: Yes over pupils included."""

    yes: int
    pupils: int

    @property
    def percent_yes(self) -> Decimal:
        return percent(self.yes, self.pupils)


FootStats = ColumnStats | ElgColumnStats | GldStats | ElgTotalStats | None
NOTES = "Notes"


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
    ) -> None:
        self.cohort = cohort
        self.rows: list[PupilRow] = list(cohort.pupils if rows is None else rows)
        self.hidden_periods = set(hidden_periods)
        self.show_elg = show_elg and cohort.elg is not None
        self.columns = build_columns(cohort, self.hidden_periods, self.show_elg)
        self._row_of_pupil = {pupil.id: index for index, pupil in enumerate(self.rows)}
        self._stats: dict[int, FootStats] = {}
        self._column_index = {
            (col.section_key, col.area.code if col.area else NOTES): index
            for index, col in enumerate(self.columns)
            if col.kind in (ColumnKind.JUDGEMENT, ColumnKind.ELG, ColumnKind.PERIOD_NOTES)
        }
        self._elg_summary_columns = [
            index
            for index, col in enumerate(self.columns)
            if col.kind in (ColumnKind.GLD, ColumnKind.ELG_TOTAL)
        ]

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
        col = self.columns[column]
        assert col.period is not None and col.area is not None
        return self.cohort.cell(self.rows[row].id, col.period.id, col.area.code)

    def elg_outcome(self, row: int, column: int) -> ElgOutcome | None:
        col = self.columns[column]
        assert col.area is not None
        return self.cohort.elg_outcomes.get((self.rows[row].id, col.area.code))

    def period_note(self, row: int, column: int) -> str | None:
        col = self.columns[column]
        assert col.period is not None
        return self.cohort.period_notes.get((self.rows[row].id, col.period.id))

    def gld(self, row: int) -> bool | None:
        return good_level_of_development(self.cohort.elg_row(self.rows[row].id))

    def total_score(self, row: int) -> int | None:
        return elg_total_score(self.cohort.elg_row(self.rows[row].id))

    def text(self, row: int, column: int) -> str:
        """The cell's value as words, for spreadsheets and the status line ("" when blank)."""
        kind = self.columns[column].kind
        if kind is ColumnKind.JUDGEMENT:
            value = self.cell(row, column).value
            return value.label if value else ""
        if kind is ColumnKind.ELG:
            outcome = self.elg_outcome(row, column)
            return outcome.label if outcome else ""
        if kind is ColumnKind.PERIOD_NOTES:
            return self.period_note(row, column) or ""
        if kind is ColumnKind.GLD:
            gld = self.gld(row)
            return "" if gld is None else ("Yes" if gld else "No")
        score = self.total_score(row)
        return "" if score is None else str(score)

    def stats(self, column: int) -> FootStats:
        """The column's foot statistics over displayed pupils included in data (cached)."""
        if column not in self._stats:
            self._stats[column] = self._compute_stats(column)
        return self._stats[column]

    def _included_rows(self) -> list[int]:
        return [index for index, pupil in enumerate(self.rows) if pupil.include_in_data]

    def _compute_stats(self, column: int) -> FootStats:
        kind = self.columns[column].kind
        rows = self._included_rows()
        if kind is ColumnKind.JUDGEMENT:
            return column_statistics(self.cell(row, column).value for row in rows)
        if kind is ColumnKind.ELG:
            return elg_column_statistics(self.elg_outcome(row, column) for row in rows)
        if kind is ColumnKind.GLD:
            return GldStats(sum(1 for row in rows if self.gld(row) is True), len(rows))
        if kind is ColumnKind.ELG_TOTAL:
            average, counted = average_elg_score(
                self.cohort.elg_row(self.rows[row].id) for row in rows
            )
            return ElgTotalStats(average, counted)
        return None

    # --- requests for changes ------------------------------------------------------------

    def entry_edits(self, rows: Iterable[int], column: int, value: object) -> list[Change]:
        """Edits that put `value` (a Judgement, an ElgOutcome or None for blank) in cells."""
        col = self.columns[column]
        edits: list[Change] = []
        for row in rows:
            pupil_id = self.rows[row].id
            if col.kind is ColumnKind.JUDGEMENT:
                assert col.period is not None and col.area is not None
                old = self.cell(row, column)
                judgement = value if isinstance(value, Judgement) else None
                beyond = old.gone_beyond if judgement is Judgement.ON_TRACK else None
                edits.append(
                    judgement_edit(
                        pupil_id, col.period.id, col.area.code, Cell(judgement, beyond, old.note)
                    )
                )
            elif col.kind is ColumnKind.ELG:
                assert col.area is not None and self.cohort.elg is not None
                outcome = value if isinstance(value, ElgOutcome) else None
                edits.append(elg_edit(self.cohort.elg.id, pupil_id, col.area.code, outcome))
        return edits

    def fill_column_edits(self, column: int, value: object, blanks_only: bool) -> list[Change]:
        """Fill every displayed pupil's cell in `column` (only the blank ones if asked)."""
        rows = range(len(self.rows))
        if blanks_only:
            rows = [row for row in rows if self.text(row, column) == ""]  # type: ignore[assignment]
        return self.entry_edits(rows, column, value)

    def section_columns(self, column: int) -> list[int]:
        """The value-taking columns of the period (or ELG section) that `column` belongs to."""
        key = self.columns[column].section_key
        return [
            index
            for index, col in enumerate(self.columns)
            if col.section_key == key and col.takes_judgement
        ]

    def fill_row_edits(self, row: int, column: int, value: object) -> list[Change]:
        """Fill all 17 areas of one pupil in the period (or ELG section) of `column`."""
        edits: list[Change] = []
        for index in self.section_columns(column):
            edits += self.entry_edits([row], index, value)
        return edits

    def gone_beyond_edit(self, row: int, column: int) -> Change | None:
        """The next gone-beyond colour for an On track cell (after the last, none)."""
        col = self.columns[column]
        if col.kind is not ColumnKind.JUDGEMENT:
            return None  # only assessment cells have a judgement (and a colour)
        cell = self.cell(row, column)
        if cell.value is not Judgement.ON_TRACK:
            return None
        palette: list[GoneBeyond | None] = [None, *GoneBeyond]
        following = palette[(palette.index(cell.gone_beyond) + 1) % len(palette)]
        assert col.period is not None and col.area is not None
        return judgement_edit(
            self.rows[row].id,
            col.period.id,
            col.area.code,
            Cell(cell.value, following, cell.note),
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
                applied.feet.update(columns)
            elif isinstance(change, ElgChange):
                elg_key = (change.pupil_id, change.area_code)
                if change.after is None:
                    cohort.elg_outcomes.pop(elg_key, None)
                else:
                    cohort.elg_outcomes[elg_key] = change.after
                columns = self._columns_at((0, change.area_code)) + self._elg_summary_columns
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
