"""Rich styles of a Line API widget's component classes, read once per theme, not per line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style

if TYPE_CHECKING:
    from textual.widget import Widget

    _Base = Widget
else:
    # A plain mixin at run time: as a Widget subclass it would bring Widget's DEFAULT_CSS
    # (overflow: hidden) ahead of ScrollView's and stop the grid scrolling.
    _Base = object


class ComponentStyles(_Base):
    """Caches `get_component_rich_style` for every COMPONENT_CLASSES entry.

    Textual clears its own cache at every refresh; a grid that repaints one cell per key would
    otherwise resolve its styles again each time. The cache follows theme changes.
    `_style("below")` reads the class "<prefix>below"; "base" is the widget's own style.
    """

    STYLE_PREFIX = "grid--"
    _styles: dict[str, Style]

    def on_mount(self) -> None:
        self._load_styles()
        self.watch(self.app, "theme", lambda _theme: self._reload_styles(), init=False)

    def _reload_styles(self) -> None:
        self._load_styles()
        self.refresh()

    def _load_styles(self) -> None:
        self._styles = {
            name.removeprefix(self.STYLE_PREFIX): self.get_component_rich_style(name)
            for name in self.COMPONENT_CLASSES
        }
        self._styles["base"] = self.rich_style

    def _style(self, name: str) -> Style:
        if not getattr(self, "_styles", None):
            self._load_styles()
        return self._styles[name]
