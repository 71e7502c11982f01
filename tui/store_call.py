"""The one way a screen or widget calls the store when the call may be slow.

`run_store_call` runs the call in a thread worker, so no key waits for the database, and
answers on the UI thread: `done(result)`, or `refused(error)` when the store says no (every
refusal is a StoreError, whose text is a sentence for the person). Anything else is unexpected:
it is logged for the support team with a reference, the person reads one sentence, the app goes
on, and `failed()` lets a screen stop waiting. An answer nobody is left to receive (the screen
closed, a newer call of an exclusive group replaced it, the app stopped) is never delivered.

This module is the only place under tui/ that crosses threads (`call_from_thread`,
`asyncio.to_thread`); tests/tui/test_store_call_only.py keeps it so.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Generic, TypeVar

from textual.app import ScreenStackError, UnknownModeError
from textual.dom import DOMNode, NoScreen
from textual.worker import Worker, get_current_worker

from store.accounts.settings import utc_now
from store.core.errors import StoreError
from tui.unexpected import Trouble, strict

ResultT = TypeVar("ResultT")
Progress = Callable[[int, int], None]
"""Told (done, total) as a long call goes along."""

# Calls a screen needs answered before its keys mean anything (the list a key acts on), by
# app: keys typed meanwhile wait for them (tui/key_order.py), up to its limit.
_KEYS_WAIT_FOR: weakref.WeakKeyDictionary[object, weakref.WeakSet[Worker[None]]] = (
    weakref.WeakKeyDictionary()
)

WRONG_PASSWORD = (
    "That was not your password, so nothing was changed: press the key again and enter "
    "your own password."
)


def refusal_text(error: StoreError) -> str:
    """What to tell the person when the store said no to something they asked for."""
    # Imported here: the sign-in modules load only once an action asks for a password.
    from store.accounts.reauth import REAUTH_MESSAGE, ReauthenticationFailed

    if isinstance(error, ReauthenticationFailed) and str(error) == REAUTH_MESSAGE:
        return WRONG_PASSWORD
    return f"Not done: {error}"


def screen_clock(node: DOMNode) -> datetime:
    """The app's clock (tests inject theirs), or the real one."""
    clock: Callable[[], datetime] = getattr(node.app, "clock", utc_now)
    return clock()


def keys_wait(app: object) -> bool:
    """Whether a call `app` started with `hold_keys` is still under way.

    A cancelled call never holds keys: a worker cancelled before its task first ran (an
    exclusive call replaced at once, as a search typed fast does) stays RUNNING for ever, and
    every key would wait out the hold's limit until it was garbage.
    """
    return any(
        not (worker.is_finished or worker.is_cancelled) for worker in _KEYS_WAIT_FOR.get(app, ())
    )


def report_unexpected(node: DOMNode, error: Exception, where: str) -> Exception | None:
    """On the UI thread: log `error` for the support team and tell the person in one sentence.

    Returns the error when it must still end the app: under test (strict errors), or in an app
    that has no `report_trouble` (Textual's own handling then shows it).
    """
    report: Callable[[BaseException, str], Trouble] | None = getattr(
        node.app, "report_trouble", None
    )
    if report is None:
        return error
    trouble = report(error, where)
    return error if trouble.unexpected and strict() else None


@dataclass(frozen=True)
class _Answer(Generic[ResultT]):
    """What a call came back with: a result, a refusal or an unexpected error."""

    result: ResultT | None = None
    refusal: StoreError | None = None
    error: Exception | None = None


def run_store_call(
    host: DOMNode,
    call: Callable[[], ResultT],
    done: Callable[[ResultT], object],
    refused: Callable[[StoreError], object] | None = None,
    *,
    failed: Callable[[], object] | None = None,
    dropped: Callable[[ResultT], object] | None = None,
    group: str = "store-call",
    exclusive: bool = False,
    hold_keys: bool = False,
) -> Worker[None]:
    """Run `call` in a thread worker of `host`; answer on the UI thread.

    Args:
        host: The screen or widget the worker belongs to (closing it cancels the call's answer).
        call: The store call, with its arguments bound (it runs in the worker's thread).
        done: Given the result.
        refused: Given the StoreError the store refused with; by default its sentence is shown
            as a warning, as for a refusal raised by a key.
        failed: Called after an error that `done` and `refused` did not take (an unexpected one
            in `call`, `done` or `refused`, or a refusal with no `refused`) was reported, so
            that whatever waits for the answer stops waiting.
        dropped: Called in the worker's thread with a result nobody received, for a result that
            must not just be left (a session opened as the app stopped).
        group: The worker group.
        exclusive: Cancel the group's earlier calls on `host`: only the newest answers.
        hold_keys: Keys typed until the answer has come wait for it (a screen's list, which
            the keys act on): a burst such as "p i" opens the pupils, then the highlighted
            one's interventions, as if the list had been read at once.
    """
    app = host.app
    where = f"{_screen_name(host)} / {_call_name(call)} (in a worker)"

    def answer(outcome: _Answer[ResultT], worker: Worker[None]) -> tuple[bool, Exception | None]:
        """On the UI thread: (delivered, the error that must still end the app, if any)."""
        if worker.is_cancelled:
            return False, None
        try:
            if outcome.error is not None:
                raise outcome.error
            if outcome.refusal is not None:
                if refused is None:
                    raise outcome.refusal  # said by the app, as a refusal raised by a key is
                refused(outcome.refusal)
            else:
                done(outcome.result)  # type: ignore[arg-type]  # set whenever no error is
        except Exception as error:
            escaped = report_unexpected(host, error, where)
            if failed is not None:
                failed()
            return True, escaped
        return True, None

    def body() -> None:
        worker: Worker[None] = get_current_worker()
        outcome: _Answer[ResultT]
        try:
            outcome = _Answer(result=call())
        except StoreError as refusal:
            outcome = _Answer(refusal=refusal)
        except Exception as error:  # unexpected: reported on the UI thread, below
            outcome = _Answer(error=error)
        delivered, escaped = False, None
        if not worker.is_cancelled:
            try:
                delivered, escaped = app.call_from_thread(answer, outcome, worker)
            except RuntimeError:  # the app has stopped: nobody to tell
                delivered = False
        if not delivered and dropped is not None and outcome.error is outcome.refusal is None:
            dropped(outcome.result)  # type: ignore[arg-type]
        if escaped is not None:
            raise escaped  # the worker fails, and the app's own error handling takes it

    worker = host.run_worker(
        body, thread=True, group=group, exclusive=exclusive, exit_on_error=True
    )
    if hold_keys:
        _KEYS_WAIT_FOR.setdefault(app, weakref.WeakSet()).add(worker)
    return worker


def run_with_progress(
    host: DOMNode,
    call: Callable[[Progress], ResultT],
    progress: Progress,
    done: Callable[[ResultT], object],
    refused: Callable[[StoreError], object] | None = None,
    *,
    failed: Callable[[], object] | None = None,
    group: str = "store-call",
    exclusive: bool = False,
) -> Worker[None]:
    """`run_store_call` for a long call that says how far it has got: `call` is given a
    function to tell (done, total), and `progress(done, total)` is called on the UI thread."""
    app = host.app

    def tell(count: int, total: int) -> None:
        # In the worker's thread; waits for the UI thread, so a fast call cannot flood it.
        if not get_current_worker().is_cancelled:
            app.call_from_thread(progress, count, total)

    return run_store_call(
        host,
        partial(call, tell),
        done,
        refused,
        failed=failed,
        group=group,
        exclusive=exclusive,
    )


async def in_thread(call: Callable[[], ResultT]) -> ResultT:
    """The answer of `call`, run in a thread, for a flow in an async worker that waits for it
    before its next step (a choice between two dialogs). Its errors are raised here: the flow
    says a refusal itself; anything else fails the worker, and the app reports it."""
    return await asyncio.to_thread(call)


def _screen_name(node: DOMNode) -> str:
    try:
        screen = node.screen
    except (NoScreen, ScreenStackError, UnknownModeError):  # not on a screen, or no screen yet
        return type(node).__name__
    return type(screen).__name__


def _call_name(call: Callable[..., object]) -> str:
    inner = call.func if isinstance(call, partial) else call
    return str(getattr(inner, "__qualname__", type(inner).__name__))
