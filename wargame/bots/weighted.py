"""Weighted play: moves drawn in proportion to the `weight` the scenario gives them.

Authors use `weight` to say how tempting a move is for a plausible actor (a bold move may be
rarer than a statement), so Monte Carlo runs can model likely rather than uniform behaviour.
"""

from __future__ import annotations

from random import Random

from wargame.bots.policy import Decision, SeatRef, action_words
from wargame.engine import Action, Confirm, GameState, PlayMove, legal_actions, weighted_choice
from wargame.scenario.ir import ScenarioIR


class WeightedPolicy:
    """Draws a legal action with probability proportional to its move's weight.

    Passing weighs `pass_weight`. As umpire it confirms the engine's proposals.
    """

    name = "weighted"

    def __init__(self, pass_weight: float = 1.0) -> None:
        if pass_weight < 0:
            raise ValueError("pass_weight must not be negative")
        self.pass_weight = pass_weight

    def choose(self, scenario: ScenarioIR, state: GameState, seat: SeatRef, rng: Random) -> Action:
        actions = legal_actions(scenario, state, seat)
        if not actions:
            raise ValueError(f"no legal action for seat {seat!r}")
        for action in actions:
            if isinstance(action, Confirm):
                return action
        return actions[weighted_choice(rng, self._weights(scenario, actions))]

    def decide(
        self, scenario: ScenarioIR, state: GameState, seat: SeatRef, rng: Random
    ) -> Decision:
        action = self.choose(scenario, state, seat, rng)
        if isinstance(action, Confirm):
            return Decision(action, "weighted: accepts the rules' proposal")
        odds = dict((repr(a), p) for a, p in self.distribution(scenario, state, seat))
        share = odds.get(repr(action), 0.0)
        return Decision(
            action,
            f"weighted: {action_words(scenario, action)}, drawn with a {share:.0%} chance "
            "by the scenario's weights",
        )

    def _weights(self, scenario: ScenarioIR, actions: list[Action]) -> list[float]:
        return [
            scenario.move(a.move).weight if isinstance(a, PlayMove) else self.pass_weight
            for a in actions
        ]

    def distribution(
        self, scenario: ScenarioIR, state: GameState, seat: SeatRef
    ) -> list[tuple[Action, float]]:
        actions = legal_actions(scenario, state, seat)
        for action in actions:
            if isinstance(action, Confirm):
                return [(action, 1.0)]
        weights = self._weights(scenario, actions)
        total = sum(w for w in weights if w > 0)
        if total <= 0:
            return [(action, 1.0 / len(actions)) for action in actions]
        return [(a, w / total) for a, w in zip(actions, weights, strict=True) if w > 0]
