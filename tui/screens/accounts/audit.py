"""The audit trail: who changed what, when and from where, filtered; exported as CSV."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label, Static

from exports.trail_csv import trail_file, write_trail_csv
from store.core.access import Actor, Role
from store.core.audit_trail import PAGE, TrailEntry, TrailFilter, read_trail
from store.core.db import Database
from store.core.errors import StoreError
from store.core.words import plural
from store.curriculum.dates import parse_uk_date
from store.establishments.establishments import EstablishmentInfo, find_establishment_by_number
from tui.screens.file_places import cannot_write, saved_where
from tui.store_call import run_store_call
from tui.widgets.key_bar import KeyBar

COLUMNS = ("When", "Who", "Pupil", "Action", "What", "Old", "New", "From")


class AuditScreen(Screen[None]):
    """Filters on one line (Enter applies); the newest entries first, a page at a time."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_filters", "Filter", id="trail-filter"),
        Binding("enter", "open_entry", "Open", id="trail-open", tooltip="The whole entry"),
        Binding("m", "more", "More", id="trail-more", tooltip=f"Load {PAGE} older entries"),
        Binding("e", "export", "Export", id="trail-export", tooltip="Write what is shown as CSV"),
        Binding("escape", "leave", "Back", id="trail-back"),
    ]
    DEFAULT_CSS = """
    AuditScreen #trail-filters { height: 1; }
    AuditScreen #trail-filters Label { padding: 0 1; }
    AuditScreen #trail-filters Input { width: 1fr; }
    AuditScreen #trail-table { height: 1fr; }
    AuditScreen #trail-status { height: 1; background: $panel; padding: 0 1; }
    """

    def __init__(self, database: Database, actor: Actor, establishment: EstablishmentInfo) -> None:
        super().__init__()
        self.database = database
        self.actor = actor
        self.establishment = establishment
        self.entries: list[TrailEntry] = []
        self.trail = TrailFilter(establishment_id=establishment.id)

    def compose(self) -> ComposeResult:
        yield Static(f"{self.establishment.title} · Audit trail", id="cohort-bar", markup=False)
        with Horizontal(id="trail-filters"):
            if self.actor.role is Role.SUPPORT:
                yield Label("School")
                yield Input(
                    self.establishment.number, placeholder="all", id="trail-school", compact=True
                )
            yield Label("Who")
            yield Input(id="trail-user", compact=True)
            yield Label("Pupil")
            yield Input(id="trail-pupil", compact=True)
            yield Label("From")
            yield Input(placeholder="dd/mm/yyyy", id="trail-from", compact=True)
            yield Label("To")
            yield Input(placeholder="dd/mm/yyyy", id="trail-to", compact=True)
        yield DataTable(id="trail-table", cursor_type="row", zebra_stripes=False)
        yield Static("", id="trail-status", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(*COLUMNS)
        self.load()
        self.query_one(DataTable).focus()

    def load(self, more: bool = False) -> None:
        """Read a page of the trail (the next one, when `more`) in a worker: a filter that
        matches nobody reads the whole trail (350 ms over 500,000 rows, bench/ui_reads.py)."""
        database, actor, trail = self.database, self.actor, self.trail
        offset = len(self.entries) if more else 0
        run_store_call(
            self,
            lambda: read_trail(database, actor, trail, offset=offset),
            lambda page: self._show(page, more),
            lambda error: self.notify(str(error), severity="error"),
            group="trail",
            exclusive=True,
            hold_keys=True,
        )

    def _show(self, page: list[TrailEntry], more: bool) -> None:
        table = self.query_one(DataTable)
        if not more:
            self.entries = []
            table.clear()
        self.entries += page
        # Text, never markup: names and notes are typed by people.
        table.add_rows(
            [
                [
                    Text(value)
                    for value in (
                        f"{e.at:%d/%m/%Y %H:%M}",
                        e.actor,
                        e.pupil,
                        e.action,
                        e.target,
                        e.old_value,
                        e.new_value,
                        e.source,
                    )
                ]
                for e in page
            ]
        )
        ending = "" if len(page) == PAGE else " (all of them)"
        self.query_one("#trail-status", Static).update(
            f"{plural(len(self.entries), 'entry', 'entries')} shown{ending} · / filters · m more"
            " · e exports",
            layout=False,
        )

    def _filter_from_inputs(self) -> TrailFilter | None:
        values = {field.id: field.value.strip() for field in self.query(Input) if field.id}
        establishment_id = self.establishment.id
        if self.actor.role is Role.SUPPORT:
            number = values.get("trail-school", "")
            # On the UI thread: one indexed row (under a millisecond, bench/ui_reads.py).
            found = find_establishment_by_number(self.database, number) if number else None
            if number and found is None:
                self.notify(f"There is no establishment numbered {number}.", severity="warning")
                return None
            establishment_id = found.id if found else None  # type: ignore[assignment]
        try:
            date_from = parse_uk_date(values["trail-from"]) if values["trail-from"] else None
            date_to = parse_uk_date(values["trail-to"]) if values["trail-to"] else None
        except ValueError as error:
            self.notify(str(error), severity="warning")
            return None
        return TrailFilter(
            establishment_id, values["trail-user"], values["trail-pupil"], date_from, date_to
        )

    @on(Input.Submitted)
    def _apply(self) -> None:
        trail = self._filter_from_inputs()
        if trail is not None:
            self.trail = trail
            self.load()
            self.query_one(DataTable).focus()

    @on(DataTable.RowSelected, "#trail-table")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_entry()

    def action_open_entry(self) -> None:
        """Every field of the highlighted entry: the table cuts What, Old and New short."""
        from tui.screens.accounts.audit_entry import AuditEntryDialog

        row = self.query_one(DataTable).cursor_row
        if 0 <= row < len(self.entries):
            self.app.push_screen(AuditEntryDialog(self.entries[row]))

    def action_focus_filters(self) -> None:
        self.query(Input).first().focus()

    def action_more(self) -> None:
        self.load(more=True)

    def action_export(self) -> None:
        """Write what is shown to a new CSV file in an outbox (the establishment's, or "Local
        authority"'s for every establishment's trail) and say where it is."""
        try:
            path = write_trail_csv(
                self.entries, trail_file(self.database, self.trail.establishment_id)
            )
        except StoreError as error:
            self.notify(f"Not exported: {error}", severity="error", markup=False)
            return
        except OSError as error:
            self.notify(f"Not exported: {cannot_write(error)}", severity="error", markup=False)
            return
        wrote = plural(len(self.entries), "entry", "entries")
        self.notify(f"Wrote {wrote} to {saved_where(path)}.", timeout=20, markup=False)

    def action_leave(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one(DataTable).focus()
            return
        self.dismiss(None)
