"""The goal bot decides on what its actor may see: nothing hidden from the actor moves it."""

from __future__ import annotations

from random import Random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers.secret_games import secret_scenarios
from wargame.bots.goal import GoalSeekingPolicy
from wargame.engine import (
    GameState,
    Pass,
    PlayMove,
    can_see,
    initial_state,
    legal_actions,
    step,
    to_act,
)
from wargame.scenario.ir import ScenarioIR


def _midgame(scenario: ScenarioIR, seed: int, steps: int) -> tuple[GameState, int] | None:
    """A state `steps` random actions into a game, and the actor to act (None: game over)."""
    rng = Random(seed)
    state = initial_state(scenario, rng=rng)
    for _ in range(steps):
        seat = to_act(scenario, state)
        if seat is None:
            return None
        actions = legal_actions(scenario, state, seat)
        state, _ = step(scenario, state, actions[int(rng.random() * len(actions))], rng)
    seat = to_act(scenario, state)
    return (state, seat) if isinstance(seat, int) else None


def _retold(scenario: ScenarioIR, state: GameState, actor: int, data: st.DataObject) -> GameState:
    """`state` with everything hidden from `actor` drawn anew: values and flags it may not
    see, how often the others' secret moves and the news meant for others happened, and the
    orders the others have sealed in a simultaneous phase."""
    values = list(state.vars)
    for i, v in enumerate(scenario.variables):
        if not can_see(v.visible_to, actor):
            values[i] = float(data.draw(st.integers(int(v.min), int(v.max))))
    flags = [
        data.draw(st.booleans()) if not can_see(f.visible_to, actor) else state.flags[i]
        for i, f in enumerate(scenario.flags)
    ]
    played = list(state.played)
    for m in scenario.moves:
        if m.secret and m.actor != actor:
            played[m.index] = data.draw(st.integers(0, 2))
    fired = list(state.fired)
    for i in scenario.injects:
        if not can_see(i.visible_to, actor):
            fired[i.index] = data.draw(st.integers(0, 2))
    orders = list(state.orders)
    phase = scenario.phases[state.phase]
    for position, order in enumerate(orders):
        who = phase.actors[position]
        if order is not None and who != actor:
            own = scenario.actors[who].id
            menu = [PlayMove(own, m.id) for m in scenario.moves if m.actor == who]
            orders[position] = data.draw(st.sampled_from([Pass(own), *menu]))
    return state._replace(
        vars=tuple(values),
        flags=tuple(flags),
        played=tuple(played),
        fired=tuple(fired),
        orders=tuple(orders),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    scenario=secret_scenarios(scored=True),
    seed=st.integers(0, 10**6),
    steps=st.integers(0, 12),
    data=st.data(),
)
def test_nothing_hidden_from_its_actor_changes_the_goal_bots_choice(
    scenario: ScenarioIR, seed: int, steps: int, data: st.DataObject
) -> None:
    found = _midgame(scenario, seed, steps)
    if found is None:
        return
    state, actor = found
    retold = _retold(scenario, state, actor, data)
    actions = legal_actions(scenario, state, actor)
    if legal_actions(scenario, retold, actor) != actions:
        return  # the menu itself tells the actor something: it may then choose otherwise
    bot = GoalSeekingPolicy(scenario, scenario.actors[actor].id)
    assert bot.decide(scenario, retold, actor, Random(seed)) == bot.decide(
        scenario, state, actor, Random(seed)
    )
