"""Fill the upgrade fixture after `pupil-tracker demo`: every table gets rows.

Run by scripts/make-upgrade-fixture with the store of the commit that makes the fixture (the
last one before Alembic) first on the path: it calls that version's store functions, as a
school and the support team would have, so it must keep to what that version had.
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import datetime, timedelta, timezone

from sqlalchemy import select
from sqlmodel import col
from store.access import Actor, Role
from store.auth_settings import SecuritySettings
from store.changes import ElgChange, PeriodNoteChange
from store.db import open_database
from store.models import AssessmentPeriod, ElgSection, Pupil
from store.reauth import SERVER_ADMINISTRATOR
from store.rules import academic_year_of
from store.sign_in import enter_security_code, start_sign_in
from store.sign_in_steps import NeedsSecurityCode, SignedIn
from store.support_contact import set_support_contact

from store import (
    discussion_templates,
    elg_submission,
    establishments,
    interventions,
    judgements,
    meeting_rows,
    meetings,
    news,
    period_deletion,
    pupil_transfer,
    pupils,
    upn_issuer,
    view_preferences,
)
from store.assessments import create_period
from store.curriculum import ElgOutcome, YearGroup
from store.demo import demo_periods

ADMIN = Actor("fixture.admin", Role.SUPPORT, None, "local")
SOURCE = "ssh 192.0.2.7"
DEMO_USER_CODE = "24680"  # store.demo_accounts: demo.user's security code


def main(path: str) -> None:
    db = open_database(f"sqlite:///{path}")
    now = datetime.now(timezone.utc)
    today = now.date()
    year = academic_year_of(today)
    demo = establishments.find_establishment_by_number(db, "99901")
    assert demo is not None
    eid = demo.id
    manager = Actor("demo.manager", Role.MANAGER, eid, SOURCE)
    cedar = establishments.create_establishment(db, ADMIN, "3003", "CEDAR PRIMARY")

    with db.read() as session:
        autumn_id, spring_id = session.scalars(
            select(col(AssessmentPeriod.id))
            .where(col(AssessmentPeriod.establishment_id) == eid)
            .order_by(col(AssessmentPeriod.day))
        ).all()
        section_id = session.scalars(
            select(col(ElgSection.id)).where(col(ElgSection.establishment_id) == eid)
        ).one()
        pupil_ids = session.scalars(
            select(col(Pupil.id)).where(col(Pupil.establishment_id) == eid).order_by(col(Pupil.id))
        ).all()

    # A signed-in session (demo.user, with the demo's security code), whose changes name it.
    step = start_sign_in(db, "demo.user", "Training-User-1", source=SOURCE, now=now)
    assert isinstance(step, NeedsSecurityCode), step
    digits = "".join(DEMO_USER_CODE[position - 1] for position in step.positions)
    signed = enter_security_code(db, step.ticket, digits, now=now, settings=SecuritySettings())
    assert isinstance(signed, SignedIn), signed
    clerk = Actor("demo.user", Role.USER, eid, SOURCE, signed.session_id)
    note = PeriodNoteChange(pupil_ids[0], spring_id, None, "Settled well after half term.")
    assert judgements.write_changes(db, clerk, eid, [note], "note")
    # A failed sign-in with a name nobody has (the sign-in throttle) and with a wrong password.
    start_sign_in(db, "no.such.person", "Wrong-Password-1", source=SOURCE, now=now)
    start_sign_in(db, "demo.manager", "Wrong-Password-1", source=SOURCE, now=now)

    # Every included Reception pupil gets all 17 goals, then the manager submits them.
    missing = elg_submission.check_submission(db, manager, eid, section_id)
    outcomes = [
        ElgChange(section_id, pupil.pupil_id, code, None, ElgOutcome.EXPECTED)
        for pupil in missing
        for code in pupil.missing
    ]
    judgements.write_changes(db, manager, eid, outcomes, "set ELG")
    elg_submission.submit(db, manager, eid, section_id, authority_confirmed=True, now=now)

    # A progress meeting with a row in every section.
    meeting = meetings.create_meeting(
        db,
        manager,
        eid,
        year,
        teacher="Mrs Example",
        day=today,
        class_slot=None,
        period_id=spring_id,
        today=today,
    )
    discussion = meeting_rows.add_row(
        db, manager, eid, meeting, meeting_rows.Section.DISCUSSION, question="Who is stuck?"
    )
    meeting_rows.set_text(
        db, manager, eid, meeting, meeting_rows.Section.DISCUSSION, discussion, "notes", "Phonics"
    )
    barrier = meeting_rows.add_row(
        db, manager, eid, meeting, meeting_rows.Section.BARRIER, pupil_id=pupil_ids[-1]
    )
    meeting_rows.set_text(
        db, manager, eid, meeting, meeting_rows.Section.BARRIER, barrier, "barrier", "Attendance"
    )
    targeted = meeting_rows.add_row(db, manager, eid, meeting, meeting_rows.Section.TARGETED)
    meeting_rows.set_targeted_pupils(db, manager, eid, meeting, targeted, pupil_ids[-3:])
    group = meeting_rows.add_row(db, manager, eid, meeting, meeting_rows.Section.GROUP)
    meeting_rows.set_text(
        db, manager, eid, meeting, meeting_rows.Section.GROUP, group, "group_name", "Rockets"
    )
    discussion_templates.create_template(db, manager, eid, "Who needs a boost?", 8, today)

    # News, the support contact, in-house UPNs.
    news.add_news(db, ADMIN, "Training day", "The LA training day is on Friday.", today)
    news.add_news(db, ADMIN, "Old news", "Gone.", today - timedelta(days=30), today)
    set_support_contact(db, ADMIN, "Early Years team: 01234 567890")
    upn_issuer.issue_inhouse_upns(
        db, ADMIN, SERVER_ADMINISTRATOR, establishment_id=cedar.id, la_code="888", now=now, count=2
    )

    # An intervention, a saved search, a grid view; a deleted assessment; a transferred pupil.
    first_name = demo_periods(today)[0][0]
    interventions.add_intervention(
        db, manager, eid, pupil_ids[1], year, first_name, "Speech and language group"
    )
    profile = pupils.get_profile(db, manager, eid)
    classes = ("Hedgehogs", "Owls", *profile.class_names[2:])
    pupils.update_profile(
        db, manager, eid, pupils.Profile(("Forest school", *profile.custom_names[1:]), classes)
    )
    pupils.save_search(db, manager, eid, pupils.PupilSearch(surname="a"))
    view_preferences.save_grid_view(
        db, manager, eid, year, YearGroup.RECEPTION, [autumn_id], show_elg=True
    )
    extra = create_period(db, manager, eid, "Extra check", today, [YearGroup.NURSERY_2])
    period_deletion.delete_period(db, ADMIN, eid, extra.id, SERVER_ADMINISTRATOR, now=now)
    pupil_transfer.transfer_pupil(db, ADMIN, pupil_ids[2], cedar.id, SERVER_ADMINISTRATOR, now=now)

    db.dispose()
    # One compact file, its write-ahead log folded in.
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("VACUUM")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


if __name__ == "__main__":
    main(sys.argv[1])
