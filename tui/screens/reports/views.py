"""What the Reports screen shows of each report: table rows, the figure each cell stands for,
and the sentences of the status line (so the screen itself only wires keys to them)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from rich.text import Text

from store.core.words import plural
from store.curriculum.eyfs import AreaOfLearning
from store.curriculum.eyfs_to_ks1 import EYFS_TO_KS1, KS1_SIDE
from store.curriculum.percentages import format_percent, percent
from store.reports.reports import FullReport, Heading, NameList, full_report_names
from store.reports.subject_lines import AreaLine, Figure
from store.reports.venn import VENN_AREAS, VENN_FRAMEWORK, VennRegion, VennReport

if TYPE_CHECKING:
    from store.reports.elg_summary import ElgFigure, ElgSummary

# The ELG summary's module is imported by the functions that take one (so with the first ELG
# summary worked out): the Reports screen opens without it.


@dataclass(frozen=True)
class ReportChoice:
    """Which report the screen shows: the Full Report, one area's Venn, the ELG summary, the
    EYFS to KS1 table, or Progress between two assessments."""

    kind: str
    area: AreaOfLearning | None = None

    @property
    def label(self) -> str:
        if self.kind == "venn" and self.area is not None:
            return f"Venn: {self.area.name}"
        return {
            "full": "Full Report",
            "elg": "End of Year ELG summary",
            "eyfs-ks1": EYFS_TO_KS1,
            "progress": "Progress",
            "targets": "Targets",
        }[self.kind]

    @property
    def framework(self) -> str | None:
        """The framework (by id) whose assessments the report may be of: a Venn's is EYFS
        in-year, the EYFS to KS1 table's KS1 teacher assessment; the Full Report takes any
        (None)."""
        return {"venn": VENN_FRAMEWORK, "eyfs-ks1": KS1_SIDE.id}.get(self.kind)

    @property
    def key(self) -> str:
        """What the chooser shows first (and type-ahead finds)."""
        if self.kind == "venn" and self.area is not None:
            return self.area.short
        return {
            "full": "Full",
            "elg": "ELG",
            "eyfs-ks1": "KS1",
            "progress": "Prog",
            "targets": "Targets",
        }[self.kind]


FULL = ReportChoice("full")
ELG = ReportChoice("elg")
VENNS = tuple(ReportChoice("venn", area) for area in VENN_AREAS)
EYFS_KS1 = ReportChoice("eyfs-ks1")
PROGRESS = ReportChoice("progress")
TARGETS = ReportChoice("targets")
CHOICES = (FULL, *VENNS, ELG, EYFS_KS1, PROGRESS, TARGETS)


def fit(text: str, width: int) -> str:
    """`text` cut to `width` cells, with an ellipsis when cut."""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1) + "…"


def percent_text(value: Decimal) -> str:
    return f"{format_percent(value)}%"


# --- Full Report ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FullColumn:
    """A column of the Full Report's table and the figure its cells stand for."""

    header: str
    width: int
    """In cells; 0 for the subjects' names, which take what the terminal leaves."""
    figure: Figure
    group: int = 0
    """Which of the framework's own groups (Figure.GROUP)."""
    percent: bool = False
    """The figure's % of the pupils counted, not its number."""


COUNT_WIDTH = 5
"""The narrowest count column."""
PERCENT_WIDTH = 7
"""Room for "100.00%"."""
HEADER_MOST = 10
"""A group's columns are headed by its name ("On track", "% On track") up to this width; a
longer name by its first words ("Working" for Working towards) and "%"; the status line says
it whole. So a framework with a number subject still fits 80 columns."""


def _first_words(words: str, width: int) -> str:
    """As many of the words as fit in `width` (at least the first, cut if it must be)."""
    kept = ""
    for word in words.split():
        longer = f"{kept} {word}" if kept else word
        if len(longer) > width:
            break
        kept = longer
    return kept or fit(words, width)


def _group_columns(words: str, figure: Figure, group: int = 0) -> list[FullColumn]:
    """A group's count and % columns."""
    header = _first_words(words, HEADER_MOST)
    share = f"% {words}"
    if len(share) > HEADER_MOST:
        share = "%"
    return [
        FullColumn(header, max(COUNT_WIDTH, len(header)), figure, group),
        FullColumn(share, max(PERCENT_WIDTH, len(share)), figure, group, percent=True),
    ]


def full_columns(report: FullReport) -> tuple[FullColumn, ...]:
    """The subjects, the framework's two groups (count and %; its own reported groups when it
    names them: KS1's EXS+, GDS and below EXS), the pupils; then, when the framework has number
    subjects, their average mark (Enter there lists the marks)."""
    columns = [FullColumn(report.framework.subjects_title, 0, Figure.PUPILS)]
    if report.groups:
        for index, group in enumerate(report.groups):
            if group.reported:
                columns += _group_columns(group.words, Figure.GROUP, index)
    else:
        below, at_or_above = report.band_words
        columns += _group_columns(below, Figure.BELOW)
        columns += _group_columns(at_or_above, Figure.ON_TRACK)
    columns.append(FullColumn("Pupils", 6, Figure.PUPILS))
    if report.has_numbers:
        columns.append(FullColumn("Average", 7, Figure.MARKED))
    return tuple(columns)


def full_name_width(screen_width: int, columns: tuple[FullColumn, ...]) -> int:
    """Room for the subjects' names: the rest of the line after the figures (each column has
    one cell of padding each side) and a scrollbar."""
    others = sum(column.width for column in columns) + 2 * len(columns) + 2
    return max(16, min(38, screen_width - others))


def _full_cell(line: AreaLine, column: FullColumn) -> str:
    """A figure of the table: a number subject shows its pupils and average mark only."""
    if column.figure is Figure.MARKED:
        average = line.average_mark if line.is_number else None
        return "" if average is None else format_percent(average)
    if column.figure is Figure.PUPILS:
        return str(line.pupil_count)
    if line.is_number or (line.derived and column.figure is Figure.GROUP):
        return ""
    count = len(line.names(column.figure, column.group))
    return percent_text(percent(count, line.pupil_count)) if column.percent else str(count)


def full_rows(report: FullReport, name_width: int) -> list[list[Text]]:
    """A line per subject; a number subject's groups are blank, its average mark last."""
    figures = full_columns(report)[1:]
    return [
        [Text(fit(line.area.name, name_width))]
        + [Text(_full_cell(line, column), justify="right") for column in figures]
        for line in report.lines
    ]


def _full_column(report: FullReport, column: int) -> FullColumn:
    columns = full_columns(report)
    return columns[column] if column < len(columns) else columns[0]


def full_figure(report: FullReport, row: int, column: int) -> Figure:
    """The figure a cell stands for (the subject's name: every pupil counted; a number
    subject's blank groups: its marks)."""
    figure = _full_column(report, column).figure
    line = report.lines[row]
    if line.is_number and figure in (Figure.BELOW, Figure.ON_TRACK, Figure.GROUP):
        return Figure.MARKED
    if (not line.is_number and figure is Figure.MARKED) or (
        line.derived and figure is Figure.GROUP
    ):
        return Figure.PUPILS
    return figure


def full_names(report: FullReport, row: int, column: int) -> NameList:
    figure = full_figure(report, row, column)
    group = _full_column(report, column).group
    return full_report_names(report, report.lines[row].area.code, figure, group)


def full_sentence(report: FullReport, row: int, column: int) -> str:
    line = report.lines[row]
    name = line.area.name
    figure = full_figure(report, row, column)
    below, at_or_above = report.band_words
    among = " with an outcome" if line.derived else ""
    if line.is_number:
        average = line.average_mark
        said = "no marks yet" if average is None else f"average mark {format_percent(average)}"
        return f"{name}: {line.marked_count:,} of {line.pupil_count:,} pupils with a mark, {said}"
    if figure is Figure.BELOW:
        what = f"{line.below_count} {below} ({percent_text(line.percent_below)})"
    elif figure is Figure.ON_TRACK:
        what = f"{line.on_track_count} {at_or_above} ({percent_text(line.percent_on_track)})"
    elif figure is Figure.GROUP:
        group = _full_column(report, column).group
        count = len(line.names(figure, group))
        share = percent_text(percent(count, line.pupil_count))
        what = f"{count} {report.groups[group].words} ({share})"
    elif report.groups and not line.derived:
        counted = ", ".join(
            f"{len(pupils)} {group.words}"
            for group, pupils in zip(report.groups, line.groups, strict=True)
        )
        return f"{name}: {plural(line.pupil_count, 'pupil')} ({counted}; {line.blank_count} blank)"
    else:
        others = f", {len(line.neither)} with another code" if line.neither else ""
        blank = f", {line.blank_count} blank" if not line.derived else ""
        return (
            f"{name}: {plural(line.pupil_count, 'pupil')}{among} ({line.below_count} {below}, "
            f"{line.on_track_count} {at_or_above}{others}{blank})"
        )
    return f"{name}: {what} of {line.pupil_count:,}{among}"


# --- End of Year ELG summary ---------------------------------------------------------------

ELG_HEADERS = ("Figure", "Pupils", "Of", "%", "Average")
ELG_WIDTHS = (0, 6, 5, 8, 7)


def elg_label_width(screen_width: int) -> int:
    others = sum(ELG_WIDTHS) + 2 * len(ELG_WIDTHS) + 2
    return max(20, min(50, screen_width - others))


@dataclass(frozen=True)
class ElgRow:
    """One line of the ELG summary table and the figure behind it."""

    label: str
    pupils: int
    of: int | None
    percent: str
    average: str
    figure: ElgFigure
    area_code: str | None = None
    sentence: str = ""


def elg_rows(summary: ElgSummary) -> list[ElgRow]:
    from store.reports.elg_summary import ElgFigure

    counted = len(summary.pupils)
    scored = len(summary.scored)
    rows = [
        ElgRow(
            "Good Level of Development",
            len(summary.gld),
            counted,
            percent_text(summary.gld_percent),
            "",
            ElgFigure.GLD,
            sentence=f"Good Level of Development: {len(summary.gld):,} of {counted:,} pupils "
            f"({percent_text(summary.gld_percent)})",
        ),
        ElgRow(
            "Average ELG total score",
            scored,
            counted,
            "",
            _average(summary.average_score),
            ElgFigure.AVERAGE_SCORE,
            sentence=f"Average ELG total score {_average(summary.average_score) or 'none'} over "
            f"the {plural(scored, 'pupil')} with all 17 goals Emerging or Expected",
        ),
        ElgRow(
            "Average goals at Expected",
            scored,
            counted,
            "",
            _average(summary.average_at_expected),
            ElgFigure.AVERAGE_EXPECTED,
            sentence=f"Average number of goals at Expected "
            f"{_average(summary.average_at_expected) or 'none'} over the {plural(scored, 'pupil')} "
            "with "
            "all 17 goals Emerging or Expected",
        ),
        ElgRow(
            "Not (yet) at GLD",
            counted - len(summary.gld),
            counted,
            "",
            "",
            ElgFigure.NOT_GLD,
            sentence="Pupils without a Good Level of Development yet (Emerging, Absent or "
            "incomplete)",
        ),
    ]
    for line in summary.goals:
        rows.append(
            ElgRow(
                f"Expected: {line.area.name}",
                len(line.expected),
                line.pupils,
                percent_text(line.percent_expected),
                "",
                ElgFigure.EXPECTED,
                line.area.code,
                sentence=f"{line.area.name}: {len(line.expected):,} of {line.pupils:,} pupils "
                f"Expected ({percent_text(line.percent_expected)})",
            )
        )
    rows.append(
        ElgRow(
            "Pupils counted",
            counted,
            None,
            "",
            "",
            ElgFigure.PUPILS,
            sentence=f"{plural(counted, 'pupil')} counted",
        )
    )
    return rows


def _average(value: Decimal | None) -> str:
    return "" if value is None else format_percent(value)


def elg_table_rows(rows: list[ElgRow], label_width: int) -> list[list[Text]]:
    return [
        [
            Text(fit(row.label, label_width)),
            Text(str(row.pupils), justify="right"),
            Text("" if row.of is None else str(row.of), justify="right"),
            Text(row.percent, justify="right"),
            Text(row.average, justify="right"),
        ]
        for row in rows
    ]


def elg_row_names(summary: ElgSummary, row: ElgRow) -> NameList:
    from store.reports.elg_summary import elg_names

    return elg_names(summary, row.figure, row.area_code)


# --- Venn ----------------------------------------------------------------------------------


def venn_legend(report: VennReport) -> str:
    """One line per goal (its code, name and whole circle), then who is counted."""
    total = len(report.pupils)
    lines = []
    for goal in report.goals:
        inside = len(report.on_track_in(goal.code))
        share = percent_text(percent(inside, total))
        lines.append(f" {goal.code:<4}{goal.name}: {inside:,} of {total:,} on track ({share})")
    counted = (
        f" {plural(total, 'pupil')} counted; a number (1-{len(report.regions)}) or Enter lists"
    )
    lines.append(counted + " a region's pupils")
    return "\n".join(lines)


def venn_sentence(report: VennReport, region: VennRegion) -> str:
    """ "4 SR+MS: 3 of 29 (10.34%) On track in Self-Regulation and Managing Self, not ..."."""
    names = {goal.code: goal.name for goal in report.goals}
    if region.goals:
        inside = _and([names[code] for code in names if code in region.goals])
        outside = [names[code] for code in names if code not in region.goals]
        what = f"On track in {inside}"
        if outside:
            what += f", not {' or '.join(outside)}"
    else:
        what = "On track in none of them"
    number = report.regions.index(region) + 1
    figures = f"{region.count:,} of {region.total:,} ({percent_text(region.percent)})"
    return f"{number} {region.label}: {figures} {what}"


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def screen_line(heading: Heading, choice: ReportChoice) -> str:
    """The report first (Venns by their short name), then year, group, period and class."""
    parts = [f"Venn: {choice.key}" if choice.kind == "venn" else choice.label]
    parts += [heading.academic_year, heading.year_group]
    if heading.period:
        parts.append(heading.period)
    if not heading.many:  # over many establishments always all classes: room for the period
        parts.append(heading.class_label)
    return " · ".join(parts)
