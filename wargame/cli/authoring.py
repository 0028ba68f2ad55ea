"""The authoring verbs of the `wargame` command: `lint`, `graph`, `new` and `test`.

Registered on the app in `wargame.cli` (`app.command()(lint)`, ...); kept here so the
command module stays short. Each verb parses, calls `wargame.scenario.lint`,
`wargame.analysis.lint_dynamic` or `wargame.authoring`, prints through
`wargame.cli.output` and sets the exit code (0 fine, 1 problems, 2 usage, 101 a bug).
Heavy imports happen inside each verb.
"""

from __future__ import annotations

import enum
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from wargame.cli.output import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    emit_text,
    exit_code,
    format_diagnostic,
    guarded,
    json_document,
    scenario_file,
    usage_error,
)

if TYPE_CHECKING:
    from wargame.errors import Diagnostic

__all__ = ["graph", "lint", "new", "test"]



class LintFormat(enum.StrEnum):
    text = "text"
    json = "json"


class GraphFormat(enum.StrEnum):
    mermaid = "mermaid"
    dot = "dot"


class GraphLevel(enum.StrEnum):
    auto = "auto"
    moves = "moves"
    actors = "actors"


def _scenario_paths(paths: list[Path]) -> list[Path]:
    """Files named, plus scenario files under folders (test sidecars are not scenarios)."""
    from wargame.scenario.files import NoScenarioFiles, find_scenario_files

    try:
        return find_scenario_files(paths)
    except NoScenarioFiles as exc:
        raise usage_error(str(exc)) from None


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


@guarded
def lint(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Scenario files, or folders to search.", show_default=False),
    ],
    explore: Annotated[
        int,
        typer.Option(
            "--explore",
            help="Also play N games with bots and report what never happened (W2xx).",
            min=0,
        ),
    ] = 0,
    policy: Annotated[
        list[str] | None,
        typer.Option(
            "--policy",
            "-p",
            help="With --explore: ACTOR=POLICY (random, weighted, goal); `*=POLICY` for "
            "the rest. Repeatable.",
            show_default=False,
        ),
    ] = None,
    seed: Annotated[str, typer.Option("--seed", "-s", help="With --explore: batch seed.")] = "0",
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 on warnings too (for CI).")
    ] = False,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore",
            help="Codes not to report, e.g. --ignore W109. Repeatable.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        LintFormat, typer.Option("--format", "-f", help="`text` for people, `json` for tools.")
    ] = LintFormat.text,
) -> None:
    """Warn about scenarios that load but will not play as meant.

    Static checks (W1xx) find unused variables and flags, flags never set, moves, injects
    and endings whose condition can never hold, effects past a variable's bounds, endings
    shadowed by a higher-priority one, actors and phases without moves, missing texts and
    briefings, members set to leave at once, dice or chance outcomes that can never
    happen, and an exercise's inject times, untested capabilities and modules without
    questions. `--explore N` also plays N games (W2xx). Silence a code with a comment
    `# wargame: disable=W103` (docs/lint.md). Exit status: 0 no errors (warnings
    allowed unless --strict), 1 errors or, with --strict, warnings; 2 usage error.

    Examples:

      wargame lint scenarios/greenland.yaml

      wargame lint scenarios/ --strict

      wargame lint my.yaml --explore 500 --policy '*=weighted'
    """
    from wargame.scenario.lint import lint_scenario, scenario_source_map
    from wargame.scenario.loader import inspect_file

    files = _scenario_paths(paths)
    ignored = {code.strip().upper() for item in ignore or [] for code in item.split(",")}
    reports: list[dict[str, Any]] = []
    all_diagnostics: list[Diagnostic] = []
    texts: dict[str, str | None] = {}
    for path in files:
        report = inspect_file(path)
        texts[report.name] = report.text
        entry: dict[str, Any] = {"file": report.name, "valid": report.ok}
        ir = report.scenario
        if ir is None or not report.ok:
            found = list(report.diagnostics)
        else:
            from wargame.analysis.lint_dynamic import DYNAMIC_CODES

            smap = scenario_source_map(ir)
            found = lint_scenario(ir, source_map=smap, known_codes=DYNAMIC_CODES)
            if explore:
                found += _explore(ir, smap, found, explore, policy or [], seed, entry)
        found = [d for d in found if d.code not in ignored]
        entry["errors"] = sum(1 for d in found if d.severity == "error")
        entry["warnings"] = sum(1 for d in found if d.severity == "warning")
        reports.append(entry)
        all_diagnostics.extend(found)
    if output_format is LintFormat.json:
        typer.echo(json_document(reports, all_diagnostics))
    else:
        for d in all_diagnostics:
            typer.echo(format_diagnostic(d, texts.get(d.span.file)))
        typer.echo(_lint_summary(reports))
    code = exit_code(all_diagnostics)
    if code == EXIT_OK and strict and any(d.severity == "warning" for d in all_diagnostics):
        code = EXIT_PROBLEMS
    raise typer.Exit(code)


def _explore(
    ir: Any,
    smap: Any,
    static: list[Diagnostic],
    games: int,
    policies: list[str],
    seed: str,
    entry: dict[str, Any],
) -> list[Diagnostic]:
    """Run the W2xx checks; they skip what static lint already proved impossible."""
    from wargame.analysis.lint_dynamic import dynamic_diagnostics
    from wargame.analysis.lint_dynamic import explore as play
    from wargame.analysis.simulate import BatchOptionsError, parse_policies
    from wargame.bots import UnknownPolicyError
    from wargame.scenario.lint import apply_suppressions, suppressions

    try:
        pairs, default = parse_policies(policies, ir)
        stats = play(
            ir,
            games,
            seed=int(seed) if seed.lstrip("-").isdigit() else seed,
            policies=dict(pairs),
            default_policy=default,
        )
    except (BatchOptionsError, UnknownPolicyError) as exc:
        raise usage_error(str(exc)) from None
    impossible = {
        d.path.rsplit(".", 1)[0] for d in static if d.code == "W104" and d.path is not None
    }
    entry["explore"] = stats.to_json(ir)
    found = dynamic_diagnostics(ir, stats, smap, skip=impossible)
    return apply_suppressions(found, suppressions(ir.source_text, smap))


def _lint_summary(reports: list[dict[str, Any]]) -> str:
    errors = sum(r["errors"] for r in reports)
    warnings = sum(r["warnings"] for r in reports)
    files = _plural(len(reports), "file")
    if not errors and not warnings:
        return f"{files} linted: no problems"
    return f"{files} linted: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}"


@guarded
def graph(
    scenario: Annotated[Path, typer.Argument(help="The scenario file.", show_default=False)],
    output_format: Annotated[
        GraphFormat,
        typer.Option("--format", "-f", help="`mermaid` (GitHub renders it) or `dot` (Graphviz)."),
    ] = GraphFormat.mermaid,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to this file.", dir_okay=False, show_default=False
        ),
    ] = None,
    actor: Annotated[
        str | None,
        typer.Option(
            "--actor", help="Only this actor's moves and what they touch.", show_default=False
        ),
    ] = None,
    focus: Annotated[
        str | None,
        typer.Option("--focus", help="Only what can lead to this ending.", show_default=False),
    ] = None,
    level: Annotated[
        GraphLevel,
        typer.Option(
            "--level",
            help="`moves`, `actors` (one node per actor), or `auto`: moves up to 25, actors above.",
        ),
    ] = GraphLevel.auto,
) -> None:
    """Draw what leads where: moves, injects, the values they change, the conditions
    and odds those drive and the endings they lead to, grouped by actor.

    Solid arrows change a value (`+1`, `set`); dashed arrows are conditions reading it
    (`>= 5`, `not`) or odds it shifts (`p(granted)`, `chance`, `roll −1 if >= 6`; dotted in
    DOT). Values no condition or odds read are left out, and so are moves that touch none.

    Examples:

      wargame graph scenarios/tutorial.yaml -o tutorial.mmd

      wargame graph scenarios/greenland.yaml --format dot --focus compromise | dot -Tsvg -o g.svg

      wargame graph scenarios/greenland.yaml --actor president --level moves
    """
    from wargame.authoring.graph import GraphError, build_graph, render
    from wargame.errors import ScenarioError
    from wargame.scenario.loader import inspect_file

    scenario = scenario_file(scenario)
    report = inspect_file(scenario)
    if report.scenario is None:
        for d in report.diagnostics:
            typer.echo(format_diagnostic(d, report.text), err=True)
        raise typer.Exit(exit_code(report.diagnostics) or EXIT_PROBLEMS)
    try:
        built = build_graph(report.scenario, focus=focus, actor=actor, level=level.value)
    except (GraphError, ScenarioError) as exc:
        raise usage_error(str(exc)) from None
    text = render(built, output_format.value)
    emit_text(text, output)


@guarded
def new(
    name: Annotated[
        str,
        typer.Argument(help="File to create: NAME, NAME.yaml or a path.", show_default=False),
    ],
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="The full template: phases (one simultaneous), rulings, argued and secret "
            "moves, an unplayable actor, visible_to, an at_end ending.",
        ),
    ] = False,
) -> None:
    """Create a commented starter scenario that validates, lints clean and plays.

    It has two actors in one alliance, a plain move, a dice move, a chance move, an inject
    and two endings (one the default); `--full` adds every other kind of rule, commented
    where it is used. Its first line points editors at the schema; when no
    `schema/scenario.schema.json` is found above the file, `scenario.schema.json` is written
    beside it. An existing file is never overwritten.

    Examples:

      wargame new my_crisis

      wargame new scenarios/harbour_dispute.yaml --full
    """
    from wargame.authoring.scaffold import ScaffoldError, plan_scaffold

    try:
        plan = plan_scaffold(name, full=full)
    except ScaffoldError as exc:
        raise usage_error(str(exc)) from None
    try:
        with plan.path.open("x", encoding="utf-8") as handle:
            handle.write(plan.text)
    except FileExistsError:
        raise usage_error(f"{name} already exists; choose another name") from None
    except OSError as exc:
        raise usage_error(f"cannot write {plan.path}: {exc.strerror or exc}") from None
    import shlex

    shown = shlex.quote(_relative(plan.path))
    typer.echo(f"created {_relative(plan.path)}")
    if not plan.schema_found:
        _write_schema(plan.schema_file)
    typer.echo("next:")
    typer.echo(f"  wargame validate {shown}")
    typer.echo(f"  wargame lint {shown}")
    typer.echo(f"  wargame graph {shown}")
    typer.echo(f"  wargame play --watch {shown}")
    typer.echo("  docs/tutorial-authoring.md walks through each step")


def _write_schema(path: Path) -> None:
    """The schema the new file's modeline names, beside it (never over an existing file)."""
    from wargame.scenario.jsonschema import render_schema

    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(render_schema())
    except FileExistsError:
        return
    except OSError as exc:
        typer.echo(
            f"could not write {_relative(path)} ({exc.strerror or exc}); for editor "
            f"completion: wargame schema -o {_relative(path)}",
            err=True,
        )
        return
    typer.echo(f"created {_relative(path)} (the schema its first line names, for editors)")


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@guarded
def test(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Scenario files (their NAME.tests.yaml is run), sidecars, or folders.",
            show_default=False,
        ),
    ],
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="One line per test instead of a dot.")
    ] = False,
) -> None:
    """Run scenarios' playthrough tests (NAME.tests.yaml beside NAME.yaml).

    Each test plays one seeded game with scripted moves, bot policies and umpire rulings,
    and checks the ending and values along the way. Prints a dot per test (`-v`: its
    name), then each failure with what was expected and what happened. Exit status: 0 all
    passed, 1 a test failed or a file has errors, 2 usage error.

    Examples:

      wargame test scenarios/

      wargame test scenarios/tutorial.yaml -v
    """
    from wargame.authoring.scenario_tests import find_sidecars, load_suite, run_suite

    started = time.perf_counter()
    sidecars, missing = find_sidecars(paths)
    for message in missing:
        typer.echo(f"wargame: {message}", err=True)
    if not sidecars:
        raise typer.Exit(EXIT_USAGE)
    passed = failed = broken = 0
    failures: list[str] = []
    for sidecar in sidecars:
        suite = load_suite(sidecar)
        if suite.diagnostics:
            broken += 1
            typer.echo(f"{sidecar} E")
            texts = {str(sidecar): suite.text, str(suite.scenario_path): suite.scenario_text}
            for d in suite.diagnostics:
                failures.append(format_diagnostic(d, texts.get(d.span.file)))
            continue
        outcomes = run_suite(suite)
        if not verbose:
            marks = "".join("." if o.passed else "F" for o in outcomes)
            typer.echo(f"{sidecar} {marks}")
        for outcome in outcomes:
            where = f"{sidecar}:{outcome.line}: {outcome.name}"
            if verbose:
                typer.echo(f"{where} {'PASSED' if outcome.passed else 'FAILED'}")
            if outcome.passed:
                passed += 1
            else:
                failed += 1
                body = "\n".join("    " + line for line in outcome.message.splitlines())
                failures.append(f"FAILED {where}\n{body}")
    if failures:
        typer.echo("")
        typer.echo("\n".join(failures))
    elapsed = time.perf_counter() - started
    parts = [f"{passed} passed", f"{failed} failed"]
    if broken:
        parts.append(f"{_plural(broken, 'file')} with errors")
    typer.echo(f"{', '.join(parts)} in {elapsed:.2f}s")
    raise typer.Exit(EXIT_PROBLEMS if failed or broken else EXIT_OK)
