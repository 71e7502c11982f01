"""A framework's names in a CSV file: the template a local authority or a school fills in (one
row a name: its key, what it names, the program's words, the authority's, and the words to
give it), and reading one back, every row checked before anything is written.

A blank `words` cell leaves the name to the authority's words (or the program's): the template
comes with each name's words for the scope it was written for, so loading it unchanged changes
nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from store.assessments.framework_wording import WordedName
from store.core.typed_text import clean_typed
from store.curriculum.framework import Framework
from store.curriculum.wording import slots, words_problem
from store.pupils.import_problems import ImportProblem, ImportRefused, refuse_whole_file
from store.pupils.upload_bytes import find_encoding, read_upload_file, text_of

COLUMNS = ("key", "what", "shipped", "authority", "words")
EMPTY = (
    "The file is empty: write the template (pupil-tracker wording template), fill in its "
    "words column and load that."
)


def wording_template(names: Sequence[WordedName], *, for_school: bool) -> str:
    """The CSV text of the names, each row's words the scope's own (blank: not its own)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for name in names:
        own = name.own if for_school else name.authority
        writer.writerow(
            (name.slot.key, name.slot.what, name.slot.shipped, name.authority or "", own or "")
        )
    return out.getvalue()


def read_wording_file(path: Path, framework: Framework) -> dict[str, str]:
    """The words the file gives each name it lists, by key (blank: back to the authority's or
    the program's).

    Raises:
        ImportRefused: not a readable CSV file; no key or words column; a key twice, a name
            the framework does not have, or words too long (every such row, by line).
    """
    data = read_upload_file(path)
    if not data.strip():
        raise refuse_whole_file(EMPTY)
    stream, _ = text_of(data, find_encoding(data))
    rows = csv.reader(stream)
    header = [cell.strip().lower() for cell in next(rows, [])]
    if "key" not in header or "words" not in header:
        raise refuse_whole_file(
            f"The first line names the columns: it needs key and words (the template's are "
            f"{', '.join(COLUMNS)}), not {', '.join(header) or 'nothing'}."
        )
    key_at, words_at = header.index("key"), header.index("words")
    known = {slot.key for slot in slots(framework)}
    texts: dict[str, str] = {}
    lines: dict[str, int] = {}
    problems: list[ImportProblem] = []
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        key = row[key_at].strip() if key_at < len(row) else ""
        words = " ".join(clean_typed(row[words_at] if words_at < len(row) else "").split())
        if key in lines:
            problems.append(ImportProblem(line, "key", f"{key} is on line {lines[key]} too."))
            continue
        lines[key] = line
        problem = words_problem(framework, key, words)
        if problem is not None:
            problems.append(ImportProblem(line, "words" if key in known else "key", problem))
            continue
        texts[key] = words
    if problems:
        raise ImportRefused(problems)
    return texts
