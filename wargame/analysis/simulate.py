"""`wargame simulate`: a whole batch, from options to results file and summary.

This is the orchestration the command line calls: it checks the options against the
scenario (unknown actors or policies fail before any run starts), writes the results file
with a sidecar describing the batch, resumes an interrupted batch after checking that the
sidecar matches, and folds every result (old and new, in run order) into the summary.
"""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wargame import __version__
from wargame.analysis.batch import (
    LARGEST_CHUNK,
    BatchPlan,
    Guided,
    map_chunks,
    open_executor,
    run_batch,
    summarise_chunk,
)
from wargame.analysis.blocksum import BLOCK_RUNS
from wargame.analysis.decisions import Decisions
from wargame.analysis.header import BatchHeader
from wargame.analysis.intervene import (
    InterventionSummary,
    PointTask,
    RunScan,
    branch_points,
    sample_points,
    scan_runs,
    top_up_quotas,
)
from wargame.analysis.parts import Gathering
from wargame.analysis.play import compiled, prepare, text_hash
from wargame.analysis.results import (
    Layout,
    OutputError,
    cannot_write,
    check_suffix,
    open_writer,
    read_results,
    trim_long_tables,
    truncate_torn_tail,
)
from wargame.analysis.summary import BatchSummary
from wargame.analysis.sweep import (
    SweepError,
    apply_override,
    grid,
    load_with_overrides,
    parse_setting,
)
from wargame.bots import POLICY_NAMES, UnknownPolicyError
from wargame.errors import WargameError
from wargame.reading import FileNotReadable, read_capped
from wargame.scenario import source
from wargame.scenario.ir import ScenarioIR

RESULTS_FORMAT = 2
"""The results files' layout (moves with their turn, flat columns, long tables); recorded in
the .meta.json so a file written by another layout is not resumed."""


class BatchOptionsError(WargameError, ValueError):
    """Options that can't make a batch (the command exits 2 with this message)."""


@dataclass
class BatchOptions:
    scenario_path: Path
    runs: int = 1000
    seed: int | str = 0
    policies: Sequence[str] = ()
    """`ACTOR=POLICY` items; `*=POLICY` sets the default."""
    jobs: int = 1
    out: Path | None = None
    resume: bool = False
    settings: Sequence[str] = ()
    """`PATH=V1,V2` sweep settings."""
    backend: str = "local"
    scheduler: str | None = None
    chunk: int = 50
    interventions: int | None = None
    """Decision points to branch from for the decisive moves (None: half the runs; 0: none)."""
    tidy: bool = False
    """With a `.csv` --out: also write its long tables (FILE.series.csv, FILE.moves.csv)."""

    def intervention_budget(self, combos: int) -> int:
        if self.interventions is not None:
            return self.interventions
        return (self.runs * combos) // 2


@dataclass
class BatchOutcome:
    summary: BatchSummary
    scenario: ScenarioIR
    ran: int = 0
    resumed: int = 0
    grid: list[tuple[tuple[str, str], ...]] = field(default_factory=list)
    header: BatchHeader | None = None
    """What the figures were made from (printed above them)."""
    effects: InterventionSummary | None = None
    """Decisive moves by intervention (None when `interventions` is 0)."""


def parse_policies(items: Sequence[str], scenario: ScenarioIR) -> tuple[list[tuple[str, str]], str]:
    """`ACTOR=POLICY` items -> (actor, policy) pairs and the default policy."""
    pairs: list[tuple[str, str]] = []
    default = "random"
    actors = list(scenario.names.actors)
    for item in items:
        actor, sep, policy = item.partition("=")
        actor, policy = actor.strip(), policy.strip()
        if not sep or not actor or not policy:
            raise BatchOptionsError(f"--policy {item!r}: expected ACTOR=POLICY, e.g. denmark=goal")
        name = policy.partition(":")[0]
        if name not in POLICY_NAMES:
            import difflib

            close = difflib.get_close_matches(name, POLICY_NAMES, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise BatchOptionsError(
                f"--policy {item!r}: unknown policy {name!r}{hint}; "
                f"known: {', '.join(POLICY_NAMES)}"
            )
        if actor == "*":
            default = policy
            continue
        if actor != "umpire" and actor not in actors:
            import difflib

            close = difflib.get_close_matches(actor, actors, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise BatchOptionsError(
                f"--policy {item!r}: {scenario.id!r} has no actor {actor!r}{hint}; "
                f"actors: {', '.join(actors)}"
            )
        pairs.append((actor, policy))
    return pairs, default


def _meta(
    options: BatchOptions,
    text: str,
    policies: list[tuple[str, str]],
    default: str,
    settings: list[tuple[str, list[str]]],
) -> dict[str, Any]:
    return {
        "scenario": str(options.scenario_path),
        "scenario_sha256": text_hash(text),
        "seed": options.seed,
        "runs": options.runs,
        "policies": [list(p) for p in policies],
        "default_policy": default,
        "settings": [[p, v] for p, v in settings],
        "wargame": __version__,
        "results": RESULTS_FORMAT,
        "tidy": options.tidy,
    }


def meta_path(out: Path) -> Path:
    return out.with_name(out.name + ".meta.json")


def effects_path(out: Path) -> Path:
    """Where a batch with --out keeps its decisive moves (for `wargame report`)."""
    return out.with_name(out.name + ".effects.json")


def write_effects(out: Path, effects: InterventionSummary, meta: dict[str, Any], runs: int) -> None:
    """Save the decisive moves beside the results, tied to the batch they explain."""
    document = {
        "version": 1,
        "runs": runs,
        "seed": meta["seed"],
        "scenario_sha256": meta["scenario_sha256"],
        "effects": effects.to_json(),
    }
    target = effects_path(out)
    partial = target.with_name(target.name + ".partial")
    try:
        partial.write_text(json.dumps(document), encoding="utf-8")
        partial.replace(target)
    except OSError as exc:
        raise BatchOptionsError(cannot_write(target, exc)) from None


MAX_META_BYTES = 1 << 20
"""Largest `.meta.json` read: a batch description is a few hundred bytes."""


class MetaError(WargameError, ValueError):
    """A batch's `.meta.json` that cannot be read or is not a batch description."""


def read_meta(sidecar: Path) -> dict[str, Any]:
    """The batch description in `sidecar`, read by the guarded reader.

    Raises FileNotFoundError when there is none, MetaError when it is not a regular file,
    too large, not JSON or not a JSON object.
    """
    try:
        raw = read_capped(sidecar, MAX_META_BYTES)
    except FileNotReadable as exc:
        if exc.missing:
            raise FileNotFoundError(sidecar) from None
        raise MetaError(f"{sidecar}: cannot read the batch description: {exc.reason}") from None
    try:
        meta = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise MetaError(
            f"{sidecar}: not a readable batch description (it is not the JSON `wargame "
            "simulate` writes); remove it and the results file to start the batch again"
        ) from None
    if not isinstance(meta, dict):
        raise MetaError(f"{sidecar}: not a batch description (expected a JSON object)")
    return meta


Progress = Callable[[str, int, int], None]
"""Told (stage, done, total): stage `runs`, then `interventions`."""


def run_simulation(options: BatchOptions, *, progress: Progress | None = None) -> BatchOutcome:
    """Run (or resume) a batch and return its summary. Raises BatchOptionsError, ScenarioError."""
    if options.runs < 1:
        raise BatchOptionsError(f"--runs must be at least 1 (got {options.runs})")
    if options.interventions is not None and options.interventions < 0:
        raise BatchOptionsError(
            f"--interventions must be 0 (none) or more (got {options.interventions})"
        )
    if options.jobs < 1:
        raise BatchOptionsError(f"--jobs must be at least 1 (got {options.jobs})")
    name = str(options.scenario_path)
    text = source.read_text(options.scenario_path)  # the guarded reader: ScenarioError
    # The runs' own compile cache: compiled (and parsed) once per process for the batch and
    # its runs, and once for every batch of the same text, as sensitivity, head-to-head and
    # the benchmarks' repeats run: a later batch only reads the file (parsing Greenland's
    # again took ~10 ms, on both sides of a `--jobs 2` / `--jobs 1` ratio).
    scenario = compiled(text, name, ())
    policies, default = parse_policies(options.policies, scenario)
    try:
        settings = [parse_setting(s) for s in options.settings]
        combos = grid(settings)
        if settings:
            from wargame.scenario.source import parse_text

            data = parse_text(text, name).data
            for path, values in settings:
                for value in values:
                    apply_override(data, path, value)
            for combo in combos:  # every combination must compile before any run starts
                load_with_overrides(text, name, combo)
    except SweepError as exc:
        raise BatchOptionsError(str(exc)) from None
    try:
        for actor, policy in policies:
            from wargame.bots import make_policy

            if not policy.startswith("scripted"):
                make_policy(policy, scenario, actor)
    except UnknownPolicyError as exc:
        raise BatchOptionsError(str(exc)) from None

    summary = BatchSummary()
    summary.variable_bounds = {v.id: (v.min, v.max) for v in scenario.variables}
    meta = _meta(options, text, policies, default, settings)
    done: set[int] = set()
    decisions = Decisions()
    resumed = 0
    writer = None
    if options.out is not None:
        check_suffix(options.out)
        sidecar = meta_path(options.out)
        if options.resume:
            if not options.out.exists() or not sidecar.exists():
                raise BatchOptionsError(
                    f"--resume: {options.out} (and its .meta.json) not found; nothing to resume"
                )
            try:
                old = read_meta(sidecar)
            except MetaError as exc:
                raise BatchOptionsError(f"--resume: {exc}") from None
            if old != json.loads(json.dumps(meta)):
                changed = sorted(
                    k for k in meta if old.get(k) != json.loads(json.dumps(meta)).get(k)
                )
                raise BatchOptionsError(
                    f"--resume: {options.out} was made with different options "
                    f"({', '.join(changed)}); "
                    "resume with the same options or write to a new file"
                )
            truncate_torn_tail(options.out)
            for result in read_results(options.out):
                done.add(result.run_index)
                decisions.add(result)
                summary.add(result)
            resumed = len(done)
            if options.tidy:
                trim_long_tables(options.out, done)
        elif options.out.exists():
            pass  # overwritten: the user asked for this file
        try:
            sidecar.write_text(json.dumps(meta, indent=1), encoding="utf-8")
        except OSError as exc:
            raise BatchOptionsError(cannot_write(sidecar, exc)) from None
        layout = Layout(tuple(p for p, _ in settings), tuple(a.id for a in scenario.actors))
        try:
            writer = open_writer(
                options.out, append=options.resume, layout=layout, tidy=options.tidy
            )
        except OutputError as exc:
            raise BatchOptionsError(str(exc)) from None

    total = options.runs * len(combos)
    plan = BatchPlan(
        text, name, options.runs, options.seed, tuple(policies), default, tuple(combos)
    )
    skip = frozenset(done)
    prepare(text, name, combos)
    ran = 0
    in_flight = max(2, options.jobs * 3)
    try:
        with open_executor(options.backend, options.jobs, options.scheduler) as executor:
            if writer is None:  # the summary only: each task sends a part of it
                gathering = Gathering(summary, decisions)
                for part in map_chunks(
                    functools.partial(summarise_chunk, plan, summary.variable_bounds),
                    plan.indexes(skip),
                    executor=executor,
                    chunk=Guided(
                        total - len(skip),
                        options.jobs,
                        least=options.chunk,
                        most=LARGEST_CHUNK.get(options.backend, 1024),
                        whole=BLOCK_RUNS,
                    ),
                    in_flight=in_flight,
                ):
                    gathering.absorb(part)
                    ran += part.n
                    if progress is not None:
                        progress("runs", resumed + ran, total)
                gathering.settle()
            else:
                specs = (plan.spec(index) for index in plan.indexes(skip))
                for result in run_batch(
                    specs, executor=executor, chunk=options.chunk, in_flight=in_flight
                ):
                    summary.add(result)
                    decisions.add(result)
                    writer.write(result)
                    ran += 1
                    if progress is not None:
                        progress("runs", resumed + ran, total)
            if writer is not None:
                done_writer, writer = writer, None
                done_writer.close()
            budget = options.intervention_budget(len(combos))
            effects = None
            if budget > 0:
                moves = [m.id for m in scenario.moves]
                effects = _interventions(
                    plan, options, decisions, budget, executor, progress, moves
                )
    except OutputError as exc:
        raise BatchOptionsError(
            f"{exc}. The runs written before that are kept: make room (or fix the folder) "
            "and run the same command with --resume to finish the batch"
        ) from None
    finally:
        if writer is not None:
            with contextlib.suppress(OutputError):
                writer.close()
    if options.out is not None:
        stale = effects_path(options.out)
        if effects is not None:
            write_effects(options.out, effects, meta, summary.n)
        elif stale.exists():
            stale.unlink()  # it explained another batch
    header = BatchHeader.build(
        scenario=scenario,
        scenario_path=str(options.scenario_path),
        scenario_sha256=meta["scenario_sha256"],
        runs=options.runs,
        seed=options.seed,
        explicit=policies,
        default_policy=default,
        settings=settings,
    )
    return BatchOutcome(
        summary=summary,
        scenario=scenario,
        ran=ran,
        resumed=resumed,
        grid=combos,
        header=header,
        effects=effects,
    )


def _interventions(
    plan: BatchPlan,
    options: BatchOptions,
    decisions: Decisions,
    budget: int,
    executor: Executor | None,
    progress: Progress | None,
    moves: Sequence[str],
) -> InterventionSummary:
    """Decisive moves by intervention, from `budget` decision points of the batch's games.

    Half the points are drawn uniformly from every decision of the batch (each measures
    every move legal there). The other half tops up the moves measured least (in the order
    of `moves`): the runs where such a move was available are replayed in run order and it
    is measured at every point of theirs where it was legal, until it has its share.
    `plan` gives each point its run (the scenario, its settings, the policies, the seed).
    """
    uniform = budget - budget // 2
    points = sample_points(decisions.runs, decisions.steps, uniform, str(options.seed))
    tasks = (
        PointTask(plan.spec(run), at, f"{options.seed}:do:{number}")
        for number, (run, at) in enumerate(points)
    )
    effects = InterventionSummary(budget=budget)
    in_flight = max(2, options.jobs * 3)
    chunk = max(1, min(20, uniform // max(1, options.jobs * 4)))
    for done, point in enumerate(
        map_chunks(branch_points, tasks, executor=executor, chunk=chunk, in_flight=in_flight), 1
    ):
        effects.add(point)
        if progress is not None:
            progress("interventions", done, len(points))
    candidates = [m for m in moves if decisions.was_available(m)]
    quotas = top_up_quotas(effects.moves, candidates, budget - uniform)
    total, done = sum(quotas.values()), 0
    for move, quota in quotas.items():
        scans = (
            RunScan(plan.spec(run), move, f"{options.seed}:top:{move}:{run}")
            for run in decisions.available(move)
        )
        found = 0
        stream = map_chunks(scan_runs, scans, executor=executor, chunk=2, in_flight=in_flight)
        try:
            for run_points in stream:  # whole runs, so each keeps all its points
                for point in run_points:
                    effects.add(point)
                found += len(run_points)
                done += len(run_points)
                if progress is not None:
                    progress("top-up", min(done, total), total)
                if found >= quota:
                    break
        finally:
            stream.close()
        effects.topped_up[move] = found
    return effects
