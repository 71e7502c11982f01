"""The data download's rows: every value the establishment holds, nothing deleted, nothing of
another establishment's, read a slice of pupils at a time."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import col

from store.core.access import PermissionDenied
from store.core.db import Database
from store.core.models import AuditEntry
from store.pupils import data_download as download_module
from store.pupils.data_download import (
    DownloadRow,
    data_download,
    download_schools,
    record_data_download,
)
from tests.store.pupils.download_school import (
    DELETED_NOTE,
    FORMULA_NOTE,
    FORMULA_SURNAME,
    OTHER_NOTE,
    SUPPORT,
    Held,
    held_values,
    make_download_school,
    upn,
)


def _as_found(rows: list[DownloadRow]) -> set[Held]:
    found: set[Held] = set()
    for row in rows:
        where = (row.pupil.upn, row.assessment, row.subject_code)
        for prefix, value in (
            ("", row.result),
            ("Target ", row.target),
            ("Judged progress ", row.judged),
        ):
            if value is None:
                continue
            if value.code is not None:
                found.add(Held(*where, (prefix.strip() or "Result"), value.code))
            if value.number is not None:
                found.add(Held(*where, f"{prefix}score".capitalize(), str(value.number)))
            if value.gone_beyond is not None:
                found.add(Held(*where, f"{prefix}gone beyond".capitalize(), value.gone_beyond))
            if value.note is not None:
                found.add(Held(*where, f"{prefix}note".capitalize(), value.note))
        if row.ehc_outcome is not None:
            found.add(Held(*where, "EHC plan outcome", row.ehc_outcome))
        if row.period_note is not None:
            found.add(Held(row.pupil.upn, row.assessment, "", "Assessment note", row.period_note))
    return found


def test_every_value_held_is_in_the_rows(database: Database) -> None:
    school = make_download_school(database)
    download = data_download(database, school.manager, school.a_id)
    rows = list(download.rows)
    held = held_values(database, school.a_id)
    assert len(held) > 30
    assert held <= _as_found(rows)
    assert (download.number, download.name) == ("3001", "ASH GROVE PRIMARY")


def test_rows_carry_the_pupil_and_the_assessment(database: Database) -> None:
    school = make_download_school(database)
    rows = list(data_download(database, school.manager, school.a_id).rows)
    first = next(r for r in rows if r.pupil.surname == FORMULA_SURNAME and r.subject_code == "LAU"
                 and r.assessment == "Autumn 1")  # fmt: skip
    assert first.pupil.upn == upn(1)
    assert first.pupil.forenames == "Siobhán"
    assert first.year_group == "Reception"
    assert first.pupil.class_name == "Class 2"
    assert (first.pupil.disadvantaged, first.pupil.eal, first.pupil.sen) == (True, True, "K")
    assert first.pupil.customs == (False, False, True, False, False, False)
    assert first.day == date(2025, 10, 17) and first.academic_year == 2025
    assert first.framework == "EYFS in-year"
    assert first.subject == "Listening, Attention and Understanding" or first.subject
    assert first.result is not None and first.result.words == "On track"
    assert first.result.note == FORMULA_NOTE and first.result.gone_beyond == "green"
    assert first.target is not None and first.target.code == "O"
    assert first.judged is not None and first.judged.words == "Expected progress"
    assert first.period_note == "period note 0"
    # A subject with only a target has its own row; the Year 1 pupil's score is a number.
    assert any(r.subject_code == "WR" and r.result is None and r.target for r in rows)
    score = next(r for r in rows if r.subject_code == "RD")
    assert score.result is not None and score.result.number == 104
    assert score.year_group == "Year 1"
    # The archived pupil's period note, with no judgement, is a row of its own.
    gone = [r for r in rows if r.pupil.surname == "Gone"]
    assert [(r.subject_code, r.period_note) for r in gone] == [("", "left at half term")]
    assert gone[0].pupil.archived
    elg = [r for r in rows if r.assessment == "End of Year ELGs"]
    assert {(r.subject_code, r.result.code if r.result else None) for r in elg} == {
        ("LAU", "X"),
        ("SP", "E"),
    }


def test_deleted_periods_and_other_schools_stay_out(database: Database) -> None:
    school = make_download_school(database)
    rows = list(data_download(database, school.manager, school.a_id).rows)
    text = repr(rows)
    assert DELETED_NOTE not in text and "Deleted one" not in text
    assert OTHER_NOTE not in text and "OTHERSCHOOL" not in text
    theirs = list(data_download(database, school.outsider, school.b_id).rows)
    assert {r.pupil.surname for r in theirs} == {"OTHERSCHOOL"}
    assert FORMULA_SURNAME not in repr(theirs)


def test_another_schools_download_is_refused(database: Database) -> None:
    school = make_download_school(database)
    with pytest.raises(PermissionDenied):
        data_download(database, school.outsider, school.a_id)
    with pytest.raises(PermissionDenied):
        record_data_download(database, school.outsider, school.a_id, 3)
    with pytest.raises(PermissionDenied):
        download_schools(database, school.manager)
    assert [s.number for s in download_schools(database, SUPPORT)] == ["3001", "3002"]


def test_pupils_are_read_a_slice_at_a_time(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(download_module, "PUPILS_PER_READ", 2)
    school = make_download_school(database, pupils=5)
    sliced: list[int] = []
    original = download_module._Reader._slice

    def counted(self: download_module._Reader, ids: list[int]) -> list[DownloadRow]:
        sliced.append(len(ids))
        return original(self, ids)

    monkeypatch.setattr(download_module._Reader, "_slice", counted)
    rows = data_download(database, school.manager, school.a_id).rows
    assert sliced == []  # nothing is read until the rows are asked for
    first = next(rows)
    assert sliced == [2] and first.pupil.surname == FORMULA_SURNAME
    rest = list(rows)
    assert sliced == [2, 2, 2, 1]  # 5 reception pupils, Gone, Scorer
    assert held_values(database, school.a_id) <= _as_found([first, *rest])


def test_the_download_is_audited(database: Database) -> None:
    school = make_download_school(database)
    record_data_download(database, school.manager, school.a_id, 12)
    with database.read() as session:
        entry = session.scalars(
            select(AuditEntry).where(col(AuditEntry.action) == "export data download")
        ).one()
    assert (entry.establishment_id, entry.new_value, entry.actor) == (school.a_id, "12 rows", "ann")
