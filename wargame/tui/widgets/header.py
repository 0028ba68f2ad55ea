"""The game header: scenario, turn and date, phase, who acts, next deadline, the timer."""

from __future__ import annotations

from rich.text import Text

from wargame.play.views import HeaderView
from wargame.tui.widgets.lines import Rows, SplitLines


class GameHeader(Rows):
    """Two lines that say where the game stands; the timer is shown to every seat."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[HeaderView, Text | None] | None = None

    def show(self, view: HeaderView, timer: Text | None = None) -> None:
        """Draw `view` and `timer` (nothing to do when they are what is on screen)."""
        if self._shown == (view, timer):
            return
        self._shown = (view, timer)
        top = Text()
        top.append(f" Turn {view.turn}/{view.turns} ", style="bold reverse")
        top.append(f"  {view.date}", style="bold")
        if view.phase:
            top.append(f"  ·  {view.phase}", style="")
        right = Text()
        if view.deadline:
            # ⚑, not ⏳: the hourglass is an emoji the browser seats' font draws as a box.
            right.append(f"⚑ {view.deadline}", style="yellow")
        rows = [(top, right)]
        bottom = Text()
        bottom.append(view.title, style="dim")
        acting = Text()
        if view.acting:
            acting.append(f"▶ {view.acting}", style="bold")
        if timer is not None:
            acting.append("  ")
            acting.append_text(timer)
        rows.append((bottom, acting))
        self.update(SplitLines(rows))
