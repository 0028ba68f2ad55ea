"""Endings: checked in priority order; the calendar's end closes the game otherwise.

When an ending is judged is the author's call (`endings_checked`, an ending's `checked`):
after every phase, at the end of each turn, or only when the calendar runs out. `flow`
calls `check_endings` with the endings due at each point.

In a game whose umpire confirms endings (`GameState.ending_hold`), an ending that holds is
proposed instead: the rules stop where they are, the umpire confirms it (the game ends as it
would have) or plays on (it is set aside for the rest of the turn), and `flow.resume` takes
the rules up again from the point where they stopped.
"""

from __future__ import annotations

from collections.abc import Callable

from wargame.engine.state import TIME_EXPIRED
from wargame.engine.work import Work
from wargame.scenario.ir import StateLike, Value

__all__ = ["check_endings", "confirm", "play_on", "time_out"]

Checks = tuple[tuple[int, Callable[[StateLike], Value]], ...]


def check_endings(w: Work, checks: Checks, at: str) -> bool:
    """End the game with the first of `checks` (ending index, condition; by priority) that
    holds: `Tables.ending_checks` after a phase, `Tables.turn_checks` after a turn. With an
    umpire who confirms endings, propose it instead. True when the rules must stop."""
    hold = w.ending_hold
    for index, when in checks:
        if hold is not None and index in hold.set_aside:
            continue
        if when(w):
            if hold is not None:
                _propose(w, index, at)
            else:
                _close(w, index, "The game ends")
            return True
    return False


def time_out(w: Work) -> None:
    """The calendar ran out: the first `at_end` ending that holds, else the default ending,
    else the built-in `time_expired`."""
    s = w.s
    hold = w.ending_hold
    for index in s.end_order:
        if hold is not None and index in hold.set_aside:
            continue
        when = s.endings[index].when
        if when is not None and when.fn(w):
            if hold is not None:
                _propose(w, index, "end")
            else:
                _close(w, index, "Time runs out")
            return
    if s.default_ending is not None:
        _close(w, s.default_ending, "Time runs out")
        return
    w.ending = TIME_EXPIRED
    w.emit(
        "ending",
        "Time runs out: the calendar ended with no ending reached",
        "rules",
        target="time_expired",
        after=True,
    )


def _close(w: Work, index: int, lead: str) -> None:
    w.ending = index
    if w.events is not None:
        ending = w.s.endings[index]
        text = f"{lead}: {ending.title}"
        if ending.text:
            text += f". {ending.text}"
        w.emit("ending", text, "rules", target=ending.id, after=True)


def _propose(w: Work, index: int, at: str) -> None:
    hold = w.ending_hold
    assert hold is not None
    w.ending_hold = hold._replace(proposed=index, at=at)
    ending = w.s.endings[index]
    w.emit(
        "pending",
        f"The rules say the game ends: {ending.title}. The umpire may confirm it or play on",
        "rules",
        visible_to=(),
        target=ending.id,
    )


def confirm(w: Work, reason: str) -> None:
    """The umpire confirms the proposed ending: the game ends as the rules said."""
    hold = w.ending_hold
    assert hold is not None and hold.proposed >= 0
    if reason:
        w.emit("umpire", f"The umpire confirmed the ending: {reason}", "umpire", visible_to=())
    w.ending_hold = hold._replace(proposed=-1, at="")
    _close(w, hold.proposed, "Time runs out" if hold.at == "end" else "The game ends")


def play_on(w: Work, reason: str) -> str:
    """The umpire declines the proposed ending; returns where the rules stopped."""
    hold = w.ending_hold
    assert hold is not None and hold.proposed >= 0
    ending = w.s.endings[hold.proposed]
    w.ending_hold = hold._replace(proposed=-1, at="", set_aside=(*hold.set_aside, hold.proposed))
    w.emit(
        "umpire",
        f"The umpire played on past '{ending.title}': {reason}",
        "umpire",
        visible_to=(),
        target=ending.id,
    )
    return hold.at
