"""Text gauges: the bars of the dashboard, drawn with block characters.

Eighth-blocks give a bar eight steps per cell, so a 20-cell bar shows 160 levels, enough
to see a two-point change in cohesion.
"""

from __future__ import annotations

import math

from rich.text import Text

_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(value: float, low: float, high: float, width: int, style: str) -> Text:
    """A horizontal bar of `width` cells filled in proportion to `value` in [low, high]."""
    span = high - low
    share = 0.0 if span <= 0 else min(1.0, max(0.0, (value - low) / span))
    eighths = round(share * width * 8)
    full, part = divmod(eighths, 8)
    text = Text()
    text.append("█" * full, style=style)
    if full < width:
        text.append(_EIGHTHS[part] if part else " ", style=style)
        text.append("·" * (width - full - 1), style="dim")
    return text


def fmt(value: float) -> str:
    """A number without needless decimals: 45, 45.5, 45.33."""
    if value == int(value):
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def whole(value: float) -> str:
    """A 0-100 score (cohesion, trust) as players read it: a whole number, half up (a
    class read "NATO 72.62" and "trust 53.47": issue 20)."""
    return str(math.floor(value + 0.5))


def signed(change: float) -> Text:
    """A change with an arrow: ▲ +2 in red-ish for rises, ▼ −1 for falls, blank for none."""
    if abs(change) < 1e-9:
        return Text("  ·", style="dim")
    if change > 0:
        return Text(f"▲+{fmt(change)}", style="bold yellow")
    return Text(f"▼{fmt(change)}", style="bold cyan")
