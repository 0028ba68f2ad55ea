"""The game header: scenario, turn and date, phase, who acts, next deadline, the timer."""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text

from wargame.play.views import HeaderView
from wargame.tui.widgets.lines import Rows, SplitLines, wrapped


@dataclass(frozen=True, slots=True)
class HeaderLines(SplitLines):
    """The header's rows, the phase after the date on the top row; where the top row has
    no room for the phase (a long phase beside the deadline at 80 columns), the phase goes
    on a row of its own below, whole, rather than cut ("The White …")."""

    phase: Text = field(default_factory=Text)

    def lines(self, width: int) -> list[Text]:
        (top, right), *rest = self.rows
        if not self.phase.cell_len:
            return SplitLines(self.rows).lines(width)
        joined = top + Text("  ·  ") + self.phase
        if joined.cell_len + (right.cell_len + 1 if right.cell_len else 0) <= width:
            return SplitLines([(joined, right), *rest]).lines(width)
        own = wrapped(Text(" ") + self.phase, width)
        return [*SplitLines([(top, right)]).lines(width), *own, *SplitLines(rest).lines(width)]


class GameHeader(Rows):
    """Two lines that say where the game stands (three when the phase needs its own);
    the timer is shown to every seat."""

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
        self.update(HeaderLines(rows, phase=Text(view.phase)))
