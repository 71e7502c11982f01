"""The small-steps ladder: levels P1(i) to milestone 4, five stages each, one point a step."""

from __future__ import annotations

import pytest

from store.curriculum import frameworks
from store.curriculum.small_steps import (
    LEVELS,
    SMALL_STEPS,
    SMALL_STEPS_ID,
    STEPS,
    level_of,
    parse_step,
    steps_between,
)


def step(text: str):  # type: ignore[no-untyped-def]
    found = parse_step(text)
    assert found is not None, text
    return found


def test_the_ladder_runs_from_p1i_to_milestone_4_in_five_stages() -> None:
    names = [level.name for level in LEVELS]
    assert names[:7] == ["P1(i)", "P1(ii)", "P2(i)", "P2(ii)", "P3(i)", "P3(ii)", "P4"]
    assert names[-5:] == ["P8", "Milestone 1", "Milestone 2", "Milestone 3", "Milestone 4"]
    assert len(STEPS) == len(LEVELS) * 5
    assert [code.points for code in STEPS] == list(range(1, len(STEPS) + 1))


def test_a_stage_is_a_fifth_of_a_level_and_p8a_to_milestone_1e_is_one_step() -> None:
    assert steps_between(step("P4e"), step("P5e")) == 5
    assert steps_between(step("P4e"), step("P4a")) == 4
    assert steps_between(step("P8a"), step("M1e")) == 1
    assert steps_between(step("P1(ii)a"), step("P2(i)e")) == 1
    assert steps_between(step("M2c"), step("P7c")) == -15  # P7, P8, M1: three levels down


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("P7c", "P7c"),
        ("p7c", "P7c"),
        ("P1(i)e", "P1ie"),
        ("p1 (ii) a", "P1iia"),
        ("P1iie", "P1iie"),
        ("1iie", "P1iie"),  # as the column shows it
        ("M3b", "M3b"),
        ("m4a", "M4a"),
    ],
)
def test_a_step_is_typed_as_teachers_write_it(typed: str, stored: str) -> None:
    assert step(typed).code == stored


@pytest.mark.parametrize("typed", ["", "P7", "P7f", "P9a", "P1iiie", "P4(i)e", "M5a", "7c", "é"])
def test_what_is_no_step_is_none(typed: str) -> None:
    assert parse_step(typed) is None


def test_each_step_shows_in_four_cells_or_fewer_and_says_its_level_and_stage() -> None:
    shorts = [code.short for code in STEPS]
    assert max(map(len, shorts)) == 4 and len(set(shorts)) == len(shorts)
    assert step("P1iid").short == "1iid"
    assert step("P1iid").words == "P1(ii) stage d: beginning"
    assert step("M1a").words == "Milestone 1 stage a: secure"
    assert level_of(step("P8a")).name == "P8" and level_of(step("M1e")).name == "Milestone 1"


def test_the_strands_follow_the_schools_subjects_with_psed_in_four() -> None:
    assert frameworks.by_id(SMALL_STEPS_ID) is SMALL_STEPS
    psed = [s.name for s in SMALL_STEPS.subjects if s.group == "PSED"]
    assert psed == [
        "Independence and self-help",
        "Social awareness and relationships",
        "Behaviour for learning",
        "Emotional aspects",
    ]
    assert [s.name for s in SMALL_STEPS.subjects if s.group == "Maths"] == [
        "Number",
        "Using and applying",
        "Shape, space and measures",
    ]


def test_the_keys_that_mean_something_typed_first() -> None:
    """A level starts a step (P, M, or a P-level's digit); a stage ends one (alone it takes the
    level typed before); P1's i only goes on a step."""
    assert all(STEPS.acts_alone(key) for key in ("P", "M", "m", "1", "3", "e", "a"))
    assert not any(STEPS.acts_alone(key) for key in ("i", "4", "x"))
