"""Dialog-led steps of a meeting: choose class, assessment, pupils, areas; add and delete rows."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from store.core.errors import StoreError
from store.core.words import plural
from store.curriculum.eyfs import AREA_BY_CODE
from store.meetings import meetings
from store.meetings import rows as meeting_rows
from store.meetings.record import BarrierItem, DiscussionItem, GroupItem, PupilChoice, TargetedItem
from store.meetings.rows import Section
from tui.screens.dialogs.choose import ChooseDialog
from tui.screens.dialogs.confirm import ConfirmDialog
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
from tui.widgets.choice_field import ChoiceField

if TYPE_CHECKING:
    from tui.screens.meetings.form import MeetingScreen


async def _pupils(screen: MeetingScreen) -> list[PupilChoice]:
    pupils = await asyncio.to_thread(
        meetings.cohort_pupils,
        screen.database,
        screen.actor,
        screen.establishment.id,
        screen.meeting_id,
    )
    if not pupils:
        screen.say(f"There are no Reception children in {screen.class_name} to choose from.")
    return pupils


async def choose_header(screen: MeetingScreen, field: ChoiceField) -> None:
    """Class or assessment: the figures are counted again for the new choice."""
    args = (screen.database, screen.actor, screen.establishment.id, screen.record.academic_year)
    if field.kind == "class":
        classes = await asyncio.to_thread(meetings.class_choices, *args)
        if screen.class_slot is not None and screen.class_slot not in dict(classes):
            classes.append((screen.class_slot, screen.class_name))
        choices = class_choices(classes)
        current = screen.class_slot
        title = "Class (or all Reception classes)"
    else:
        periods = await asyncio.to_thread(meetings.assessment_choices, *args)
        choices = period_choices(periods)
        current = screen.period_id
        title = "Assessment (this year's Reception assessments)"
    choice = await screen.app.push_screen_wait(
        ChooseDialog(title, choices, index_of(choices, current))
    )
    if choice is None:
        return
    if field.kind == "class":
        screen.class_slot = choice.value
        screen.class_name = choice.label
        field.set_value(choice.label)
    else:
        screen.period_id = choice.value
        field.set_value(choice.key if choice.value is not None else "none")
    screen.save_header()


def row_of(field: ChoiceField) -> MeetingRow:
    row = field.parent
    assert isinstance(row, MeetingRow)
    return row


async def choose_in_row(screen: MeetingScreen, field: ChoiceField) -> None:
    """A barrier's pupil, a row's area of development, or a targeted row's pupils."""
    row = row_of(field)
    ref, section = row.ref, row.section
    base = (screen.database, screen.actor, screen.establishment.id, screen.meeting_id)
    if field.kind == "pupil":
        pupils = pupil_choices(await _pupils(screen))
        if not pupils:
            return
        choice = await screen.app.push_screen_wait(
            ChooseDialog("Pupil (type a surname to jump)", pupils)
        )
        if choice is None:
            return
        pupil_id = choice.value
        screen.saver.put(
            ("pupil", section, ref),
            lambda: meeting_rows.set_pupil(*base, ref.require(), pupil_id),
            lambda _: field.set_value(choice.key),
        )
    elif field.kind == "area":
        areas = area_choices()
        current = next((c.value for c in areas if field.value_text.startswith(f"{c.value} ")), None)
        chosen = await screen.app.push_screen_wait(
            ChooseDialog("Area of development", areas, index_of(areas, current))
        )
        if chosen is None:
            return
        code = chosen.value
        screen.saver.put(
            ("area", section, ref),
            lambda: meeting_rows.set_area(*base, section, ref.require(), code),
            lambda _: field.set_value(area_text(code)),
        )
    elif field.kind == "pupils":
        await choose_targeted_pupils(screen, field, row)


async def choose_targeted_pupils(
    screen: MeetingScreen, field: ChoiceField, row: MeetingRow
) -> None:
    pupils = await _pupils(screen)
    chosen = await screen.app.push_screen_wait(
        PupilsDialog("Pupils for this targeted support", pupils, row.chosen_pupils)
    )
    if chosen is None:
        return
    names = {pupil.id: pupil.name for pupil in pupils}
    base = (screen.database, screen.actor, screen.establishment.id, screen.meeting_id)
    ref = row.ref

    def done(_: None) -> None:
        row.chosen_pupils = set(chosen)
        field.set_value("; ".join(sorted((names[i] for i in chosen), key=str.casefold)))
        screen.say(f"{plural(len(chosen), 'pupil')} chosen.")

    screen.saver.put(
        ("pupils", Section.TARGETED, ref),
        lambda: meeting_rows.set_targeted_pupils(*base, ref.require(), chosen),
        done,
    )


async def add_row(screen: MeetingScreen, section: Section) -> None:
    """Add a row to `section`, asking first for what the row is about (its pupil or area).

    The row is shown, with the cursor in it, as soon as that is chosen; the store adds it in the
    saver's thread, before anything typed into it is saved.
    """
    number = len(screen.rows_of(section).children) + 1
    ref = RowRef()
    pupil_id: int | None = None
    area_code: str | None = None
    if section is Section.DISCUSSION:
        row = discussion_row(DiscussionItem(0, "", "", ""), number, ref)
    elif section is Section.BARRIER:
        pupils = await _pupils(screen)
        if not pupils:
            return
        choice = await screen.app.push_screen_wait(
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
        area = await screen.app.push_screen_wait(
            ChooseDialog(f"{section.label}: which area?", areas)
        )
        if area is None:
            return
        code = area_code = area.value
        assert code in AREA_BY_CODE
        if section is Section.GROUP:
            row = group_row(GroupItem(0, code, "", ""), number, ref)
        else:
            row = targeted_row(TargetedItem(0, code, (), ""), number, ref)
    base = (screen.database, screen.actor, screen.establishment.id, screen.meeting_id, section)

    def insert() -> None:
        ref.id = meeting_rows.add_row(*base, pupil_id=pupil_id, area_code=area_code)

    # Queued before the row can be typed in, so its insert runs before any of its saves.
    screen.saver.put(
        ("add", section, ref), insert, lambda _: screen.say_saved(), lambda: screen.drop_row(row)
    )
    screen.mount_row(row)


DELETE_WHAT = {
    Section.DISCUSSION: "this discussion area from the meeting",
    Section.BARRIER: "this pupil's barrier to learning",
    Section.TARGETED: "this targeted support row",
    Section.GROUP: "this specific group",
}


async def delete_row(screen: MeetingScreen, row: MeetingRow) -> None:
    """Delete a row after asking; what waits to be saved into it is dropped first."""
    question = f"Delete {DELETE_WHAT[row.section]}?"
    if not await screen.app.push_screen_wait(
        ConfirmDialog(question, "What is typed in it goes too.")
    ):
        return
    section, ref = row.section, row.ref
    screen.forget_row(section, ref)
    base = (screen.database, screen.actor, screen.establishment.id, screen.meeting_id, section)

    def done(_: None) -> None:
        screen.drop_row(row)
        screen.say(f"Deleted a row of {section.label}.")

    screen.saver.put(
        ("delete", section, ref), lambda: meeting_rows.delete_row(*base, ref.require()), done
    )


async def run_safely(screen: MeetingScreen, flow: object) -> None:
    """Run a choosing flow, turning a refusal into a message rather than a crash."""
    try:
        await flow  # type: ignore[misc]
    except StoreError as error:
        screen.say_error(str(error))
