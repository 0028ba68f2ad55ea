"""Play one complete game with bots and summarise it as a flat record.

`run_one(spec)` is a pure, picklable, top-level function: the batch driver can hand it to any
`concurrent.futures` executor (local processes, Dask), and its result depends only on the
spec, never on which worker ran it or when.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from random import Random
from typing import Any

from wargame.bots import Policy, RandomPolicy, make_policy
from wargame.engine import UMPIRE, GameState, PlayMove, initial_state, playout, step, to_act
from wargame.engine import ending_id as engine_ending_id
from wargame.scenario.ir import ScenarioIR


@dataclass(frozen=True, slots=True)
class RunSpec:
    """Everything one run needs, and nothing that can't be pickled."""

    scenario_text: str
    scenario_name: str
    run_index: int
    seed: str
    policies: tuple[tuple[str, str], ...] = ()
    """(actor id, policy spec) pairs; actors not listed play `default_policy`."""
    default_policy: str = "random"
    overrides: tuple[tuple[str, str], ...] = ()
    """Sweep settings (`variables.escalation.start`, value) applied before compiling."""
    max_steps: int = 100_000


@dataclass(frozen=True, slots=True)
class RunResult:
    """One run, as the results file stores it."""

    run_index: int
    seed: str
    ending: str
    turn: int
    steps: int
    moves: tuple[str, ...]
    cohesion: dict[str, list[float]] = field(default_factory=dict)
    """Alliance id -> cohesion at the start of each turn and at the end of the game."""
    variables: dict[str, list[float]] = field(default_factory=dict)
    """Key variable id -> value at the start of each turn and at the end."""
    scores: dict[str, float] = field(default_factory=dict)
    """Actor id -> weighted objective score at the end."""
    params: dict[str, str] = field(default_factory=dict)

    def to_record(self) -> dict[str, Any]:
        return {
            "run": self.run_index,
            "seed": self.seed,
            "ending": self.ending,
            "turn": self.turn,
            "steps": self.steps,
            "moves": list(self.moves),
            "cohesion": self.cohesion,
            "variables": self.variables,
            "scores": self.scores,
            "params": self.params,
        }

    @staticmethod
    def from_record(raw: Mapping[str, Any]) -> RunResult:
        return RunResult(
            run_index=int(raw["run"]),
            seed=str(raw["seed"]),
            ending=str(raw["ending"]),
            turn=int(raw["turn"]),
            steps=int(raw["steps"]),
            moves=tuple(raw["moves"]),
            cohesion={k: [float(x) for x in v] for k, v in raw["cohesion"].items()},
            variables={k: [float(x) for x in v] for k, v in raw["variables"].items()},
            scores={k: float(v) for k, v in raw["scores"].items()},
            params={k: str(v) for k, v in raw.get("params", {}).items()},
        )


def run_seed(batch_seed: int | str, run_index: int) -> str:
    """The seed of run `run_index`: independent of scheduling and of the number of workers."""
    return f"{batch_seed}:{run_index}"


@functools.lru_cache(maxsize=16)
def _compiled(text: str, name: str, overrides: tuple[tuple[str, str], ...]) -> ScenarioIR:
    from wargame.analysis.sweep import load_with_overrides

    return load_with_overrides(text, name, overrides)


def key_variables(scenario: ScenarioIR) -> list[int]:
    """Variables marked `key: true`, or all of them when none is marked."""
    marked = [i for i, v in enumerate(scenario.variables) if v.key]
    return marked or list(range(len(scenario.variables)))


def ending_id(scenario: ScenarioIR, state: GameState) -> str:
    """The id of the ending `state` reached (`unfinished` if the step budget ran out)."""
    return engine_ending_id(scenario, state) or "unfinished"


def play_game(
    scenario: ScenarioIR,
    policies: Mapping[int | str, Policy],
    rng: Random,
    *,
    umpire: bool = False,
    max_steps: int = 100_000,
) -> tuple[GameState, list[str], dict[str, list[float]], dict[str, list[float]], int]:
    """Play to the end; return the final state, moves played, trajectories and step count.

    When every actor plays uniformly at random and there is no umpire, the engine's
    `playout` plays the whole game in one call: the same draws and the same game as
    stepping state by state, in less time.
    """
    keys = key_variables(scenario)
    if not umpire and all(type(policies[i]) is RandomPolicy for i in range(len(scenario.actors))):
        return _random_game(scenario, rng, keys, max_steps)
    state = initial_state(scenario, umpire=umpire, rng=rng, record=False)
    cohesion: dict[str, list[float]] = {
        a.id: [state.cohesion[i]] for i, a in enumerate(scenario.alliances)
    }
    variables: dict[str, list[float]] = {scenario.variables[i].id: [state.vars[i]] for i in keys}
    moves: list[str] = []
    turn = state.turn
    steps = 0
    while steps < max_steps:
        seat = to_act(scenario, state)
        if seat is None:
            break
        policy = policies[seat]
        action = policy.choose(scenario, state, seat, rng)
        if isinstance(action, PlayMove):
            moves.append(action.move)
        state, _ = step(scenario, state, action, rng, record=False)
        steps += 1
        if state.turn != turn:
            turn = state.turn
            for i, alliance in enumerate(scenario.alliances):
                cohesion[alliance.id].append(state.cohesion[i])
            for i in keys:
                variables[scenario.variables[i].id].append(state.vars[i])
    for i, alliance in enumerate(scenario.alliances):
        cohesion[alliance.id].append(state.cohesion[i])
    for i in keys:
        variables[scenario.variables[i].id].append(state.vars[i])
    return state, moves, cohesion, variables, steps


def _random_game(
    scenario: ScenarioIR, rng: Random, keys: list[int], max_steps: int
) -> tuple[GameState, list[str], dict[str, list[float]], dict[str, list[float]], int]:
    """`play_game` when every seat plays at random, through `playout`."""
    result = playout(scenario, rng, max_steps=max_steps)
    state = result.state
    snapshots = [*result.turns, (state.cohesion, state.vars)]
    cohesion = {
        alliance.id: [values[i] for values, _ in snapshots]
        for i, alliance in enumerate(scenario.alliances)
    }
    variables = {scenario.variables[i].id: [values[i] for _, values in snapshots] for i in keys}
    return state, list(result.moves), cohesion, variables, result.steps


def build_policies(
    scenario: ScenarioIR,
    specs: Mapping[str, str],
    default: str = "random",
    *,
    read_script: Any = None,
) -> dict[int | str, Policy]:
    """Policy per seat: each actor's named policy (or `default`), and an accepting umpire."""
    policies: dict[int | str, Policy] = {}
    for index, actor in enumerate(scenario.actors):
        policies[index] = make_policy(
            specs.get(actor.id, default), scenario, actor.id, read_script=read_script
        )
    policies[UMPIRE] = make_policy(
        specs.get("umpire", "accept"), scenario, "umpire", read_script=read_script
    )
    return policies


def run_one(spec: RunSpec) -> RunResult:
    """Play the run `spec` describes. Pure: the same spec always gives the same result."""
    scenario = _compiled(spec.scenario_text, spec.scenario_name, spec.overrides)
    policies = build_policies(scenario, dict(spec.policies), spec.default_policy)
    rng = Random(spec.seed)
    state, moves, cohesion, variables, steps = play_game(
        scenario, policies, rng, max_steps=spec.max_steps
    )
    scores = {a.id: scenario.objective_score(state, i) for i, a in enumerate(scenario.actors)}
    return RunResult(
        run_index=spec.run_index,
        seed=spec.seed,
        ending=ending_id(scenario, state),
        turn=state.turn,
        steps=steps,
        moves=tuple(moves),
        cohesion=cohesion,
        variables=variables,
        scores=scores,
        params=dict(spec.overrides),
    )


def run_chunk(specs: list[RunSpec]) -> list[RunResult]:
    """Several runs in one task, to amortise the per-task cost of process pools and Dask."""
    return [run_one(spec) for spec in specs]


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
