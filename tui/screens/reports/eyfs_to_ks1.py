"""What the Reports screen shows of the EYFS to KS1 table: its columns, rows, the figure each cell
stands for and the status line's sentence (the body widget only wires them to a table)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from store.core.words import plural
from store.curriculum.eyfs_to_ks1 import EYFS_EXPECTED, KS1_MEASURE
from store.reports.eyfs_to_ks1 import Cross, EyfsToKs1, eyfs_to_ks1_names
from store.reports.reports import NameList
from tui.screens.reports.views import fit, percent_text


@dataclass(frozen=True)
class CrossColumn:
    header: str
    width: int
    """In cells; 0 for the subjects' names, which take what the terminal leaves."""
    figure: Cross


def cross_columns() -> tuple[CrossColumn, ...]:
    """The subject, Expected at the end of Reception, EXS+ at KS1, the four crossings and no
    ELG result (which add up to the pupils), then the pupils."""
    expected, measure = EYFS_EXPECTED.words[:3], KS1_MEASURE.words
    headers = (
        ("Subject", Cross.PUPILS),
        (expected, Cross.EXPECTED),
        (measure, Cross.KS1),
        ("Both", Cross.BOTH),
        (f"{expected} only", Cross.EXPECTED_ONLY),
        (f"{measure} only", Cross.KS1_ONLY),
        ("Neither", Cross.NEITHER),
        ("No EYFS", Cross.NO_EYFS),
        ("Pupils", Cross.PUPILS),
    )
    return tuple(
        CrossColumn(header, 0 if index == 0 else max(4, len(header)), figure)
        for index, (header, figure) in enumerate(headers)
    )


def cross_name_width(screen_width: int) -> int:
    """Room for the subjects' names after the figures (a cell of padding each side of each
    column) and a scrollbar: "Mathematics" at 80 columns."""
    columns = cross_columns()
    others = sum(column.width for column in columns) + 2 * len(columns) + 2
    return max(11, min(30, screen_width - others))


def cross_rows(report: EyfsToKs1, name_width: int) -> list[list[Text]]:
    figures = cross_columns()[1:]
    return [
        [Text(fit(line.pair.subject_name, name_width))]
        + [Text(str(line.count(column.figure)), justify="right") for column in figures]
        for line in report.lines
    ]


def cross_figure(column: int) -> Cross:
    columns = cross_columns()
    return columns[column].figure if 0 <= column < len(columns) else Cross.PUPILS


def cross_names(report: EyfsToKs1, row: int, column: int) -> NameList:
    return eyfs_to_ks1_names(report, report.lines[row].pair.subject, cross_figure(column))


def cross_sentence(report: EyfsToKs1, row: int, column: int) -> str:
    """ "Reading: 5 of 29 (17.24%) Expected in Word Reading and Comprehension and EXS+"."""
    line = report.lines[row]
    pair = line.pair
    figure = cross_figure(column)
    goals = " and ".join(pair.goal_names)
    expected, measure = EYFS_EXPECTED.words, KS1_MEASURE.words
    if figure is Cross.PUPILS:
        without = f", {report.without_elgs} without ELGs" if report.without_elgs else ""
        return f"{pair.subject_name} from {goals}: {plural(len(line.pupils), 'pupil')}{without}"
    what = {
        Cross.EXPECTED: f"{expected} in {goals} at the end of Reception",
        Cross.KS1: f"{measure} in {pair.subject_name}",
        Cross.BOTH: f"{expected} in {goals} and {measure}",
        Cross.EXPECTED_ONLY: f"{expected} in {goals}, not {measure}",
        Cross.KS1_ONLY: f"{measure}, not {expected} in {goals}",
        Cross.NEITHER: f"not {expected} in {goals}, not {measure}",
        Cross.NO_EYFS: f"no End of Year ELG result in {goals}",
    }[figure]
    share = percent_text(line.percent(figure))
    return f"{pair.subject_name}: {line.count(figure)} of {len(line.pupils)} ({share}) {what}"
