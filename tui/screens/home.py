"""The establishment's home: where each part of the tracker is one key away."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Label, Static

from store.access import Actor, Role
from store.db import Database
from store.establishments import EstablishmentInfo
from store.rules import academic_year_of, format_academic_year
from tui.widgets.key_bar import KeyBar

MENU = (
    ("a", "Assessments", "judgements and live statistics"),
    ("p", "Pupils", "find, add, edit, import, archive"),
    ("m", "Edit multiple pupils", "class, SEN, flags... for many at once"),
    ("c", "Profile", "class and custom filter names (managers)"),
    ("t", "Audit trail", "who changed what, when, from where (managers)"),
)


class HomeScreen(Screen[None]):
    """One line per part of the tracker, each opened by its letter."""

    BINDINGS = [
        Binding("a", "assessments", "Assessments", id="open-assessments"),
        Binding("p", "pupils", "Pupils", id="open-pupils"),
        Binding("m", "multi_edit", "Multi-edit", id="open-multi-edit"),
        Binding("c", "profile", "Profile", id="open-profile"),
        Binding("t", "trail", "Audit trail", id="open-trail"),
        Binding("o", "sign_out", "Sign out", id="sign-out", tooltip="Sign out of Pupil Tracker"),
        Binding("escape", "leave", "Establishments", id="leave"),
    ]

    def __init__(
        self,
        database: Database,
        actor: Actor,
        establishment: EstablishmentInfo,
        today: date | None = None,
    ) -> None:
        super().__init__()
        self.database = database
        self.actor = actor
        self.establishment = establishment
        self.today = today or date.today()

    def compose(self) -> ComposeResult:
        year = format_academic_year(academic_year_of(self.today))
        with Vertical(id="home"):
            yield Label(f"{self.establishment.title} · {year}", classes="title", markup=False)
            lines = "\n".join(f" {key}  {name:<22}{what}" for key, name, what in MENU)
            yield Static(lines, id="home-menu", markup=False)
            yield Static(
                f"Signed in as {self.actor.username} ({self.actor.role.value}). "
                "Escape goes back to the establishments; f1 lists every key.",
                classes="muted",
                markup=False,
            )
        yield KeyBar()

    def action_assessments(self) -> None:
        from tui.screens.assessments import AssessmentsScreen

        self.app.push_screen(
            AssessmentsScreen(self.database, self.actor, self.establishment, today=self.today)
        )

    def action_pupils(self) -> None:
        from tui.screens.pupils import PupilsScreen

        self.app.push_screen(
            PupilsScreen(self.database, self.actor, self.establishment, today=self.today)
        )

    def action_multi_edit(self) -> None:
        try:
            from tui.screens.multi_edit import MultiEditScreen
        except ImportError:
            self.notify("Multi-edit is not available in this build.", severity="warning")
            return
        self.app.push_screen(
            MultiEditScreen(
                self.database, self.actor, self.establishment, academic_year_of(self.today), None
            )
        )

    def action_profile(self) -> None:
        if self.actor.role is Role.USER:
            self.notify("Only a manager can change the profile.", severity="warning")
            return
        from tui.screens.profile import ProfileScreen

        self.app.push_screen(ProfileScreen(self.database, self.actor, self.establishment))

    def action_trail(self) -> None:
        if self.actor.role is Role.USER:
            self.notify("Only a manager or the support team can read the audit trail.")
            return
        from tui.screens.audit import AuditScreen

        self.app.push_screen(AuditScreen(self.database, self.actor, self.establishment))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "sign_out":
            return getattr(self.app, "session_guard", None) is not None
        return True

    def action_sign_out(self) -> None:
        guard = getattr(self.app, "session_guard", None)
        if guard is not None:
            guard.sign_out()

    def action_leave(self) -> None:
        self.dismiss(None)
