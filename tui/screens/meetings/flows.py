"""Dialog-led steps of a meeting: choose class, assessment, pupils, areas; add and delete rows.

They are given plain values (the database, the actor, the meeting) and the screen's callbacks
(say, show a row, drop a row), never the screen.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Protocol, TypeVar

from textual.screen import Screen

from store.core.access import Actor
from store.core.db import Database
from store.core.errors import StoreError
from store.core.words import plural
from store.curriculum.eyfs import AREA_BY_CODE
from store.meetings import meetings
from store.meetings import rows as meeting_rows
from store.meetings.record import BarrierItem, DiscussionItem, GroupItem, PupilChoice, TargetedItem
from store.meetings.rows import Section
from tui.screens.dialogs.choose import Choice, ChooseDialog
from tui.screens.dialogs.confirm import ConfirmDialog
from tui.screens.meetings.autosave import AutoSaver
from tui.screens.meetings.dialogs import (
    PupilsDialog,
    area_choices,
    class_choices,
    index_of,
    period_choices,
    pupil_choices,
)
from tui.screens.meetings.rows import (
    MeetingRow,
    RowRef,
    area_text,
    barrier_row,
    discussion_row,
    group_row,
    targeted_row,
)
from tui.store_call import in_thread
from tui.widgets.choice_field import ChoiceField

AnswerT = TypeVar("AnswerT")
Header = tuple[int | None, str, int | None]
"""The class slot, the class's name and the assessment's id a meeting is of."""


class Ask(Protocol):
    """Show a dialog and wait for its answer (App.push_screen_wait, from a worker)."""

    def __call__(self, dialog: Screen[AnswerT], /) -> Awaitable[AnswerT]: ...


def row_of(field: ChoiceField) -> MeetingRow:
    row = field.parent
    assert isinstance(row, MeetingRow)
    return row


@dataclass
class MeetingFlows:
    """The dialog-led steps of one meeting, built from plain values and the screen's callbacks."""

    database: Database
    actor: Actor
    establishment_id: int
    meeting_id: int
    academic_year: int
    saver: AutoSaver
    ask: Ask
    say: Callable[[str], None]
    say_saved: Callable[[], None]
    row_count: Callable[[Section], int]
    """How many rows a section shows."""
    mount_row: Callable[[MeetingRow], None]
    """Show a new row with the cursor in it, at once."""
    drop_row: Callable[[MeetingRow], None]
    """Take a row off the screen."""
    forget_row: Callable[[Section, RowRef], None]
    """Drop what waits to be saved into a row."""

    async def _pupils(self, class_name: str) -> list[PupilChoice]:
        pupils = await in_thread(
            partial(
                meetings.cohort_pupils,
                self.database,
                self.actor,
                self.establishment_id,
                self.meeting_id,
            )
        )
        if not pupils:
            self.say(f"There are no Reception children in {class_name} to choose from.")
        return pupils

    async def choose_header(self, field: ChoiceField, header: Header) -> Header | None:
        """Class or assessment: the header with the new choice (its figures are to be counted
        again), or None when the dialog was closed."""
        class_slot, class_name, period_id = header
        args = (self.database, self.actor, self.establishment_id, self.academic_year)
        choices: list[Choice[int | None]]
        if field.kind == "class":
            classes = await in_thread(partial(meetings.class_choices, *args))
            if class_slot is not None and class_slot not in dict(classes):
                classes.append((class_slot, class_name))
            choices = class_choices(classes)
            current = class_slot
            title = "Class (or all Reception classes)"
        else:
            periods = await in_thread(partial(meetings.assessment_choices, *args))
            choices = period_choices(periods)
            current = period_id
            title = "Assessment (this year's Reception assessments)"
        choice = await self.ask(ChooseDialog(title, choices, index_of(choices, current)))
        if choice is None:
            return None
        if field.kind == "class":
            field.set_value(choice.label)
            return (choice.value, choice.label, period_id)
        field.set_value(choice.key if choice.value is not None else "none")
        return (class_slot, class_name, choice.value)

    async def choose_in_row(self, field: ChoiceField, class_name: str) -> None:
        """A barrier's pupil, a row's area of development, or a targeted row's pupils."""
        row = row_of(field)
        ref, section = row.ref, row.section
        base = (self.database, self.actor, self.establishment_id, self.meeting_id)
        if field.kind == "pupil":
            pupils = pupil_choices(await self._pupils(class_name))
            if not pupils:
                return
            choice = await self.ask(ChooseDialog("Pupil (type a surname to jump)", pupils))
            if choice is None:
                return
            pupil_id = choice.value
            self.saver.put(
                ("pupil", section, ref),
                lambda: meeting_rows.set_pupil(*base, ref.require(), pupil_id),
                lambda _: field.set_value(choice.key),
            )
        elif field.kind == "area":
            areas = area_choices()
            current = next(
                (c.value for c in areas if field.value_text.startswith(f"{c.value} ")), None
            )
            chosen = await self.ask(
                ChooseDialog("Area of development", areas, index_of(areas, current))
            )
            if chosen is None:
                return
            code = chosen.value
            self.saver.put(
                ("area", section, ref),
                lambda: meeting_rows.set_area(*base, section, ref.require(), code),
                lambda _: field.set_value(area_text(code)),
            )
        elif field.kind == "pupils":
            await self.choose_targeted_pupils(field, row, class_name)

    async def choose_targeted_pupils(
        self, field: ChoiceField, row: MeetingRow, class_name: str
    ) -> None:
        pupils = await self._pupils(class_name)
        chosen = await self.ask(
            PupilsDialog("Pupils for this targeted support", pupils, row.chosen_pupils)
        )
        if chosen is None:
            return
        names = {pupil.id: pupil.name for pupil in pupils}
        base = (self.database, self.actor, self.establishment_id, self.meeting_id)
        ref = row.ref

        def done(_: None) -> None:
            row.chosen_pupils = set(chosen)
            field.set_value("; ".join(sorted((names[i] for i in chosen), key=str.casefold)))
            self.say(f"{plural(len(chosen), 'pupil')} chosen.")

        self.saver.put(
            ("pupils", Section.TARGETED, ref),
            lambda: meeting_rows.set_targeted_pupils(*base, ref.require(), chosen),
            done,
        )

    async def add_row(self, section: Section, class_name: str) -> None:
        """Add a row to `section`, asking first for what the row is about (its pupil or area).

        The row is shown, with the cursor in it, as soon as that is chosen; the store adds it in
        the saver's thread, before anything typed into it is saved.
        """
        number = self.row_count(section) + 1
        ref = RowRef()
        pupil_id: int | None = None
        area_code: str | None = None
        if section is Section.DISCUSSION:
            row = discussion_row(DiscussionItem(0, "", "", ""), number, ref)
        elif section is Section.BARRIER:
            pupils = await self._pupils(class_name)
            if not pupils:
                return
            choice = await self.ask(
                ChooseDialog("Barriers to learning: which pupil?", pupil_choices(pupils))
            )
            if choice is None:
                return
            pupil_id = choice.value
            row = barrier_row(
                BarrierItem(0, PupilChoice(choice.value, choice.key), "", ""), number, ref
            )
        else:
            areas = area_choices()
            area = await self.ask(ChooseDialog(f"{section.label}: which area?", areas))
            if area is None:
                return
            code = area_code = area.value
            assert code in AREA_BY_CODE
            if section is Section.GROUP:
                row = group_row(GroupItem(0, code, "", ""), number, ref)
            else:
                row = targeted_row(TargetedItem(0, code, (), ""), number, ref)
        base = (self.database, self.actor, self.establishment_id, self.meeting_id, section)

        def insert() -> None:
            ref.id = meeting_rows.add_row(*base, pupil_id=pupil_id, area_code=area_code)

        # Queued before the row can be typed in, so its insert runs before any of its saves.
        self.saver.put(
            ("add", section, ref), insert, lambda _: self.say_saved(), lambda: self.drop_row(row)
        )
        self.mount_row(row)

    async def delete_row(self, row: MeetingRow) -> None:
        """Delete a row after asking; what waits to be saved into it is dropped first."""
        question = f"Delete {DELETE_WHAT[row.section]}?"
        if not await self.ask(ConfirmDialog(question, "What is typed in it goes too.")):
            return
        section, ref = row.section, row.ref
        self.forget_row(section, ref)
        base = (self.database, self.actor, self.establishment_id, self.meeting_id, section)

        def done(_: None) -> None:
            self.drop_row(row)
            self.say(f"Deleted a row of {section.label}.")

        self.saver.put(
            ("delete", section, ref), lambda: meeting_rows.delete_row(*base, ref.require()), done
        )


DELETE_WHAT = {
    Section.DISCUSSION: "this discussion area from the meeting",
    Section.BARRIER: "this pupil's barrier to learning",
    Section.TARGETED: "this targeted support row",
    Section.GROUP: "this specific group",
}


async def run_safely(flow: Awaitable[object], say_error: Callable[[str], None]) -> None:
    """Run a choosing flow, turning a refusal into a message rather than a crash."""
    try:
        await flow
    except StoreError as error:
        say_error(str(error))
