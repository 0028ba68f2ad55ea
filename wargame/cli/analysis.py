"""The analysis verbs of the `wargame` command: `simulate` and `explore`.

Registered on the app in `wargame.cli`; kept here so the command module stays short. Heavy
imports happen inside each verb.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from wargame.cli.output import (
    EXIT_OK,
    EXIT_PROBLEMS,
    format_diagnostic,
    guarded,
    scenario_file,
    usage_error,
)
from wargame.errors import ScenarioError

JOBS_HELP = "Cores to play on: N worker processes (0: all cores)."

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from wargame.scenario.ir import ScenarioIR


class _Throttle:
    """Calls `draw` at most ten times a second (and whenever `now` is asked for).

    The progress bars draw from the thread that runs the batch, not from a drawing thread
    of their own: a process with threads must not fork, and local workers are forked
    (`wargame.analysis.batch.START_METHOD`).
    """

    def __init__(self, draw: Callable[[], object]) -> None:
        self.draw = draw
        self.last = 0.0

    def __call__(self, now: bool = False) -> None:
        import time

        moment = time.monotonic()
        if now or moment - self.last >= 0.1:
            self.last = moment
            self.draw()


@contextmanager
def progress_bars(
    console: Console, name: Callable[[str], tuple[str, str]]
) -> Iterator[Callable[[str, int, int], None]]:
    """A progress callback `(key, done, total)` drawing one bar per key, labelled
    `name(key)` = (label, unit), gone when the work is done."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskID,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[unit]}"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        auto_refresh=False,  # no drawing thread: local workers are forked
    ) as bar:
        tasks: dict[str, TaskID] = {}
        redraw = _Throttle(bar.refresh)

        def advance(key: str, done: int, total: int) -> None:
            if key not in tasks:
                label, unit = name(key)
                tasks[key] = bar.add_task(label, total=total, unit=unit)
            bar.update(tasks[key], completed=done, total=total)
            redraw(done == total)

        yield advance


@guarded
def simulate(
    scenario: Annotated[Path, typer.Argument(help="The scenario file to run.", show_default=False)],
    runs: Annotated[int, typer.Option("--runs", "-n", help="Runs (per sweep setting).")] = 1000,
    seed: Annotated[
        str, typer.Option("--seed", "-s", help="Batch seed: same seed, same results.")
    ] = "0",
    policy: Annotated[
        list[str] | None,
        typer.Option(
            "--policy",
            "-p",
            help="ACTOR=POLICY (random, weighted, goal, scripted:FILE); `*=POLICY` for the rest; "
            "`umpire=accept` is the default umpire. Repeatable.",
            show_default=False,
        ),
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help=JOBS_HELP)] = 1,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Results file: .jsonl, .csv or .sqlite (one record per run).",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue an interrupted batch in --out.")
    ] = False,
    tidy: Annotated[
        bool,
        typer.Option(
            "--tidy",
            help="With a .csv --out: also write its long tables, FILE.series.csv (run, turn, "
            "at, quantity, value) and FILE.moves.csv (.sqlite always has them).",
        ),
    ] = False,
    moves_table: Annotated[
        bool,
        typer.Option(
            "--moves",
            help="Also print the per-move table: how often each move was available, how "
            "often played when available, and how the games where it was played ended.",
        ),
    ] = False,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="Sweep PATH=V1,V2,... (e.g. variables.escalation.start=1,3,5). "
            "Repeatable: a grid.",
            show_default=False,
        ),
    ] = None,
    backend: Annotated[
        str,
        typer.Option(
            help="`local` (processes) or `dask` (needs wargame[dask]; without --scheduler, "
            "a LocalCluster of --jobs workers on this machine)."
        ),
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address, e.g. tcp://127.0.0.1:8786.", show_default=False),
    ] = None,
    interventions: Annotated[
        int | None,
        typer.Option(
            "--interventions",
            "-i",
            help="Decision points of these games to replay with each legal move forced, for "
            "the decisive moves (default: half the runs; 0: skip them).",
            show_default=False,
        ),
    ] = None,
    association: Annotated[
        bool,
        typer.Option(
            "--association",
            help="Also print the played-vs-not comparison of each move (association, not cause).",
        ),
    ] = False,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="`text` or `json` summary.")
    ] = "text",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Play a scenario many times with bots and summarise which endings follow from what.

    Prints each ending's share with a 95 % confidence interval, the decisive moves (what
    playing a move instead of the policy's alternative changes, measured by replaying
    decision points of these games both ways), cohesion and key variables by turn (mean and
    10th-90th percentile) and each actor's mean objective score. Results are identical for
    the same seed whatever --jobs is.

    Examples:

      wargame simulate scenarios/greenland.yaml --runs 10000 --jobs 0 --out runs.jsonl

      wargame simulate scenarios/greenland.yaml -p denmark=goal -p '*=weighted'

      wargame simulate scenarios/greenland.yaml --set relations.trust.denmark.us=20,50,80
    """
    import os

    from rich.console import Console

    from wargame.analysis.batch import BackendError
    from wargame.analysis.render import print_summary, summary_json
    from wargame.analysis.results import ResultsError
    from wargame.analysis.simulate import BatchOptions, BatchOptionsError, run_simulation

    if output_format not in ("text", "json"):
        raise usage_error(f"--format must be text or json, not {output_format!r}")
    scenario = scenario_file(scenario)
    if resume and out is None:
        raise usage_error("--resume needs --out FILE (the batch to continue)")
    options = BatchOptions(
        scenario_path=scenario,
        runs=runs,
        seed=int(seed) if seed.lstrip("-").isdigit() else seed,
        policies=policy or [],
        jobs=jobs if jobs > 0 else (os.cpu_count() or 1),
        out=out,
        resume=resume,
        settings=set_ or [],
        backend=backend,
        scheduler=scheduler,
        interventions=interventions,
        tidy=tidy,
    )
    if tidy and (out is None or out.suffix.lower() != ".csv"):
        raise usage_error("--tidy writes the long tables beside a .csv --out (.sqlite has them)")
    console = Console(stderr=True)
    import gc

    gc.freeze()  # the modules imported: not scanned again by the batch's collections
    try:
        if quiet or output_format == "json":
            outcome = run_simulation(options)
        else:
            stages = {"runs": ("simulating", "runs")}
            with progress_bars(
                console, lambda stage: stages.get(stage, ("replaying decisions", "points"))
            ) as advance:
                outcome = run_simulation(options, progress=advance)
    except (BatchOptionsError, BackendError, ResultsError) as exc:
        raise usage_error(str(exc)) from None
    except ScenarioError as exc:
        for diagnostic in exc.diagnostics:
            typer.echo(format_diagnostic(diagnostic), err=True)
        raise typer.Exit(EXIT_PROBLEMS) from None
    if output_format == "json":
        document = summary_json(
            outcome.summary, outcome.scenario, header=outcome.header, effects=outcome.effects
        )
        typer.echo(json.dumps(document, indent=1))
    else:
        print_summary(
            outcome.summary,
            outcome.scenario,
            Console(),
            header=outcome.header,
            effects=outcome.effects,
            association=association,
            moves=moves_table,
        )
        if out is not None:
            note = f" ({outcome.resumed:,} resumed)" if outcome.resumed else ""
            console.print(f"wrote {outcome.summary.n:,} runs to {out}{note}")
    raise typer.Exit(EXIT_OK)


@guarded
def explore(
    scenario: Annotated[Path, typer.Argument(help="The scenario file.", show_default=False)],
    policy: Annotated[
        list[str] | None,
        typer.Option(
            "--policy",
            "-p",
            help="ACTOR=POLICY (random, weighted, goal, scripted:FILE); `*=POLICY` for the rest.",
            show_default=False,
        ),
    ] = None,
    max_nodes: Annotated[
        int, typer.Option("--max-nodes", help="Stop when the tree has more distinct states.")
    ] = 200_000,
    depth: Annotated[
        int | None,
        typer.Option(
            "--depth",
            help="Explore up to this turn; later play counts as `unfinished`.",
            show_default=False,
        ),
    ] = None,
    effects: Annotated[
        bool,
        typer.Option(
            "--effects",
            help="Also compute each move's exact effect on each ending's share (what "
            "`simulate` estimates as its decisive moves).",
        ),
    ] = False,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="`text` or `json`.")
    ] = "text",
) -> None:
    """Compute the exact probability of each ending by exploring the whole game tree.

    Every chance outcome, dice face and random inject is enumerated, and every bot decision
    weighted by its policy's probabilities; identical states reached by different paths
    are merged. Small scenarios finish in seconds; for a larger tree it stops at
    --max-nodes and says so (use `wargame simulate` to estimate instead).

    Examples:

      wargame explore scenarios/tutorial.yaml

      wargame explore scenarios/greenland.yaml --depth 2 -p '*=goal'

      wargame explore tests/analysis/fixtures/levers.yaml --effects
    """
    from rich.console import Console
    from rich.table import Table

    from wargame.analysis.explore import ExploreBudgetError, exact_effects
    from wargame.analysis.explore import explore as explore_tree
    from wargame.analysis.play import build_policies
    from wargame.analysis.render import ending_title
    from wargame.analysis.simulate import BatchOptionsError, parse_policies
    from wargame.bots import UnknownPolicyError
    from wargame.scenario.loader import load_scenario

    if output_format not in ("text", "json"):
        raise usage_error(f"--format must be text or json, not {output_format!r}")
    scenario = scenario_file(scenario)
    if max_nodes < 1:
        raise usage_error(f"--max-nodes must be at least 1 (got {max_nodes})")
    try:
        compiled = load_scenario(scenario)
    except ScenarioError as exc:
        for diagnostic in exc.diagnostics:
            typer.echo(format_diagnostic(diagnostic), err=True)
        raise typer.Exit(EXIT_PROBLEMS) from None
    try:
        pairs, default = parse_policies(policy or [], compiled)
        if any(p.startswith("scripted") for _, p in pairs) or default.startswith("scripted"):
            raise usage_error("explore takes random, weighted, goal or accept policies")
        policies = build_policies(compiled, dict(pairs), default)
        result = explore_tree(compiled, policies, max_nodes=max_nodes, max_turn=depth)
        changes = exact_effects(compiled, policies, max_nodes=max_nodes) if effects else {}
    except (BatchOptionsError, UnknownPolicyError) as exc:
        raise usage_error(str(exc)) from None
    except ExploreBudgetError as exc:
        typer.echo(f"wargame: {exc}", err=True)
        raise typer.Exit(EXIT_PROBLEMS) from None
    if output_format == "json":
        typer.echo(
            json.dumps(
                {
                    "version": 1,
                    "scenario": compiled.id,
                    "nodes": result.nodes,
                    "depth": depth,
                    "probabilities": result.probabilities,
                    "effects": [
                        {"move": m, "ending": e, "difference": d}
                        for (m, e), d in sorted(changes.items())
                    ]
                    if effects
                    else None,
                },
                indent=1,
            )
        )
        raise typer.Exit(EXIT_OK)
    table = Table(
        title="Exact ending probabilities",
        title_justify="left",
        caption=f"{result.nodes:,} distinct states explored",
        caption_justify="left",
    )
    table.add_column("ending")
    table.add_column("probability", justify="right")
    for ending, p in result.probabilities.items():
        table.add_row(ending_title(compiled, ending), f"{100 * p:.3f} %")
    Console().print(table)
    if effects:
        Console().print(_exact_effects_table(compiled, changes))
    raise typer.Exit(EXIT_OK)


def _exact_effects_table(scenario: ScenarioIR, changes: dict[tuple[str, str], float]) -> Table:
    """Each move's exact effect on each ending's share, largest first."""
    from rich import box
    from rich.table import Table

    from wargame.analysis.render import ending_title, move_label

    table = Table(
        title="Exact effect of playing a move instead of the policy's alternative",
        title_justify="left",
        caption="Averaged over every decision point where the move is legal, weighted by "
        "how often games reach it; change in percentage points",
        caption_justify="left",
        box=box.SIMPLE_HEAD,
    )
    table.add_column("move", ratio=3)
    table.add_column("ending", ratio=2)
    table.add_column("change", justify="right", no_wrap=True)
    rows = sorted(changes.items(), key=lambda kv: (-abs(kv[1]), kv[0]))
    for (move, ending), change in rows:
        if abs(change) >= 5e-5:
            table.add_row(
                move_label(scenario, move), ending_title(scenario, ending), f"{100 * change:+.2f}"
            )
    return table


@guarded
def sensitivity(
    scenario: Annotated[Path, typer.Argument(help="The scenario file to run.", show_default=False)],
    runs: Annotated[
        int, typer.Option("--runs", "-n", help="Runs per policy (per sweep setting).")
    ] = 1000,
    seed: Annotated[
        str, typer.Option("--seed", "-s", help="Batch seed: the same for every policy.")
    ] = "0",
    policies: Annotated[
        str | None,
        typer.Option(
            "--policies",
            help="Comma-separated policies to compare (default: every bot policy that can "
            "play any actor: random, weighted, goal, and any added since).",
            show_default=False,
        ),
    ] = None,
    policy: Annotated[
        list[str] | None,
        typer.Option(
            "--policy",
            "-p",
            help="ACTOR=POLICY: keep this actor's policy fixed while the others vary. Repeatable.",
            show_default=False,
        ),
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="Sweep PATH=V1,V2,... under every policy.", show_default=False),
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help=JOBS_HELP)] = 1,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="`text` or `json`.")
    ] = "text",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Show how much the endings depend on how the bots play: one batch per policy.

    Every actor (except those fixed with -p) plays each bot policy in turn, with the same
    seed and runs, and the ending shares are printed side by side with their 95 %
    intervals. A conclusion that holds under every column does not hang on the bots.

    Examples:

      wargame sensitivity scenarios/greenland.yaml --runs 500

      wargame sensitivity scenarios/cuba1962.yaml --policies random,goal -p khrushchev=weighted
    """
    import os

    from rich.console import Console

    from wargame.analysis.render import comparison_json, comparison_renderable
    from wargame.analysis.sensitivity import compare_policies
    from wargame.analysis.simulate import BatchOptions, BatchOptionsError

    if output_format not in ("text", "json"):
        raise usage_error(f"--format must be text or json, not {output_format!r}")
    scenario = scenario_file(scenario)
    options = BatchOptions(
        scenario_path=scenario,
        runs=runs,
        seed=int(seed) if seed.lstrip("-").isdigit() else seed,
        policies=policy or [],
        jobs=jobs if jobs > 0 else (os.cpu_count() or 1),
        settings=set_ or [],
    )
    chosen = [p.strip() for p in (policies or "").split(",") if p.strip()]
    try:
        if quiet or output_format == "json":
            comparison = compare_policies(options, chosen)
        else:
            with progress_bars(
                Console(stderr=True), lambda name: (f"policy {name}", "runs")
            ) as told:
                comparison = compare_policies(options, chosen, progress=told)
    except BatchOptionsError as exc:
        raise usage_error(str(exc)) from None
    except ScenarioError as exc:
        for diagnostic in exc.diagnostics:
            typer.echo(format_diagnostic(diagnostic), err=True)
        raise typer.Exit(EXIT_PROBLEMS) from None
    if output_format == "json":
        typer.echo(json.dumps(comparison_json(comparison), indent=1))
        raise typer.Exit(EXIT_OK)
    console = Console()
    scenario_ir = comparison.outcomes[0].scenario
    console.print(comparison_renderable(comparison, scenario_ir, width=console.width))
    raise typer.Exit(EXIT_OK)
