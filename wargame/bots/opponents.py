"""Opponent models: how the search bot's rollouts play the other seats.

A rollout is only as good as its guess of what the others will do. By default
(`weighted`) every seat plays on as the weighted bot does, through the engine's generated
playout: the scenario's idea of a plausible player, about 0.1 ms a rollout. When the bot
knows what kind of players it faces, as a person at the table would, it may say so
(`search:300:goal`, `search:random`): the rollouts then play the seats by that policy.

* `weighted` (the default) and `random`: the whole rollout is the engine's fast playout,
  weighted or uniform, every seat (the bot's own included) alike.
* `goal`: every seat chooses as the goal bot would (its best expected score one move
  ahead on what that seat may see of the rollout's state, ties drawn) to the end of the
  game, the bot's own seat included, as in the other models: the search then improves on
  the policy it assumes for itself (Bertsekas's
  rollout algorithm), here the goal bot's, and that holds only when the rollout plays that
  policy to the end (an earlier form handed over to weighted play after one round). The
  goal bot's choice depends only on the state, and the first steps of the rollouts of one
  decision reach only a few states (the dice have few outcomes), so its choices are
  remembered for the decision. A goal rollout from Greenland's opening costs about 9 ms,
  a hundred weighted ones, so `search:goal` has its own, smaller default budget
  (`wargame.bots.search.DEFAULT_GOAL_ROLLOUTS`), counted from the opening: later
  decisions, whose rollouts are shorter, get more (`SearchPolicy.budget_at`). `horizon`
  can still cut it short (the fast weighted playout then finishes the game).

Every model plays from the determinised state, so it uses only what the bot's actor may
see, and draws only from the rollout's generator, so a seed gives the same search.
"""

from __future__ import annotations

from random import Random
from typing import Final

from wargame.bots.goal import GoalSeekingPolicy
from wargame.engine import Action, GameState, legal_actions, playout_from, step, to_act
from wargame.scenario.ir import ScenarioIR

__all__ = ["DEFAULT_OPPONENTS", "OPPONENT_MODELS", "Opponents"]

OPPONENT_MODELS: Final = ("weighted", "random", "goal")
"""The opponent models a search bot accepts (`search:400:goal`)."""

DEFAULT_OPPONENTS: Final = "weighted"
"""The model when none is given: the scenario's plausible player, the cheapest good guess."""


class Opponents:
    """Plays rollouts for `actor`'s search with the seats modelled as `model`."""

    def __init__(
        self, scenario: ScenarioIR, actor: int, model: str = DEFAULT_OPPONENTS,
        *, horizon: int | None = None,
    ) -> None:
        if model not in OPPONENT_MODELS:
            raise ValueError(
                f"unknown opponent model {model!r} (known: {', '.join(OPPONENT_MODELS)})"
            )
        self.model = model
        self.actor = actor
        self.horizon = horizon
        """Decisions played by the model before the fast playout takes over (`goal`; None:
        to the end of the game)."""
        self._goals = {i: GoalSeekingPolicy(scenario, a.id) for i, a in enumerate(scenario.actors)}
        self._best: dict[GameState, list[Action]] = {}

    def forget(self) -> None:
        """Drop the remembered choices (a new decision: the states it reaches are new)."""
        self._best.clear()

    def goal_choices(self, scenario: ScenarioIR, state: GameState, seat: int) -> list[Action]:
        """The goal bot's best actions for `seat` in `state` (ties in listed order), judged
        on what `seat` may see, as the goal bot draws among them; remembered for the
        decision."""
        best = self._best.get(state)
        if best is None:
            best = self._goals[seat].best_actions(
                scenario, state, seat, legal_actions(scenario, state, seat)
            )
            self._best[state] = best
        return best

    def rollout(self, scenario: ScenarioIR, state: GameState, rng: Random) -> GameState:
        """The end of one rollout from `state` (a determinised state a seat acts in)."""
        if self.model != "goal":
            return playout_from(scenario, state, rng, weighted=self.model == "weighted").state
        played = 0
        while self.horizon is None or played < self.horizon:
            seat = to_act(scenario, state)
            if not isinstance(seat, int):
                break
            best = self.goal_choices(scenario, state, seat)
            action = best[min(int(rng.random() * len(best)), len(best) - 1)]
            state, _ = step(scenario, state, action, rng, record=False)
            played += 1
        if state.ending is not None or to_act(scenario, state) is None:
            return state
        return playout_from(scenario, state, rng, weighted=True).state
