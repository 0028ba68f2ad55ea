"""Driving a real terminal program through tmux: send keys, read the screen back.

Shared by the tests that run the real `wargame play` and `wargame join` commands.
"""

from __future__ import annotations

import subprocess
import time


def tmux(*args: str) -> str:
    return subprocess.run(
        ["tmux", *args], check=True, capture_output=True, text=True, timeout=20
    ).stdout


def wait_for(session: str, text: str, timeout: float = 20.0) -> str:
    """Wait until `text` is on the pane's screen; return the screen."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session)
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")
