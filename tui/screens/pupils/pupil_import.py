"""Import pupils from the upload template (CSV) or a Common Transfer File (CTF, .xml) with a
progress bar; write the template out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from exports.folder import inbox
from exports.inbox import InboxFile, inbox_files
from exports.pupil_template import template_path, write_pupil_template
from store.core.access import Actor
from store.core.db import Database
from store.core.errors import StoreError
from store.establishments.establishments import EstablishmentInfo
from store.pupils.importing import ImportRefused, ImportResult, import_pupils
from store.pupils.upload_bytes import read_upload_file, size_text
from store.returns.ctf_read import looks_like_ctf
from tui.screens.dialogs.choose import ChoiceList
from tui.screens.file_places import cannot_write, no_inbox, saved_where, where_to_put
from tui.store_call import Progress, run_store_call, run_with_progress

if TYPE_CHECKING:
    from store.returns.ctf_import import CtfImportResult


class ImportScreen(ModalScreen[None]):
    """Choose a file from the establishment's inbox and press Enter; every problem is listed
    if the file is refused. Nobody types a path on the server: only the inbox's files are
    offered (exports/inbox.py)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("f5", "look_again", "Look again"),
    ]
    DEFAULT_CSS = """
    ImportScreen #import-files { height: auto; max-height: 8; }
    ImportScreen #import-problems { height: auto; max-height: 10; }
    ImportScreen #import-outcome { height: auto; }
    """

    def __init__(
        self, database: Database, actor: Actor, establishment: EstablishmentInfo, today: date
    ) -> None:
        super().__init__()
        self.database = database
        self.actor = actor
        self.establishment = establishment
        self.today = today
        self.result: ImportResult | CtfImportResult | None = None
        self.files: list[InboxFile] = []
        self._importing = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(
                f"Import pupils into {self.establishment.title}",
                classes="dialog-title",
                markup=False,
            )
            yield Static("The files in the inbox, newest first:", id="import-where", markup=False)
            yield ChoiceList(id="import-files")
            yield ProgressBar(total=100, show_eta=False, id="import-progress")
            yield Static("Looking in the inbox…", id="import-outcome", markup=False)
            with VerticalScroll(id="import-problems"):
                yield Static("", id="import-problem-list", markup=False)
            yield Label(
                "Enter imports (every row or none) · f5 looks again · Esc closes",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#import-progress").display = False
        self.action_look_again()

    def action_look_again(self) -> None:
        """List the inbox again (in a thread: it may be a network share)."""
        if self._importing:
            return
        number = self.establishment.number

        def look() -> tuple[Path, list[InboxFile]] | OSError:
            try:
                folder = inbox(number)
                return folder, inbox_files(folder)
            except OSError as error:  # no inbox, or one the app may not read: said
                return error

        run_store_call(self, look, self._listed, group="inbox-list", exclusive=True)

    def _listed(self, found: tuple[Path, list[InboxFile]] | OSError) -> None:
        outcome = self.query_one("#import-outcome", Static)
        listing = self.query_one("#import-files", ChoiceList)
        if isinstance(found, OSError):
            self.files = []
            listing.clear_options()
            outcome.update(no_inbox(found))
            return
        folder, self.files = found
        self.query_one("#import-where", Static).update(
            "Put the CSV file (the upload template, or saved from your MIS) or the CTF (.xml) "
            f"from your MIS in {where_to_put(folder)}. The files there, newest first:"
        )
        listing.clear_options()
        listing.add_options([Option(Text(file_line(file))) for file in self.files])
        listing.display = bool(self.files)
        if self.files:
            listing.highlighted = 0
            listing.focus()
            outcome.update("")
        else:
            outcome.update("The inbox is empty: put the file there, then press f5.")

    @on(OptionList.OptionSelected, "#import-files")
    def _start(self, event: OptionList.OptionSelected) -> None:
        if self._importing or event.option_index >= len(self.files):
            return
        path = self.files[event.option_index].path
        self.query_one("#import-problem-list", Static).update("")
        bar = self.query_one("#import-progress", ProgressBar)
        bar.display = True
        bar.update(progress=0, total=100)
        self.query_one("#import-outcome", Static).update(f"Checking {path.name}…")
        self._importing = True
        self._import(path)

    def _import(self, path: Path) -> None:
        bar = self.query_one("#import-progress", ProgressBar)
        database, actor, establishment_id, today = (
            self.database,
            self.actor,
            self.establishment.id,
            self.today,
        )

        def run(progress: Progress) -> ImportResult | CtfImportResult:
            # Read here, not on the screen's thread: only a regular file within the limits is.
            data = read_upload_file(path, follow_link=False)
            importer: Callable[..., ImportResult | CtfImportResult] = import_pupils
            # A CTF by its name, or by its text (an XML file saved under another name).
            if looks_like_ctf(path.name, data):
                from store.returns.ctf_import import import_ctf

                importer = import_ctf
            return importer(
                database,
                actor,
                establishment_id,
                data,
                today,
                progress=progress,
                file_name=path.name,
            )

        def refused(error: StoreError) -> None:
            if isinstance(error, ImportRefused):
                self._refused(path.name, error)
            else:
                self._failed(str(error))

        run_with_progress(
            self,
            run,
            lambda done, total: bar.update(progress=done, total=total),
            lambda result: self._done(path.name, result),
            refused,
            failed=self._ready,
            group="pupil-import",
            exclusive=True,
        )

    def _refused(self, name: str, refused: ImportRefused) -> None:
        if refused.whole_file:
            self._failed(str(refused))
            return
        count = f"{refused.total:,} problem{'s' * (refused.total != 1)}"
        self.query_one("#import-outcome", Static).update(
            f"Nothing was imported: {name} has {count}. Correct them in the file and import it "
            "again."
        )
        self.query_one("#import-problem-list", Static).update("\n".join(refused.listing()))
        self._ready()

    def _failed(self, message: str) -> None:
        self.query_one("#import-progress", ProgressBar).display = False  # nothing was checked
        self.query_one("#import-outcome", Static).update(f"Nothing was imported: {message}")
        self._ready()

    def _done(self, name: str, result: ImportResult | CtfImportResult) -> None:
        self.result = result
        self.query_one("#import-outcome", Static).update(f"Imported {name}: {result.summary}.")
        self._ready()

    def _ready(self) -> None:
        self._importing = False

    def action_close(self) -> None:
        self.dismiss(None)


def file_line(file: InboxFile) -> str:
    """One file as the list shows it: its name, size and when it arrived."""
    size = size_text(file.size) if file.size else "empty"
    return f"{file.name}  {size}  {file.modified.astimezone():%d/%m/%Y %H:%M}"


def write_template_here(screen: Screen[Any], establishment: EstablishmentInfo) -> None:
    """Write the pupil upload template as a new file in the establishment's outbox, as every
    export is, and say where it is."""
    try:
        path = template_path(establishment.number, datetime.now(timezone.utc))
        written = write_pupil_template(path)
    except OSError as error:
        screen.notify(
            f"The template was not written: {cannot_write(error)}", severity="error", markup=False
        )
        return
    screen.notify(
        f"Wrote the pupil upload template to {saved_where(written)}.", timeout=20, markup=False
    )
