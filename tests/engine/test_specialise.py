"""The generated playout (`wargame.engine.specialise`) agrees with the engine step for step.

The fast path is the reference rules written out per scenario, so it must play the very
same game: on every shipped scenario, the examples and the engine's fixtures, for random
seeds, the state after every step (`playout(..., max_steps=k)`) equals the state the public
step loop reaches after k steps, the generator has drawn exactly as much, and everything a
batch reads of the playout (moves, their turns, the per-turn trajectories, the moves
offered) equals what the reference path (`specialise=False`) records. `playout_from`, as the
search bot's rollouts call it from any state a seat acts in, agrees the same way.
"""

from __future__ import annotations

from pathlib import Path
from random import Random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.engine import (
    EndingHold,
    GameState,
    initial_state,
    legal_actions,
    playout,
    playout_from,
    step,
    to_act,
)
from wargame.engine.specialise import specialised
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[2]
PATHS = sorted(
    [
        *(p for p in (ROOT / "scenarios").glob("*.yaml") if not p.name.endswith(".tests.yaml")),
        ROOT / "benchmarks" / "scenarios" / "bench.yaml",
        ROOT / "docs" / "examples" / "full.yaml",
        *(ROOT / "tests" / "engine" / "fixtures").glob("*.yaml"),
    ]
)
NAMES = [p.name for p in PATHS]
_LOADED: dict[str, ScenarioIR] = {}


def scenario(name: str) -> ScenarioIR:
    if name not in _LOADED:
        _LOADED[name] = load_scenario(PATHS[NAMES.index(name)])
    return _LOADED[name]


def reference_game(s: ScenarioIR, seed: int, limit: int = 400) -> list[tuple[GameState, object]]:
    """(state, generator state) after each step of the public step loop, from the start."""
    rng = Random(seed)
    state = initial_state(s, rng=rng, record=False)
    out = [(state, rng.getstate())]
    while len(out) <= limit and (seat := to_act(s, state)) is not None:
        actions = legal_actions(s, state, seat)
        action = actions[min(int(rng.random() * len(actions)), len(actions) - 1)]
        state, _ = step(s, state, action, rng, record=False)
        out.append((state, rng.getstate()))
    return out


SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@pytest.mark.parametrize("name", NAMES)
def test_every_shipped_scenario_has_a_generated_playout(name: str) -> None:
    assert specialised(scenario(name)) is not None


@SETTINGS
@given(name=st.sampled_from(NAMES), seed=st.integers(0, 2**32 - 1))
def test_the_generated_playout_agrees_with_the_engine_step_for_step(name: str, seed: int) -> None:
    s = scenario(name)
    game = reference_game(s, seed)
    for k, (state, drawn) in enumerate(game):
        rng = Random(seed)
        fast = playout(s, rng, max_steps=k)
        assert fast.state == state, f"{name}, seed {seed}: after step {k}"
        assert rng.getstate() == drawn, f"{name}, seed {seed}: draws after step {k}"
        again = Random(seed)
        assert fast == playout(s, again, max_steps=k, specialise=False), f"after step {k}"


@SETTINGS
@given(
    name=st.sampled_from(NAMES),
    seed=st.integers(0, 2**32 - 1),
    at=st.floats(0, 1, exclude_max=True),
    umpire=st.booleans(),
    hold=st.booleans(),
    weighted=st.booleans(),
)
def test_playouts_from_any_state_agree(
    name: str, seed: int, at: float, umpire: bool, hold: bool, weighted: bool
) -> None:
    s = scenario(name)
    game = reference_game(s, seed)
    state = game[int(at * len(game))][0]
    state = state._replace(umpire=umpire, ending_hold=EndingHold() if hold else None)
    fast_rng, slow_rng = Random(seed + 1), Random(seed + 1)
    fast = playout_from(s, state, fast_rng, weighted=weighted)
    slow = playout_from(s, state, slow_rng, specialise=False, weighted=weighted)
    assert fast == slow
    assert fast_rng.getstate() == slow_rng.getstate()


@SETTINGS
@given(name=st.sampled_from(NAMES), seed=st.integers(0, 2**32 - 1))
def test_the_generated_scores_are_the_objective_scores(name: str, seed: int) -> None:
    s = scenario(name)
    found = specialised(s)
    assert found is not None
    for state, _ in reference_game(s, seed)[:: 7]:
        expected = tuple(s.objective_score(state, i) for i in range(len(s.actors)))
        assert found.scores(state) == expected
        assert tuple(score(state) for score in found.score) == expected


def test_a_proposed_ending_is_confirmed_on_the_fast_path_too() -> None:
    s = scenario("greenland.yaml")
    state = initial_state(s, rng=Random(1), record=False)._replace(
        ending_hold=EndingHold(proposed=0, at="phase")
    )
    assert playout_from(s, state, Random(2)) == playout_from(
        s, state, Random(2), specialise=False
    )
    assert playout_from(s, state, Random(2)).state.ending == 0


def test_the_source_holds_no_text_of_the_scenario() -> None:
    s = scenario("greenland.yaml")
    found = specialised(s)
    assert found is not None
    for move in s.moves:
        assert move.id not in found.source
        assert move.label not in found.source


def test_weighted_playouts_choose_by_the_moves_weights() -> None:
    """Under `weighted=True` a move of weight 3 is chosen about three times as often as one
    of weight 1 offered alongside it: the weights reach both paths, not only one."""
    s = scenario("greenland.yaml")
    start = initial_state(s, rng=Random(0), record=False)
    heavy, light = "press_for_speed", "discredit_critics"  # weights 3 and 1 (advisers)
    assert (s.move(heavy).weight, s.move(light).weight) == (3, 1)
    for specialise in (True, False):
        counts = {True: {heavy: 0, light: 0}, False: {heavy: 0, light: 0}}
        for weighted in (True, False):
            for seed in range(300):
                moves = playout_from(
                    s, start, Random(seed), weighted=weighted, specialise=specialise
                ).moves
                for move in (heavy, light):
                    counts[weighted][move] += moves.count(move)
        ratio = counts[True][heavy] / counts[True][light]
        uniform = counts[False][heavy] / counts[False][light]
        assert ratio > 1.8 * uniform, (specialise, counts)
