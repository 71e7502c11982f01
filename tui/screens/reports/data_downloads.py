"""Support's data download of every establishment (from the local authority returns' choice): one
CSV each, written into a new folder of the "Local authority" outbox with progress; Escape stops
between establishments (the files written stay: each is whole and audited)."""

from __future__ import annotations

from textual.app import ComposeResult

from exports.data_download import EveryDownload, export_every_download
from store.core.access import Actor
from store.core.db import Database
from store.core.errors import StoreError
from store.core.words import plural
from tui.screens.file_places import cannot_write, saved_where
from tui.screens.reports.establishment_run import EstablishmentRun
from tui.store_call import run_store_call

KEY = "DL"
LABEL = "Every establishment's data download: a CSV each"
WORKING_HINT = "Escape stops: the files written so far stay"


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


class DataDownloadsScreen(EstablishmentRun):
    """Writes every establishment's data download, saying how far it has got."""

    def __init__(self, database: Database, actor: Actor) -> None:
        super().__init__()
        self.database = database
        self.actor = actor

    def compose(self) -> ComposeResult:
        message = "Writing each establishment's data download…"
        yield from self.dialog(LABEL, message, WORKING_HINT)

    def on_mount(self) -> None:
        self.start()
        run_store_call(
            self,
            self._write,
            self.finish,
            failed=lambda: self.finish("Not exported."),
            group="data-downloads",
        )

    def _write(self) -> str:
        progress, cancelled = self.progress_and_stop()
        try:
            run = export_every_download(
                self.database, self.actor, progress=progress, cancelled=cancelled
            )
        except StoreError as error:
            return str(error)
        except OSError as error:
            return f"Not exported: {cannot_write(error)}"
        return every_download_said(run)
