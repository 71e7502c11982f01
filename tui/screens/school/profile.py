"""The establishment's profile: its names for the 6 custom filters and the 20 classes."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from store.core.access import Actor
from store.core.db import Database
from store.core.errors import InvalidInput, StoreError
from store.curriculum.eyfs import CLASS_SLOTS
from store.establishments.establishments import EstablishmentInfo
from store.pupils.profile import MAX_CLASS_NAME, Profile, get_profile, update_profile
from tui.widgets.key_bar import KeyBar
from tui.widgets.text_field import TextField


class ProfileScreen(Screen[None]):
    """F2 saves every name at once; the new names show everywhere straight away."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "save", "Save", id="save-profile"),
        Binding("escape", "leave", "Back", id="leave-profile"),
    ]
    DEFAULT_CSS = """
    ProfileScreen .row { height: 1; }
    ProfileScreen .row Label { width: 18; }
    ProfileScreen .row Input { width: 42; }
    ProfileScreen #profile-problem { color: $text-error; text-style: bold; height: auto; }
    """

    def __init__(self, database: Database, actor: Actor, establishment: EstablishmentInfo) -> None:
        super().__init__()
        self.database = database
        self.actor = actor
        self.establishment = establishment
        # On the UI thread: the form opens filled in; one row (bench/ui_reads.py).
        self.profile = get_profile(database, actor, establishment.id)

    def compose(self) -> ComposeResult:
        yield Static(f"{self.establishment.title} · Profile", id="cohort-bar", markup=False)
        # Above the scrolling names, so it stays in view by the field it is about.
        yield Static("", id="profile-problem", markup=False)
        with VerticalScroll():
            yield Label(
                f"Custom filters (names of at most {MAX_CLASS_NAME} characters)", classes="muted"
            )
            for index, name in enumerate(self.profile.custom_names, start=1):
                yield Horizontal(
                    Label(f"CUSTOM {index}"),
                    TextField(
                        name,
                        max_length=MAX_CLASS_NAME,
                        what="A custom filter's name",
                        id=f"custom-{index}",
                        compact=True,
                    ),
                    classes="row",
                )
            yield Label(f"Classes (names of at most {MAX_CLASS_NAME} characters)", classes="muted")
            for slot, name in enumerate(self.profile.class_names, start=1):
                yield Horizontal(
                    Label(f"Class slot {slot}"),
                    TextField(
                        name,
                        max_length=MAX_CLASS_NAME,
                        what="A class name",
                        id=f"class-{slot}",
                        compact=True,
                    ),
                    classes="row",
                )
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#custom-1", Input).focus()

    def action_save(self) -> None:
        profile = Profile(
            tuple(self.query_one(f"#custom-{n}", Input).value for n in range(1, 7)),
            tuple(
                self.query_one(f"#class-{slot}", Input).value for slot in range(1, CLASS_SLOTS + 1)
            ),
        )
        try:
            self.profile = update_profile(self.database, self.actor, self.establishment.id, profile)
        except StoreError as error:
            self.query_one("#profile-problem", Static).update(f"Not saved. {error}")
            field = error.field if isinstance(error, InvalidInput) else None
            if field:  # "custom_2" is the input #custom-2: put the cursor on it
                for wrong in self.query(f"#{field.replace('_', '-')}"):
                    wrong.focus()
            return
        self.notify("Profile saved.")
        self.dismiss(None)

    def action_leave(self) -> None:
        self.dismiss(None)
