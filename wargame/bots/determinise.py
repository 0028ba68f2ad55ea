"""Determinisation: a full game state built from what one actor may know.

A search bot plays rollouts from concrete states, but a state holds things its actor may not
see. Each rollout therefore starts from a *determinisation*: the state with everything
hidden from the actor replaced by a guess that depends only on what the actor knows, so
changing a hidden value never changes the bot's choice. What is replaced, and by what:

* variables and flags whose `visible_to` leaves the actor out: their scenario start value
  (the actor knows the opening and nothing since);
* the orders other actors have already given in the current simultaneous phase: each is
  drawn uniformly from that actor's menu (its available moves and pass), as the actor
  would have to guess;
* how often other actors' secret moves were played (and when): zero, since the actor never
  learnt of them; their effects on public values stay, as the actor saw those;
* how often injects hidden from the actor fired: zero, as for secret moves.

Everything else (public values, trust, commitment, cohesion, the calendar, the actor's own
secrets) is left as it is. The guesses of the last two points also mean a rollout may
repeat a once-a-game secret move or inject: the actor cannot know it was used.

`as_seen_by` is the same picture without a draw: the orders others have sealed are taken
as passes, as the goal bot assumes of every seat still to order. The goal bot judges its
moves on it, so it too decides on what its actor may see, at no cost to its speed.
"""

from __future__ import annotations

from dataclasses import replace
from random import Random

from wargame.engine import GameState, Pass, PlayMove, can_see
from wargame.engine.limits import available
from wargame.engine.tables import tables
from wargame.scenario.ir import ScenarioIR

__all__ = ["as_seen_by", "determinise", "hidden_from"]


class Hidden:
    """What one actor cannot see in a scenario (computed once per actor)."""

    __slots__ = ("flags", "injects", "moves", "vars")

    def __init__(self, scenario: ScenarioIR, actor: int) -> None:
        self.vars = tuple(
            i for i, v in enumerate(scenario.variables) if not can_see(v.visible_to, actor)
        )
        self.flags = tuple(
            i for i, f in enumerate(scenario.flags) if not can_see(f.visible_to, actor)
        )
        self.moves = tuple(m.index for m in scenario.moves if m.secret and m.actor != actor)
        self.injects = tuple(
            i.index for i in scenario.injects if not can_see(i.visible_to, actor)
        )


_cache: dict[tuple[int, int], tuple[ScenarioIR, Hidden]] = {}


def hidden_from(scenario: ScenarioIR, actor: int) -> Hidden:
    """The hidden parts of `scenario` for `actor` (cached per scenario and actor)."""
    key = (id(scenario), actor)
    found = _cache.get(key)
    if found is not None and found[0] is scenario:
        return found[1]
    hidden = Hidden(scenario, actor)
    if len(_cache) >= 256:
        del _cache[next(iter(_cache))]
    _cache[key] = (scenario, hidden)
    return hidden


def determinise(scenario: ScenarioIR, state: GameState, actor: int, rng: Random) -> GameState:
    """`state` as `actor` may imagine it (see the module docstring), without an umpire.

    Draws from `rng` only for the hidden orders of a simultaneous phase.
    """
    guessed = _known(scenario, state, actor)
    if state.orders:
        guessed = guessed._replace(orders=_guess_orders(scenario, guessed, actor, rng))
    return guessed


def as_seen_by(scenario: ScenarioIR, state: GameState, actor: int) -> GameState:
    """`state` as `actor` may imagine it, drawing nothing: as `determinise`, but with the
    orders the others have sealed in a simultaneous phase taken as passes."""
    seen = _known(scenario, state, actor)
    if state.orders:
        seen = seen._replace(orders=_passed_orders(scenario, seen, actor))
    return seen


def _known(scenario: ScenarioIR, state: GameState, actor: int) -> GameState:
    """`state` with the hidden values, counts and unruled free actions replaced (see the
    module docstring); the orders are left to the caller."""
    hidden = hidden_from(scenario, actor)
    changes: dict[str, object] = {"umpire": False, "ending_hold": None, "pending": None}
    if state.free is not None:
        # Free actions not yet ruled on, and news the umpire wrote for later, are nobody's
        # to foresee: a bot plays on as if they were not there. Once ruled, their changes
        # are in the state like any move's.
        changes["free"] = replace(state.free, open=(), waiting=False, scheduled=())
    if hidden.vars:
        values = list(state.vars)
        for i in hidden.vars:
            values[i] = float(scenario.variables[i].start)
        changes["vars"] = tuple(values)
    if hidden.flags:
        flags = list(state.flags)
        for i in hidden.flags:
            flags[i] = bool(scenario.flags[i].start)
        changes["flags"] = tuple(flags)
    if hidden.moves:
        played, last, per_turn = list(state.played), list(state.last_played), list(
            state.turn_played
        )
        for m in hidden.moves:
            played[m] = last[m] = per_turn[m] = 0
        changes["played"] = tuple(played)
        changes["last_played"] = tuple(last)
        changes["turn_played"] = tuple(per_turn)
    if hidden.injects:
        fired = list(state.fired)
        for i in hidden.injects:
            fired[i] = 0
        changes["fired"] = tuple(fired)
    return state._replace(**changes)  # type: ignore[arg-type]


def _passed_orders(
    scenario: ScenarioIR, state: GameState, actor: int
) -> tuple[PlayMove | Pass | None, ...]:
    t = tables(scenario)
    actors = t.phase_actors[state.phase]
    return tuple(
        order if order is None or actors[position] == actor else t.pass_actions[actors[position]]
        for position, order in enumerate(state.orders)
    )


def _guess_orders(
    scenario: ScenarioIR, state: GameState, actor: int, rng: Random
) -> tuple[PlayMove | Pass | None, ...]:
    t = tables(scenario)
    actors = t.phase_actors[state.phase]
    out: list[PlayMove | Pass | None] = []
    for position, order in enumerate(state.orders):
        who = actors[position]
        if order is None or who == actor:
            out.append(order)
            continue
        menu: list[PlayMove | Pass] = [
            t.play_actions[m]
            for m, move, limited, when in t.position_menus[state.phase][position]
            if (not limited or available(move, state)) and (when is None or when(state))
        ]
        menu.append(t.pass_actions[who])
        out.append(menu[min(int(rng.random() * len(menu)), len(menu) - 1)])
    return tuple(out)
