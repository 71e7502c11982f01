"""Import pupils from the upload template (CSV) with a progress bar; write the template out."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, ProgressBar, Static

from exports.pupil_template import template_path, write_pupil_template
from store.core.access import Actor
from store.core.db import Database
from store.core.errors import StoreError
from store.establishments.establishments import EstablishmentInfo
from store.pupils.importing import ImportRefused, ImportResult, import_pupils
from store.pupils.upload_bytes import read_upload_file
from tui.store_call import Progress, run_with_progress


class ImportScreen(ModalScreen[None]):
    """Type the file's path and press Enter; every problem is listed if the file is refused."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]
    DEFAULT_CSS = """
    ImportScreen #import-problems { height: auto; max-height: 12; }
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
        self.result: ImportResult | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(
                f"Import pupils into {self.establishment.title}",
                classes="dialog-title",
                markup=False,
            )
            yield Label("The CSV file saved from the upload template or your MIS:")
            yield Input(placeholder="e.g. /home/clerk/pupils.csv", id="import-path")
            yield ProgressBar(total=100, show_eta=False, id="import-progress")
            yield Static("", id="import-outcome", markup=False)
            with VerticalScroll(id="import-problems"):
                yield Static("", id="import-problem-list", markup=False)
            yield Label("Enter imports (every row or none) · Esc closes", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#import-progress").display = False

    @on(Input.Submitted, "#import-path")
    def _start(self, event: Input.Submitted) -> None:
        self.query_one("#import-problem-list", Static).update("")
        if not event.value.strip():
            self.query_one("#import-outcome", Static).update(
                "Type the path of the CSV file to import, then press Enter."
            )
            return
        path = Path(event.value.strip()).expanduser()
        bar = self.query_one("#import-progress", ProgressBar)
        bar.display = True
        bar.update(progress=0, total=100)
        self.query_one("#import-outcome", Static).update(f"Checking {path.name}…")
        event.input.disabled = True
        self._import(path)

    def _import(self, path: Path) -> None:
        bar = self.query_one("#import-progress", ProgressBar)
        database, actor, establishment_id, today = (
            self.database,
            self.actor,
            self.establishment.id,
            self.today,
        )

        def run(progress: Progress) -> ImportResult:
            # Read here, not on the screen's thread: only a regular file within the limits is.
            data = read_upload_file(path)
            return import_pupils(
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

    def _done(self, name: str, result: ImportResult) -> None:
        self.result = result
        self.query_one("#import-outcome", Static).update(f"Imported {name}: {result.summary}.")
        self._ready()

    def _ready(self) -> None:
        field = self.query_one("#import-path", Input)
        field.disabled = False
        field.focus()

    def action_close(self) -> None:
        self.dismiss(None)


def write_template_here(screen: Screen[Any], establishment: EstablishmentInfo) -> None:
    """Write the pupil upload template as a new file in the establishment's exports folder, as
    every export is, and say its full path."""
    try:
        path = template_path(establishment.number, establishment.name, datetime.now(timezone.utc))
        written = write_pupil_template(path)
    except OSError as error:
        reason = error.strerror or str(error)
        where = f" {error.filename}" if error.filename else " the exports folder"
        screen.notify(
            f"The template was not written: cannot write{where} ({reason}).",
            severity="error",
            markup=False,
        )
        return
    screen.notify(
        f"Wrote the pupil upload template to {written.resolve()}.", timeout=10, markup=False
    )
