"""The Textual application: the database it works on, global keys and the first screen."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import signal
import time
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text
from textual import events
from textual._compositor import CompositorUpdate
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from typing_extensions import Self

from store.accounts.count import count_accounts
from store.accounts.sessions import HANGUP, SIGNED_OUT, end_session
from store.accounts.settings import SecuritySettings, utc_now
from store.accounts.sign_in_steps import SignedIn
from store.core.access import Actor, connection_source, local_actor
from store.core.db import Database
from store.core.errors import StoreError
from store.establishments.establishments import list_establishments
from tui import key_order, partial_updates, unexpected
from tui.screens.help import HelpScreen
from tui.screens.start import StartScreen
from tui.session_guard import APP_STOPPED, SessionGuard

if TYPE_CHECKING:
    # The sign-in screen and its store modules load only when accounts exist.
    from tui.screens.accounts.sign_in import SignInScreen

# More unexpected errors than this in a row, each within a few seconds of the last, and the app
# stops rather than spin on a fault it cannot get past (say, one in drawing the screen).
ERROR_BURST = 20
ERROR_BURST_SECONDS = 5.0

ACCOUNTS_HINT = (
    "No accounts yet: anyone here works as the local manager. Create accounts with "
    "`pupil-tracker user add`; from then on everyone signs in."
)


class PupilTrackerApp(App[None]):
    """Pupil Tracker: keyboard-first Early Years assessment."""

    CSS_PATH = "app.tcss"
    TITLE = "Pupil Tracker"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        # Priority, so F1 also works inside dialogs (a modal screen leaves out app bindings).
        Binding("f1", "help", "Help", id="help", tooltip="Every key on this screen", priority=True),
        Binding("f10", "quit", "Quit", show=False, id="quit-app"),
    ]

    colleague_poll_seconds: float | None = 0.8
    """How often an open grid looks for colleagues' changes (tui/screens/assessments/
    colleagues_live.py): a change must show within a second, and a look, its read and the
    paint take up to 0.1 s on a slow machine. None: only when a test asks."""

    def __init__(
        self,
        database: Database,
        actor: Actor | None = None,
        today: date | None = None,
        end_on_hangup: bool = False,
        *,
        clock: Callable[[], datetime] = utc_now,
        settings: SecuritySettings | None = None,
        accounts_hint: bool = False,
    ) -> None:
        """Args:
        database: The database to work on.
        actor: Act as this account without signing in (tests and tools).
        today: The day the screens take as today.
        end_on_hangup: End the session and the app on SIGHUP/SIGTERM.
        clock: The time for sessions (tests move it).
        settings: The sign-in and session limits (the key file, the idle limits).
        accounts_hint: With no accounts, say on the start screen how to create them.
        """
        # Before Textual's own set-up, whose reactive attributes call refresh().
        self.screen_mirror = partial_updates.ScreenMirror()
        super().__init__()
        partial_updates.install()
        unexpected.install_guard()
        key_order.install()
        self.key_order = key_order.KeyOrder(self._take_typed_key)
        self.database = database
        self.explicit_actor = actor
        self.actor = actor or local_actor(None)
        self.today = today
        self.end_on_hangup = end_on_hangup
        self.clock = clock
        self.settings = settings or SecuritySettings.from_environ()
        self.accounts_hint = accounts_hint
        self.session_guard: SessionGuard | None = None
        self._error_burst: list[float] = []
        self._fatal_reference: str | None = None

    def on_mount(self) -> None:
        # The terminal handed back after a suspend shows what it likes: paint it all again.
        self.app_resume_signal.subscribe(self, lambda _app: self.screen_mirror.forget())
        if self.end_on_hangup:
            self._end_on_hangup()
        # On the UI thread: it decides the first screen; a count, under a millisecond
        # (bench/ui_reads.py).
        if self.explicit_actor is None and count_accounts(self.database) > 0:
            self.push_screen(self._sign_in_screen())
        else:
            hint = ACCOUNTS_HINT if self.explicit_actor is None and self.accounts_hint else ""
            self.push_screen(StartScreen(self.database, self.actor, self.today, hint=hint))
        notice = self.database.upgrade_notice
        if notice:  # opening upgraded the schema: say so, and name the copy from before
            self.notify(notice, title="Database upgraded", timeout=30)
        # Start-up objects live as long as the app: keep them out of every later full garbage
        # collection, which otherwise stalls a keystroke now and then (measured 30-45 ms).
        self.call_after_refresh(gc.freeze)

    # --- painting ------------------------------------------------------------------------

    def _display(self, screen: Screen[object], renderable: RenderableType | None) -> None:
        """Write only what the terminal does not show already (tui/partial_updates.py); an
        update that changes nothing, cursor included, writes nothing at all."""
        driver = self._driver
        if (
            not isinstance(renderable, CompositorUpdate)
            or self._batch_count
            or not self._running
            or self._closed
            or self.is_headless
            or driver is None
            or driver.is_inline
        ):
            super()._display(screen, renderable)
            return
        text = partial_updates.render_unshown(
            renderable, self.console, self.screen_mirror, self.screen.outer_size.height
        )
        if text is None:
            super()._display(screen, renderable)
            return
        cursor = self.screen.outer_size.clamp_offset(self.cursor_position)
        if not text and cursor == self._previous_cursor_position:
            self.post_display_hook()
            return
        super()._display(screen, partial_updates.Prerendered(text))

    def refresh(
        self, *, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Self:
        if repaint:  # everything again, as if the terminal showed nothing
            self.screen_mirror.forget()
        return super().refresh(repaint=repaint, layout=layout, recompose=recompose)

    # --- signing in and out ---------------------------------------------------------------

    def _sign_in_screen(self, message: str = "") -> SignInScreen:
        from tui.screens.accounts.sign_in import SignInScreen

        return SignInScreen(
            self.database,
            settings=self.settings,
            clock=self.clock,
            source=connection_source(),
            on_signed_in=self.signed_in,
            message=message,
        )

    def signed_in(self, signed_in: SignedIn) -> None:
        """Start the session guard and open what this person may open."""
        self.actor = signed_in.actor
        self.session_guard = SessionGuard(
            self,
            self.database,
            signed_in.session_id,
            clock=self.clock,
            settings=self.settings,
            on_end=self.signed_out,
        )
        self.session_guard.start()
        self.switch_screen(StartScreen(self.database, self.actor, self.today))
        if self.actor.establishment_id is not None:
            # On the UI thread: the home screen opens with it; under a millisecond
            # (bench/ui_reads.py).
            own = [
                e
                for e in list_establishments(self.database, self.actor)
                if e.id == self.actor.establishment_id
            ]
            if own:
                from tui.screens.school.home import HomeScreen

                self.push_screen(HomeScreen(self.database, self.actor, own[0], today=self.today))
        for note in signed_in.stopped_sessions:  # an earlier session whose app had stopped
            self.notify(note)

    def signed_out(self, message: str) -> None:
        """The session has ended: close every screen and ask for a sign-in again."""
        self.session_guard = None
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(self._sign_in_screen(message))

    async def on_event(self, event: events.Event) -> None:
        # A key from the terminal waits for the keys typed before it (tui/key_order.py); one
        # coming back up from a widget is on its way through the bindings.
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self.key_order.take(event)
            return
        await super().on_event(event)

    async def _take_typed_key(self, event: events.Key) -> None:
        """A key typed now: activity for the session, then the sign-in steps or the bindings."""
        # After the session ended it goes nowhere.
        guard = self.session_guard
        if guard is not None and not guard.key_pressed():
            return
        # The sign-in screen takes its keys in the order typed (SignInScreen.take_key).
        stack = self.screen_stack
        take_key = getattr(stack[-1], "take_key", None) if stack else None
        if take_key is not None and await take_key(event):
            return
        await super().on_event(event)

    def end_signed_in_session(self, reason: str = SIGNED_OUT) -> None:
        """End the session in the database (quitting, or a hangup), if one is open."""
        guard, self.session_guard = self.session_guard, None
        if guard is not None and not guard.ended:
            guard.ended = True
            guard.stop()
            with contextlib.suppress(Exception):  # leaving anyway: never block the exit
                end_session(self.database, guard.session_id, self.clock(), reason)

    def on_unmount(self) -> None:
        # A return code means an unhandled exception is ending the app: say so in the trail.
        self.end_signed_in_session(APP_STOPPED if self.return_code else SIGNED_OUT)

    def _hang_up(self) -> None:
        self.end_signed_in_session(HANGUP)
        self.exit()

    def _end_on_hangup(self) -> None:
        """A dropped SSH connection (SIGHUP) or a stop (SIGTERM) ends the app at once, cleanly.

        Every change is committed as it is made, so there is nothing to save; the session is
        marked ended (reason HANGUP) so the next sign-in need not ask about it.
        """
        loop = asyncio.get_running_loop()
        for signal_number in (signal.SIGHUP, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signal_number, self._hang_up)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a toast as plain text, always.

        Toasts repeat what people typed (names, classes, periods, dates, errors quoting them),
        and `Widget.notify` asks for markup explicitly, so "[/x]" would otherwise crash the app
        and "[b]x[/b]" show bold. No message here relies on markup.
        """
        # One toast at a time, a few seconds long: a stack of them covered the foot statistics.
        self.clear_notifications()
        if timeout is None:
            timeout = min(8.0, 3.0 + len(message) / 25) + (2.0 if severity == "error" else 0.0)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # --- when something goes wrong ---------------------------------------------------------

    def report_trouble(self, error: BaseException, where: str) -> unexpected.Trouble:
        """Tell the person what went wrong in one sentence; log what was not expected."""
        actor = self.actor
        context = {
            "version": _version(),
            "user": f"{actor.username} ({actor.role.value})",
            "establishment": str(actor.establishment_id or "-"),
            "from": actor.source,
            "where": where,
        }
        trouble = unexpected.trouble_for(error, context)
        severity: SeverityLevel = "error" if trouble.unexpected else "warning"
        self.notify(trouble.sentence, severity=severity)
        if trouble.unexpected:
            self._count_unexpected(trouble.reference or "")
        return trouble

    def _count_unexpected(self, reference: str) -> None:
        now = time.monotonic()
        burst = [t for t in self._error_burst if now - t < ERROR_BURST_SECONDS] + [now]
        self._error_burst = burst
        if len(burst) >= ERROR_BURST:
            self._fatal_reference = reference
            self.exit(return_code=1, message=Text(unexpected.fatal_sentence(reference)))

    def _handle_exception(self, error: Exception) -> None:
        # Textual ends the app on any error outside a message handler (a timer, a worker, a
        # callback). While the app is up and showing a screen, report it and go on instead.
        if self._running and not self._exit and len(self.screen_stack) > 1:
            trouble = self.report_trouble(error, "outside a message handler")
            if not (trouble.unexpected and unexpected.strict()):
                return
        if self._fatal_reference is None and not isinstance(error, StoreError):
            self._fatal_reference = unexpected.write_log_entry(
                unexpected.unwrap(error), {"version": _version(), "where": "fatal"}
            )
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        # One sentence, not a traceback (which would show pupils' data in its locals).
        if unexpected.strict() or self._fatal_reference is None:
            super()._fatal_error()
            return
        self.bell()
        self._exit_renderables.append(Text(unexpected.fatal_sentence(self._fatal_reference)))
        self._close_messages_no_wait()

    # --- the command palette: this app's own commands only -----------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """What the screen's keys do, for this person now (Textual's Theme and Screenshot
        would leave the 16-colour theme or fail over SSH)."""
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            # Ours carry an id; the widgets' own moving keys (Down, First, ...) do not.
            mine = binding.id is not None and not binding.system
            mine = mine and binding.action not in _NOT_IN_PALETTE
            if not mine or not active.enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            key = self.get_key_display(binding)
            node = active.node

            async def run(action: str = binding.action, node: object = node) -> None:
                await self.run_action(action, node)  # type: ignore[arg-type]

            title = binding.description or binding.tooltip or binding.action
            yield SystemCommand(title, f"{binding.tooltip or title} (key {key})", run)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        self.push_screen(HelpScreen(self.screen))


# Opening the palette from the palette, or its own key, is no command.
_NOT_IN_PALETTE = frozenset({"command_palette"})


def _version() -> str:
    # Asked only when something goes wrong: the metadata lookup stays off the first frame.
    from tui.version import package_version

    return package_version()
