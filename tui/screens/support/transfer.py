"""Which child to transfer (by UPN) and to which establishment (by number)."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.widgets import Input, Label

from store.pupils.transfer import TransferPreview
from tui.screens.dialogs.forms import FormDialog


class TransferDialog(FormDialog[TransferPreview]):
    """The child's UPN and the new establishment's number; stays open with the store's reason
    when either is wrong (no such UPN, no such school, already there)."""

    def __init__(self, preview: Callable[[str, str], TransferPreview], to_number: str = "") -> None:
        super().__init__("Transfer a pupil to another establishment")
        self.preview = preview
        self.to_number = to_number

    def fields(self) -> ComposeResult:
        yield Label("The child's UPN (13 characters)")
        yield Input(max_length=13, id="transfer-upn")
        yield Label("To establishment number")
        yield Input(self.to_number, max_length=12, id="transfer-to")

    def build(self) -> TransferPreview:
        # On the UI thread: the form stays open on a refusal; two indexed rows, about a
        # millisecond (bench/ui_reads.py).
        return self.preview(
            self.query_one("#transfer-upn", Input).value,
            self.query_one("#transfer-to", Input).value,
        )
