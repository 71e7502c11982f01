"""A read-only table of report figures whose Enter lists the pupils behind the one highlighted."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable


class FigureTable(DataTable[Text]):
    """DataTable with its Enter named for what it does here (key bar and F1 help), and a cursor
    in reverse video so it shows in 16 colours and under NO_COLOR."""

    DEFAULT_CSS = """
    FigureTable > .datatable--cursor {
        background: $background; color: $foreground; text-style: bold reverse;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Names", tooltip="List the pupils behind this figure"),
    ]
