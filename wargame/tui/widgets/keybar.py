"""The key bar at the bottom of every screen: the keys that work here, each clickable.

Textual's `Footer` rebuilds one widget per key (and re-applies CSS to each) whenever the
bindings may have changed, which is on every focus change and every screen switch; on this
app that was a third of the time a key press took. The key bar draws the same keys as one
line of text and redraws only when that line changes.
"""

from __future__ import annotations

from rich.markup import escape
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static


class KeyBar(Static):
    """One line: `key description` for each shown, enabled binding; ctrl+p on the right."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-foreground;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=True)
        self._line = ""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.redraw()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self.redraw()

    def redraw(self) -> None:
        """Draw the keys that work now (no-op when they are the same as on screen)."""
        line = self.markup_line()
        if line != self._line:
            self._line = line
            self.update(line, layout=False)  # one row, always: no layout

    def markup_line(self) -> str:
        """The key bar as Textual markup: each key clicks like a press of that key."""
        app = self.app
        seen: set[str] = set()
        parts: list[str] = []
        palette: Binding | None = None
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = binding
                continue
            if not binding.show or not enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            parts.append(self._key(binding, app.get_key_display(binding)))
        line = "  ".join(parts)
        if palette is not None:
            line += "  [dim]│[/] " + self._key(palette, app.get_key_display(palette), "Commands")
        return line

    @staticmethod
    def _key(binding: Binding, display: str, description: str = "") -> str:
        key = escape(binding.key).replace("'", "\\'")
        label = escape(description or binding.description)
        return (
            f"[@click=app.simulate_key('{key}')][bold $footer-key-foreground]"
            f"{escape(display)}[/] {label}[/]"
        )
