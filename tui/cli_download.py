"""`pupil-tracker export --what data-download`: one establishment's data download (CSV, or a
workbook with --out FILE.xlsx), or without --establishment every establishment's, each in a new
folder of the "Local authority" outbox."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

from store.core.access import Actor
from store.core.db import Database, describe_url
from store.core.words import plural
from store.establishments.establishments import find_establishment_by_number

SUFFIXES = (".csv", ".xlsx")


def data_download_command(
    database: Database, arguments: argparse.Namespace, actor: Actor, refused: type[Exception]
) -> Path:
    """Write the download(s) and return the file (or the folder of every establishment's);
    a problem with what was asked raises `refused` with the line to print."""
    from exports.data_download import download_path, export_data_download, export_every_download
    from exports.folder import chosen_by_administrator

    made_at = datetime.now(timezone.utc)
    if not arguments.establishment:
        if arguments.out is not None:
            raise refused(
                "--out does not apply to every establishment's data download: the files go to "
                "a new folder in the 'Local authority' outbox."
            )
        run = export_every_download(database, actor, made_at=made_at)
        schools = plural(len(run.written), "establishment")
        print(f"{plural(run.rows, 'row')} of {schools}.", file=sys.stderr)
        return run.folder
    establishment = find_establishment_by_number(database, arguments.establishment)
    if establishment is None:
        raise refused(
            f"There is no establishment numbered {arguments.establishment.strip()} in "
            f"{describe_url(database.url)}."
        )
    out: Path | None = arguments.out.expanduser() if arguments.out is not None else None
    if out is None:
        written = export_data_download(database, actor, establishment.id, made_at=made_at)
    else:
        if out.is_dir():
            path = download_path(establishment.number, made_at, workbook=False, folder=out)
        else:
            path = _checked_file(out, arguments.force, refused)
        with chosen_by_administrator(path, replace=arguments.force):
            written = export_data_download(
                database, actor, establishment.id, workbook=path.suffix.lower() == ".xlsx",
                path=path, made_at=made_at,
            )  # fmt: skip
    print(f"{plural(written.rows, 'row')}.", file=sys.stderr)
    return written.path


def _checked_file(out: Path, force: bool, refused: type[Exception]) -> Path:
    if out.suffix.lower() not in SUFFIXES:
        raise refused(f"{out} should end in .csv (or .xlsx for an Excel workbook).")
    if out.exists() and not force:
        raise refused(f"{out} already exists (use --force to replace it).")
    if not out.parent.is_dir():
        raise refused(f"Cannot write {out}: the folder {out.parent} does not exist.")
    if not os.access(out.parent, os.W_OK):
        raise refused(f"Cannot write {out}: the folder {out.parent} is not writable.")
    return out
