"""The key bar at the bottom of every screen: the keys that work here, each clickable.

Textual's `Footer` rebuilds one widget per key (and re-applies CSS to each) whenever the
bindings may have changed, which is on every focus change and every screen switch; on this
app that was a third of the time a key press took. The key bar draws the same keys as one
line of text and redraws only when that line changes.

An app may say more about each key (`KeyHints`): that it is not for whoever is at the
screen now (hidden, though it still works), or that it is an extra, shown only when the
bar has room once every other key is in; extras give way last first, after the gaps
between keys have narrowed to one space. The other keys are never crowded out by extras;
when they still do not fit, the last ones give way, but never the quit key (the debrief's
bar at 80 columns cropped "q Quit" off its end).
"""

from __future__ import annotations

from typing import Literal, Protocol, runtime_checkable

from rich.cells import cell_len
from rich.markup import escape
from textual.binding import Binding
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Static

Hint = Literal["key", "extra", "hidden"]


@runtime_checkable
class KeyHints(Protocol):
    """An app that says how its key bar shows an action's key."""

    def key_hint(self, action: str) -> Hint:
        """`key`: shown when it works; `extra`: shown when there is room; `hidden`: not
        shown now (it still works)."""
        ...


class _Part:
    """One key as drawn: its markup and its width in cells."""

    __slots__ = ("extra", "keep", "markup", "width")

    def __init__(self, markup: str, width: int, extra: bool, keep: bool = False) -> None:
        self.markup, self.width, self.extra, self.keep = markup, width, extra, keep


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

    def on_resize(self, event: Resize) -> None:
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
        hints = app if isinstance(app, KeyHints) else None
        seen: set[str] = set()
        parts: list[_Part] = []
        palette: Binding | None = None
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = binding
                continue
            if not binding.show or not enabled or binding.action in seen:
                continue
            hint = hints.key_hint(binding.action) if hints is not None else "key"
            if hint == "hidden":
                continue
            seen.add(binding.action)
            display = app.get_key_display(binding)
            width = cell_len(display) + 1 + cell_len(binding.description)
            keep = binding.action.rsplit(".", 1)[-1] == "quit"
            parts.append(_Part(self._key(binding, display), width, hint == "extra", keep))
        tail = ""
        tail_width = 0
        if palette is not None:
            tail = "  [dim]│[/] " + self._key(palette, app.get_key_display(palette), "Commands")
            tail_width = 4 + cell_len(app.get_key_display(palette)) + 1 + len("Commands")
        return self._fitted(parts, tail, tail_width)

    def _fitted(self, parts: list[_Part], tail: str, tail_width: int) -> str:
        """The parts joined by two spaces when they fit the bar (or before it is laid
        out); else by one space, without as many extras (the last first) as it takes;
        else, without extras, by one space, without as many of the last keys as it takes
        but the quit key."""
        room = self.content_size.width

        def fits(shown: list[_Part], gap: int) -> bool:
            width = sum(p.width for p in shown) + gap * max(len(shown) - 1, 0) + tail_width
            return not room or width <= room

        if fits(parts, 2):
            return "  ".join(p.markup for p in parts) + tail
        shown = list(parts)
        while any(p.extra for p in shown):
            if fits(shown, 1):
                return " ".join(p.markup for p in shown) + tail
            shown.remove([p for p in shown if p.extra][-1])
        if fits(shown, 1):
            return " ".join(p.markup for p in shown) + tail
        while any(not p.keep for p in shown) and not fits(shown, 1):
            shown.remove([p for p in shown if not p.keep][-1])
        return " ".join(p.markup for p in shown) + tail

    @staticmethod
    def _key(binding: Binding, display: str, description: str = "") -> str:
        key = escape(binding.key).replace("'", "\\'")
        label = escape(description or binding.description)
        return (
            f"[@click=app.simulate_key('{key}')][bold $footer-key-foreground]"
            f"{escape(display)}[/] {label}[/]"
        )
