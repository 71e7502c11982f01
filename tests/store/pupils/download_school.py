"""A school holding one of every kind of value the data download carries, beside another school
whose data must never appear in it; and what the database holds, read straight from the tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlalchemy import select
from sqlmodel import col

from store.core.access import Actor, Role
from store.core.db import Database
from store.core.models import (
    AssessmentPeriod,
    ElgResult,
    ElgSection,
    Judgement,
    PeriodNote,
    PeriodYearGroup,
    Pupil,
)
from store.core.models_ehc import EhcLink
from store.curriculum.engagement import ENGAGEMENT_ID
from store.curriculum.eyfs import YearGroup
from store.curriculum.eyfs_frameworks import EYFS_ELG_ID, EYFS_IN_YEAR_ID
from store.curriculum.scores import SCORES_ID
from store.curriculum.upn import upn_check_letter
from store.curriculum.year_groups import birth_date_range
from store.establishments.establishments import create_establishment

YEAR = 2025
SUPPORT = Actor("support", Role.SUPPORT, None)
FORMULA_SURNAME = '=HYPERLINK("http://x","y")'
FORMULA_NOTE = "+1 said 'more' – café"
DELETED_NOTE = "IN A DELETED PERIOD"
OTHER_NOTE = "OTHER SCHOOL'S NOTE"


def upn(serial: int) -> str:
    digits = f"3001{serial:08d}"
    return upn_check_letter(digits) + digits


@dataclass
class DownloadSchool:
    db: Database
    a_id: int
    b_id: int
    manager: Actor
    outsider: Actor


def _period(
    session: object, establishment_id: int, name: str, day: date, framework: str, **more: object
) -> int:
    period = AssessmentPeriod(
        establishment_id=establishment_id,
        name=name,
        day=day,
        academic_year=YEAR,
        framework=framework,
        **more,
    )
    session.add(period)  # type: ignore[attr-defined]
    session.flush()  # type: ignore[attr-defined]
    assert period.id is not None
    return period.id


def make_download_school(db: Database, *, pupils: int = 3) -> DownloadSchool:
    """School A (3001): `pupils` Reception pupils (the first with a formula-like surname and
    every flag), a Year 1 pupil with scores, an archived one; an EYFS period with targets and
    judged-progress layers, a score period, an engagement model period with links to an EHC
    plan's outcomes, a deleted period, period notes and ELG results.
    School B (3002): a pupil, a period and a note of its own."""
    a = create_establishment(db, SUPPORT, "3001", "ASH GROVE PRIMARY")
    b = create_establishment(db, SUPPORT, "3002", "BIRCH LANE PRIMARY")
    reception_born = birth_date_range(YearGroup.RECEPTION, YEAR)[0]
    year1_born = birth_date_range(YearGroup.YEAR_1, YEAR)[0]
    with db.write() as session:
        ids = []
        for n in range(pupils):
            pupil = Pupil(
                establishment_id=a.id,
                upn=upn(n + 1),
                surname=FORMULA_SURNAME if n == 0 else f"Reception{n:04d}",
                forenames="Siobhán" if n == 0 else "Ann",
                date_of_birth=reception_born,
                gender="F" if n % 2 else "M",
                ethnicity="WIRI",
                sen="K" if n == 0 else None,
                disadvantaged=n == 0,
                eal=n == 0,
                pupil_premium=n == 0,
                fsm=n == 0,
                custom_3=n == 0,
                class_slot=2 if n == 0 else None,
            )
            session.add(pupil)
            session.flush()
            ids.append(pupil.id)
        year1 = Pupil(
            establishment_id=a.id, upn=upn(900), surname="Scorer", forenames="Sam",
            date_of_birth=year1_born, year_override=None,
        )  # fmt: skip
        archived = Pupil(
            establishment_id=a.id, upn=upn(901), surname="Gone", forenames="Gail",
            date_of_birth=reception_born, archived=True,
        )  # fmt: skip
        other = Pupil(
            establishment_id=b.id, upn=upn(902), surname="OTHERSCHOOL", forenames="Olly",
            date_of_birth=reception_born,
        )  # fmt: skip
        session.add_all([year1, archived, other])
        session.flush()
        autumn = _period(session, a.id, "Autumn 1", date(YEAR, 10, 17), EYFS_IN_YEAR_ID)
        targets = _period(
            session, a.id, "Autumn 1 targets", date(YEAR, 10, 17), EYFS_IN_YEAR_ID,
            layer_of=autumn, layer="targets",
        )  # fmt: skip
        judged = _period(
            session, a.id, "Autumn 1 judged", date(YEAR, 10, 17), EYFS_IN_YEAR_ID + "-judged",
            layer_of=autumn, layer="judged",
        )  # fmt: skip
        scores = _period(session, a.id, "Spring tests", date(YEAR + 1, 3, 2), SCORES_ID)
        engagement = _period(session, a.id, "Summer EM", date(YEAR + 1, 6, 2), ENGAGEMENT_ID)
        deleted = _period(
            session, a.id, "Deleted one", date(YEAR, 11, 1), EYFS_IN_YEAR_ID,
            deleted_at=datetime(YEAR, 11, 2, tzinfo=timezone.utc), deleted_by="ann",
        )  # fmt: skip
        theirs = _period(session, b.id, "Their autumn", date(YEAR, 10, 17), EYFS_IN_YEAR_ID)
        session.add_all(
            [
                PeriodYearGroup(period_id=autumn, year_group="R"),
                PeriodYearGroup(period_id=scores, year_group="Y1"),
                PeriodYearGroup(period_id=engagement, year_group="R"),
                PeriodYearGroup(period_id=deleted, year_group="R"),
                PeriodYearGroup(period_id=theirs, year_group="R"),
            ]
        )
        for n, pupil_id in enumerate(ids):
            session.add_all(
                [
                    Judgement(
                        pupil_id=pupil_id, period_id=autumn, area_code="LAU", value="O",
                        gone_beyond="green" if n == 0 else None,
                        note=FORMULA_NOTE if n == 0 else f"note {n}",
                    ),
                    Judgement(pupil_id=pupil_id, period_id=autumn, area_code="SP", value="B"),
                    Judgement(pupil_id=pupil_id, period_id=targets, area_code="LAU", value="O",
                              note=f"target note {n}"),
                    Judgement(pupil_id=pupil_id, period_id=targets, area_code="WR", value="O"),
                    Judgement(pupil_id=pupil_id, period_id=judged, area_code="LAU", value="E",
                              note=f"judged note {n}"),
                    Judgement(pupil_id=pupil_id, period_id=deleted, area_code="LAU", value="B",
                              note=DELETED_NOTE),
                    PeriodNote(pupil_id=pupil_id, period_id=autumn, text=f"period note {n}"),
                ]
            )  # fmt: skip
        session.add_all(
            [
                Judgement(pupil_id=year1.id, period_id=scores, area_code="RD", number=104,
                          note="-3 since autumn"),
                Judgement(pupil_id=year1.id, period_id=scores, area_code="MA", value="A"),
                PeriodNote(pupil_id=year1.id, period_id=scores, text="=SUM(A1:A9)"),
                # An observation linked to an EHC plan outcome, and a link on an area alone.
                Judgement(pupil_id=ids[0], period_id=engagement, area_code="EXP", value="EMG"),
                EhcLink(pupil_id=ids[0], period_id=engagement, area_code="EXP",
                        outcome="Outcome 2: communication"),
                EhcLink(pupil_id=ids[0], period_id=engagement, area_code="INI",
                        outcome="=Outcome 4"),
                PeriodNote(pupil_id=archived.id, period_id=autumn, text="left at half term"),
                PeriodNote(pupil_id=archived.id, period_id=deleted, text=DELETED_NOTE),
                Judgement(pupil_id=other.id, period_id=theirs, area_code="LAU", value="B",
                          note=OTHER_NOTE),
                PeriodNote(pupil_id=other.id, period_id=theirs, text=OTHER_NOTE),
            ]
        )  # fmt: skip
        section = ElgSection(
            establishment_id=a.id, academic_year=YEAR, day=date(YEAR + 1, 6, 1),
            framework=EYFS_ELG_ID,
        )  # fmt: skip
        their_section = ElgSection(
            establishment_id=b.id, academic_year=YEAR, day=date(YEAR + 1, 6, 1),
            framework=EYFS_ELG_ID,
        )  # fmt: skip
        session.add_all([section, their_section])
        session.flush()
        session.add_all(
            [
                ElgResult(section_id=section.id, pupil_id=ids[0], area_code="LAU", outcome="X"),
                ElgResult(section_id=section.id, pupil_id=ids[0], area_code="SP", outcome="E"),
                ElgResult(
                    section_id=their_section.id, pupil_id=other.id, area_code="LAU", outcome="A"
                ),
            ]
        )
    return DownloadSchool(
        db,
        a.id,
        b.id,
        Actor("ann", Role.MANAGER, a.id),
        Actor("bob", Role.MANAGER, b.id),
    )


@dataclass(frozen=True)
class Held:
    """A value the database holds for school A, to be found in the download: the pupil's UPN,
    the assessment's name, the subject's code ("" for a period note), which column, the value
    as the CSV writes it."""

    upn: str
    assessment: str
    subject: str
    column: str
    value: str


def held_values(db: Database, establishment_id: int) -> set[Held]:
    """Every value the establishment holds in live periods, their layers and ELG sections."""
    held: set[Held] = set()
    with db.read() as session:
        periods = {
            period.id: period
            for period in session.scalars(
                select(AssessmentPeriod).where(
                    col(AssessmentPeriod.establishment_id) == establishment_id
                )
            )
        }
        pupils = {
            pupil.id: pupil.upn
            for pupil in session.scalars(
                select(Pupil).where(col(Pupil.establishment_id) == establishment_id)
            )
        }
        for judgement in session.scalars(select(Judgement)):
            if judgement.pupil_id not in pupils:
                continue
            period = periods[judgement.period_id]
            prefix = ""
            if period.layer_of is not None:
                prefix = "Target" if period.layer == "targets" else "Judged progress"
                period = periods[period.layer_of]
            if period.deleted_at is not None:
                continue
            upn_ = pupils[judgement.pupil_id]
            where = (upn_, period.name, judgement.area_code)
            name = prefix or "Result"
            if judgement.value is not None:
                held.add(Held(*where, name, judgement.value))
            if judgement.number is not None:
                held.add(
                    Held(*where, f"{prefix} score".strip().capitalize(), str(judgement.number))
                )
            if judgement.gone_beyond is not None:
                column = f"{prefix} gone beyond".strip().capitalize()
                held.add(Held(*where, column, judgement.gone_beyond))
            if judgement.note is not None:
                held.add(Held(*where, f"{prefix} note".strip().capitalize(), judgement.note))
        for link in session.scalars(select(EhcLink)):
            period = periods.get(link.period_id)
            if link.pupil_id in pupils and period is not None and period.deleted_at is None:
                where = (pupils[link.pupil_id], period.name, link.area_code)
                held.add(Held(*where, "EHC plan outcome", link.outcome))
        for note in session.scalars(select(PeriodNote)):
            period = periods.get(note.period_id)
            if note.pupil_id in pupils and period is not None and period.deleted_at is None:
                held.add(Held(pupils[note.pupil_id], period.name, "", "Assessment note", note.text))
        sections = {
            section.id
            for section in session.scalars(
                select(ElgSection).where(col(ElgSection.establishment_id) == establishment_id)
            )
        }
        for result in session.scalars(select(ElgResult)):
            if result.section_id in sections:
                held.add(
                    Held(
                        pupils[result.pupil_id],
                        "End of Year ELGs",
                        result.area_code,
                        "Result",
                        result.outcome,
                    )
                )
    return held


def found_values(rows: list[dict[str, str]]) -> set[Held]:
    """The same facts, as read back from a download's rows (a CSV's inert quote taken off)."""
    found: set[Held] = set()
    columns = (
        *("Result", "Score", "Gone beyond", "Note"),
        *("Target", "Target score", "Target gone beyond", "Target note"),
        *("Judged progress", "Judged progress note", "EHC plan outcome"),
    )
    for row in rows:
        for column in columns:
            value = row.get(column) or ""
            if value:
                found.add(Held(row["UPN"], row["Assessment"], row["Subject code"], column, value))
        if row.get("Assessment note"):
            found.add(Held(row["UPN"], row["Assessment"], "", "Assessment note",
                           row["Assessment note"]))  # fmt: skip
    return found
