"""Helpers shared by the shipped-scenario tests: paths, loading, and scripted play."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from random import Random

from wargame.engine import (
    GameState,
    Pass,
    PlayMove,
    ending_id,
    initial_state,
    legal_actions,
    step,
    to_act,
)
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
SHIPPED = ("greenland", "tutorial", "cuba1962", "cable_cut")


@cache
def shipped(name: str) -> ScenarioIR:
    """A shipped scenario, compiled once per test session."""
    return load_scenario(SCENARIOS / f"{name}.yaml")


def play_preferences(
    scenario: ScenarioIR, preferences: Mapping[str, Sequence[str]], seed: int
) -> tuple[str, GameState, list[str]]:
    """Play a game where each actor plays the first legal move of its preference list.

    Actors not listed, or with no legal preferred move, pass. Returns the ending id, the
    final state and the moves played (as `actor.move`), in order.
    """
    rng = Random(seed)
    state = initial_state(scenario, umpire=False, rng=rng)
    played: list[str] = []
    for _ in range(10_000):
        seat = to_act(scenario, state)
        if seat is None:
            break
        assert isinstance(seat, int), "no umpire in these games"
        actor = scenario.actors[seat].id
        legal = legal_actions(scenario, state, seat)
        action: PlayMove | Pass = Pass(actor)
        for move in preferences.get(actor, ()):
            candidate = PlayMove(actor, move)
            if candidate in legal:
                action = candidate
                played.append(f"{actor}.{move}")
                break
        state, _ = step(scenario, state, action, rng)
    ending = ending_id(scenario, state)
    assert ending is not None, "the game did not end"
    return ending, state, played
