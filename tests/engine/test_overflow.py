"""Arithmetic that overflows at run time never stops a game (docs/rules.md, Arithmetic that
overflows): an infinite result is held at the target's bound, one that is not a number
leaves the target as it was (with a notice for the umpire), a chance that is not a number
is 0, a modifier or a score that is not a number counts 0 and a huge one is held at ±1e15.

The fixture's products read the state, so the checker cannot refuse them at load; before
this rule a game that played them stored NaN and crashed `simulate` (exit 101) and `play`.
"""

from __future__ import annotations

import math
from random import Random

from hypothesis import given, settings
from hypothesis import strategies as st

from wargame.engine import (
    GameState,
    PlayMove,
    initial_state,
    legal_actions,
    step,
    to_act,
)
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.numbers import MAX_MAGNITUDE, as_number, bounded, probability

from .helpers import ScriptedRandom, die, load

S: ScenarioIR = load("overflow")


def opening() -> GameState:
    return initial_state(S, rng=Random(0))


def finite_and_bounded(state: GameState) -> None:
    for value, var in zip(state.vars, S.variables, strict=True):
        assert var.min <= value <= var.max
    for row in state.trust:
        assert all(0.0 <= x <= 100.0 for x in row)
    for k in range(len(S.alliances)):
        assert all(0.0 <= c <= 100.0 for c in state.commitment[k])
        assert 0.0 <= state.cohesion[k] <= 100.0


def test_a_result_that_is_not_a_number_leaves_the_variable_and_tells_the_umpire() -> None:
    state = opening()
    after, events = step(S, state, PlayMove("a", "nan_var"), Random(0))
    assert after.vars == state.vars
    notices = [e for e in events if e.kind == "notice"]
    assert [(e.visible_to, e.target) for e in notices] == [((), "var:x")]
    assert notices[0].text.startswith("X stays at 2 because Alpha played 'NaN var'")
    assert "gave no number" in notices[0].text


def test_infinite_and_huge_results_are_held_at_the_bounds() -> None:
    after, _ = step(S, opening(), PlayMove("a", "huge_var"), Random(0))
    # y = y * inf -> max; x *= turn * HUGE (an int beyond a float) -> max; y -= HUGE -> min
    assert after.vars == (10.0, -5.0)


def _b_to_act() -> GameState:
    state, _ = step(S, opening(), PlayMove("a", "nan_var"), Random(0))
    assert to_act(S, state) == 1
    return state


def test_trust_and_commitment_keep_their_value_when_the_result_is_not_a_number() -> None:
    state = _b_to_act()
    after, events = step(S, state, PlayMove("b", "nan_trust"), Random(0))
    assert after.trust == state.trust and after.commitment == state.commitment
    assert [e.target for e in events if e.kind == "notice"] == [
        "trust:b:a",
        "commitment:k:b",
    ]


def test_trust_and_commitment_are_held_at_0_and_100_when_huge() -> None:
    after, _ = step(S, _b_to_act(), PlayMove("b", "huge_trust"), Random(0))
    assert after.trust[1][2] == 0.0
    assert after.commitment[0][1] == 100.0


def _c_to_act() -> GameState:
    state = _b_to_act()
    state, _ = step(S, state, PlayMove("b", "nan_trust"), Random(0))
    assert to_act(S, state) == 2
    return state


def test_dice_modifiers_count_0_when_not_a_number_and_1e15_when_huge() -> None:
    rng = ScriptedRandom([die(1), die(1), *[0.5] * 4])  # the dice, then the next turn's news
    after, events = step(S, _c_to_act(), PlayMove("c", "dice"), rng)
    roll = next(e for e in events if e.kind == "roll")
    assert roll.modifiers == (("Not a number", 0.0), ("Huge", MAX_MAGNITUDE))
    assert after.vars[1] == _c_to_act().vars[1] + 1  # snake eyes + 1e15 reaches `win`


def test_a_chance_that_is_not_a_number_is_0_and_a_huge_one_is_1() -> None:
    rng = ScriptedRandom([0.0, *[0.5] * 4])  # a draw of 0 picks the first outcome above 0
    _, events = step(S, _c_to_act(), PlayMove("c", "chance"), rng)
    outcome = next(e for e in events if e.kind == "outcome")
    assert outcome.target == "chance:always"


def test_injects_fire_on_a_huge_chance_and_never_on_one_that_is_not_a_number() -> None:
    assert opening().fired == (1, 0)


def test_objective_scores_count_0_when_not_a_number_and_1e15_when_huge() -> None:
    assert S.objective_score(opening(), 0) == 2 * MAX_MAGNITUDE


def test_the_helpers_never_raise_and_never_give_infinity_or_nan() -> None:
    huge = 10**400
    assert as_number(huge) == math.inf and as_number(-huge) == -math.inf
    assert bounded(math.nan) == 0.0 and bounded(huge) == MAX_MAGNITUDE
    assert bounded(-math.inf) == -MAX_MAGNITUDE and bounded(3) == 3.0
    assert probability(math.nan) == 0.0 and probability(huge) == 1.0
    assert probability(-huge) == 0.0 and probability(0.25) == 0.25


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**31), umpire=st.booleans())
def test_random_games_stay_finite_and_the_fast_path_agrees(seed: int, umpire: bool) -> None:
    chooser = Random(seed)
    rng = Random(seed)
    state = initial_state(S, umpire=umpire, rng=rng)
    actions = []
    while (seat := to_act(S, state)) is not None:
        legal = legal_actions(S, state, seat)
        action = legal[int(chooser.random() * len(legal))]
        state, _ = step(S, state, action, rng)
        finite_and_bounded(state)
        actions.append(action)
    rng = Random(seed)
    quiet = initial_state(S, umpire=umpire, rng=rng)
    for action in actions:
        quiet, _ = step(S, quiet, action, rng, record=False)
    assert quiet._replace(log=state.log) == state
