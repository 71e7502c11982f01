"""After KS1 results are submitted, no write changes who is in that Year 2 cohort or who counts,
until support unlocks them; other cohorts, and later years, carry on as usual."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import col

from store.accounts.reauth import SERVER_ADMINISTRATOR
from store.assessments import period_submission
from store.assessments.changes import include_edit
from store.assessments.judgements import write_changes
from store.assessments.period_deletion import delete_period
from store.core.db import Database
from store.core.errors import Locked
from store.core.models import Pupil
from store.curriculum.eyfs import YearGroup
from store.curriculum.year_groups import birth_date_range
from store.pupils.editing import archive_pupils, create_pupil
from store.pupils.fields import PupilForm
from tests.store.assessments.test_cohort_lock import valid_upn
from tests.store.assessments.test_elg_submission import SUPPORT_PASSWORD, support_account
from tests.store.assessments.test_period_submission import CONFIRMED, YEAR, YearTwo

TODAY = date(2026, 6, 25)  # in the submitted year, 2025/2026
NEXT_YEAR = date(2026, 9, 10)


@pytest.fixture
def submitted(database: Database) -> YearTwo:
    year_two = YearTwo(database)
    year_two.complete()
    period_submission.submit_period(
        year_two.database, year_two.head, year_two.school.id, year_two.ks1, **CONFIRMED
    )
    return year_two


def pupils(year_two: YearTwo) -> list[tuple[object, ...]]:
    with year_two.database.read() as session:
        return [
            (p.surname, p.archived, p.include_in_data, p.date_of_birth)
            for p in session.scalars(select(Pupil).order_by(col(Pupil.id)))
        ]


def new_pupil(born: date) -> PupilForm:
    return PupilForm(
        upn=valid_upn(77),
        surname="Late",
        forenames="Sam",
        date_of_birth=born.strftime("%d/%m/%Y"),
        gender="F",
        ethnicity="WBRI",
        postcode="PR1 2AB",
    )


def test_archiving_a_pupil_of_the_submitted_cohort_is_refused(submitted: YearTwo) -> None:
    before = pupils(submitted)
    with pytest.raises(Locked) as refused:
        archive_pupils(
            submitted.database,
            submitted.head,
            submitted.school.id,
            [submitted.ids["Smith"]],
            today=TODAY,
        )
    message = str(refused.value)
    assert message.startswith("SMITH, Jo is in the 2025/2026 Year 2 cohort, whose KS1 2026 results")
    assert "submitted by head" in message and "Ask the support team to unlock them" in message
    assert pupils(submitted) == before


def test_counting_a_pupil_in_or_out_is_refused(submitted: YearTwo) -> None:
    before = pupils(submitted)
    for surname, counted in (("Ó'Neill", True), ("Smith", False)):
        edit = include_edit(submitted.ids[surname], counted)
        with pytest.raises(Locked, match="changing Include in Data would change"):
            write_changes(
                submitted.database, submitted.clerk, submitted.school.id, [edit], today=TODAY
            )
    assert pupils(submitted) == before


def test_a_new_pupil_born_into_the_cohort_is_refused_but_one_in_year_1_is_not(
    submitted: YearTwo,
) -> None:
    first, _ = birth_date_range(YearGroup.YEAR_2, YEAR)
    with pytest.raises(Locked, match="would put LATE, Sam into the 2025/2026 Year 2 cohort"):
        create_pupil(
            submitted.database, submitted.clerk, submitted.school.id, new_pupil(first), TODAY
        )
    year_1, _ = birth_date_range(YearGroup.YEAR_1, YEAR)
    create_pupil(submitted.database, submitted.clerk, submitted.school.id, new_pupil(year_1), TODAY)
    assert [row[0] for row in pupils(submitted)][-1] == "Late"


def test_the_phonics_period_beside_it_can_still_be_deleted(submitted: YearTwo) -> None:
    # Only the submitted period itself is locked; the ELG rule that locks every assessment of
    # a submitted Reception cohort does not apply to KS1.
    delete_period(
        submitted.database,
        submitted.head,
        submitted.school.id,
        submitted.phonics,
        SERVER_ADMINISTRATOR,
    )


def test_after_the_year_ends_leavers_are_archived_as_usual(submitted: YearTwo) -> None:
    archived = archive_pupils(
        submitted.database,
        submitted.head,
        submitted.school.id,
        [submitted.ids["Smith"]],
        today=NEXT_YEAR,
    )
    assert archived == 1


def test_once_support_unlocks_the_change_is_accepted(
    submitted: YearTwo, monkeypatch: pytest.MonkeyPatch
) -> None:
    support = support_account(submitted.database, monkeypatch)
    period_submission.unlock_period(
        submitted.database, support, submitted.school.id, submitted.ks1, SUPPORT_PASSWORD
    )
    assert (
        archive_pupils(
            submitted.database,
            submitted.head,
            submitted.school.id,
            [submitted.ids["Smith"]],
            today=TODAY,
        )
        == 1
    )


def test_before_submission_nothing_is_refused(database: Database) -> None:
    year_two = YearTwo(database)
    edit = include_edit(year_two.ids["Smith"], False)
    write_changes(year_two.database, year_two.clerk, year_two.school.id, [edit], today=TODAY)
    assert pupils(year_two)[0][:3] == ("Smith", False, False)
