"""`pupil-tracker import-pupils` and `pupil-template`: the pupil upload file from the shell."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from store.core.access import Actor
from store.core.db import Database, describe_url


def import_file(
    database: Database, actor: Actor, number: str, path: Path, parser: argparse.ArgumentParser
) -> int:
    """Import a pupil upload file: 0 when imported; 1 with the problems on stderr (the first 50
    and how many more) when refused; 2 with one line when the file cannot be read at all."""
    from store.establishments.establishments import find_establishment_by_number
    from store.pupils.importing import ImportRefused, import_pupils
    from store.pupils.upload_bytes import FileRefused, read_upload_file

    establishment = find_establishment_by_number(database, number)
    if establishment is None:
        parser.exit(
            2,
            f"pupil-tracker: There is no establishment numbered {number.strip()} in "
            f"{describe_url(database.url)}.\n",
        )
    try:
        data = read_upload_file(path)
    except FileRefused as refused:
        parser.exit(2, f"pupil-tracker: {refused}\n")
    try:
        result = import_pupils(
            database,
            actor,
            establishment.id,
            data,
            date.today(),
            file_name=path.name,
        )
    except ImportRefused as refused:
        if refused.whole_file:
            print(f"pupil-tracker: {path} was not imported: {refused}", file=sys.stderr)
            return 1
        count = f"{refused.total:,} {'problem' if refused.total == 1 else 'problems'}"
        print(
            f"pupil-tracker: {path} was not imported ({count}; nothing was written):",
            file=sys.stderr,
        )
        for line in refused.listing():
            print(line, file=sys.stderr)
        return 1
    print(f"Imported {path}: {result.summary}.")
    return 0


def write_template(path: Path | None, force: bool, parser: argparse.ArgumentParser) -> int:
    """Write the pupil upload template to `path` (a file or a folder; default: the exports
    folder), refusing to overwrite a file unless told to; print the full path written."""
    from datetime import datetime, timezone

    from exports.folder import chosen_by_administrator, export_path, exports_root
    from exports.pupil_template import TEMPLATE_WHAT, write_pupil_template

    made_at = datetime.now(timezone.utc)
    try:
        if path is None:
            path = export_path("", "", TEMPLATE_WHAT, made_at, exports_root(), ".csv")
        elif path.expanduser().is_dir():
            path = export_path("", "", TEMPLATE_WHAT, made_at, path.expanduser(), ".csv")
        elif path.exists() and not force:
            parser.exit(2, f"pupil-tracker: {path} already exists (use --force to replace it).\n")
        with chosen_by_administrator(path, replace=force):
            written = write_pupil_template(path)
    except FileExistsError:
        parser.exit(2, f"pupil-tracker: {path} already exists (use --force to replace it).\n")
    except OSError as error:
        where = error.filename or path or exports_root()
        parser.exit(2, f"pupil-tracker: Cannot write {where}: {error.strerror or error}.\n")
    print(written.resolve())
    return 0
