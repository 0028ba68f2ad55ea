"""Move limits (per game, per turn, cooldown) and conditions, with reasons in words."""

from __future__ import annotations

import dataclasses
from random import Random

import pytest

from wargame.engine import (
    GameState,
    Pass,
    PlayMove,
    initial_state,
    legal_actions,
    step,
    unavailable_reason,
)
from wargame.errors import IllegalActionError
from wargame.scenario.ir import ScenarioIR

from .helpers import load, play

US = 0


def _next_turn(rules: ScenarioIR, state: GameState) -> GameState:
    return play(rules, state, *(Pass(a) for a in ("denmark", "uk", "us", "denmark", "uk")))


def _move(rules: ScenarioIR, move_id: str) -> int:
    return rules.names.moves[move_id]


def test_per_game_limit(rules: ScenarioIR) -> None:
    state = initial_state(rules)
    threaten = _move(rules, "threaten")
    assert unavailable_reason(rules, state, US, threaten) is None
    state = play(rules, state, PlayMove("us", "threaten"))
    state = _next_turn(rules, state)
    assert state.turn == 2
    assert unavailable_reason(rules, state, US, threaten) == "played once already (once per game)"
    assert PlayMove("us", "threaten") not in legal_actions(rules, state, US)
    with pytest.raises(IllegalActionError, match="once per game"):
        step(rules, state, PlayMove("us", "threaten"), Random(0))


def test_cooldown_counts_turns(rules: ScenarioIR) -> None:
    state = initial_state(rules)
    pressure = _move(rules, "pressure")
    state = play(rules, state, PlayMove("us", "pressure"))  # turn 1; cooldown 2
    state = _next_turn(rules, state)
    assert unavailable_reason(rules, state, US, pressure) == (
        "cooldown: 2 more turns (available again on turn 4)"
    )
    state = play(rules, state, Pass("us"))
    state = _next_turn(rules, state)
    assert state.turn == 3
    assert unavailable_reason(rules, state, US, pressure) == (
        "cooldown: 1 more turn (available again on turn 4)"
    )
    state = play(rules, state, Pass("us"))
    state = _next_turn(rules, state)
    assert state.turn == 4
    assert unavailable_reason(rules, state, US, pressure) is None


def test_per_turn_limit_with_an_actor_acting_twice_in_a_phase() -> None:
    # The compiler lists each actor once per phase, so only an IR built by hand (or a
    # future format) lets an actor act twice in a phase: the engine still honours per_turn.
    base = load(
        "rules",
        {
            "    effects: [\"escalation += 1\"]\n    limit: {cooldown: 2}":
                "    effects: [\"escalation += 1\"]\n    limit: {per_turn: 1}",
        },
    )
    first, second = base.phases
    scenario = dataclasses.replace(
        base, phases=(dataclasses.replace(first, actors=(0, 1, 0, 2)), second)
    )
    state = initial_state(scenario)
    pressure = _move(scenario, "pressure")
    state = play(scenario, state, PlayMove("us", "pressure"), Pass("denmark"))
    assert scenario.phases[state.phase].actors[state.cursor] == US
    assert unavailable_reason(scenario, state, US, pressure) == (
        "played already this turn (once per turn)"
    )
    assert legal_actions(scenario, state, US) == [PlayMove("us", "threaten"), Pass("us")]
    state = play(scenario, state, Pass("us"), Pass("uk"), Pass("us"), Pass("denmark"), Pass("uk"))
    assert state.turn == 2
    assert unavailable_reason(scenario, state, US, pressure) is None


def test_condition_reason_names_the_values(rules: ScenarioIR) -> None:
    state = initial_state(rules)
    reason = unavailable_reason(rules, state, US, _move(rules, "big_stick"))
    assert reason is not None
    assert reason.startswith("needs: escalation >= 5")
    assert "escalation is 2" in reason


def test_turn_and_phase_reasons(rules: ScenarioIR) -> None:
    state = initial_state(rules)
    assert unavailable_reason(rules, state, 1, _move(rules, "gamble")) == (
        "not Denmark's turn: waiting for The United States"
    )
    assert "belongs to the 'Orders' phase" in (
        unavailable_reason(rules, state, US, _move(rules, "covert")) or ""
    )
    assert "Denmark's move" in (unavailable_reason(rules, state, US, _move(rules, "gamble")) or "")
    state = play(rules, state, Pass("us"))
    assert unavailable_reason(rules, state, US, _move(rules, "pressure")) == (
        "The United States has already acted this phase"
    )
