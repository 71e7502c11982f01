"""How many in-house UPNs to issue for a private nursery, and under which LA number."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.widgets import Input, Label

from store.core.errors import InvalidInput
from store.curriculum.numbers import parse_whole_number
from store.pupils.upn_issuer import MAX_PER_REQUEST
from tui.screens.dialogs.forms import FormDialog


@dataclass(frozen=True)
class UpnRequest:
    la_code: str
    count: int


class UpnRequestDialog(FormDialog[UpnRequest]):
    """The LA number (3 digits) and a count from 1 to MAX_PER_REQUEST."""

    def __init__(self, establishment_title: str, la_code: str = "") -> None:
        super().__init__(f"In-house UPNs for {establishment_title}")
        self.la_code = la_code

    def fields(self) -> ComposeResult:
        yield Label("Local authority number (3 digits, e.g. 888)")
        yield Input(self.la_code, max_length=3, id="upn-la")
        yield Label(f"How many UPNs (1 to {MAX_PER_REQUEST})")
        yield Input("1", max_length=3, id="upn-count")

    def build(self) -> UpnRequest:
        la_code = self.read("upn-la", la_number)
        count = self.read(
            "upn-count",
            lambda text: parse_whole_number(text, 1, MAX_PER_REQUEST, "How many UPNs"),
        )
        return UpnRequest(la_code, count)


def la_number(text: str) -> str:
    """A local authority's 3-digit number, e.g. 888."""
    la_code = text.strip()
    if len(la_code) != 3 or not la_code.isascii() or not la_code.isdigit():
        raise InvalidInput(f"The LA number has 3 digits, e.g. 888, not {la_code!r}.")
    return la_code
