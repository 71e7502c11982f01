"""`pupil-tracker wording`: a framework's names as the local authority words them for every
school (or, with --establishment, as one school words them over the authority's): shown, written
as a CSV template to fill in, and loaded back, all or nothing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from store.core.access import Actor
from store.core.db import Database


def add_wording_command(commands: Any, in_command: argparse.ArgumentParser) -> None:
    wording = commands.add_parser(
        "wording",
        parents=[in_command],
        help="the names of small steps and the engagement model, as the authority words them",
        description="Small steps' strands, levels and stages and the engagement model's areas "
        "and scale points are named as the program ships them until the local authority words "
        "them for every school (PIVATS' own descriptors are the authority's to load), and a "
        "school may word them again for itself (--establishment). show lists them; template "
        "writes a CSV file to fill in (its words column: the scope's own words, blank for "
        "none); load checks every row of one and writes them all, or nothing. A blank words "
        "cell goes back to the authority's words, or the program's.",
    )
    actions = wording.add_subparsers(dest="wording_action", metavar="ACTION", required=True)
    for name, help_text in (
        ("show", "list the names and where each one's words come from"),
        ("template", "write the names as a CSV file to fill in"),
        ("load", "word the names as a CSV file says (all or nothing)"),
    ):
        action = actions.add_parser(name, help=help_text)
        # Checked by the store, which knows which frameworks' names may be worded.
        action.add_argument(
            "framework", metavar="FRAMEWORK", help="small-steps or engagement-model"
        )
        action.add_argument(
            "--establishment",
            metavar="NUMBER",
            help="one school's own words (default: the authority's, for every school)",
        )
        if name == "template":
            action.add_argument("out", metavar="OUT.csv", type=Path, help="the file to write")
            action.add_argument("--force", action="store_true", help="replace OUT.csv")
        if name == "load":
            action.add_argument("file", metavar="FILE.csv", type=Path, help="the file to load")


def wording_command(database: Database, arguments: argparse.Namespace, actor: Actor) -> int:
    """Run the action; a refusal is printed (each problem of a file on a line of its own) and
    the command ends with 1, having written nothing."""
    from store.assessments.framework_wording import (
        framework_names,
        set_framework_names,
        wordable,
    )
    from store.assessments.wording_file import read_wording_file, wording_template
    from store.core.errors import NotFound, StoreError
    from store.core.words import plural
    from store.establishments.establishments import find_establishment_by_number
    from store.pupils.import_problems import ImportRefused

    establishment_id = None
    try:
        if arguments.establishment is not None:
            found = find_establishment_by_number(database, arguments.establishment)
            if found is None:
                raise NotFound(f"There is no establishment numbered {arguments.establishment}.")
            establishment_id = found.id
        framework = wordable(arguments.framework)
        if arguments.wording_action == "load":
            texts = read_wording_file(arguments.file, framework)
            changed = set_framework_names(database, actor, establishment_id, framework.id, texts)
            print(f"{plural(changed, 'name')} worded anew; the others were as the file says.")
            return 0
        names = framework_names(database, actor, establishment_id, framework.id)
    except ImportRefused as refused:
        print(f"pupil-tracker: {arguments.file} was not loaded; nothing changed:", file=sys.stderr)
        for problem in refused.problems:
            print(f"  {problem}", file=sys.stderr)
        if refused.more:
            print(f"  and {plural(refused.more, 'more problem')}", file=sys.stderr)
        return 1
    except StoreError as error:
        print(f"pupil-tracker: {error}", file=sys.stderr)
        return 1
    if arguments.wording_action == "template":
        out: Path = arguments.out.expanduser()
        if out.exists() and not arguments.force:
            print(
                f"pupil-tracker: {out} already exists (use --force to replace it).", file=sys.stderr
            )
            return 1
        text = wording_template(names, for_school=establishment_id is not None)
        try:
            out.write_text(text, encoding="utf-8-sig")  # with a BOM: Excel reads it as UTF-8
        except OSError as error:
            print(f"pupil-tracker: Cannot write {out}: {error.strerror}.", file=sys.stderr)
            return 1
        print(out)
        return 0
    width = max(len(name.slot.shipped) for name in names)
    for name in names:
        print(f"{name.slot.what:<22} {name.slot.shipped:<{width}}  {name.now}  ({name.source})")
    return 0
