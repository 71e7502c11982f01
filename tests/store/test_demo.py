"""Tests for store.demo: the training establishment 99901 - TRAINING SCHOOL 1."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import col, select

from store.assessments.cohort import Cohort, load_cohort
from store.assessments.periods import create_period
from store.core.access import Actor, PermissionDenied, Role, local_actor
from store.core.db import Database, open_database
from store.core.models import ElgSection, Establishment, Pupil
from store.core.models import Judgement as JudgementRow
from store.curriculum.elg_scores import elg_total_score, good_level_of_development
from store.curriculum.eyfs import AREA_CODES, EARLY_YEARS, Judgement, YearGroup
from store.curriculum.upn import upn_check_letter, upn_problem
from store.curriculum.year_groups import birth_date_range, is_summer_born
from store.demo import DEMO_NAME, DEMO_NUMBER, demo_periods, demo_reset_loses, ensure_demo
from store.establishments.establishments import (
    EstablishmentInfo,
    create_establishment,
    get_establishment,
    list_establishments,
)
from store.establishments.return_identity import return_identity_problem, set_return_identity
from store.reports.headlines import cohort_headlines
from store.reports.reports import open_reports

TODAY = date(2025, 11, 3)
YEAR = 2025
SIZES = {YearGroup.NURSERY_1: 20, YearGroup.NURSERY_2: 26, YearGroup.RECEPTION: 30}
SUPPORT = Actor("lasupport", Role.SUPPORT, None)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(f"sqlite:///{tmp_path / 't.db'}")
    yield database
    database.dispose()


@pytest.fixture
def demo(db: Database) -> EstablishmentInfo:
    return ensure_demo(db, local_actor(None), TODAY)


def cohorts(db: Database, info: EstablishmentInfo) -> dict[YearGroup, Cohort]:
    return {group: load_cohort(db, SUPPORT, info.id, YEAR, group) for group in EARLY_YEARS}


def filled(cohort: Cohort, period_index: int) -> list[Judgement]:
    period = cohort.periods[period_index]
    cells = (cohort.cell(p.id, period.id, code) for p in cohort.pupils for code in AREA_CODES)
    return [cell.value for cell in cells if cell.value is not None]


def test_establishment_is_the_training_school(demo: EstablishmentInfo) -> None:
    assert demo.title == "99901 - TRAINING SCHOOL 1"
    assert (demo.number, demo.name) == (DEMO_NUMBER, DEMO_NAME)


def test_a_return_can_name_the_training_school(db: Database, demo: EstablishmentInfo) -> None:
    """Believable numbers (a real LA's 3 digits, not the 999 of its UPNs), stored, and put
    back by a reset after support changed them."""
    assert (demo.la_number, demo.dfe_number, demo.urn) == ("873", "2001", "100001")
    assert return_identity_problem(demo) is None
    assert get_establishment(db, demo.id) == demo
    set_return_identity(db, SUPPORT, demo.id, la_number="", dfe_number="", urn="")
    assert return_identity_problem(get_establishment(db, demo.id)) is not None
    assert ensure_demo(db, local_actor(None), TODAY) == demo
    assert get_establishment(db, demo.id) == demo


def test_each_year_group_has_its_pupils_and_two_periods(
    db: Database, demo: EstablishmentInfo
) -> None:
    for group, cohort in cohorts(db, demo).items():
        assert len(cohort.pupils) == SIZES[group]
        assert [(period.name, period.day) for period in cohort.periods] == [
            ("Autumn 1", date(2025, 10, 17)),
            ("Autumn 2", TODAY),
        ]
        first, last = birth_date_range(group, YEAR)
        assert all(first <= p.date_of_birth <= last for p in cohort.pupils)
        assert any(is_summer_born(p.date_of_birth) for p in cohort.pupils)


def test_classes_follow_the_year_groups(db: Database, demo: EstablishmentInfo) -> None:
    slots = {group: {p.class_slot for p in c.pupils} for group, c in cohorts(db, demo).items()}
    assert slots == {
        YearGroup.RECEPTION: {1, 2},
        YearGroup.NURSERY_2: {3},
        YearGroup.NURSERY_1: {4},
    }


def test_three_pupils_are_left_out_of_the_data(db: Database, demo: EstablishmentInfo) -> None:
    left_out = {
        group: sum(not p.include_in_data for p in cohort.pupils)
        for group, cohort in cohorts(db, demo).items()
    }
    assert sum(left_out.values()) == 3
    assert left_out[YearGroup.RECEPTION] >= 1


def test_judgements_have_a_believable_spread(db: Database, demo: EstablishmentInfo) -> None:
    for group, cohort in cohorts(db, demo).items():
        autumn, spring = filled(cohort, 0), filled(cohort, 1)
        full = len(cohort.pupils) * len(AREA_CODES)
        assert len(autumn) >= 0.9 * full
        assert 0.35 * full <= len(spring) <= 0.65 * full
        for values in (autumn, spring):
            assert 0.15 <= values.count(Judgement.BELOW) / len(values) <= 0.30, group
        beyond = [cell for cell in cohort.cells.values() if cell.gone_beyond is not None]
        assert beyond
        assert all(cell.value is Judgement.ON_TRACK for cell in beyond)
    everything = cohorts(db, demo).values()
    assert sum(1 for c in everything for cell in c.cells.values() if cell.note) >= 5
    assert sum(len(c.period_notes) for c in everything) >= 3


def test_younger_children_are_below_more_often(db: Database, demo: EstablishmentInfo) -> None:
    share = {
        group: filled(c, 0).count(Judgement.BELOW) / len(filled(c, 0))
        for group, c in cohorts(db, demo).items()
    }
    assert share[YearGroup.NURSERY_1] > share[YearGroup.NURSERY_2] > share[YearGroup.RECEPTION]


def test_reception_has_a_part_filled_elg_section(db: Database, demo: EstablishmentInfo) -> None:
    cohort = load_cohort(db, SUPPORT, demo.id, YEAR, YearGroup.RECEPTION)
    assert cohort.elg is not None
    assert cohort.elg.day == date(2026, 6, 6)
    assert not cohort.elg.locked
    scores = [elg_total_score(cohort.elg_row(p.id)) for p in cohort.pupils]
    complete = [score for score in scores if score]
    assert len(complete) == 20
    assert scores.count(0) == 1  # one Absent pupil
    assert scores.count(None) == 9
    gld = [good_level_of_development(cohort.elg_row(p.id)) for p in cohort.pupils]
    assert 0.5 <= gld.count(True) / len(complete) <= 0.85
    assert any(score < 34 for score in complete)
    for group in (YearGroup.NURSERY_1, YearGroup.NURSERY_2):
        assert load_cohort(db, SUPPORT, demo.id, YEAR, group).elg is None


def test_every_upn_is_valid_and_fictional(db: Database, demo: EstablishmentInfo) -> None:
    with db.read() as session:
        upns = list(
            session.scalars(select(Pupil.upn).where(col(Pupil.establishment_id) == demo.id))
        )
    assert len(upns) == len(set(upns)) == sum(SIZES.values())
    for upn in upns:
        assert upn_problem(upn) is None, upn
        assert len(upn) == 13 and upn[1:4] == "999"


def test_pupils_have_the_characteristics_reports_filter_on(
    db: Database, demo: EstablishmentInfo
) -> None:
    with db.read() as session:
        pupils = list(session.scalars(select(Pupil).where(col(Pupil.establishment_id) == demo.id)))
    assert {p.gender for p in pupils} == {"M", "F"}
    assert [p.sen for p in pupils].count("E") == 1
    assert 3 <= [p.sen for p in pupils].count("K") <= 15
    for flag in ("fsm", "eal", "disadvantaged", "pupil_premium"):
        assert 0 < sum(getattr(p, flag) for p in pupils) < len(pupils) / 2, flag
    ethnicities = {p.ethnicity for p in pupils}
    assert {"WBRI", "WOTH"} <= ethnicities and len(ethnicities) >= 8
    assert all(len(code) == 4 and code.isupper() for code in ethnicities)
    assert all(p.postcode.startswith("PR") and len(p.postcode.split()) == 2 for p in pupils)


def test_names_include_apostrophes_and_accents(db: Database, demo: EstablishmentInfo) -> None:
    names = {
        (p.surname, p.forenames) for cohort in cohorts(db, demo).values() for p in cohort.pupils
    }
    surnames = {surname for surname, _ in names}
    forenames = {word for _, given in names for word in given.split()}
    assert {"O'Brien", "D'Souza", "Nguyễn"} <= surnames
    assert {"Zoë", "Chloé", "Łukasz", "Siobhán", "Mohammed", "Aisha", "Olamide"} <= forenames
    assert len(names) == sum(SIZES.values())


def test_refresh_is_idempotent_and_leaves_other_schools_alone(db: Database) -> None:
    actor = local_actor(None)
    other = create_establishment(db, SUPPORT, "12345", "ST MARY'S PRIMARY")
    twelve = "123456724001"
    with db.write() as session:
        session.add(
            Pupil(
                establishment_id=other.id,
                upn=upn_check_letter(twelve) + twelve,
                surname="Real",
                forenames="Child",
                date_of_birth=date(2020, 10, 1),
            )
        )
    create_period(db, SUPPORT, other.id, "Autumn 1", date(2025, 10, 10), [YearGroup.RECEPTION])

    first = ensure_demo(db, actor, TODAY)
    before = snapshot(db, first)
    second = ensure_demo(db, actor, TODAY)
    assert second == first
    assert snapshot(db, second) == before
    assert [e.number for e in list_establishments(db)] == ["12345", DEMO_NUMBER]
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(ElgSection)) == 1
    kept = load_cohort(db, SUPPORT, other.id, YEAR, YearGroup.RECEPTION)
    assert [(p.surname, p.upn) for p in kept.pupils] == [
        ("Real", upn_check_letter(twelve) + twelve)
    ]
    assert [period.name for period in kept.periods] == ["Autumn 1"]


def snapshot(db: Database, info: EstablishmentInfo) -> object:
    """Everything a user sees of the demo, by names rather than database ids."""
    out = []
    for group, cohort in cohorts(db, info).items():
        upn = {p.id: p.upn for p in cohort.pupils}
        period = {p.id: p.name for p in cohort.periods}
        out.append(
            (
                group,
                [
                    (p.upn, p.display_name, p.date_of_birth, p.include_in_data)
                    for p in cohort.pupils
                ],
                sorted((upn[p], period[q], a, c) for (p, q, a), c in cohort.cells.items()),
                sorted((upn[p], period[q], t) for (p, q), t in cohort.period_notes.items()),
                sorted((upn[p], a, o) for (p, a), o in cohort.elg_outcomes.items()),
            )
        )
    return out


def test_a_support_actor_can_build_it(db: Database) -> None:
    # How long it takes is for bench/, not a test: a loaded machine is slow, not wrong.
    info = ensure_demo(db, SUPPORT, TODAY)
    with db.read() as session:
        assert session.scalar(
            select(Establishment.name).where(col(Establishment.id) == info.id)
        ) == (DEMO_NAME)


def test_a_later_year_rebuilds_for_that_year(db: Database, demo: EstablishmentInfo) -> None:
    later = ensure_demo(db, SUPPORT, date(2027, 3, 1))
    assert later.id == demo.id
    cohort = load_cohort(db, SUPPORT, later.id, 2026, YearGroup.RECEPTION)
    assert len(cohort.pupils) == 30
    assert [p.day for p in cohort.periods] == [date(2026, 10, 17), date(2027, 2, 6)]
    assert load_cohort(db, SUPPORT, later.id, YEAR, YearGroup.RECEPTION).periods == []


def test_a_school_user_cannot_reset_it(db: Database, demo: EstablishmentInfo) -> None:
    with pytest.raises(PermissionDenied):
        ensure_demo(db, Actor("clerk", Role.USER, demo.id), TODAY)
    other = create_establishment(db, SUPPORT, "12345", "ST MARY'S PRIMARY")
    with pytest.raises(PermissionDenied):
        ensure_demo(db, Actor("head", Role.MANAGER, other.id), TODAY)
    assert ensure_demo(db, Actor("head", Role.MANAGER, demo.id), TODAY) == demo


def test_what_a_reset_would_delete_is_said_first(db: Database) -> None:
    manager = local_actor(None)
    assert demo_reset_loses(db, manager) is None  # nothing yet: d makes it at once
    demo = ensure_demo(db, manager, TODAY)
    with db.read() as session:
        judged = session.scalar(
            select(func.count()).select_from(JudgementRow).where(col(JudgementRow.value) != None)  # noqa: E711
        )
    loses = demo_reset_loses(db, manager)
    assert loses is not None
    assert loses.startswith(
        f"its 76 pupils with 0 interventions, 2 assessments holding {judged:,} "
    )
    assert loses.endswith(" End of Year goals entered")
    with pytest.raises(PermissionDenied):
        demo_reset_loses(db, Actor("clerk", Role.USER, demo.id))


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        # From 6 February: the whole year's Autumn 1 and Spring 1.
        (date(2027, 3, 1), [("Autumn 1", date(2026, 10, 17)), ("Spring 1", date(2027, 2, 6))]),
        (date(2027, 2, 6), [("Autumn 1", date(2026, 10, 17)), ("Spring 1", date(2027, 2, 6))]),
        (date(2027, 8, 31), [("Autumn 1", date(2026, 10, 17)), ("Spring 1", date(2027, 2, 6))]),
        # Before it: Autumn 1, then today named by its half term.
        (date(2027, 2, 5), [("Autumn 1", date(2026, 10, 17)), ("Spring 1", date(2027, 2, 5))]),
        (date(2027, 1, 4), [("Autumn 1", date(2026, 10, 17)), ("Spring 1", date(2027, 1, 4))]),
        (date(2026, 11, 23), [("Autumn 1", date(2026, 10, 17)), ("Autumn 2", date(2026, 11, 23))]),
        (date(2026, 11, 1), [("Autumn 1", date(2026, 10, 17)), ("Autumn 2", date(2026, 11, 1))]),
        # Before 1 November: a Baseline halfway from 1 September (31 Oct: 60 days in, +30).
        (date(2026, 10, 31), [("Baseline", date(2026, 10, 1)), ("Autumn 1", date(2026, 10, 31))]),
        (date(2026, 9, 21), [("Baseline", date(2026, 9, 11)), ("Autumn 1", date(2026, 9, 21))]),
        (date(2026, 9, 2), [("Baseline", date(2026, 9, 1)), ("Autumn 1", date(2026, 9, 2))]),
        (date(2026, 9, 1), [("Baseline", date(2026, 9, 1)), ("Autumn 1", date(2026, 9, 1))]),
    ],
)
def test_the_two_assessments_are_dated_on_or_before_today(
    today: date, expected: list[tuple[str, date]]
) -> None:
    assert demo_periods(today) == expected


@pytest.mark.parametrize("today", [date(2026, 9, 2), date(2026, 11, 23)])
def test_the_demo_fills_no_assessment_after_today_and_opens_on_the_second(
    db: Database, today: date
) -> None:
    """On 23/11/2026 (the day QA found Spring 1 06/02/2027 filled in) and on 2 September, the
    headline and the Reports open on the second assessment, dated today."""
    info = ensure_demo(db, SUPPORT, today)
    year = 2026
    for group in EARLY_YEARS:
        cohort = load_cohort(db, SUPPORT, info.id, year, group)
        assert [period.day <= today for period in cohort.periods] == [True, True]
        assert {period_id for _, period_id, _ in cohort.cells} == {
            period.id for period in cohort.periods
        }
        data = open_reports(db, SUPPORT, info.id, year, group, "latest", today=today)
        latest = data.latest_period_with_data(today)
        assert latest is not None and (latest.name, latest.day) == demo_periods(today)[1]
    headlines = cohort_headlines(db, SUPPORT, info.id, today)
    assert {(h.period_name, h.period_day) for h in headlines} == {demo_periods(today)[1]}
    assert {h.year_group for h in headlines} == set(EARLY_YEARS)
