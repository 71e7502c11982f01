"""Support's p in Progress over many establishments: each establishment's latest two assessments
of a framework, or two assessment names the establishments use (matched at each, in any case)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from store.core.errors import StoreError
from store.curriculum.eyfs import YearGroup
from store.reports.progress_many import (
    ManyPair,
    NamedPeriod,
    progress_frameworks,
    progress_period_names,
)
from tui.screens.dialogs.choose import Choice, ChooseDialog

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui.screens.reports.many import ManyScope


def _index(choices: list[Choice[ManyPair]], current: ManyPair | None, to: bool = False) -> int:
    """Where `current` is among the choices (the first choice when it is none of them)."""
    for index, choice in enumerate(choices):
        pair = choice.value
        if current is None or pair.framework != current.framework:
            continue
        if (pair.now if to else pair.then) == (current.now if to else current.then):
            return index
    return 0


def start_choices(
    names_of: dict[str, list[NamedPeriod]], year_group: YearGroup
) -> list[Choice[ManyPair]]:
    """For each framework of the year group: each establishment's latest two, then the names
    an assessment may be compared from (any but the last)."""
    choices: list[Choice[ManyPair]] = []
    for framework in progress_frameworks(year_group):
        choices.append(
            Choice(
                ManyPair(framework.id),
                "Latest",
                f"each one's latest two {framework.name} assessments with judgements",
            )
        )
        choices += [
            Choice(ManyPair(framework.id, name), name.label, f"{framework.name}, from")
            for name in names_of[framework.id][:-1]
        ]
    return choices


def choose_many_pair(
    screen: Screen[Any],
    scope: ManyScope,
    academic_year: int,
    year_group: YearGroup,
    done: Callable[[], object],
) -> None:
    """Ask which two assessments to compare at each establishment, keep them in `scope` and
    call `done` (nothing when cancelled)."""
    try:
        names_of = {
            framework.id: progress_period_names(
                scope.database, scope.actor, academic_year, year_group, framework.id, scope.search
            )
            for framework in progress_frameworks(year_group)
        }
    except StoreError as error:
        screen.notify(str(error), severity="error")
        return
    starts = start_choices(names_of, year_group)

    def chosen(pair: ManyPair) -> None:
        scope.pair = pair
        done()

    def from_chosen(start: Choice[ManyPair] | None) -> None:
        if start is None:
            return
        pair = start.value
        if pair.then is None:
            chosen(pair)
            return
        names = names_of[pair.framework]
        later = [
            Choice(replace(pair, now=name), name.label, "at each establishment that has both")
            for name in names[names.index(pair.then) + 1 :]
        ]
        dialog = ChooseDialog(
            f"Progress from {pair.then.label} to", later, _index(later, scope.pair, to=True)
        )
        screen.app.push_screen(dialog, lambda to: None if to is None else chosen(to.value))

    first = ChooseDialog(
        "Progress over many establishments from", starts, _index(starts, scope.pair)
    )
    screen.app.push_screen(first, from_chosen)
