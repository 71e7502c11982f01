"""Support's form for an establishment's LA number, DfE number and URN (what a return names)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.widgets import Input, Label

from store.establishments.establishments import EstablishmentInfo
from store.establishments.return_identity import PARTS
from tui.screens.dialogs.forms import FormDialog
from tui.widgets.text_field import TextField

# Room for a number typed with spaces ("100 001"); a longer one is refused with a sentence
# by the store rather than cut short here.
_TYPED_LENGTH = 12

Save = Callable[[str, str, str], EstablishmentInfo]
"""Writes (LA number, DfE number, URN) as typed; raises the store's refusal."""


def field_id(field: str) -> str:
    return f"identity-{field.replace('_', '-')}"


class ReturnIdentityDialog(FormDialog[EstablishmentInfo]):
    """The three numbers, filled with what is set; a blank clears one. The store checks them:
    a refusal stays in the dialog, with the cursor on the number to put right."""

    FIELD_IDS: ClassVar[dict[str, str]] = {part.field: field_id(part.field) for part in PARTS}

    def __init__(self, school: EstablishmentInfo, save: Save) -> None:
        super().__init__(f"Numbers for returns: {school.title}")
        self.school = school
        self.save = save

    def fields(self) -> ComposeResult:
        for part in PARTS:
            yield Label(f"{part.name} ({part.digits} digits, e.g. {part.example}; blank clears)")
            yield TextField(
                getattr(self.school, part.field) or "",
                max_length=_TYPED_LENGTH,
                what=f"The {part.name}",
                id=field_id(part.field),
            )

    def build(self) -> EstablishmentInfo:
        la_number, dfe_number, urn = (
            self.query_one(f"#{field_id(part.field)}", Input).value for part in PARTS
        )
        return self.save(la_number, dfe_number, urn)
