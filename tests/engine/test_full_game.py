"""Whole games through the public API alone, as a session or a batch run plays them."""

from __future__ import annotations

from pathlib import Path

from wargame.engine import (
    GameState,
    Pass,
    PlayMove,
    derive,
    ending_id,
    events,
    initial_state,
    legal_actions,
    step,
    to_act,
)
from wargame.scenario.loader import load_scenario

from .helpers import ScriptedRandom, die, load

GREENLAND = Path(__file__).resolve().parents[2] / "scenarios" / "greenland.yaml"


def test_scripted_game_reaches_peace() -> None:
    scenario = load("rules")
    state = initial_state(scenario)
    script = [
        (Pass("us"), []),
        (PlayMove("denmark", "gamble"), [0.3]),  # talks open
        (PlayMove("uk", "roll_dice"), [die(6), die(5)]),  # 11 + 1: great, escalation 2 -> 0
    ]
    for action, draws in script:
        assert action in legal_actions(scenario, state, to_act(scenario, state))
        state, _ = step(scenario, state, action, ScriptedRandom(draws))
    assert to_act(scenario, state) is None
    assert ending_id(scenario, state) == "peace"
    story = [e.text for e in events(state)]
    assert story[0].startswith("Turn 1 of 4")
    assert any("Denmark's 'Gamble on talks': Talks open (by chance)" in t for t in story)
    assert story[-1] == "The game ends: Peace"


def test_greenland_plays_to_an_ending_like_a_session() -> None:
    scenario = load_scenario(GREENLAND)

    def run(seed: str) -> GameState:
        state = initial_state(scenario, rng=derive(seed, -1))
        index = 0
        while (seat := to_act(scenario, state)) is not None:
            actions = legal_actions(scenario, state, seat)
            pick = derive(f"{seed}:bot", index).random()
            state, _ = step(scenario, state, actions[int(pick * len(actions))],
                            derive(seed, index))
            index += 1
        return state

    first = run("demo")
    assert ending_id(scenario, first) is not None
    assert first == run("demo")
    assert len(first.cohesion_history) == first.turn + 1 or first.ending is not None
