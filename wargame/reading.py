"""The one reader of files a user names: regular files only, the size capped before reading.

Every command that reads a scenario, a save or a batch's `.meta.json` reads it here, so a
hostile path ends in a clear refusal instead of a hang or a flood of memory:

* the file is opened without blocking (`O_NONBLOCK`), so a named pipe (FIFO) with no
  writer does not hang the open, and refused unless `fstat` says it is a regular file (a
  FIFO, a device such as `/dev/zero`, a socket or a folder, also through a symbolic link);
* its size is checked against the caller's limit before anything is read, and the read
  stops one byte past the limit, so a file that grows while it is read is refused too.

Decoding and parsing stay with the callers (the scenario reader's positioned errors, the
save reader's messages); this module only hands them bytes they can afford.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Final

from wargame.errors import WargameError

__all__ = ["FileNotReadable", "read_capped", "why_not_a_file"]

_CHUNK: Final = 1 << 16
_OPEN_FLAGS: Final = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


class FileNotReadable(WargameError):
    """A file that was not read: missing, not allowed, not a regular file, or too large.

    `reason` completes "cannot read PATH: ..."; `too_large` and `missing` tell those two
    apart from the other reasons (callers give them their own code, hint or fallback).
    """

    def __init__(
        self, path: str, reason: str, *, too_large: bool = False, missing: bool = False
    ) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.too_large = too_large
        self.missing = missing


def read_capped(path: str | Path, max_bytes: int) -> bytes:
    """The bytes of the regular file at `path`, at most `max_bytes` of them.

    Raises `FileNotReadable` when the file cannot be opened, is not a regular file, or
    holds more than `max_bytes` bytes (checked before reading, and again while reading).
    """
    name = str(path)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        missing = isinstance(exc, FileNotFoundError)
        raise FileNotReadable(name, exc.strerror or type(exc).__name__, missing=missing) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileNotReadable(name, f"it is {_what(info.st_mode)}, not a regular file")
        if info.st_size > max_bytes:
            raise FileNotReadable(name, _too_large(info.st_size, max_bytes), too_large=True)
        chunks: list[bytes] = []
        size = 0
        while size <= max_bytes:
            chunk = os.read(fd, min(_CHUNK, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > max_bytes:
            raise FileNotReadable(name, _too_large(size, max_bytes), too_large=True)
        return b"".join(chunks)
    except OSError as exc:
        raise FileNotReadable(name, exc.strerror or type(exc).__name__) from None
    finally:
        os.close(fd)


def _too_large(size: int, limit: int) -> str:
    more = "more than " if size > limit else ""
    return f"it is too large ({more}{size:,} bytes; the limit is {limit:,})"


def _what(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a plain file"


def why_not_a_file(path: str | Path) -> str | None:
    """None for a regular file (or a link to one), else why not, for a command's usage
    error: `no such file`, `it is a folder, not a regular file`, ... (nothing is opened)."""
    try:
        info = os.stat(path)
    except OSError as exc:
        return "no such file" if isinstance(exc, FileNotFoundError) else exc.strerror or str(exc)
    if stat.S_ISREG(info.st_mode):
        return None
    return f"it is {_what(info.st_mode)}, not a regular file"
