"""A seat's real `wargame join` process killed with SIGKILL mid-game, then rejoined.

tmux runs the real command in a real terminal; the test plays a few decisions with keys,
kills the process without warning, and joins again with the same code: the game is whole,
the seat resumes at the position the database holds, and nothing confirmed was lost.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from tmux_driver import tmux, until_changed, wait_for

from wargame.scenario.loader import load_scenario
from wargame.session import Seat, Session, state_digest
from wargame.table import Table, open_store
from wargame.table.replica import create_table

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None and not os.environ.get("WARGAME_CI"),
    reason="tmux is not installed",
)




def _until_moves(session: str, label: str, timeout: float = 40.0) -> None:
    """Press Enter through briefings, news and results until the seat's moves show."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session)
        if label in screen and "NEWS FLASH" not in screen and "Result:" not in screen:
            return
        if any(word in screen for word in ("Begin", "Read on", "NEWS FLASH", "Result:")):
            tmux("send-keys", "-t", session, "Enter")
            until_changed(session, screen, deadline)
        else:
            time.sleep(0.2)
    raise AssertionError(f"{label!r} never appeared; the screen was:\n{screen}")


def _log_length(db: Path, table_id: str, above: int, timeout: float = 20.0) -> int:
    """Wait until the table's log holds more than `above` records; return its length."""
    deadline = time.monotonic() + timeout
    length = above
    while time.monotonic() < deadline:
        store = open_store(db)
        length = store.length(table_id)
        store.close()
        if length > above:
            return length
        time.sleep(0.2)
    raise AssertionError(f"the log stayed at {length} records")


def _pane_pid(session: str) -> int:
    return int(tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip())


def test_a_seat_killed_mid_game_rejoins_and_nothing_confirmed_is_lost(tmp_path: Path) -> None:
    scenario = load_scenario(REPO / "scenarios" / "tutorial.yaml")
    session = Session(
        scenario, seed=9, seats={"northport": Seat("northport", "human", team="North")}
    )
    db = tmp_path / "class.table.db"
    store = open_store(db, create=True)
    info, codes = create_table(store, session)
    store.close()

    name = f"wargame-join-{uuid.uuid4().hex[:8]}"
    command = (
        f"cd {tmp_path} && exec env TEXTUAL_ANIMATIONS=none {sys.executable} -m wargame join "
        f"{db} --code {codes['northport']}"
    )
    tmux("new-session", "-d", "-s", name, "-x", "110", "-y", "34", command)
    try:
        _until_moves(name, "Moves: Northport")
        tmux("send-keys", "-t", name, "1", "Enter")
        confirmed = _log_length(db, info.id, 0)
        time.sleep(0.5)  # the bots' replies, if any, land too
        # SIGKILL: no cleanup, no release of the seat, the terminal just dies.
        os.kill(_pane_pid(name), signal.SIGKILL)
        time.sleep(0.5)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], check=False, capture_output=True)

    store = open_store(db)
    confirmed = max(confirmed, store.length(info.id))
    assert confirmed >= 1
    replica = Table(store, info.id, seat="observer")
    digest = state_digest(replica.session.state)
    store.close()

    again = f"wargame-join-{uuid.uuid4().hex[:8]}"
    tmux("new-session", "-d", "-s", again, "-x", "110", "-y", "34", command)
    try:
        _until_moves(again, "Moves: Northport")
        wait_for(again, f"step {replica.session.step_index}", "you: Northport")
        tmux("send-keys", "-t", again, "1", "Enter")
        _log_length(db, info.id, replica.position)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", again], check=False, capture_output=True)
    store = open_store(db)
    resumed = Table(store, info.id, seat="observer")
    assert resumed.session.step_index > replica.session.step_index
    # The rejoined seat played on from exactly the state the killed one left.
    assert state_digest(resumed.session.state_at(replica.session.step_index)) == digest
    store.close()
