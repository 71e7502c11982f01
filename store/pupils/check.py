"""Checking an upload file's rows as they are read: each through the pupil form's own checks,
UPNs once each, and the problems counted with the first of them kept."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from store.core.typed_text import clean_typed
from store.curriculum.upn import normalise_upn, upn_problem
from store.pupils.fields import FIELD_LABELS, PupilForm, PupilValues, parse_yes_no, validate_pupil
from store.pupils.import_problems import SHOWN_PROBLEMS, ImportProblem, ImportRefused
from store.pupils.upload import UNCLOSED_QUOTE, UploadRow, UploadStream, shown

STEPS = 100
"""Progress counts STEPS while the file is checked, then STEPS while it is written."""
_FIELD_KEYS = {label: name for name, label in FIELD_LABELS.items()}
_NAMES = ("surname", "forenames")  # their length is the pupil form's own check (60)
_LONGEST_CELL = 40  # no UPN, date, postcode, code or Y/N is longer: the columns are wrong


class Problems:
    """The problems found so far: all counted, the first SHOWN_PROBLEMS or so kept, in the
    order a person reads the file (by line, then in the file's column order)."""

    def __init__(self, columns: dict[str, str]) -> None:
        self.order = {name: index for index, name in enumerate(columns.values())}
        self.kept: list[ImportProblem] = []
        self.total = 0

    def _key(self, problem: ImportProblem) -> tuple[int, int]:
        return problem.line or 0, self.order.get(problem.column or "", 99)

    def add(self, found: list[ImportProblem]) -> None:
        """One row's problems (rows come in line order)."""
        self.total += len(found)
        if len(self.kept) < SHOWN_PROBLEMS:
            self.kept += sorted(found, key=self._key)

    def refusal(self, more: Sequence[ImportProblem] = ()) -> ImportRefused:
        """Everything found, and `more` found later (on any line), as one refusal."""
        # Every problem left out of `kept` is on a line after all those kept, so sorting the
        # kept ones with `more` gives the first SHOWN_PROBLEMS of them all.
        ordered = sorted([*self.kept, *more], key=self._key)
        return ImportRefused(ordered, self.total + len(more))


@dataclass
class CheckedFile:
    """What checking leaves for the write: little, so memory does not grow with a bad file."""

    upns: dict[str, int]  # each valid UPN -> its (first) line, in file order
    values: list[PupilValues]  # the rows to write; dropped at the first problem
    problems: Problems


def _check_row(
    row: UploadRow, columns: dict[str, str], today: date
) -> tuple[PupilValues | None, list[ImportProblem]]:
    """One row through the pupil form's own checks: its values, or every problem in it."""
    cells = row.cells
    # An unclosed quote mark swallows the lines after it into one cell and leaves the cells
    # after it blank: say that, rather than list what follows from it.
    broken = [columns[key] for key, text in cells.items() if "\n" in text or "\r" in text]
    if broken:
        return None, [ImportProblem(row.line, column, UNCLOSED_QUOTE) for column in broken]
    found: list[ImportProblem] = []
    too_long = {
        key
        for key, text in cells.items()
        if key not in _NAMES and len(text.strip()) > _LONGEST_CELL
    }
    for key in too_long:
        message = (
            f"{len(cells[key].strip()):,} characters is too long for {columns[key]}: check "
            "that the file's columns are in the right order."
        )
        found.append(ImportProblem(row.line, columns[key], message))
    cells = {key: "" if key in too_long else text for key, text in cells.items()}
    flags: dict[str, bool] = {}
    for key in ("fsm", "eal"):
        if key in cells:
            flag = parse_yes_no(cells[key])
            if flag is None:
                message = f"{shown(cells[key])} is not Y, N or blank."
                found.append(ImportProblem(row.line, columns[key], message))
            flags[key] = bool(flag)
    form = PupilForm(
        upn=cells["upn"],
        surname=cells["surname"],
        forenames=cells["forenames"],
        date_of_birth=cells["date_of_birth"],
        gender=cells["gender"],
        postcode=cells["postcode"],
        ethnicity=cells["ethnicity"],
        sen=cells.get("sen", ""),
        fsm=flags.get("fsm", False),
        eal=flags.get("eal", False),
    )
    outcome = validate_pupil(form, today)
    if isinstance(outcome, list):
        for problem in outcome:
            key = _FIELD_KEYS.get(problem.field, "")
            if key not in too_long:  # a blanked cell is "required": it was said already
                column = columns.get(key, problem.field)
                found.append(ImportProblem(row.line, column, problem.message))
    if found or isinstance(outcome, list):
        return None, found
    return outcome, []


def check_rows(upload: UploadStream, today: date, tick: Callable[[int], None]) -> CheckedFile:
    """Check every row as it is read, and that no UPN is in the file twice.

    Only what the write needs is kept: each valid UPN, and each row's values until the first
    problem (after which nothing will be written), so memory does not grow with a bad file.
    """
    checked = CheckedFile({}, [], Problems(upload.columns))
    seen = checked.upns
    size = max(upload.size, 1)
    for row in upload.rows():
        values, found = _check_row(row, upload.columns, today)
        # As the form reads it (control characters dropped), so that duplicates and the pupils
        # already stored are matched on the UPN that is written.
        upn = normalise_upn(clean_typed(row.cells["upn"]))
        if upn and upn_problem(upn) is None:
            if upn in seen:
                message = f"UPN {upn} is also on line {seen[upn]}."
                found.append(ImportProblem(row.line, upload.columns["upn"], message))
                values = None
            else:
                seen[upn] = row.line
        if found:
            checked.problems.add(found)
            checked.values.clear()
        elif values is not None and not checked.problems.total:
            checked.values.append(values)
        tick(STEPS * upload.position() // size)
    return checked
