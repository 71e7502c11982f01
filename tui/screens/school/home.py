"""The establishment's home: where each part of the tracker is one key away."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Label, Static

from store.core.access import Actor, Role
from store.core.db import Database
from store.curriculum.dates import academic_year_of, format_academic_year
from store.establishments.establishments import EstablishmentInfo
from tui.styles_ahead import parse_styles_ahead
from tui.widgets.key_bar import KeyBar
from tui.widgets.school.headline import HomeBoard
from tui.widgets.support_contact import SupportContactLine

_RANK = {Role.USER: 0, Role.MANAGER: 1, Role.SUPPORT: 2}

# (key, action, name, what it is for, the least role that may use it)
MENU = (
    ("a", "assessments", "Assessments", "judgements and live statistics", Role.USER),
    ("p", "pupils", "Pupils", "find, add, edit, import, archive", Role.USER),
    ("r", "reports", "Reports", "Full Report, Venn diagrams, ELG summary, to Excel", Role.USER),
    ("g", "meetings", "Progress meetings", "Reception cohort progress meetings", Role.USER),
    ("m", "multi_edit", "Edit multiple pupils", "class, SEN, flags... for many at once", Role.USER),
    ("d", "discussion_areas", "Discussion areas", "questions for progress meetings", Role.MANAGER),
    ("c", "profile", "Profile", "class and custom filter names", Role.MANAGER),
    ("t", "trail", "Audit trail", "who changed what, when, from where", Role.MANAGER),
    ("u", "users", "Users", "add, reset, disable, change role", Role.MANAGER),
    (
        "s",
        "support_console",
        "Support console",
        "find anyone, why they cannot sign in",
        Role.SUPPORT,
    ),
    ("n", "news", "News", "post, edit and retire news for everyone", Role.SUPPORT),
    ("P", "change_password", "Change my password", "your current one, then the new one", Role.USER),
)
# Only for someone signed in: without accounts there is no password to change.
SIGNED_IN_ONLY = frozenset({"change_password", "sign_out"})
_LEAST_ROLE = {action: role for _, action, _, _, role in MENU}


def may_open(actor: Actor, action: str) -> bool:
    """Whether `actor`'s role reaches this part of the tracker (the store checks again)."""
    least = _LEAST_ROLE.get(action)
    return least is None or _RANK[actor.role] >= _RANK[least]


class HomeScreen(Screen[None]):
    """One line per part of the tracker, each opened by its letter."""

    BINDINGS = [
        Binding("a", "assessments", "Assessments", id="open-assessments"),
        Binding("p", "pupils", "Pupils", id="open-pupils"),
        Binding("r", "reports", "Reports", id="open-reports", tooltip="Reports of a cohort"),
        Binding(
            "g",
            "meetings",
            "Meetings",
            id="open-meetings",
            show=False,
            tooltip="Reception cohort progress meetings",
        ),
        Binding(
            "d",
            "discussion_areas",
            "Discussion areas",
            id="open-discussion-areas",
            show=False,
            tooltip="Discussion areas: the questions for progress meetings (managers)",
        ),
        Binding("m", "multi_edit", "Multi-edit", id="open-multi-edit", show=False),
        Binding("c", "profile", "Profile", id="open-profile", show=False),
        Binding("t", "trail", "Audit trail", id="open-trail", show=False),
        Binding(
            "u",
            "users",
            "Users",
            id="open-users",
            show=False,
            tooltip="The establishment's accounts",
        ),
        Binding(
            "s",
            "support_console",
            "Support",
            id="open-support-console",
            show=False,
            tooltip="Support console: find anyone, see why they cannot sign in",
        ),
        Binding(
            "n",
            "news",
            "News",
            id="open-news",
            show=False,
            tooltip="Post, edit, retire news (support)",
        ),
        Binding(
            "P",
            "change_password",
            "Password",
            id="change-my-password",
            show=False,
            tooltip="Change my password (your other sessions end)",
        ),
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

    def on_mount(self) -> None:
        # The Assessments grid is what most people open from here: its code (about 40 ms of
        # imports) and its styles load once this screen is painted, while they read it, not
        # after they press a.
        self.call_after_refresh(self._prepare_the_grid)

    def _prepare_the_grid(self) -> None:
        # Textual imports its scroll bars with the first scrolling widget's frame: the grid's.
        import textual.scrollbar  # noqa: F401

        from tui.screens.assessments.grid_screen import STYLED_CLASSES

        parse_styles_ahead(self.app, STYLED_CLASSES)

    def compose(self) -> ComposeResult:
        year = format_academic_year(academic_year_of(self.today))
        with Vertical(id="home"):
            yield Label(f"{self.establishment.title} · {year}", classes="title", markup=False)
            lines = "\n".join(
                f" {key}  {name:<22}{what}"
                for key, action, name, what, _ in MENU
                if may_open(self.actor, action) and self.check_action(action, ()) is not False
            )
            yield Static(lines, id="home-menu", markup=False)
            yield HomeBoard(self.database, self.actor, self.establishment.id, self.today)
            if self.check_action("sign_out", ()):  # a service with accounts, hence a support team
                yield SupportContactLine(
                    self.database, prefix="Support: ", short=True, id="home-support-contact"
                )
            yield Static(
                # One line: at 80x24 every line here is one fewer for the news.
                f"Signed in as {self.actor.username} ({self.actor.role.value}) · "
                "Escape: establishments · f1: every key",
                classes="muted",
                markup=False,
            )
        yield KeyBar()

    def action_assessments(self) -> None:
        from tui.screens.assessments.grid_screen import AssessmentsScreen

        self.app.push_screen(
            AssessmentsScreen(self.database, self.actor, self.establishment, today=self.today)
        )

    def action_reports(self) -> None:
        from tui.screens.reports.reports import ReportsScreen

        self.app.push_screen(
            ReportsScreen(self.database, self.actor, self.establishment, today=self.today)
        )

    def action_pupils(self) -> None:
        from tui.screens.pupils.pupils import PupilsScreen

        self.app.push_screen(
            PupilsScreen(self.database, self.actor, self.establishment, today=self.today)
        )

    def action_multi_edit(self) -> None:
        try:
            from tui.screens.pupils.multi_edit import MultiEditScreen
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
        from tui.screens.school.profile import ProfileScreen

        self.app.push_screen(ProfileScreen(self.database, self.actor, self.establishment))

    def action_meetings(self) -> None:
        from tui.screens.meetings.meetings import MeetingsScreen

        self.app.push_screen(
            MeetingsScreen(self.database, self.actor, self.establishment, today=self.today)
        )

    def action_discussion_areas(self) -> None:
        if self.actor.role is Role.USER:
            self.notify("Only a manager or the support team can change the discussion areas.")
            return
        from tui.screens.meetings.discussion_areas import DiscussionAreasScreen

        self.app.push_screen(
            DiscussionAreasScreen(self.database, self.actor, self.establishment, today=self.today)
        )

    def action_trail(self) -> None:
        if self.actor.role is Role.USER:
            self.notify("Only a manager or the support team can read the audit trail.")
            return
        from tui.screens.accounts.audit import AuditScreen

        self.app.push_screen(AuditScreen(self.database, self.actor, self.establishment))

    def action_users(self) -> None:
        from tui.screens.accounts.school_accounts import open_school_accounts

        open_school_accounts(self, self.database, self.actor, self.establishment)

    def action_support_console(self) -> None:
        from tui.screens.support.console import open_support_console

        open_support_console(self, self.database, self.actor)

    def on_screen_suspend(self) -> None:
        self.query_one(HomeBoard).pause()

    def on_screen_resume(self) -> None:
        # Each time home comes into view: news or judgements may have changed meanwhile.
        self.query_one(HomeBoard).reload()
        for line in self.query(SupportContactLine):
            line.reload()

    def action_news(self) -> None:
        from tui.screens.school.news import NewsScreen

        self.app.push_screen(NewsScreen(self.database, self.actor, self.today))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not may_open(self.actor, action):
            return False  # not on this person's menu either
        if action in SIGNED_IN_ONLY:
            return getattr(self.app, "session_guard", None) is not None
        return True

    def action_change_password(self) -> None:
        from tui.screens.accounts.change_password import CHANGED, ChangePasswordDialog

        def done(changed: bool | None) -> None:
            if changed:
                self.notify(CHANGED)

        self.app.push_screen(ChangePasswordDialog(self.database, self.actor), done)

    def action_sign_out(self) -> None:
        guard = getattr(self.app, "session_guard", None)
        if guard is not None:
            guard.sign_out()

    def action_leave(self) -> None:
        self.dismiss(None)
