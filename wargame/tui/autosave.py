"""Where a game autosaves, and the save itself (run by the app in a worker thread).

Every action is saved at once, so a crash or a closed laptop loses nothing. The file goes
beside the scenario when that folder is writable (a shipped scenario's folder usually is
not, for installed copies), else into the current folder, named
`<scenario-id>-<YYYYmmdd-HHMMSS>.wgsave.json`. A resumed game keeps saving to the file it
was resumed from.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from wargame.session import SAVE_SUFFIX, Session, save_session


def autosave_path(
    scenario_id: str,
    scenario_file: Path | None,
    *,
    cwd: Path | None = None,
    now: datetime | None = None,
) -> Path:
    """A fresh autosave path for a new game of `scenario_id`."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    name = f"{scenario_id}-{stamp}{SAVE_SUFFIX}"
    folder = cwd or Path.cwd()
    if scenario_file is not None:
        beside = scenario_file.resolve().parent
        if os.access(beside, os.W_OK) and not _is_shipped(beside):
            folder = beside
    path = folder / name
    counter = 2
    while path.exists():
        path = folder / f"{scenario_id}-{stamp}-{counter}{SAVE_SUFFIX}"
        counter += 1
    return path


def _is_shipped(folder: Path) -> bool:
    """Saves never go into the shipped scenarios folder: it is part of the program."""
    from wargame.play.catalog import shipped_scenario_dir

    shipped = shipped_scenario_dir()
    return shipped is not None and shipped.resolve() == folder


def write(session: Session, path: Path) -> Path:
    """Save `session` atomically to `path` (the previous save is kept as `.bak`)."""
    return save_session(session, path)
