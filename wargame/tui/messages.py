"""Messages the screens and widgets post upward; only the app acts on the session.

"Attributes down, messages up": widgets get what to show from their screen and post an
intent here when the user picks something. Each message carries plain data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.message import Message

from wargame.play import Action


@dataclass
class ScenarioChosen(Message):
    """The user picked a scenario file on the start screen."""

    path: Path


@dataclass
class ActionChosen(Message):
    """The seat on screen chose an action; the app submits it to the session."""

    action: Action
    label: str = ""
    """The move as the list names it (the app says what was sent, and how to undo it)."""


@dataclass
class ForkRequested(Message):
    """The facilitator asked to branch a "what if" game after the first `step` actions."""

    step: int
