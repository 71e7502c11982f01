"""The pupil characteristics filter on hand-built pupils: each item, combinations, describe()."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from store.assessments.cohort import PupilRow
from store.pupils.ethnicity import MAIN_CODES
from store.pupils.filters import (
    EMPTY_DESCRIPTION,
    ITEMS,
    PupilFilter,
    class_choices,
    ethnicity_choices,
    ethnicity_counts,
)

WINTER = date(2020, 11, 20)
SUMMER = date(2021, 6, 2)


def pupil(pupil_id: int, **characteristics: object) -> PupilRow:
    base = PupilRow(
        id=pupil_id,
        upn=f"A2041000000{pupil_id:02d}",
        surname=f"Surname{pupil_id}",
        forenames="Child",
        date_of_birth=WINTER,
        class_slot=1,
        include_in_data=True,
    )
    return replace(base, **characteristics)  # type: ignore[arg-type]


def ids(pupil_filter: PupilFilter, pupils: list[PupilRow]) -> list[int]:
    return [p.id for p in pupil_filter.apply(pupils)]


# --- each item ---------------------------------------------------------------------------


def test_the_empty_filter_keeps_everyone_in_order() -> None:
    pupils = [pupil(3), pupil(1), pupil(2)]
    assert PupilFilter().is_empty
    assert ids(PupilFilter(), pupils) == [3, 1, 2]


@pytest.mark.parametrize(
    ("item", "field_name"),
    [
        ("intervention", "intervention"),
        ("pupil_premium", "pupil_premium"),
        ("disadvantaged", "disadvantaged"),
        ("eal", "eal"),
    ],
)
def test_yes_no_items(item: str, field_name: str) -> None:
    pupils = [pupil(1, **{field_name: True}), pupil(2), pupil(3, **{field_name: True})]
    assert ids(PupilFilter(**{item: True}), pupils) == [1, 3]  # type: ignore[arg-type]
    assert ids(PupilFilter(**{item: False}), pupils) == [2]  # type: ignore[arg-type]
    assert ids(PupilFilter(**{item: None}), pupils) == [1, 2, 3]  # type: ignore[arg-type]


def test_gender() -> None:
    pupils = [pupil(1, gender="M"), pupil(2, gender="F"), pupil(3, gender="M")]
    assert ids(PupilFilter(gender="M"), pupils) == [1, 3]
    assert ids(PupilFilter(gender="F"), pupils) == [2]


def test_summer_born_is_1_april_to_31_august() -> None:
    pupils = [
        pupil(1, date_of_birth=date(2021, 3, 31)),
        pupil(2, date_of_birth=date(2021, 4, 1)),
        pupil(3, date_of_birth=date(2021, 8, 31)),
        pupil(4, date_of_birth=date(2020, 9, 1)),
    ]
    assert ids(PupilFilter(summer_born=True), pupils) == [2, 3]
    assert ids(PupilFilter(summer_born=False), pupils) == [1, 4]


def test_sen_none_support_ehc_and_any() -> None:
    pupils = [pupil(1), pupil(2, sen="K"), pupil(3, sen="E"), pupil(4, sen="")]
    assert ids(PupilFilter(sen="none"), pupils) == [1, 4]
    assert ids(PupilFilter(sen="K"), pupils) == [2]
    assert ids(PupilFilter(sen="E"), pupils) == [3]
    assert ids(PupilFilter(sen="any"), pupils) == [2, 3]


def test_ethnicity_rolls_extended_codes_up_to_the_main_code() -> None:
    pupils = [
        pupil(1, ethnicity="WBRI"),
        pupil(2, ethnicity="WENG"),
        pupil(3, ethnicity="wsco"),
        pupil(4, ethnicity="WIRI"),
        pupil(5, ethnicity="AKPA"),
    ]
    assert ids(PupilFilter(ethnicity="WBRI"), pupils) == [1, 2, 3]
    assert ids(PupilFilter(ethnicity="APKN"), pupils) == [5]
    # An extended code asked for is rolled up as well: it means its main code's group.
    assert PupilFilter(ethnicity="weng").ethnicity == "WBRI"
    assert PupilFilter(ethnicity="  ").ethnicity is None


def test_custom_flags_each_all_yes_or_no() -> None:
    pupils = [
        pupil(1, customs=(True, False, False, False, False, False)),
        pupil(2, customs=(True, False, False, False, False, True)),
        pupil(3, customs=(False,) * 6),
    ]
    assert ids(PupilFilter(customs=(True, None, None, None, None, None)), pupils) == [1, 2]
    assert ids(PupilFilter(customs=(True, None, None, None, None, False)), pupils) == [1]
    assert ids(PupilFilter(customs=(None, None, None, None, None, False)), pupils) == [1, 3]


def test_class() -> None:
    pupils = [pupil(1, class_slot=1), pupil(2, class_slot=2), pupil(3, class_slot=None)]
    assert ids(PupilFilter(class_slot=2), pupils) == [2]


def test_search_is_part_of_a_surname_in_any_case_or_accent() -> None:
    pupils = [
        pupil(1, surname="Smith"),
        pupil(2, surname="Goldsmith"),
        pupil(3, surname="Zając"),
        pupil(4, surname="SÖDERBERG"),
        pupil(5, surname="Jones"),
    ]
    assert ids(PupilFilter(search="smi"), pupils) == [1, 2]
    assert ids(PupilFilter(search="ZAJAC"), pupils) == [3]
    assert ids(PupilFilter(search="söder"), pupils) == [4]
    assert ids(PupilFilter(search="  soder  "), pupils) == [4]
    assert PupilFilter(search="  soder  ").search == "soder"
    assert PupilFilter(search="   ").is_empty


def test_search_finds_part_of_a_upn() -> None:
    pupils = [pupil(1, upn="A204100000011"), pupil(2, upn="B999900000022")]
    assert ids(PupilFilter(search="0011"), pupils) == [1]
    assert ids(PupilFilter(search="b9999"), pupils) == [2]
    assert ids(PupilFilter(search="zz"), pupils) == []


# --- combinations ------------------------------------------------------------------------


def test_every_item_set_must_match() -> None:
    target = pupil(
        1,
        gender="M",
        eal=True,
        sen="K",
        date_of_birth=SUMMER,
        ethnicity="WENG",
        class_slot=2,
        surname="Smith",
        intervention=True,
        pupil_premium=True,
        disadvantaged=True,
        customs=(False, True, False, False, False, False),
    )
    everything = PupilFilter(
        intervention=True,
        gender="M",
        summer_born=True,
        sen="any",
        ethnicity="WBRI",
        pupil_premium=True,
        disadvantaged=True,
        eal=True,
        customs=(None, True, None, None, None, False),
        class_slot=2,
        search="smi",
    )
    assert everything.matches(target)
    # Change any one characteristic and the pupil no longer matches.
    for change in (
        {"intervention": False},
        {"gender": "F"},
        {"date_of_birth": WINTER},
        {"sen": None},
        {"ethnicity": "WIRI"},
        {"pupil_premium": False},
        {"disadvantaged": False},
        {"eal": False},
        {"customs": (False,) * 6},
        {"class_slot": 1},
        {"surname": "Jones"},
    ):
        assert not everything.matches(replace(target, **change)), change


def test_male_and_eal() -> None:
    pupils = [
        pupil(1, gender="M", eal=True),
        pupil(2, gender="M", eal=False),
        pupil(3, gender="F", eal=True),
        pupil(4, gender="M", eal=True),
    ]
    assert ids(PupilFilter(gender="M", eal=True), pupils) == [1, 4]
    assert ids(PupilFilter(gender="M", eal=False, search="nomatch"), pupils) == []


# --- values, items and checks ------------------------------------------------------------


def test_filters_are_values() -> None:
    assert PupilFilter(gender="M") == PupilFilter(gender="M")
    assert PupilFilter(search=" smi ") == PupilFilter(search="smi")
    assert len({PupilFilter(), PupilFilter(), PupilFilter(eal=True)}) == 2
    assert not PupilFilter(class_slot=3).is_empty


def test_items_by_name_round_trip() -> None:
    pupil_filter = PupilFilter()
    values: dict[str, object] = {
        "intervention": True,
        "gender": "F",
        "summer_born": False,
        "sen": "E",
        "ethnicity": "BAFR",
        "pupil_premium": True,
        "disadvantaged": False,
        "eal": True,
        "custom_1": True,
        "custom_6": False,
        "class_slot": 4,
    }
    for name, value in values.items():
        pupil_filter = pupil_filter.with_item(name, value)
    for name in ITEMS:
        assert pupil_filter.item(name) == values.get(name)
    assert pupil_filter.customs == (True, None, None, None, None, False)
    assert pupil_filter.with_item("custom_1", None).customs[0] is None


@pytest.mark.parametrize(
    "bad",
    [
        {"gender": "X"},
        {"sen": "S"},
        {"eal": "yes"},
        {"customs": (True,) * 5},
        {"customs": ("y",) * 6},
    ],
)
def test_nonsense_is_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        PupilFilter(**bad)  # type: ignore[arg-type]


def test_unknown_item_names_are_refused() -> None:
    with pytest.raises(KeyError):
        PupilFilter().with_item("shoe_size", 3)
    with pytest.raises(KeyError):
        PupilFilter().item("custom_7")


# --- describe ----------------------------------------------------------------------------

CUSTOMS = ("Speech therapy", "Young carer", "CUSTOM 3", "CUSTOM 4", "CUSTOM 5", "Forest school")
CLASSES = ("Robins", "Wrens", *(f"Class {n}" for n in range(3, 21)))


def test_describe_nothing() -> None:
    assert PupilFilter().describe(CUSTOMS, CLASSES) == EMPTY_DESCRIPTION
    assert EMPTY_DESCRIPTION == "Filter: none (all pupils)"


def test_describe_in_the_dialog_order_yes_by_name_and_no_spelled_out() -> None:
    pupil_filter = PupilFilter(
        gender="M", summer_born=True, eal=False, sen="K", class_slot=2, search="smi"
    )
    assert pupil_filter.describe(CUSTOMS, CLASSES) == (
        "Filter: Male · Summer born · SEN: K · EAL: No · Wrens · 'smi'"
    )


def test_describe_everything_with_the_establishments_names() -> None:
    pupil_filter = PupilFilter(
        intervention=False,
        gender="F",
        summer_born=False,
        sen="any",
        ethnicity="WENG",
        pupil_premium=True,
        disadvantaged=True,
        eal=True,
        customs=(True, None, None, None, None, False),
        class_slot=1,
    )
    assert pupil_filter.describe(CUSTOMS, CLASSES) == (
        "Filter: Intervention: No · Female · Summer born: No · SEN: K or E · Ethnicity: WBRI · "
        "PP · Disadvantaged · EAL · Speech therapy · Forest school: No · Robins"
    )


def test_describe_falls_back_to_default_names() -> None:
    pupil_filter = PupilFilter(
        sen="none", customs=(None, True, None, None, None, None), class_slot=7
    )
    assert pupil_filter.describe() == "Filter: No SEN · CUSTOM 2 · Class 7"


# --- what a dialog offers ----------------------------------------------------------------


def test_ethnicity_choices_put_the_cohorts_codes_first_commonest_first() -> None:
    pupils = [
        pupil(1, ethnicity="AIND"),
        pupil(2, ethnicity="WENG"),
        pupil(3, ethnicity="WBRI"),
        pupil(4, ethnicity="BAFR"),
    ]
    choices = ethnicity_choices(pupils)
    assert choices[:3] == ["WBRI", "AIND", "BAFR"]  # ties in the DfE order
    assert sorted(choices) == sorted(MAIN_CODES)
    assert ethnicity_counts(pupils)["WBRI"] == 2


def test_class_choices_put_the_cohorts_classes_first() -> None:
    pupils = [pupil(1, class_slot=3), pupil(2, class_slot=1), pupil(3, class_slot=None)]
    assert class_choices(pupils, 5) == [1, 3, 2, 4, 5]
