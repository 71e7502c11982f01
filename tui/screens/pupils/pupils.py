"""The Pupils screen: search as you type, open, add, mark and archive, interventions, import."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Input, Label, Select, Static

from store.assessments.cohort import PupilRow
from store.core.access import Actor
from store.core.db import Database
from store.core.errors import StoreError
from store.core.words import plural
from store.curriculum.dates import academic_year_of, format_academic_year
from store.curriculum.eyfs import YearGroup
from store.establishments.establishments import EstablishmentInfo
from store.pupils import editing, pupils
from store.pupils.profile import get_profile
from store.pupils.pupils import PupilSearch, pupil_year_group
from tui.screens.dialogs.confirm import ConfirmDialog
from tui.store_call import run_store_call
from tui.widgets.key_bar import KeyBar
from tui.widgets.pupils.pupil_list import PupilList


class PupilsScreen(Screen[None]):
    """The establishment's pupils; the search narrows the list at every key."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search", id="search", tooltip="Type a surname to search"),
        Binding(
            "c",
            "clear_search",
            "Clear search",
            id="clear-search",
            tooltip="Clear the surname, UPN, class and year searched for",
        ),
        # Inputs take no Down: from the search, Down (like Enter) goes to the list.
        Binding("down", "to_list", "To the list", show=False, id="to-list"),
        Binding("plus,n", "add", "Add", id="add-pupil", tooltip="Add a pupil"),
        Binding("x", "archive", "Archive", id="archive", tooltip="Archive the marked pupils"),
        Binding("i", "interventions", "Interventions", id="interventions"),
        Binding(
            "s", "save_search", "Save search", id="save-search", tooltip="Search and save selection"
        ),
        Binding(
            "m",
            "multi_edit",
            "Multi-edit",
            id="multi-edit",
            tooltip="Edit the pupils shown together",
        ),
        Binding(
            "I",
            "import_pupils",
            "Import",
            show=False,
            id="import",
            tooltip="Import pupils from a CSV file",
        ),
        Binding(
            "T",
            "template",
            "Template",
            show=False,
            id="template",
            tooltip="Write the pupil upload template",
        ),
        Binding(
            "D",
            "data_download",
            "Data download",
            show=False,
            id="data-download",
            tooltip="Every judgement, score, note and target the establishment holds, as a CSV "
            "(and a workbook) in its outbox",
        ),
        Binding("escape", "leave", "Back", show=False, id="back"),
    ]

    DEFAULT_CSS = """
    PupilsScreen #search-bar { height: 1; }
    PupilsScreen #search-bar Label { padding: 0 1; }
    PupilsScreen #search-bar Input { width: 16; }
    PupilsScreen #search-bar Select { width: 16; }
    PupilsScreen #pupils-status { height: 1; background: $panel; padding: 0 1; }
    """

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
        self.academic_year = academic_year_of(self.today)
        self.all_pupils: list[PupilRow] = []
        self.loaded = False
        self.years: dict[int, YearGroup | None] = {}
        # On the UI thread: the screen is built from them; one indexed row each (under a
        # millisecond, bench/ui_reads.py).
        self.profile = get_profile(database, actor, establishment.id)
        self.search = pupils.saved_search(database, actor, establishment.id)
        self.search_was_empty = self.search.is_empty

    def compose(self) -> ComposeResult:
        yield Static(
            f"{self.establishment.title} · Pupils · {format_academic_year(self.academic_year)}",
            id="cohort-bar",
            markup=False,
        )
        # Text, never markup: class names are typed by people and may hold [brackets].
        classes = [
            (Text(name), slot) for slot, name in enumerate(self.profile.class_names, start=1)
        ]
        groups = [(Text(group.label), group.value) for group in YearGroup]
        with Horizontal(id="search-bar"):
            yield Label("Surname")
            yield Input(self.search.surname, id="surname", compact=True)
            yield Label("UPN")
            yield Input(self.search.upn, id="upn", compact=True)
            yield Select(
                classes,
                prompt="Any class",
                id="class",
                compact=True,
                value=self.search.class_slot or Select.NULL,
            )
            yield Select(
                groups,
                prompt="Any year",
                id="year",
                compact=True,
                value=self.search.year_group.value if self.search.year_group else Select.NULL,
            )
        yield PupilList(id="pupil-list")
        yield Static("", id="pupils-status", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(PupilList).class_names = self.profile.class_names
        self.reload()
        self.query_one(PupilList).focus()

    def on_screen_resume(self) -> None:
        # Back from the record, an import or multi-edit: show what is true now. (Not whether
        # the list was empty: the first pupil added to an empty school must show too.)
        if self.loaded:
            self.reload()

    def reload(self) -> None:
        """Read the pupils again, in a worker: a school of 2,000 takes longer than a frame
        (bench/ui_reads.py). The list shows them when they come."""
        database, actor, school, year = (
            self.database,
            self.actor,
            self.establishment.id,
            self.academic_year,
        )

        def read() -> tuple[list[PupilRow], dict[int, YearGroup | None]]:
            rows = pupils.list_pupils(database, actor, school, year)
            return rows, {p.id: pupil_year_group(p, year) for p in rows}

        run_store_call(
            self, read, self._listed, group="pupils-list", exclusive=True, hold_keys=True
        )

    def _listed(self, read: tuple[list[PupilRow], dict[int, YearGroup | None]]) -> None:
        self.all_pupils, self.years = read
        self.loaded = True
        self.apply_search()

    def apply_search(self) -> None:
        found = pupils.search_pupils(self.all_pupils, self.search, self.academic_year)
        listing = self.query_one(PupilList)
        listing.marked &= {pupil.id for pupil in self.all_pupils}
        listing.show(found, self.years)
        if self.search.is_empty != self.search_was_empty:
            self.search_was_empty = self.search.is_empty
            self.refresh_bindings()  # c Clear search is offered only while there is one

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        if event.input.id == "surname":
            self.search = PupilSearch(
                event.value, self.search.upn, self.search.class_slot, self.search.year_group
            )
        elif event.input.id == "upn":
            self.search = PupilSearch(
                self.search.surname, event.value, self.search.class_slot, self.search.year_group
            )
        self.apply_search()

    @on(Input.Submitted)
    def _search_done(self) -> None:
        self.query_one(PupilList).focus()

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        value = None if event.value is Select.NULL else event.value
        if event.select.id == "class":
            slot = value if isinstance(value, int) else None
            self.search = PupilSearch(
                self.search.surname, self.search.upn, slot, self.search.year_group
            )
        elif event.select.id == "year":
            group = YearGroup(value) if isinstance(value, str) else None
            self.search = PupilSearch(
                self.search.surname, self.search.upn, self.search.class_slot, group
            )
        self.apply_search()

    @on(PupilList.Moved)
    def _update_status(self) -> None:
        listing = self.query_one(PupilList)
        marked = len(listing.marked)
        text = (
            f"{len(listing.rows):,} of {len(self.all_pupils):,} pupils · Enter opens · space marks"
        )
        if marked:
            text += f" · {marked} marked (x archives them)"
        if not self.search.is_empty:
            text += " · searching"
        self.query_one("#pupils-status", Static).update(text, layout=False)

    @on(PupilList.Opened)
    def _open(self, event: PupilList.Opened) -> None:
        self._edit(event.pupil.id)

    def _edit(self, pupil_id: int | None) -> None:
        from tui.screens.pupils.pupil_form import PupilFormScreen

        self.app.push_screen(
            PupilFormScreen(
                self.database,
                self.actor,
                self.establishment,
                pupil_id,
                self.profile,
                self.today,
                self.academic_year,
            )
        )

    def action_focus_search(self) -> None:
        self.query_one("#surname", Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_search":
            return not self.search.is_empty  # offered while there is a search to clear
        return True

    def action_clear_search(self) -> None:
        self.search = PupilSearch()
        for field in self.query(Input):
            field.value = ""
        for select in self.query(Select):
            select.clear()
        self.apply_search()

    def action_to_list(self) -> None:
        self.query_one(PupilList).focus()

    def action_add(self) -> None:
        self._edit(None)

    def action_save_search(self) -> None:
        pupils.save_search(self.database, self.actor, self.establishment.id, self.search)
        self.notify("Search saved: it will be here next time.")

    def action_archive(self) -> None:
        listing = self.query_one(PupilList)
        ids = set(listing.marked)
        if not ids:
            self.notify(
                "Mark pupils with space first (* marks every pupil shown).", severity="warning"
            )
            return
        names = [p.display_name for p in self.all_pupils if p.id in ids]

        def done(yes: bool | None) -> None:
            if not yes:
                return
            try:
                count = editing.archive_pupils(
                    self.database, self.actor, self.establishment.id, ids, today=self.today
                )
            except StoreError as error:
                self.notify(str(error), severity="error")
                return
            listing.marked.clear()
            self.notify(
                f"Archived {plural(count, 'pupil')}. Only the support team can bring them back."
            )
            self.reload()

        shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
        self.app.push_screen(
            ConfirmDialog(
                f"Archive {plural(len(ids), 'pupil')}?",
                f"{shown}. They leave every list, grid and statistic; only the support team "
                "can bring them back.",
                yes="Archive",
                no="Keep them",
            ),
            done,
        )

    def action_interventions(self) -> None:
        pupil = self.query_one(PupilList).current
        if pupil is None:
            return
        from tui.screens.pupils.interventions import InterventionsScreen

        self.app.push_screen(
            InterventionsScreen(self.database, self.actor, self.establishment, pupil, self.today)
        )

    def action_multi_edit(self) -> None:
        try:
            from tui.screens.pupils.multi_edit import MultiEditScreen
        except ImportError:
            self.notify("Multi-edit is not available in this build.", severity="warning")
            return
        rows = self.query_one(PupilList).rows
        self.app.push_screen(
            MultiEditScreen(
                self.database, self.actor, self.establishment, self.academic_year, None, rows=rows
            )
        )

    def action_import_pupils(self) -> None:
        from tui.screens.pupils.pupil_import import ImportScreen

        self.app.push_screen(
            ImportScreen(self.database, self.actor, self.establishment, self.today)
        )

    def action_template(self) -> None:
        from tui.screens.pupils.pupil_import import write_template_here

        write_template_here(self, self.establishment)

    def action_data_download(self) -> None:
        from tui.screens.pupils.data_download import write_data_download_here

        write_data_download_here(self, self.database, self.actor, self.establishment)

    def action_leave(self) -> None:
        focused = self.focused
        if isinstance(focused, Input) and focused.value:
            focused.value = ""  # Escape in a search clears it first
            return
        if isinstance(focused, Input | Select):
            self.query_one(PupilList).focus()
            return
        self.dismiss(None)
