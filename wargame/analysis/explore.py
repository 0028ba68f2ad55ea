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


class _Tree:
    """Exact ending probabilities of states under `policies`, memoised by rules-state."""

    def __init__(
        self,
        scenario: ScenarioIR,
        policies: Mapping[int | str, Policy],
        max_nodes: int,
        max_turn: int | None,
    ) -> None:
        self.scenario = scenario
        self.policies = policies
        self.max_nodes = max_nodes
        self.max_turn = max_turn
        self.memo: dict[GameState, dict[str, float]] = {}
        self.nodes = 0

    def count(self) -> None:
        self.nodes += 1
        if self.nodes > self.max_nodes:
            raise ExploreBudgetError(
                f"the game tree of {self.scenario.id!r} has more than {self.max_nodes:,} "
                "distinct states under these policies; raise --max-nodes, limit --depth, or "
                "estimate with `wargame simulate`"
            )

    def value(self, state: GameState) -> dict[str, float]:
        """Each ending's probability from `state` on."""
        key = _key(state)
        cached = self.memo.get(key)
        if cached is not None:
            return cached
        scenario = self.scenario
        seat = to_act(scenario, state)
        if seat is None:
            answer = {ending_id(scenario, state): 1.0}
        elif self.max_turn is not None and state.turn > self.max_turn:
            answer = {UNFINISHED: 1.0}
        else:
            self.count()
            answer = {}
            for action, p_action in self.policies[seat].distribution(scenario, state, seat):
                for ending, p in self.after(state, action).items():
                    answer[ending] = answer.get(ending, 0.0) + p_action * p
        self.memo[key] = answer
        return answer

    def after(self, state: GameState, action: Action) -> dict[str, float]:
        """Each ending's probability once `action` is played at `state`."""
        answer: dict[str, float] = {}
        for outcome, p_chance in step_outcomes(self.scenario, state, action):
            for ending, p in self.value(outcome).items():
                answer[ending] = answer.get(ending, 0.0) + p_chance * p
        return answer


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
    tree = _Tree(scenario, policies, max_nodes, max_turn)
    totals: dict[str, float] = {}
    for opening, p_open in opening_outcomes(scenario):
        for ending, p in tree.value(opening).items():
            totals[ending] = totals.get(ending, 0.0) + p_open * p
    return ExploreResult(
        probabilities=dict(sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))),
        nodes=tree.nodes,
        max_turn=max_turn,
    )


def exact_effects(
    scenario: ScenarioIR,
    policies: Mapping[int | str, Policy],
    *,
    max_nodes: int = 200_000,
) -> dict[tuple[str, str], float]:
    """Each move's exact effect on each ending's share, as `wargame simulate` estimates it.

    The effect at a decision point is the ending's probability after the move minus its
    probability after the policy's alternative (`intervene.alternative_weights`); the result
    averages it over every decision point where the move is legal, each weighted by the
    chance that games reach it: the quantity the interventional estimate samples.
    """
    from wargame.analysis.intervene import alternative_weights
    from wargame.engine import UMPIRE, PlayMove, legal_actions

    tree = _Tree(scenario, policies, max_nodes, None)
    frontier: dict[GameState, tuple[GameState, float]] = {}
    for opening, p_open in opening_outcomes(scenario):
        key = _key(opening)
        frontier[key] = (opening, frontier.get(key, (opening, 0.0))[1] + p_open)
    sums: dict[tuple[str, str], float] = {}
    reach: dict[str, float] = {}
    while frontier:
        following: dict[GameState, tuple[GameState, float]] = {}
        for state, p_state in frontier.values():
            seat = to_act(scenario, state)
            if seat is None:
                continue
            distribution = policies[seat].distribution(scenario, state, seat)
            if seat != UMPIRE:
                actions = legal_actions(scenario, state, seat)
                moves = [a for a in actions if isinstance(a, PlayMove)]
                if moves and len(actions) > 1:
                    values = [tree.after(state, a) for a in actions]
                    for move in moves:
                        weights = alternative_weights(actions, distribution, move)
                        mine = values[actions.index(move)]
                        reach[move.move] = reach.get(move.move, 0.0) + p_state
                        endings = set(mine).union(*values)
                        for ending in endings:
                            alternative = sum(
                                w * v.get(ending, 0.0) for w, v in zip(weights, values, strict=True)
                            )
                            change = mine.get(ending, 0.0) - alternative
                            sums[(move.move, ending)] = (
                                sums.get((move.move, ending), 0.0) + p_state * change
                            )
            for action, p_action in distribution:
                for outcome, p_chance in step_outcomes(scenario, state, action):
                    key = _key(outcome)
                    held = following.get(key)
                    weight = p_state * p_action * p_chance
                    following[key] = (outcome, (held[1] if held else 0.0) + weight)
        frontier = following
    return {(move, ending): total / reach[move] for (move, ending), total in sums.items()}
