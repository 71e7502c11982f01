"""A screen's styles parsed while the person reads the screen before it.

Textual parses a widget class's DEFAULT_CSS, and the stylesheet's rules again, the first time a
widget of that class is mounted: the first opening of the Assessments grid did it for its grid
and filter bar (3 ms of the key's time). A screen most people open next names the classes it
mounts, and the screen before adds their CSS once it is painted, so that the first opening finds
it parsed: an identical source is not parsed twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from textual.app import App
from textual.dom import DOMNode


class _ClassOnly:
    """What DOMNode._get_default_css reads of a node: its classes, not an instance."""

    def __init__(self, node_class: type[DOMNode]) -> None:
        self._node_bases = node_class._css_bases(node_class)


def parse_styles_ahead(app: App[object], node_classes: Iterable[type[DOMNode]]) -> None:
    """Add the DEFAULT_CSS of `node_classes` (and their bases) to the app's stylesheet, as
    mounting a first widget of each would, and parse it now."""
    stylesheet = app.stylesheet
    for node_class in node_classes:
        as_node = cast(DOMNode, _ClassOnly(node_class))
        for read_from, css, tie_breaker, scope in DOMNode._get_default_css(as_node):
            stylesheet.add_source(
                css, read_from=read_from, is_default_css=True, tie_breaker=tie_breaker, scope=scope
            )
    stylesheet.rules_map  # noqa: B018 - parses the sources added, as the first mount would
