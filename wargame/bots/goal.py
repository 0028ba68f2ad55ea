"""Goal-seeking play: one step of look-ahead on the actor's own objectives.

For each legal action the policy plays it on a copy of the state and scores the result with
the actor's objectives (the weighted sum of their `score` expressions). Adjudicated moves are
scored by expectation: the copy is put in umpire mode so each outcome can be forced, and
each outcome's score is weighted by its exact probability (`wargame.bots.odds`). In a
simultaneous phase an order only resolves once every order is in, so the look-ahead assumes
the seats still to order hold back (pass). Ties go to a draw from the generator, so the
policy stays deterministic for a seed yet does not always favour the first listed move.
"""

from __future__ import annotations

from random import Random

from wargame.bots.odds import outcome_probabilities
from wargame.bots.policy import Decision, SeatRef, action_words
from wargame.engine import (
    UMPIRE,
    Action,
    Confirm,
    GameState,
    Override,
    Pass,
    PlayMove,
    Rate,
    legal_actions,
    step,
)
from wargame.errors import IllegalActionError
from wargame.scenario.ir import ScenarioIR

LOOKAHEAD_REASON = "look-ahead"
_TIE = 1e-9


class GoalSeekingPolicy:
    """Maximises the expected objective score of `actor` one action ahead."""

    name = "goal"

    def __init__(self, scenario: ScenarioIR, actor: str) -> None:
        self.actor = actor
        self.index = scenario.names.actors.get(actor, -1)

    def score(self, scenario: ScenarioIR, state: GameState) -> float:
        """The actor's weighted objective score in `state` (booleans count 1 or 0)."""
        return 0.0 if self.index < 0 else scenario.objective_score(state, self.index)

    def choose(self, scenario: ScenarioIR, state: GameState, seat: SeatRef, rng: Random) -> Action:
        return self.decide(scenario, state, seat, rng).action

    def decide(
        self, scenario: ScenarioIR, state: GameState, seat: SeatRef, rng: Random
    ) -> Decision:
        actions = legal_actions(scenario, state, seat)
        if not actions:
            raise ValueError(f"no legal action for seat {seat!r}")
        if seat == UMPIRE:
            for action in actions:
                if isinstance(action, Rate) and action.rating == "neutral":
                    return Decision(action, "goal umpire: rates the argument neutral")
            for action in actions:
                if isinstance(action, Confirm):
                    return Decision(action, "goal umpire: confirms the rules' proposal")
            return Decision(actions[0], "goal umpire: the first choice")
        values = [(action, self.expected_score(scenario, state, action)) for action in actions]
        best = _best(values)
        action = best[min(int(rng.random() * len(best)), len(best) - 1)]
        top = max(value for _, value in values)
        others = [value for a, value in values if value < top - _TIE]
        why = (
            f"goal: {action_words(scenario, action)}, expected score {top:.2f} one move ahead "
            f"(best of {len(actions)}"
        )
        why += f"; next best {max(others):.2f})" if others else "; all score the same)"
        return Decision(action, why)

    def best_actions(
        self, scenario: ScenarioIR, state: GameState, actions: list[Action]
    ) -> list[Action]:
        """The actions with the highest expected score (ties kept, in listed order)."""
        return _best([(action, self.expected_score(scenario, state, action)) for action in actions])

    def distribution(
        self, scenario: ScenarioIR, state: GameState, seat: SeatRef
    ) -> list[tuple[Action, float]]:
        actions = legal_actions(scenario, state, seat)
        if seat == UMPIRE:
            return [(self.choose(scenario, state, seat, Random(0)), 1.0)]
        best = self.best_actions(scenario, state, actions)
        return [(action, 1.0 / len(best)) for action in best]

    def expected_score(self, scenario: ScenarioIR, state: GameState, action: Action) -> float:
        """Expected score after `action`, outcomes weighted by their exact odds."""
        probe = state._replace(umpire=True)
        rng = Random(0)  # never consulted for forced outcomes; keeps the probe pure
        try:
            after, _ = step(scenario, probe, action, rng, record=False)
        except IllegalActionError:
            return float("-inf")
        after = self._settle(scenario, after, rng)
        pending = after.pending
        if pending is None or not isinstance(action, PlayMove):
            return self.score(scenario, after)
        move = scenario.moves[pending.move]
        if pending.stage == "rate":
            after, _ = step(scenario, after, Rate("neutral", LOOKAHEAD_REASON), rng, record=False)
            pending = after.pending
            if pending is None:
                return self.score(scenario, after)
        resolution = move.resolution
        if resolution is None:
            return self.score(scenario, after)
        probabilities = outcome_probabilities(move, after)
        total = 0.0
        for index, p in enumerate(probabilities):
            if p <= 0:
                continue
            ruling: Action = (
                Confirm(LOOKAHEAD_REASON)
                if index == pending.proposed
                else Override(resolution.outcomes[index].id, LOOKAHEAD_REASON)
            )
            try:
                resolved, _ = step(scenario, after, ruling, rng, record=False)
            except IllegalActionError:
                continue
            total += p * self.score(scenario, resolved)
        return total

    def _settle(self, scenario: ScenarioIR, state: GameState, rng: Random) -> GameState:
        """Let the other seats of a simultaneous phase pass so the order resolves."""
        phase = scenario.phases[state.phase] if state.ending is None else None
        if phase is None or phase.mode != "simultaneous":
            return state
        start_phase, start_turn = state.phase, state.turn
        for _ in range(len(phase.actors)):
            if state.pending is not None or state.ending is not None:
                break
            if state.phase != start_phase or state.turn != start_turn:
                break
            actor = phase.actors[state.cursor] if state.cursor < len(phase.actors) else None
            if actor is None:
                break
            try:
                state, _ = step(scenario, state, Pass(scenario.actors[actor].id), rng, record=False)
            except IllegalActionError:
                break
        return state


def _best(values: list[tuple[Action, float]]) -> list[Action]:
    """The actions with the highest value (ties kept, in listed order)."""
    best: list[Action] = []
    best_value = float("-inf")
    for action, value in values:
        if value > best_value + _TIE:
            best, best_value = [action], value
        elif value >= best_value - _TIE:
            best.append(action)
    return best
