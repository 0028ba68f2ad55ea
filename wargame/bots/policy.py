"""The policy protocol: how a bot picks an action for the seat that must act."""

from __future__ import annotations

from random import Random
from typing import Literal, Protocol

from wargame.engine import Action, GameState
from wargame.scenario.ir import ScenarioIR

SeatRef = int | Literal["umpire"]


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
