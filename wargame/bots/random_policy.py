"""Uniformly random play: the baseline for balance checks and Monte Carlo."""

from __future__ import annotations

from random import Random

from wargame.bots.policy import Decision, SeatRef, action_words
from wargame.engine import Action, GameState, legal_actions
from wargame.scenario.ir import ScenarioIR


class RandomPolicy:
    """Picks uniformly among the legal actions (pass included)."""

    name = "random"

    def choose(self, scenario: ScenarioIR, state: GameState, seat: SeatRef, rng: Random) -> Action:
        actions = legal_actions(scenario, state, seat)
        if not actions:
            raise ValueError(f"no legal action for seat {seat!r}")
        return actions[min(int(rng.random() * len(actions)), len(actions) - 1)]

    def decide(
        self, scenario: ScenarioIR, state: GameState, seat: SeatRef, rng: Random
    ) -> Decision:
        n = len(legal_actions(scenario, state, seat))
        action = self.choose(scenario, state, seat, rng)
        return Decision(action, f"random: {action_words(scenario, action)}, 1 of {n} choices")

    def distribution(
        self, scenario: ScenarioIR, state: GameState, seat: SeatRef
    ) -> list[tuple[Action, float]]:
        actions = legal_actions(scenario, state, seat)
        return [(action, 1.0 / len(actions)) for action in actions]
