"""Choose archived pupils to bring back: space marks, * marks every one, Enter goes on."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from store.assessments.cohort import PupilRow
from tui.widgets.tick import TickList, plain_selection


def pupil_line(pupil: PupilRow) -> str:
    return f"{pupil.display_name[:36]:<36}  {pupil.upn:<13}  {pupil.date_of_birth:%d/%m/%Y}"


class ArchivedPupilsDialog(ModalScreen[list[int] | None]):
    """Dismisses with the ids of the marked pupils (never empty), or None when cancelled."""

    DEFAULT_CSS = """
    ArchivedPupilsDialog #archived-list { height: auto; max-height: 14; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "bring_back", "Bring back", priority=True),
        Binding("asterisk", "mark_all", "Mark all"),
    ]

    def __init__(self, establishment_title: str, pupils: list[PupilRow]) -> None:
        super().__init__()
        self.establishment_title = establishment_title
        self.pupils = pupils

    def compose(self) -> ComposeResult:
        selections = [plain_selection(pupil_line(pupil), pupil.id) for pupil in self.pupils]
        with Vertical(classes="dialog"):
            yield Label(
                f"Archived pupils of {self.establishment_title}",
                classes="dialog-title",
                markup=False,
            )
            yield TickList(*selections, id="archived-list")
            yield Label("", id="archived-problem", classes="dialog-error", markup=False)
            yield Label(
                "Space marks · * marks all · Enter brings the marked back · Esc cancels",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one(TickList).focus()

    def action_mark_all(self) -> None:
        pupils = self.query_one(TickList)
        if len(pupils.selected) == len(self.pupils):
            pupils.deselect_all()
        else:
            pupils.select_all()

    def action_bring_back(self) -> None:
        marked = list(self.query_one(TickList).selected)
        if not marked:
            self.query_one("#archived-problem", Label).update(
                "Mark at least one pupil with space first."
            )
            return
        self.dismiss(marked)

    def action_cancel(self) -> None:
        self.dismiss(None)
