"""Frameworks as data: codes, code sets, number ranges, subjects, derived columns, the registry,
and EYFS in-year and the End of Year ELGs expressed in them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.curriculum import frameworks
from store.curriculum.codes import STORED_CODE_LENGTH, Band, Code, CodeSet, NumberRange
from store.curriculum.elg_scores import elg_total_score, good_level_of_development
from store.curriculum.eyfs import (
    AREAS,
    EARLY_YEARS,
    GLD_AREA_CODES,
    ElgOutcome,
    Judgement,
    YearGroup,
)
from store.curriculum.eyfs_frameworks import (
    EYFS_ELG,
    EYFS_ELG_ID,
    EYFS_IN_YEAR,
    EYFS_IN_YEAR_ID,
)
from store.curriculum.framework import DerivedColumn, Framework, Subject
from tests.frameworks import ABS, EXS, GDS, THREE_LETTER, WTS

EVERY = (EYFS_IN_YEAR, EYFS_ELG, THREE_LETTER)
CODE_TEXT = st.text(alphabet="ABCDEGHKLMNPQRSTWXYZ0123456789", min_size=1, max_size=8)
KEY = st.characters(whitelist_categories=("Ll", "Lu", "Nd"), max_codepoint=0x7F)


def _code(code: str = "EXS", keys: tuple[str, ...] = ("x",), **given: object) -> Code:
    given.setdefault("short", code[:3])
    return Code(code, str(given.pop("words", "Words")), keys, Band.AT, **given)  # type: ignore[arg-type]


# --- Codes and code sets ----------------------------------------------------------------------


def test_a_code_fills_in_its_short_and_wide_text_from_the_code() -> None:
    code = Code("GDS", "Greater depth", ("3",), Band.ABOVE)
    assert (code.short, code.wide, code.label) == ("GDS", "GDS", "Greater depth")
    assert Code("O", "On track", (), Band.AT, wide="OnTrk").short == "O"


def test_a_str_enum_member_is_kept_as_its_plain_code() -> None:
    code = Code(Judgement.BELOW, "Below", ("b",), Band.BELOW)
    assert type(code.code) is str and code.code == "B"


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ({"code": ""}, "1 to 8 letters or digits"),
        ({"code": "ABCDEFGHI"}, "1 to 8 letters or digits"),
        ({"code": "E-X"}, "1 to 8 letters or digits"),
        ({"code": "EXS", "short": "EXPTD"}, "short text"),
        ({"code": "EXPTD", "short": ""}, "short text"),
        ({"code": "EXS", "wide": "Expected"}, "wide text"),
        ({"code": "EXS", "words": "  "}, "words"),
        ({"code": "EXS", "keys": ("xx",)}, "one printable character"),
        ({"code": "EXS", "keys": (" ",)}, "one printable character"),
        ({"code": "EXS", "keys": ("\x1b",)}, "one printable character"),
    ],
)
def test_a_code_that_would_not_fit_its_column_or_its_key_is_refused(
    given: dict[str, object], says: str
) -> None:
    with pytest.raises(ValueError, match=says):
        _code(**given)  # type: ignore[arg-type]


def test_a_code_set_refuses_a_code_or_a_key_twice() -> None:
    with pytest.raises(ValueError, match="EXS is in the set twice"):
        CodeSet((_code("EXS", ("x",)), _code("EXS", ("y",))))
    with pytest.raises(ValueError, match="'x' enters both EXS and GDS"):
        CodeSet((_code("EXS", ("x",)), _code("GDS", ("x",))))


@given(st.lists(st.tuples(CODE_TEXT, st.lists(KEY, max_size=3)), max_size=8))
def test_a_code_set_is_made_only_when_codes_and_keys_are_unique_and_then_finds_each(
    drafts: list[tuple[str, list[str]]],
) -> None:
    codes = tuple(_code(text, tuple(keys)) for text, keys in drafts)
    all_keys = [key for code in codes for key in code.keys]
    unique = len({c.code for c in codes}) == len(codes) and len(set(all_keys)) == len(all_keys)
    if not unique:
        with pytest.raises(ValueError):
            CodeSet(codes)
        return
    made = CodeSet(codes)
    assert list(made) == list(codes) and len(made) == len(codes)
    assert made.keys == frozenset(all_keys)
    for code in codes:
        assert made.by_stored(code.code) is code
        for key in code.keys:
            assert made.by_key(key) is code


@given(CODE_TEXT)
def test_a_value_not_in_the_set_is_found_by_nothing(text: str) -> None:
    codes = THREE_LETTER.subjects[0].codes
    assert (codes.by_stored(text) is None) == (text not in {"WTS", "EXS", "GDS", "ABS", "DIS"})


def test_a_code_set_lists_its_codes_as_a_sentence_does() -> None:
    assert EYFS_IN_YEAR.subjects[0].codes.listed() == "B (Below) or O (On track)"
    assert CodeSet((ABS,)).listed() == "ABS (Absent)"
    assert CodeSet((WTS, EXS, GDS)).listed() == (
        "WTS (Working towards), EXS (Expected standard) or GDS (Greater depth)"
    )


# --- Number ranges ------------------------------------------------------------------------


@given(st.integers(-100, 200), st.integers(1, 7))
def test_a_number_range_holds_its_whole_numbers_in_steps(number: int, step: int) -> None:
    numbers = NumberRange(69, 141, step)
    assert (number in numbers) == (69 <= number <= 141 and (number - 69) % step == 0)


@pytest.mark.parametrize("other", [True, False, 20.0, "20", None, 20.5])
def test_a_number_range_holds_nothing_but_whole_numbers(other: object) -> None:
    assert other not in NumberRange(0, 40)


def test_an_empty_or_backward_range_is_refused() -> None:
    with pytest.raises(ValueError, match="no range"):
        NumberRange(40, 0)
    with pytest.raises(ValueError, match="no range"):
        NumberRange(0, 40, 0)
    assert NumberRange(5, 5).said() == "a whole number from 5 to 5"
    assert NumberRange(0, 40, 2).said() == "a whole number from 0 to 40 in steps of 2"


# --- Subjects -----------------------------------------------------------------------------


def test_a_code_subject_takes_its_codes_and_a_blank_and_says_what_else_to_use() -> None:
    reading = THREE_LETTER.subject("RDG")
    assert reading is not None and reading.numbers is None
    for code in ("WTS", "EXS", "GDS", "ABS", "DIS", None):
        assert reading.accepts(code)
    assert reading.code_for("GDS") is GDS
    assert reading.problem("B") == (
        "B is not a value of Reading: use WTS (Working towards), EXS (Expected standard), "
        "GDS (Greater depth), ABS (Absent) or DIS (Disapplied)."
    )
    assert reading.problem(None, 12) == (
        "Reading takes a code, not a number: use WTS (Working towards), EXS (Expected "
        "standard), GDS (Greater depth), ABS (Absent) or DIS (Disapplied)."
    )


def test_a_number_subject_takes_its_numbers_and_its_codes_and_not_both() -> None:
    phonics = THREE_LETTER.subject("PHO")
    assert phonics is not None and phonics.numbers is not None
    assert phonics.accepts(None, 0) and phonics.accepts(None, 40) and phonics.accepts("ABS")
    assert phonics.problem(None, 41) == (
        "41 is not a mark for Phonics mark: give a whole number from 0 to 40."
    )
    assert phonics.problem("EXS") == (
        "EXS is not a value of Phonics mark: give a whole number from 0 to 40, or ABS (Absent)."
    )
    assert phonics.problem("ABS", 3) == "Phonics mark takes a code or a number, not both."
    bare = Subject("SS", "Score", "Score", "Scores", NumberRange(69, 141))
    assert bare.problem("A") == "A is not a value of Score: give a whole number from 69 to 141."


@given(st.integers(-10, 60))
def test_a_number_subject_takes_a_number_exactly_when_its_range_holds_it(number: int) -> None:
    phonics = THREE_LETTER.subject("PHO")
    assert phonics is not None
    assert phonics.accepts(None, number) == (0 <= number <= 40)


@pytest.mark.parametrize("code", ["", "LAUX", "L-U"])
def test_a_subject_code_must_fit_the_area_code_column(code: str) -> None:
    with pytest.raises(ValueError, match="subject code"):
        Subject(code, "Name", "Grp", "Group", CodeSet((EXS,)))


def test_a_group_label_must_fit_above_its_columns() -> None:
    with pytest.raises(ValueError, match="group label"):
        Subject("RDG", "Reading", "Reading", "Reading", CodeSet((EXS,)))


# --- Frameworks ---------------------------------------------------------------------------


def _framework(**changes: object) -> Framework:
    given: dict[str, object] = {
        "id": "test-small",
        "name": "Small",
        "year_groups": (YearGroup.YEAR_1,),
        "subjects": (Subject("RDG", "Reading", "Core", "Core", CodeSet((EXS,))),),
    }
    given.update(changes)
    return Framework(**given)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"id": "Test"}, "lower-case words"),
        ({"id": "test--small"}, "lower-case words"),
        ({"id": "t" * 41}, "lower-case words"),
        ({"year_groups": ()}, "year groups and subjects"),
        ({"subjects": ()}, "year groups and subjects"),
        (
            {"subjects": (Subject("RDG", "R", "C", "C", CodeSet(())),) * 2},
            "subject RDG is there twice",
        ),
        ({"derived": (DerivedColumn("TOT", "Total", lambda v: 0, after="MAT"),)}, "no subject"),
        ({"derived": (DerivedColumn("RDG", "Again", lambda v: 0),)}, "subject and a derived"),
        ({"gone_beyond": "GDS"}, "no subject takes GDS"),
    ],
)
def test_a_framework_that_does_not_hang_together_is_refused(
    changes: dict[str, object], says: str
) -> None:
    with pytest.raises(ValueError, match=says):
        _framework(**changes)


@pytest.mark.parametrize("framework", EVERY, ids=lambda f: f.id)
def test_every_framework_finds_each_code_by_its_value_and_by_each_of_its_keys(
    framework: Framework,
) -> None:
    for subject in framework.subjects:
        assert framework.subject(subject.code) is subject
        keys = [key for code in subject.codes for key in code.keys]
        assert len(keys) == len(set(keys)), subject.code
        for code in subject.codes:
            assert len(code.code) <= STORED_CODE_LENGTH
            assert subject.code_for(code.code) is code
            assert framework.problem(subject.code, code.code) is None
            assert all(subject.codes.by_key(key) is code for key in code.keys)


def test_a_framework_says_which_subject_it_does_not_have() -> None:
    assert EYFS_IN_YEAR.problem("XX", "B") == "'XX' is not an area of development."
    assert EYFS_ELG.problem("RDG", "E") == "'RDG' is not an Early Learning Goal."
    assert THREE_LETTER.problem("LAU", "EXS") == "'LAU' is not a subject."
    assert THREE_LETTER.problem("RDG", "O") is not None


def test_a_framework_says_its_year_groups() -> None:
    assert EYFS_IN_YEAR.year_groups_said() == "Nursery 1, Nursery 2 or Reception"
    assert EYFS_IN_YEAR.year_groups_said("and") == "Nursery 1, Nursery 2 and Reception"
    assert EYFS_ELG.year_groups_said() == "Reception"
    assert THREE_LETTER.year_groups_said() == "Year 1 or Year 2"


def test_the_test_framework_derives_its_column_from_bands() -> None:
    assert THREE_LETTER.derive({}) == {"EIC": None}
    assert THREE_LETTER.derive({"RDG": "EXS", "WRI": "GDS", "MAT": "EXS"}) == {"EIC": True}
    assert THREE_LETTER.derive({"RDG": "EXS", "WRI": "WTS"}) == {"EIC": False}
    assert THREE_LETTER.derive({"RDG": "DIS", "WRI": "EXS", "MAT": "EXS"}) == {"EIC": False}


# --- EYFS as two frameworks ---------------------------------------------------------------


def test_eyfs_in_year_is_the_17_areas_with_below_and_on_track() -> None:
    assert EYFS_IN_YEAR.id == EYFS_IN_YEAR_ID
    assert EYFS_IN_YEAR.year_groups == EARLY_YEARS
    assert [s.code for s in EYFS_IN_YEAR.subjects] == [a.code for a in AREAS]
    assert [s.name for s in EYFS_IN_YEAR.subjects] == [a.name for a in AREAS]
    assert [s.group for s in EYFS_IN_YEAR.subjects] == [a.area_of_learning.short for a in AREAS]
    codes = EYFS_IN_YEAR.subjects[0].codes
    assert [(c.code, c.words, c.band) for c in codes] == [
        (member.value, member.label, band)
        for member, band in ((Judgement.BELOW, Band.BELOW), (Judgement.ON_TRACK, Band.AT))
    ]
    assert codes.by_key("b") is codes.by_key("1") is codes.by_stored(Judgement.BELOW)
    assert codes.by_key("o") is codes.by_key("2") is codes.by_stored("O")
    assert not any(code.fills_row for code in codes)
    assert EYFS_IN_YEAR.derived == ()


def test_the_end_of_year_elgs_are_the_17_goals_with_absent_filling_the_row() -> None:
    assert EYFS_ELG.id == EYFS_ELG_ID
    assert EYFS_ELG.year_groups == (YearGroup.RECEPTION,)
    assert EYFS_ELG.subject_codes == tuple(a.code for a in AREAS)
    codes = EYFS_ELG.subjects[0].codes
    assert [(c.code, c.words, c.points, c.fills_row) for c in codes] == [
        ("E", ElgOutcome.EMERGING.label, 1, False),
        ("X", ElgOutcome.EXPECTED.label, 2, False),
        ("A", ElgOutcome.ABSENT.label, None, True),
    ]
    assert [c.band for c in codes] == [Band.BELOW, Band.AT, Band.ABSENT]
    assert [(d.code, d.name, d.after) for d in EYFS_ELG.derived] == [
        ("GLD", "Good Level of Development", GLD_AREA_CODES[-1]),
        ("Score", "ELG Total Score", None),
    ]


OUTCOME = st.sampled_from([None, "E", "X", "A"])


@given(st.fixed_dictionaries({area.code: OUTCOME for area in AREAS}))
def test_gld_and_the_total_score_are_the_rules_of_store_curriculum_elg_scores(
    stored: dict[str, str | None],
) -> None:
    outcomes = {code: ElgOutcome(value) if value else None for code, value in stored.items()}
    assert EYFS_ELG.derive(stored) == {
        "GLD": good_level_of_development(outcomes),
        "Score": elg_total_score(outcomes),
    }


# --- The registry -------------------------------------------------------------------------


def test_the_registry_knows_both_eyfs_frameworks_by_id() -> None:
    assert frameworks.by_id(EYFS_IN_YEAR_ID) is EYFS_IN_YEAR
    assert frameworks.by_id(EYFS_ELG_ID) is EYFS_ELG
    assert frameworks.known()[:2] == (EYFS_IN_YEAR, EYFS_ELG)


def test_an_unknown_framework_is_said_in_a_sentence() -> None:
    with pytest.raises(frameworks.UnknownFramework) as unknown:
        frameworks.by_id("ks9")
    assert str(unknown.value) == (
        "This program does not know the assessment framework 'ks9'; a newer Pupil Tracker may."
    )
    assert unknown.value.framework_id == "ks9"


def test_a_test_framework_is_known_only_while_registered() -> None:
    with frameworks.registered(THREE_LETTER):
        assert frameworks.by_id(THREE_LETTER.id) is THREE_LETTER
        with pytest.raises(ValueError, match="known already"), frameworks.registered(THREE_LETTER):
            pass
        assert frameworks.by_id(THREE_LETTER.id) is THREE_LETTER
    with pytest.raises(frameworks.UnknownFramework):
        frameworks.by_id(THREE_LETTER.id)
    with pytest.raises(ValueError, match="known already"), frameworks.registered(EYFS_ELG):
        pass
    assert frameworks.by_id(EYFS_ELG_ID) is EYFS_ELG


def test_the_fixture_registers_the_test_framework(three_letter_framework: Framework) -> None:
    assert frameworks.by_id("test-three-letter") is three_letter_framework is THREE_LETTER


def test_a_framework_names_its_subjects_column_and_its_groups_workbook_titles() -> None:
    assert EYFS_IN_YEAR.subjects_title == "Areas of Development"
    assert EYFS_IN_YEAR.band_titles == ("Below", "On-Track")  # the web tracker's workbook
    # Unsaid, the titles are the groups' words and the column is "Subjects".
    assert THREE_LETTER.band_titles == THREE_LETTER.band_words
    assert THREE_LETTER.subjects_title == "Subjects"
