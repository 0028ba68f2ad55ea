"""A labelled bar chart of a value turn by turn, for the debrief.

A sparkline without axes reads as a blue block from the back of a room; this chart puts the
value under each bar and the turn under each value, so "cohesion fell from 70 to 52 in
turn 3" can be read off the screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text

from wargame.tui.widgets.gauges import fmt, whole

_BLOCKS = " ▁▂▃▄▅▆▇█"


def trend_chart(
    label: str,
    values: Sequence[float],
    *,
    height: int = 3,
    style: str = "cyan",
    score: bool = False,
) -> Text:
    """`label` with first → last, then one bar per value (from zero, or from the lowest
    value when it is negative), the values, and the turns (0 is the start). A `score`
    (0-100: cohesion) reads in whole numbers ("73 → 54", not "73.33 → 54.34")."""
    shown: Callable[[float], str] = whole if score else (lambda v: fmt(round(v, 1)))
    text = Text()
    text.append(label, style="bold")
    if not values:
        return text
    text.append(f"   {shown(values[0])} → {shown(values[-1])}", style="dim")
    low = min(0.0, *values)
    high = max(values)
    span = high - low
    numbers = [shown(v) for v in values]
    cell = max(3, *(len(n) for n in numbers)) + 1
    gutter = "turn "
    for row in range(height, 0, -1):
        text.append("\n" + " " * len(gutter))
        for value in values:
            share = 1.0 if span <= 0 else (value - low) / span
            eighths = round(share * height * 8) - (row - 1) * 8
            block = _BLOCKS[max(0, min(8, eighths))]
            text.append((block * (cell - 1)).rjust(cell), style=style)
    text.append("\n" + " " * len(gutter))
    for number in numbers:
        text.append(number.rjust(cell))
    text.append("\n" + gutter, style="dim")
    for turn in range(len(values)):
        text.append(str(turn).rjust(cell), style="dim")
    return text
