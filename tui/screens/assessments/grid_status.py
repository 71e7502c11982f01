"""What the Assessments screen's status line says: the cursor's cell and its column's figures,
or news about the last key (why it did nothing, where a run stopped, what Absent did)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from store.assessments.carry_forward import earlier_cell
from store.assessments.changes import (
    Change,
    ElgChange,
    JudgementChange,
    PeriodNoteChange,
    absent_effect,
)
from store.assessments.cohort import Cell, Cohort
from store.assessments.grid_model import ColumnKind, GridColumn, GridModel
from store.core.words import plural
from store.curriculum.codes import Code
from store.curriculum.dates import format_academic_year
from store.curriculum.eyfs import YearGroup
from store.curriculum.percentages import format_percent
from store.curriculum.statistics import AverageStats, BandStats, GroupStats, ScoreStats, YesStats
from store.progress.beside import score_margin
from store.progress.transitions import Movement, Reading, movement_between


class StatusWords(NamedTuple):
    first: str
    second: str
    news: bool
    """The second line is news about the last key, not the column's figures."""


def no_rows(
    cohort: Cohort | None, year_group: YearGroup, academic_year: int, filtered: bool
) -> str:
    """What the status line says when the grid has no pupil to show."""
    if cohort is not None and cohort.pupils and filtered:
        return (
            f"No pupil in {year_group.label} matches the filter: f changes it (r there resets all)."
        )
    return f"No pupils in {year_group.label} in {format_academic_year(academic_year)}."


NOT_TOTALLED_LINE = "Not totalled or averaged: O shows the pupil's areas over time; F1 says why."


def code_in_words(column: GridColumn, cell: Cell) -> Code | None:
    """The code of a cell to say in words: a small step ("P1(ii) stage e: just started") or an
    engagement model observation ("Emerging"), whose codes say little alone."""
    subject = column.subject
    if subject is None or not column.framework.for_alternative or cell.value is None:
        return None
    return subject.code_for(cell.value)


def status_text(
    model: GridModel | None, row: int, column: int, notice: str | None, empty: str
) -> StatusWords:
    """Two lines: the cell ("SURNAME, Forename · Number: On track") and the column's figures
    to 2 decimals; a notice about the last key takes the second line. `empty` is said when
    there is no cell to describe."""
    if model is None or not model.rows or not model.columns:
        first = empty
        if model is not None and model.rows and not model.columns:
            first = "No assessments shown: press + to create one, or p to show hidden ones."
        second = ""
    else:
        col = model.columns[column]
        value = model.text(row, column) or "blank"
        earlier, title = "", col.title
        if col.kind is ColumnKind.JUDGEMENT:
            cell = model.cell(row, column)
            value = cell.describe()
            if (band := model.score_said(row, column)) is not None:  # "104: in line (95-104)"
                value = band + value.removeprefix(str(cell.number))
            elif (code := code_in_words(col, cell)) is not None:
                value = code.words + value.removeprefix(code.code)
            earlier = earlier_words(model, row, column)
            if col.period is not None and col.period.layer is not None:
                title, value = layer_words(model, row, column, value)
        first = f"{model.rows[row].display_name} · {title}: {value}{earlier}"
        if earlier and len(first) > LINE_WIDTH:
            # The change since is what a teacher entering wants: the subject's code makes room.
            first = f"{model.rows[row].display_name} · {col.code}: {value}{earlier}"
        second = stats_sentence(model.stats(column), col.code, col.title)
        if not col.framework.totalled:
            second = NOT_TOTALLED_LINE
    return StatusWords(first, notice, True) if notice else StatusWords(first, second, False)


def layer_words(model: GridModel, row: int, column: int, value: str) -> tuple[str, str]:
    """A layer's cell as the status line says it: "LAU judged progress", "Expected progress"
    (a one-letter code in words)."""
    col = model.columns[column]
    assert col.period is not None and col.period.layer is not None
    code = model.code(row, column)
    said, _, rest = value.partition(", ")
    if code is not None and said == code.code and len(said) == 1:
        value = code.words + (f", {rest}" if rest else "")
    return f"{col.code} {col.period.layer.words}", value


MOVED = {Movement.UP: " ↑", Movement.SAME: " =", Movement.DOWN: " ↓"}
LINE_WIDTH = 78
"""The status line's room at 80 columns."""


def earlier_words(model: GridModel, row: int, column: int) -> str:
    """ " (Autumn 1: Below ↑)": what the pupil had at the assessment before, and whether the
    cell moved up, stayed or moved down since (a blank or an Absent: just what they had)."""
    found = earlier_cell(model, row, column)
    subject = model.columns[column].subject
    if found is None or subject is None:
        return ""
    period, then = found
    now = model.cell(row, column)
    then_read, now_read = Reading(then.value, then.number), Reading(now.value, now.number)
    moved = movement_between(subject, then_read, now_read, score_margin(model, subject))
    return f" ({period.name}: {then.describe()}{MOVED.get(moved, '')})"


def stats_sentence(stats: object, code: str, title: str) -> str:
    """The foot statistics of the cursor's column in words, percentages to 2 decimals."""
    if isinstance(stats, BandStats):
        below, at = stats.words
        return (
            f"{below} {stats.below:,} ({format_percent(stats.percent_below)}%) · {at} "
            f"{stats.at_or_above:,} ({format_percent(stats.percent_at_or_above)}%) "
            f"of {stats.pupils:,}"
        )
    if isinstance(stats, GroupStats):
        # Every group, though the foot shows two: "of N" would not fit 80 columns with four.
        return " · ".join(
            f"{group.words} {group.count:,} ({format_percent(group.percent)}%)"
            for group in stats.groups
        )
    if isinstance(stats, YesStats):
        return f"{code} {stats.yes:,} of {stats.pupils:,} ({format_percent(stats.percent_yes)}%)"
    if isinstance(stats, ScoreStats):
        if stats.mean is None:
            return f"{title}: no scores yet"
        bands = " ".join(f"{band.words} {band.count:,}" for band in stats.bands)
        return (
            f"Mean {format_percent(stats.mean)} of {stats.scored:,} scored · ≥{stats.threshold} "
            f"{stats.at_or_above:,} ({format_percent(stats.percent_at_or_above)}%) · {bands}"
        )
    if isinstance(stats, AverageStats):
        if stats.average is None:
            return f"{title}: none to average yet"
        counted = plural(stats.counted, "pupil")
        return f"{title}: average {format_percent(stats.average)} over {counted}"
    return ""


def absent_notice(model: GridModel | None, applied: Sequence[Change]) -> str | None:
    """What the Absent rule did beyond the typed goal, or None: choosing Absent sets all 17
    goals; another outcome in an Absent row blanks the other Absent goals."""
    effect = absent_effect(applied)
    if not effect.cleared and not effect.made_absent:
        return None

    def name(pupil_id: int) -> str:
        row = model.row_of(pupil_id) if model is not None else None
        return "A pupil" if row is None or model is None else model.rows[row].display_name

    if effect.cleared:
        if len(effect.cleared) == 1:
            pupil_id, count = next(iter(effect.cleared.items()))
            return (
                f"{name(pupil_id)}: no longer Absent, the other {count} goals are blank (u undoes)."
            )
        pupils = plural(len(effect.cleared), "pupil")
        return f"{pupils} were Absent: their other goals are now blank (u undoes)."
    if len(effect.made_absent) == 1:
        pupil_id, replaced = next(iter(effect.made_absent.items()))
        notice = f"{name(pupil_id)}: Absent in all 17 goals"
        if replaced:
            notice += f", replacing {plural(replaced, 'goal')}"
        return notice + " (u undoes)."
    return f"{plural(len(effect.made_absent), 'pupil')} are now Absent in all 17 goals (u undoes)."


STEP_NOUNS = {"fill column": "column fill", "fill row": "row fill", "gone beyond": "colour"}


def step_label(action: str, applied: Sequence[Change], model: GridModel | None) -> str:
    """What one step changed, for undo and redo to say: "the entry in Speaking for ADEYEMI,
    Olamide" for one change, "the column fill (21 changes)" for many."""
    noun = STEP_NOUNS.get(action, action)
    if len(applied) != 1:
        return f"the {noun} ({len(applied)} changes)"
    change = applied[0]
    if isinstance(change, JudgementChange | ElgChange):
        return f"the {noun} in {cell_name(change, model)}"
    return cell_name(change, model)


def cell_name(change: Change, model: GridModel | None) -> str:
    """Which cell a change is in, in words: "Speaking for ADEYEMI, Olamide"."""
    row = model.row_of(change.pupil_id) if model is not None else None
    pupil = model.rows[row].display_name if model is not None and row is not None else "a pupil"
    if isinstance(change, JudgementChange | ElgChange):
        section = change.period_id if isinstance(change, JudgementChange) else 0
        name = (
            model.subject_name(section, change.area_code) if model is not None else change.area_code
        )
        return f"{name} for {pupil}"
    if isinstance(change, PeriodNoteChange):
        return f"the Notes for {pupil}"
    return f"Include in Data for {pupil}"
