"""A look-ahead `Trial` reaches the states `step` reaches, field for field.

The goal bot tries every move on its menu, and every outcome of an adjudicated one, on a
`Trial` (`wargame.engine.lookahead`) instead of through `step`: on the shipped scenarios,
the examples and the engine's fixtures, from states of random games, with and without an
umpire, each legal action, rating and ruling played on a trial (forked where the rulings
branch) gives the state `step(..., record=False)` gives, and draws as much from the
generator.
"""

from __future__ import annotations

from random import Random

from hypothesis import given
from hypothesis import strategies as st

from tests.engine.test_specialise import NAMES, SETTINGS, reference_game, scenario
from wargame.engine import (
    UMPIRE,
    Confirm,
    GameState,
    Override,
    Pass,
    PlayMove,
    Rate,
    legal_actions,
    step,
    to_act,
)
from wargame.engine.lookahead import Trial
from wargame.scenario.ir import ScenarioIR


def _same(trial: Trial, state: GameState) -> None:
    assert trial.freeze() == state._replace(log=trial.freeze().log)


def _rulings(s: ScenarioIR, trial: Trial, state: GameState, rng: Random, mirror: Random) -> None:
    """Every ruling the umpire may make on the adjudication waiting in `state` (which
    `trial` holds), each on a fork, against `step`."""
    pending = state.pending
    assert pending is not None
    if pending.stage == "rate":
        for rating in ("strong", "neutral", "weak"):
            fork = trial.fork()
            fork.rate(rating, "look")
            after, _ = step(s, state, Rate(rating, "look"), mirror, record=False)
            _same(fork, after)
        return
    resolution = s.moves[pending.move].resolution
    assert resolution is not None
    for index, outcome in enumerate(resolution.outcomes):
        fork = trial.fork()
        fork.rule(index, "look")
        ruling = Confirm("look") if index == pending.proposed else Override(outcome.id, "look")
        after, _ = step(s, state, ruling, mirror, record=False)
        _same(fork, after)
        assert rng.getstate() == mirror.getstate()


@SETTINGS
@given(
    name=st.sampled_from(NAMES),
    seed=st.integers(0, 2**32 - 1),
    at=st.floats(0, 1, exclude_max=True),
    umpire=st.booleans(),
)
def test_a_trial_plays_every_legal_action_as_step_does(
    name: str, seed: int, at: float, umpire: bool
) -> None:
    s = scenario(name)
    game = reference_game(s, seed)
    state = game[int(at * len(game))][0]._replace(umpire=umpire)
    seat = to_act(s, state)
    if not isinstance(seat, int):
        return
    for k, action in enumerate(legal_actions(s, state, seat)):
        assert isinstance(action, PlayMove | Pass)
        rng, mirror = Random(seed + k), Random(seed + k)
        trial = Trial(s, state, rng, umpire=umpire)
        trial.act(action)
        after, _ = step(s, state, action, mirror, record=False)
        _same(trial, after)
        assert rng.getstate() == mirror.getstate()
        assert (trial.pending, trial.ending) == (after.pending, after.ending)
        assert trial.at == (after.turn, after.phase, after.cursor)
        if after.pending is not None and to_act(s, after) == UMPIRE:
            _rulings(s, trial, after, rng, mirror)


def test_a_fork_leaves_the_trial_it_came_from_as_it_was() -> None:
    s = scenario("greenland.yaml")
    state = reference_game(s, 3)[5][0]
    seat = to_act(s, state)
    assert isinstance(seat, int)
    trial = Trial(s, state, Random(1))
    before = trial.freeze()
    fork = trial.fork()
    action = legal_actions(s, state, seat)[0]
    assert isinstance(action, PlayMove | Pass)
    fork.act(action)
    assert trial.freeze() == before
    assert fork.freeze() != before
