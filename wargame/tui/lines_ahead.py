"""The screen on top drawn ahead in the theme `t` switches to, so that the key only swaps
lines in.

After `wargame.tui.themes` took the parse and the hidden screens off the `t` key, what
was left was Textual's own work on the screen that shows: restyling it (12-30 ms) and
drawing every widget's lines again in the new colours (35-60 ms on the game screen at
120x40), more than a frame. Every cell changes, so no frame can show less.

In a pause, `LinesAhead.draw` gives the widgets whose lines are not ready the other
theme's styles (their ancestors too: colours are inherited), renders their lines into a
cache of their own, and puts every style and cache back as it was: nothing on screen
changes and nothing is marked for a repaint. On the key, `take` (before the restyle)
hands over the lines of each widget that has not changed since, and `install` (after
it) puts them in the widgets' line caches, so the compositor draws the screen from them
(about 5 ms). A widget that changed since is rendered on the key as before. The lines
the key replaces are kept as the lines ahead for a change back.

A widget's lines ahead are good while its line cache holds the very strips it held when
they were drawn (Textual replaces or drops them whenever it must draw the widget again),
at the same size. This reaches Textual internals (8.2): `Widget._styles_cache`,
`_render_cache` and `_layout_cache`, `_dirty_regions`, `Styles._rules` and `_updates`,
`DOMNode._component_styles`, `App.theme_variables` and the `theme` reactive; when one is
missing nothing is drawn ahead and the key works as Textual's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from textual._styles_cache import StylesCache
from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.filter import LineFilter
from textual.geometry import Region, Size
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

NEEDED = (
    "_styles_cache",
    "_render_cache",
    "_layout_cache",
    "_dirty_regions",
    "_component_styles",
)
"""The widget internals this module reaches; without them nothing is drawn ahead."""


@dataclass
class _Drawn:
    """One widget's lines in the other theme, and the strips its line cache held when
    they were drawn (see the module docstring)."""

    lines: dict[int, Strip]
    size: Size
    cache: dict[int, Strip]
    held: tuple[tuple[int, Strip], ...]
    dirty: frozenset[int]
    """Lines marked for drawing again then: a widget partly scrolled out of sight keeps
    the marks on the lines out of sight."""

    def good_for(self, widget: Widget) -> bool:
        cache = widget._styles_cache
        return (
            cache._cache is self.cache
            and cache._dirty_lines == self.dirty
            and len(self.cache) == len(self.held)
            and all(self.cache.get(y) is strip for y, strip in self.held)
            and widget.region.size == self.size
        )


def _drawn(lines: dict[int, Strip], widget: Widget) -> _Drawn:
    """`lines` for `widget`, good while its line cache holds what it holds now."""
    cache = widget._styles_cache
    return _Drawn(
        lines,
        widget.region.size,
        cache._cache,
        tuple(cache._cache.items()),
        frozenset(cache._dirty_lines),
    )


class LinesAhead:
    """Lines drawn ahead for one stylesheet (the one `t` swaps in), by widget."""

    def __init__(self) -> None:
        self._sheet: Stylesheet | None = None
        self._drawn: dict[Widget, _Drawn] = {}

    def stale(self, screen: Screen[Any], sheet: Stylesheet) -> list[Widget]:
        """The widgets of `screen` that show and have no good lines drawn with `sheet`."""
        if not _reachable(screen):
            return []
        drawn = self._drawn if sheet is self._sheet else {}
        return [
            widget
            for widget in _showing(screen)
            if not (widget in drawn and drawn[widget].good_for(widget))
        ]

    def draw(
        self,
        app: App[Any],
        sheet: Stylesheet,
        theme: str,
        variables: dict[str, str],
        filters: Sequence[LineFilter],
        widgets: Iterable[Widget],
    ) -> None:
        """Draw `widgets` as `sheet` with `theme` would, and put everything back; the lines
        are put through `filters` (the app's line filters under `theme`) too, which keep
        what they make. Lines drawn with another sheet are dropped."""
        if sheet is not self._sheet:
            self._sheet = sheet
            self._drawn = {}
        for gone in [widget for widget in self._drawn if not widget.is_attached]:
            del self._drawn[gone]
        widgets = [widget for widget in widgets if widget.is_attached and widget.region]
        if not widgets:
            return
        with _as_theme(app, sheet, theme, variables, _with_ancestors(app, widgets)):
            for widget in widgets:
                self._drawn[widget] = _drawn(_render_apart(widget, filters), widget)

    def switch(
        self,
        screen: Screen[Any],
        sheet: Stylesheet,
        leaving: Stylesheet,
        restyle: Callable[[], None],
    ) -> int:
        """On the key, around `restyle` (the app's restyle to `sheet`): put the good lines
        drawn ahead for `sheet` in their widgets' line caches. The lines those widgets
        showed are kept as the lines ahead for a change back to `leaving`. Returns the
        widgets served."""
        ready = (
            {
                widget: drawn
                for widget, drawn in self._drawn.items()
                if widget.is_attached and drawn.good_for(widget)
            }
            if sheet is self._sheet
            else {}
        )
        showed = _showed(screen) if ready else {}
        self._sheet = leaving
        self._drawn = {}
        restyle()
        for widget, drawn in ready.items():
            if widget.region.size != drawn.size:
                continue
            cache = widget._styles_cache
            cache._cache = dict(drawn.lines)
            cache._dirty_lines.clear()
            cache._width = drawn.size.width
            if showed.get(widget):
                self._drawn[widget] = _drawn(showed[widget], widget)
        return len(ready)


def _showed(screen: Screen[Any]) -> dict[Widget, dict[int, Strip]]:
    """The lines each widget of `screen` that shows holds, before the key: all it shows
    (the compositor asks only for what shows), and no line marked to be drawn again."""
    showed: dict[Widget, dict[int, Strip]] = {}
    for widget in _showing(screen):
        cache = widget._styles_cache
        showed[widget] = {
            y: strip for y, strip in cache._cache.items() if y not in cache._dirty_lines
        }
    return showed


def _reachable(screen: Screen[Any]) -> bool:
    compositor = getattr(screen, "_compositor", None)
    return compositor is not None and all(hasattr(screen, name) for name in NEEDED)


def _showing(screen: Screen[Any]) -> list[Widget]:
    """The widgets the compositor draws (the scrollbars too), the screen last."""
    return [
        widget
        for widget in screen._compositor.visible_widgets
        if not widget.BLANK and widget.region
    ]


def _with_ancestors(app: App[Any], widgets: list[Widget]) -> list[DOMNode]:
    """The app, then `widgets` and their ancestors, each once, parents first."""
    nodes: dict[DOMNode, None] = {app: None}
    for widget in widgets:
        chain: list[DOMNode] = []
        node: DOMNode | None = widget
        while node is not None and node is not app:
            chain.append(node)
            node = node.parent
        for link in reversed(chain):
            nodes[link] = None
    return list(nodes)


def _render_apart(widget: Widget, filters: Sequence[LineFilter]) -> dict[int, Strip]:
    """`widget`'s lines rendered into a line cache of their own, and put through
    `filters` as `StylesCache.render` will; its own caches (lines and content) are put
    back untouched."""
    cache, content, dirty = widget._styles_cache, widget._render_cache, set(widget._dirty_regions)
    layout = widget._layout_cache  # (holds the visual `render` made, in the old colours)
    apart = StylesCache()
    widget._styles_cache = apart
    widget._layout_cache = {}
    widget._dirty_regions.add(widget.region)  # render the content afresh, not from its cache
    try:
        width, height = widget.region.size
        widget.render_lines(Region(0, 0, width, height))
        _, background = widget.background_colors
        for strip in apart._cache.values():
            for line_filter in filters:
                strip = strip.apply_filter(line_filter, background)
    finally:
        widget._styles_cache = cache
        widget._render_cache = content
        widget._layout_cache = layout
        widget._dirty_regions.clear()
        widget._dirty_regions.update(dirty)
    return dict(apart._cache)


@contextmanager
def _as_theme(
    app: App[Any],
    sheet: Stylesheet,
    theme: str,
    variables: dict[str, str],
    nodes: list[DOMNode],
) -> Iterator[None]:
    """`nodes` styled by `sheet` under `theme` (the app with that theme's classes)
    meanwhile; after, every node has its rules and component styles back, and its style
    caches cleared (`notify_style_update`) of anything worked out meanwhile. No refresh
    asked meanwhile is kept: what shows is what showed."""
    rules = [(node, node.styles.base._rules.copy(), dict(node._component_styles)) for node in nodes]
    was_theme, was_variables, was_sheet = app.theme, app.theme_variables, app.stylesheet
    was_classes = app.classes
    with _no_refreshes():
        try:
            app.set_reactive(App.theme, theme)
            app.update_classes(_theme_classes(app), update=False)
            app.theme_variables = variables
            app.stylesheet = sheet
            cache: dict[tuple[Any, ...], Any] = {}
            for node in nodes:
                sheet.apply(node, cache=cache)
            yield
        finally:
            app.set_reactive(App.theme, was_theme)
            app.update_classes(
                {name: name in was_classes for name in was_classes ^ app.classes}, update=False
            )
            app.theme_variables = was_variables
            app.stylesheet = was_sheet
            for node, before, components in rules:
                base = node.styles.base
                kept = cast(dict[str, object], base._rules)  # (`get_rule` is bound to it)
                kept.clear()
                kept.update(before)
                base._updates += 1
                node._component_styles.clear()
                node._component_styles.update(components)
                node.notify_style_update()


def _theme_classes(app: App[Any]) -> dict[str, bool]:
    """The classes Textual gives the app for its current theme (`App._watch_theme`)."""
    theme = app.current_theme
    classes = {name: False for name in app.classes if name.startswith("-theme-")}
    classes[f"-theme-{theme.name}"] = True
    classes["-dark-mode"] = theme.dark
    classes["-light-mode"] = not theme.dark
    return classes


@contextmanager
def _no_refreshes() -> Iterator[None]:
    """`Widget.refresh` does nothing meanwhile."""
    original = Widget.refresh

    def ignore(self: Widget, *regions: Region, **_: Any) -> Widget:
        return self

    Widget.refresh = ignore  # type: ignore[method-assign, assignment]
    try:
        yield
    finally:
        Widget.refresh = original  # type: ignore[method-assign]
