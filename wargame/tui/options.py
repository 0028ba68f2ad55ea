"""How `wargame play` was asked to run."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from wargame.tui.clock import Clock, SystemClock


@dataclass
class PlayOptions:
    """How `wargame play` was asked to run (see `run_play`)."""

    path: Path | None = None
    resume: Path | None = None
    masked: bool = False
    watch: bool = False
    seed: int | None = None
    umpire: bool = False
    discussion: bool = False
    """Discussion mode for a new game (`--discussion`; the scenario may ask for it too)."""
    allow_unverified: bool = False
    """Resume a save that has no state digest (`--allow-unverified`)."""
    cwd: Path | None = None
    """Where local scenarios are listed from and saves go when not beside the scenario."""
    clock: Clock = field(default_factory=SystemClock)
    """The phase timer's clock: tests pass a `ManualClock`."""
    phase_seconds: float | None = None
    """Seconds per phase; None: 10 minutes when the scenario asks for a real-time clock."""
    autosave: bool = True
    save_to: Path | None = None
    """Autosave to this file instead of a fresh timestamped one."""
    include_shipped: bool = True
    """List the shipped scenarios on the start screen (tests list only their own)."""
    watch_interval: float = 1.0
