"""The support console's actions on an establishment: bring back archived pupils, in-house UPNs,
the numbers a return names it by.

The first two ask for the support person's own password and run in a worker thread, like the
account actions (tui.screens.accounts.account_actions), whose refusal messages they share.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from textual.screen import Screen

from store.assessments.cohort import PupilRow
from store.core.access import Actor
from store.core.db import Database
from store.curriculum.dates import academic_year_of
from store.establishments.establishments import EstablishmentInfo
from store.establishments.return_identity import set_return_identity
from store.pupils.editing import unarchive_pupils
from store.pupils.pupils import list_pupils
from store.pupils.upn_issuer import issue_inhouse_upns
from tui.screens.dialogs.password import PasswordDialog
from tui.screens.dialogs.shown_once import ShownOnceDialog
from tui.screens.pupils.archived_pupils import ArchivedPupilsDialog
from tui.screens.pupils.upn_request import UpnRequest, UpnRequestDialog
from tui.screens.status_actions import CANCELLED, Report, StatusActions
from tui.screens.support.return_identity import ReturnIdentityDialog
from tui.widgets.accounts.account_panel import return_numbers_text


class EstablishmentActions(StatusActions):
    """Retrieving archived pupils and issuing in-house UPNs for one screen."""

    def __init__(
        self,
        screen: Screen[Any],
        database: Database,
        actor: Actor,
        today: date,
        *,
        report: Report,
        changed: Callable[[], None],
    ) -> None:
        super().__init__(screen, database, actor, report=report, changed=changed)
        self.today = today
        self.la_code = ""  # the last LA number used, offered again

    # --- archived pupils ------------------------------------------------------------------

    def retrieve_archived(self, school: EstablishmentInfo) -> None:
        """List the school's archived pupils; the marked ones come back after the password."""
        db, actor, year = self.database, self.actor, academic_year_of(self.today)
        self.report(f"Reading {school.title}'s archived pupils…", False)

        def listed(pupils: list[PupilRow]) -> None:
            if not pupils:
                self.report(f"{school.title} has no archived pupils.", False)
                return
            self.report("", False)
            self.screen.app.push_screen(ArchivedPupilsDialog(school.title, pupils), marked)

        def marked(ids: list[int] | None) -> None:
            if not ids:
                return
            question = f"Bring back {len(ids)} archived pupil(s) of {school.title}?"
            self.screen.app.push_screen(
                PasswordDialog(question), lambda password: self._unarchive(ids, password)
            )

        # A read: the store's own words, not "Not done: ...".
        self.run(lambda: list_pupils(db, actor, school.id, year, archived=True), listed, str)

    def _unarchive(self, ids: list[int], password: str | None) -> None:
        db, actor = self.database, self.actor

        def done(count: int) -> None:
            self.changed()
            self.report(f"Brought back {count} pupil(s): they are in the lists and grids.", False)

        self.with_password(
            password, lambda given, now: unarchive_pupils(db, actor, ids, given, now=now), done
        )

    # --- in-house UPNs --------------------------------------------------------------------

    def issue_upns(self, school: EstablishmentInfo) -> None:
        """Ask how many and the LA number, then the password; show the UPNs issued."""

        def asked(request: UpnRequest | None) -> None:
            if request is None:
                return
            self.la_code = request.la_code
            question = f"Issue {request.count} in-house UPN(s) for {school.title}?"
            self.screen.app.push_screen(
                PasswordDialog(question), lambda password: self._issue(school, request, password)
            )

        self.screen.app.push_screen(UpnRequestDialog(school.title, self.la_code), asked)

    def _issue(self, school: EstablishmentInfo, request: UpnRequest, password: str | None) -> None:
        db, actor = self.database, self.actor

        def issue(given: str, now: datetime) -> list[str]:
            return issue_inhouse_upns(
                db,
                actor,
                given,
                establishment_id=school.id,
                la_code=request.la_code,
                now=now,
                count=request.count,
            )

        def done(upns: list[str]) -> None:
            self.changed()
            self.report(f"Issued {len(upns)} in-house UPN(s) for {school.title}.", False)
            self.screen.app.push_screen(
                ShownOnceDialog(
                    f"In-house UPNs for {school.title}",
                    "\n".join("  ".join(upns[i : i + 4]) for i in range(0, len(upns), 4)),
                    "Copy them from here (c), or read them later in the audit trail (action "
                    f'"issue in-house UPNs", establishment {school.number}), which can be '
                    "exported. None is ever issued twice.",
                    copy_text="\n".join(upns),
                )
            )

        self.with_password(password, issue, done)

    # --- the numbers a return names it by ----------------------------------------------------

    def set_return_numbers(self, school: EstablishmentInfo) -> None:
        """Ask for the LA number, DfE number and URN; the dialog stays open while refused."""
        db, actor = self.database, self.actor

        def save(la_number: str, dfe_number: str, urn: str) -> EstablishmentInfo:
            # On the UI thread, as the new-establishment form's write: one row and its audit.
            return set_return_identity(
                db, actor, school.id, la_number=la_number, dfe_number=dfe_number, urn=urn
            )

        def done(saved: EstablishmentInfo | None) -> None:
            if saved is None:
                self.report(CANCELLED, False)
                return
            self.changed()
            self.report(f"{saved.title}: {return_numbers_text(saved)}.", False)

        self.screen.app.push_screen(ReturnIdentityDialog(school, save), done)
