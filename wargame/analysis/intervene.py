"""Decisive moves by intervention: what playing a move changes, from where it was chosen.

Comparing games where a move was played with games where it was not credits the move with
whatever made those games last (a move only available in the last turn "prevents" every
early ending). Here the question is asked the way an experiment would: at a decision point
the batch's players actually faced, play the move, and play what the policy would have done
instead, from that very state, and compare how the two games end.

* **Decision points.** The batch's games are replayed (each run is a pure function of its
  seed) and points are drawn uniformly from all the decisions of all its games, so states
  weigh as often as players meet them.
* **Branches.** From a drawn state, every legal action of the seat to act is played out to
  the end under the batch's policies. A move's effect there is its game's outcome minus the
  policy's alternative: the outcomes of the other actions weighted by the policy's own
  probabilities without the move (`Policy.distribution`; uniform over the other actions
  when the policy would always play it).
* **Common random numbers.** Every branch from a point draws its chance, dice and bot
  decisions from `PositionStreams`: the draws at a position of the game (turn, phase, seat)
  depend on the point and the position only, so two branches that reach the same position
  roll the same dice. A move that changes nothing gives a difference of exactly zero.
  Under all-random play the branches run through the engine's generated playout a turn at
  a time, re-keyed at each turn's start (`_branch`): several times cheaper, a little noisier.
* **Estimate.** For each move, the mean of its differences over the points where it was
  legal, with a 95 % Student t interval from those paired differences, and the number of
  points behind it; on each ending's share and on each actor's objective score.

The work per point is a pure function of (scenario, state, policies, streams): the branch
runner `play_out` can move to a faster engine path without changing the method.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import math
from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from random import Random
from typing import Any

from wargame.analysis.play import RunSpec, build_policies, compiled, ending_id, play_game
from wargame.analysis.stats import PairedMean
from wargame.bots import Policy, RandomPolicy
from wargame.engine import (
    UMPIRE,
    Action,
    GameState,
    PlayMove,
    initial_state,
    legal_actions,
    objective_scores,
    playout_from,
    step,
    to_act,
)
from wargame.scenario.ir import ScenarioIR

__all__ = [
    "MIN_POINTS",
    "Effect",
    "InterventionSummary",
    "MoveEffect",
    "PointEffects",
    "PointTask",
    "PositionStreams",
    "RunScan",
    "ScoreEffect",
    "all_random",
    "alternative_weights",
    "branch_points",
    "measure_point",
    "play_out",
    "sample_points",
    "scan_runs",
    "top_up_quotas",
]

MIN_POINTS = 10
"""Fewest decision points a row needs to be shown in the terminal's headline table."""

_MASK = (1 << 64) - 1


def _mix(z: int) -> int:
    """splitmix64's finaliser: a 64-bit integer to a well-scrambled one."""
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


class PositionStreams(Random):
    """Random numbers that depend on where in the game they are drawn, not how it got there.

    `at(state)` selects the stream of the state's position (turn, phase, cursor, and whether
    an adjudication waits); `random()` then returns that stream's values in order. Branches
    from the same decision point share one instance's seed, so whatever position two of them
    reach, they draw the same numbers there (common random numbers). Counter-based
    (splitmix64), so selecting a stream costs a few integer operations, not a reseeding.
    """

    def __init__(self, seed: str) -> None:
        super().__init__(0)
        self._base = int.from_bytes(hashlib.sha256(seed.encode("utf-8")).digest()[:8], "big")
        self._key = self._base
        self._count = 0

    def at(self, state: GameState) -> PositionStreams:
        self._key = self._position_key(state)
        self._count = 0
        return self

    def generator(self, state: GameState) -> Random:
        """A Mersenne Twister seeded by the stream of `state`'s position: for a run of many
        draws from one position (a turn of the fast playout), where seeding once costs less
        than the counter's draws in Python."""
        return Random(self._position_key(state))

    def _position_key(self, state: GameState) -> int:
        position = (
            (state.turn << 32)
            | (state.phase << 20)
            | (state.cursor << 2)
            | (2 if state.pending is not None else 0)
        )
        return _mix(self._base ^ position)

    def random(self) -> float:
        self._count += 1
        z = _mix((self._key + self._count * 0x9E3779B97F4A7C15) & _MASK)
        return (z >> 11) * (1.0 / 9007199254740992.0)


def play_out(
    scenario: ScenarioIR,
    state: GameState,
    policies: Mapping[int | str, Policy],
    streams: PositionStreams,
    *,
    max_steps: int = 100_000,
) -> GameState:
    """Play `state` to the end under `policies`, drawing from `streams` by position."""
    steps = 0
    while steps < max_steps:
        seat = to_act(scenario, state)
        if seat is None:
            break
        rng = streams.at(state)
        action = policies[seat].choose(scenario, state, seat, rng)
        state, _ = step(scenario, state, action, rng, record=False)
        steps += 1
    return state


def all_random(scenario: ScenarioIR, policies: Mapping[int | str, Policy]) -> bool:
    """Whether every actor plays uniformly at random: then a branch is played by the
    engine's generated playout (`playout_from`), several times faster than step by step."""
    return all(type(policies[i]) is RandomPolicy for i in range(len(scenario.actors)))


def _branch(
    scenario: ScenarioIR,
    state: GameState,
    action: Action,
    policies: Mapping[int | str, Policy],
    streams: PositionStreams,
    fast: bool,
    max_steps: int,
) -> GameState:
    """The end of the game in which `action` is played at `state`.

    Step by step, every action draws from the stream of its position. With `fast` (every
    actor random), the engine's generated playout plays a turn at a time instead, each turn
    from the stream of the position it starts at: two branches that reach the start of the
    same turn draw the same numbers through it, and fall out of step within a turn only when
    one draws more than the other (a die the other does not roll).
    """
    after, _ = step(scenario, state, action, streams.at(state), record=False)
    if not fast:
        return play_out(scenario, after, policies, streams, max_steps=max_steps)
    state, left = after, max_steps
    phases = scenario.phases
    while left > 0 and to_act(scenario, state) is not None:
        if state.pending is not None:  # an umpire's ruling waits: only the policies give it
            return play_out(scenario, state, policies, streams, max_steps=left)
        turn_end = len(phases[state.phase].actors) - state.cursor
        turn_end += sum(len(p.actors) for p in phases[state.phase + 1 :])
        rng = streams.generator(state)
        played = playout_from(scenario, state, rng, max_steps=min(turn_end, left))
        if played.steps == 0:
            break
        state, left = played.state, left - played.steps
    return state


def alternative_weights(
    actions: Sequence[Action], distribution: Sequence[tuple[Action, float]], move: Action
) -> list[float]:
    """Per action: its weight in the policy's alternative to `move` (summing to 1).

    The policy's probabilities without `move`, renormalised; uniform over the other actions
    when the policy would always play `move` (or gives no probabilities).
    """
    chance = {action: p for action, p in distribution}
    weights = [0.0 if a == move else max(0.0, chance.get(a, 0.0)) for a in actions]
    total = sum(weights)
    if total <= 1e-12:
        others = sum(1 for a in actions if a != move)
        return [0.0 if a == move else 1.0 / others for a in actions]
    return [w / total for w in weights]


@dataclass(frozen=True, slots=True)
class PointEffects:
    """The differences measured at one decision point, move by move."""

    actor: str
    """Who was deciding."""
    moves: tuple[str, ...]
    """The legal moves measured here (each against the policy's alternative)."""
    endings: tuple[tuple[tuple[str, float], ...], ...]
    """Per move: (ending, difference in the chance of that ending), non-zero ones only."""
    scores: tuple[tuple[tuple[str, float], ...], ...]
    """Per move: (actor, difference in that actor's objective score), non-zero ones only."""


def measure_point(
    scenario: ScenarioIR,
    state: GameState,
    policies: Mapping[int | str, Policy],
    streams: PositionStreams,
    *,
    max_steps: int = 100_000,
    only: str | None = None,
) -> PointEffects | None:
    """Every legal move's effect at `state` (None when no move has an alternative here);
    with `only`, that move's alone (every action is still played: they are its alternative)."""
    seat = to_act(scenario, state)
    if seat is None or seat == UMPIRE:
        return None
    actions = legal_actions(scenario, state, seat)
    moves = [a for a in actions if isinstance(a, PlayMove) and only in (None, a.move)]
    if not moves or len(actions) < 2:
        return None
    try:
        distribution = policies[seat].distribution(scenario, state, seat)
    except NotImplementedError:
        distribution = []
    scored = [i for i, actor in enumerate(scenario.actors) if actor.objectives]
    fast = all_random(scenario, policies)
    endings: list[str] = []
    scores: list[list[float]] = []
    for action in actions:
        final = _branch(scenario, state, action, policies, streams, fast, max_steps)
        endings.append(ending_id(scenario, final))
        every = objective_scores(scenario, final)
        scores.append([every[i] for i in scored])
    ending_rows: list[tuple[tuple[str, float], ...]] = []
    score_rows: list[tuple[tuple[str, float], ...]] = []
    for move in moves:
        weights = alternative_weights(actions, distribution, move)
        mine = actions.index(move)
        shares: dict[str, float] = {endings[mine]: 1.0}
        for weight, ending in zip(weights, endings, strict=True):
            if weight:
                shares[ending] = shares.get(ending, 0.0) - weight
        ending_rows.append(tuple((e, d) for e, d in sorted(shares.items()) if abs(d) > 1e-12))
        changes = []
        for column, actor in enumerate(scored):
            alternative = sum(w * s[column] for w, s in zip(weights, scores, strict=True) if w)
            difference = scores[mine][column] - alternative
            if abs(difference) > 1e-12:
                changes.append((scenario.actors[actor].id, difference))
        score_rows.append(tuple(changes))
    return PointEffects(
        actor=scenario.actors[seat].id,
        moves=tuple(m.move for m in moves),
        endings=tuple(ending_rows),
        scores=tuple(score_rows),
    )


@dataclass(frozen=True, slots=True)
class PointTask:
    """A decision point of a batch run to measure (everything a worker needs, picklable)."""

    run: RunSpec
    """The batch run the point is in (its scenario, settings, policies and seed)."""
    step: int
    """The point: the state after this many actions of the run."""
    seed: str
    """The seed of the branches' streams."""


def branch_points(tasks: list[PointTask]) -> list[PointEffects | None]:
    """Measure several points (one executor task). Pure: a function of the tasks only."""
    out: list[PointEffects | None] = []
    for task in tasks:
        run = task.run
        scenario = compiled(run.scenario_text, run.scenario_name, run.overrides)
        policies = build_policies(scenario, dict(run.policies), run.default_policy)
        state = play_game(scenario, policies, Random(run.seed), max_steps=task.step)[0]
        streams = PositionStreams(task.seed)
        out.append(measure_point(scenario, state, policies, streams, max_steps=run.max_steps))
    return out


@dataclass(frozen=True, slots=True)
class RunScan:
    """A batch run to replay, measuring one move at every decision point where it is legal."""

    run: RunSpec
    move: str
    seed: str
    """The seed of the branches' streams (each point adds its step)."""


def scan_runs(tasks: list[RunScan]) -> list[list[PointEffects]]:
    """Per task: the move's effect at each point of the run where it is legal, in order.

    The run is replayed step by step with its own generator, exactly as the batch played
    it (`play_game`); the branches draw from their own streams, never from the game's.
    """
    out: list[list[PointEffects]] = []
    for task in tasks:
        run = task.run
        scenario = compiled(run.scenario_text, run.scenario_name, run.overrides)
        policies = build_policies(scenario, dict(run.policies), run.default_policy)
        mover = scenario.move(task.move).actor
        rng = Random(run.seed)
        state = initial_state(scenario, rng=rng, record=False)
        found: list[PointEffects] = []
        for steps in range(run.max_steps):
            seat = to_act(scenario, state)
            if seat is None:
                break
            if seat == mover and any(
                isinstance(a, PlayMove) and a.move == task.move
                for a in legal_actions(scenario, state, seat)
            ):
                streams = PositionStreams(f"{task.seed}:{steps}")
                point = measure_point(
                    scenario, state, policies, streams, max_steps=run.max_steps, only=task.move
                )
                if point is not None:
                    found.append(point)
            action = policies[seat].choose(scenario, state, seat, rng)
            state, _ = step(scenario, state, action, rng, record=False)
        out.append(found)
    return out


def top_up_quotas(
    counts: Mapping[str, int], candidates: Sequence[str], budget: int
) -> dict[str, int]:
    """Extra points per move that bring the least-measured `candidates` up to one level.

    Water-filling: the highest level L with the sum of max(0, L - count) within `budget`;
    each move below L gets the difference.
    """
    if budget <= 0 or not candidates:
        return {}
    have = [counts.get(m, 0) for m in candidates]
    low, high = 0, max(have) + budget
    while low < high:
        middle = (low + high + 1) // 2
        if sum(max(0, middle - c) for c in have) <= budget:
            low = middle
        else:
            high = middle - 1
    return {m: low - c for m, c in zip(candidates, have, strict=True) if c < low}


def sample_points(
    runs: Sequence[int], steps: Sequence[int], count: int, seed: str
) -> list[tuple[int, int]]:
    """`count` decision points (run index, actions before it), uniform over every decision.

    Run `runs[i]` took `steps[i]` actions (two flat sequences, in any order: a batch of
    100,000 runs keeps them as arrays of 16 bytes a run rather than as pairs). Drawn with
    replacement and returned in run order (so a worker replays each run's prefix close to
    the last), the same for the same seed.
    """
    ordered = all(a < b for a, b in itertools.pairwise(runs))
    order = range(len(runs)) if ordered else sorted(range(len(runs)), key=runs.__getitem__)
    kept = array("q")
    cumulative = array("q")
    total = 0
    for i in order:
        if steps[i] > 0:
            total += steps[i]
            kept.append(runs[i])
            cumulative.append(total)
    if not kept or count <= 0:
        return []
    rng = Random(f"{seed}:interventions")
    points = []
    for _ in range(count):
        u = int(rng.random() * total)
        index = bisect.bisect_right(cumulative, u)
        before = cumulative[index - 1] if index else 0
        points.append((kept[index], u - before))
    points.sort()
    return points


@dataclass(frozen=True, slots=True)
class Effect:
    """A move's mean paired difference over `n` decision points, with its 95 % interval."""

    move: str
    n: int
    """Decision points behind the estimate."""
    difference: float
    low: float
    high: float

    @property
    def clear(self) -> bool:
        """Whether the 95 % interval excludes zero."""
        return self.low > 0 or self.high < 0


@dataclass(frozen=True, slots=True)
class MoveEffect(Effect):
    """A move's effect on one ending's share, as the difference of shares (0.1 = 10 points)."""

    ending: str = ""


@dataclass(frozen=True, slots=True)
class ScoreEffect(Effect):
    """A move's effect on one actor's weighted objective score."""

    actor: str = ""


def _rank(row: MoveEffect | ScoreEffect) -> tuple[bool, float, str, str]:
    other = row.ending if isinstance(row, MoveEffect) else row.actor
    size = 0.0 if math.isnan(row.difference) else abs(row.difference)
    return (not row.clear, -size, row.move, other)


@dataclass
class InterventionSummary:
    """The measured points folded into per-move means, in constant memory."""

    budget: int = 0
    """Decision points to measure in all."""
    measured: int = 0
    """Points measured (where at least one move had an alternative)."""
    topped_up: dict[str, int] = field(default_factory=dict)
    """Move -> points added for it alone, after the uniform draw."""
    moves: dict[str, int] = field(default_factory=dict)
    """Move -> decision points where it was measured."""
    movers: dict[str, str] = field(default_factory=dict)
    """Move -> the actor who decides it."""
    endings: dict[tuple[str, str], PairedMean] = field(default_factory=dict)
    """(move, ending) -> its non-zero differences (the zeros are counted by `moves`)."""
    scores: dict[tuple[str, str], PairedMean] = field(default_factory=dict)
    """(move, actor) -> its non-zero differences."""
    ending_ids: set[str] = field(default_factory=set)

    def add(self, point: PointEffects | None) -> None:
        if point is None:
            return
        self.measured += 1
        for move, ending_row, score_row in zip(
            point.moves, point.endings, point.scores, strict=True
        ):
            self.moves[move] = self.moves.get(move, 0) + 1
            self.movers[move] = point.actor
            for ending, difference in ending_row:
                self.ending_ids.add(ending)
                self.endings.setdefault((move, ending), PairedMean()).add(difference)
            for actor, difference in score_row:
                self.scores.setdefault((move, actor), PairedMean()).add(difference)

    def _complete(self, mean: PairedMean | None, n: int) -> PairedMean:
        """The pair's differences with a zero for every point where it did not change."""
        complete = PairedMean(mean.n, mean.total, mean.squares) if mean else PairedMean()
        complete.add_zeros(n - complete.n)
        return complete

    def _rows(
        self, table: dict[tuple[str, str], PairedMean], others: Sequence[str]
    ) -> Iterator[tuple[str, str, int, float, float, float]]:
        """(move, other, n, mean, low, high) for every move and every one of `others`."""
        for move, n in self.moves.items():
            for other in others:
                mean = self._complete(table.get((move, other)), n)
                low, high = mean.interval()
                yield move, other, n, mean.mean, low, high

    def ending_effects(self, endings: Sequence[str] = ()) -> list[MoveEffect]:
        """Every move's effect on every ending's share, clearest and largest first."""
        every = sorted(set(endings) | self.ending_ids)
        rows = [  # a change in a share lies in [-1, 1]: so does its interval
            MoveEffect(move, n, mean, max(low, -1.0), min(high, 1.0), ending=ending)
            for move, ending, n, mean, low, high in self._rows(self.endings, every)
        ]
        return sorted(rows, key=_rank)

    def score_effects(self, actors: Sequence[str] = ()) -> list[ScoreEffect]:
        """Every move's effect on every scored actor's objective score, clearest first."""
        every = list(dict.fromkeys([*actors, *(a for _, a in self.scores)]))
        rows = [
            ScoreEffect(move, n, mean, low, high, actor=actor)
            for move, actor, n, mean, low, high in self._rows(self.scores, every)
        ]
        return sorted(rows, key=_rank)

    def to_json(self) -> dict[str, object]:
        """Everything needed to rebuild the tables exactly (sums, not rounded figures)."""
        return {
            "budget": self.budget,
            "measured": self.measured,
            "topped_up": self.topped_up,
            "moves": self.moves,
            "movers": self.movers,
            "endings": [[m, e, v.n, v.total, v.squares] for (m, e), v in self.endings.items()],
            "scores": [[m, a, v.n, v.total, v.squares] for (m, a), v in self.scores.items()],
            "ending_ids": sorted(self.ending_ids),
        }

    @staticmethod
    def from_json(raw: Mapping[str, Any]) -> InterventionSummary:
        """The summary `to_json` wrote (ValueError, KeyError or TypeError when it is not)."""
        out = InterventionSummary(budget=int(raw["budget"]), measured=int(raw["measured"]))
        out.moves = {str(k): int(v) for k, v in raw["moves"].items()}
        out.movers = {str(k): str(v) for k, v in raw["movers"].items()}
        out.topped_up = {str(k): int(v) for k, v in raw.get("topped_up", {}).items()}
        for key, table in (("endings", out.endings), ("scores", out.scores)):
            for move, other, n, total, squares in raw[key]:
                table[(str(move), str(other))] = PairedMean(int(n), float(total), float(squares))
        out.ending_ids = {str(e) for e in raw["ending_ids"]}
        return out
