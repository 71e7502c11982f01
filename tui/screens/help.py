"""F1 help: the keys that work on the screen underneath, built from its active bindings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from store.core.db import Database
from tui.widgets.support_contact import SupportContactLine


def describe_keys(screen: Screen[object]) -> str:
    """Every key the screen answers to now, a line each: its own commands first, then the keys
    that move around it. Fallback keys (system bindings that only say what to press instead)
    are left out: they are not commands."""
    commands: list[str] = []
    moving: list[str] = []
    seen: set[tuple[str, str]] = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        description = binding.tooltip or binding.description
        if binding.system or not active.enabled or (binding.action, description) in seen:
            continue
        seen.add((binding.action, description))
        shown = screen.app.get_key_display(binding) or key
        # Ours carry an id; the widgets' own moving keys (Down, Home, ...) do not.
        (commands if binding.id is not None else moving).append(f"{shown:>10}  {description}")
    if moving:
        commands += ["", "Moving around", *moving]
    return "\n".join(commands)


class HelpScreen(ModalScreen[None]):
    """Escape, q or F1 closes it."""

    BINDINGS = [Binding("escape,q,f1", "close", "Close")]

    def __init__(self, underneath: Screen[object]) -> None:
        super().__init__()
        self.underneath = underneath

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Label("Keys", classes="dialog-title")
            database = getattr(self.app, "database", None)
            signed_in = getattr(self.app, "session_guard", None) is not None
            if signed_in and isinstance(database, Database):  # accounts, so a support team
                # First, where it is seen without scrolling past every key.
                yield SupportContactLine(database, prefix="Support: ", id="help-support-contact")
            yield Static(describe_keys(self.underneath), markup=False)
            legend = getattr(self.underneath, "HELP_LEGEND", "")
            if legend:
                yield Static(legend, classes="muted", markup=False)
            yield Label("Esc closes", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
