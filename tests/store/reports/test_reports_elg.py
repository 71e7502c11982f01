"""The End of Year ELG summary against a hand-worked Reception cohort."""

from __future__ import annotations

from decimal import Decimal

import pytest

from store.core.access import Actor, Role
from store.core.db import Database
from store.core.errors import InvalidInput
from store.curriculum.eyfs import AREA_CODES, GLD_AREA_CODES, ElgOutcome, YearGroup
from store.pupils.filters import PupilFilter
from store.reports.elg_summary import ElgFigure, elg_names, elg_summary
from store.reports.many import many_reports
from store.reports.reports import ReportScope, open_reports
from tests.store.reports.test_reports import YEAR, Child, R, build_school

E, X, A = ElgOutcome.EMERGING, ElgOutcome.EXPECTED, ElgOutcome.ABSENT
ALL_EXPECTED = dict.fromkeys(AREA_CODES, X)


def with_goals(
    emerging: tuple[str, ...] = (), blank: tuple[str, ...] = ()
) -> dict[str, ElgOutcome]:
    row = {code: (E if code in emerging else X) for code in AREA_CODES}
    return {code: value for code, value in row.items() if code not in blank}


# score = 17 goals x 2 - one per Emerging goal; goals at Expected = 17 - Emerging.
ELG_CHILDREN = [
    Child("Ahmed", elg=ALL_EXPECTED),  # GLD yes; 34; 17 Expected
    Child("Brown", elg=with_goals(emerging=("PP", "NW"))),  # GLD yes (PP, NW not GLD); 32; 15
    Child("Clarke", elg=with_goals(emerging=("LAU",))),  # GLD no; 33; 16
    Child("Dubois", elg=dict.fromkeys(AREA_CODES, E)),  # GLD no; 17; 0
    Child("Evans", elg=dict.fromkeys(AREA_CODES, A)),  # GLD no; Absent: not in averages
    Child("Fraser", elg=with_goals(blank=("BIE",))),  # GLD yes; incomplete: not in averages
    Child("Green"),  # nothing yet: GLD blank
    Child("Hussain", class_slot=2, elg=with_goals(emerging=GLD_AREA_CODES)),  # no; 22; 5
    Child("Iqbal", include=False, elg=ALL_EXPECTED),  # Include in Data = No: left out
]


def test_the_elg_summary_worked_by_hand(database: Database) -> None:
    school = build_school(database, ELG_CHILDREN)
    data = open_reports(database, school.actor, school.establishment.id, YEAR, R)
    summary = elg_summary(data, ReportScope())
    assert summary.section is not None and summary.section.id == school.section_id
    assert len(summary.pupils) == 8 and summary.heading.left_out == 1
    assert [p.surname for p in summary.gld] == ["Ahmed", "Brown", "Fraser"]
    assert summary.gld_percent == Decimal("37.50")  # 3 of 8
    # Listening, Attention and Understanding: Expected for Ahmed, Brown, Fraser (3 of 8).
    lau = summary.goal("LAU")
    assert [p.surname for p in lau.expected] == ["Ahmed", "Brown", "Fraser"]
    assert lau.percent_expected == Decimal("37.50")
    # Past and Present: Ahmed, Clarke, Fraser, Hussain (Brown Emerging) = 4 of 8.
    assert summary.goal("PP").percent_expected == Decimal("50.00")
    # Being Imaginative and Expressive: Fraser is blank there: Ahmed, Brown, Clarke, Hussain.
    assert [p.surname for p in summary.goal("BIE").expected] == [
        "Ahmed",
        "Brown",
        "Clarke",
        "Hussain",
    ]
    # Averages over Ahmed 34, Brown 32, Clarke 33, Dubois 17, Hussain 22: 138 / 5.
    assert [s.pupil.surname for s in summary.scored] == [
        "Ahmed",
        "Brown",
        "Clarke",
        "Dubois",
        "Hussain",
    ]
    assert summary.average_score == Decimal("27.60")
    # Goals at Expected 17 + 15 + 16 + 0 + 5 = 53 over 5.
    assert summary.average_at_expected == Decimal("10.60")


def test_every_elg_figure_opens_its_names(database: Database) -> None:
    school = build_school(database, ELG_CHILDREN)
    data = open_reports(database, school.actor, school.establishment.id, YEAR, R)
    summary = elg_summary(data, ReportScope())
    assert [p.surname for p in elg_names(summary, ElgFigure.GLD).pupils] == [
        "Ahmed",
        "Brown",
        "Fraser",
    ]
    not_gld = elg_names(summary, ElgFigure.NOT_GLD)
    assert [p.surname for p in not_gld.pupils] == ["Clarke", "Dubois", "Evans", "Green", "Hussain"]
    scores = elg_names(summary, ElgFigure.AVERAGE_SCORE)
    assert scores.detail_title == "Score"
    assert list(zip([p.surname for p in scores.pupils], scores.details, strict=True)) == [
        ("Ahmed", "34"),
        ("Brown", "32"),
        ("Clarke", "33"),
        ("Dubois", "17"),
        ("Hussain", "22"),
    ]
    expected_counts = elg_names(summary, ElgFigure.AVERAGE_EXPECTED)
    assert expected_counts.details == ("17", "15", "16", "0", "5")
    pp = elg_names(summary, ElgFigure.EXPECTED, "PP")
    assert pp.title == "Past and Present: Expected"
    assert [p.surname for p in pp.pupils] == ["Ahmed", "Clarke", "Fraser", "Hussain"]
    assert elg_names(summary, ElgFigure.PUPILS).count == 8
    with pytest.raises(InvalidInput):
        elg_names(summary, ElgFigure.EXPECTED)


def test_class_and_filter_in_the_elg_summary(database: Database) -> None:
    school = build_school(database, ELG_CHILDREN)
    data = open_reports(database, school.actor, school.establishment.id, YEAR, R)
    wrens = elg_summary(data, ReportScope(class_slot=2))
    assert [p.surname for p in wrens.pupils] == ["Hussain"]
    assert wrens.gld == () and wrens.average_score == Decimal("22.00")
    searched = elg_summary(data, ReportScope(pupil_filter=PupilFilter(search="br")))
    assert [p.surname for p in searched.pupils] == ["Brown"]
    assert searched.gld_percent == Decimal("100.00")


def test_no_section_yet_and_other_year_groups(database: Database) -> None:
    school = build_school(database, [Child("Ahmed")])
    data = open_reports(database, school.actor, school.establishment.id, YEAR, R)
    summary = elg_summary(data, ReportScope())
    assert summary.gld == () and summary.average_score is None
    assert summary.average_at_expected is None and summary.gld_percent == Decimal("0.00")
    nursery = open_reports(
        database, school.actor, school.establishment.id, YEAR, YearGroup.NURSERY_2
    )
    with pytest.raises(InvalidInput):
        elg_summary(nursery, ReportScope())
    last_year = open_reports(database, school.actor, school.establishment.id, YEAR - 1, R)
    summary = elg_summary(last_year, ReportScope())
    assert summary.section is None
    assert summary.none_reason == f"There are no End of Year ELGs for {YEAR - 1}/{YEAR} yet."
    this_year = elg_summary(data, ReportScope())
    assert this_year.section is not None and this_year.none_reason is None


def test_over_many_schools_none_with_elgs_is_said(database: Database) -> None:
    build_school(database, [Child("Ahmed")])
    support = Actor("helpdesk", Role.SUPPORT, None)
    summary = many_reports(database, support, YEAR - 1, R, kinds=["elg"]).elg
    assert summary is not None
    assert summary.none_reason == f"No establishment has End of Year ELGs for {YEAR - 1}/{YEAR}."
