"""Play one complete game with bots and summarise it as a flat record.

`run_one(spec)` is a pure, picklable, top-level function: the batch driver can hand it to any
`concurrent.futures` executor (local processes, Dask), and its result depends only on the
spec, never on which worker ran it or when.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from random import Random
from typing import Any, NamedTuple

from wargame.analysis.sweep import scalar
from wargame.bots import Policy, RandomPolicy, make_policy
from wargame.engine import (
    UMPIRE,
    GameState,
    PlayMove,
    initial_state,
    legal_actions,
    objective_scores,
    playout,
    step,
    to_act,
)
from wargame.engine import ending_id as engine_ending_id
from wargame.engine.specialise import specialised
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


Scalar = int | float | bool | str
"""A swept value, typed as the scenario file reads it (`--set x=20` is the number 20)."""


class MovePlayed(NamedTuple):
    """One move of a run: when, in which phase, by whom."""

    turn: int
    phase: str
    actor: str
    move: str

    def to_record(self) -> dict[str, Any]:
        return {"turn": self.turn, "phase": self.phase, "actor": self.actor, "move": self.move}

    @staticmethod
    def from_record(raw: object) -> MovePlayed:
        if isinstance(raw, str):  # results written before moves carried their turn
            return MovePlayed(0, "", "", raw)
        if not isinstance(raw, Mapping):
            raise TypeError(f"a move must be an object, not {raw!r}")
        return MovePlayed(int(raw["turn"]), str(raw["phase"]), str(raw["actor"]), str(raw["move"]))


@dataclass(frozen=True, slots=True)
class RunResult:
    """One run, as the results file stores it."""

    run_index: int
    seed: str
    ending: str
    turn: int
    steps: int
    moves: tuple[MovePlayed, ...]
    cohesion: dict[str, list[float]] = field(default_factory=dict)
    """Alliance id -> cohesion at the start of each turn reached, then at the end."""
    variables: dict[str, list[float]] = field(default_factory=dict)
    """Key variable id -> value at the start of each turn reached, then at the end."""
    scores: dict[str, float] = field(default_factory=dict)
    """Actor id -> weighted objective score at the end."""
    params: dict[str, Scalar] = field(default_factory=dict)
    """Sweep setting -> its value, typed."""
    available: tuple[str, ...] = ()
    """Moves that were legal for their actor at least once in the game."""

    def to_record(self) -> dict[str, Any]:
        return {
            "run": self.run_index,
            "seed": self.seed,
            "ending": self.ending,
            "turn": self.turn,
            "steps": self.steps,
            "moves": [m.to_record() for m in self.moves],
            "available": list(self.available),
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
            moves=tuple(MovePlayed.from_record(m) for m in raw["moves"]),
            cohesion={k: [float(x) for x in v] for k, v in raw["cohesion"].items()},
            variables={k: [float(x) for x in v] for k, v in raw["variables"].items()},
            scores={k: float(v) for k, v in raw["scores"].items()},
            params={str(k): _scalar(v) for k, v in raw.get("params", {}).items()},
            available=tuple(str(m) for m in raw.get("available", ())),
        )


class RunFigures(NamedTuple):
    """What a batch summary reads of a run (`BatchSummary.add_figures`): a few plain values,
    cheap to send from a worker process, where a `RunResult` costs more to pickle than to
    play."""

    run_index: int
    steps: int
    ending: str
    cohesion: dict[str, list[float]]
    variables: dict[str, list[float]]
    scores: dict[str, float]
    played: tuple[str, ...]
    """The moves played, each once, in the order they were first played."""
    available: tuple[str, ...]
    params: tuple[tuple[str, Scalar], ...]
    """Sweep settings, sorted by path."""

    @staticmethod
    def of(result: RunResult) -> RunFigures:
        return RunFigures(
            result.run_index,
            result.steps,
            result.ending,
            result.cohesion,
            result.variables,
            result.scores,
            tuple(dict.fromkeys(m.move for m in result.moves)),
            result.available,
            tuple(sorted(result.params.items())),
        )


def _scalar(value: object) -> Scalar:
    if isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"a swept value must be a number, true/false or text, not {value!r}")


def run_seed(batch_seed: int | str, run_index: int) -> str:
    """The seed of run `run_index`: independent of scheduling and of the number of workers."""
    return f"{batch_seed}:{run_index}"


def compiled(text: str, name: str, overrides: tuple[tuple[str, str], ...]) -> ScenarioIR:
    """The scenario a run's spec names, compiled once per process (a worker is handed the
    same text with every task: the batch's runs and the decisive moves' points).

    Each task brings its own copy of the text, and finding it among the cached scenarios
    compares it character by character (4 µs a run for Greenland's 73 KB, 2 % of a game):
    the last one found is checked first by identity."""
    global _last_compiled
    last = _last_compiled
    if last is not None and last[0] is text and last[1] == name and last[2] == overrides:
        return last[3]
    scenario = _compile(text, name, overrides)
    _last_compiled = (text, name, overrides, scenario)
    return scenario


_last_compiled: tuple[str, str, tuple[tuple[str, str], ...], ScenarioIR] | None = None
"""(text, name, overrides, scenario) of the last `compiled` call."""


@functools.lru_cache(maxsize=16)
def _compile(text: str, name: str, overrides: tuple[tuple[str, str], ...]) -> ScenarioIR:
    from wargame.analysis.sweep import load_with_overrides

    return load_with_overrides(text, name, overrides)


def prepare(text: str, name: str, grid: Sequence[tuple[tuple[str, str], ...]]) -> None:
    """Compile a batch's scenarios and their generated playouts in this process, once:
    local workers forked from it then start with them (`batch.START_METHOD`) instead of
    each compiling them again."""
    for overrides in grid[:16]:
        specialised(compiled(text, name, overrides))


IMPLICIT_KEYS = 20
"""When no variable is marked `key: true`, this many (the first in the file) are key: each
run records every key variable by turn, so 'all of them' made a batch of a 20,000-variable
scenario record and print 20,000 series (70 s for 3 runs)."""


def key_variables(scenario: ScenarioIR) -> list[int]:
    """Variables marked `key: true`, or the first IMPLICIT_KEYS when none is marked."""
    marked = [i for i, v in enumerate(scenario.variables) if v.key]
    return marked or list(range(min(IMPLICIT_KEYS, len(scenario.variables))))


def ending_id(scenario: ScenarioIR, state: GameState) -> str:
    """The id of the ending `state` reached (`unfinished` if the step budget ran out)."""
    return engine_ending_id(scenario, state) or "unfinished"


class Game(NamedTuple):
    """What `play_game` returns: the final state and what a batch run records of the game."""

    state: GameState
    moves: list[MovePlayed]
    cohesion: dict[str, list[float]]
    """Alliance id -> cohesion at the start of each turn reached, then at the end."""
    variables: dict[str, list[float]]
    steps: int
    available: frozenset[str]
    """Moves legal for their actor at least once."""


def play_game(
    scenario: ScenarioIR,
    policies: Mapping[int | str, Policy],
    rng: Random,
    *,
    umpire: bool = False,
    max_steps: int = 100_000,
) -> Game:
    """Play to the end (or `max_steps` actions) and return the state and the game's record.

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
    moves: list[MovePlayed] = []
    available: set[str] = set()
    turn = state.turn
    steps = 0
    while steps < max_steps:
        seat = to_act(scenario, state)
        if seat is None:
            break
        if seat != UMPIRE:
            available.update(
                a.move for a in legal_actions(scenario, state, seat) if isinstance(a, PlayMove)
            )
        action = policies[seat].choose(scenario, state, seat, rng)
        if isinstance(action, PlayMove):
            moves.append(_played(scenario, state.turn, action.move))
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
    return Game(state, moves, cohesion, variables, steps, frozenset(available))


def _played(scenario: ScenarioIR, turn: int, move_id: str) -> MovePlayed:
    move = scenario.move(move_id)
    return MovePlayed(turn, scenario.phases[move.phase].id, scenario.actors[move.actor].id, move_id)


@dataclass(frozen=True, slots=True)
class _Names:
    """What a random run reads of its scenario by index, worked out once per scenario."""

    moves: dict[str, tuple[str, str, str]]
    """Move id -> (phase id, actor id, move id): a `MovePlayed` without its turn."""
    move_ids: tuple[str, ...]
    actors: tuple[str, ...]
    alliances: tuple[str, ...]
    keys: tuple[tuple[int, str], ...]
    """(index, id) of the key variables."""


_names: dict[int, tuple[ScenarioIR, _Names]] = {}


def _names_of(scenario: ScenarioIR) -> _Names:
    found = _names.get(id(scenario))
    if found is not None and found[0] is scenario:
        return found[1]
    phases, actors = scenario.phases, scenario.actors
    names = _Names(
        {m.id: (phases[m.phase].id, actors[m.actor].id, m.id) for m in scenario.moves},
        tuple(m.id for m in scenario.moves),
        tuple(a.id for a in scenario.actors),
        tuple(a.id for a in scenario.alliances),
        tuple((i, scenario.variables[i].id) for i in key_variables(scenario)),
    )
    if len(_names) >= 16:
        del _names[next(iter(_names))]
    _names[id(scenario)] = (scenario, names)
    return names


_new_tuple = tuple.__new__


def _random_game(scenario: ScenarioIR, rng: Random, keys: list[int], max_steps: int) -> Game:
    """`play_game` when every seat plays at random, through `playout`."""
    names = _names_of(scenario)
    result = playout(scenario, rng, max_steps=max_steps)
    state = result.state
    snapshots = [*result.turns, (state.cohesion, state.vars)]
    cohesion = {
        alliance: [values[i] for values, _ in snapshots]
        for i, alliance in enumerate(names.alliances)
    }
    variables = {scenario.variables[i].id: [values[i] for _, values in snapshots] for i in keys}
    by_id = names.moves
    moves: list[MovePlayed] = [
        _new_tuple(MovePlayed, (turn, *by_id[move]))
        for turn, move in zip(result.move_turns, result.moves, strict=True)
    ]
    available = frozenset(names.move_ids[m] for m in result.offered)
    return Game(state, moves, cohesion, variables, result.steps, available)


def _random_run(spec: RunSpec, scenario: ScenarioIR) -> RunResult:
    """`run_one` when every seat plays at random: the same record, without the policies."""
    names = _names_of(scenario)
    game = _random_game(scenario, Random(spec.seed), [i for i, _ in names.keys], spec.max_steps)
    state = game.state
    return RunResult(
        run_index=spec.run_index,
        seed=spec.seed,
        ending=ending_id(scenario, state),
        turn=state.turn,
        steps=game.steps,
        moves=tuple(game.moves),
        cohesion=game.cohesion,
        variables=game.variables,
        scores=dict(zip(names.actors, objective_scores(scenario, state), strict=True)),
        params={path: scalar(value) for path, value in spec.overrides},
        available=tuple(m for m in names.move_ids if m in game.available),
    )


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
    scenario = compiled(spec.scenario_text, spec.scenario_name, spec.overrides)
    if spec.default_policy == "random" and all(p == "random" for _, p in spec.policies):
        return _random_run(spec, scenario)  # the accepting umpire never acts in such a game
    policies = build_policies(scenario, dict(spec.policies), spec.default_policy)
    rng = Random(spec.seed)
    game = play_game(scenario, policies, rng, max_steps=spec.max_steps)
    state = game.state
    scores = {a.id: scenario.objective_score(state, i) for i, a in enumerate(scenario.actors)}
    return RunResult(
        run_index=spec.run_index,
        seed=spec.seed,
        ending=ending_id(scenario, state),
        turn=state.turn,
        steps=game.steps,
        moves=tuple(game.moves),
        cohesion=game.cohesion,
        variables=game.variables,
        scores=scores,
        params={path: scalar(value) for path, value in spec.overrides},
        available=tuple(m.id for m in scenario.moves if m.id in game.available),
    )


def run_chunk(specs: list[RunSpec]) -> list[RunResult]:
    """Several runs in one task, to amortise the per-task cost of process pools and Dask."""
    return [run_one(spec) for spec in specs]


def run_figures(spec: RunSpec) -> RunFigures:
    """Play the run `spec` describes and keep what a batch summary reads of it."""
    if spec.default_policy != "random" or any(p != "random" for _, p in spec.policies):
        return RunFigures.of(run_one(spec))
    scenario = compiled(spec.scenario_text, spec.scenario_name, spec.overrides)
    names = _names_of(scenario)
    result = playout(scenario, Random(spec.seed), max_steps=spec.max_steps)
    state = result.state
    snapshots = [*result.turns, (state.cohesion, state.vars)]
    offered = result.offered
    ids = names.move_ids
    return RunFigures(
        spec.run_index,
        result.steps,
        ending_id(scenario, state),
        {a: [values[i] for values, _ in snapshots] for i, a in enumerate(names.alliances)},
        {v: [values[i] for _, values in snapshots] for i, v in names.keys},
        dict(zip(names.actors, objective_scores(scenario, state), strict=True)),
        tuple(dict.fromkeys(result.moves)),
        tuple([ids[m] for m in sorted(offered)]),
        tuple(sorted((path, scalar(value)) for path, value in spec.overrides)),
    )


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
