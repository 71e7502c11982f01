"""The assessments grid as an Excel sheet: "Screen data" writes exactly what the grid shows."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from exports.cells import put
from exports.sheet_style import (
    AVERAGE_FORMAT,
    GLD_NO_FILL,
    GLD_YES_FILL,
    GONE_BEYOND_FILLS,
    HEADER_FONT,
    PERCENT_FORMAT,
    StyleCache,
    Title,
    fit_widths,
    fraction,
    freeze,
    save_workbook,
    write_header,
    write_title,
)
from store.assessments.cohort import load_cohort
from store.assessments.grid_model import ColumnKind, GridModel
from store.core.access import Actor
from store.core.db import Database
from store.curriculum.codes import Band, Code
from store.curriculum.dates import format_academic_year
from store.curriculum.eyfs import GoneBeyond, YearGroup
from store.curriculum.framework import Framework
from store.curriculum.layers import Layer
from store.curriculum.statistics import AverageStats, BandStats, GroupStats, ScoreStats, YesStats
from store.establishments.establishments import EstablishmentInfo
from store.pupils.filters import PupilFilter
from store.pupils.profile import get_profile

NOTE_AND_COLOUR_KEY = "* the cell has a note (shown as a comment)"
GONE_BEYOND_KEY = "+G +B +P +Y gone beyond (green, blue, purple, yellow, also as the cell's colour)"
# Dark tints of the grid's red and green text, readable on white paper.
BELOW_FONT = Font(color="C00000", bold=True)
ON_TRACK_FONT = Font(color="006100")
EXCLUDED_FONT = Font(color="808080", italic=True)
NOTE_ALIGNMENT = Alignment(wrap_text=False, vertical="top")
BAND_FONTS: dict[Band, Font] = {
    Band.BELOW: BELOW_FONT,
    Band.AT: ON_TRACK_FONT,
    Band.ABOVE: Font(color="006100", bold=True),
}


def legend(shown: list[Framework]) -> str:
    """The key under the sheet: the codes of the frameworks shown, notes, gone beyond."""
    codes: dict[str, Code] = {}
    for framework in shown:
        for subject in framework.subjects:
            for code in subject.codes:
                codes.setdefault(code.short, code)
    parts = [", ".join(f"{short} {code.words}" for short, code in codes.items())]
    parts += [
        f"{derived.name}: {derived.key}"
        for framework in shown
        for derived in framework.derived
        if derived.key
    ]
    parts.append(NOTE_AND_COLOUR_KEY)
    if any(framework.gone_beyond for framework in shown):
        parts.append(GONE_BEYOND_KEY)
    return (
        "Key: "
        + "; ".join(part for part in parts if part)
        + ". Figures count pupils included in data."
    )


@dataclass(frozen=True)
class GridChoices:
    """What the user chose on the Assessments screen besides the cohort."""

    pupil_filter: PupilFilter = field(default_factory=PupilFilter)
    hidden_periods: frozenset[int] = frozenset()
    show_elg: bool = False
    wide: bool = False
    layer: Layer | None = None
    """The layer shown in the periods' place (targets, judged progress); None: them."""


def beyond_text(beyond: GoneBeyond, wide: bool) -> str:
    return f" +{beyond.label}" if wide else f"+{beyond.label[0]}"


def write_grid_sheet(
    sheet: Worksheet,
    model: GridModel,
    title: Title,
    wide: bool = False,
    year_groups: Mapping[int, YearGroup] | None = None,
) -> None:
    """Write the grid of `model` on `sheet`: title, 3 header rows, pupils, foot statistics.

    Args:
        sheet: An empty sheet.
        model: The rows and columns to write, as the grid shows them.
        title: The title block.
        wide: Values as words ("On track") rather than letters ("O"), as the grid's wide mode.
        year_groups: Each pupil id's year group, for a "Year group" column (All data).
    """
    top = write_title(sheet, title)
    fixed = ["Pupil", *(["Year group"] if year_groups is not None else []), "Inc"]
    first = len(fixed) + 1
    styles = StyleCache()
    _write_headers(sheet, model, top, fixed, first, year_groups is not None, styles)
    body = top + 3
    _write_body(sheet, model, body, first, wide, year_groups, styles)
    foot = body + len(model.rows)
    last = _write_foot(sheet, model, foot, first)
    put(sheet, last + 1, 1, legend(model.frameworks_shown))
    freeze(sheet, top + 2, len(fixed))
    fit_widths(sheet, from_row=top + 2, header_rows=[top + 2])
    # The legend runs over the columns beside it: the names and foot labels set column A.
    names = [len(pupil.display_name) + 2 for pupil in model.rows]
    sheet.column_dimensions["A"].width = min(40, max([23, *names]))


def _write_headers(
    sheet: Worksheet,
    model: GridModel,
    top: int,
    fixed: list[str],
    first: int,
    name_groups: bool,
    styles: StyleCache,
) -> None:
    write_header(sheet, top, [""] * len(fixed), styles=styles)
    counted = [""] * (len(fixed) - 1) + [f"{len(model.rows):,} pupils"]
    write_header(sheet, top + 1, counted, styles=styles)
    write_header(sheet, top + 2, fixed, styles=styles)
    elg = model.cohort.elg
    sections = []
    for column in model.columns:
        label = column.section_label
        if name_groups and column.period is not None:
            label += f" ({', '.join(group.label for group in column.period.year_groups)})"
        if column.period is None and elg is not None:
            label = elg.label
        sections.append(label)
    write_header(sheet, top, sections, first, styles)
    # An area of learning is named over its first column only: merging each of them (7 a
    # period) costs openpyxl more than the rest of the header, and the short names fit.
    groups = [
        column.group_label
        if index == 0 or _group_key(model, index - 1) != _group_key(model, index)
        else ""
        for index, column in enumerate(model.columns)
    ]
    write_header(sheet, top + 1, groups, first, styles)
    write_header(sheet, top + 2, [column.code for column in model.columns], first, styles)
    # A period's (or the ELGs') label spans its columns, as on screen.
    start = 0
    for index in range(1, len(model.columns) + 1):
        if index == len(model.columns) or _section_key(model, index) != _section_key(model, start):
            if index - start > 1:
                sheet.merge_cells(
                    start_row=top,
                    start_column=first + start,
                    end_row=top,
                    end_column=first + index - 1,
                )
            start = index


def _section_key(model: GridModel, index: int) -> int:
    return model.columns[index].section_key


def _group_key(model: GridModel, index: int) -> tuple[int, str]:
    column = model.columns[index]
    return (column.section_key, column.group_label or f"#{index}")


def _write_body(
    sheet: Worksheet,
    model: GridModel,
    row: int,
    first: int,
    wide: bool,
    year_groups: Mapping[int, YearGroup] | None,
    styles: StyleCache,
) -> None:
    for index, pupil in enumerate(model.rows):
        at = row + index
        name = put(sheet, at, 1, pupil.display_name)
        if year_groups is not None:
            put(sheet, at, 2, year_groups[pupil.id].label)
        include = put(sheet, at, first - 1, "Yes" if pupil.include_in_data else "No")
        if not pupil.include_in_data:
            styles.apply(name, "excluded", font=EXCLUDED_FONT)
            styles.apply(include, "excluded", font=EXCLUDED_FONT)
    # A column at a time, and only its cells that hold something: most of a phase's cells
    # are blank (a pupil has values only in their own year group's periods).
    for index in range(len(model.columns)):
        writer, filled = _cell_writer(model, index, wide, styles)
        for pupil_row in filled:
            writer(sheet, row + pupil_row, first + index, pupil_row)


CellWriter = Callable[[Worksheet, int, int, int], None]


def _cell_writer(
    model: GridModel, index: int, wide: bool, styles: StyleCache
) -> tuple[CellWriter, list[int]]:
    """How to write one column's cells (chosen once per column, not per cell), and the rows
    whose cells hold something."""
    kind = model.columns[index].kind
    if kind in (ColumnKind.JUDGEMENT, ColumnKind.ELG):
        cells = model.column_cells(index)
        subject = model.columns[index].subject
        assert subject is not None
        codes = subject.codes

        def value(sheet: Worksheet, at: int, column: int, row: int) -> None:
            cell = cells[row]
            if cell.is_blank:
                return
            code = codes.by_stored(cell.value) if cell.value is not None else None
            if cell.number is not None:
                text: str | int = cell.number
            elif code is not None:
                text = code.words if wide else code.short
            else:
                text = str.__str__(cell.value) if cell.value else ""
            if cell.gone_beyond:
                text = f"{text}{beyond_text(cell.gone_beyond, wide)}"
            if cell.note:
                text = f"*{text}"
            target = put(sheet, at, column, text)
            look: dict[str, object] = {}
            if code is not None and code.band in BAND_FONTS:
                look["font"] = BAND_FONTS[code.band]
            if cell.gone_beyond:
                look["fill"] = GONE_BEYOND_FILLS[cell.gone_beyond]
            if look:
                styles.apply(target, (code.band if code else None, cell.gone_beyond), **look)
            if cell.note:
                target.comment = Comment(cell.note, "Pupil Tracker")

        return value, [row for row, cell in enumerate(cells) if not cell.is_blank]
    if kind is ColumnKind.DERIVED:

        def derived(sheet: Worksheet, at: int, column: int, row: int) -> None:
            found = model.derived(row, index)
            if isinstance(found, bool):
                target = put(sheet, at, column, model.derived_said(row, index))
                styles.apply(target, ("yes", found), fill=GLD_YES_FILL if found else GLD_NO_FILL)
            else:
                put(sheet, at, column, found)

        every = range(len(model.rows))
        return derived, [row for row in every if model.derived(row, index) is not None]

    def notes(sheet: Worksheet, at: int, column: int, row: int) -> None:
        text = model.period_note(row, index)
        if text:
            styles.apply(put(sheet, at, column, text), "note", alignment=NOTE_ALIGNMENT)

    return notes, [row for row in range(len(model.rows)) if model.period_note(row, index)]


FootValue = int | Decimal | None
FOOT_AVERAGE = ("Average", "Pupils counted")


def foot_rows(model: GridModel) -> list[tuple[str, list[FootValue]]]:
    """The foot statistics as (label, one value per column) rows: the grid's foot figures,
    two rows for each counted group of each framework shown (number and %: EYFS's two groups,
    KS1's four), then the averages."""
    rows: list[tuple[str, list[FootValue]]] = []
    stats = [model.stats(index) for index in range(len(model.columns))]
    owners = [column.framework.id for column in model.columns]
    for framework in model.frameworks_shown:
        labels = [
            label
            for group in framework.counted_groups
            for label in (f"Total number {group.words}", f"% {group.words}")
        ]
        for line, label in enumerate(labels):
            figures = [
                _band_figure(item, line) if owner == framework.id else None
                for item, owner in zip(stats, owners, strict=True)
            ]
            if any(figure is not None for figure in figures):
                rows.append((label, figures))
    averages = [item for item in stats if isinstance(item, AverageStats)]
    if averages:
        rows.append(
            (FOOT_AVERAGE[0], [i.average if isinstance(i, AverageStats) else None for i in stats])
        )
        rows.append(
            (FOOT_AVERAGE[1], [i.counted if isinstance(i, AverageStats) else None for i in stats])
        )
    scores = [item for item in stats if isinstance(item, ScoreStats)]
    if scores:  # as on screen: at or above the establishment's threshold, the mean, how many
        threshold = scores[0].threshold
        score_lines: list[tuple[str, Callable[[ScoreStats], FootValue]]] = [
            (f"Total number ≥{threshold}", lambda s: s.at_or_above),
            (f"% ≥{threshold}", lambda s: s.percent_at_or_above),
            ("Mean score", lambda s: s.mean),
            ("Number scored", lambda s: s.scored),
        ]
        for label, figure in score_lines:
            rows.append((label, [figure(i) if isinstance(i, ScoreStats) else None for i in stats]))
    return rows


def _band_figure(stats: object, line: int) -> FootValue:
    """Line 2n is the number in the n-th counted group, 2n + 1 its %."""
    if isinstance(stats, BandStats | GroupStats):
        if line // 2 >= len(stats.groups):
            return None
        group = stats.groups[line // 2]
        return group.percent if line % 2 else group.count
    if isinstance(stats, YesStats) and line < 4:
        # As on screen: a Yes/No column's Yes count sits with the at-or-above figures.
        return (None, None, stats.yes, stats.percent_yes)[line]
    return None


def _write_foot(sheet: Worksheet, model: GridModel, row: int, first: int) -> int:
    """Write the foot rows from `row`; return the row of "Displaying N pupils"."""
    for label, values in foot_rows(model):
        put(sheet, row, 1, label).font = HEADER_FONT
        for offset, value in enumerate(values):
            if value is not None:
                _foot_cell(sheet, row, first + offset, label, value)
        row += 1
    put(sheet, row, 1, f"Displaying {len(model.rows):,} pupils").font = HEADER_FONT
    return row


def _foot_cell(sheet: Worksheet, row: int, column: int, label: str, value: int | Decimal) -> None:
    """A foot figure as a number: "% ..." rows as fractions shown as percentages (23.33% holds
    0.2333, as in every report workbook), the average score with 2 decimals, counts as is."""
    if label.startswith("%") and isinstance(value, Decimal):
        put(sheet, row, column, fraction(value)).number_format = PERCENT_FORMAT
    elif isinstance(value, Decimal):
        put(sheet, row, column, float(value)).number_format = AVERAGE_FORMAT
    else:
        put(sheet, row, column, value)


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def screen_title(
    establishment: EstablishmentInfo,
    model: GridModel,
    filter_text: str,
    made_at: datetime,
) -> Title:
    """The title block of Screen data: cohort, filter and the assessments shown or hidden."""
    cohort = model.cohort
    shown = [p.name for p in cohort.periods if p.id not in model.hidden_periods]
    hidden = len(cohort.periods) - len(shown)
    line = "Assessments shown: " + (", ".join(shown) if shown else "none")
    if model.layer is not None:
        line = f"The {model.layer.words} of the assessments shown: " + ", ".join(shown)
    if hidden:
        line += f" ({hidden} hidden)"
    if cohort.elg is not None:
        line += "; End of Year ELGs " + ("shown" if model.show_elg else "hidden")
    return Title(
        heading="Assessments: Screen data",
        establishment=establishment.title,
        year=format_academic_year(cohort.academic_year),
        made_at=made_at,
        group=cohort.year_group.label,
        filter=filter_text,
        extra=(line,),
    )


def export_screen_data(
    db: Database,
    actor: Actor,
    establishment: EstablishmentInfo,
    academic_year: int,
    year_group: YearGroup,
    choices: GridChoices,
    path: Path,
    made_at: datetime | None = None,
) -> Path:
    """Write what the Assessments grid shows for these choices to `path` (.xlsx).

    The cohort is read afresh: every change in the grid is saved as it is made, so this is
    what the screen shows, without touching the screen's own objects from another thread.

    Raises:
        PermissionDenied: `actor` may not see this establishment.
        OSError: the file cannot be written (nothing is left behind).
    """
    cohort = load_cohort(db, actor, establishment.id, academic_year, year_group)
    rows = None if choices.pupil_filter.is_empty else choices.pupil_filter.apply(cohort.pupils)
    model = GridModel(cohort, rows, choices.hidden_periods, choices.show_elg, choices.layer)
    profile = get_profile(db, actor, establishment.id)
    description = choices.pupil_filter.describe(profile.custom_names, profile.class_names)
    filter_text = f"{description} · {len(model.rows):,} of {len(cohort.pupils):,} pupils"
    title = screen_title(establishment, model, filter_text, made_at or now_utc())
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet.title = "Screen data"
    write_grid_sheet(sheet, model, title, choices.wide)
    return save_workbook(workbook, path)
