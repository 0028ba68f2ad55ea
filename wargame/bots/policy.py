"""The policy protocol: how a bot picks an action for the seat that must act, and how it
says why in one line for the umpire's log."""

from __future__ import annotations

from random import Random
from typing import Literal, NamedTuple, Protocol

from wargame.engine import Action, GameState, Pass, PlayMove
from wargame.scenario.ir import ScenarioIR

SeatRef = int | Literal["umpire"]


class Decision(NamedTuple):
    """A bot's choice and its one-line account ("expected score 4.2 over 60 rollouts")."""

    action: Action
    why: str


class Policy(Protocol):
    """Chooses an action for `seat` from the legal actions of `state`.

    Policies are pure functions of their arguments (all randomness comes from `rng`), so a
    seeded batch gives the same games in any process.
    """

    name: str

    def choose(self, scenario: ScenarioIR, state: GameState, seat: SeatRef, rng: Random) -> Action:
        """Return one of `legal_actions(scenario, state, seat)`."""
        ...

    def distribution(
        self, scenario: ScenarioIR, state: GameState, seat: SeatRef
    ) -> list[tuple[Action, float]]:
        """Every action `choose` may return here, with its probability (exact exploration)."""
        ...


class Explaining(Protocol):
    """A policy that can say why: `decide` chooses exactly what `choose` would (drawing the
    same numbers from `rng`) and explains it in one line."""

    def decide(
        self, scenario: ScenarioIR, state: GameState, seat: SeatRef, rng: Random
    ) -> Decision:
        """`choose`, with the reason."""
        ...


def decide(
    policy: Policy, scenario: ScenarioIR, state: GameState, seat: SeatRef, rng: Random
) -> Decision:
    """The policy's choice with its one-line reason (empty for a policy that gives none)."""
    explain = getattr(policy, "decide", None)
    if explain is not None:
        decision: Decision = explain(scenario, state, seat, rng)
        return decision
    return Decision(policy.choose(scenario, state, seat, rng), "")


def action_words(scenario: ScenarioIR, action: Action) -> str:
    """An action as a reason names it: `'Call a summit'`, `pass`, `confirm`."""
    if isinstance(action, PlayMove):
        index = scenario.names.moves.get(action.move)
        return f"'{scenario.moves[index].label}'" if index is not None else action.move
    if isinstance(action, Pass):
        return "pass"
    return type(action).__name__.lower()
