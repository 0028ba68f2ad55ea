"""Switching between the light and the dark theme without parsing or restyling on the key
what the key does not show.

Textual answers a theme change (`App.refresh_css`) by parsing every stylesheet the app
has loaded again with the new colours (41 sources, 45-100 ms here), then applying the
whole stylesheet to every screen it has started, on the stack or not (the kept dialogs,
the screens composed ahead: 30-60 ms), and to those on the stack a second time. The `t`
key took 135-174 ms.

`ThemeSheets` keeps a stylesheet parsed for each theme the app has shown or will likely
show next, made in a long pause (`prepare`): a change to a theme whose sheet is ready
swaps it in (`swap`) instead of parsing. A sheet is only used while it was parsed from
the same sources as the app's, in the same order; a widget class seen for the first time
adds its default CSS, and `catch_up` parses just that into the sheet in a short pause.
When no sheet is ready, Textual's parse runs as before. `restyle_visible` then styles
only what can be seen: the app node and the screens that show, the top one and any under
a see-through modal. The others are styled as they come back on top: Textual restyles a
resumed screen, and a `QuickResume` screen does whenever the app's CSS generation moved
on. What is left on the key is restyling the screen on top, a refresh per widget
(`one_refresh_per_widget`), and drawing it in the new colours, which
`wargame.tui.lines_ahead` does ahead in the pauses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.css.errors import StylesheetError
from textual.css.stylesheet import CssSource, Stylesheet
from textual.css.tokenizer import TokenError
from textual.css.types import CSSLocation
from textual.dom import DOMNode
from textual.geometry import Region
from textual.theme import Theme
from textual.widget import Widget

if TYPE_CHECKING:
    from wargame.tui.lines_ahead import Styled

Variables = dict[str, str]


def theme_variables(app: App[Any], theme: Theme) -> Variables:
    """The CSS variables `theme` gives, as `App.get_css_variables` makes them for the
    current theme (Textual 8.2), without switching to it."""
    variables = {**theme.to_color_system().generate(), **theme.variables}
    return {**app.get_theme_variable_defaults(), **variables}


def _key(variables: Variables) -> frozenset[tuple[str, str]]:
    return frozenset(variables.items())


def _sources(sheet: Stylesheet) -> list[tuple[CSSLocation, CssSource]]:
    return list(sheet.source.items())


class ThemeSheets:
    """Stylesheets parsed ahead, one per set of CSS variables."""

    def __init__(self) -> None:
        self._sheets: dict[frozenset[tuple[str, str]], Stylesheet] = {}
        self._variables: dict[str, Variables] = {}

    def variables(self, app: App[Any], name: str) -> Variables | None:
        """`theme_variables` of the theme called `name`, worked out once."""
        if name not in self._variables:
            theme = app.get_theme(name)
            if theme is None:
                return None
            self._variables[name] = theme_variables(app, theme)
        return self._variables[name]

    def ready(self, stylesheet: Stylesheet, variables: Variables) -> bool:
        """Whether a sheet for `variables` is parsed from `stylesheet`'s sources, in its
        order (a later rule wins a tie)."""
        sheet = self._sheets.get(_key(variables))
        return sheet is not None and _sources(sheet) == _sources(stylesheet)

    def catch_up(self, stylesheet: Stylesheet, variables: Variables) -> bool:
        """Parse into the sheet for `variables` the sources `stylesheet` gained since it
        was made (a widget class seen for the first time: a few ms, the others come from
        the sheet's parse cache). False when there is no such sheet, or the sources
        changed otherwise."""
        sheet = self._sheets.get(_key(variables))
        if sheet is None:
            return False
        have, live = _sources(sheet), _sources(stylesheet)
        if live[: len(have)] != have:
            return False
        for read_from, (css, is_default, tie_breaker, scope) in live[len(have) :]:
            sheet.add_source(
                css,
                read_from=read_from,
                is_default_css=is_default,
                tie_breaker=tie_breaker,
                scope=scope,
            )
        return self._parse(sheet, variables)

    def prepare(self, stylesheet: Stylesheet, variables: Variables) -> None:
        """Have a sheet for `variables` parsed from `stylesheet`'s sources: caught up when
        one was made before, else parsed whole (45-100 ms: call it in a long pause)."""
        if self.ready(stylesheet, variables) or self.catch_up(stylesheet, variables):
            return
        sheet = stylesheet.copy()
        sheet.set_variables(variables)
        self._parse(sheet, variables)

    def _parse(self, sheet: Stylesheet, variables: Variables) -> bool:
        """Parse `sheet` (filling its parse cache, for `catch_up`) and keep it; a sheet
        that does not parse is dropped (Textual reports it when the theme is chosen)."""
        try:
            sheet.parse()
        except (StylesheetError, TokenError):
            self._sheets.pop(_key(variables), None)
            return False
        self._sheets[_key(variables)] = sheet
        return True

    def sheet(self, stylesheet: Stylesheet, variables: Variables) -> Stylesheet | None:
        """The sheet parsed for `variables`, if it is ready (kept: see `swap`)."""
        return self._sheets[_key(variables)] if self.ready(stylesheet, variables) else None

    def swap(
        self, stylesheet: Stylesheet, leaving: Variables, variables: Variables
    ) -> Stylesheet | None:
        """The sheet parsed for `variables`, if it is ready; `stylesheet`, parsed with
        `leaving`, is kept for a change back."""
        if not self.ready(stylesheet, variables):
            return None
        sheet = self._sheets.pop(_key(variables))
        if leaving:
            self._sheets[_key(leaving)] = stylesheet
        return sheet


Known = Callable[[DOMNode], "Styled | None"]
"""How a node was styled ahead by the sheet now swapped in, while that still holds
(`wargame.tui.lines_ahead.LinesAhead.switch`)."""


def restyle_visible(app: App[Any], animate: bool, known: Known | None = None) -> None:
    """Apply the stylesheet to the app node and to the screens that can be seen, and lay
    the top one out again, as `App.refresh_css` does for every screen. A node `known`
    gets the rules it was found to get ahead, without matching the selectors again."""
    stylesheet = app.stylesheet
    with one_refresh_per_widget():
        stylesheet.update_nodes([app], animate=animate)
        for screen in reversed(app.screen_stack):
            _update(stylesheet, screen, animate, known)
            screen._css_update_count = app._css_update_count
            if not (screen.is_modal and screen.styles.background.a < 1):
                break
    if app.screen_stack and app.screen.is_mounted:
        app.screen._refresh_layout(app.size)


def _update(stylesheet: Stylesheet, root: DOMNode, animate: bool, known: Known | None) -> None:
    """`Stylesheet.update(root)` (Textual 8.2's `update_nodes`, scrollbars and all), with
    the rules of the nodes `known` set as they are."""
    cache: dict[tuple[Any, ...], Any] = {}

    def apply(node: DOMNode, animate: bool = animate) -> None:
        styled = None if known is None else known(node)
        if styled is None:
            stylesheet.apply(node, animate=animate, cache=cache)
            return
        Stylesheet.replace_rules(node, styled.rules, animate=animate)
        if node._component_styles != styled.components:
            node._component_styles.clear()
            node._component_styles.update(styled.components)
            node.refresh()

    for node in root.walk_children(with_self=True):
        apply(node)
        if isinstance(node, Widget) and node.is_scrollable:
            vertical = node.show_vertical_scrollbar and node.scrollbar_size_vertical
            horizontal = node.show_horizontal_scrollbar and node.scrollbar_size_horizontal
            if vertical:
                apply(node.vertical_scrollbar, animate=False)
            if horizontal:
                apply(node.horizontal_scrollbar, animate=False)
            if vertical and horizontal:
                apply(node.scrollbar_corner, animate=False)


@contextmanager
def one_refresh_per_widget() -> Iterator[None]:
    """Hold back `Widget.refresh` while the stylesheet is applied, then refresh each widget
    asked once. Textual refreshes a widget for every style property that changes, and a
    colour refreshes all the widget's descendants too: a theme change made 537 refreshes
    of the game screen's 18 widgets (10-20 ms of the key)."""
    asked: dict[Widget, tuple[bool, bool]] = {}
    original = Widget.refresh

    def note(
        self: Widget,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Widget:
        if recompose:
            return original(self, *regions, repaint=repaint, layout=layout, recompose=True)
        was_repaint, was_layout = asked.get(self, (False, False))
        asked[self] = (was_repaint or repaint, was_layout or layout)
        return self

    Widget.refresh = note  # type: ignore[method-assign, assignment]
    try:
        yield
    finally:
        Widget.refresh = original  # type: ignore[method-assign]
        for widget, (repaint, layout) in asked.items():
            widget.refresh(repaint=repaint, layout=layout)
