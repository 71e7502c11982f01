"""The pupil characteristics filter: which pupils a grid, a multi-edit list or a report shows.

Pure data, no I/O: a `PupilFilter` is a frozen value that screens keep, compare and pass around;
`matches` and `apply` work on the `PupilRow`s the store already loaded.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from store.assessments.cohort import PupilRow
from store.core.search_key import search_key
from store.curriculum.year_groups import is_summer_born
from store.pupils.ethnicity import MAIN_CODES, main_code

Gender = Literal["M", "F"]
SenChoice = Literal["none", "K", "E", "any"]
"""SEN: "none" no SEN; "K" SEN support; "E" EHC plan; "any" either (K or E). None is All."""

CUSTOM_COUNT = 6
ALL_CUSTOMS: tuple[bool | None, ...] = (None,) * CUSTOM_COUNT
GENDER_LABELS: dict[str, str] = {"M": "Male", "F": "Female"}
SEN_LABELS: dict[str, str] = {
    "none": "No SEN",
    "K": "SEN: K",
    "E": "SEN: E",
    "any": "SEN: K or E",
}
EMPTY_DESCRIPTION = "Filter: none (all pupils)"

# The items a dialog offers, in the user guide's order, by the names `item` and `with_item` use.
FLAG_ITEMS = ("intervention", "summer_born", "pupil_premium", "disadvantaged", "eal")
CUSTOM_ITEMS = tuple(f"custom_{n}" for n in range(1, CUSTOM_COUNT + 1))
ITEMS = (
    "intervention",
    "gender",
    "summer_born",
    "sen",
    "ethnicity",
    "pupil_premium",
    "disadvantaged",
    "eal",
    *CUSTOM_ITEMS,
    "class_slot",
)


@dataclass(frozen=True)
class PupilFilter:
    """Every item is All (None) unless set; a pupil must match every item that is set.

    Attributes:
        intervention: has an intervention in the academic year viewed (PupilRow.intervention).
        gender: "M" or "F".
        summer_born: born 1 April .. 31 August.
        sen: see `SenChoice`.
        ethnicity: a DfE main code; a pupil's extended code (WENG) rolls up to it (WBRI).
            An extended code given here is rolled up too.
        pupil_premium, disadvantaged, eal: the pupil's options.
        customs: the six custom flags, each All (None), Yes or No.
        class_slot: one of the establishment's class slots (1..20).
        search: part of a surname (any case or accent) or part of a UPN.
    """

    intervention: bool | None = None
    gender: Gender | None = None
    summer_born: bool | None = None
    sen: SenChoice | None = None
    ethnicity: str | None = None
    pupil_premium: bool | None = None
    disadvantaged: bool | None = None
    eal: bool | None = None
    customs: tuple[bool | None, ...] = ALL_CUSTOMS
    class_slot: int | None = None
    search: str = ""
    # Worked out once, not per pupil: a report may filter a whole local authority's pupils.
    _folded: str = field(default="", init=False, repr=False, compare=False)
    _upn_part: str = field(default="", init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in FLAG_ITEMS:
            if getattr(self, name) not in (None, True, False):
                raise ValueError(f"{name} is All (None), Yes (True) or No (False).")
        if self.gender not in (None, *GENDER_LABELS):
            raise ValueError(f"Gender is M, F or All (None), not {self.gender!r}.")
        if self.sen not in (None, *SEN_LABELS):
            raise ValueError(f"SEN is none, K, E, any or All (None), not {self.sen!r}.")
        customs = tuple(self.customs)
        if len(customs) != CUSTOM_COUNT or any(c not in (None, True, False) for c in customs):
            raise ValueError(f"customs are {CUSTOM_COUNT} values, each None, True or False.")
        ethnicity = main_code(self.ethnicity) if self.ethnicity and self.ethnicity.strip() else None
        search = " ".join(self.search.split())
        object.__setattr__(self, "customs", customs)
        object.__setattr__(self, "ethnicity", ethnicity)
        object.__setattr__(self, "search", search)
        object.__setattr__(self, "_folded", search_key(search))
        object.__setattr__(self, "_upn_part", search.upper().replace(" ", ""))

    # --- matching ------------------------------------------------------------------------

    def matches(self, pupil: PupilRow) -> bool:
        """Whether `pupil` passes every item that is set."""
        if self.intervention is not None and pupil.intervention != self.intervention:
            return False
        if self.gender is not None and pupil.gender.upper() != self.gender:
            return False
        if self.summer_born is not None and (
            is_summer_born(pupil.date_of_birth) != self.summer_born
        ):
            return False
        if self.sen is not None and not _sen_matches(self.sen, pupil.sen):
            return False
        if self.ethnicity is not None and main_code(pupil.ethnicity) != self.ethnicity:
            return False
        if self.pupil_premium is not None and pupil.pupil_premium != self.pupil_premium:
            return False
        if self.disadvantaged is not None and pupil.disadvantaged != self.disadvantaged:
            return False
        if self.eal is not None and pupil.eal != self.eal:
            return False
        for wanted, has in zip(self.customs, pupil.customs, strict=False):
            if wanted is not None and has != wanted:
                return False
        if self.class_slot is not None and pupil.class_slot != self.class_slot:
            return False
        return not self.search or self._search_matches(pupil)

    def _search_matches(self, pupil: PupilRow) -> bool:
        if self._folded in search_key(pupil.surname):
            return True
        return bool(self._upn_part) and self._upn_part in pupil.upn.upper()

    def apply(self, pupils: Iterable[PupilRow]) -> list[PupilRow]:
        """The pupils that match, in the order given."""
        if self.is_empty:
            return list(pupils)
        return [pupil for pupil in pupils if self.matches(pupil)]

    @property
    def is_empty(self) -> bool:
        """True when every item is All and there is no search: every pupil matches."""
        return self == PupilFilter()

    # --- items by name, for dialogs ------------------------------------------------------

    def item(self, name: str) -> object:
        """The value of one of `ITEMS` (custom_1 .. custom_6 are the entries of `customs`)."""
        if name in CUSTOM_ITEMS:
            return self.customs[CUSTOM_ITEMS.index(name)]
        if name not in ITEMS:
            raise KeyError(name)
        return getattr(self, name)

    def with_item(self, name: str, value: object) -> PupilFilter:
        """A copy with one of `ITEMS` set to `value` (checked as the constructor checks)."""
        if name in CUSTOM_ITEMS:
            customs: list[Any] = list(self.customs)
            customs[CUSTOM_ITEMS.index(name)] = value
            return replace(self, customs=tuple(customs))
        if name not in ITEMS:
            raise KeyError(name)
        changes: dict[str, Any] = {name: value}
        return replace(self, **changes)

    # --- words ---------------------------------------------------------------------------

    def describe(self, custom_names: Sequence[str] = (), class_names: Sequence[str] = ()) -> str:
        """What is active, in one line: "Filter: Male · Summer born · EAL: No · Class 2 · 'smi'".

        Args:
            custom_names: the establishment's names for its six custom flags.
            class_names: the establishment's class names, slot 1 first.
        """
        parts: list[str] = []
        if self.intervention is not None:
            parts.append(_flag("Intervention", self.intervention))
        if self.gender is not None:
            parts.append(GENDER_LABELS[self.gender])
        if self.summer_born is not None:
            parts.append(_flag("Summer born", self.summer_born))
        if self.sen is not None:
            parts.append(SEN_LABELS[self.sen])
        if self.ethnicity is not None:
            parts.append(f"Ethnicity: {self.ethnicity}")
        if self.pupil_premium is not None:
            parts.append(_flag("PP", self.pupil_premium))
        if self.disadvantaged is not None:
            parts.append(_flag("Disadvantaged", self.disadvantaged))
        if self.eal is not None:
            parts.append(_flag("EAL", self.eal))
        for index, wanted in enumerate(self.customs):
            if wanted is not None:
                parts.append(_flag(custom_name(custom_names, index + 1), wanted))
        if self.class_slot is not None:
            parts.append(class_name(class_names, self.class_slot))
        if self.search:
            parts.append(f"'{self.search}'")
        return "Filter: " + " · ".join(parts) if parts else EMPTY_DESCRIPTION


def _flag(name: str, wanted: bool) -> str:
    return name if wanted else f"{name}: No"


def _sen_matches(choice: str, sen: str | None) -> bool:
    code = (sen or "").strip().upper()
    if choice == "none":
        return code not in ("K", "E")
    if choice == "any":
        return code in ("K", "E")
    return code == choice


def custom_name(custom_names: Sequence[str], number: int) -> str:
    """The establishment's name for custom flag `number` (1..6), or CUSTOM n."""
    if 1 <= number <= len(custom_names) and custom_names[number - 1].strip():
        return custom_names[number - 1]
    return f"CUSTOM {number}"


def class_name(class_names: Sequence[str], slot: int) -> str:
    """The establishment's name for class `slot` (1..20), or Class n."""
    if 1 <= slot <= len(class_names) and class_names[slot - 1].strip():
        return class_names[slot - 1]
    return f"Class {slot}"


# --- what a dialog offers ----------------------------------------------------------------


def ethnicity_counts(pupils: Iterable[PupilRow]) -> Counter[str]:
    """How many of `pupils` have each main code (extended codes rolled up)."""
    return Counter(main_code(pupil.ethnicity) for pupil in pupils)


def ethnicity_choices(pupils: Iterable[PupilRow]) -> list[str]:
    """Main codes to offer: those of `pupils` first (commonest first), then every other one."""
    counts = ethnicity_counts(pupils)
    order = {code: index for index, code in enumerate(MAIN_CODES)}
    present = sorted(counts, key=lambda code: (-counts[code], order.get(code, len(order)), code))
    return present + [code for code in MAIN_CODES if code not in counts]


def class_choices(pupils: Iterable[PupilRow], class_count: int) -> list[int]:
    """Class slots to offer: those `pupils` are in first, then the others, each in slot order."""
    used = sorted({pupil.class_slot for pupil in pupils if pupil.class_slot is not None})
    return used + [slot for slot in range(1, class_count + 1) if slot not in used]
