"""The real `wargame play` in a real terminal: tmux runs it, sends keys, reads the screen.

This is the one test that goes through the console script, the terminal driver and the
tty, so it catches what Pilot cannot (a traceback on start, a missing stylesheet in the
installed package). Skipped when tmux is absent (`apt-get install -y tmux`) or when the
`play` command is not wired to `run_play` yet.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from tmux_driver import tmux, until_changed, wait_for

from .conftest import FIXTURES

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def _read_news_until(session: str, text: str, timeout: float = 90.0) -> None:
    """Press Enter on each news flash until `text` shows (the game under it)."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session)
        if text in screen and "NEWS FLASH" not in screen:
            return
        if "NEWS FLASH" in screen:
            tmux("send-keys", "-t", session, "Enter")
            until_changed(session, screen, deadline)
        else:
            time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")


def _read_briefing(session: str, timeout: float = 60.0) -> None:
    """Press Enter at the briefing until the game shows: while more is below, Enter reads
    on a page ("Read on"); at the end it begins (wait for the screen, not a count)."""
    deadline = time.monotonic() + timeout
    screen = tmux("capture-pane", "-p", "-t", session)
    while "Read on" in screen or "Begin" in screen:
        if time.monotonic() > deadline:
            raise AssertionError(f"the briefing never ended; the screen was:\n{screen}")
        tmux("send-keys", "-t", session, "Enter")
        until_changed(session, screen, deadline)
        screen = tmux("capture-pane", "-p", "-t", session)


def test_play_in_a_real_terminal(tmp_path: Path) -> None:
    scenario = tmp_path / "strait.yaml"
    shutil.copy(FIXTURES / "strait.yaml", scenario)
    launcher = tmp_path / "play.py"
    launcher.write_text(
        "import sys\n"
        "from wargame.tui.launch import run_play\n"
        f"sys.exit(run_play({str(scenario)!r}, seed=7))\n",
        encoding="utf-8",
    )
    session = f"wargame-{uuid.uuid4().hex[:8]}"
    command = (
        f"cd {tmp_path} && WARGAME_SAVE_DIR={tmp_path} TEXTUAL_ANIMATIONS=none "
        f"{sys.executable} {launcher}"
    )
    tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", command)
    try:
        # How fast the first screen comes is benchmarks/cold_start.py's to measure, not a
        # test's: the test waits for it, however loaded the machine.
        wait_for(session, "Content note")
        tmux("send-keys", "-t", session, "Enter")
        wait_for(session, "Start the game")
        tmux("send-keys", "-t", session, "Enter")
        wait_for(session, "Private: for your eyes only")
        _read_briefing(session)  # at 100x30 Enter reads on a page, then begins
        wait_for(session, "Send a patrol", "Turn 1/3")
        tmux("send-keys", "-t", session, "1")
        tmux("send-keys", "-t", session, "Enter")  # the move asks before it is sent
        wait_for(session, "NEWS FLASH")  # the bots answered; turn 2 opens with news
        _read_news_until(session, "Turn 2/3")  # dialogs are opaque: read each flash
        tmux("send-keys", "-t", session, "q")
        wait_for(session, "Quit the game?", "wargame play --resume")  # q asks first
        tmux("send-keys", "-t", session, "q")
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            listed = subprocess.run(
                ["tmux", "list-sessions", "-F", "#{session_name}"],
                capture_output=True,
                text=True,
                check=False,
            ).stdout
            if session not in listed:
                break
            time.sleep(0.2)
        saves = list(tmp_path.glob("strait-*.wgsave.json"))
        assert len(saves) == 1
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True, check=False)
