"""Keys of the Assessments screen that do not apply where they are pressed: each says why, in
one sentence on the status line, and what to press instead (never nothing at all).

The screen's own binding for such a key is off there (its check_action), so Textual passes the
key on to these, which are never shown in the key bar.
"""

from __future__ import annotations

from textual.binding import Binding

from store.core.access import Role
from store.curriculum.eyfs import YearGroup

FALLBACK_BINDINGS = [
    Binding(
        "l",
        "not_here('l')",
        "ELGs",
        show=False,
        system=True,
        tooltip="End of Year ELGs: Reception only",
    ),
    Binding(
        "S", "not_here('S')", "Submit", show=False, system=True, tooltip="Submit ELGs: not here"
    ),
    Binding(
        "U", "not_here('U')", "Unlock", show=False, system=True, tooltip="Unlock ELGs: support only"
    ),
    Binding(
        "D", "not_here('D')", "Delete", show=False, system=True, tooltip="Delete a period: managers"
    ),
    Binding(
        "n,N,enter",
        "not_here('n')",
        "Notes",
        show=False,
        system=True,
        tooltip="Notes: on assessment cells and the Notes columns",
    ),
]

RECEPTION_ONLY = "The End of Year ELGs are for Reception only: press ] or [ to reach Reception."


def not_here(key: str, year_group: YearGroup, role: Role) -> str:
    """Why `key` does nothing in this year group, for this role, where the cursor is."""
    if key == "n":
        return "The End of Year ELGs take no notes; n works in an assessment period."
    if key == "D":
        return "Only a manager can delete an assessment period."
    if year_group is not YearGroup.RECEPTION:
        return RECEPTION_ONLY
    if key == "U" and role is not Role.SUPPORT:
        return "Only the support team can unlock submitted End of Year ELGs."
    if key == "S":
        return "Only a manager can submit the End of Year ELGs (the Headteacher's authority)."
    return "That key does nothing here: f1 lists the keys of this screen."
