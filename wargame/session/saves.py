"""Where games autosave, what the files are called, and how a player finds them again.

One folder per user, the same whichever folder the game was started from:

* `WARGAME_SAVE_DIR` when set (a class's shared folder, a USB stick; tests);
* Linux and other Unix: `$XDG_DATA_HOME/wargame/saves`, by default
  `~/.local/share/wargame/saves`;
* macOS: `~/Library/Application Support/wargame/saves`;
* Windows: `%APPDATA%\\wargame\\saves`.

A game's autosave is `<scenario-id>-<YYYYmmdd-HHMMSS>.wgsave.json` there, written only once
the game has started (its first action: reading a briefing writes nothing), and never over
another file: a name taken gets `-2`, `-3`, ... `list_saves` lists the folder newest first,
with the saves older versions wrote into the current folder, so `wargame play --resume`
with no argument shows every game a player can pick up. Listing reads each file's head
fields only (it never replays a game), and a damaged file is listed as such, not skipped.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from wargame.errors import SaveFormatError
from wargame.session.save_document import SAVE_SUFFIX, read_save_document
from wargame.session.session import Session

__all__ = [
    "SAVE_DIR_ENV",
    "SaveInfo",
    "find_save",
    "has_started",
    "list_saves",
    "new_save_path",
    "saves_dir",
]

SAVE_DIR_ENV: Final = "WARGAME_SAVE_DIR"
"""The environment variable that puts the saves folder elsewhere."""


def saves_dir(
    env: Mapping[str, str] | None = None,
    *,
    platform: str | None = None,
    home: Path | None = None,
) -> Path:
    """The folder this user's games autosave to (see the module's docstring)."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    home = Path.home() if home is None else home
    chosen = env.get(SAVE_DIR_ENV, "").strip()
    if chosen:
        return Path(chosen).expanduser()
    if platform == "darwin":
        return home / "Library" / "Application Support" / "wargame" / "saves"
    if platform.startswith("win"):
        base = env.get("APPDATA", "").strip()
        return (Path(base) if base else home / "AppData" / "Roaming") / "wargame" / "saves"
    base = env.get("XDG_DATA_HOME", "").strip()
    # The XDG rule: a relative XDG_DATA_HOME is invalid and ignored.
    data = Path(base) if base and Path(base).is_absolute() else home / ".local" / "share"
    return data / "wargame" / "saves"


def has_started(session: Session) -> bool:
    """Whether `session` is a game worth an autosave: something has been played in it, or
    it is a what-if branch of another game (the branch itself is the user's doing)."""
    return session.step_index > 0 or session.can_redo or session.parent is not None


def new_save_path(
    scenario_id: str, *, folder: Path | None = None, now: datetime | None = None
) -> Path:
    """A fresh autosave path for a new game of `scenario_id`: a file that does not exist yet.

    Nothing is created: the game's first save makes the folder.
    """
    folder = saves_dir() if folder is None else folder
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    path = folder / f"{scenario_id}-{stamp}{SAVE_SUFFIX}"
    counter = 2
    while path.exists() or _backup(path).exists():
        path = folder / f"{scenario_id}-{stamp}-{counter}{SAVE_SUFFIX}"
        counter += 1
    return path


def _backup(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


@dataclass(frozen=True, slots=True)
class SaveInfo:
    """One save file as a list shows it, read from its head fields (not replayed)."""

    path: Path
    modified: datetime
    scenario_id: str = ""
    title: str = ""
    steps: int | None = None
    problem: str = ""
    """Why the file cannot be read as a save ("" when it can)."""

    @property
    def name(self) -> str:
        """The file's name without `.wgsave.json`: what `--resume NAME` accepts."""
        return self.path.name.removesuffix(SAVE_SUFFIX)

    def line(self) -> str:
        """One line for a list: name, title, steps played, when last saved."""
        when = self.modified.strftime("%Y-%m-%d %H:%M")
        if self.problem:
            return f"{self.name}  (cannot be read: {self.problem})  {when}"
        played = "" if self.steps is None else f", {self.steps} action{'s' * (self.steps != 1)}"
        return f"{self.name}  {self.title or self.scenario_id}{played}  {when}"


def list_saves(folders: Iterable[Path] | None = None) -> list[SaveInfo]:
    """The save files in `folders` (default: the saves folder and the current folder,
    where older versions autosaved), newest first, each path once."""
    chosen = [saves_dir(), Path.cwd()] if folders is None else list(folders)
    seen: set[Path] = set()
    found: list[SaveInfo] = []
    for folder in chosen:
        try:
            paths = sorted(folder.glob("*" + SAVE_SUFFIX))
        except OSError:
            continue
        for path in paths:
            key = path.resolve()
            if key in seen or not path.is_file():
                continue
            seen.add(key)
            found.append(_info(path))
    found.sort(key=lambda info: (info.modified, info.name), reverse=True)
    return found


def _info(path: Path) -> SaveInfo:
    modified = datetime.fromtimestamp(path.stat().st_mtime)
    try:
        raw: Any = read_save_document(path)
    except SaveFormatError as exc:
        reason = str(exc).removeprefix(f"{path}: ")
        return SaveInfo(path, modified, problem=reason.split(";")[0])
    scenario = raw.get("scenario") if isinstance(raw, dict) else None
    if not isinstance(scenario, dict):
        return SaveInfo(path, modified, problem="not a wargame save file")
    steps = raw.get("steps")
    return SaveInfo(
        path,
        modified,
        scenario_id=str(scenario.get("id") or ""),
        title=str(scenario.get("title") or ""),
        steps=steps if isinstance(steps, int) and not isinstance(steps, bool) else None,
    )


def find_save(name: str, folders: Iterable[Path] | None = None) -> Path | None:
    """The save `--resume NAME` means when NAME is no file: `last` (the newest save), or a
    save's name in the saves folder (with or without `.wgsave.json`); None when none is."""
    saves = list_saves(folders)
    if name == "last":
        readable = [s for s in saves if not s.problem]
        return readable[0].path if readable else None
    wanted = name.removesuffix(SAVE_SUFFIX)
    for info in saves:
        if info.name == wanted:
            return info.path
    return None
