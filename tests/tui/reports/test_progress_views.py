"""What the Progress view shows of a report ranked by points and marks (tests/store/
progress_school.py's points_report): the average gained and its sentence, the pupils behind it,
and a line that fits 80 columns."""

from __future__ import annotations

from store.progress.transitions import Movement
from tests.store.progress_school import points_report
from tui.screens.reports.progress import (
    progress_columns,
    progress_name_width,
    progress_names,
    progress_rows,
    progress_sentence,
)


def test_codes_with_points_and_marks_show_the_average_gained() -> None:
    report = points_report()
    columns = progress_columns(report)
    assert [column.header for column in columns] == [
        "Subjects",
        "Up",
        "Same",
        "Down",
        "Not compared",
        "Pupils",
        "Avg gained",
    ]
    width = progress_name_width(80, columns)
    # Each column has a cell of padding each side, and the scrollbar takes 2: 80 in all.
    assert width + sum(column.width for column in columns) + 2 * len(columns) + 2 == 80
    rows = [[str(cell) for cell in row] for row in progress_rows(report, width)]
    assert rows == [
        ["Reading", "1", "1", "1", "1", "4", "0.00"],
        ["Writing", "0", "0", "0", "4", "4", ""],
        ["Mathematics", "0", "0", "0", "4", "4", ""],
        ["Phonics mark", "1", "0", "1", "2", "4", "2.50"],
    ]
    assert progress_sentence(report, 0, 6) == (
        "Reading: average points gained 0.00 (-1: 1 · +0: 1 · +1: 1)"
    )
    assert (
        progress_sentence(report, 3, 6)
        == "Phonics mark: average marks gained 2.50 (-5: 1 · +10: 1)"
    )
    assert progress_sentence(report, 3, 3) == ("Phonics mark: 1 of 2 compared (50.00%) moved down")
    assert progress_sentence(report, 0, 4) == (
        "Reading: 1 of 4 not compared (blank, or not a step, then or now)"
    )
    gained = progress_names(report, 3, 6)
    assert gained is not None
    assert [pupil.surname for pupil in gained.pupils] == ["=SUM(A1)", "Brown"]
    assert (gained.detail_title, gained.details) == ("Marks gained", ("+10", "-5"))
    assert progress_names(report, 0, 0) is None  # the subject's name: its table
    down = progress_names(report, 0, 3)
    assert down is not None and down.details == ("EXS → WTS",)
    assert down.why(down.pupils[0].id)[0] == (
        "Reading: EXS (Expected standard) in Autumn, WTS (Working towards) in Summer: moved down."
    )
    assert report.subjects[0].moved(Movement.NOT_COMPARED) == [4]
