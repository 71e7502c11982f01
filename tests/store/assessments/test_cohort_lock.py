"""After submission, no write changes who is in the Reception cohort or who counts, until unlocked.

Each path that could (archive, bring back, year override in and out, date of birth, Include in
Data from the form and multi-edit, a new pupil, an import's new pupil or new date of birth) is
refused in the store with a sentence, and the database is left exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlmodel import col

from store.accounts.reauth import SERVER_ADMINISTRATOR
from store.assessments import elg_submission
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.errors import Locked
from store.core.models import AuditEntry, Pupil
from store.curriculum.eyfs import AREA_CODES
from store.curriculum.upn import upn_check_letter
from store.curriculum.year_groups import birth_date_range
from store.pupils.editing import (
    archive_pupils,
    create_pupil,
    set_characteristics,
    unarchive_pupils,
    update_pupil,
)
from store.pupils.fields import PupilForm, form_from_values
from store.pupils.importing import ImportRefused, import_pupils
from store.pupils.pupils import get_pupil
from store.pupils.upload import UPLOAD_COLUMNS
from tests.store.assessments.test_elg_submission import (
    SUPPORT_PASSWORD,
    YEAR,
    Cohort,
    R,
    support_account,
)

TODAY = date(2026, 6, 9)  # in the submitted year, 2025/2026
R_FIRST, R_LAST = birth_date_range(R, YEAR)
SUPPORT = Actor("support.tester", Role.SUPPORT, None)


@pytest.fixture
def submitted(cohort: Cohort) -> Cohort:
    cohort.complete()
    cohort.submit()
    return cohort


@pytest.fixture
def cohort(database: Database) -> Cohort:
    return Cohort(database)


def valid_upn(serial: int) -> str:
    twelve = f"2041{serial:08d}"
    return upn_check_letter(twelve) + twelve


def snapshot(cohort: Cohort) -> tuple[object, ...]:
    """Every pupil column of every pupil, and how many audit rows there are."""
    with cohort.database.read() as session:
        pupils = [
            tuple(getattr(p, f) for f in Pupil.model_fields)
            for p in session.scalars(select(Pupil).order_by(col(Pupil.id)))
        ]
        audit = session.scalar(select(func.count()).select_from(AuditEntry))
    return tuple(pupils), audit, cohort.results()


def form_of(cohort: Cohort, pupil_id: int, serial: int) -> PupilForm:
    """The pupil form as it shows the pupil (the test pupils need a real UPN and postcode)."""
    form = form_from_values(get_pupil(cohort.database, cohort.clerk, cohort.school.id, pupil_id))
    form.upn, form.postcode = valid_upn(serial), "PR1 2AB"
    return form


def give_real_upns(cohort: Cohort) -> None:
    with cohort.database.write() as session:
        for serial, pupil_id in enumerate(cohort.ids):
            pupil = session.get(Pupil, pupil_id)
            assert pupil is not None
            pupil.upn, pupil.postcode = valid_upn(serial), "PR1 2AB"


def _form_write(cohort: Cohort, pupil_id: int, **typed: str) -> None:
    form = form_of(cohort, pupil_id, cohort.ids.index(pupil_id))
    for name, value in typed.items():
        setattr(form, name, value)
    update_pupil(cohort.database, cohort.clerk, cohort.school.id, pupil_id, form, TODAY)


nursery_born = (R_FIRST - timedelta(days=200)).strftime("%d/%m/%Y")

REFUSED: dict[str, Callable[[Cohort], object]] = {
    "archive": lambda c: archive_pupils(c.database, c.clerk, c.school.id, [c.smith], today=TODAY),
    "year override out (form)": lambda c: _form_write(c, c.smith, year_override="N2"),
    "year override in (form)": lambda c: _form_write(c, c.nursery_pupil, year_override="R"),
    "date of birth out (form)": lambda c: _form_write(c, c.smith, date_of_birth=nursery_born),
    "date of birth in (form)": lambda c: _form_write(
        c, c.nursery_pupil, date_of_birth=R_FIRST.strftime("%d/%m/%Y")
    ),
    "include in data (form)": lambda c: _form_write_include(c),
    "include in data (multi-edit)": lambda c: set_characteristics(
        c.database, c.clerk, c.school.id, [(c.adeyemi, "include_in_data", False)], today=TODAY
    ),
    "a new pupil in the cohort": lambda c: create_pupil(
        c.database,
        c.clerk,
        c.school.id,
        PupilForm(
            upn=valid_upn(90),
            surname="Late",
            forenames="Arrival",
            date_of_birth=R_LAST.strftime("%d/%m/%Y"),
            gender="M",
            postcode="PR1 2AB",
            ethnicity="WBRI",
        ),
        TODAY,
    ),
}


def _form_write_include(cohort: Cohort) -> None:
    form = form_of(cohort, cohort.smith, 0)
    form.include_in_data = False
    update_pupil(cohort.database, cohort.clerk, cohort.school.id, cohort.smith, form, TODAY)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_each_change_to_the_submitted_cohort_is_refused(submitted: Cohort, name: str) -> None:
    give_real_upns(submitted)
    before = snapshot(submitted)
    with pytest.raises(Locked, match="Ask the support team to unlock them first") as refused:
        REFUSED[name](submitted)
    assert "2025/2026 Reception cohort" in str(refused.value)
    assert "submitted by head on" in str(refused.value)
    assert snapshot(submitted) == before


def test_the_refusal_names_the_pupil_and_the_change(submitted: Cohort) -> None:
    give_real_upns(submitted)
    with pytest.raises(Locked) as out:
        _form_write(submitted, submitted.smith, year_override="N2")
    assert str(out.value).startswith(
        "SMITH, Jo is in the 2025/2026 Reception cohort, whose End of Year Early "
        "Learning Goals were submitted by head on"
    )
    assert "the new year override would change that submission" in str(out.value)
    with pytest.raises(Locked) as into:
        _form_write(submitted, submitted.nursery_pupil, year_override="R")
    assert str(into.value).startswith(
        "The new year override would put YOUNG, Nia into the 2025/2026 Reception"
    )


def test_other_fields_and_other_cohorts_still_change(submitted: Cohort) -> None:
    give_real_upns(submitted)
    _form_write(submitted, submitted.smith, surname="Smyth")
    set_characteristics(
        submitted.database, submitted.clerk, submitted.school.id, [(submitted.smith, "eal", True)]
    )
    # The Nursery 2 pupil moves within Nursery, and can be archived.
    _form_write(submitted, submitted.nursery_pupil, year_override="N1")
    assert archive_pupils(
        submitted.database, submitted.clerk, submitted.school.id, [submitted.nursery_pupil]
    )
    with submitted.database.read() as session:
        smith = session.get(Pupil, submitted.smith)
        assert smith is not None and (smith.surname, smith.eal) == ("Smyth", True)


def test_a_pupil_arriving_after_the_year_has_ended_is_not_refused(submitted: Cohort) -> None:
    """A child who joins in Year 1 was never in last year's Reception cohort."""
    autumn = date(YEAR + 1, 9, 10)
    pupil_id = create_pupil(
        submitted.database,
        submitted.clerk,
        submitted.school.id,
        PupilForm(
            upn=valid_upn(91),
            surname="Newcomer",
            forenames="Kit",
            date_of_birth=R_LAST.strftime("%d/%m/%Y"),
            gender="F",
            postcode="PR1 2AB",
            ethnicity="WBRI",
        ),
        autumn,
    )
    assert pupil_id > 0


def test_once_the_year_has_ended_its_leavers_are_archived_as_usual(submitted: Cohort) -> None:
    """The cohort moves up to Year 1; a child who leaves then is archived without asking
    support to unlock a past year's submission (which the local authority already has)."""
    give_real_upns(submitted)
    next_autumn = date(YEAR + 1, 10, 1)
    assert archive_pupils(
        submitted.database,
        submitted.clerk,
        submitted.school.id,
        [submitted.smith],
        today=next_autumn,
    )
    with pytest.raises(Locked):  # while the year lasted, the same archive was refused
        archive_pupils(
            submitted.database,
            submitted.clerk,
            submitted.school.id,
            [submitted.adeyemi],
            today=TODAY,
        )


def test_bringing_back_an_archived_pupil_into_it_is_refused(
    cohort: Cohort, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive_pupils(cohort.database, cohort.clerk, cohort.school.id, [cohort.nowak])
    cohort.give(cohort.smith, AREA_CODES)
    cohort.give(cohort.adeyemi, AREA_CODES)
    cohort.submit()
    before = snapshot(cohort)
    with pytest.raises(Locked, match="Bringing them back would put NOWAK, Ed into"):
        unarchive_pupils(
            cohort.database, SUPPORT, [cohort.nowak], SERVER_ADMINISTRATOR, today=TODAY
        )
    assert snapshot(cohort) == before


def upload(rows: list[str]) -> bytes:
    return (",".join(UPLOAD_COLUMNS) + "\r\n" + "\r\n".join(rows) + "\r\n").encode()


def line(upn: str, surname: str, born: date) -> str:
    return f"{upn},{surname},Jo,{born:%d/%m/%Y},F,PR1 2AB,N,WBRI,,,"


def test_an_import_that_moves_or_adds_cohort_pupils_is_refused(submitted: Cohort) -> None:
    give_real_upns(submitted)
    before = snapshot(submitted)
    moved = upload([line(valid_upn(0), "Smith", R_FIRST - timedelta(days=30))])
    with pytest.raises(ImportRefused, match="the date of birth in the file would change") as out:
        import_pupils(submitted.database, submitted.clerk, submitted.school.id, moved, TODAY)
    assert "SMITH, Jo is in the 2025/2026 Reception cohort" in str(out.value)
    added = upload([line(valid_upn(92), "Newcomer", R_FIRST + timedelta(days=3))])
    with pytest.raises(ImportRefused, match="Importing this pupil would put NEWCOMER, Jo into"):
        import_pupils(submitted.database, submitted.clerk, submitted.school.id, added, TODAY)
    assert snapshot(submitted) == before
    # Updating other fields, and adding a Nursery pupil, still import.
    fine = upload(
        [
            line(valid_upn(0), "Smyth", R_FIRST),
            line(valid_upn(93), "Tiny", R_FIRST - timedelta(days=500)),
        ]
    )
    result = import_pupils(submitted.database, submitted.clerk, submitted.school.id, fine, TODAY)
    assert (result.added, result.updated) == (1, 1)


def test_after_support_unlocks_the_change_is_accepted(
    submitted: Cohort, monkeypatch: pytest.MonkeyPatch
) -> None:
    support = support_account(submitted.database, monkeypatch)
    elg_submission.unlock(
        submitted.database, support, submitted.school.id, submitted.section_id, SUPPORT_PASSWORD
    )
    assert archive_pupils(
        submitted.database, submitted.clerk, submitted.school.id, [submitted.smith]
    )
