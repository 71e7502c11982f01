"""The first screen: choose an establishment, open the demo school, or create one."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from store.core.access import (
    Actor,
    Role,
    is_local_administrator,
    may_create_establishment,
    may_reset_demo,
    sees_server_details,
)
from store.core.db import Database, describe_url
from store.establishments.establishments import (
    DEMO_NUMBER,
    EstablishmentInfo,
    create_establishment,
    list_establishments,
)
from tui.screens.dialogs.forms import NewEstablishmentDialog
from tui.widgets.key_bar import KeyBar

EMPTY_MESSAGE = (
    "There is no establishment in this database yet.\n\n"
    "Press d to open the demo school, 99901 - TRAINING SCHOOL 1: fictional pupils in "
    "Nursery 1, Nursery 2 and Reception to try everything on.\n"
    "Press c to create your own establishment."
)


class StartScreen(Screen[None]):
    """Lists the establishments this person may open."""

    BINDINGS = [
        Binding(
            "d",
            "open_demo",
            "Demo school",
            id="demo",
            tooltip="Open the demo school (it asks before resetting one that exists)",
        ),
        Binding("c", "create", "New establishment", id="create-establishment"),
        Binding(
            "s",
            "support_console",
            "Support console",
            id="support-console",
            tooltip="Support console: find anyone, see why they cannot sign in",
        ),
        Binding(
            "r",
            "all_reports",
            "Reports (all)",
            id="all-reports",
            tooltip="Support: reports over all establishments",
        ),
        Binding(
            "L",
            "la_return",
            "LA return",
            id="la-return",
            tooltip="Support: the local authority's workbook of submitted End of Year ELGs",
        ),
        Binding(
            "N",
            "return_numbers",
            "Return numbers",
            id="return-numbers",
            tooltip="The highlighted establishment's LA number, DfE number and URN, which its "
            "returns to the local authority name",
        ),
        Binding(
            "h",
            "phonics_threshold",
            "Pass mark",
            id="phonics-threshold",
            tooltip="The phonics check's pass mark for a year (32 unless set)",
        ),
        Binding("q", "app.quit", "Quit", id="quit"),
    ]

    def __init__(
        self, database: Database, actor: Actor, today: date | None = None, hint: str = ""
    ) -> None:
        super().__init__()
        self.database = database
        self.actor = actor
        self.today = today
        self.hint = hint
        self.establishments: list[EstablishmentInfo] = []
        self._listed_at_mount = False

    def compose(self) -> ComposeResult:
        with Vertical(id="start"):
            yield Label("Pupil Tracker · Early Years assessment", classes="title")
            if sees_server_details(self.actor):
                yield Static(
                    f"Database: {describe_url(self.database.url)}", classes="muted", markup=False
                )
            yield Static("", id="start-message", markup=False)
            yield OptionList(id="establishments")
            if self.hint:
                yield Static(self.hint, classes="muted", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_list()
        self._listed_at_mount = True

    def on_screen_resume(self) -> None:
        # Textual resumes a screen as it is first shown too: the list read at mount is fresh.
        if self._listed_at_mount:
            self._listed_at_mount = False
            return
        self.refresh_list()

    def refresh_list(self) -> None:
        # On the UI thread: the keys typed next choose from it; 300 establishments (support)
        # read in under 8 ms (bench/ui_reads.py).
        self.establishments = list_establishments(self.database, self.actor)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(Text(e.title), id=str(e.id)) for e in self.establishments])
        self.refresh_bindings()
        message = self.query_one("#start-message", Static)
        options.display = bool(self.establishments)
        if self.establishments:
            message.update("Choose an establishment and press Enter.")
            options.focus()
            if options.highlighted is None:
                options.highlighted = 0
        else:
            message.update(EMPTY_MESSAGE)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        chosen = next(e for e in self.establishments if str(e.id) == event.option.id)
        self.open(chosen)

    def open(self, establishment: EstablishmentInfo) -> None:
        actor = self.actor
        if actor.establishment_id is None:
            actor = type(actor)(actor.username, actor.role, establishment.id, actor.source)
        # Imported here, not with this screen: the first frame does not wait for the home
        # screen's code (23 modules, about 15 ms), which the Enter key then loads.
        from tui.screens.school.home import HomeScreen

        self.app.push_screen(HomeScreen(self.database, actor, establishment, today=self.today))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("support_console", "all_reports", "la_return"):
            return self.actor.role is Role.SUPPORT
        if action == "open_demo":
            return may_reset_demo(self.actor, self._demo_id())
        if action == "create":
            return may_create_establishment(self.actor)
        if action in ("return_numbers", "phonics_threshold"):
            # Support sets these in its console; a single-machine install has no support team.
            return is_local_administrator(self.actor) and bool(self.establishments)
        return True

    def _demo_id(self) -> int | None:
        return next((e.id for e in self.establishments if e.number == DEMO_NUMBER), None)

    def action_support_console(self) -> None:
        from tui.screens.support.console import open_support_console

        open_support_console(self, self.database, self.actor)

    def action_all_reports(self) -> None:
        from tui.screens.reports.reports import ReportsScreen

        self.app.push_screen(ReportsScreen(self.database, self.actor, None, today=self.today))

    def action_la_return(self) -> None:
        from tui.screens.reports.la_return import open_la_return

        open_la_return(self, self.database, self.actor, self.today)

    def _say(self, text: str, refused: bool) -> None:
        self.notify(text, severity="error" if refused else "information")

    def action_return_numbers(self) -> None:
        from tui.screens.support.establishment_actions import EstablishmentActions

        index = self.query_one(OptionList).highlighted
        if index is None or index >= len(self.establishments):
            return
        actions = EstablishmentActions(
            self, self.database, self.actor, self.today or date.today(),
            report=self._say, changed=self.refresh_list,
        )  # fmt: skip
        actions.set_return_numbers(self.establishments[index])

    def action_phonics_threshold(self) -> None:
        from tui.screens.support.phonics_threshold import ThresholdActions

        actions = ThresholdActions(
            self, self.database, self.actor, report=self._say, changed=self.refresh_list
        )
        actions.ask(self.today or date.today())

    def action_open_demo(self) -> None:
        # The first time it is made; after that d asks before resetting it.
        from tui.screens.school.demo_flow import open_demo

        open_demo(self, self.database, self.actor, self.open)

    def action_create(self) -> None:
        def create(number: str, name: str) -> EstablishmentInfo:
            return create_establishment(self.database, self.actor, number, name)

        def done(created: EstablishmentInfo | None) -> None:
            if created is not None:
                self.notify(f"Created {created.title}.")
                self.refresh_list()
                self.open(created)

        self.app.push_screen(NewEstablishmentDialog(create), done)
