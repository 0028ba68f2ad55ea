"""Crash-safe file writes: a save is either the old file or the new one, never half of each.

The recipe (temp file in the same folder, fsync, keep the previous file as `.bak`,
`os.replace`, fsync the folder) and the reasons for each step are in
`research/reliability-ecosystem.md` §4.1.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from wargame.session.save_document import check_same_game


def write_atomic(path: Path, data: bytes, *, keep_backup: bool = True) -> None:
    """Write `data` to `path` so that a crash at any moment leaves a whole file behind.

    The previous content, if any, is kept as `<name>.bak` when `keep_backup` is set.
    Raises OSError when the folder is not writable; the old file is then untouched. A save
    (`*.wgsave.json`) is never written over the save of another scenario's game: that is
    SaveConflictError, an OSError too (`save_document.check_same_game`).
    """
    path = Path(path)
    check_same_game(path, data)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if keep_backup and path.exists():
            _backup(path)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_folder(folder)


def _backup(path: Path) -> None:
    """Keep the current file as `<name>.bak` without ever leaving `path` missing.

    A hard link shares the old content, so `path` stays in place until `os.replace` swaps
    in the new file; where links are not supported the old file is copied.
    """
    backup = path.with_name(path.name + ".bak")
    with contextlib.suppress(FileNotFoundError):
        backup.unlink()
    try:
        os.link(path, backup)
    except OSError:
        shutil.copy2(path, backup)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX only; a no-op where folders can't be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
