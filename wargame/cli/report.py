"""The `wargame report` verb (an after-action report from a saved game or a batch's results)
and `wargame print` (briefing packets on paper for a tabletop session).

Registered on the app in `wargame.cli`. matplotlib (the `report` extra) is imported only
here and only when the verb runs, so the other verbs start as fast without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wargame.cli.output import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    guarded,
    scenario_file,
    usage_error,
)


@guarded
def report(
    file: Annotated[
        Path,
        typer.Argument(
            help="A saved game (*.wgsave.json) or a `wargame simulate` results file "
            "(.jsonl, .csv, .sqlite, with its .meta.json beside it).",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="The report to write: .html (one self-contained file) or .md (Markdown "
            "with its charts in OUT_files/). Default: FILE's name with .html (with --seat, "
            "-SEAT.html).",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    masked: Annotated[
        bool,
        typer.Option(
            "--masked",
            help="Replace real names by the scenario's fictional stand-ins (a game played "
            "masked is always reported masked).",
        ),
    ] = False,
    allow_unverified: Annotated[
        bool,
        typer.Option(
            "--allow-unverified",
            help="Read a saved game that has no state digest (refused otherwise: nothing "
            "shows that its log was not cut or edited).",
        ),
    ] = False,
    seat: Annotated[
        str | None,
        typer.Option(
            "--seat",
            help="A team's copy of a saved game: an actor id, or `observer` for the public "
            "view. It shows only what that seat saw (no hidden values, no one else's secret "
            "moves or news, no seed or notes). Default: the facilitator's copy, every "
            "secret out.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write an after-action report with charts, as HTML or Markdown.

    From a saved game: the outcome, seats and teams, objectives against the result, a
    turn-by-turn timeline with every roll and ruling, cohesion and key variables as charts,
    strengths, areas for improvement, turning points, debrief questions and the hot-wash
    notes. From a results file: ending shares with 95 % intervals, fan charts by turn, the
    most decisive moves and, for a sweep, endings against the swept parameter.

    Needs matplotlib: pip install 'wargame[report]'.

    Examples:

      wargame report greenland-20261127-1012.wgsave.json -o debrief.html

      wargame report runs.jsonl -o study.md --masked

      wargame report greenland-20261127-1012.wgsave.json --seat denmark -o denmark.html
    """
    from wargame.report import (
        INSTALL_HINT,
        ReportDependencyError,
        ReportError,
        build_report,
        output_format,
        require_matplotlib,
        write_report,
    )

    try:
        require_matplotlib()
    except ReportDependencyError:
        typer.echo(
            "wargame: `wargame report` draws its charts with matplotlib, which is not "
            f"installed.\n  hint: add it with: {INSTALL_HINT}",
            err=True,
        )
        raise typer.Exit(EXIT_USAGE) from None
    if not file.exists():
        raise usage_error(f"{file}: no such file")
    from wargame.report.sources import input_kind

    target = out if out is not None else _default_out(file, seat)
    try:
        kind = input_kind(file)
        output_format(target)
    except ReportError as exc:
        raise usage_error(str(exc)) from None
    if seat is not None and kind != "session":
        raise usage_error(f"{file}: --seat makes a team's copy of a saved game, not of a study")
    try:
        document = build_report(
            file, masked=masked, allow_unverified=allow_unverified, seat=seat
        )
    except ReportError as exc:
        typer.echo(f"wargame: {exc}", err=True)
        raise typer.Exit(EXIT_PROBLEMS) from None
    try:
        written = write_report(document, target)
    except OSError as exc:
        raise usage_error(f"cannot write {target}: {exc.strerror or exc}") from None
    extra = len(written) - 1
    note = (
        f" (and {extra} chart{'s' if extra != 1 else ''} in {written[1].parent})" if extra else ""
    )
    typer.echo(f"wrote {written[0]}{note}", err=True)
    raise typer.Exit(EXIT_OK)


def _default_out(file: Path, seat: str | None = None) -> Path:
    """FILE's name with .html (a seat's copy: `-SEAT.html`, beside the facilitator's)."""
    name = file.name
    for suffix in (".wgsave.json", ".meta.json"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    else:
        name = file.stem
    return file.with_name(name + (f"-{seat}" if seat else "") + ".html")


@guarded
def print_packets(
    scenario: Annotated[
        Path,
        typer.Argument(
            help="The scenario: a file, or a shipped scenario's name (`greenland`).",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="The folder to write the packets into (made if missing).",
            file_okay=False,
        ),
    ] = Path("."),
    masked: Annotated[
        bool, typer.Option("--masked", help="Fictional stand-ins for real names.")
    ] = False,
    msel: Annotated[
        bool,
        typer.Option(
            "--msel",
            help="Instead of the packets, the master scenario events list: every inject in "
            "the order it arrives, with its time, module, recipients, expected player "
            "actions and the capability each tests (SCENARIO-msel.html).",
        ),
    ] = False,
    format: Annotated[
        str,
        typer.Option(
            "--format",
            help="html, or csv for the event list (--msel) as a spreadsheet.",
            show_default=True,
        ),
    ] = "html",
) -> None:
    """Print-ready briefing packets: one per team, and the umpire's; or the event list.

    A team's packet: the scenario's summary and calendar, its public and private briefing,
    its objectives, and each of its moves as a card in plain language with its odds. The
    umpire's packet: every actor's, the injects and the endings. Each is one
    self-contained HTML file (SCENARIO-TEAM.html, SCENARIO-umpire.html) that prints on
    A4 and Letter: open it in a browser and print. With --msel, the master scenario
    events list the exercise's controllers work from, landscape (or --format csv).

    Examples:

      wargame print greenland -o packets/

      wargame print scenarios/tutorial.yaml --masked

      wargame print --msel cable_cut -o msel/
    """
    from wargame.cli.output import format_diagnostic
    from wargame.report.packets import packets
    from wargame.scenario.loader import inspect_file
    from wargame.scenario.masking import IDENTITY, Masker
    from wargame.session.atomic import write_atomic

    if format not in ("html", "csv"):
        raise usage_error(f"--format {format}: use html or csv")
    if format == "csv" and not msel:
        raise usage_error("--format csv is for the event list: add --msel")
    path = scenario_file(scenario)
    report = inspect_file(path)
    if report.scenario is None:
        for d in report.diagnostics:
            typer.echo(format_diagnostic(d, report.text), err=True)
        raise typer.Exit(EXIT_PROBLEMS)
    ir = report.scenario
    mask = Masker(ir.masking) if masked else IDENTITY
    try:
        out.mkdir(parents=True, exist_ok=True)
        written = []
        if msel:
            from wargame.report.msel import msel_csv, msel_html

            text = msel_csv(ir, mask) if format == "csv" else msel_html(ir, mask)
            target = out / f"{ir.id}-msel.{format}"
            write_atomic(target, text.encode("utf-8"), keep_backup=False)
            written.append(("Event list", target))
        for packet in () if msel else packets(ir, mask):
            target = out / f"{ir.id}-{packet.stem}.html"
            write_atomic(target, packet.html.encode("utf-8"), keep_backup=False)
            written.append((packet.reader, target))
    except OSError as exc:
        typer.echo(f"wargame: cannot write the packets into {out}: {exc.strerror}", err=True)
        raise typer.Exit(EXIT_PROBLEMS) from None
    for reader, target in written:
        typer.echo(f"{reader}: {target}")
