"""The keys of a progress meeting, and the F1 help's words about them."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from store.meetings.rows import Section

MEETING_BINDINGS: list[BindingType] = [
    Binding("f3", "add_row", "Add row", id="meeting-add-row", tooltip="Add a row here"),
    Binding("f4", "choose", "Pick", id="meeting-choose", tooltip="Choose this field's value"),
    Binding("f8", "delete_row", "Delete row", id="meeting-delete-row", tooltip="Delete this row"),
    Binding(
        "f6",
        "next_section",
        "Section",
        id="meeting-next-section",
        priority=True,  # a text field would take f6 for "select line"
        tooltip="Jump to the next section",
    ),
    Binding(
        "f5",
        "recount",
        "Recount",
        show=False,
        id="meeting-recount",
        tooltip="Count the figures again from today's judgements and save them",
    ),
    Binding(
        "f2",
        "save",
        "Save",
        show=False,
        id="meeting-save",
        tooltip="Save now (every field is saved as you leave it or pause anyway)",
    ),
    Binding(
        "f9",
        "export",
        "Excel",
        id="meeting-export",
        tooltip="Export the meeting to Excel as a printable form",
    ),
    Binding("escape", "leave", "Back", id="meeting-back"),
    # Tab, shift+Tab and Enter on a one-line field move the cursor the moment the key is
    # read, so keys typed quickly after them (or sent in one burst) land in the next field.
    Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
    Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
    Binding(
        "enter",
        "next_field",
        "Next field",
        show=False,
        priority=True,
        tooltip="On a one-line field (teacher, date, group name): the next field",
    ),
]
MEETING_LEGEND = (
    "Tab and shift+Tab move from field to field. Every field is saved as you leave it or "
    "pause typing (the line above the keys says when); nothing waits for a save key. "
    "Enter (or f4) on a line ending ▸ offers its choices (class, assessment, pupil, area, "
    "pupils: space ticks); such a line takes no typing. Long text scrolls inside its box. "
    "f6 jumps from section to section; f3 adds a row to the section you are in and f8 "
    "deletes the row you are in (asks first). The Areas of Development figures are saved "
    "with the meeting as they were; a new class or assessment counts them again, and f5 "
    "counts them again from today's judgements."
)

SECTION_HINTS = {
    Section.DISCUSSION: "f3 adds a question for this meeting",
    Section.BARRIER: "f3 adds a pupil",
    Section.TARGETED: "f3 adds an area",
    Section.GROUP: "f3 adds a group",
}
