"""Import pupils from the upload template (CSV) with a progress bar; write the template out."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, ProgressBar, Static

from exports.pupil_template import write_pupil_template
from store.access import Actor
from store.db import Database
from store.errors import StoreError
from store.establishments import EstablishmentInfo
from store.pupil_import import ImportRefused, ImportResult, import_pupils
from tui.screens.dialogs.prompt import PromptDialog

MAX_FILE_BYTES = 20 * 1024 * 1024  # a roll of 2,000 is about 200 KB; anything huge is a wrong file


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
        path = Path(event.value.strip()).expanduser()
        outcome = self.query_one("#import-outcome", Static)
        self.query_one("#import-problem-list", Static).update("")
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                outcome.update(f"{path} is too large to be a pupil list; check the file.")
                return
            data = path.read_bytes()
        except OSError as error:
            outcome.update(f"Cannot read {path}: {error.strerror or error}.")
            return
        bar = self.query_one("#import-progress", ProgressBar)
        bar.display = True
        bar.update(progress=0, total=100)
        outcome.update(f"Checking {path.name}…")
        event.input.disabled = True
        self._import(data, path.name)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _import(self, data: bytes, name: str) -> None:
        bar = self.query_one("#import-progress", ProgressBar)

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(bar.update, progress=done, total=total)

        try:
            result = import_pupils(
                self.database,
                self.actor,
                self.establishment.id,
                data,
                self.today,
                progress=progress,
                file_name=name,
            )
        except ImportRefused as refused:
            self.app.call_from_thread(self._refused, name, refused)
            return
        except StoreError as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        self.app.call_from_thread(self._done, name, result)

    def _refused(self, name: str, refused: ImportRefused) -> None:
        count = len(refused.problems)
        self.query_one("#import-outcome", Static).update(
            f"Nothing was imported: {name} has {count} problem{'s' * (count != 1)}. "
            "Correct them in the file and import it again."
        )
        self.query_one("#import-problem-list", Static).update(
            "\n".join(str(problem) for problem in refused.problems)
        )
        self._ready()

    def _failed(self, message: str) -> None:
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


def write_template_here(screen: Screen[None]) -> None:
    """Ask where to write the pupil upload template, write it, and say the full path."""

    def done(text: str | None) -> None:
        if not text:
            return
        path = Path(text.strip()).expanduser()
        if path.is_dir():
            path = path / "pupil-upload-template.csv"
        try:
            written = write_pupil_template(path.resolve())
        except OSError as error:
            screen.notify(f"Cannot write {path}: {error.strerror or error}.", severity="error")
            return
        screen.notify(f"Wrote the pupil upload template to {written}.", timeout=10)

    screen.app.push_screen(
        PromptDialog(
            "Write the pupil upload template to (a file or a folder):",
            str(Path.cwd() / "pupil-upload-template.csv"),
        ),
        done,
    )
