"""Whether a move may be played now, and why not in words.

`available` is the hot-loop check (limits, then condition); `limit_reason` and
`explain_condition` say why not, for people (menus, refusals, fizzled orders).
"""

from __future__ import annotations

from typing import Protocol

from wargame.scenario.ir import Expr, MoveIR, ScenarioIR, StateLike

__all__ = ["available", "explain_condition", "limit_reason", "move_reason"]


class _Counts(StateLike, Protocol):
    """The fields limits read (GameState and Work both have them)."""

    @property
    def last_played(self) -> tuple[int, ...]: ...

    @property
    def turn_played(self) -> tuple[int, ...]: ...


def available(move: MoveIR, state: _Counts) -> bool:
    """Limits and condition hold for `move` in `state` (turn order is not checked here)."""
    m = move.index
    if move.per_game is not None and state.played[m] >= move.per_game:
        return False
    last = state.last_played[m]
    turn = state.turn
    if move.per_turn is not None and last == turn and state.turn_played[m] >= move.per_turn:
        return False
    if move.cooldown is not None and last and turn <= last + move.cooldown:
        return False
    return move.when is None or bool(move.when.fn(state))


def limit_reason(move: MoveIR, state: _Counts) -> str | None:
    """Which limit blocks `move` now, in words (None: no limit does)."""
    m = move.index
    last = state.last_played[m]
    turn = state.turn
    if move.per_game is not None and state.played[m] >= move.per_game:
        n = state.played[m]
        times = "once" if n == 1 else f"{n} times"
        limit = "once" if move.per_game == 1 else f"{move.per_game} times"
        return f"played {times} already ({limit} per game)"
    if move.per_turn is not None and last == turn and state.turn_played[m] >= move.per_turn:
        limit = "once" if move.per_turn == 1 else f"{move.per_turn} times"
        return f"played already this turn ({limit} per turn)"
    if move.cooldown is not None and last and turn <= last + move.cooldown:
        again = last + move.cooldown + 1
        wait = again - turn
        turns = "turn" if wait == 1 else "turns"
        return f"cooldown: {wait} more {turns} (available again on turn {again})"
    return None


def explain_condition(scenario: ScenarioIR, state: StateLike, expr: Expr) -> str:
    """`needs: SOURCE (why it does not hold)`."""
    # Imported here: the explanation re-parses the source, which only people ever ask for.
    from wargame.scenario.expressions import explain_false

    try:
        why = explain_false(expr, state)
    except Exception:  # an explanation must never break the game
        why = ""
    return f"needs: {expr.source}" + (f" ({why})" if why else "")


def move_reason(scenario: ScenarioIR, move: MoveIR, state: _Counts) -> str | None:
    """Limits first, then the condition: why `move` cannot be played now (None: it can)."""
    reason = limit_reason(move, state)
    if reason is not None:
        return reason
    if move.when is not None and not move.when.fn(state):
        return explain_condition(scenario, state, move.when)
    return None
