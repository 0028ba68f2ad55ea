"""Endings: checked in priority order; the calendar's end closes the game otherwise.

When an ending is judged is the author's call (`endings_checked`, an ending's `checked`):
after every phase, at the end of each turn, or only when the calendar runs out. `flow`
calls `check_endings` with the endings due at each point.
"""

from __future__ import annotations

from collections.abc import Callable

from wargame.engine.state import TIME_EXPIRED
from wargame.engine.work import Work
from wargame.scenario.ir import StateLike, Value

__all__ = ["check_endings", "time_out"]

Checks = tuple[tuple[int, Callable[[StateLike], Value]], ...]


def check_endings(w: Work, checks: Checks) -> bool:
    """End the game with the first of `checks` (ending index, condition; by priority) that
    holds: `Tables.ending_checks` after a phase, `Tables.turn_checks` after a turn."""
    for index, when in checks:
        if when(w):
            w.ending = index
            if w.events is not None:
                ending = w.s.endings[index]
                text = f"The game ends: {ending.title}"
                if ending.text:
                    text += f". {ending.text}"
                w.emit("ending", text, "rules", target=ending.id, after=True)
            return True
    return False


def time_out(w: Work) -> None:
    """The calendar ran out: the first `at_end` ending that holds, else the default ending,
    else the built-in `time_expired`."""
    s = w.s
    for index in s.end_order:
        when = s.endings[index].when
        if when is not None and when.fn(w):
            ending = s.endings[index]
            w.ending = index
            if w.events is not None:
                text = f"Time runs out: {ending.title}"
                if ending.text:
                    text += f". {ending.text}"
                w.emit("ending", text, "rules", target=ending.id, after=True)
            return
    if s.default_ending is not None:
        ending = s.endings[s.default_ending]
        w.ending = s.default_ending
        if w.events is not None:
            text = f"Time runs out: {ending.title}"
            if ending.text:
                text += f". {ending.text}"
            w.emit("ending", text, "rules", target=ending.id, after=True)
        return
    w.ending = TIME_EXPIRED
    w.emit(
        "ending",
        "Time runs out: the calendar ended with no ending reached",
        "rules",
        target="time_expired",
        after=True,
    )
