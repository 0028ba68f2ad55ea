"""The `wargame host` and `wargame join` verbs: one game at many screens.

Registered on the app in `wargame.cli`. The table store, textual-serve and Textual load only
inside the verb that needs them.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from wargame.cli.output import EXIT_OK, EXIT_PROBLEMS, guarded, scenario_file, usage_error

if TYPE_CHECKING:
    from wargame.session import Session, UmpireRules

DEFAULT_PORT = 8000


@guarded
def host(
    scenario: Annotated[
        Path | None,
        typer.Argument(
            help="The scenario to play (a .yaml file), or a saved game (.wgsave.json) to "
            "continue at a shared table. Leave out to reopen the table in --db.",
            show_default=False,
        ),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="The session database: a new .db file (default: SCENARIO-DATE.table.db "
            "here), an existing one to reopen, or postgresql://user@host/dbname "
            "(needs pip install 'wargame[postgres]').",
            show_default=False,
        ),
    ] = None,
    teams: Annotated[
        str | None,
        typer.Option(
            "--teams",
            help="Actors played by people, comma-separated ids, each optionally with a team "
            "name: denmark,greenland=Nuuk,president. Default: every playable actor.",
            show_default=False,
        ),
    ] = None,
    bots: Annotated[
        str | None,
        typer.Option(
            "--bots",
            help="The policy of the seats nobody plays (see `simulate`). Default: the bot "
            "measured to give the best game (wargame.bots.DEFAULT_BOT, today 'weighted').",
            show_default=False,
        ),
    ] = None,
    umpire: Annotated[
        bool,
        typer.Option(
            "--umpire/--no-umpire",
            help="A human umpire rules what needs a person: the human teams' argued moves "
            "(rated strong, neutral or weak) and ruling moves, and what --umpire-rules names; "
            "chance and dice draws resolve by themselves, logged with their odds. The "
            "umpire's code always gives the facilitator controls.",
        ),
    ] = False,
    discussion: Annotated[
        bool,
        typer.Option(
            "--discussion",
            help="Discussion mode: players see only the moves open to them now, by name, "
            "without conditions or effects (a scenario may ask for it with `discussion: true`).",
        ),
    ] = False,
    umpire_draws: Annotated[
        bool,
        typer.Option(
            "--umpire-draws",
            help="The umpire also confirms or overrides every chance and dice draw, bots' "
            "included.",
        ),
    ] = False,
    umpire_rules: Annotated[
        list[str] | None,
        typer.Option(
            "--umpire-rules",
            help="A move id or actor id whose every adjudication the umpire rules by hand "
            "(repeat for more).",
            metavar="ID",
            show_default=False,
        ),
    ] = None,
    evaluator: Annotated[
        bool | None,
        typer.Option(
            "--evaluator/--no-evaluator",
            help="A join code for an evaluator, who rates the exercise's capabilities and "
            "records observations and answers but never acts (default: when the scenario "
            "declares an `exercise:`).",
            show_default=False,
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option("--seed", help="Seed of the game (default: a fresh random one).")
    ] = None,
    phase_minutes: Annotated[
        float | None,
        typer.Option(
            "--phase-minutes",
            help="A phase timer every screen shows (default: 10 for real-time scenarios, "
            "else off). The umpire pauses or extends it.",
            show_default=False,
        ),
    ] = None,
    masked: Annotated[
        bool, typer.Option("--masked", help="Fictional names on every screen.")
    ] = False,
    address: Annotated[
        str,
        typer.Option(
            "--address",
            help="The address to serve browsers on: 127.0.0.1 (this machine only) unless "
            "you ask for another.",
        ),
    ] = "127.0.0.1",
    lan: Annotated[
        bool,
        typer.Option(
            "--lan", help="Serve on this machine's local-network address, for the room."
        ),
    ] = False,
    port: Annotated[int, typer.Option("--port", help="The port to serve on.")] = DEFAULT_PORT,
    serve: Annotated[
        bool,
        typer.Option(
            "--serve/--no-serve",
            help="Serve seats to browsers; --no-serve only creates the table and prints the "
            "codes (seats then join from terminals with `wargame join`).",
        ),
    ] = True,
    output: Annotated[
        str,
        typer.Option("--format", help="How to print the codes: text or json (for scripts)."),
    ] = "text",
    max_seat_processes: Annotated[
        int | None,
        typer.Option(
            "--max-seat-processes",
            help="The most browser seats running at once (each is a process of about 55 MB). "
            "Default: two per join code.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Host a game for many screens: one join code per team, the umpire and the projector.

    Creates the shared session in a database (a SQLite file unless --db names a PostgreSQL
    server), prints a join code for each human team, the umpire (who also has the
    facilitator controls) and the observer (the projector's public view), then serves the
    game to browsers: each visit asks for a code and shows only that seat's view. Terminals
    on this machine join with `wargame join DB`. If the host stops, run `wargame host --db
    DB` to serve the same table again: the game resumes from the database.

    Examples:

      wargame host scenarios/greenland.yaml --teams denmark,greenland,president --umpire

      wargame host scenarios/tutorial.yaml --lan --port 8080

      wargame host --db greenland-20261127-0900.table.db
    """
    from wargame.table import StoreError
    from wargame.table.host import (
        PROJECTOR_FONT_PX,
        default_db_path,
        lan_address,
        open_new_table,
        reopen_table,
    )
    from wargame.table.urls import redact_url

    if output not in ("text", "json"):
        raise usage_error(f"--format must be text or json, not {output!r}")
    if not 0 < port < 65536:
        raise usage_error(f"--port must be between 1 and 65535, not {port}")
    seconds: float | None = None
    if phase_minutes is not None:
        from wargame.tui.clock import phase_seconds

        try:
            seconds = phase_seconds(phase_minutes)
        except ValueError as exc:
            raise usage_error(f"--phase-minutes: {exc}") from None
    if max_seat_processes is not None and max_seat_processes < 1:
        raise usage_error(f"--max-seat-processes must be 1 or more, not {max_seat_processes}")
    if serve:
        _require_textual_serve()
    try:
        if scenario is None:
            if db is None:
                raise usage_error(
                    "give a scenario to host, or --db with an existing table to serve again"
                )
            hosted = reopen_table(db)
            title = hosted.table_id
            reopened = True
        else:
            session = _new_session(
                scenario, teams=teams, bots=bots, umpire=umpire, seed=seed, masked=masked
            )
            session.discussion = session.discussion or discussion
            if umpire_draws or umpire_rules:  # else a new game's default, or the save's own
                session.umpire_rules = _umpire_rules(session, umpire_draws, umpire_rules or [])
            store_url = db or str(default_db_path(session.scenario.id, Path.cwd()))
            hosted = open_new_table(
                session,
                store_url,
                phase_seconds=seconds,
                evaluator=session.scenario.exercise is not None if evaluator is None else evaluator,
            )
            title = session.scenario.title if not masked else "wargame"
            reopened = False
    except StoreError as exc:
        typer.echo(f"wargame: {exc}", err=True)
        raise typer.Exit(EXIT_PROBLEMS) from None

    bind = lan_address() if lan else address
    url = f"http://{bind}:{port}/" if serve else None
    projector_url = f"{url}?fontsize={PROJECTOR_FONT_PX}" if url else None
    if output == "json":
        typer.echo(
            json.dumps(
                {
                    "db": redact_url(hosted.store_url),
                    "table": hosted.table_id,
                    "url": url,
                    "projector_url": projector_url,
                    "codes": dict(hosted.codes),
                    "codes_file": str(hosted.codes_file) if hosted.codes_file else None,
                    "reopened": reopened,
                    "notes": list(hosted.notes),
                }
            ),
        )
    else:
        verb = "Reopened" if reopened else "Opened"
        typer.echo(f"{verb} table {hosted.table_id} in {redact_url(hosted.store_url)}")
        for note in hosted.notes:
            typer.echo(note)
        if hosted.codes:
            typer.echo("\nJoin codes (hand each team only its own):")
            width = max(len(seat) for seat in hosted.codes)
            for seat, code in hosted.codes.items():
                typer.echo(f"  {seat:<{width}}  {code}  {hosted.titles.get(seat, '')}")
        elif reopened:
            typer.echo("The codes sheet is missing: seats need the codes printed at the start.")
        if hosted.codes_file:
            typer.echo(f"\nThe codes are also in {hosted.codes_file} (readable by you only).")
        typer.echo(
            f"\nIn a terminal on this machine: wargame join {redact_url(hosted.store_url)}"
        )
        if url:
            typer.echo(f"In a browser: {url}   (Ctrl+C stops serving; the game stays saved)")
            typer.echo(
                f"On the projector: {projector_url}   (the observer's code: the board in "
                "large type; any number of projectors may watch)"
            )
    if not serve:
        raise typer.Exit(EXIT_OK)
    from wargame.table.host import serve as serve_table

    serve_table(
        hosted,
        address=bind,
        port=port,
        title=f"wargame · {title}",
        max_processes=max_seat_processes,
    )


def _require_textual_serve() -> None:
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        typer.echo(
            "wargame: serving seats to browsers needs textual-serve, which is not installed."
            "\n  hint: pip install textual-serve, or use --no-serve and `wargame join` in "
            "terminals",
            err=True,
        )
        raise typer.Exit(EXIT_PROBLEMS) from None


def _umpire_rules(session: Session, every_draw: bool, flagged: list[str]) -> UmpireRules:
    """What the umpire rules by hand (`--umpire-draws`, `--umpire-rules`), checked."""
    from wargame.session import UmpireRules

    names = session.scenario.names
    for ident in flagged:
        if ident not in names.moves and ident not in names.actors:
            raise usage_error(
                f"--umpire-rules {ident!r}: no move or actor of {session.scenario.id} has this "
                "id (`wargame graph` lists them)"
            )
    if (every_draw or flagged) and session.umpire is None:
        raise usage_error("--umpire-draws and --umpire-rules need a human umpire: add --umpire")
    return UmpireRules(every_draw=every_draw, flagged=tuple(flagged))


def _new_session(
    path: Path,
    *,
    teams: str | None,
    bots: str | None,
    umpire: bool,
    seed: int | None,
    masked: bool,
) -> Session:
    """The session to host: a new game of a scenario, or a saved game continued."""
    from wargame.bots import POLICY_NAMES, default_policy_for
    from wargame.errors import SaveFormatError, ScenarioError
    from wargame.session import SAVE_SUFFIX, Seat, Session, load_session
    from wargame.table import StoreError

    if path.name.endswith(SAVE_SUFFIX):
        try:
            return load_session(path)
        except SaveFormatError as exc:
            raise StoreError(str(exc)) from None
    from wargame.scenario.loader import load_scenario

    path = scenario_file(path)  # a shipped scenario's name (`greenland`) too
    if bots is not None and bots.split(":", 1)[0] not in POLICY_NAMES:
        raise usage_error(f"--bots {bots!r}: unknown policy; one of {', '.join(POLICY_NAMES)}")
    try:
        scenario = load_scenario(path)
    except ScenarioError as exc:
        raise StoreError(f"{path} does not load:\n{exc}") from None
    playable = [actor.id for actor in scenario.actors if actor.playable]
    chosen: dict[str, str] = {}
    if teams is None:
        chosen = {actor: "" for actor in playable}
    else:
        for part in (p.strip() for p in teams.split(",")):
            if not part:
                continue
            actor, _, team = part.partition("=")
            actor = actor.strip()
            if actor not in scenario.names.actors:
                raise usage_error(
                    f"--teams: {actor!r} is not an actor of {scenario.id}; "
                    f"the playable actors are {', '.join(playable)}"
                )
            if actor not in playable:
                raise usage_error(f"--teams: {actor!r} is not a playable actor of {scenario.id}")
            chosen[actor] = team.strip()
    names = {a.id: a.name for a in scenario.actors}
    seats = {
        actor.id: (
            Seat(actor.id, "human", team=chosen[actor.id] or names[actor.id])
            if actor.id in chosen
            else Seat(actor.id, "bot", policy=bots or default_policy_for(scenario, actor.id))
        )
        for actor in scenario.actors
    }
    umpire_seat = Seat("umpire", "human", team="Umpire") if umpire else None
    return Session(
        scenario,
        seed=seed if seed is not None else secrets.randbelow(1_000_000),
        seats=seats,
        umpire=umpire_seat,
        masked=masked,
    )


@guarded
def backup(
    db: Annotated[
        str,
        typer.Argument(help="The session database to copy (a .db file).", show_default=False),
    ],
    target: Annotated[
        Path,
        typer.Argument(help="The new file to write the copy to.", show_default=False),
    ],
) -> None:
    """Copy a hosted game's database, safely even while seats are playing.

    The copy is consistent (SQLite's backup API), readable by you only, and a complete game:
    serve it with `wargame host --db COPY`. A PostgreSQL table is backed up by the server's
    own tools (pg_dump).

    Example:

      wargame backup greenland-20261127-0900.table.db greenland-break.table.db
    """
    from wargame.table import StoreError
    from wargame.table.sqlite import SqliteStore
    from wargame.table.urls import is_postgres_url

    if is_postgres_url(db):
        raise usage_error(
            "a PostgreSQL table is backed up with the server's tools: "
            "pg_dump --table 'wargame_*' DBNAME > FILE"
        )
    try:
        store = SqliteStore(Path(db.removeprefix("sqlite:///")))
        try:
            store.backup(target)
            tables = len(store.table_ids())
        finally:
            store.close()
    except StoreError as exc:
        typer.echo(f"wargame: {exc}", err=True)
        raise typer.Exit(EXIT_PROBLEMS) from None
    typer.echo(f"Copied {db} to {target} ({tables} table{'s' if tables != 1 else ''}).")


@guarded
def join(
    db: Annotated[
        str,
        typer.Argument(
            help="The session database `wargame host` printed (a .db file or a "
            "postgresql:// URL).",
            show_default=False,
        ),
    ],
    code: Annotated[
        str | None,
        typer.Option("--code", help="Your seat's join code (asked on screen when left out)."),
    ] = None,
    table: Annotated[
        str | None,
        typer.Option("--table", help="Which table, when the database holds several."),
    ] = None,
    projector: Annotated[
        bool,
        typer.Option(
            "--projector",
            help="The projector board (who decides, the calendar, gauges, news) in large "
            "type: join with the observer seat's code.",
        ),
    ] = False,
) -> None:
    """Take a seat at a hosted game in this terminal: a team, the umpire or the projector.

    The join code decides the seat, and the screen shows only what that seat may see. If
    the window closes, join again with the same code: the seat resumes where the game is.

    Examples:

      wargame join greenland-20261127-0900.table.db --code 7KQM-3XDF

      wargame join greenland-20261127-0900.table.db --projector --code OBSERVER-CODE

      wargame join postgresql://wargame@db.example.org/class --table greenland-1a2b3c
    """
    from wargame.table.lifeline import die_with_host_from_env
    from wargame.tui.launch import run_join

    die_with_host_from_env()  # a browser seat started by `wargame host` ends with it
    raise typer.Exit(run_join(db, table=table, code=code, projector=projector))
