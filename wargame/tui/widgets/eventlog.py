"""The event log: what this seat may see, grouped by turn, newest at the bottom."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import RichLog

from wargame.engine import Event

ICONS = {
    "turn": "═",
    "phase": "─",
    "move": "▶",
    "order": "✉",
    "reveal": "✉",
    "pass": "·",
    "fizzle": "✗",
    "effect": " ",
    "cohesion": "◆",
    "roll": "⚅",
    "outcome": "⇒",
    "pending": "⚖",
    "rating": "⚖",
    "inject": "⚡",
    "contagion": "~",
    "drift": "~",
    "exit": "⇥",
    "collapse": "✖",
    "umpire": "⚖",
    "ending": "★",
    "notice": "ℹ",
}

STYLES = {
    "turn": "bold reverse",
    "phase": "bold",
    "move": "bold",
    "inject": "bold yellow",
    "ending": "bold green",
    "collapse": "bold red",
    "exit": "bold red",
    "roll": "cyan",
    "outcome": "bold cyan",
    "umpire": "magenta",
    "rating": "magenta",
    "pending": "magenta",
    "effect": "dim",
    "drift": "dim",
    "contagion": "dim",
    "cohesion": "dim",
}

DETAIL_KINDS = frozenset({"effect", "drift", "contagion", "cohesion"})


def event_line(event: Event, text: str) -> Text:
    icon = ICONS.get(event.kind, "•")
    style = STYLES.get(event.kind, "")
    line = Text()
    indent = "    " if event.kind in DETAIL_KINDS else ""
    line.append(f"{indent}{icon} ", style=style)
    line.append(text, style=style)
    return line


class EventLog(RichLog):
    """A scrollable log; `show` replaces its content with the events given."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, wrap=True, markup=False, highlight=False, auto_scroll=True)
        self._shown: tuple[tuple[Event, str], ...] = ()
        self.details = True

    def show(self, events: Sequence[tuple[Event, str]]) -> None:
        """Show `events`; when they extend what is shown, only the new ones are written."""
        key = tuple(events)
        if key == self._shown:
            return
        shown = len(self._shown)
        if shown and key[:shown] == self._shown:
            fresh = key[shown:]
        else:
            self.clear()
            fresh = key
        self._shown = key
        for event, text in fresh:
            if not self.details and event.kind in DETAIL_KINDS:
                continue
            self.write(event_line(event, text))

    def rewrite(self) -> None:
        """Write everything again (after switching details on or off)."""
        events, self._shown = self._shown, ()
        self.show(events)
