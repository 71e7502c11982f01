"""The support console's actions on school records: transfer a child, bring back an assessment.

Each says what it will do, asks for the support person's own password, and runs the store call
in a worker thread, like the other console actions (tui.screens.support.establishment_actions).
"""

from __future__ import annotations

from store.assessments.period_deletion import (
    DeletedPeriod,
    PeriodContents,
    deleted_periods,
    restore_period,
)
from store.establishments.establishments import EstablishmentInfo
from store.pupils.transfer import TransferPreview, preview_transfer, transfer_pupil
from tui.screens.dialogs.choose import Choice, ChooseDialog
from tui.screens.dialogs.confirm import ConfirmDialog
from tui.screens.dialogs.password import PasswordDialog
from tui.screens.status_actions import CANCELLED, StatusActions
from tui.screens.support.transfer import TransferDialog


class RecordActions(StatusActions):
    """Transferring a pupil and restoring a deleted assessment, for the support console."""

    # --- transferring a child -------------------------------------------------------------

    def transfer(self, to_school: EstablishmentInfo | None) -> None:
        """Ask the UPN and the new school (the highlighted one offered), say what moves where,
        then the password."""
        db, actor = self.database, self.actor

        def preview(upn: str, number: str) -> TransferPreview:
            return preview_transfer(db, actor, upn, number)

        def chosen(plan: TransferPreview | None) -> None:
            if plan is None:
                return
            self.screen.app.push_screen(
                ConfirmDialog(
                    f"Transfer {plan.name} to {plan.to_title}?",
                    plan.describe(),
                    yes="Transfer (your password next)",
                    no="Change nothing",
                ),
                lambda yes: self._ask_password(plan) if yes else self.report(CANCELLED, False),
            )

        number = to_school.number if to_school is not None else ""
        self.screen.app.push_screen(TransferDialog(preview, number), chosen)

    def _ask_password(self, plan: TransferPreview) -> None:
        self.screen.app.push_screen(
            PasswordDialog(f"Transfer {plan.name} to {plan.to_title}"),
            lambda password: self._transfer(plan, password),
        )

    def _transfer(self, plan: TransferPreview, password: str | None) -> None:
        db, actor = self.database, self.actor

        def done(moved: TransferPreview) -> None:
            self.changed()
            self.report(
                f"Transferred {moved.name} to {moved.to_title}; {moved.from_title} keeps its "
                "assessments of the child.",
                False,
            )

        self.with_password(
            password,
            lambda given, now: transfer_pupil(db, actor, plan.pupil_id, plan.to_id, given, now=now),
            done,
        )

    # --- deleted assessments --------------------------------------------------------------

    def deleted_assessments(self, school: EstablishmentInfo) -> None:
        """List the school's deleted assessments; the chosen one comes back after the password."""
        db, actor = self.database, self.actor
        self.report(f"Reading {school.title}'s deleted assessments…", False)

        def listed(periods: list[DeletedPeriod]) -> None:
            if not periods:
                self.report(f"{school.title} has no deleted assessment.", False)
                return
            self.report("", False)
            choices = [
                Choice(item, str(index), item.describe())
                for index, item in enumerate(periods, start=1)
            ]
            self.screen.app.push_screen(
                ChooseDialog(
                    f"Deleted assessments of {school.title}: Enter brings one back",
                    choices,
                    selected=0,
                ),
                lambda choice: self._ask_restore(school, choice),
            )

        self.run(lambda: deleted_periods(db, actor, school.id), listed, str)

    def _ask_restore(self, school: EstablishmentInfo, choice: Choice[DeletedPeriod] | None) -> None:
        if choice is None:
            return
        item = choice.value
        title = f"Bring back {item.contents.title} of {school.title}"
        self.screen.app.push_screen(
            PasswordDialog(title), lambda password: self._restore(school, item, password)
        )

    def _restore(
        self, school: EstablishmentInfo, item: DeletedPeriod, password: str | None
    ) -> None:
        db, actor = self.database, self.actor
        period_id = item.contents.period.id

        def done(back: PeriodContents) -> None:
            self.changed()
            self.report(f"Brought back {back.title} for {school.title}, with {back.held()}.", False)

        self.with_password(
            password,
            lambda given, now: restore_period(db, actor, school.id, period_id, given, now=now),
            done,
        )
