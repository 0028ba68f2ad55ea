"""Where a game autosaves, and the save itself (run by the app in a worker thread).

Every action is saved at once, so a crash or a closed laptop loses nothing. Where the
file goes, what it is called and when the first one is written are the session layer's
policy (`wargame.session.saves`): the user's saves folder, and not before the game has
started. A resumed game keeps saving to the file it was resumed from.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from wargame.session import Session, save_session
from wargame.session.saves import has_started, new_save_path

__all__ = ["autosave_path", "has_started", "write"]


def autosave_path(
    scenario_id: str,
    scenario_file: Path | None = None,
    *,
    cwd: Path | None = None,
    now: datetime | None = None,
) -> Path:
    """A fresh autosave path for a new game of `scenario_id`, in the user's saves folder
    (`scenario_file` and `cwd` no longer choose it: saves live in one place)."""
    return new_save_path(scenario_id, now=now)


def write(session: Session, path: Path) -> Path:
    """Save `session` atomically to `path` (the previous save is kept as `.bak`)."""
    return save_session(session, path)
