"""`playout`: a whole game of uniformly random play in one call, for Monte Carlo batches.

It plays exactly the game this loop plays, drawing the same numbers from `rng` in the same
order, and ends in an equal `GameState`:

```python
state = initial_state(scenario, rng=rng, record=False)
while (seat := to_act(scenario, state)) is not None:
    actions = legal_actions(scenario, state, seat)
    action = actions[min(int(rng.random() * len(actions)), len(actions) - 1)]
    state, _ = step(scenario, state, action, rng, record=False)
```

Two paths play it. The reference path (`_play_on`) keeps one working copy for the whole
game instead of building and freezing a state per step, does not re-check actions it took
from the legal menu itself, and applies the rules through the very functions `step` uses
(`flow`, `adjudication`, `injects`, `cohesion`). The fast path is the same game written out
for the scenario as one generated function (`wargame.engine.specialise`), several times
faster; a property test plays both against the step loop, state for state. `playout` takes
the fast path whenever the scenario has one and `rng` is a plain stream of `random()`
values; `specialise=False` asks for the reference path.

`playout_from(scenario, state, rng)` plays on the same way from any state a seat must act
in: the rollouts of the search bot (`wargame.bots.search`) go through it and only it. With
`weighted=True` every actor chooses as the weighted bot does instead (each move in
proportion to its `weight`, passing with weight 1): the scenario's idea of a plausible
player, a better model of the other seats than uniform chance.
"""

from __future__ import annotations

from random import Random
from typing import NamedTuple

from wargame.engine import flow
from wargame.engine.events import EMPTY_LOG
from wargame.engine.limits import available
from wargame.engine.rng import Branching
from wargame.engine.specialise import Result, Specialised, specialised, weighted_pick
from wargame.engine.state import GameState
from wargame.engine.step import _base_state, _submit
from wargame.engine.tables import Tables, tables
from wargame.engine.work import Work
from wargame.scenario.ir import ScenarioIR

__all__ = ["Playout", "objective_scores", "playout", "playout_from"]


class Playout(NamedTuple):
    """The end of a random playthrough and what a batch run records along the way."""

    state: GameState
    """The final state (or the state when `max_steps` ran out)."""
    steps: int
    """Actions taken."""
    moves: tuple[str, ...]
    """Ids of the moves the actors chose, in order (simultaneous orders included, even
    those that later fizzled)."""
    turns: tuple[tuple[tuple[float, ...], tuple[float, ...]], ...]
    """(cohesion, variables) when the game starts (after the opening injects), then after
    each action that began a new turn."""
    move_turns: tuple[int, ...] = ()
    """The turn each of `moves` was chosen in."""
    offered: frozenset[int] = frozenset()
    """Indices of the moves that were on an actor's menu at least once (legal when it
    acted): what a batch needs to say how often a move was available."""


def playout(
    scenario: ScenarioIR, rng: Random, *, max_steps: int = 100_000, specialise: bool = True
) -> Playout:
    """Play a game with every actor choosing uniformly among its legal actions (pass
    included), without an umpire and without recording events."""
    t = tables(scenario)
    fast = _fast(scenario, rng, specialise)
    if fast is not None:
        return _played(t, fast.run(_base_state(scenario, t), rng.random, max_steps, True, None))
    w = Work(_base_state(scenario, t), t, rng, False)
    flow.open_game(w)
    return _play_on(w, rng, max_steps)


def playout_from(
    scenario: ScenarioIR,
    state: GameState,
    rng: Random,
    *,
    max_steps: int = 100_000,
    specialise: bool = True,
    weighted: bool = False,
) -> Playout:
    """Play on from `state` to the end, every actor choosing uniformly among its legal
    actions (or, `weighted`, in proportion to the moves' weights, passing with weight 1),
    without an umpire and without recording events.

    Adjudications resolve at once and endings close the game as they are judged, whatever
    `state` says about an umpire. An ending the umpire was asked to confirm counts as
    confirmed; free actions the umpire was to rule on get what the argument rule gives.
    `state` must not wait for an umpire's ruling on an adjudication.
    """
    if state.pending is not None:
        raise ValueError("playout_from needs a state in which a seat acts, not the umpire")
    t = tables(scenario)
    weights = t.move_weights if weighted and any(x != 1.0 for x in t.move_weights) else None
    hold = state.ending_hold
    fast = _fast(scenario, rng, specialise)
    free = state.free
    if (
        fast is not None
        and (free is None or not (free.open or free.scheduled))  # free play: not generated
        and state.ending is None
        and (hold is None or hold.proposed < 0)
        and state.cursor < len(t.phase_actors[state.phase])
    ):
        return _played(t, fast.run(state, rng.random, max_steps, False, weights))
    w = Work(state, t, rng, False)
    w.umpire = False
    hold = w.ending_hold
    w.ending_hold = None
    if hold is not None and hold.proposed >= 0 and w.ending is None:
        w.ending = hold.proposed
    if free is not None and free.waiting and w.ending is None:
        flow.settle(w)  # free actions the umpire was to rule on: the argument rule does
    return _play_on(w, rng, max_steps, weights)


def objective_scores(scenario: ScenarioIR, state: GameState) -> tuple[float, ...]:
    """Every actor's `scenario.objective_score(state, actor)`, by actor index (through the
    scenario's generated code when it has some)."""
    fast = specialised(scenario)
    if fast is not None:
        return fast.scores(state)
    return tuple(scenario.objective_score(state, i) for i in range(len(scenario.actors)))


def _fast(scenario: ScenarioIR, rng: Random, wanted: bool) -> Specialised | None:
    """The scenario's generated playout, when it may play this game."""
    if not wanted or (type(rng) is not Random and isinstance(rng, Branching)):
        return None
    return specialised(scenario)


def _played(t: Tables, result: Result) -> Playout:
    state, steps, chosen, chosen_turns, turns, offered = result
    ids = t.move_ids
    return Playout(
        state,
        steps,
        tuple([ids[m] for m in chosen]),
        tuple(turns),
        tuple(chosen_turns),
        frozenset(offered),
    )


def _play_on(
    w: Work, rng: Random, max_steps: int, weights: tuple[float, ...] | None = None
) -> Playout:
    t = w.t
    phase_actors = t.phase_actors
    sizes = tuple(len(actors) for actors in phase_actors)
    simultaneous = t.simultaneous
    play_actions = t.play_actions
    pass_actions = t.pass_actions
    by_position = t.position_menus
    ids = t.move_ids
    rand = rng.random
    settle = flow.settle
    play = flow.play
    chosen: list[str] = []
    chosen_turns: list[int] = []
    offered: set[int] = set()
    offer = offered.update
    turns = [(w.cohesion, w.vars)]
    turn = w.turn
    steps = 0
    while w.ending is None and steps < max_steps:
        phase = w.phase
        cursor = w.cursor
        options: list[int] = []
        for m, move, limited, when in by_position[phase][cursor]:
            if limited and not available(move, w):
                continue
            if when is None or when(w):
                options.append(m)
        offer(options)
        n = len(options) + 1
        pick = int(rand() * n) if weights is None else weighted_pick(options, weights, rand())
        if simultaneous[phase]:
            if pick >= n - 1:  # the last entry of the menu: pass
                _submit(w, pass_actions[phase_actors[phase][cursor]], phase_actors[phase][cursor])
            else:
                m = options[pick]
                chosen.append(ids[m])
                chosen_turns.append(w.turn)
                _submit(w, play_actions[m], phase_actors[phase][cursor])
        else:
            w.cursor = cursor + 1
            if pick < n - 1:
                m = options[pick]
                chosen.append(ids[m])
                chosen_turns.append(w.turn)
                play(w, m, "")
        w.steps += 1
        steps += 1
        if w.cursor >= sizes[phase]:  # otherwise `settle` has nothing to do
            settle(w)
            if w.turn != turn:
                turn = w.turn
                turns.append((w.cohesion, w.vars))
    return Playout(
        w.freeze(EMPTY_LOG),
        steps,
        tuple(chosen),
        tuple(turns),
        tuple(chosen_turns),
        frozenset(offered),
    )

