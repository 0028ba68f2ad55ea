"""`run_play`: what `wargame play` calls. Imports Textual only when a game is played."""

from __future__ import annotations

from pathlib import Path


def run_play(
    path: str | None,
    *,
    resume: str | None = None,
    masked: bool = False,
    watch: bool = False,
    seed: int | None = None,
    umpire: bool = False,
    allow_unverified: bool = False,
    discussion: bool = False,
) -> int:
    """Run the interactive game and return the process exit code.

    Args:
        path: a scenario file to open directly; None lists the scenarios to choose from.
        resume: a `.wgsave.json` file to continue exactly where it stopped.
        masked: show every text through the scenario's masking table (fictional names).
        watch: reload the scenario file when it changes on disk (for authors playtesting);
            the game so far is replayed on the new version when it still applies.
        seed: the seed the setup screen proposes (default: a fresh random one).
        umpire: propose a human umpire on the setup screen.
        allow_unverified: resume a save that has no state digest (refused otherwise).
        discussion: players see only the moves open to them now, without rules.

    Returns:
        0 after a normal quit, 1 when the scenario or save could not be opened (the app
        has shown why), 130 when interrupted.
    """
    from wargame.tui.app import PlayOptions, WargameApp

    options = PlayOptions(
        path=Path(path) if path else None,
        resume=Path(resume) if resume else None,
        masked=masked,
        watch=watch,
        seed=seed,
        umpire=umpire,
        allow_unverified=allow_unverified,
        discussion=discussion,
    )
    app = WargameApp(options)
    try:
        result = app.run()
    except KeyboardInterrupt:
        return 130
    return result if isinstance(result, int) else app.exit_status


def run_join(
    store: str, *, table: str | None = None, code: str | None = None, projector: bool = False
) -> int:
    """Run one seat of a shared table (`wargame join`) and return the process exit code.

    Args:
        store: the session database `wargame host` printed (a file or a postgresql:// URL).
        table: the table's id; None opens the newest table in the database.
        code: the seat's join code; None asks for it on screen.
        projector: the projector board (the code must be the observer seat's).

    Returns:
        0 after a normal quit, 1 when the table or the code could not be opened (the app
        has shown why), 130 when interrupted.
    """
    from wargame.tui.seat_app import SeatApp, SeatOptions

    app = SeatApp(SeatOptions(store=store, table=table, code=code, projector=projector))
    try:
        result = app.run()
    except KeyboardInterrupt:
        return 130
    finally:
        app.leave_table()
    return result if isinstance(result, int) else app.exit_status
