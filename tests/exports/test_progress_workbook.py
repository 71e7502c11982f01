"""The Progress workbook read back: the summary per subject (with the points and marks gained),
each subject's transition table, every pupil's values and why; text that looks like a formula
stays text."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from exports.progress_workbook import write_progress
from tests.store.progress_school import points_report


def test_the_workbook_holds_the_summary_the_tables_and_every_pupil(tmp_path: Path) -> None:
    path = write_progress(points_report(), tmp_path / "progress.xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Summary", "Transition tables", "Pupils"]

    summary = workbook["Summary"]
    assert str(summary["A1"].value).startswith(
        "Progress · Autumn to Summer · 2042 - BEECH · 2025/2026 · Year 1"
    )
    rows = [list(row) for row in summary.iter_rows(min_row=3, values_only=True)]
    assert rows[0] == [
        "Subject",
        "Moved up",
        "% Moved up",
        "Same",
        "% Same",
        "Moved down",
        "% Moved down",
        "Not compared",
        "Compared",
        "Num Pupils",
        "Average gained",
        "Pupils by gain",
    ]
    third = 0.3333  # 33.33%: a percentage to 2 places, as every report's
    assert rows[1][:10] == ["Reading", 1, third, 1, third, 1, third, 1, 3, 4]
    assert rows[1][10:] == [0.0, "-1: 1 · +0: 1 · +1: 1"]
    assert rows[2] == ["Writing", 0, 0.0, 0, 0.0, 0, 0.0, 4, 0, 4, None, None]
    assert rows[4] == ["Phonics mark", 1, 0.5, 0, 0.0, 1, 0.5, 2, 2, 4, 2.5, "-5: 1 · +10: 1"]
    assert summary.cell(5, 3).number_format == "0.00%"
    assert summary.cell(5, 11).number_format == "0.00"

    tables = [list(row) for row in workbook["Transition tables"].iter_rows(values_only=True)]
    start = next(index for index, row in enumerate(tables) if row[0] == "Reading")
    # Reading's codes some pupil had (WTS, EXS, GDS, ABS; not DIS), then blank, and a total.
    assert tables[start + 1][:7] == [
        "Autumn \\ Summer",
        "WTS",
        "EXS",
        "GDS",
        "ABS",
        "Blank",
        "Total",
    ]
    assert tables[start + 2][:7] == ["WTS", 0, 1, 0, 0, 0, 1]
    assert tables[start + 3][:7] == ["EXS", 1, 0, 0, 0, 0, 1]
    assert tables[start + 4][:7] == ["GDS", 0, 0, 1, 0, 0, 1]
    assert tables[start + 5][:7] == ["ABS", 0, 1, 0, 0, 0, 1]
    assert tables[start + 6][:7] == ["Blank", 0, 0, 0, 0, 0, 0]
    marks = next(index for index, row in enumerate(tables) if row[0] == "Phonics mark")
    assert tables[marks + 1][:5] == ["Autumn \\ Summer", "Mark", "ABS", "Blank", "Total"]
    assert tables[marks + 2][:5] == ["Mark", 2, 1, 0, 3]

    pupils = workbook["Pupils"]
    header = [cell for cell in next(pupils.iter_rows(min_row=3, max_row=3, values_only=True))]
    assert header == [
        "Pupil",
        "UPN",
        "Class",
        "Subjects moved down",
        "Subject",
        "Then",
        "Now",
        "Movement",
        "Gained",
        "Why",
    ]
    lines = [list(row) for row in pupils.iter_rows(min_row=4, values_only=True)]
    assert len(lines) == 4 * 4  # every pupil, every subject
    # Brown first: two subjects down (the progress meeting's order).
    assert lines[0] == [
        "BROWN, Amy",
        "K999900000001",
        "Class 1",
        2,
        "Reading",
        "EXS",
        "WTS",
        "Moved down",
        -1,
        "EXS (Expected standard) in Autumn, WTS (Working towards) in Summer: moved down",
    ]
    assert lines[3][4:9] == ["Phonics mark", 30, 25, "Moved down", -5]
    formula = [line for line in lines if str(line[0]).startswith("=")]
    assert formula[0][0] == "=SUM(A1), Amy"
    cell = next(c for c in pupils["A"] if c.value == "=SUM(A1), Amy")
    assert cell.data_type == "s" and cell.quotePrefix
