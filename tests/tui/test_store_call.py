"""The one way to call the store from a screen (tui/store_call.py), in a small real app."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import WorkerFailed

from store.accounts.reauth import REAUTH_MESSAGE, ReauthenticationFailed
from store.core.errors import InvalidInput, NotFound, StoreError
from tests.tui.waiting import Gate, settle
from tui import unexpected
from tui.store_call import (
    WRONG_PASSWORD,
    Progress,
    keys_wait,
    refusal_text,
    run_store_call,
    run_with_progress,
)

UI_THREAD = threading.main_thread().ident  # run_test runs the app's loop in the test's thread


class Probe(Screen[None]):
    """Says what came back, and notes the thread each answer was handled in."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: list[int | None] = []
        self.failures = 0
        self.dropped: list[object] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="said")

    def said(self) -> str:
        return str(self.query_one("#said", Static).render())

    def say(self, text: object) -> None:
        self.threads.append(threading.get_ident())
        self.query_one("#said", Static).update(str(text))

    def refused(self, error: StoreError) -> None:
        self.say(refusal_text(error))

    def failed(self) -> None:
        self.failures += 1

    def call(
        self, work: Callable[[], object], group: str = "probe", exclusive: bool = False
    ) -> None:
        run_store_call(
            self, work, self.say, self.refused, failed=self.failed, group=group, exclusive=exclusive
        )


class SmallApp(App[None]):
    """A Reporter, as the real app is: logs what was unexpected and tells the person."""

    def __init__(self) -> None:
        super().__init__()
        self.probe = Probe()
        self.told: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(self.probe)

    def report_trouble(self, error: BaseException, where: str) -> unexpected.Trouble:
        trouble = unexpected.trouble_for(error, {"where": where})
        self.told.append(trouble.sentence)
        self.notify(trouble.sentence, severity="error" if trouble.unexpected else "warning")
        return trouble


def in_worker_thread(result: str) -> Callable[[], str]:
    def work() -> str:
        assert threading.get_ident() != UI_THREAD, "the store call ran on the UI thread"
        return result

    return work


def broken() -> str:
    raise ZeroDivisionError("a bug, not a refusal")


def refuse(error: StoreError) -> Callable[[], str]:
    def work() -> str:
        raise error

    return work


async def test_a_result_arrives_on_the_ui_thread() -> None:
    app = SmallApp()
    async with app.run_test() as pilot:
        app.probe.call(in_worker_thread("Counted: 12 pupils."))
        await settle(pilot)
        assert app.probe.said() == "Counted: 12 pupils."
        assert app.probe.threads == [UI_THREAD]
        assert app.probe.failures == 0


async def test_a_refusal_becomes_its_sentence_on_screen() -> None:
    app = SmallApp()
    async with app.run_test() as pilot:
        app.probe.call(refuse(InvalidInput("A class needs a name.")))
        await settle(pilot)
        assert app.probe.said() == "Not done: A class needs a name."
        app.probe.call(refuse(ReauthenticationFailed(REAUTH_MESSAGE)))
        await settle(pilot)
        assert app.probe.said() == WRONG_PASSWORD
        assert app.probe.threads == [UI_THREAD, UI_THREAD]
        assert app.told == []  # a refusal is no trouble: nothing for the app to report


async def test_a_refusal_nobody_takes_is_said_by_the_app_and_not_logged(
    tmp_path: Path,
) -> None:
    app = SmallApp()
    async with app.run_test() as pilot:
        run_store_call(app.probe, refuse(NotFound("There is no such meeting.")), app.probe.say)
        await settle(pilot)
        assert app.told == ["There is no such meeting."]
        assert [n.message for n in app._notifications] == ["There is no such meeting."]
    assert not (tmp_path / "log" / unexpected.LOG_NAME).exists()


async def test_an_unexpected_error_is_logged_and_the_app_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(unexpected.STRICT_ENV)  # as in use: the app carries on
    app = SmallApp()
    async with app.run_test() as pilot:
        app.probe.call(broken)
        await settle(pilot)
        (sentence,) = app.told
        assert sentence.startswith("Something went wrong and that was not done.")
        assert app.probe.failures == 1  # the screen stops waiting
        assert app.probe.said() == ""
        log = (tmp_path / "log" / unexpected.LOG_NAME).read_text()
        reference = sentence.split("reference ")[1].split(")")[0]
        assert f"=== {reference}" in log
        assert "ZeroDivisionError: a bug, not a refusal" in log
        assert "Probe / broken (in a worker)" in log
        # The app goes on: the next call answers as usual.
        app.probe.call(in_worker_thread("Still here."))
        await settle(pilot)
        assert app.probe.said() == "Still here."
        assert app.is_running


async def test_an_error_in_the_answer_is_unexpected_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(unexpected.STRICT_ENV)
    app = SmallApp()

    def shown(_: object) -> None:
        raise KeyError("a bug in the screen")

    async with app.run_test() as pilot:
        run_store_call(app.probe, in_worker_thread("x"), shown, failed=app.probe.failed)
        await settle(pilot)
        assert len(app.told) == 1 and "reference" in app.told[0]
        assert app.probe.failures == 1


async def test_under_test_an_unexpected_error_still_fails_the_app() -> None:
    """With PUPIL_TRACKER_STRICT_ERRORS (tests/conftest.py) the error is logged and re-raised,
    so a test never passes over one."""
    app = SmallApp()
    with pytest.raises(WorkerFailed) as failed:
        async with app.run_test() as pilot:
            app.probe.call(broken)
            await settle(pilot)
    assert isinstance(failed.value.error, ZeroDivisionError)
    assert len(app.told) == 1


async def test_an_app_without_a_reporter_handles_it_as_textual_does() -> None:
    class Plain(App[None]):
        def on_mount(self) -> None:
            run_store_call(self, broken, lambda _: None)

    with pytest.raises(WorkerFailed):
        async with Plain().run_test() as pilot:
            await settle(pilot)


async def test_an_answer_for_a_closed_screen_is_dropped() -> None:
    app = SmallApp()
    gate = Gate()
    results: list[str] = []
    finished = threading.Event()

    def held() -> str:
        gate.hold()
        return "session 7"

    def dropped(result: str) -> None:
        assert threading.get_ident() != UI_THREAD
        results.append(result)
        finished.set()

    async with app.run_test():
        closing = Probe()
        await app.push_screen(closing)
        run_store_call(closing, held, closing.say, dropped=dropped)
        await gate.reached()
        await app.pop_screen()  # its workers are cancelled
        gate.released.set()
        assert await asyncio.to_thread(finished.wait, 10), "the answer was delivered"
        assert closing.threads == []  # never told
        assert app.probe.failures == 0
    assert results == ["session 7"]  # but the caller could put it right


async def test_an_exclusive_call_replaces_the_one_before() -> None:
    app = SmallApp()
    first, second = Gate(), Gate()

    def older() -> str:
        first.hold()
        return "older"

    def newer() -> str:
        second.hold()
        return "newer"

    older_done = threading.Event()
    async with app.run_test() as pilot:
        run_store_call(
            app.probe,
            older,
            app.probe.say,
            group="search",
            exclusive=True,
            dropped=lambda _: older_done.set(),
        )
        await first.reached()
        app.probe.call(newer, group="search", exclusive=True)
        await second.reached()
        first.released.set()  # the older answer comes back first, too late
        assert await asyncio.to_thread(older_done.wait, 10), "the older answer was delivered"
        second.released.set()
        await settle(pilot)
        assert app.probe.said() == "newer"
        assert len(app.probe.threads) == 1


async def test_keys_wait_for_a_held_call_of_their_own_app_only() -> None:
    app = SmallApp()
    gate = Gate()

    def held() -> str:
        gate.hold()
        return "listed"

    async with app.run_test() as pilot:
        run_store_call(app.probe, held, app.probe.say, hold_keys=True)
        await gate.reached()
        assert keys_wait(app)
        assert not keys_wait(SmallApp())  # another app's keys (another test's) go on
        gate.released.set()
        await settle(pilot)
        assert not keys_wait(app)


async def test_a_held_call_cancelled_before_it_ran_holds_no_keys() -> None:
    """A worker cancelled before its task first ran (its screen closed by the next key of a
    burst) stays RUNNING in Textual for ever; counted as under way, it made every later key
    wait out the hold's limit, a second each, in this app and, while it lived, in others."""
    app = SmallApp()
    async with app.run_test() as pilot:
        cancelled = run_store_call(
            app.probe, in_worker_thread("listed"), app.probe.say, hold_keys=True
        )
        cancelled.cancel()  # as closing its screen does, before the loop ran the task
        await pilot.pause()  # not settle(): waiting for a worker marks it cancelled at last
        assert not cancelled.is_finished  # as Textual leaves it when nobody waits for it
        assert not keys_wait(app)
        assert app.probe.said() == ""


async def test_progress_is_told_on_the_ui_thread_in_order() -> None:
    app = SmallApp()
    told: list[tuple[int, int, int | None]] = []

    def counting(progress: Progress) -> str:
        for done in range(1, 4):
            progress(done, 3)
        return "3 rows imported"

    def step(done: int, total: int) -> None:
        told.append((done, total, threading.get_ident()))

    async with app.run_test() as pilot:
        run_with_progress(app.probe, counting, step, app.probe.say, app.probe.refused)
        await settle(pilot)
        assert told == [(1, 3, UI_THREAD), (2, 3, UI_THREAD), (3, 3, UI_THREAD)]
        assert app.probe.said() == "3 rows imported"
