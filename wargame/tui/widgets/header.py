"""The game header: scenario, turn and date, phase, who acts, next deadline, the timer."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from wargame.tui.view import HeaderView


class GameHeader(Static):
    """Two lines that say where the game stands; the timer is shown to every seat."""

    def show(self, view: HeaderView, timer: Text | None = None) -> None:
        grid = Table.grid(expand=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(justify="right", no_wrap=True)
        top = Text()
        top.append(f" Turn {view.turn}/{view.turns} ", style="bold reverse")
        top.append(f"  {view.date}", style="bold")
        if view.phase:
            top.append(f"  ·  {view.phase}", style="")
        right = Text()
        if view.deadline:
            right.append(f"⏳ {view.deadline}", style="yellow")
        grid.add_row(top, right)
        bottom = Text()
        bottom.append(view.title, style="dim")
        acting = Text()
        if view.acting:
            acting.append(f"▶ {view.acting}", style="bold")
        if timer is not None:
            acting.append("  ")
            acting.append_text(timer)
        grid.add_row(bottom, acting)
        self.update(grid)
