"""The rows of a meeting's sections as widgets: text fields that know what they save into."""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from store.curriculum import AREA_BY_CODE
from store.meeting_record import BarrierItem, DiscussionItem, GroupItem, TargetedItem
from store.meeting_rows import TEXT_FIELDS, Section
from tui.widgets.choice_field import ChoiceField

FieldKey = tuple[Section, int, str]
"""(section, row id, field name): what a text field saves into."""


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

    @property
    def current(self) -> str:
        return self.text


class MeetingInput(Input):
    """A short free-text field (a group's name)."""

    def __init__(self, text: str, key: FieldKey, title: str, max_length: int) -> None:
        super().__init__(text, max_length=max_length)
        self.key = key
        self.saved = text
        self.border_title = title

    @property
    def current(self) -> str:
        return self.value


TextField = MeetingText | MeetingInput


class MeetingRow(Widget):
    """One row of a section: its fields stacked, with a rule under it."""

    DEFAULT_CSS = """
    MeetingRow { height: auto; layout: vertical; margin-bottom: 1; }
    MeetingRow > .row-title { height: 1; padding: 0 1; text-style: italic; }
    """

    def __init__(self, section: Section, row_id: int, title: str, *children: Widget) -> None:
        super().__init__(*children, classes="meeting-row")
        self.section = section
        self.row_id = row_id
        self.title = title  # "{n}. Pupil": numbered again when rows come and go

    def renumber(self, number: int) -> None:
        first = self.children[0]
        if isinstance(first, ChoiceField):
            first.label = self.title.format(n=number)
            first.set_value(first.value_text)
        elif isinstance(first, Static):
            first.update(self.title.format(n=number))


def _text(section: Section, row_id: int, name: str, value: str) -> MeetingText:
    return MeetingText(value, (section, row_id, name), TEXT_FIELDS[section][name])


def area_text(code: str | None) -> str:
    return f"{code} {AREA_BY_CODE[code].name}" if code else ""


def discussion_row(item: DiscussionItem, number: int) -> MeetingRow:
    section = Section.DISCUSSION
    return MeetingRow(
        section,
        item.id,
        "Discussion area {n}",
        Static(f"Discussion area {number}", classes="row-title", markup=False),
        _text(section, item.id, "question", item.question),
        _text(section, item.id, "notes", item.notes),
        _text(section, item.id, "next_steps", item.next_steps),
    )


def barrier_row(item: BarrierItem, number: int) -> MeetingRow:
    section = Section.BARRIER
    pupil = item.pupil.name if item.pupil else ""
    return MeetingRow(
        section,
        item.id,
        "{n}. Pupil",
        ChoiceField(f"{number}. Pupil", pupil, kind="pupil", row_id=item.id),
        _text(section, item.id, "barrier", item.barrier),
        _text(section, item.id, "next_steps", item.next_steps),
    )


def pupils_text(item: TargetedItem) -> str:
    return "; ".join(pupil.name for pupil in item.pupils)


def targeted_row(item: TargetedItem, number: int) -> MeetingRow:
    section = Section.TARGETED
    return MeetingRow(
        section,
        item.id,
        "{n}. Area",
        ChoiceField(f"{number}. Area", area_text(item.area_code), kind="area", row_id=item.id),
        ChoiceField(
            "Pupils", pupils_text(item), kind="pupils", row_id=item.id, classes="pupils-field"
        ),
        _text(section, item.id, "comments", item.comments),
    )


def group_row(item: GroupItem, number: int, max_name: int) -> MeetingRow:
    section = Section.GROUP
    return MeetingRow(
        section,
        item.id,
        "{n}. Area",
        ChoiceField(f"{number}. Area", area_text(item.area_code), kind="area", row_id=item.id),
        MeetingInput(item.group_name, (section, item.id, "group_name"), "Group name", max_name),
        _text(section, item.id, "comments", item.comments),
    )
