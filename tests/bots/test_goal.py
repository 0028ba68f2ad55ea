"""The goal bot decides on what its actor may see: nothing hidden from the actor moves it;
and its look-ahead on a working copy scores every move exactly as the look-ahead through
`step` did."""

from __future__ import annotations

from random import Random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.engine.test_specialise import NAMES, reference_game, scenario
from tests.helpers.secret_games import secret_scenarios
from wargame.bots.determinise import as_seen_by
from wargame.bots.goal import GoalSeekingPolicy
from wargame.bots.odds import outcome_probabilities
from wargame.engine import (
    Action,
    Confirm,
    GameState,
    Override,
    Pass,
    PlayMove,
    Rate,
    can_see,
    initial_state,
    legal_actions,
    step,
    to_act,
)
from wargame.errors import IllegalActionError
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


# -- the look-ahead on a working copy gives the values the look-ahead through `step` gives


class _Zero(Random):
    def __init__(self) -> None:
        super().__init__(0)


def _reference_expected(scenario: ScenarioIR, state: GameState, action: Action) -> float:
    """The goal bot's expected score of `action` as it was computed through `step` (a
    frozen state per action and per outcome): the reference the working copy must match."""
    bot_index = _actor_of(scenario, state)
    rng = _Zero()
    try:
        after, _ = step(scenario, state._replace(umpire=True), action, rng, record=False)
    except IllegalActionError:
        return float("-inf")
    phase = scenario.phases[after.phase] if after.ending is None else None
    if phase is not None and phase.mode == "simultaneous":
        start = (after.phase, after.turn)
        for _ in range(len(phase.actors)):
            if after.pending is not None or after.ending is not None:
                break
            if (after.phase, after.turn) != start or after.cursor >= len(phase.actors):
                break
            who = scenario.actors[phase.actors[after.cursor]].id
            after, _ = step(scenario, after, Pass(who), rng, record=False)
    pending = after.pending
    if pending is None or not isinstance(action, PlayMove):
        return scenario.objective_score(after, bot_index)
    move = scenario.moves[pending.move]
    if pending.stage == "rate":
        after, _ = step(scenario, after, Rate("neutral", "look-ahead"), rng, record=False)
        if after.pending is None:
            return scenario.objective_score(after, bot_index)
        pending = after.pending
    resolution = move.resolution
    if resolution is None:
        return scenario.objective_score(after, bot_index)
    total = 0.0
    for index, p in enumerate(outcome_probabilities(move, after)):
        if p <= 0:
            continue
        ruling: Action = (
            Confirm("look-ahead")
            if index == pending.proposed
            else Override(resolution.outcomes[index].id, "look-ahead")
        )
        resolved, _ = step(scenario, after, ruling, rng, record=False)
        total += p * scenario.objective_score(resolved, bot_index)
    return total


def _actor_of(scenario: ScenarioIR, state: GameState) -> int:
    seat = to_act(scenario, state)
    assert isinstance(seat, int)
    return seat


def _reference_values(
    scenario: ScenarioIR, state: GameState, actor: int, actions: list[Action]
) -> list[tuple[Action, float]]:
    seen = as_seen_by(scenario, state, actor)
    values = [(a, _reference_expected(scenario, seen, a)) for a in actions]
    if any(v == float("-inf") for _, v in values):
        held = _reference_expected(scenario, seen, Pass(scenario.actors[actor].id))
        values = [(a, held if v == float("-inf") else v) for a, v in values]
    return values


def _same_values(scenario: ScenarioIR, state: GameState, actor: int, seed: int) -> None:
    bot = GoalSeekingPolicy(scenario, scenario.actors[actor].id)
    actions = legal_actions(scenario, state, actor)
    assert bot.values(scenario, state, actor, actions) == _reference_values(
        scenario, state, actor, actions
    )
    for action in actions:  # the same on a state as another actor would see it (search)
        assert bot.expected_score(scenario, state, action) == _reference_expected(
            scenario, state, action
        )
    assert bot.decide(scenario, state, actor, Random(seed)).action in _best_of(
        _reference_values(scenario, state, actor, actions)
    )


def _best_of(values: list[tuple[Action, float]]) -> list[Action]:
    top = max(v for _, v in values)
    return [a for a, v in values if v >= top - 1e-9]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(NAMES), seed=st.integers(0, 2**32 - 1), at=st.floats(0, 0.999))
def test_on_shipped_scenarios_it_scores_every_move_as_the_look_ahead_through_step(
    name: str, seed: int, at: float
) -> None:
    s = scenario(name)
    game = reference_game(s, seed)
    state = game[int(at * len(game))][0]
    seat = to_act(s, state)
    if isinstance(seat, int):
        _same_values(s, state, seat, seed)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    scenario=secret_scenarios(scored=True),
    seed=st.integers(0, 10**6),
    steps=st.integers(0, 12),
)
def test_with_secrets_it_scores_every_move_as_the_look_ahead_through_step(
    scenario: ScenarioIR, seed: int, steps: int
) -> None:
    found = _midgame(scenario, seed, steps)
    if found is not None:
        _same_values(scenario, *found, seed)
