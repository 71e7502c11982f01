"""One progress meeting: header, Areas of Development and the four sections, saved as typed."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import date
from functools import partial
from typing import Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import AwaitMount, Widget
from textual.widgets import Input, Label, Static

from store.core.access import Actor
from store.core.db import Database
from store.curriculum.dates import academic_year_of, format_academic_year, parse_uk_date
from store.establishments.establishments import EstablishmentInfo
from store.meetings import meetings
from store.meetings.figures import MeetingFigures
from store.meetings.record import MeetingRecord, get_meeting
from store.meetings.rows import Section
from tui.screens.dialogs.confirm import ConfirmDialog
from tui.screens.meetings.flows import MeetingFlows, run_safely
from tui.screens.meetings.keys import MEETING_BINDINGS, MEETING_LEGEND, SECTION_HINTS
from tui.screens.meetings.rows import SECTION_PROMPTS, MeetingRow, saved_rows
from tui.screens.meetings.typing import TypedFieldsScreen
from tui.screens.meetings.workbook import export_in_worker, meeting_writer
from tui.store_call import run_store_call
from tui.widgets.choice_field import ChoiceField, SectionHeading
from tui.widgets.key_bar import KeyBar
from tui.widgets.meetings.meeting_figures import FiguresTable, figures_about, figures_note

SECTIONS = (Section.DISCUSSION, Section.BARRIER, Section.TARGETED, Section.GROUP)


class MeetingScreen(TypedFieldsScreen):
    """Tab moves between fields; each is saved when left, or after a pause in typing."""

    BINDINGS: ClassVar[list[BindingType]] = MEETING_BINDINGS
    HELP_LEGEND = MEETING_LEGEND
    DEFAULT_CSS = """
    MeetingScreen #meeting-form { height: 1fr; }
    MeetingScreen .meeting-field { height: 1; }
    MeetingScreen .meeting-field Label { width: 13; padding: 0 1; }
    MeetingScreen .meeting-field Input { width: 1fr; }
    MeetingScreen .meeting-prompt { padding: 0 1; color: $text-muted; }
    MeetingScreen .meeting-rows { height: auto; }
    MeetingScreen #meeting-status { height: auto; max-height: 2; background: $panel; padding: 0 1; }
    """

    def __init__(
        self,
        database: Database,
        actor: Actor,
        establishment: EstablishmentInfo,
        meeting_id: int,
        today: date,
    ) -> None:
        super().__init__(database, actor, establishment, meeting_id)
        self.today = today
        self.record: MeetingRecord = get_meeting(database, actor, establishment.id, meeting_id)
        self.class_slot = self.record.class_slot
        self.class_name = self.record.class_name
        self.period_id = self.record.period_id
        self.saved_header = (self.record.teacher, self.record.day, self.class_slot, self.period_id)
        # What the teacher and date fields hold, kept here so that the header can still be
        # saved when the screen goes away and its fields are already gone.
        self.typed_teacher = self.record.teacher
        self.typed_date = f"{self.record.day:%d/%m/%Y}"
        self.warned_about: Input | None = None  # the unsaved field Escape last pointed at
        self.figures = self.record.figures
        self.differ = False
        self.flows = MeetingFlows(
            database,
            actor,
            establishment.id,
            meeting_id,
            self.record.academic_year,
            self.saver,
            ask=lambda dialog: self.app.push_screen_wait(dialog),
            say=self.say,
            say_saved=self.say_saved,
            row_count=lambda section: len(self.rows_of(section).children),
            mount_row=self.mount_row,
            drop_row=self.drop_row,
            forget_row=self.forget_row,
        )

    # --- building -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        record = self.record
        yield Static("", id="cohort-bar", markup=False)
        with VerticalScroll(id="meeting-form"):
            yield SectionHeading(
                "Cohort progress meeting", "Reception", section="header", id="heading-header"
            )
            yield ChoiceField(
                "Class", record.class_name, kind="class", label_width=12, id="meeting-class"
            )
            with Horizontal(classes="meeting-field"):
                yield Label("Teacher")
                yield Input(record.teacher, id="meeting-teacher", compact=True)
            with Horizontal(classes="meeting-field"):
                yield Label("Date")
                yield Input(f"{record.day:%d/%m/%Y}", id="meeting-date", compact=True)
            yield ChoiceField(
                "Assessment",
                record.period_name or "none",
                kind="period",
                label_width=12,
                id="meeting-period",
            )
            yield SectionHeading(
                "Areas of Development", "f5 counts again", section="figures", id="heading-figures"
            )
            yield Static("", id="meeting-figures-about", classes="meeting-prompt", markup=False)
            yield FiguresTable(id="meeting-figures")
            yield Static("", id="meeting-figures-note", classes="meeting-prompt", markup=False)
            for section in SECTIONS:
                yield SectionHeading(
                    section.label,
                    SECTION_HINTS[section],
                    section=section.value,
                    id=f"heading-{section.value}",
                )
                if section in SECTION_PROMPTS:
                    yield Static(SECTION_PROMPTS[section], classes="meeting-prompt")
                with Vertical(id=f"rows-{section.value}", classes="meeting-rows"):
                    yield from saved_rows(record, section)
        yield Static("", id="meeting-status", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self._show_bar()
        self._show_figures()
        self.query_one("#meeting-class", ChoiceField).focus()
        self.check_figures()

    def _show_bar(self) -> None:
        day = self.saved_header[1]
        self.query_one("#cohort-bar", Static).update(
            f"{self.establishment.title} · Progress meeting {day:%d/%m/%Y} · {self.class_name}"
        )

    def _show_figures(self) -> None:
        about = figures_about(self.figures, self.class_name)
        self.query_one("#meeting-figures-about", Static).update(about)
        self.query_one(FiguresTable).show(self.figures)
        self._show_figures_note()

    def _show_figures_note(self) -> None:
        deleted = self.period_id is None and bool(self.figures.period_name)
        note = figures_note(self.figures, deleted, self.differ)
        self.query_one("#meeting-figures-note", Static).update(note)

    def check_figures(self) -> None:
        """Find out in the background whether today's judgements give other figures."""
        run_store_call(
            self,
            partial(
                meetings.live_figures_differ,
                self.database,
                self.actor,
                self.establishment.id,
                self.meeting_id,
            ),
            self._figures_checked,
            lambda _refused: None,  # the note stays as it is: the figures saved still stand
            group="figures",
            exclusive=True,
        )

    def _figures_checked(self, differ: bool) -> None:
        self.differ = differ
        self._show_figures_note()

    # --- the header: saved when left, or after a pause in typing the teacher -----------------

    @on(Input.Changed, "#meeting-teacher")
    def _teacher_typed(self, event: Input.Changed) -> None:
        if event.value == self.typed_teacher:
            return
        self.typed_teacher = event.value
        problem = self._teacher_problem()
        if problem:
            self.say_problem(problem)
        self.restart_timer("header", self.save_header)

    @on(Input.Changed, "#meeting-date")
    def _date_typed(self, event: Input.Changed) -> None:
        self.typed_date = event.value  # saved when left: half a date is not worth an error

    def _teacher_problem(self) -> str | None:
        length = len(self.typed_teacher)
        if length <= meetings.MAX_TEACHER:
            return None
        return (
            f"Teacher not saved: the name is {length} characters and at most "
            f"{meetings.MAX_TEACHER} fit. Shorten it; it is saved once it fits."
        )

    @on(events.DescendantBlur)
    def _header_left(self, event: events.DescendantBlur) -> None:
        if event.widget.id in ("meeting-teacher", "meeting-date"):
            self.save_header()

    def _header(self, report: bool = True) -> tuple[str, date, int | None, int | None]:
        """The header as typed; a teacher too long or a date not right keeps the saved one
        (and says so, when `report`)."""
        teacher = self.typed_teacher
        problem = self._teacher_problem()
        if problem:
            if report:
                self.say_problem(problem)
            teacher = self.saved_header[0]  # kept on screen as typed, not saved
        typed, problem = self._typed_day()
        if problem and report:
            self.say_error(problem)
        return (teacher, typed or self.saved_header[1], self.class_slot, self.period_id)

    def _typed_day(self) -> tuple[date | None, str]:
        """The date as typed, or None and why it cannot be saved."""
        try:
            typed = parse_uk_date(self.typed_date)
        except ValueError as error:
            return None, f"Date not saved: {error}"
        if academic_year_of(typed) != self.record.academic_year:
            year = format_academic_year(self.record.academic_year)
            return None, f"Date not saved: the date must fall in {year}."
        return typed, ""

    def wrong_header_field(self) -> Input | None:
        """The first header field whose text cannot be saved: the cursor goes there."""
        if self._teacher_problem():
            return self.query_one("#meeting-teacher", Input)
        if self._typed_day()[0] is None:
            return self.query_one("#meeting-date", Input)
        return None

    def _header_job(self, header: tuple[str, date, int | None, int | None]) -> Any:
        return partial(
            meetings.update_header,
            self.database,
            self.actor,
            self.establishment.id,
            self.meeting_id,
            teacher=header[0],
            day=header[1],
            class_slot=header[2],
            period_id=header[3],
        )

    def save_header(self) -> None:
        """Save class, teacher, date and assessment; a new class or assessment recounts."""
        self.stop_timer("header")
        header = self._header()
        if header == self.saved_header:
            return
        recount = header[2:] != self.saved_header[2:]

        def done(figures: MeetingFigures) -> None:
            self.saved_header = header
            self._show_bar()
            if recount:
                self.figures = figures
                self.differ = False
                self._show_figures()
            self.say_saved()

        self.say("Saving…")
        self.saver.put("header", self._header_job(header), done)

    def action_recount(self) -> None:
        def answer(yes: bool | None) -> None:
            if not yes:
                return
            run = partial(
                meetings.refresh_figures,
                self.database,
                self.actor,
                self.establishment.id,
                self.meeting_id,
            )

            def done(figures: MeetingFigures) -> None:
                self.figures = figures
                self.differ = False
                self._show_figures()
                self.say("The figures were counted again and saved with the meeting.")

            self.saver.put("recount", run, done)

        self.app.push_screen(
            ConfirmDialog(
                "Count the figures again from today's judgements?",
                "The figures saved with this meeting are replaced.",
            ),
            answer,
        )

    # --- rows -----------------------------------------------------------------------------------

    def focused_row(self) -> MeetingRow | None:
        node: Widget | None = self.focused
        while node is not None and not isinstance(node, MeetingRow):
            parent = node.parent
            node = parent if isinstance(parent, Widget) else None
        return node

    def focused_section(self) -> Section | None:
        row = self.focused_row()
        if row is not None:
            return row.section
        focused = self.focused
        if isinstance(focused, SectionHeading) and focused.section in Section._value2member_map_:
            return Section(focused.section)
        return None

    def rows_of(self, section: Section) -> Vertical:
        return self.query_one(f"#rows-{section.value}", Vertical)

    def mount_row(self, row: MeetingRow) -> None:
        """Show a new row with the cursor in its first field, here and now, and never later: the
        keys typed from this moment on go to the row, and a Tab moves on from it."""
        mounting = (self.rows_of(row.section).mount(row), row.mount(*row.parts))
        self.set_focus(row.entry, scroll_visible=False)
        self.call_later(self._reveal, row, mounting)

    async def _reveal(self, row: MeetingRow, mounting: tuple[AwaitMount, ...]) -> None:
        for mounted in mounting:
            await mounted
        self.renumber(row.section)  # a row still being deleted was counted when this was made
        if self.focused is row.entry:
            row.entry.scroll_visible()

    def drop_row(self, row: MeetingRow) -> None:
        """Take a row off the screen (deleted, or refused by the store); a cursor in it goes to
        the section's heading."""
        section = row.section
        self.forget_row(section, row.ref)
        if self.focused is not None and row in self.focused.ancestors_with_self:
            self.set_focus(self.query_one(f"#heading-{section.value}", SectionHeading))
        row.remove()
        self.call_after_refresh(self.renumber, section)

    def renumber(self, section: Section) -> None:
        for number, row in enumerate(self.rows_of(section).query_children(MeetingRow), 1):
            row.renumber(number)

    def action_delete_row(self) -> None:
        row = self.focused_row()
        if row is None:
            self.say("Move into a row (Tab) to delete it.")
            return
        self._run_flow(self.flows.delete_row(row))

    @on(ChoiceField.Pressed)
    def _choice_pressed(self, event: ChoiceField.Pressed) -> None:
        self._choose(event.field)

    @on(ChoiceField.Typed)
    def _choice_typed(self, event: ChoiceField.Typed) -> None:
        self.say_problem(event.field.hint(also="f4"))

    def action_choose(self) -> None:
        if isinstance(self.focused, ChoiceField):
            self._choose(self.focused)

    def _choose(self, field: ChoiceField) -> None:
        if field.in_row:
            self._run_flow(self.flows.choose_in_row(field, self.class_name))
        else:
            self._run_flow(self._choose_header(field))

    async def _choose_header(self, field: ChoiceField) -> None:
        header = (self.class_slot, self.class_name, self.period_id)
        if (chosen := await self.flows.choose_header(field, header)) is not None:
            self.class_slot, self.class_name, self.period_id = chosen
            self.save_header()

    def _run_flow(self, flow: Awaitable[None]) -> None:
        self.run_worker(run_safely(flow, self.say_error), group="choose", exclusive=True)

    def action_add_row(self) -> None:
        section = self.focused_section()
        if section is None:
            self.say("f6 moves to a section; f3 there adds a row to it.")
            return
        self._run_flow(self.flows.add_row(section, self.class_name))

    # --- moving about, saving, leaving ----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_field":
            # Only on a one-line field: Enter chooses on a ▸ line, starts a line in a text box.
            return isinstance(self.focused, Input)
        if action == "choose":
            return isinstance(self.focused, ChoiceField)
        if action == "add_row":
            return self.focused_section() is not None
        if action == "delete_row":
            return self.focused_row() is not None
        return True

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.refresh_bindings()

    def action_next_field(self) -> None:
        self.focus_next()

    def action_next_section(self) -> None:
        chain = self.focus_chain
        headings = [w for w in chain if isinstance(w, SectionHeading)]
        focused = self.focused
        start = chain.index(focused) if focused in chain else -1
        later = [w for w in chain[start + 1 :] if isinstance(w, SectionHeading)]
        target = later[0] if later else headings[0]
        # At once (not Widget.focus, which waits a turn): the next f6 or key starts from here.
        self.set_focus(target, scroll_visible=False)
        target.scroll_visible(top=True)

    def flush_typing(self) -> None:
        """Queue every field typed in but not yet saved, the header too."""
        self.save_typed_fields()
        if "header" in self.timers or self._header(report=False) != self.saved_header:
            self.save_header()

    def action_save(self) -> None:
        self.flush_typing()
        wrong = self.wrong_header_field()
        if wrong is not None:
            wrong.focus()  # what was said (by flush_typing) is about this field
        self.run_worker(self._save(), group="save")

    async def _save(self) -> None:
        await self.saver.wait()
        self.say_saved()

    def action_export(self) -> None:
        self.flush_typing()
        self.say("Writing the workbook…")
        self.run_worker(self._export(), group="export-after-saves", exclusive=True)

    async def _export(self) -> None:
        await self.saver.wait()  # the workbook holds everything typed before the key
        export_in_worker(
            self,
            meeting_writer(self.database, self.actor, self.establishment, self.meeting_id),
            self.say,
            self.say_error,
        )

    async def action_leave(self) -> None:
        self.flush_typing()
        wrong = self.wrong_header_field()
        if wrong is not None and self.warned_about is not wrong:
            # Not saved: show the field, so what was typed there is not lost unseen. Escape
            # again leaves without it.
            self.warned_about = wrong
            wrong.focus()
            problem = self._teacher_problem() or self._typed_day()[1]
            self.say_problem(f"{problem} Put it right, or press Escape again to leave without it.")
            return
        await self.saver.wait()
        self.dismiss(None)

    def on_unmount(self) -> None:
        # Leaving without Escape (quit, sign-out): write what is still waiting, here and now.
        header = self._header(report=False)  # the fields are gone: nothing to say it on
        latest = self.unsaved_field_jobs()
        if header != self.saved_header:
            latest["header"] = self._header_job(header)
        self.saver.run_now(latest)
