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


def wait_for(session: str, *texts: str, timeout: float = 60.0) -> str:
    """Wait until every one of `texts` is on the pane's screen at once; return the screen.

    Waiting for all of them in one capture matters: a capture can land mid-paint, with one
    part of the screen drawn and another not yet.
    """
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session)
        if all(text in screen for text in texts):
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{texts!r} never all appeared; the screen was:\n{screen}")


def until_changed(session: str, before: str, deadline: float) -> None:
    """Wait until the pane differs from `before` (the key sent was handled), or the deadline.

    A loop that presses a key and then sleeps a fixed time races a loaded machine: the next
    look can still see the old screen and press again on it.
    """
    while time.monotonic() < deadline:
        if tmux("capture-pane", "-p", "-t", session) != before:
            return
        time.sleep(0.1)
