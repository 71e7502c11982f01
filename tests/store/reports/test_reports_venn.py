"""Venn reports against hand-worked cohorts: a pupil in every region, and the 2-goal areas."""

from __future__ import annotations

from decimal import Decimal

import pytest

from store.core.db import Database
from store.core.errors import InvalidInput
from store.curriculum.eyfs import MATHEMATICS, PSED, UNDERSTANDING_THE_WORLD, Judgement
from store.pupils.filters import PupilFilter
from store.reports.reports import ReportScope, open_reports
from store.reports.venn import (
    VENN_AREAS,
    region_order,
    venn_area,
    venn_circle_names,
    venn_goals,
    venn_names,
    venn_report,
)
from tests.store.reports.test_reports import YEAR, Child, R, build_school

B, O = Judgement.BELOW, Judgement.ON_TRACK  # noqa: E741

# PSED is Self-Regulation (SR), Managing Self (MS), Building Relationships (BR).
# Every region has somebody; "All three" has two, "None" has two (one Below, one blank).
PSED_CHILDREN = [
    Child("Ash", judgements={"SR": O, "MS": B, "BR": B}),  # SR only
    Child("Birch", judgements={"SR": B, "MS": O}),  # MS only (BR blank)
    Child("Cedar", judgements={"BR": O}),  # BR only
    Child("Elm", judgements={"SR": O, "MS": O, "BR": B}),  # SR + MS
    Child("Fir", judgements={"SR": O, "BR": O}),  # SR + BR
    Child("Hazel", judgements={"MS": O, "BR": O, "SR": B}),  # MS + BR
    Child("Oak", judgements={"SR": O, "MS": O, "BR": O}),  # all three
    Child("Ivy", class_slot=2, judgements={"SR": O, "MS": O, "BR": O}),  # all three
    Child("Larch", judgements={"SR": B, "MS": B, "BR": B}),  # none
    Child("Yew"),  # none: nothing recorded
    Child("Zed", include=False, judgements={"SR": O, "MS": O, "BR": O}),  # left out
]
# region -> pupils, counted by hand from the table above
EXPECTED = {
    frozenset({"SR"}): ["Ash"],
    frozenset({"MS"}): ["Birch"],
    frozenset({"BR"}): ["Cedar"],
    frozenset({"SR", "MS"}): ["Elm"],
    frozenset({"SR", "BR"}): ["Fir"],
    frozenset({"MS", "BR"}): ["Hazel"],
    frozenset({"SR", "MS", "BR"}): ["Ivy", "Oak"],
    frozenset(): ["Larch", "Yew"],
}


def test_psed_has_a_pupil_in_every_region(database: Database) -> None:
    school = build_school(database, PSED_CHILDREN)
    data = open_reports(database, school.actor, school.establishment.id, YEAR, R)
    report = venn_report(data, ReportScope(school.period_id), PSED)
    assert [goal.code for goal in report.goals] == ["SR", "MS", "BR"]
    assert [region.goals for region in report.regions] == list(EXPECTED)
    for region in report.regions:
        assert [p.surname for p in region.pupils] == EXPECTED[region.goals]
        assert region.total == 10
    assert report.region({"SR", "MS", "BR"}).percent == Decimal("20.00")
    assert report.region(set()).percent == Decimal("20.00")
    assert report.region({"SR"}).percent == Decimal("10.00")
    assert [region.label for region in report.regions] == [
        "SR only",
        "MS only",
        "BR only",
        "SR + MS",
        "SR + BR",
        "MS + BR",
        "SR + MS + BR",
        "None",
    ]
    assert sum(region.count for region in report.regions) == 10
    assert report.heading.left_out == 1
    # A whole circle: everyone On track in SR, alphabetical.
    assert [p.surname for p in report.on_track_in("SR")] == ["Ash", "Elm", "Fir", "Ivy", "Oak"]
    circle = venn_circle_names(report, "SR")
    assert circle.title == "Self-Regulation: On track" and circle.count == 5


def test_a_region_opens_its_names(database: Database) -> None:
    school = build_school(database, PSED_CHILDREN)
    data = open_reports(database, school.actor, school.establishment.id, YEAR, R)
    report = venn_report(data, ReportScope(school.period_id), PSED)
    names = venn_names(report, {"SR", "MS", "BR"})
    assert names.title == "Personal, Social & Emotional Development: On track in SR + MS + BR"
    assert [p.surname for p in names.pupils] == ["Ivy", "Oak"]
    none = venn_names(report, frozenset())
    assert "none of its goals" in none.title and [p.surname for p in none.pupils] == [
        "Larch",
        "Yew",
    ]
    with pytest.raises(InvalidInput):
        venn_names(report, {"LAU"})


def test_class_and_filter_narrow_the_venn(database: Database) -> None:
    school = build_school(database, PSED_CHILDREN)
    data = open_reports(database, school.actor, school.establishment.id, YEAR, R)
    only_class_two = venn_report(data, ReportScope(school.period_id, class_slot=2), PSED)
    assert [(r.label, r.count) for r in only_class_two.regions if r.count] == [("SR + MS + BR", 1)]
    assert only_class_two.region({"SR", "MS", "BR"}).percent == Decimal("100.00")
    searched = venn_report(
        data, ReportScope(school.period_id, pupil_filter=PupilFilter(search="ch")), PSED
    )
    assert [p.surname for p in searched.pupils] == ["Birch", "Larch"]
    assert [(r.label, r.count) for r in searched.regions if r.count] == [
        ("MS only", 1),
        ("None", 1),
    ]


def test_two_goal_areas_have_four_regions(database: Database) -> None:
    children = [
        Child("Ash", judgements={"N": O, "NP": O}),
        Child("Birch", judgements={"N": O, "NP": B}),
        Child("Cedar", judgements={"NP": O}),
    ]
    school = build_school(database, children)
    data = open_reports(database, school.actor, school.establishment.id, YEAR, R)
    report = venn_report(data, ReportScope(school.period_id), MATHEMATICS)
    assert [(r.label, r.count, r.percent) for r in report.regions] == [
        ("N only", 1, Decimal("33.33")),
        ("NP only", 1, Decimal("33.33")),
        ("N + NP", 1, Decimal("33.33")),
        ("None", 0, Decimal("0.00")),
    ]


def test_only_the_five_areas_have_venns(database: Database) -> None:
    assert [len(venn_goals(area)) for area in VENN_AREAS] == [2, 3, 2, 3, 2]
    assert len(region_order(("A", "B", "C"))) == 8
    assert venn_area("psed") is PSED and venn_area("Mathematics") is MATHEMATICS
    with pytest.raises(InvalidInput):
        venn_area("Understanding the World")
    school = build_school(database, [])
    data = open_reports(database, school.actor, school.establishment.id, YEAR, R)
    with pytest.raises(InvalidInput):
        venn_report(data, ReportScope(school.period_id), UNDERSTANDING_THE_WORLD)
    with pytest.raises(InvalidInput):
        venn_report(data, ReportScope(None), PSED)
    empty = venn_report(data, ReportScope(school.period_id), PSED)
    assert {(r.count, r.percent) for r in empty.regions} == {(0, Decimal("0.00"))}
