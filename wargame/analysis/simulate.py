"""`wargame simulate`: a whole batch, from options to results file and summary.

This is the orchestration the command line calls: it checks the options against the
scenario (unknown actors or policies fail before any run starts), writes the results file
with a sidecar describing the batch, resumes an interrupted batch after checking that the
sidecar matches, and folds every result (old and new, in run order) into the summary.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wargame import __version__
from wargame.analysis.batch import make_specs, open_executor, run_batch
from wargame.analysis.header import BatchHeader
from wargame.analysis.play import text_hash
from wargame.analysis.results import check_suffix, open_writer, read_results, truncate_torn_tail
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
from wargame.scenario.ir import ScenarioIR


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


@dataclass
class BatchOutcome:
    summary: BatchSummary
    scenario: ScenarioIR
    ran: int = 0
    resumed: int = 0
    grid: list[tuple[tuple[str, str], ...]] = field(default_factory=list)
    header: BatchHeader | None = None
    """What the figures were made from (printed above them)."""


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
    }


def meta_path(out: Path) -> Path:
    return out.with_name(out.name + ".meta.json")


def run_simulation(
    options: BatchOptions,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> BatchOutcome:
    """Run (or resume) a batch and return its summary. Raises BatchOptionsError, ScenarioError."""
    if options.runs < 1:
        raise BatchOptionsError(f"--runs must be at least 1 (got {options.runs})")
    if options.jobs < 1:
        raise BatchOptionsError(f"--jobs must be at least 1 (got {options.jobs})")
    try:
        text = options.scenario_path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BatchOptionsError(f"{options.scenario_path}: cannot read ({exc.strerror})") from None
    name = str(options.scenario_path)
    scenario = load_with_overrides(text, name)
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
            old = json.loads(sidecar.read_text(encoding="utf-8"))
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
                summary.add(result)
            resumed = len(done)
        elif options.out.exists():
            pass  # overwritten: the user asked for this file
        sidecar.write_text(json.dumps(meta, indent=1), encoding="utf-8")
        writer = open_writer(options.out, append=options.resume)

    total = options.runs * len(combos)
    specs = make_specs(
        text=text,
        name=name,
        runs=options.runs,
        seed=options.seed,
        policies=policies,
        default_policy=default,
        grid=combos,
        skip=frozenset(done),
    )
    ran = 0
    try:
        with open_executor(options.backend, options.jobs, options.scheduler) as executor:
            for result in run_batch(
                specs, executor=executor, chunk=options.chunk, in_flight=max(2, options.jobs * 3)
            ):
                summary.add(result)
                if writer is not None:
                    writer.write(result, {})
                ran += 1
                if progress is not None:
                    progress(resumed + ran, total)
    finally:
        if writer is not None:
            writer.close()
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
        summary=summary, scenario=scenario, ran=ran, resumed=resumed, grid=combos, header=header
    )
