"""`D` on the Pupils screen: the establishment's data download (a CSV, and the same as a workbook
beside it) written into its outbox in a worker, then where it is said."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from textual.screen import Screen

from store.core.access import Actor
from store.core.db import Database
from store.establishments.establishments import EstablishmentInfo
from tui.screens.export_flow import write_in_worker

SAVED = "Saved the data download (CSV, and the workbook beside it) to"


def write_data_download_here(
    screen: Screen[Any], database: Database, actor: Actor, establishment: EstablishmentInfo
) -> None:
    """Write every value the establishment holds as a new CSV in its outbox, and a workbook of
    the same beside it; say where (both are recorded in the audit trail)."""
    made_at = datetime.now(timezone.utc)

    def job() -> Path:
        # In the worker: the reads and openpyxl's modules load only when it is asked for.
        from exports.data_download import export_data_download

        written = export_data_download(database, actor, establishment.id, made_at=made_at)
        export_data_download(database, actor, establishment.id, workbook=True, made_at=made_at)
        return written.path

    write_in_worker(screen, "the data download", job, group="data-download", saved=SAVED)
