"""The `wargame` command line.

Thin by design: each verb is one function that parses its arguments, calls a layer and sets
the exit code. Heavy modules are imported inside the verb that needs them, so `wargame
validate` never loads Textual and starts fast. Problems are printed through
`wargame.cli.output` (one formatter for text and JSON; exit codes 0/1/2/101).

Start-up: the Typer app is built on first use (`build_app`, or the module attribute `app`),
not at import. `main` runs the plain `wargame validate FILE... [--format text|json]`, what a
CI job or an editor runs most, without it: importing Typer and building the command tree
of every verb is ~75 ms of a ~0.45 s start. Anything else (`--help`, any other option or
verb, a usage error) goes through Typer, which prints exactly what it always has.

To add a verb: write a function below (or in a module of this package), decorate it with `@guarded`,
give it a docstring with an example, import what it needs inside the function, and register
it in `build_app` with `app.command()(verb)`. The verbs' annotations name `typer`, which
`build_app` puts in this module's namespace before Typer reads them.
"""

from __future__ import annotations

import enum
import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from wargame.cli.output import (
    EXIT_PROBLEMS,
    EXIT_USAGE,
    bug_line,
    emit_text,
    exit_code,
    format_diagnostic,
    guarded,
    guarded_status,
    json_document,
    require_file,
    scenario_file,
    usage_error,
)
from wargame.errors import traceback_wanted

if TYPE_CHECKING:
    import typer

    from wargame.scenario.loader import FileReport

HELP = (
    "Tabletop war-game simulator: YAML scenarios, a deterministic rules engine, a "
    "terminal UI and Monte Carlo analysis.\n\n"
    "Examples:\n\n"
    "  wargame validate scenarios/greenland.yaml\n\n"
    "  wargame schema -o schema/scenario.schema.json\n\n"
    "See docs/authoring.md for the scenario format."
)


class OutputFormat(enum.StrEnum):
    """How `validate` prints its findings."""

    text = "text"
    json = "json"




@guarded
def validate(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Scenario files, or folders to search for *.yaml and *.yml files "
            "(playthrough-test sidecars, *.tests.yaml, are skipped: `wargame test` runs them).",
            show_default=False,
        ),
    ],
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="`text` for people, `json` for tools."),
    ] = OutputFormat.text,
) -> None:
    """Check scenario files and report every problem with its file:line:col.

    A valid file prints one summary line; an invalid one prints each error with the source
    line, a caret under the column and a hint. Exit status: 0 all valid, 1 problems found,
    2 usage error, 101 internal error.

    Examples:

      wargame validate scenarios/greenland.yaml

      wargame validate scenarios/ --format json
    """
    from wargame.scenario.files import NoScenarioFiles

    try:
        status = validate_files(paths, output_format)
    except NoScenarioFiles as exc:
        raise usage_error(str(exc)) from None
    raise typer.Exit(status)


def _echo(text: str) -> None:
    """A line to standard output, flushed at once as `typer.echo` does (so a reader that
    went away shows up inside the command, where `guarded` handles it)."""
    print(text, flush=True)


def validate_files(
    paths: list[Path], output_format: OutputFormat, echo: Callable[[str], object] = _echo
) -> int:
    """`wargame validate` without Typer: print each file's findings, return the exit status.

    Raises `NoScenarioFiles` when a path names nothing to check (a usage error).
    """
    from wargame.scenario.files import find_scenario_files
    from wargame.scenario.loader import inspect_file

    reports = [inspect_file(path) for path in find_scenario_files(paths)]
    diagnostics = [d for report in reports for d in report.diagnostics]
    if output_format is OutputFormat.json:
        echo(json_document([_file_json(r) for r in reports], diagnostics))
    else:
        for report in reports:
            echo(_file_text(report))
        if len(reports) > 1:
            echo(_totals(reports))
    return exit_code(diagnostics)


@guarded
def schema(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file instead of standard output.",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    tests: Annotated[
        bool,
        typer.Option(
            "--tests", help="The schema of playthrough-test sidecars (NAME.tests.yaml) instead."
        ),
    ] = False,
) -> None:
    """Print the JSON Schema (draft-07) of the scenario format, for editors.

    Point your editor's YAML language server at it with a first line like
    `# yaml-language-server: $schema=../schema/scenario.schema.json`; a test sidecar's
    first line names `scenario-tests.schema.json` (`--tests`).

    Examples:

      wargame schema

      wargame schema -o schema/scenario.schema.json

      wargame schema --tests -o schema/scenario-tests.schema.json
    """
    if tests:
        from wargame.authoring.tests_schema import render_sidecar_schema

        text = render_sidecar_schema()
    else:
        from wargame.scenario.jsonschema import render_schema

        text = render_schema()
    emit_text(text, output)


@guarded
def play(
    scenario: Annotated[
        Path | None,
        typer.Argument(
            help="Scenario file to open; omit it to choose from a list.", show_default=False
        ),
    ] = None,
    resume: Annotated[
        str | None,
        typer.Option(
            "--resume",
            "-r",
            help="Continue a saved game: a *.wgsave.json file, a save's name from the "
            "saves folder, or `last`. Without a value: list the saves.",
            metavar="[SAVE]",
            show_default=False,
        ),
    ] = None,
    masked: Annotated[
        bool, typer.Option("--masked", help="Show fictional stand-ins for real names.")
    ] = False,
    watch: Annotated[
        bool, typer.Option("--watch", help="Reload the scenario when its file is saved.")
    ] = False,
    seed: Annotated[
        int | None,
        typer.Option("--seed", help="Seed of the game (default: random).", show_default=False),
    ] = None,
    umpire: Annotated[
        bool, typer.Option("--umpire", help="Start with a human umpire seat.")
    ] = False,
    discussion: Annotated[
        bool,
        typer.Option(
            "--discussion",
            help="Discussion mode: players see only the moves open to them now, by name, "
            "without conditions or effects (a scenario may ask for it with `discussion: true`).",
        ),
    ] = False,
    allow_unverified: Annotated[
        bool,
        typer.Option(
            "--allow-unverified",
            help="With --resume: continue a saved game that has no state digest (refused "
            "otherwise: nothing shows that its log was not cut or edited).",
        ),
    ] = False,
) -> None:
    """Play a scenario in the terminal: briefings, turns, adjudication, debrief.

    With no argument it lists the shipped scenarios and any in the current folder; a
    shipped scenario can be named (`wargame play greenland`). Once a game has started it
    autosaves after every action into the saves folder (`--resume` alone lists them);
    `--resume SAVE` continues exactly where it stopped.

    Examples:

      wargame play

      wargame play scenarios/greenland.yaml --umpire

      wargame play --resume            # list the saved games

      wargame play --resume last       # continue the newest one

      wargame play --resume greenland-20261127-101200
    """
    if resume == "":
        _list_saves()
        return
    if scenario is not None:
        scenario = scenario_file(scenario)
    save = _save_file(resume) if resume is not None else None
    if save is not None:
        _check_save(save, allow_unverified=allow_unverified)
    elif allow_unverified:
        raise usage_error("--allow-unverified applies to a saved game: add --resume SAVE")
    from wargame.tui.launch import run_play

    code = run_play(
        str(scenario) if scenario else None,
        resume=str(save) if save else None,
        masked=masked,
        watch=watch,
        seed=seed,
        umpire=umpire,
        allow_unverified=allow_unverified,
        discussion=discussion,
    )
    raise typer.Exit(code)


def _check_save(path: Path, *, allow_unverified: bool) -> None:
    """Say in plain text why a save cannot be resumed (exit 1), before the game takes the
    terminal over."""
    from wargame.errors import SaveFormatError
    from wargame.session import check_save

    try:
        check_save(path, allow_unverified=allow_unverified)
    except SaveFormatError as exc:
        typer.echo(f"wargame: {exc}", err=True)
        raise typer.Exit(EXIT_PROBLEMS) from None


@guarded
def scenarios() -> None:
    """List the shipped scenarios: the name every command accepts, the title, the file.

    Any command that takes a scenario file takes one of these names instead
    (`wargame simulate greenland`, `wargame print tutorial`); a file of that name in the
    current folder wins.

    Examples:

      wargame scenarios
    """
    from wargame.scenario.loader import inspect_file
    from wargame.scenario.shipped import shipped_dir, shipped_scenarios

    found = shipped_scenarios()
    if not found:
        typer.echo("wargame: no shipped scenarios found (a broken install?)", err=True)
        raise typer.Exit(EXIT_PROBLEMS)
    rows = []
    for entry in found:
        report = inspect_file(entry.path)
        title = report.scenario.title if report.scenario else "(does not load: see validate)"
        rows.append((entry.name, title, str(entry.path)))
    width = max(len(name) for name, _, _ in rows)
    typer.echo(f"Shipped scenarios (in {shipped_dir()}):")
    for name, title, path in rows:
        typer.echo(f"  {name:<{width}}  {title}")
        typer.echo(f"  {'':<{width}}  {path}")


def _list_saves() -> None:
    """`play --resume` with no value: the saves a player can continue, newest first."""
    from wargame.session.saves import SAVE_DIR_ENV, list_saves, saves_dir

    folder = saves_dir()
    found = list_saves()
    if not found:
        typer.echo(f"No saved games yet in {folder} (nor in this folder).")
        typer.echo("A game saves itself there from its first move on.")
        return
    typer.echo(f"Saved games, newest first (saves folder: {folder}; {SAVE_DIR_ENV} moves it):")
    for info in found:
        typer.echo(f"  {info.line()}")
        typer.echo(f"      {info.path}")
    typer.echo("")
    typer.echo(f"Continue one: wargame play --resume {found[0].name}   (or --resume last)")


def _save_file(value: str) -> Path:
    """The save `--resume VALUE` names: a file, else a name in the saves folder or `last`."""
    from wargame.reading import why_not_a_file
    from wargame.session.saves import find_save

    path = Path(value)
    if why_not_a_file(path) is None:
        return path
    found = find_save(value)
    if found is not None:
        return found
    require_file(path, "saved game")  # says what is wrong with it
    raise usage_error(f"{value}: no such saved game (`wargame play --resume` lists them)")


def build_app() -> typer.Typer:
    """The Typer app with every verb. Built once, on first use (see the module's docstring)."""
    built = globals().get("app")
    if built is not None:
        return built  # type: ignore[no-any-return]
    import typer

    from wargame.cli import analysis, authoring, report, table

    globals()["typer"] = typer  # the verbs' annotations (`typer.Argument`) are read now
    app = typer.Typer(
        name="wargame",
        help=HELP,
        pretty_exceptions_enable=False,
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode="markdown",
    )
    app.command()(validate)
    app.command()(schema)
    app.command()(play)
    app.command()(scenarios)
    app.command()(analysis.simulate)
    app.command()(analysis.explore)
    app.command()(analysis.sensitivity)
    app.command()(authoring.lint)
    app.command()(authoring.graph)
    app.command()(authoring.new)
    app.command()(authoring.test)
    app.command()(report.report)
    app.command("print")(report.print_packets)
    app.command()(table.host)
    app.command()(table.join)
    app.command()(table.backup)
    globals()["app"] = app
    return app


def __getattr__(name: str) -> Any:
    """`wargame.cli.app`, built on first use."""
    if name == "app":
        return build_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --- helpers for validate ----------------------------------------------------------------------


def _file_text(report: FileReport) -> str:
    if report.scenario is not None and report.ok:
        ir = report.scenario
        return (
            f"{report.name}: ok: {ir.title} ({_count(len(ir.actors), 'actor')}, "
            f"{_count(len(ir.moves), 'move')}, {_count(ir.calendar.turns, 'turn')})"
        )
    return "\n".join(format_diagnostic(d, report.text) for d in report.diagnostics)


def _file_json(report: FileReport) -> dict[str, Any]:
    summary: dict[str, Any] | None = None
    if report.scenario is not None:
        ir = report.scenario
        summary = {
            "id": ir.id,
            "title": ir.title,
            "actors": len(ir.actors),
            "moves": len(ir.moves),
            "turns": ir.calendar.turns,
        }
    return {
        "file": report.name,
        "valid": report.ok,
        "errors": sum(1 for d in report.diagnostics if d.severity == "error"),
        "summary": summary,
    }


def _totals(reports: list[FileReport]) -> str:
    bad = [r for r in reports if not r.ok]
    errors = sum(len(r.diagnostics) for r in bad)
    if not bad:
        return f"{_count(len(reports), 'file')} checked: all valid"
    return (
        f"{_count(len(reports), 'file')} checked: {len(reports) - len(bad)} valid, "
        f"{len(bad)} with problems ({_count(errors, 'error')})"
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def main() -> None:
    """Entry point of the `wargame` script and of `python -m wargame`."""
    plain = plain_validate(sys.argv[1:])
    if plain is not None:
        status = guarded_status(lambda: _validate_outside_typer(*plain))
        _no_collections_at_exit()
        sys.exit(status)
    try:
        build_app()(args=resume_without_value(sys.argv[1:]))
    except Exception as exc:  # last resort; commands are `guarded`
        if traceback_wanted():
            raise  # `guarded` let it through for the developer: so does this
        print(bug_line(exc), file=sys.stderr)
        sys.exit(101)


def resume_without_value(argv: list[str]) -> list[str]:
    """`play --resume` (or `-r`) given no value, last or before another option, as
    `--resume=`: the empty value that lists the saves. (Typer has no option whose value is
    optional; this is the one that needs it.)"""
    if not argv or argv[0] != "play":
        return argv
    out = list(argv)
    for index, arg in enumerate(out):
        if arg == "--":
            break
        if arg in ("--resume", "-r"):
            following = out[index + 1] if index + 1 < len(out) else None
            if following is None or following.startswith("-"):
                out[index] = "--resume="
    return out


def plain_validate(argv: list[str]) -> tuple[list[Path], OutputFormat] | None:
    """The paths and format of `validate FILE... [--format|-f text|json]`, the one form
    `main` runs without Typer; None for anything Typer might treat otherwise (help, other
    options, `--`, a repeated or unknown format, no file), which Typer then handles."""
    if not argv or argv[0] != "validate":
        return None
    paths: list[Path] = []
    chosen: str | None = None
    rest = iter(argv[1:])
    for arg in rest:
        if arg in ("--format", "-f"):
            value = next(rest, None)
        elif arg.startswith("--format="):
            value = arg.partition("=")[2]
        elif arg.startswith("-"):
            return None
        else:
            paths.append(Path(arg))
            continue
        if chosen is not None or value not in ("text", "json"):
            return None
        chosen = value
    if not paths:
        return None
    return paths, OutputFormat(chosen or "text")


def _validate_outside_typer(paths: list[Path], output_format: OutputFormat) -> int:
    _import_validate_modules()
    from wargame.scenario.files import NoScenarioFiles

    try:
        return validate_files(paths, output_format)
    except NoScenarioFiles as exc:
        print(f"wargame: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _import_validate_modules() -> None:
    """Import what `validate` runs on with the cyclic garbage collector paused, then move
    what the imports built out of its reach (`gc.freeze`).

    Importing pydantic, PyYAML and the scenario modules builds ~30,000 long-lived objects
    and frees almost none: the ~60 collections the allocations trigger find nothing to
    free (~20 ms of a cold start), and frozen, the modules are not scanned again by the
    collections the validation of many files triggers.
    """
    if not gc.isenabled():
        return
    gc.disable()
    try:
        import wargame.scenario.files
        import wargame.scenario.loader  # noqa: F401
    finally:
        gc.freeze()
        gc.enable()


def _no_collections_at_exit() -> None:
    """Spare the interpreter's shutdown its garbage collections, at the very end of a
    one-shot command.

    Finalising the interpreter runs several full collections while it tears the modules
    down; after a `validate` they scan every object pydantic and the IR built (~60 ms of
    a ~0.45 s process) to free nothing that matters to a process about to end. Frozen
    objects are skipped: everything is still released by reference counting as the
    modules are cleared, standard output is flushed and atexit handlers run; only cyclic
    garbage is left to the operating system, which reclaims the whole process anyway.
    """
    gc.freeze()


__all__ = [
    "EXIT_USAGE",
    "OutputFormat",
    "build_app",
    "main",
    "plain_validate",
    "resume_without_value",
]
