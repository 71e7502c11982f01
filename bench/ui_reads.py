"""The store calls screens make on the UI thread: is each one faster than a frame?

A key waits for whatever the UI thread is doing, so a store call made there must take less
than a frame (16 ms) even on a big database, or it belongs in a worker (tui/store_call.py).
The calls marked "(worker)" were measured slower and moved to one; they are timed still, to
show why.
Each call below is timed on realistic data: the benchmark cohort (90 pupils, 6 assessments,
9,180 judgements and their audit rows) with a school year of meetings, news and interventions;
a school of 2,000 pupils (bench.pupil_search); and the support console's database (300
establishments, 2,000 accounts, 500,000 audit rows; bench.support_fixture).

`python -m bench.ui_reads` runs just this one. The figures are printed, never asserted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from time import perf_counter

from bench import pupil_search
from bench.common import Figures, heading, median, percentile, scratch_folder
from bench.fixture import BenchDatabase, build_database
from bench.support_fixture import NOW, build_console_database
from store.accounts.count import count_accounts
from store.accounts.sessions import end_session, record_activity, start_session
from store.assessments.view_preferences import grid_view
from store.core.access import Actor, Role
from store.core.audit_trail import TrailFilter, read_trail
from store.core.db import Database, open_database
from store.core.models import Account
from store.curriculum.dates import academic_year_of
from store.curriculum.eyfs import YearGroup
from store.demo import demo_reset_loses, ensure_demo
from store.establishments import news
from store.establishments.establishments import (
    create_establishment,
    find_establishment_by_number,
    list_establishments,
)
from store.establishments.support_contact import support_contact
from store.meetings import meetings, templates
from store.meetings.record import get_meeting
from store.pupils import interventions
from store.pupils.intervention_periods import intervention_assessments
from store.pupils.profile import get_profile
from store.pupils.pupils import get_pupil, list_pupils, saved_search
from store.pupils.transfer import preview_transfer
from store.reports.la_return import submitted_years
from store.reports.many import period_names

FRAME_MS = 16.0
FIGURE = "ui_thread_ms "
WORKER = "(worker)"
RUNS = 15
MEETINGS = 12
NEWS_ITEMS = 30
INTERVENTIONS = 6
SUPPORT = Actor("bench.support", Role.SUPPORT, None)


@dataclass(frozen=True)
class Read:
    """One call a screen makes on the UI thread, and where."""

    where: str
    run: Callable[[], object]


def timed(read: Read) -> list[float]:
    read.run()  # the first call warms SQLite's page cache and SQLAlchemy's statement cache
    samples = []
    for _ in range(RUNS):
        started = perf_counter()
        read.run()
        samples.append((perf_counter() - started) * 1000)
    return samples


def _school_year(database: Database, bench: BenchDatabase) -> tuple[int, int]:
    """Meetings, news and interventions as a school has them by the summer; returns a meeting
    and a pupil to read."""
    actor = bench.actor()
    school, year = bench.establishment_id, bench.academic_year
    start = date(year, 9, 8)
    meeting_ids = [
        meetings.create_meeting(
            database,
            actor,
            school,
            year,
            teacher=f"Teacher {index}",
            day=start + timedelta(weeks=3 * index),
            class_slot=None,
            period_id=None,
            today=start + timedelta(weeks=3 * index),
        )
        for index in range(MEETINGS)
    ]
    for index in range(NEWS_ITEMS):
        news.add_news(database, SUPPORT, f"News {index}", "Text " * 40, start, None)
    pupil_id = list_pupils(database, actor, school, year)[0].id
    choices = intervention_assessments(database, actor, school, pupil_id)
    assessment = choices[0].assessments[0] if choices and choices[0].assessments else ""
    for index in range(INTERVENTIONS):
        interventions.add_intervention(
            database, actor, school, pupil_id, year, assessment, f"Phonics group {index}"
        )
    return meeting_ids[-1], pupil_id


def cohort_reads(bench: BenchDatabase, database: Database) -> list[Read]:
    actor, school, year = bench.actor(), bench.establishment_id, bench.academic_year
    meeting_id, pupil_id = _school_year(database, bench)
    today = date(year + 1, 3, 1)
    with database.write() as session:
        account = Account(
            username="bench.clerk",
            role=Role.MANAGER.value,
            establishment_id=school,
            password_hash="not a hash: nobody signs in",
        )
        session.add(account)
        session.flush()
        session_id = start_session(session, account.id or 0, "bench", NOW).id or 0
    args = (database, actor, school, year)
    upn = get_pupil(database, actor, school, pupil_id).upn
    other = create_establishment(database, SUPPORT, "2999", "OTHER PRIMARY")
    ensure_demo(database, SUPPORT, today)
    return [
        Read("app start: count_accounts", lambda: count_accounts(database)),
        Read("app signed in: list_establishments", lambda: list_establishments(database, actor)),
        Read(
            "a key, every 30 s: record_activity", lambda: record_activity(database, session_id, NOW)
        ),
        Read("Assessments opens: grid_view", lambda: grid_view(database, actor, school)),
        Read("Pupils opens: get_profile", lambda: get_profile(database, actor, school)),
        Read("Pupils opens: saved_search", lambda: saved_search(database, actor, school)),
        Read("Pupils (90): list_pupils (worker)", lambda: list_pupils(*args)),
        Read("Pupil record: get_pupil", lambda: get_pupil(database, actor, school, pupil_id)),
        Read(
            "Interventions: list_interventions",
            lambda: interventions.list_interventions(database, actor, school, pupil_id),
        ),
        Read(
            "Interventions: intervention_assessments",
            lambda: intervention_assessments(database, actor, school, pupil_id),
        ),
        Read("Meetings: list_meetings", lambda: meetings.list_meetings(*args)),
        Read("Meetings add: class_choices", lambda: meetings.class_choices(*args)),
        Read("Meetings add: assessment_choices", lambda: meetings.assessment_choices(*args)),
        Read(
            "Meeting opens: get_meeting", lambda: get_meeting(database, actor, school, meeting_id)
        ),
        Read(
            "Discussion areas: list_templates",
            lambda: templates.list_templates(database, actor, school, today),
        ),
        Read("News: all_news", lambda: news.all_news(database, SUPPORT)),
        Read("News contact: support_contact", lambda: support_contact(database)),
        Read("LA return: submitted_years", lambda: submitted_years(database, SUPPORT)),
        Read(
            "Reports (all): period_names",
            lambda: period_names(database, SUPPORT, year, YearGroup.RECEPTION),
        ),
        Read(
            "Support transfer: preview_transfer",
            lambda: preview_transfer(database, SUPPORT, upn, other.number),
        ),
        Read("sign out: end_session", lambda: end_session(database, session_id, NOW)),
        Read("Demo, d: demo_reset_loses (worker)", lambda: demo_reset_loses(database, SUPPORT)),
        Read("Demo, reset: ensure_demo (worker)", lambda: ensure_demo(database, SUPPORT, today)),
    ]


def big_school_reads(database: Database) -> list[Read]:
    school = list_establishments(database, SUPPORT)[0]
    actor = Actor("bench", Role.MANAGER, school.id)
    year = academic_year_of(date.today())
    return [
        Read(
            "Pupils (2,000): list_pupils (worker)",
            lambda: list_pupils(database, actor, school.id, year),
        )
    ]


def console_reads(database: Database) -> list[Read]:
    return [
        Read("app start (2,000 accounts): count_accounts", lambda: count_accounts(database)),
        Read(
            "Start (support, 300 schools): list_establishments",
            lambda: list_establishments(database, SUPPORT),
        ),
        Read(
            "Audit filter: find_establishment_by_number",
            lambda: find_establishment_by_number(database, "2150"),
        ),
        Read(
            "Audit (500,000 rows): read_trail (worker)",
            lambda: read_trail(database, SUPPORT, TrailFilter()),
        ),
        Read(
            "Audit, a user: read_trail (worker)",
            lambda: read_trail(database, SUPPORT, TrailFilter(username="harry")),
        ),
        Read(
            "Audit, nobody: read_trail (worker)",
            lambda: read_trail(database, SUPPORT, TrailFilter(username="nobody.at.all")),
        ),
    ]


def measure(reads: list[Read]) -> Figures:
    figures: Figures = {}
    for read in reads:
        samples = timed(read)
        slowest = percentile(samples, 0.9)
        fits = slowest < FRAME_MS
        if read.where.endswith(WORKER):
            verdict = "in a worker" + ("" if fits else ": slower than a frame")
        else:
            verdict = "fits a frame" if fits else "SLOWER THAN A FRAME: use a worker"
        print(
            f"{read.where:<52} median {median(samples):6.1f} ms  p90 {slowest:6.1f} ms  {verdict}",
            flush=True,
        )
        figures[f"{FIGURE}{read.where}"] = slowest
    return figures


def summary_rows(figures: Figures) -> list[tuple[str, str, str, str]]:
    """The summary line of `python -m bench`: the slowest call still made on the UI thread."""
    kept = {
        key.removeprefix(FIGURE): value
        for key, value in figures.items()
        if key.startswith(FIGURE) and not key.endswith(WORKER)
    }
    if not kept:
        return [("store calls on the UI thread", f"<= {FRAME_MS:.0f} ms", "-", "not measured")]
    where = max(kept, key=lambda name: kept[name])
    slowest = kept[where]
    verdict = "meets" if slowest <= FRAME_MS else "MISSES"
    return [
        (
            "store calls on the UI thread",
            f"<= {FRAME_MS:.0f} ms",
            f"slowest p90 {slowest:.1f} ms ({where})",
            verdict,
        )
    ]


def main() -> Figures:
    heading("Store calls made on the UI thread (target: under a frame, 16 ms)")
    figures: Figures = {}
    with scratch_folder() as folder:
        (folder / "cohort").mkdir()
        bench = build_database(folder / "cohort")
        database = bench.open()
        try:
            figures |= measure(cohort_reads(bench, database))
        finally:
            database.dispose()
        database = open_database(f"sqlite:///{pupil_search.build(folder)}")
        try:
            figures |= measure(big_school_reads(database))
        finally:
            database.dispose()
        database = open_database(f"sqlite:///{build_console_database(folder)}")
        try:
            figures |= measure(console_reads(database))
        finally:
            database.dispose()
    return figures


if __name__ == "__main__":
    main()
