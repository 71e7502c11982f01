"""The keys of the Assessments screen, and those that do not apply where they are pressed: each
of these says why, in one sentence on the status line, and what to press instead (never nothing
at all).

The screen's own binding for such a key is off there (its check_action), so Textual passes the
key on to the fallbacks, which are never shown in the key bar.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from store.assessments.cohort import ELG_YEAR_GROUPS, ElgSectionInfo
from store.core.access import Role
from store.curriculum.dates import format_academic_year
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

GRID_BINDINGS: list[BindingType] = [
    Binding("f", "filter", "Filter", id="filter", tooltip="Pupil characteristics filter"),
    Binding("u", "undo", "Undo", id="undo", tooltip="Undo the last change (a fill is one step)"),
    Binding("y", "redo", "Redo", show=False, id="redo", tooltip="Redo what was undone"),
    Binding("F", "fill_column", "Fill col", id="fill-column", tooltip="Fill the whole column"),
    Binding(
        "R",
        "ask('fill_row')",
        "Fill row",
        id="fill-row",
        tooltip="Fill the row: every area (subject) of this period for this pupil",
    ),
    Binding(
        "n,enter",
        "ask('cell_note')",
        "Note",
        id="note",
        tooltip="Note on this cell (Notes column: the period's notes)",
    ),
    Binding(
        "N",
        "ask('period_notes')",
        "Notes",
        show=False,
        id="period-notes",
        tooltip="The pupil's Notes for this period",
    ),
    Binding(
        "C",
        "ask('carry_forward')",
        "Carry fwd",
        show=False,
        id="carry-forward",
        tooltip="Fill this period's blank cells from the assessment before it (asks; one undo);"
        " in the targets, set the blank targets by a rule",
    ),
    Binding(
        "i",
        "toggle_include",
        "Include",
        show=False,
        id="include",
        tooltip="Toggle Include in Data for this pupil",
    ),
    Binding(
        "p",
        "choose_periods",
        "Show",
        show=False,
        id="periods",
        tooltip="Show or hide assessments",
    ),
    Binding(
        "plus,c",
        "new_period",
        "New",
        show=False,
        id="new-period",
        tooltip="Create an assessment period",
    ),
    Binding(
        "l",
        "toggle_elg",
        "ELGs",
        show=False,
        id="elg",
        tooltip="Show/hide (or create) the End of Year ELGs",
    ),
    Binding(
        "S",
        "submit_elgs",
        "Submit ELGs",
        show=False,
        id="submit-elgs",
        tooltip="Submit the End of Year ELGs to the local authority (then they are locked)",
    ),
    Binding(
        "U",
        "unlock_elgs",
        "Unlock ELGs",
        show=False,
        id="unlock-elgs",
        tooltip="Unlock submitted End of Year ELGs (support; asks for your password)",
    ),
    Binding("right_square_bracket", "year_group(1)", "Next group", show=False, id="next-group"),
    Binding("left_square_bracket", "year_group(-1)", "Prev group", show=False, id="previous-group"),
    Binding("greater_than_sign", "academic_year(1)", "Next year", show=False, id="next-year"),
    Binding("less_than_sign", "academic_year(-1)", "Prev year", show=False, id="previous-year"),
    Binding(
        "D",
        "delete_period",
        "Delete period",
        show=False,
        id="delete-period",
        tooltip="Delete the assessment the cursor is in (managers; asks, then your password)",
    ),
    Binding(
        "f5",
        "reload",
        "Reload",
        show=False,
        id="reload",
        tooltip="Reload from the database (to see what colleagues entered)",
    ),
    Binding(
        "E",
        "export",
        "Excel",
        show=False,
        id="export",
        tooltip="Download Screen data or All data to Excel; a manager's return (CTF, KS1 CSV)",
    ),
    Binding(
        "B",
        "score_settings",
        "Score bands",
        show=False,
        id="score-settings",
        tooltip="Standardised scores: the school's threshold, bands and margin (managers set them)",
    ),
    Binding(
        "T",
        "layer('targets')",
        "Targets",
        show=False,
        id="targets",
        tooltip="Show the pupils' targets in the periods' place (T again: the assessments)",
    ),
    Binding(
        "J",
        "layer('judged')",
        "Judged",
        show=False,
        id="judged-progress",
        tooltip="The teacher's judgement of progress in the periods' place (J again: back)",
    ),
    Binding(
        "O",
        "engagement_story",
        "Over time",
        show=False,
        id="engagement-story",
        tooltip="The pupil's engagement model over time: each area forward, lateral or back",
    ),
    Binding(
        "H",
        "ehc_link",
        "EHC link",
        show=False,
        id="ehc-link",
        tooltip="Link an engagement model observation to an outcome of the pupil's EHC plan",
    ),
    Binding(
        "W",
        "word_names",
        "Names",
        show=False,
        id="word-names",
        tooltip="Small steps, the engagement model: the school's own names for them (managers)",
    ),
    Binding("escape", "leave", "Back", show=False, id="back"),
    *FALLBACK_BINDINGS,
]

RECEPTION_ONLY = (
    "The End of Year ELGs are for Reception (and shown beside Year 1): press ] or [ to reach "
    "Reception."
)


def elg_key_works(year_group: YearGroup) -> bool:
    """Whether `l` (the End of Year ELGs) does anything in this year group's grid."""
    return year_group in ELG_YEAR_GROUPS


def elg_refused(
    year_group: YearGroup, section: ElgSectionInfo | None, academic_year: int
) -> str | None:
    """Why `l` cannot show (or create) End of Year ELGs in this grid, or None."""
    if year_group not in ELG_YEAR_GROUPS:
        return RECEPTION_ONLY
    if section is None and year_group is YearGroup.YEAR_1:
        return (
            "No End of Year ELGs were recorded for these pupils in Reception "
            f"({format_academic_year(academic_year - 1)}), so there are none to show beside "
            "Year 1."
        )
    return None


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
