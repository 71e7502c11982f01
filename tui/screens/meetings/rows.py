"""The rows of a meeting's sections as widgets: text fields that know what they save into."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from store.core.errors import NotFound
from store.curriculum.eyfs import AREA_BY_CODE
from store.meetings.record import (
    BarrierItem,
    DiscussionItem,
    GroupItem,
    MeetingRecord,
    TargetedItem,
)
from store.meetings.rows import MAX_SHORT, MAX_TEXT, TEXT_FIELDS, Section
from tui.widgets.choice_field import ChoiceField


class RowRef:
    """A row's id in the store, None while a new row is still being written.

    A new row is on screen, with the cursor in it, before the store has added it, so keys typed
    straight after choosing its pupil or area land in it. What is saved into the row reads the
    id when the save runs, which is after the row's own insert (the saver keeps that order).
    """

    def __init__(self, row_id: int | None = None) -> None:
        self.id = row_id

    def require(self) -> int:
        if self.id is None:
            raise NotFound("This row could not be added, so nothing can be saved in it.")
        return self.id


SECTION_PROMPTS = {
    Section.BARRIER: "What are the barriers for specific children in their learning and how will "
    "these be overcome? Individual children causing concern?",
    Section.TARGETED: "Children who could meet the expected standard and make good progress with "
    "additional support.",
    Section.GROUP: "Specific groups of children who are causing concern and may need additional "
    "support.",
}


FieldKey = tuple[Section, RowRef, str]
"""(section, row, field name): what a text field saves into."""


class MeetingText(TextArea):
    """A long free-text field: wraps, grows to a few lines, then scrolls inside itself."""

    DEFAULT_CSS = """
    MeetingText { height: auto; min-height: 3; max-height: 10; }
    """

    def __init__(self, text: str, key: FieldKey, title: str) -> None:
        super().__init__(text, soft_wrap=True, tab_behavior="focus", highlight_cursor_line=False)
        self.key = key
        self.saved = text
        self.border_title = title
        self.limit = MAX_TEXT

    @property
    def current(self) -> str:
        return self.text


class MeetingInput(Input):
    """A short free-text field (a group's name): no silent cut at its limit, the screen says."""

    def __init__(self, text: str, key: FieldKey, title: str, limit: int) -> None:
        super().__init__(text)
        self.key = key
        self.saved = text
        self.border_title = title
        self.limit = limit

    @property
    def current(self) -> str:
        return self.value


TextField = MeetingText | MeetingInput


def too_long(field: TextField) -> str | None:
    """Why the field's text cannot be saved as it stands, or None."""
    limit, length = field.limit, len(field.current)
    if length <= limit:
        return None
    return (
        f"{field.border_title} not saved: it is {length} characters and at most {limit} fit. "
        "Shorten it; it is saved once it fits."
    )


class MeetingRow(Widget):
    """One row of a section: its fields stacked, with a rule under it."""

    DEFAULT_CSS = """
    MeetingRow { height: auto; layout: vertical; margin-bottom: 1; }
    MeetingRow > .row-title { height: 1; padding: 0 1; text-style: italic; }
    """

    def __init__(self, section: Section, ref: RowRef, title: str, *parts: Widget) -> None:
        super().__init__(classes="meeting-row")
        self.section = section
        self.ref = ref
        self.title = title  # "{n}. Pupil": numbered again when rows come and go
        self.parts = parts
        self.chosen_pupils: set[int] = set()  # a targeted support row's pupils

    @property
    def row_id(self) -> int | None:
        return self.ref.id

    @property
    def entry(self) -> Widget:
        """What to fill in first: the field after the title, or the choice the row was made by."""
        return self.parts[1]

    def compose(self) -> ComposeResult:
        # A row added while the meeting is open has its parts mounted at once by the screen.
        yield from (part for part in self.parts if part.parent is None)

    def renumber(self, number: int) -> None:
        first = self.parts[0]
        if isinstance(first, ChoiceField):
            first.label = self.title.format(n=number)
            first.set_value(first.value_text)
        elif isinstance(first, Static):
            first.update(self.title.format(n=number))


def _text(section: Section, ref: RowRef, name: str, value: str) -> MeetingText:
    return MeetingText(value, (section, ref, name), TEXT_FIELDS[section][name])


def area_text(code: str | None) -> str:
    return f"{code} {AREA_BY_CODE[code].name}" if code else ""


def discussion_row(item: DiscussionItem, number: int, ref: RowRef | None = None) -> MeetingRow:
    section, ref = Section.DISCUSSION, ref or RowRef(item.id)
    return MeetingRow(
        section,
        ref,
        "Discussion area {n}",
        Static(f"Discussion area {number}", classes="row-title", markup=False),
        _text(section, ref, "question", item.question),
        _text(section, ref, "notes", item.notes),
        _text(section, ref, "next_steps", item.next_steps),
    )


def barrier_row(item: BarrierItem, number: int, ref: RowRef | None = None) -> MeetingRow:
    section, ref = Section.BARRIER, ref or RowRef(item.id)
    pupil = item.pupil.name if item.pupil else ""
    return MeetingRow(
        section,
        ref,
        "{n}. Pupil",
        ChoiceField(f"{number}. Pupil", pupil, kind="pupil", in_row=True),
        _text(section, ref, "barrier", item.barrier),
        _text(section, ref, "next_steps", item.next_steps),
    )


def pupils_text(item: TargetedItem) -> str:
    return "; ".join(pupil.name for pupil in item.pupils)


def targeted_row(item: TargetedItem, number: int, ref: RowRef | None = None) -> MeetingRow:
    section, ref = Section.TARGETED, ref or RowRef(item.id)
    row = MeetingRow(
        section,
        ref,
        "{n}. Area",
        ChoiceField(f"{number}. Area", area_text(item.area_code), kind="area", in_row=True),
        ChoiceField(
            "Pupils", pupils_text(item), kind="pupils", in_row=True, classes="pupils-field"
        ),
        _text(section, ref, "comments", item.comments),
    )
    row.chosen_pupils = {pupil.id for pupil in item.pupils}
    return row


def group_row(item: GroupItem, number: int, ref: RowRef | None = None) -> MeetingRow:
    section, ref = Section.GROUP, ref or RowRef(item.id)
    return MeetingRow(
        section,
        ref,
        "{n}. Area",
        ChoiceField(f"{number}. Area", area_text(item.area_code), kind="area", in_row=True),
        MeetingInput(item.group_name, (section, ref, "group_name"), "Group name", MAX_SHORT),
        _text(section, ref, "comments", item.comments),
    )


def saved_rows(record: MeetingRecord, section: Section) -> list[MeetingRow]:
    """The rows of `section` as the meeting was saved."""
    if section is Section.DISCUSSION:
        return [discussion_row(item, n) for n, item in enumerate(record.discussions, 1)]
    if section is Section.BARRIER:
        return [barrier_row(item, n) for n, item in enumerate(record.barriers, 1)]
    if section is Section.TARGETED:
        return [targeted_row(item, n) for n, item in enumerate(record.targeted, 1)]
    return [group_row(item, n) for n, item in enumerate(record.groups, 1)]
