"""Exact exploration of the game tree: the probability of each ending, not an estimate.

The tree alternates decision nodes (a seat's policy gives each action a probability:
`Policy.distribution`) and chance nodes inside `step` (chance outcomes, dice, random
injects). Chance inside a step is enumerated by replaying the step with a `Branching`
generator that follows a chosen path of branches and records the ones it has not taken
yet, so the engine's own rules decide every branch and nothing is modelled twice.

States reached by different paths are merged (a transposition table keyed on the rules'
state without its history), which keeps small scenarios exact and cheap. A node budget
bounds the work: a tree bigger than the budget stops with a clear `ExploreBudgetError`
rather than running for hours.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from wargame.analysis.play import ending_id
from wargame.bots import Policy
from wargame.engine import Action, Branching, GameState, initial_state, step, to_act
from wargame.errors import WargameError
from wargame.scenario.ir import ScenarioIR

UNFINISHED = "unfinished"
"""Probability mass of games cut off by the depth limit."""


class ExploreBudgetError(WargameError):
    """The tree has more distinct states than the node budget allows."""


class _PathRandom(Branching):
    """Follows `path` at the first chance points, then the first branch, noting the others."""

    def __init__(self, path: Sequence[int]) -> None:
        super().__init__(0)
        self.path = list(path)
        self.taken: list[int] = []
        self.probability = 1.0
        self.siblings: list[tuple[list[int], float]] = []

    def branch(self, weights: Sequence[float]) -> int:
        total = sum(w for w in weights if w > 0)
        depth = len(self.taken)
        if depth < len(self.path):
            index = self.path[depth]
        else:
            open_ = [i for i, w in enumerate(weights) if w > 0]
            index = open_[0]
            for other in open_[1:]:
                self.siblings.append(([*self.taken, other], weights[other] / total))
        self.taken.append(index)
        self.probability *= weights[index] / total
        return index


def step_outcomes(
    scenario: ScenarioIR, state: GameState, action: Action
) -> list[tuple[GameState, float]]:
    """Every state `action` can lead to, with its probability (chance enumerated exactly)."""
    outcomes: list[tuple[GameState, float]] = []
    paths: list[list[int]] = [[]]
    while paths:
        path = paths.pop()
        rng = _PathRandom(path)
        after, _ = step(scenario, state, action, rng, record=False)
        outcomes.append((after, rng.probability))
        paths.extend(p for p, _ in rng.siblings)
    return outcomes


def opening_outcomes(
    scenario: ScenarioIR, *, umpire: bool = False
) -> list[tuple[GameState, float]]:
    """The possible opening states (turn 1's random injects), with probabilities."""
    outcomes: list[tuple[GameState, float]] = []
    paths: list[list[int]] = [[]]
    while paths:
        path = paths.pop()
        rng = _PathRandom(path)
        state = initial_state(scenario, umpire=umpire, rng=rng, record=False)
        outcomes.append((state, rng.probability))
        paths.extend(p for p, _ in rng.siblings)
    return outcomes


@dataclass
class ExploreResult:
    """Exact ending probabilities and what the exploration cost."""

    probabilities: dict[str, float] = field(default_factory=dict)
    nodes: int = 0
    """Distinct states expanded."""
    max_turn: int | None = None


def _key(state: GameState) -> GameState:
    # The rules never read the history or the step count, so states equal but for them
    # have the same future and can share one answer.
    return state._replace(steps=0, log=None, cohesion_history=(), var_history=())  # type: ignore[arg-type]


def explore(
    scenario: ScenarioIR,
    policies: Mapping[int | str, Policy],
    *,
    max_nodes: int = 200_000,
    max_turn: int | None = None,
) -> ExploreResult:
    """The exact probability of each ending under `policies` (every seat needs one).

    `max_turn` stops the tree at the start of that turn (the rest counts as `unfinished`).
    Raises ExploreBudgetError when more than `max_nodes` distinct states would be needed.
    """
    memo: dict[GameState, dict[str, float]] = {}
    result = ExploreResult(max_turn=max_turn)

    def value(state: GameState) -> dict[str, float]:
        key = _key(state)
        cached = memo.get(key)
        if cached is not None:
            return cached
        seat = to_act(scenario, state)
        if seat is None:
            answer = {ending_id(scenario, state): 1.0}
        elif max_turn is not None and state.turn > max_turn:
            answer = {UNFINISHED: 1.0}
        else:
            result.nodes += 1
            if result.nodes > max_nodes:
                raise ExploreBudgetError(
                    f"the game tree of {scenario.id!r} has more than {max_nodes:,} distinct "
                    "states under these policies; raise --max-nodes, limit --depth, or "
                    "estimate with `wargame simulate`"
                )
            answer = {}
            for action, p_action in policies[seat].distribution(scenario, state, seat):
                for after, p_chance in step_outcomes(scenario, state, action):
                    weight = p_action * p_chance
                    for ending, p in value(after).items():
                        answer[ending] = answer.get(ending, 0.0) + weight * p
        memo[key] = answer
        return answer

    totals: dict[str, float] = {}
    for opening, p_open in opening_outcomes(scenario):
        for ending, p in value(opening).items():
            totals[ending] = totals.get(ending, 0.0) + p_open * p
    result.probabilities = dict(sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])))
    return result
