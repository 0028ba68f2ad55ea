"""The screen on top drawn ahead in the theme `t` switches to, so that the key only swaps
lines in.

After `wargame.tui.themes` took the parse and the hidden screens off the `t` key, what
was left was Textual's own work on the screen that shows: restyling it (12-30 ms) and
drawing every widget's lines again in the new colours (35-60 ms on the game screen at
120x40), more than a frame. Every cell changes, so no frame can show less.

In a pause, `LinesAhead.draw` gives the widgets whose lines are not ready the other
theme's styles (their ancestors too: colours are inherited), renders their lines into a
cache of their own (filtered and cut as the compositor will), and puts every style and
cache back: nothing on screen changes and nothing is marked for a repaint. On the key,
`switch` restyles with the rules each node was found to get ahead (`Styled`) and puts
the lines of each widget that has not changed since in its line cache, so the
compositor draws the screen from them. A widget that changed since is rendered on the
key as before. The lines and rules the key replaces are kept for a change back.

A widget's lines ahead are good while it shows what it showed when they were drawn (its
line cache holds the same strips, or strips drawn again the same), at the same size, and
its `Chain` (classes and pseudo-classes up to the app) is the same. This reaches Textual
internals (8.2): `Widget._styles_cache`, `_render_cache` and `_layout_cache`,
`_dirty_regions`, `Styles._rules` and `_updates`, `DOMNode._component_styles`,
`Compositor.visible_widgets` and `cuts`, `App.theme_variables` and the `theme`
reactive.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from textual._styles_cache import StylesCache
from textual.app import App
from textual.cache import LRUCache
from textual.css.styles import RenderStyles, RulesMap, Styles
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.filter import LineFilter
from textual.geometry import Region, Size
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import OptionList

NEEDED = (
    "_styles_cache",
    "_render_cache",
    "_layout_cache",
    "_dirty_regions",
    "_component_styles",
)
"""The widget internals this module reaches; without them nothing is drawn ahead."""


Chain = tuple[Any, ...]
"""What decides which rules of a sheet a node gets: its type, id, classes and pseudo-classes,
and its parent's chain."""


THEMED_PSEUDO = frozenset({"dark", "light"})
THEMED_CLASSES = ("-theme-", "-dark-mode", "-light-mode")
"""What Textual derives from the theme (`App._watch_theme`): left out of a `Chain`, as the
sheet swapped in is only ever used with its own theme."""


def chain(node: DOMNode, chains: dict[DOMNode, Chain]) -> Chain:
    """`node`'s `Chain`, memoised in `chains`."""
    known = chains.get(node)
    if known is None:
        parent = node._parent
        classes = frozenset(name for name in node.classes if not name.startswith(THEMED_CLASSES))
        pseudo = frozenset(node.get_pseudo_classes()) - THEMED_PSEUDO
        own = (node._css_type_name, node._id, classes, pseudo)
        known = (own, chain(parent, chains) if isinstance(parent, DOMNode) else ())
        chains[node] = known
    return known


@dataclass
class _Drawn:
    """One widget's lines in the other theme, and what they were drawn from (see the
    module docstring)."""

    lines: dict[int, Strip]
    size: Size
    chain: Chain
    cache: dict[int, Strip]
    held: tuple[tuple[int, Strip], ...]
    dirty: frozenset[int]
    """Lines marked for drawing again then: a widget partly scrolled out of sight keeps
    the marks on the lines out of sight."""

    def good_for(self, widget: Widget, chains: dict[DOMNode, Chain]) -> bool:
        """Whether the widget still shows what it showed when these lines were drawn, with
        the same classes and pseudo-classes along its ancestors (the sheet styles it so).
        Lines drawn again the same (Textual draws a screen's widgets again when it comes
        back from under a dialog) are taken as the ones held from now on."""
        cache = widget._styles_cache
        if not (
            cache._dirty_lines == self.dirty
            and widget.region.size == self.size
            and chain(widget, chains) == self.chain
        ):
            return False
        now = cache._cache
        if len(now) == len(self.held) and all(now.get(y) is strip for y, strip in self.held):
            return True
        if len(now) != len(self.held) or any(now.get(y) != strip for y, strip in self.held):
            return False
        self.cache, self.held = now, tuple(now.items())
        return True


def _drawn(lines: dict[int, Strip], widget: Widget, chains: dict[DOMNode, Chain]) -> _Drawn:
    """`lines` for `widget`, good while it shows what it shows now (`_Drawn.good_for`)."""
    cache = widget._styles_cache
    return _Drawn(
        lines,
        widget.region.size,
        chain(widget, chains),
        cache._cache,
        tuple(cache._cache.items()),
        frozenset(cache._dirty_lines),
    )


@dataclass
class Styled:
    """A node's rules and component styles under the other sheet, and its `Chain` then:
    while the chain is the same, the sheet gives the node the same rules, and the key can
    set them without matching the sheet's selectors again (about 6 ms on the game
    screen)."""

    rules: RulesMap
    components: dict[str, RenderStyles]
    chain: Chain


class LinesAhead:
    """Lines drawn ahead for one stylesheet (the one `t` swaps in), by widget."""

    def __init__(self) -> None:
        self._sheet: Stylesheet | None = None
        self._sources = 0
        """How many sources `_sheet` had: a source added since may change any rule."""
        self._drawn: dict[Widget, _Drawn] = {}
        self._styled: dict[DOMNode, Styled] = {}

    def _for(self, sheet: Stylesheet) -> bool:
        return sheet is self._sheet and len(sheet.source) == self._sources

    def _start(self, sheet: Stylesheet) -> None:
        self._sheet = sheet
        self._sources = len(sheet.source)
        self._drawn = {}
        self._styled = {}

    def stale(self, screen: Screen[Any], sheet: Stylesheet) -> list[Widget]:
        """The widgets of `screen` that show and have no good lines drawn with `sheet`."""
        if not _reachable(screen):
            return []
        drawn = self._drawn if self._for(sheet) else {}
        chains: dict[DOMNode, Chain] = {}
        return [
            widget
            for widget in _showing(screen)
            if not (widget in drawn and drawn[widget].good_for(widget, chains))
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
        if not self._for(sheet):
            self._start(sheet)
        for gone in [widget for widget in self._drawn if not widget.is_attached]:
            del self._drawn[gone]
        for gone_node in [node for node in self._styled if not node.is_attached]:
            del self._styled[gone_node]
        widgets = [widget for widget in widgets if widget.is_attached and widget.region]
        if not widgets:
            return
        chains: dict[DOMNode, Chain] = {}
        with _as_theme(app, sheet, theme, variables, _with_ancestors(app, widgets)) as styled:
            for widget in widgets:
                self._drawn[widget] = _drawn(_render_apart(widget, filters), widget, chains)
        self._styled.update(styled)

    def switch(
        self,
        screen: Screen[Any],
        sheet: Stylesheet,
        leaving: Stylesheet,
        restyle: Callable[[Callable[[DOMNode], Styled | None]], None],
    ) -> int:
        """On the key, around `restyle` (the app's restyle to `sheet`, given how nodes
        were styled by it ahead): put the good lines drawn ahead for `sheet` in their
        widgets' line caches. The lines those widgets showed are kept as the lines ahead
        for a change back to `leaving`. Returns the widgets served."""
        ours = self._for(sheet)
        chains: dict[DOMNode, Chain] = {}
        ready = (
            {
                widget: drawn
                for widget, drawn in self._drawn.items()
                if widget.is_attached
                and widget.screen is screen
                and drawn.good_for(widget, chains)
            }
            if ours
            else {}
        )
        styled = self._styled if ours else {}
        showed = _showed(screen) if ready else {}
        styled_now = {
            node: Styled(
                node.styles.base._rules.copy(), dict(node._component_styles), chain(node, chains)
            )
            for node in {*screen.walk_children(with_self=True), *_showing(screen)}
        }
        self._start(leaving)
        self._styled = styled_now  # for the way back

        def known(node: DOMNode) -> Styled | None:
            ahead = styled.get(node)
            return ahead if ahead is not None and ahead.chain == chain(node, chains) else None

        restyle(known)
        served = 0
        for widget, drawn in ready.items():
            if widget.region.size != drawn.size:
                continue
            cache = widget._styles_cache
            cache._cache = dict(drawn.lines)
            cache._dirty_lines.clear()
            cache._width = drawn.size.width
            served += 1
            if showed.get(widget):
                self._drawn[widget] = _drawn(showed[widget], widget, chains)
        return served


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
        shown: dict[int, Strip] = {}
        for y, strip in apart._cache.items():
            for line_filter in filters:
                strip = strip.apply_filter(line_filter, background)
            shown[y] = strip
        _cut_ahead(widget, shown)
    finally:
        widget._styles_cache = cache
        widget._render_cache = content
        widget._layout_cache = layout
        widget._dirty_regions.clear()
        widget._dirty_regions.update(dirty)
    return dict(apart._cache)


WIDGET_CACHES = ("_rich_style_cache", "_visual_style_cache", "_visual_style")
"""What `Widget.notify_style_update` clears (Textual 8.2)."""


def _kept_caches(widget: Widget) -> tuple[str, ...] | None:
    """The caches `widget`'s `notify_style_update` clears, when they are all known: those
    of `Widget`, and those a class of ours names in `THEME_CACHES` beside its own
    `notify_style_update`. None for any other widget (its caches are cleared instead)."""
    notify = type(widget).notify_style_update
    if notify in (Widget.notify_style_update, OptionList.notify_style_update):
        return WIDGET_CACHES  # (the option list's only refreshes besides)
    for cls in type(widget).__mro__:
        own = cls.__dict__.get("THEME_CACHES")
        if own is not None:
            declared = cls.__dict__.get("notify_style_update") is notify
            return (*WIDGET_CACHES, *own) if declared else None
    return None


def _fresh(value: object) -> object:
    """An empty cache of `value`'s kind."""
    if isinstance(value, LRUCache):
        return LRUCache(value.maxsize)
    if isinstance(value, dict | list):
        return type(value)()
    if isinstance(value, int):
        return -1
    return None


def _cut_ahead(widget: Widget, shown: dict[int, Strip]) -> None:
    """Cut `shown` (the widget's lines as filtered for the screen) where the compositor
    will cut them (`Compositor._render_chops`, Textual 8.2): a line keeps its cuts, so the
    key does not make them. Lines of a widget partly out of sight are cropped first, as
    `StylesCache.render` crops them."""
    compositor: Any = widget.screen._compositor
    placed = compositor.visible_widgets.get(widget)
    if placed is None:
        return
    region, clip = placed
    seen = region.intersection(clip)
    first_cut, last_cut = seen.column_span
    left, right = seen.x - region.x, seen.right - region.x
    cuts = compositor.cuts
    for y in seen.line_range:
        strip = shown.get(y - region.y)
        if strip is None:
            continue
        if (left, right) != (0, region.width):
            strip = strip.crop(left, right)
        final = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
        strip.divide([cut - seen.x for cut in final[1:]])


@contextmanager
def _as_theme(
    app: App[Any],
    sheet: Stylesheet,
    theme: str,
    variables: dict[str, str],
    nodes: list[DOMNode],
) -> Iterator[dict[DOMNode, Styled]]:
    """`nodes` styled by `sheet` under `theme` (the app with that theme's classes)
    meanwhile, and how (see `Styled`); after, every node has its rules and component
    styles back, and its style caches as they were (kept aside meanwhile, see
    `_kept_caches`) or cleared (`notify_style_update`) of anything worked out meanwhile.
    No refresh asked meanwhile is kept: what shows is what showed."""
    rules = [(node, node.styles.base._rules.copy(), dict(node._component_styles)) for node in nodes]
    was_theme, was_variables, was_sheet = app.theme, app.theme_variables, app.stylesheet
    was_classes = app.classes
    apart: dict[DOMNode, dict[str, object]] = {}
    for node in nodes:
        names = _kept_caches(node) if isinstance(node, Widget) else None
        if names is not None:  # kept aside, not cleared: the key may need what they hold
            apart[node] = {name: getattr(node, name) for name in names}
            for name, value in apart[node].items():
                setattr(node, name, _fresh(value))
    with _no_refreshes():
        try:
            app.set_reactive(App.theme, theme)
            app.update_classes(_theme_classes(app), update=False)
            app.theme_variables = variables
            app.stylesheet = sheet
            cache: dict[tuple[Any, ...], Any] = {}
            for node in nodes:
                sheet.apply(node, cache=cache)
            chains: dict[DOMNode, Chain] = {}
            yield {
                node: Styled(
                    node.styles.base._rules.copy(),
                    dict(node._component_styles),
                    chain(node, chains),
                )
                for node in nodes
            }
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
                if node in apart:
                    for name, value in apart[node].items():
                        setattr(node, name, value)
                else:
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
    """`Widget.refresh` and `Styles.refresh` (which walks a node's descendants when a
    colour changes, to refresh each) do nothing meanwhile."""
    widget_refresh, styles_refresh = Widget.refresh, Styles.refresh

    def ignore(self: Widget, *regions: Region, **_: Any) -> Widget:
        return self

    def ignore_styles(self: Styles, **_: Any) -> None:
        return None

    Widget.refresh = ignore  # type: ignore[method-assign, assignment]
    Styles.refresh = ignore_styles  # type: ignore[method-assign]
    try:
        yield
    finally:
        Widget.refresh = widget_refresh  # type: ignore[method-assign]
        Styles.refresh = styles_refresh  # type: ignore[method-assign]
