"""The meeting screen's text fields save themselves: when left, or after a pause in typing."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import datetime
from functools import partial
from typing import Any

from rich.text import Text
from textual import events, on
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static, TextArea

from store.core.access import Actor
from store.core.db import Database
from store.establishments.establishments import EstablishmentInfo
from store.meetings import rows as meeting_rows
from store.meetings.rows import Section
from tui.screens.meetings.autosave import AutoSaver
from tui.screens.meetings.rows import (
    FieldKey,
    MeetingInput,
    MeetingText,
    RowRef,
    TextField,
    too_long,
)

DEBOUNCE_SECONDS = 1.0  # a pause in typing this long saves the field


class TypedFieldsScreen(Screen[None]):
    """Keeps what is typed: each field is queued for saving as it is left or typing pauses.

    The store calls run in the AutoSaver's thread, one at a time, so keys never wait; at worst
    the field being typed is lost if the connection drops. The screen shows "#meeting-status".
    """

    def __init__(
        self, database: Database, actor: Actor, establishment: EstablishmentInfo, meeting_id: int
    ) -> None:
        super().__init__()
        self.database = database
        self.actor = actor
        self.establishment = establishment
        self.meeting_id = meeting_id
        self.saver = AutoSaver(self, self.say_error)
        self.timers: dict[Hashable, Timer] = {}
        self.dirty: dict[FieldKey, TextField] = {}

    # --- saying what happened -------------------------------------------------------------------

    def say(self, message: str) -> None:
        self.query_one("#meeting-status", Static).update(message)

    def say_error(self, message: str) -> None:
        self.say_problem(message)
        self.notify(message, severity="error")

    def say_problem(self, message: str) -> None:
        """In the status line only: for what is said again at each key, such as a long name."""
        self.query_one("#meeting-status", Static).update(Text(message, style="bold"))

    def say_saved(self) -> None:
        self.say(f"Saved {datetime.now():%H:%M:%S}.")

    # --- typing ---------------------------------------------------------------------------------

    def restart_timer(self, key: Hashable, then: Callable[[], object]) -> None:
        self.stop_timer(key)
        self.timers[key] = self.set_timer(DEBOUNCE_SECONDS, then)

    def stop_timer(self, key: Hashable) -> bool:
        timer = self.timers.pop(key, None)
        if timer is not None:
            timer.stop()
        return timer is not None

    @on(TextArea.Changed)
    def _text_changed(self, event: TextArea.Changed) -> None:
        if isinstance(event.text_area, MeetingText):
            self._typed(event.text_area)

    @on(Input.Changed)
    def _field_input_changed(self, event: Input.Changed) -> None:
        if isinstance(event.input, MeetingInput):
            self._typed(event.input)

    def _typed(self, field: TextField) -> None:
        problem = too_long(field)
        if problem:
            self.say_problem(problem)
        if field.current == field.saved:
            return
        self.dirty[field.key] = field
        self.restart_timer(field.key, partial(self.save_field, field))

    @on(events.DescendantBlur)
    def _field_left(self, event: events.DescendantBlur) -> None:
        if isinstance(event.widget, MeetingText | MeetingInput):
            self.save_field(event.widget)

    def _set_text_job(self, key: FieldKey, text: str) -> Callable[[], Any]:
        section, ref, name = key
        base = (self.database, self.actor, self.establishment.id, self.meeting_id, section)

        def run() -> bool:
            # The row's id is read now: a new row's insert has run by the time this does.
            return meeting_rows.set_text(*base, ref.require(), name, text)

        return run

    def save_field(self, field: TextField) -> None:
        """Queue the field's text for saving, unless it is what was saved last."""
        self.stop_timer(field.key)
        text = field.current
        problem = too_long(field)
        if problem:
            self.say_problem(problem)  # kept as typed, and saved once it is short enough
            return
        self.dirty.pop(field.key, None)
        if text == field.saved:
            return

        def done(_changed: bool) -> None:
            field.saved = text
            self.say_saved()

        self.say("Saving…")
        self.saver.put(("text", *field.key), self._set_text_job(field.key, text), done)

    def save_typed_fields(self) -> None:
        """Queue every field typed in and not yet saved."""
        for field in list(self.dirty.values()):
            self.save_field(field)

    def forget_row(self, section: Section, ref: RowRef) -> None:
        """Drop what waits to be saved into a row that is being deleted (not the row's insert:
        a delete queued behind it needs its id)."""
        for key in [k for k in self.timers if isinstance(k, tuple) and k[:2] == (section, ref)]:
            self.stop_timer(key)
        self.dirty = {key: f for key, f in self.dirty.items() if key[:2] != (section, ref)}
        self.saver.discard(
            lambda key: (
                not (isinstance(key, tuple) and key[0] != "add" and key[1:3] == (section, ref))
            )
        )

    def unsaved_field_jobs(self) -> dict[Hashable, Callable[[], Any]]:
        """The saves still owed, to run at once when the screen goes away."""
        for key in list(self.timers):
            self.stop_timer(key)
        return {
            ("text", *field.key): self._set_text_job(field.key, field.current)
            for field in self.dirty.values()
        }
