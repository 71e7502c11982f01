"""A QR code drawn with block characters, two rows of modules to a line, for phones to scan.

Light modules are drawn in the foreground colour (█ ▀ ▄) and dark ones left as background, as
`qrencode -t UTF8` does: on the usual light-on-dark terminal (and the app's dark theme) the
code is dark on light, with its light quiet zone drawn round it. segno (pure Python) makes the
matrix, imported here only, so it loads on the one step that shows a code.
"""

from __future__ import annotations

from textual.widgets import Static

# Light modules round the code: the standard asks for 4; phones read a screen's code with 2.
QUIET_ZONE = 2
_HALF_BLOCKS = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


def qr_matrix(data: str) -> list[list[bool]]:
    """The code's modules, True for dark: the smallest QR code (not Micro QR) for `data`."""
    import segno

    code = segno.make(data, micro=False)
    return [[bool(module) for module in row] for row in code.matrix]


def qr_lines(matrix: list[list[bool]], quiet_zone: int = QUIET_ZONE) -> list[str]:
    """The code as text lines: each character is two modules, top and bottom."""
    size = len(matrix) + 2 * quiet_zone

    def light(row: int, column: int) -> bool:
        if row >= size:
            return False  # below the last row: the terminal's own background
        inside_row, inside_column = row - quiet_zone, column - quiet_zone
        if 0 <= inside_row < len(matrix) and 0 <= inside_column < len(matrix):
            return not matrix[inside_row][inside_column]
        return True  # the quiet zone

    return [
        "".join(_HALF_BLOCKS[light(row, column), light(row + 1, column)] for column in range(size))
        for row in range(0, size, 2)
    ]


class QrCode(Static):
    """The QR code of `data`, drawn as text."""

    DEFAULT_CSS = """
    QrCode { width: auto; height: auto; color: $foreground; background: $background; }
    """

    def __init__(self, data: str, *, id: str) -> None:
        self.data = data
        self.lines = qr_lines(qr_matrix(data))
        super().__init__("\n".join(self.lines), id=id, markup=False)
