"""`pupil-tracker tidy-files`: the exports folder's files past the local authority's time."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta, timezone
from typing import Any

from store.core.words import plural


def add_tidy_files_command(commands: Any, in_command: argparse.ArgumentParser) -> None:
    tidy = commands.add_parser(
        "tidy-files",
        parents=[in_command],
        help="delete exports, uploads and subject access requests older than DAYS",
        description="Delete the files in the exports folder ($PUPIL_TRACKER_EXPORTS_DIR) last "
        "written more than DAYS days ago: exports in every establishment's and the local "
        "authority's outbox, files put in the inboxes, and subject access requests. They hold "
        "pupils' data: keep them no longer than the local authority allows. Folders and what "
        "links point at are left alone. Run it with --dry-run first: that lists what would go "
        "and changes nothing.",
    )
    tidy.add_argument(
        "--older-than",
        metavar="DAYS",
        type=int,
        required=True,
        help="delete files last written more than this many days ago (at least 1)",
    )
    tidy.add_argument(
        "--dry-run", action="store_true", help="list what would be deleted; delete nothing"
    )


def tidy_files_command(arguments: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """List (dry run) or delete the old files: 0 when done, 1 when some could not be deleted
    (each named on stderr), 2 when the command is refused or a folder cannot be read."""
    from exports.folder import exports_root
    from exports.tidying import old_files, remove

    days = arguments.older_than
    if days < 1:
        parser.exit(
            2, f"pupil-tracker: --older-than is a number of days, at least 1, not {days}.\n"
        )
    now = datetime.now(timezone.utc)
    try:
        found = old_files(timedelta(days=days), now)
    except OSError as error:
        parser.exit(2, f"pupil-tracker: Cannot read {error.filename}: {error.strerror}.\n")
    root = exports_root()
    if arguments.dry_run:
        for file in found:
            print(f"{file.modified.astimezone():%d/%m/%Y %H:%M}  {file.path.relative_to(root)}")
        print(
            f"{plural(len(found), 'file')} in {root} would be deleted (--older-than {days}); "
            "nothing was changed."
        )
        return 0
    failed = remove(found)
    for file, why in failed:
        print(f"pupil-tracker: Cannot delete {file.path}: {why.strerror}.", file=sys.stderr)
    deleted = len(found) - len(failed)
    print(f"Deleted {plural(deleted, 'file')} in {root} (--older-than {days}).")
    return 1 if failed else 0
