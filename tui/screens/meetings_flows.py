"""Dialog-led steps of a meeting: choose class, assessment, pupils, areas; add and delete rows."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from store import meeting_rows, meetings
from store.access import PermissionDenied
from store.curriculum import AREA_BY_CODE
from store.errors import StoreError
from store.meeting_record import BarrierItem, DiscussionItem, GroupItem, PupilChoice, TargetedItem
from store.meeting_rows import Section
from tui.screens.dialogs.choose import ChooseDialog
from tui.screens.dialogs.confirm import ConfirmDialog
from tui.screens.meetings_dialogs import (
    PupilsDialog,
    area_choices,
    class_choices,
    index_of,
    period_choices,
    pupil_choices,
)
from tui.screens.meetings_rows import (
    MeetingRow,
    area_text,
    barrier_row,
    discussion_row,
    group_row,
    targeted_row,
)
from tui.widgets.choice_field import ChoiceField

if TYPE_CHECKING:
    from tui.screens.meetings_form import MeetingScreen


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


async def choose_in_row(screen: MeetingScreen, field: ChoiceField) -> None:
    """A barrier's pupil, a row's area of development, or a targeted row's pupils."""
    row_id = field.row_id
    assert row_id is not None
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
        run = partial(meeting_rows.set_pupil, *base, row_id, choice.value)
        screen.saver.put(
            ("pupil", Section.BARRIER, row_id), run, lambda _: field.set_value(choice.key)
        )
    elif field.kind == "area":
        row = screen.focused_row()
        section = row.section if row is not None else Section.TARGETED
        areas = area_choices()
        current = next((c.value for c in areas if field.value_text.startswith(f"{c.value} ")), None)
        chosen = await screen.app.push_screen_wait(
            ChooseDialog("Area of development", areas, index_of(areas, current))
        )
        if chosen is None:
            return
        run = partial(meeting_rows.set_area, *base, section, row_id, chosen.value)
        text = area_text(chosen.value)
        screen.saver.put(("area", section, row_id), run, lambda _: field.set_value(text))
    elif field.kind == "pupils":
        await choose_targeted_pupils(screen, field, row_id)


async def choose_targeted_pupils(screen: MeetingScreen, field: ChoiceField, row_id: int) -> None:
    pupils = await _pupils(screen)
    ticked = screen.targeted_pupils.get(row_id, set())
    chosen = await screen.app.push_screen_wait(
        PupilsDialog("Pupils for this targeted support", pupils, ticked)
    )
    if chosen is None:
        return
    names = {pupil.id: pupil.name for pupil in pupils}
    run = partial(
        meeting_rows.set_targeted_pupils,
        screen.database,
        screen.actor,
        screen.establishment.id,
        screen.meeting_id,
        row_id,
        chosen,
    )

    def done(_: None) -> None:
        screen.targeted_pupils[row_id] = set(chosen)
        field.set_value("; ".join(sorted((names[i] for i in chosen), key=str.casefold)))
        screen.say(f"{len(chosen)} pupils chosen.")

    screen.saver.put(("pupils", Section.TARGETED, row_id), run, done)


async def add_row(screen: MeetingScreen, section: Section) -> None:
    """Add a row to `section`, asking first for what the row is about (its pupil or area)."""
    base = (screen.database, screen.actor, screen.establishment.id, screen.meeting_id, section)
    if section is Section.DISCUSSION:
        run = partial(meeting_rows.add_row, *base, question="")
        screen.saver.put(
            object(),
            run,
            lambda row_id: screen.mount_row(
                discussion_row(DiscussionItem(row_id, "", "", ""), 0), "MeetingText"
            ),
        )
        return
    if section is Section.BARRIER:
        pupils = await _pupils(screen)
        if not pupils:
            return
        choice = await screen.app.push_screen_wait(
            ChooseDialog("Barriers to learning: which pupil?", pupil_choices(pupils))
        )
        if choice is None:
            return
        pupil = PupilChoice(choice.value, choice.key)
        run = partial(meeting_rows.add_row, *base, pupil_id=pupil.id)
        screen.saver.put(
            object(),
            run,
            lambda row_id: screen.mount_row(
                barrier_row(BarrierItem(row_id, pupil, "", ""), 0), "MeetingText"
            ),
        )
        return
    areas = area_choices()
    area = await screen.app.push_screen_wait(ChooseDialog(f"{section.label}: which area?", areas))
    if area is None:
        return
    code = area.value
    assert code in AREA_BY_CODE
    run = partial(meeting_rows.add_row, *base, area_code=code)
    if section is Section.GROUP:
        screen.saver.put(
            object(),
            run,
            lambda row_id: screen.mount_row(
                group_row(GroupItem(row_id, code, "", ""), 0, meeting_rows.MAX_SHORT),
                "MeetingInput",
            ),
        )
        return

    def targeted_added(row_id: int) -> None:
        row = targeted_row(TargetedItem(row_id, code, (), ""), 0)
        screen.mount_row(row, ".pupils-field")
        screen.targeted_pupils[row_id] = set()

    screen.saver.put(object(), run, targeted_added)


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
    section, row_id = row.section, row.row_id
    screen.forget_row(section, row_id)
    run = partial(
        meeting_rows.delete_row,
        screen.database,
        screen.actor,
        screen.establishment.id,
        screen.meeting_id,
        section,
        row_id,
    )

    def done(_: None) -> None:
        screen.query_one(f"#heading-{section.value}").focus()
        row.remove()
        screen.call_after_refresh(screen.renumber, section)
        screen.say(f"Deleted a row of {section.label}.")

    screen.saver.put(("delete", section, row_id), run, done)


async def run_safely(screen: MeetingScreen, flow: object) -> None:
    """Run a choosing flow, turning a refusal into a message rather than a crash."""
    try:
        await flow  # type: ignore[misc]
    except (StoreError, PermissionDenied) as error:
        screen.say_error(str(error))
