"""The dialogs that change cells of the grid (fill a column or a row, a cell's note, a period's
Notes) and the edits their answers make: plain functions of the grid model and the cursor."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from textual.dom import DOMNode
from textual.screen import Screen

from store.assessments import carry_forward as carrying
from store.assessments import changes
from store.assessments.changes import Change, note_edit
from store.assessments.grid_model import ColumnKind, GridModel
from store.core.access import Actor
from store.core.db import Database
from store.core.words import plural
from store.curriculum.codes import Code, CodeSet
from store.curriculum.framework import Framework
from store.curriculum.layers import Layer
from tui.widgets.assessments.grid_entry import not_assessed_another_way

if TYPE_CHECKING:
    # The dialogs and the target rules are imported when a key first asks for them: Home
    # imports this module ahead with the grid, and they added to the memory of an open grid.
    from store.assessments.carry_forward import CarryForward
    from store.assessments.engagement_codes import EngagementCodes
    from store.progress.last_year import LastYear
    from store.progress.target_rules import TargetRule
    from tui.screens.assessments.fill import FillChoice
    from tui.screens.dialogs.choose import Choice

AnswerT = TypeVar("AnswerT")
ReadT = TypeVar("ReadT")


@dataclass(frozen=True)
class EditAsk(Generic[AnswerT]):
    """A dialog to show, and the edits its answer makes, recorded as one undo step `action`."""

    dialog: Screen[AnswerT | None]
    edits: Callable[[AnswerT], Sequence[Change]]
    action: str


@dataclass(frozen=True)
class ReadFirst(Generic[ReadT]):
    """A store read the dialog needs, made in a worker before `then` makes the dialog (or
    says why there is none)."""

    read: Callable[[Database, Actor], ReadT]
    then: Callable[[ReadT], EditAsk[Any] | str]

    def run(
        self,
        host: DOMNode,
        database: Database,
        actor: Actor,
        ask: Callable[[EditAsk[Any] | str], None],
    ) -> None:
        """Read in a worker (keys typed meanwhile wait), then `ask` with what `then` makes."""
        from tui.store_call import run_store_call

        def done(found: ReadT) -> None:
            ask(self.then(found))

        call = partial(self.read, database, actor)
        run_store_call(host, call, done, group="grid-ask", hold_keys=True)


def typed_not_filled(framework: Framework) -> str:
    """Why a framework whose codes are typed (small steps) is not filled."""
    return f"{framework.name} are each child's own: type each in its cell (a fill sets none)."


def fill_column(model: GridModel, column: int, filtered: bool) -> EditAsk[FillChoice] | str:
    """Fill the column for every pupil shown (only those, when a filter is on)."""
    col = model.columns[column]
    shown = plural(len(model.rows), "pupil")
    title = f"Fill {col.title} ({col.section_label}) for all {shown} shown"
    if filtered:
        title += " (filtered: only these pupils change)"

    def edits(choice: FillChoice) -> list[Change]:
        return model.fill_column_edits(column, choice.value, choice.blanks_only)

    if col.subject is None:
        return "Only a column of values can be filled: move to one first."
    if col.subject.codes.typed_with:
        return typed_not_filled(col.framework)
    from tui.screens.assessments.fill import FillDialog

    return EditAsk(FillDialog(title, col.subject.codes, column=True), edits, "fill column")


def fill_row(model: GridModel, row: int, column: int) -> EditAsk[FillChoice] | str:
    """Fill every subject of the section the cursor is in, for the pupil on its row; or why
    not."""
    col = model.columns[column]
    elg = model.cohort.elg
    if col.period is None and elg is not None and elg.entry_refused:
        return elg.entry_refused
    subjects = col.framework.subjects
    if subjects[0].codes.typed_with:
        return typed_not_filled(col.framework)
    title = (
        f"Fill all {len(subjects)} {subject_plural(col.framework)} of {col.section_label} "
        f"for {model.rows[row].display_name}"
    )

    def edits(choice: FillChoice) -> list[Change]:
        return model.fill_row_edits(row, column, choice.value)

    from tui.screens.assessments.fill import FillDialog

    return EditAsk(FillDialog(title, row_codes(col.framework), column=False), edits, "fill row")


def cell_note(model: GridModel, row: int, column: int) -> EditAsk[str] | str:
    """The note on an assessment cell (in a Notes column: the period's Notes); or why none."""
    col = model.columns[column]
    if col.kind is ColumnKind.PERIOD_NOTES:
        return period_notes(model, row, column)
    if col.kind is not ColumnKind.JUDGEMENT or col.subject is None or col.period is None:
        return "Notes go on assessment cells and in each period's Notes column."
    if not model.takes_values(row, column):
        return not_assessed_another_way(col.framework)
    cell = model.cell(row, column)
    title = f"Note: {model.rows[row].display_name} · {col.title} · {col.section_label}"

    def edits(text: str) -> list[Change]:
        assert col.period is not None and col.subject is not None
        noted = replace(cell, note=text)
        pupil_id, period_id, code = model.rows[row].id, col.period.id, col.subject.code
        return [changes.judgement_edit(pupil_id, period_id, code, noted, cell)]

    from tui.screens.dialogs.prompt import PromptDialog

    return EditAsk(PromptDialog(title, cell.note or ""), edits, "note")


def period_notes(model: GridModel, row: int, column: int) -> EditAsk[str] | str:
    """The pupil's Notes for the period the cursor is in; or why there are none here."""
    period = model.columns[column].period
    if period is None:
        return "Notes belong to an assessment period; move into one first."
    pupil = model.rows[row]
    current = model.cohort.period_notes.get((pupil.id, period.id), "")

    def edits(text: str) -> list[Change]:
        return [note_edit(pupil.id, period.id, text, current)]

    title = f"Notes: {pupil.display_name} · {period.name}"
    from tui.screens.dialogs.prompt import PromptDialog

    return EditAsk(PromptDialog(title, current), edits, "notes")


def carry_forward(model: GridModel, row: int, column: int) -> EditAsk[Any] | ReadFirst[Any] | str:
    """Fill the blank cells of the cursor's period, for the pupils shown, from the assessment
    before it (asks first: y carries, n keeps the blanks); in the targets, by a rule; or why
    not."""
    period = model.columns[column].period
    if period is not None and period.layer is Layer.TARGETS:
        return target_rule(model, column)
    found = carrying.carry_forward(model, column)
    from store.assessments.engagement_codes import engagement_codes

    if (engagement := engagement_codes(model, column)) is not None:
        return carry_or_engagement(found, engagement, len(model.rows))
    if isinstance(found, str):
        return found

    def edits(yes: bool) -> list[Change]:
        return found.edits if yes else []

    detail = "Only blank cells change; a note stays. u undoes it in one step."
    question = found.question(len(model.rows))
    from tui.screens.dialogs.confirm import ConfirmDialog

    dialog = ConfirmDialog(question, detail, yes="Carry forward", no="Leave them blank")
    # It answers True or False, never None: the wider type EditAsk's dialogs have.
    return EditAsk(cast("Screen[bool | None]", dialog), edits, "carry forward")


def carry_or_engagement(
    carry: CarryForward | str, engagement: EngagementCodes, shown: int
) -> EditAsk[Choice[list[Change]]]:
    """C in a period whose framework has a code for the engagement model (KS1's EM): carry
    forward, or that code for the pupils assessed with the engagement model (one undo step)."""
    from tui.screens.dialogs.choose import Choice, ChooseDialog

    choices = [Choice(engagement.edits, "m", engagement.label())]
    if not isinstance(carry, str):
        carry_said = carry.question(shown).removesuffix("?")
        choices.insert(0, Choice(carry.edits, "c", carry_said))
    hint = " · ".join([*(f"{c.key} {c.label.split()[0]}" for c in choices), "Esc sets none"])
    title = f"Fill the blank cells of {engagement.into.name}"

    def edits(choice: Choice[list[Change]]) -> list[Change]:
        return choice.value

    return EditAsk(ChooseDialog(title, choices, hint=hint), edits, "fill the blank cells")


def target_rule(model: GridModel, column: int) -> ReadFirst[LastYear] | str:
    """Set the blank targets of the cursor's targets layer by a rule: the same as the latest
    assessment, one step above it, or one step above last year's last (asks which; one undo
    step); or why not. Last year's values are read first, in a worker."""
    from store.progress.last_year import last_year_values
    from store.progress.target_rules import targets_layer

    layer = targets_layer(model, column)
    if isinstance(layer, str):
        return layer
    cohort, shown = model.cohort, [pupil.id for pupil in model.rows]
    where = (cohort.establishment_id, cohort.academic_year, cohort.year_group, layer.framework)

    def read(database: Database, actor: Actor) -> LastYear:
        return last_year_values(database, actor, *where, shown)

    return ReadFirst(read, partial(choose_target_rule, model, column))


def choose_target_rule(
    model: GridModel, column: int, last_year: LastYear
) -> EditAsk[Choice[TargetRule]] | str:
    """Ask which rule sets the blank targets (only those that would set one)."""
    from store.progress.target_rules import TargetRule, rule_targets
    from tui.screens.dialogs.choose import Choice, ChooseDialog

    found = rule_targets(model, column, last_year)
    if isinstance(found, str):
        return found
    keys = dict(zip(TargetRule, "sul", strict=True))
    choices = [Choice(rule, keys[rule], found.label(rule)) for rule in found.rules]
    title = f"Set the blank targets of {found.layer.name} ({plural(len(model.rows), 'pupil')})"
    said = {"s": "s the same", "u": "u one step up", "l": "l up from last year"}
    hint = " · ".join([*(said[choice.key] for choice in choices), "Esc sets none"])
    dialog = ChooseDialog(title, choices, hint=hint)

    def edits(choice: Choice[TargetRule]) -> list[Change]:
        return found.edits[choice.value]

    return EditAsk(dialog, edits, "set targets by a rule")


AT_CURSOR: dict[str, Callable[[GridModel, int, int], EditAsk[Any] | ReadFirst[Any] | str]] = {
    "fill_row": fill_row,
    "cell_note": cell_note,
    "period_notes": period_notes,
    "carry_forward": carry_forward,
}
"""The dialogs whose answer edits cells where the cursor is, by the name a key's `ask` gives."""


def subject_plural(framework: Framework) -> str:
    """ "areas": what a row of the framework's subjects is called ("an area of development")."""
    noun = framework.subject_noun.split(" ", 1)[-1]
    first, _, rest = noun.partition(" ")
    return f"{first}s" + (f" {rest}" if rest else "")


def row_codes(framework: Framework) -> CodeSet:
    """The codes a whole row can be filled with: those of every subject, each once."""
    seen: dict[str, Code] = {}
    keys: set[str] = set()
    for subject in framework.subjects:
        for code in subject.codes:
            if code.code not in seen and not keys & set(code.keys):
                seen[code.code] = code
                keys |= set(code.keys)
    return CodeSet(tuple(seen.values()))
