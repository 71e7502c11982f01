"""A one-line key bar: the screen's shown bindings as text, repainted only when they change.

Textual's Footer rebuilds a widget per key each time the bindings change (three times while the
grid opens, over 60 ms and several full repaints). This is one Static: cheap to draw and, being
plain text, readable in 16 colours and under NO_COLOR.
"""

from __future__ import annotations

from rich.text import Text
from textual.screen import Screen
from textual.widgets import Static


class KeyBar(Static):
    """The keys that matter now: every binding with show=True that applies at the moment."""

    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; background: $panel; color: $foreground; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._shown = Text()

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        text = key_text(screen)
        if text.plain != self._shown.plain:
            self._shown = text
            self.update(text, layout=False)


def key_text(screen: Screen[object]) -> Text:
    """ " b Below  o On track  u Undo …": the shown keys, each action once."""
    text = Text(no_wrap=True, overflow="ellipsis")
    seen: set[str] = set()
    # Help first: on a narrow terminal the line is cut at the right, and f1 must stay.
    ordered = sorted(screen.active_bindings.values(), key=lambda a: a.binding.id != "help")
    for active in ordered:
        binding = active.binding
        if not binding.show or not active.enabled or binding.action in seen:
            continue
        seen.add(binding.action)
        text.append(f" {screen.app.get_key_display(binding)} ", style="bold reverse")
        text.append(f"{binding.description} ")
    return text
