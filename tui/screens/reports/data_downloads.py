"""Support's data download of every establishment (from the local authority returns' choice): one
CSV each, written into a new folder of the "Local authority" outbox with progress; Escape stops
between establishments (the files written stay: each is whole and audited)."""

from __future__ import annotations

import threading

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Label, Static
from textual.worker import get_current_worker

from exports.data_download import EveryDownload, export_every_download
from store.core.access import Actor
from store.core.db import Database
from store.core.errors import StoreError
from store.core.words import plural
from tui.screens.file_places import cannot_write, saved_where
from tui.store_call import run_store_call
from tui.widgets.reports.report_progress import ReportProgress

KEY = "DL"
LABEL = "Every establishment's data download: a CSV each"
WORKING_HINT = "Escape stops: the files written so far stay"
DONE_HINT = "Enter or Escape closes"


def every_download_said(run: EveryDownload) -> str:
    """What a run did: how many files and rows, and where."""
    files = plural(len(run.written), "data download")
    if run.written:
        said = f"Wrote {files} ({plural(run.rows, 'row')}) to {saved_where(run.folder)}"
    else:
        said = "No data download was written."
    if run.stopped:
        said = f"Stopped after {run.done} of {run.establishments} establishments. {said}"
    return said


class DownloadProgress(Message):
    """`done` of `total` establishments are written (posted from the worker's thread)."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class DataDownloadsScreen(ModalScreen[None]):
    """Writes every establishment's data download, saying how far it has got."""

    DEFAULT_CSS = """
    DataDownloadsScreen #dd-progress { padding: 0; margin-top: 1; }
    DataDownloadsScreen #dd-hint { margin-top: 1; }
    """

    BINDINGS = [
        Binding("escape", "stop_or_close", "Stop or close"),
        Binding("enter", "close", "Close", show=False),
    ]

    def __init__(self, database: Database, actor: Actor) -> None:
        super().__init__()
        self.database = database
        self.actor = actor
        self.working = False
        self.outcome = ""
        """What the screen said at the end (for tests and screen readers)."""
        self._stop = threading.Event()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(LABEL, classes="dialog-title", markup=False)
            yield Static("Writing each establishment's data download…", id="dd-message")
            yield ReportProgress(id="dd-progress")
            yield Label(WORKING_HINT, id="dd-hint", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        self.working = True
        self.query_one(ReportProgress).start()
        run_store_call(
            self,
            self._write,
            self._finish,
            failed=lambda: self._finish("Not exported."),
            group="data-downloads",
        )

    def _write(self) -> str:
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            self.post_message(DownloadProgress(done, total))

        def cancelled() -> bool:
            return self._stop.is_set() or worker.is_cancelled

        try:
            run = export_every_download(
                self.database, self.actor, progress=progress, cancelled=cancelled
            )
        except StoreError as error:
            return str(error)
        except OSError as error:
            return f"Not exported: {cannot_write(error)}"
        return every_download_said(run)

    @on(DownloadProgress)
    def _progress(self, message: DownloadProgress) -> None:
        if self.working and not self._stop.is_set():
            self.query_one(ReportProgress).advance(message.done, message.total)

    def _finish(self, text: str) -> None:
        self.working = False
        self.outcome = text
        self.query_one(ReportProgress).stop()
        self.query_one("#dd-message", Static).update(Text(text))
        self.query_one("#dd-hint", Label).update(DONE_HINT)

    def action_stop_or_close(self) -> None:
        if not self.working:
            self.dismiss(None)
        elif not self._stop.is_set():
            self._stop.set()
            self.query_one(ReportProgress).stop()
            self.query_one("#dd-message", Static).update("Stopping…")

    def action_close(self) -> None:
        if not self.working:
            self.dismiss(None)
