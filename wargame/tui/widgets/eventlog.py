"""The event log: what this seat may see, grouped by turn, newest at the bottom.

A round of bot moves writes dozens of events and a game hundreds. Textual's `RichLog`
renders every line to segments the moment it is written (50 ms after a round of bots),
although only the lines in view are drawn: this log is a `TextView`, which wraps lines by
counting cells and renders only the rows on screen.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from wargame.play import Event
from wargame.tui.widgets.textview import TextView

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


def _hang(event: Event) -> int:
    """Cells to indent the continuation rows of an event: under its text, past the icon."""
    return 6 if event.kind in DETAIL_KINDS else 2


class EventLog(TextView):
    """A scrollable log; `show` replaces its content with the events given, and when they
    extend what is shown only the new ones are added."""

    FOLLOW_END = True

    DEFAULT_CSS = """
    EventLog {
        background: $surface;
        color: $foreground;
        overflow-y: scroll;
        &:focus {
            background-tint: $foreground 5%;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, can_focus=True)
        self._shown: tuple[tuple[Event, str], ...] = ()
        self.details = True

    def show(self, events: Sequence[tuple[Event, str]]) -> None:
        """Show `events`; when they extend what is shown, only the new ones are added."""
        key = events if isinstance(events, tuple) else tuple(events)
        if key is self._shown or key == self._shown:
            return
        shown = len(self._shown)
        extends = shown and len(key) > shown and key[:shown] == self._shown
        fresh = key[shown:] if extends else key
        self._shown = key
        lines = [
            (event_line(event, text), _hang(event))
            for event, text in fresh
            if self.details or event.kind not in DETAIL_KINDS
        ]
        if extends:
            self.add_lines(lines)
        else:
            self.set_lines(lines)

    def rewrite(self) -> None:
        """Write everything again (after switching details on or off)."""
        events, self._shown = self._shown, ()
        self.show(events)
