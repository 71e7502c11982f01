"""Column widths and header rows: a printed sheet shows every header whole."""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from exports.sheet_style import (
    HEADER_WIDTH,
    LINE_HEIGHT,
    fit_widths,
    header_width,
    wrapped,
    write_header,
)


def test_a_header_needs_the_width_that_wraps_it_onto_two_lines() -> None:
    assert header_width("Total Number Below") == 12  # "Total Number" over "Below"
    assert wrapped("Total Number Below", 12) == ["Total Number", "Below"]
    assert header_width("% On-Track") == 10  # short: one line
    assert header_width("Establishment number") == 13  # "Establishment" over "number"
    assert header_width("Pupil") == 5
    assert header_width("") == 0
    # A long header stops at HEADER_WIDTH and wraps onto more lines instead.
    long = "% On-Track Listening, Attention and Understanding"
    assert header_width(long) == HEADER_WIDTH
    assert len(wrapped(long, HEADER_WIDTH)) == 3
    # Never narrower than its longest word (Excel does not break inside one).
    assert header_width("Supercalifragilisticexpialidocious") == 34
    assert header_width("Gross Motor Skills", lines=3) == 6


def header_fits(sheet: Worksheet, row: int) -> None:
    """Every header in `row` fits its column's width in the row's height."""
    height = sheet.row_dimensions[row].height or LINE_HEIGHT
    for cell in sheet[row]:
        if cell.value is None:
            continue
        width = sheet.column_dimensions[get_column_letter(cell.column)].width
        lines = wrapped(str(cell.value), int(width) - 2)
        assert max(len(line) for line in lines) <= width - 2, cell.value
        assert len(lines) * LINE_HEIGHT <= height, cell.value


def test_fit_widths_widens_columns_for_headers_and_heightens_the_header_row() -> None:
    sheet = Workbook().active
    assert isinstance(sheet, Worksheet)
    headers = ["Areas of Development", "Total Number Below", "% Below", "Num Pupils"]
    write_header(sheet, 2, headers)
    sheet.cell(3, 1, "Listening, Attention and Understanding")
    for column in (2, 3, 4):
        sheet.cell(3, column, 1)
    sheet.cell(1, 1, "A title much longer than any column should be made for it " * 2)
    fit_widths(sheet, from_row=2, header_rows=[2])
    widths = [sheet.column_dimensions[get_column_letter(c)].width for c in (1, 2, 3, 4)]
    # 38 + 2 (capped at 40); "Total Number" + 2; "% Below" + 2; "Num Pupils" + 2.
    assert widths == [40, 14, 9, 12]
    assert sheet.row_dimensions[2].height == 2 * LINE_HEIGHT
    header_fits(sheet, 2)


def test_a_header_row_that_needs_no_wrapping_keeps_its_height() -> None:
    sheet = Workbook().active
    assert isinstance(sheet, Worksheet)
    write_header(sheet, 1, ["Surname", "UPN"])
    sheet.cell(2, 1, "O'Brien")
    fit_widths(sheet, header_rows=[1])
    assert sheet.row_dimensions[1].height is None
    assert sheet.column_dimensions["B"].width == 5
