"""`pupil-tracker import-pupils`, `pupil-template`, `retention` and `pupil-export`: pupils from
the shell."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.core.access import Actor
from store.core.db import Database, describe_url
from store.core.errors import StoreError
from store.core.words import plural

if TYPE_CHECKING:
    from store.pupils.importing import ImportResult
    from store.returns.ctf_import import CtfImportResult


def import_file(
    database: Database, actor: Actor, number: str, path: Path, parser: argparse.ArgumentParser
) -> int:
    """Import a pupil upload file (CSV) or a Common Transfer File (CTF XML: its pupils and
    their KS1 and EYFSP results): 0 when imported; 1 with the problems on stderr (the first 50
    and how many more) when refused; 2 with one line when the file cannot be read at all."""
    from store.establishments.establishments import find_establishment_by_number
    from store.pupils.importing import ImportRefused, import_pupils
    from store.pupils.upload_bytes import FileRefused, read_upload_file
    from store.returns.ctf_read import looks_like_ctf

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
    importer: Callable[..., ImportResult | CtfImportResult] = import_pupils
    if looks_like_ctf(path.name, data):
        from store.returns.ctf_import import import_ctf

        importer = import_ctf
    try:
        result = importer(
            database, actor, establishment.id, data, date.today(), file_name=path.name
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
            path = export_path(exports_root(), TEMPLATE_WHAT, made_at, ".csv")
        elif path.expanduser().is_dir():
            path = export_path(path.expanduser(), TEMPLATE_WHAT, made_at, ".csv")
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


def add_retention_command(commands: Any, in_command: argparse.ArgumentParser) -> None:
    retention = commands.add_parser(
        "retention",
        parents=[in_command],
        help="delete the records of pupils who left, once they would be the age kept until",
        description="Apply the local authority's retention rule: the record of a pupil who has "
        "left (archived) is deleted once they would be AGE years old, with their judgements, "
        "notes, ELG results, interventions, places in progress meetings and the audit rows "
        "about them. The audit keeps one row per establishment with the count, never a name. "
        "Run it with --dry-run first: that lists what would go and changes nothing.",
    )
    retention.add_argument(
        "--until-age",
        metavar="AGE",
        type=int,
        required=True,
        help="keep records until the pupil would be this old (e.g. 25)",
    )
    retention.add_argument(
        "--dry-run", action="store_true", help="list what would be deleted; delete nothing"
    )


def retention_command(
    database: Database, actor: Actor, arguments: argparse.Namespace, today: date
) -> int:
    """List (dry run) or delete the records past the retention age; 2 if the rule is refused."""
    from store.pupils.retention import delete_past_retention, past_retention

    age = arguments.until_age
    try:
        if arguments.dry_run:
            listed = past_retention(database, actor, age, today)
            for pupil in listed:
                print(
                    f"{pupil.establishment_number}  {pupil.upn}  born "
                    f"{pupil.date_of_birth:%d/%m/%Y}"
                )
            print(
                f"{plural(len(listed), 'left pupil')} would be deleted (--until-age {age}); "
                "nothing was changed."
            )
            return 0
        done = delete_past_retention(database, actor, age, today)
    except StoreError as error:
        print(f"pupil-tracker: {error}", file=sys.stderr)
        return 2
    rows = ", ".join(f"{count:,} {table}" for table, count in sorted(done.rows.items()) if count)
    print(f"Deleted {plural(done.pupils, 'left pupil')} (--until-age {age}): {rows or 'no rows'}.")
    return 0


def add_subject_access_command(commands: Any, in_command: argparse.ArgumentParser) -> None:
    request = commands.add_parser(
        "pupil-export",
        parents=[in_command],
        help="write everything held on one pupil (a subject access request)",
        description="Write everything held on the pupil with UPN, at every establishment that "
        "holds a record of them (a transfer leaves one at the old school): their details, "
        "judgements, notes, ELG results, interventions, progress meetings' rows about them and "
        "the audit trail, as a JSON file. Without --out it goes to the 'Subject access "
        "requests' folder of the exports folder; the full path written is printed.",
    )
    request.add_argument("--upn", metavar="UPN", required=True, help="the pupil's UPN")
    request.add_argument(
        "--out", metavar="FILE.json", type=Path, help="the file to write (never over another)"
    )


def subject_access_command(database: Database, actor: Actor, arguments: argparse.Namespace) -> int:
    """Write the pupil's file: 0 and its path; 1 when no pupil has the UPN; 2 when refused."""
    from datetime import datetime, timezone

    from exports.folder import chosen_by_administrator
    from exports.subject_access import subject_access_path, write_subject_access
    from store.curriculum.upn import normalise_upn
    from store.pupils.subject_access import everything_held

    upn = normalise_upn(arguments.upn)
    try:
        records = everything_held(database, actor, upn)
    except StoreError as error:
        print(f"pupil-tracker: {error}", file=sys.stderr)
        return 1
    made_at = datetime.now(timezone.utc)
    out: Path | None = arguments.out
    try:
        if out is None:
            path = write_subject_access(subject_access_path(upn, made_at), upn, records, made_at)
        else:
            with chosen_by_administrator(out.expanduser()) as chosen:
                path = write_subject_access(chosen, upn, records, made_at)
    except FileExistsError:
        print(f"pupil-tracker: {out} already exists: give a new file name.", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"pupil-tracker: Cannot write {error.filename}: {error.strerror}.", file=sys.stderr)
        return 2
    print(f"Wrote {len(records)} record(s) held on {upn} to {path}.")
    return 0
