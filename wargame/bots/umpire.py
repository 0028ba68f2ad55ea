"""The bot umpire: accepts the engine's proposals, rates arguments as neutral."""

from __future__ import annotations

from random import Random

from wargame.bots.policy import Decision, SeatRef
from wargame.engine import Action, Confirm, GameState, Rate, awaiting_ruling, legal_actions
from wargame.scenario.ir import ScenarioIR


class AcceptingUmpire:
    """Confirms every proposed adjudication and rates every argued move `neutral`; a free
    action gets what the scenario's argument rule gives it.

    With it, an umpire-mode game plays out exactly as the same game without an umpire
    would, which makes it the right stand-in for an absent facilitator.
    """

    name = "accept"

    def choose(self, scenario: ScenarioIR, state: GameState, seat: SeatRef, rng: Random) -> Action:
        actions = legal_actions(scenario, state, seat)
        for action in actions:
            if isinstance(action, Rate) and action.rating == "neutral":
                return action
        for action in actions:
            if isinstance(action, Confirm):
                return action
        if not actions:
            raise ValueError(f"no legal action for seat {seat!r}")
        return actions[0]

    def decide(
        self, scenario: ScenarioIR, state: GameState, seat: SeatRef, rng: Random
    ) -> Decision:
        action = self.choose(scenario, state, seat, rng)
        if isinstance(action, Rate):
            return Decision(action, "accepting umpire: rates every argument neutral")
        if isinstance(action, Confirm) and awaiting_ruling(state) is not None:
            return Decision(action, "accepting umpire: rules on the free action as the rule does")
        if isinstance(action, Confirm) and state.pending is None:
            return Decision(action, "accepting umpire: confirms the ending the rules propose")
        return Decision(action, "accepting umpire: confirms the rules' proposal")

    def distribution(
        self, scenario: ScenarioIR, state: GameState, seat: SeatRef
    ) -> list[tuple[Action, float]]:
        return [(self.choose(scenario, state, seat, Random(0)), 1.0)]
