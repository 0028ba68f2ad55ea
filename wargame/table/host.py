"""`wargame host`: open a shared table, hand out join codes, and serve the seats to browsers.

The host is a shell around three existing parts: the table store (the authoritative game),
textual-serve (each browser tab runs `wargame join` in its own process and streams it to the
page), and a small keeper thread that plays bot seats whenever no seat process is there to
(seats normally do it themselves). Nothing here is a network protocol of our own.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import socket
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from wargame.errors import WargameError
from wargame.session import Session
from wargame.table.records import (
    EVALUATOR_SEAT,
    HOST_SEAT,
    OBSERVER_SEAT,
    UMPIRE_SEAT,
    StoreError,
)
from wargame.table.replica import Table, create_table
from wargame.table.sqlite import make_private
from wargame.table.store import LogStore, open_store
from wargame.table.urls import is_postgres_url

KEEPER_SECONDS = 0.5
CODES_SUFFIX = ".codes.txt"
PROJECTOR_FONT_PX = 28
"""The browser terminal's font size on the projector page (`?fontsize=`): at 1920×1080
its cells are 28 px tall, about 110×33 of them, read from the back of a room (a seat's
page keeps textual-serve's 16 px)."""


@dataclass(frozen=True, slots=True)
class HostedTable:
    """A table ready for seats: where it lives and the codes that open it."""

    store_url: str
    table_id: str
    codes: Mapping[str, str]
    """Seat name to join code; empty when the table was reopened (codes are kept hashed)."""
    codes_file: Path | None
    titles: Mapping[str, str]
    """Seat name to how the codes sheet names it (`seat_title`)."""
    notes: tuple[str, ...] = ()
    """What the host changed on the way and should tell the facilitator."""


def default_db_path(scenario_id: str, folder: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return folder / f"{scenario_id}-{stamp}.table.db"


def open_new_table(
    session: Session,
    store_url: str,
    *,
    phase_seconds: float | None = None,
    observer: bool = True,
    evaluator: bool = False,
) -> HostedTable:
    """Create the table for `session` in the store at `store_url` and write the codes sheet."""
    if not is_postgres_url(store_url):
        path = Path(store_url.removeprefix("sqlite:///"))
        if path.exists():
            raise StoreError(
                f"{path}: already exists; give a new --db file, or reopen that table with "
                f"`wargame host --db {path}` and no scenario"
            )
    store = open_store(store_url, create=True)
    try:
        settings: dict[str, object] = {}
        if phase_seconds is not None:
            settings["phase_seconds"] = phase_seconds
        info, codes = create_table(
            store, session, settings=settings, observer=observer, evaluator=evaluator
        )
    finally:
        store.close()
    codes_file = _write_codes_sheet(store_url, info.id, session, codes)
    titles = {seat: seat_title(session, seat) for seat in codes}
    return HostedTable(store_url, info.id, codes, codes_file, titles)


def reopen_table(store_url: str, table_id: str | None = None) -> HostedTable:
    """An existing table (after a host crash or a break): the session resumes from the log."""
    from wargame.table.replica import latest_table

    notes: tuple[str, ...] = ()
    if not is_postgres_url(store_url):
        path = Path(store_url.removeprefix("sqlite:///"))
        if make_private(path):  # before SQLite opens its -wal and -shm with the file's mode
            notes = (
                f"Made {path} readable by you only (the game holds every seat's private "
                "briefing).",
            )
    store = open_store(store_url)
    try:
        name = table_id or latest_table(store)
        table = Table(store, name, seat=HOST_SEAT)  # replays the log: refuses a damaged table
        seats = table.seats()
    finally:
        store.close()
    sheet = _codes_sheet_path(store_url, name)
    codes = _read_codes_sheet(sheet) if sheet is not None else {}
    titles = {seat: seat_title(table.session, seat) for seat in seats}
    return HostedTable(store_url, name, codes, sheet if codes else None, titles, notes)


def _codes_sheet_path(store_url: str, table_id: str) -> Path | None:
    if is_postgres_url(store_url):
        return Path.cwd() / f"{table_id}{CODES_SUFFIX}"
    return Path(store_url.removeprefix("sqlite:///") + CODES_SUFFIX)


def _write_codes_sheet(
    store_url: str, table_id: str, session: Session, codes: Mapping[str, str]
) -> Path | None:
    """The facilitator's sheet of codes (readable by the host's user only), for reprinting."""
    path = _codes_sheet_path(store_url, table_id)
    if path is None:
        return None
    lines = [f"# Join codes for table {table_id} ({session.scenario.title})", ""]
    for seat, code in codes.items():
        lines.append(f"{seat}\t{code}\t{seat_title(session, seat)}")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
    except OSError:
        return None
    return path


def _read_codes_sheet(path: Path) -> dict[str, str]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return {}
    codes: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            parts = line.split("\t")
            if len(parts) >= 2:
                codes[parts[0]] = parts[1]
    return codes


def seat_title(session: Session, seat: str) -> str:
    """How a seat is named on the codes sheet: the actor and its team, or its role."""
    if seat == UMPIRE_SEAT:
        umpire = session.umpire
        if umpire is None or not umpire.is_human:
            return "Umpire and facilitator"
        every = session.umpire_rules.every_draw
        return "Umpire and facilitator" + (
            " (rules on every adjudication)" if every else " (rules what needs a person)"
        )
    if seat == OBSERVER_SEAT:
        return "Observer: the projector's public view"
    if seat == EVALUATOR_SEAT:
        return "Evaluator: rates capabilities, records observations and answers"
    actor = session.scenario.actors[session.scenario.names.actors[seat]]
    team = session.seats[seat].team
    return f"{actor.name} ({team})" if team and team != actor.name else actor.name


def join_command(store_url: str, table_id: str) -> str:
    """The command each browser tab runs: this Python, this package, this table."""
    return " ".join(
        [
            shlex.quote(sys.executable),
            "-m",
            "wargame",
            "join",
            shlex.quote(store_url),
            "--table",
            shlex.quote(table_id),
        ]
    )


def lan_address() -> str:
    """This machine's address on its local network (what other laptops in the room reach)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET: no packet is sent for a UDP connect
        return str(probe.getsockname()[0])
    except OSError:
        return socket.gethostbyname(socket.gethostname())
    finally:
        probe.close()


class BotKeeper(threading.Thread):
    """Plays bot seats when they are due and no seat process did (e.g. every tab closed)."""

    def __init__(self, store_url: str, table_id: str, interval: float = KEEPER_SECONDS) -> None:
        super().__init__(name="wargame-bot-keeper", daemon=True)
        self.store_url = store_url
        self.table_id = table_id
        self.interval = interval
        self.stopped = threading.Event()
        self.error = ""

    def run(self) -> None:
        store: LogStore | None = None
        try:
            store = open_store(self.store_url)
            table = Table(store, self.table_id, seat=HOST_SEAT)
            while not self.stopped.wait(self.interval):
                table.sync()
                if table.bots_to_act():
                    # Give the seat that just acted a moment to play them itself.
                    time.sleep(self.interval)
                    table.sync()
                    if table.bots_to_act():
                        table.run_bots()
        except WargameError as exc:
            self.error = str(exc)
        finally:
            if store is not None:
                with contextlib.suppress(WargameError):
                    store.close()

    def stop(self) -> None:
        self.stopped.set()


def serve(
    hosted: HostedTable, *, address: str, port: int, title: str, max_processes: int | None = None
) -> None:
    """Serve the seats to browsers until Ctrl+C (textual-serve: one process per tab).

    At most `max_processes` seat processes at once (default: `SEAT_PROCESSES_PER_CODE` per
    seat of the table); websockets from pages of other origins are refused.
    """
    from wargame.table.web import SEAT_PROCESSES_PER_CODE, SeatServer

    keeper = BotKeeper(hosted.store_url, hosted.table_id)
    keeper.start()
    server = SeatServer(
        join_command(hosted.store_url, hosted.table_id),
        host=address,
        port=port,
        title=title,
        max_processes=max_processes or SEAT_PROCESSES_PER_CODE * max(1, len(hosted.titles)),
    )
    try:
        server.serve()
    finally:
        keeper.stop()
