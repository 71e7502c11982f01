"""Sessions: idle warning and sign-out, the 12-hour limit, heartbeats, one session per person."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from store.accounts.sessions import (
    HANGUP,
    IDLE,
    NO_HEARTBEAT,
    TIME_LIMIT,
    SessionState,
    end_session,
    get_session,
    heartbeat,
    is_live,
    record_activity,
)
from store.accounts.settings import SecuritySettings, clock_time
from store.accounts.sign_in import end_other_session
from store.accounts.sign_in_steps import SessionConflict, SignedIn
from store.core.access import Role
from store.core.db import Database
from store.core.errors import InvalidInput
from store.core.models import LoginSession
from tests.store.accounts_helpers import (
    SOURCE,
    T0,
    Person,
    add,
    audit_actions,
    cheap_hashing,
    first_sign_in,
    school,
    sign_in,
)


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> PasswordHasher:
    return cheap_hashing(monkeypatch)


@pytest.fixture
def settings(tmp_path: Path) -> SecuritySettings:
    return SecuritySettings(key_file=tmp_path / "secret.key")


@pytest.fixture
def signed_in(database: Database, settings: SecuritySettings) -> tuple[Person, SignedIn]:
    issued = add(database, "clerk", Role.USER, school(database).id, settings=settings)
    return first_sign_in(database, issued, settings)


def test_warned_at_55_minutes_and_signed_out_at_60(
    database: Database, settings: SecuritySettings, signed_in: tuple[Person, SignedIn]
) -> None:
    session_id = signed_in[1].session_id
    status = heartbeat(database, session_id, T0 + timedelta(minutes=54), settings)
    assert status.state is SessionState.LIVE
    assert status.signs_out_at == T0 + timedelta(minutes=60)
    warned = heartbeat(database, session_id, T0 + timedelta(minutes=55), settings)
    assert warned.state is SessionState.WARNING and "Stay signed in" in warned.message
    # Heartbeats are not key presses: they never keep an idle session alive.
    ended = heartbeat(database, session_id, T0 + timedelta(minutes=60), settings)
    assert ended.state is SessionState.ENDED and ended.reason == IDLE
    info = get_session(database, session_id)
    assert info.ended_at == T0 + timedelta(minutes=60) and info.end_reason == IDLE
    assert "sign out" in audit_actions(database, "clerk")
    # Once ended, a key press does not bring it back.
    again = record_activity(database, session_id, T0 + timedelta(minutes=61), settings)
    assert again.state is SessionState.ENDED


def test_a_key_press_restarts_the_idle_clock(
    database: Database, settings: SecuritySettings, signed_in: tuple[Person, SignedIn]
) -> None:
    session_id = signed_in[1].session_id
    record_activity(database, session_id, T0 + timedelta(minutes=50), settings)
    status = heartbeat(database, session_id, T0 + timedelta(minutes=105), settings)
    assert status.state is SessionState.WARNING
    assert status.signs_out_at == T0 + timedelta(minutes=110)


def test_key_presses_close_together_write_once(
    database: Database, settings: SecuritySettings, signed_in: tuple[Person, SignedIn]
) -> None:
    session_id = signed_in[1].session_id
    record_activity(database, session_id, T0 + timedelta(seconds=20), settings)
    record_activity(database, session_id, T0 + timedelta(seconds=25), settings)
    assert get_session(database, session_id).last_activity == T0 + timedelta(seconds=20)


def test_no_session_outlives_12_hours(
    database: Database, settings: SecuritySettings, signed_in: tuple[Person, SignedIn]
) -> None:
    session_id = signed_in[1].session_id
    now = T0
    while now < T0 + timedelta(hours=12) - timedelta(minutes=30):
        now += timedelta(minutes=30)
        assert record_activity(database, session_id, now, settings).state is SessionState.LIVE
    status = record_activity(database, session_id, T0 + timedelta(hours=12), settings)
    assert status.state is SessionState.ENDED and status.reason == TIME_LIMIT


def test_the_limits_are_configurable(
    database: Database, tmp_path: Path, signed_in: tuple[Person, SignedIn]
) -> None:
    short = SecuritySettings(
        key_file=tmp_path / "secret.key",
        idle_limit=timedelta(minutes=10),
        idle_warning=timedelta(minutes=8),
    )
    session_id = signed_in[1].session_id
    assert heartbeat(database, session_id, T0 + timedelta(minutes=8), short).state is (
        SessionState.WARNING
    )
    assert heartbeat(database, session_id, T0 + timedelta(minutes=10), short).state is (
        SessionState.ENDED
    )
    from_env = SecuritySettings.from_environ(
        {"PUPIL_TRACKER_IDLE_MINUTES": "30", "PUPIL_TRACKER_IDLE_WARNING_MINUTES": "25"}
    )
    assert from_env.idle_limit == timedelta(minutes=30)
    assert from_env.idle_warning == timedelta(minutes=25)
    assert SecuritySettings.from_environ({}).idle_limit == timedelta(minutes=60)
    assert SecuritySettings.from_environ({}).idle_warning == timedelta(minutes=55)
    with pytest.raises(InvalidInput):
        SecuritySettings.from_environ({"PUPIL_TRACKER_IDLE_MINUTES": "soon"})
    with pytest.raises(InvalidInput):
        SecuritySettings(idle_limit=timedelta(minutes=5), idle_warning=timedelta(minutes=6))


def test_hangup_ends_the_session_and_frees_the_owner(
    database: Database, settings: SecuritySettings, signed_in: tuple[Person, SignedIn]
) -> None:
    person, done = signed_in
    end_session(database, done.session_id, T0 + timedelta(minutes=1), HANGUP)
    end_session(database, done.session_id, T0 + timedelta(minutes=2))  # twice is harmless
    assert get_session(database, done.session_id).end_reason == HANGUP
    step = sign_in(database, person, settings, T0 + timedelta(minutes=3))
    assert isinstance(step, SignedIn)


def test_a_live_session_elsewhere_needs_confirmation_to_end(
    database: Database, settings: SecuritySettings, signed_in: tuple[Person, SignedIn]
) -> None:
    person, first = signed_in
    later = T0 + timedelta(minutes=1)
    conflict = sign_in(database, person, settings, later, source="ssh 198.51.100.4")
    assert isinstance(conflict, SessionConflict)
    assert conflict.source == SOURCE and conflict.started_at == T0
    # Giving up leaves the first session alone.
    assert heartbeat(database, first.session_id, later, settings).state is SessionState.LIVE
    done = end_other_session(database, conflict.ticket, now=later, settings=settings)
    assert isinstance(done, SignedIn) and done.session_id != first.session_id
    old = get_session(database, first.session_id)
    assert old.ended_at == later and old.end_reason == "replaced by a sign-in from ssh 198.51.100.4"
    # The first app learns it at its next heartbeat.
    status = heartbeat(database, first.session_id, later + timedelta(seconds=30), settings)
    assert status.state is SessionState.ENDED and "replaced" in (status.reason or "")


def test_a_dead_session_is_replaced_without_asking(
    database: Database, settings: SecuritySettings, signed_in: tuple[Person, SignedIn]
) -> None:
    person, first = signed_in
    # Heartbeats every minute keep it live...
    for minute in (1, 2, 3):
        heartbeat(database, first.session_id, T0 + timedelta(minutes=minute), settings)
    conflict = sign_in(database, person, settings, T0 + timedelta(minutes=4))
    assert isinstance(conflict, SessionConflict)
    # ...and when they stop for longer than the interval and the grace, it is dead.
    dead = T0 + timedelta(minutes=3) + settings.dead_after + timedelta(seconds=1)
    step = sign_in(database, person, settings, dead)
    assert isinstance(step, SignedIn)
    assert get_session(database, first.session_id).end_reason == NO_HEARTBEAT
    # The sign-in says when the earlier session stopped.
    stopped_at = clock_time(T0 + timedelta(minutes=3))
    assert step.stopped_sessions == (
        f"Your earlier session from {SOURCE} stopped at {stopped_at} (the app was closed or "
        "its connection lost): it has been ended.",
    )


def test_a_killed_app_is_over_a_minute_after_its_last_heartbeat(
    database: Database, settings: SecuritySettings, signed_in: tuple[Person, SignedIn]
) -> None:
    """The newcomer killed the app (no SIGHUP, no sign-out) and signed in again a minute on."""
    assert settings.dead_after == timedelta(minutes=1)
    assert settings.heartbeat_grace >= 2 * settings.heartbeat_interval
    person, first = signed_in
    step = sign_in(database, person, settings, T0 + timedelta(seconds=61))
    assert isinstance(step, SignedIn), step
    assert len(step.stopped_sessions) == 1
    assert get_session(database, first.session_id).ended_at is not None
    # Not so a session that is merely quiet: its heartbeats say its app still runs.
    second = step
    heartbeat(database, second.session_id, T0 + timedelta(seconds=100), settings)
    conflict = sign_in(database, person, settings, T0 + timedelta(seconds=140))
    assert isinstance(conflict, SessionConflict)


def test_is_live(settings: SecuritySettings) -> None:
    row = LoginSession(
        account_id=1, source=SOURCE, started_at=T0, last_activity=T0, last_heartbeat=T0
    )
    assert is_live(row, T0 + settings.dead_after, settings)
    assert not is_live(row, T0 + settings.dead_after + timedelta(seconds=1), settings)
    row.last_heartbeat = T0 + timedelta(minutes=59)
    assert not is_live(row, T0 + timedelta(minutes=60), settings)
    row.last_activity = T0 + timedelta(hours=11, minutes=50)
    row.last_heartbeat = row.last_activity
    assert not is_live(row, T0 + timedelta(hours=12), settings)
    with pytest.raises(ValueError, match="aware"):
        is_live(row, T0.replace(tzinfo=None), settings)
