"""Edit multiple pupils: a grid of pupils x characteristics, one transaction per entry or fill."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import ClassVar

from sqlalchemy.exc import SQLAlchemyError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Static

from store.assessments.cohort import PupilRow
from store.core.access import Actor
from store.core.db import Database
from store.core.errors import StoreError
from store.core.words import plural
from store.curriculum.dates import format_academic_year
from store.curriculum.eyfs import CLASS_SLOTS, YearGroup
from store.establishments.establishments import EstablishmentInfo
from store.pupils import editing, pupils
from store.pupils.ethnicity import ALL_CODES
from store.pupils.fields import GENDER_LABELS, SEN_LABELS
from store.pupils.filters import PupilFilter
from store.pupils.profile import Profile, default_profile, get_profile
from tui.history import UndoHistory
from tui.screens.dialogs.choose import DEFAULT_HINT, Choice, ChooseDialog
from tui.screens.grid_words import EXCLUDED_BANNER, SAVE_FAILED
from tui.store_call import run_store_call
from tui.widgets.characteristics_filter import FilterBar, FilterDialog
from tui.widgets.key_bar import KeyBar
from tui.widgets.pupils.characteristics_columns import (
    Applied,
    Change,
    Column,
    Kind,
    characteristic_columns,
    value_of,
    value_words,
    with_value,
)
from tui.widgets.pupils.characteristics_grid import CharacteristicsGrid

YES_NO_HINT = "y Yes · n No · Enter choose · Esc cancel"


def _inverse(step: Sequence[Applied]) -> list[Change]:
    return [(pupil_id, field, old) for pupil_id, field, old, _new in reversed(step)]


def column_choices(column: Column, class_names: Sequence[str]) -> list[Choice[object]]:
    """Every value the column can take, as the picker lists them."""
    if column.kind is Kind.CLASS:
        classes: list[Choice[object]] = [
            Choice(slot, str(slot), class_names[slot - 1]) for slot in range(1, CLASS_SLOTS + 1)
        ]
        return [*classes, Choice(None, "-", "No class")]
    if column.kind is Kind.FLAG:
        return [Choice(True, "Yes"), Choice(False, "No")]
    if column.kind is Kind.GENDER:
        return [Choice(code, code, label) for code, label in GENDER_LABELS.items()]
    if column.kind is Kind.SEN:
        return [Choice(code, code or "-", label) for code, label in SEN_LABELS.items()]
    return [Choice(code, code, name) for code, name in ALL_CODES.items()]


class MultiEditScreen(Screen[None]):
    """Edit the class, Include in Data, gender, SEN, ethnicity and flags of many pupils."""

    DEFAULT_CSS = """
    MultiEditScreen #multi-bar {
        height: 1; background: $panel; color: $foreground; text-style: bold; padding: 0 1;
    }
    MultiEditScreen #multi-banner { height: 1; background: $warning; color: $text; padding: 0 1; }
    MultiEditScreen #multi-status {
        width: 80; max-width: 100%; height: 1; background: $panel; color: $foreground;
        padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter", "choose", "Choose", id="choose", tooltip="Choose this cell's value from a list"
        ),
        Binding(
            "F",
            "fill_column",
            "Fill col",
            id="fill-column",
            tooltip="Set this column for every pupil shown",
        ),
        Binding(
            "R",
            "fill_row",
            "Fill row",
            id="fill-row",
            tooltip="Set this pupil's option and custom flags all Yes or all No",
        ),
        Binding(
            "u", "undo", "Undo", id="undo", tooltip="Undo the last change (a fill is one step)"
        ),
        Binding(
            "Y", "redo", "Redo", show=False, id="redo", tooltip="Redo what was undone (shift+y)"
        ),
        Binding(
            "f",
            "filter",
            "Filter",
            id="filter",
            tooltip="Pupil characteristics filter (on the Gender column f is Female)",
        ),
        Binding(
            "y,n,m,k,e,space",
            "not_here",
            "Not here",
            show=False,
            system=True,  # a fallback: not a command for help or the palette
            tooltip="Entry keys work in their own columns",
        ),
        Binding(
            "f5",
            "reload",
            "Reload",
            show=False,
            id="reload",
            tooltip="Reload from the database (to see what colleagues changed)",
        ),
        Binding("escape", "leave", "Back", show=False, id="back", tooltip="Back to the pupils"),
    ]

    AUTO_FOCUS = "#characteristics"

    def __init__(
        self,
        database: Database,
        actor: Actor,
        establishment: EstablishmentInfo,
        academic_year: int,
        year_group: YearGroup | None,
        rows: list[PupilRow] | None = None,
    ) -> None:
        """Show `rows` (e.g. the pupil list's search), or else the year group's pupils.

        Args:
            rows: the pupils to edit; their current values are read again from the database.
                None loads the establishment's pupils of `year_group` (every pupil when that
                is None too).
        """
        super().__init__()
        self.database = database
        self.actor = actor
        self.establishment = establishment
        self.academic_year = academic_year
        self.year_group = year_group
        self.pupil_ids = None if rows is None else [pupil.id for pupil in rows]
        self.history: UndoHistory[Applied, Change] = UndoHistory(_inverse)
        self.pupil_filter = PupilFilter()
        self.profile = default_profile()
        self.columns: list[Column] = []
        self._all: dict[int, PupilRow] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="multi-bar", markup=False)
        yield FilterBar(id="multi-filter")
        yield Static(EXCLUDED_BANNER, id="multi-banner", markup=False)
        yield CharacteristicsGrid(id="characteristics", write=self._edit_requested)
        yield Static("", id="multi-status", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        if self.pupil_ids is not None:
            which = "the pupil list's selection"
        else:
            which = self.year_group.label if self.year_group else "all pupils"
        self.query_one("#multi-bar", Static).update(
            f"{self.establishment.title} · {format_academic_year(self.academic_year)} · "
            f"Edit multiple pupils: {which}"
        )
        self.reload()

    @property
    def grid(self) -> CharacteristicsGrid:
        return self.query_one(CharacteristicsGrid)

    # --- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the profile and the pupils again, in a worker (a school of 2,000 takes longer
        than a frame: bench/ui_reads.py), and show those the filter lets through."""
        database, actor, school, year = (
            self.database,
            self.actor,
            self.establishment.id,
            self.academic_year,
        )
        pupil_ids, year_group = self.pupil_ids, self.year_group

        def read() -> tuple[Profile, list[PupilRow]]:
            profile = get_profile(database, actor, school)
            found = pupils.list_pupils(database, actor, school, year)
            if pupil_ids is not None:
                wanted = set(pupil_ids)
                found = [pupil for pupil in found if pupil.id in wanted]
            elif year_group is not None:
                found = [
                    pupil for pupil in found if pupils.pupil_year_group(pupil, year) is year_group
                ]
            return profile, found

        run_store_call(
            self, read, self._read, group="multi-edit-read", exclusive=True, hold_keys=True
        )

    def _read(self, read: tuple[Profile, list[PupilRow]]) -> None:
        self.profile, found = read
        self.columns = characteristic_columns(self.profile.custom_names)
        self._all = {pupil.id: pupil for pupil in found}
        self._show(self.pupil_filter.apply(found), self.columns, self.profile.class_names)

    @property
    def all_rows(self) -> list[PupilRow]:
        """Every pupil this screen was opened for, with the values as now saved."""
        return sorted(self._all.values(), key=lambda pupil: pupil.sort_key)

    def set_rows(self, rows: Iterable[PupilRow]) -> None:
        """Show only `rows` (the filter's choice from `all_rows`); fills change only these."""
        self._show(rows)

    def _show(
        self,
        rows: Iterable[PupilRow],
        columns: Sequence[Column] | None = None,
        class_names: Sequence[str] | None = None,
    ) -> None:
        self.grid.load(rows, columns, class_names)
        self.query_one(FilterBar).show_filter(
            self.pupil_filter,
            self.profile.custom_names,
            self.profile.class_names,
            len(self.grid.rows),
            len(self._all),
        )
        self._update_banner()

    def _update_banner(self) -> None:
        excluded = any(not pupil.include_in_data for pupil in self.grid.rows)
        banner = self.query_one("#multi-banner")
        if banner.display != excluded:
            banner.display = excluded

    @on(CharacteristicsGrid.CursorMoved)
    def _update_status(self) -> None:
        grid = self.grid
        pupil, column = grid.current_pupil, grid.current_column
        status = self.query_one("#multi-status", Static)
        if pupil is None or column is None:
            if self._all and not self.pupil_filter.is_empty:
                status.update("No pupil matches the filter: press f to change it.", layout=False)
            else:
                status.update("No pupils to show here.", layout=False)
            return
        value = value_words(column, value_of(pupil, column.field), self.profile.class_names)
        status.update(f"{pupil.display_name} · {column.name}: {value}", layout=False)

    # --- writing -------------------------------------------------------------------------

    def write(self, changes: Sequence[Change], action: str) -> list[Applied] | None:
        """Write `changes` in one transaction and show them; None (and why) if refused."""
        if not changes:
            return []
        try:
            applied = editing.set_characteristics(
                self.database, self.actor, self.establishment.id, changes, action
            )
        except StoreError as error:
            self.notify(str(error), severity="error")
            return None
        except SQLAlchemyError as error:
            reason = str(getattr(error, "orig", None) or error).splitlines()[0]
            self.notify(SAVE_FAILED.format(reason=reason), severity="error", timeout=10)
            return None
        for pupil_id, field, _old, new in applied:
            if pupil_id in self._all:
                self._all[pupil_id] = with_value(self._all[pupil_id], field, new)
        self.grid.apply_changes(applied)
        if any(field == "include_in_data" for _, field, _, _ in applied):
            self._update_banner()
        return applied

    def _record(self, changes: Sequence[Change], action: str) -> list[Applied] | None:
        applied = self.write(changes, action)
        if applied:
            self.history.record(applied)
        return applied

    def _edit_requested(self, changes: list[Change], description: str) -> bool:
        """The grid's entries, written before the next key is taken (see ChangeWriter)."""
        return self._record(changes, description) is not None

    def action_undo(self) -> None:
        if message := self.history.undo(lambda edits: self.write(edits, "undo edit pupils")):
            self.notify(message)

    def action_redo(self) -> None:
        if message := self.history.redo(lambda edits: self.write(edits, "redo edit pupils")):
            self.notify(message)

    # --- commands ------------------------------------------------------------------------

    def _choose(
        self,
        title: str,
        column: Column,
        current: object,
        chosen: Callable[[object], None],
        values: bool = True,
    ) -> None:
        choices = column_choices(column, self.profile.class_names) if values else _YES_NO
        selected = next(
            (index for index, choice in enumerate(choices) if choice.value == current), None
        )
        hint = YES_NO_HINT if column.kind is Kind.FLAG or not values else DEFAULT_HINT

        def done(choice: Choice[object] | None) -> None:
            if choice is not None:
                chosen(choice.value)

        self.app.push_screen(ChooseDialog(title, choices, selected, hint), done)

    def action_choose(self) -> None:
        grid = self.grid
        pupil, column = grid.current_pupil, grid.current_column
        if pupil is None or column is None:
            self.notify("There are no pupils here.", severity="warning")
            return
        current = value_of(pupil, column.field)

        def chosen(value: object) -> None:
            applied = self._record([(pupil.id, column.field, value)], "edit pupils")
            moved = grid.current_pupil
            if applied is not None and moved is not None and moved.id == pupil.id:
                grid.advance()

        self._choose(f"{column.name} of {pupil.display_name}", column, current, chosen)

    def action_fill_column(self) -> None:
        grid = self.grid
        rows, column = list(grid.rows), grid.current_column
        if not rows or column is None:
            self.notify("There are no pupils to fill.", severity="warning")
            return
        current = value_of(grid.rows[grid.row], column.field)

        def chosen(value: object) -> None:
            words = value_words(column, value, self.profile.class_names)
            applied = self._record(
                [(pupil.id, column.field, value) for pupil in rows], "fill pupils column"
            )
            if applied == []:
                self.notify(f"Nothing changed: every pupil shown already has {words}.")
            elif applied is not None:
                self.notify(f"{column.name} set to {words} for {_pupils(len(applied))}.")

        self._choose(
            f"Fill {column.name} for all {_pupils(len(rows))} shown", column, current, chosen
        )

    def action_fill_row(self) -> None:
        grid = self.grid
        pupil = grid.current_pupil
        if pupil is None:
            self.notify("There are no pupils here.", severity="warning")
            return
        flags = [column for column in self.columns if column.in_row_fill]
        names = ", ".join(column.name for column in flags)

        def chosen(value: object) -> None:
            applied = self._record(
                [(pupil.id, column.field, value) for column in flags], "fill pupils row"
            )
            words = "Yes" if value else "No"
            if applied == []:
                self.notify(f"Nothing changed: every flag of {pupil.display_name} is {words}.")
            elif applied is not None:
                changed = plural(len(applied), "flag")
                self.notify(f"{changed} of {pupil.display_name} set to {words}.")

        self._choose(
            f"Set every flag of {pupil.display_name} ({names}) to",
            flags[0],
            None,
            chosen,
            values=False,
        )

    def action_filter(self) -> None:
        """Open the characteristics filter; the grid then shows only the pupils it lets through."""
        group = self.year_group.label if self.year_group else "All year groups"

        def done(chosen: PupilFilter | None) -> None:
            if chosen is not None:
                self.pupil_filter = chosen
                self.set_rows(chosen.apply(self.all_rows))

        self.app.push_screen(
            FilterDialog(
                self.pupil_filter,
                self.all_rows,
                self.profile.custom_names,
                self.profile.class_names,
                context=f"{group} {format_academic_year(self.academic_year)}",
            ),
            done,
        )

    def action_not_here(self) -> None:
        column = self.grid.current_column
        where = f"the {column.name} column" if column else "here"
        self.notify(
            f"That key does not set {where}: press Enter to choose from a list "
            "(y/n yes/no columns, m/f Gender, k/e/Del SEN, Y redo)."
        )

    def action_reload(self) -> None:
        self.reload()
        self.notify("Reloaded from the database.")

    def action_leave(self) -> None:
        self.dismiss(None)


_YES_NO: list[Choice[object]] = [Choice(True, "Yes"), Choice(False, "No")]


def _pupils(count: int) -> str:
    return plural(count, "pupil")
