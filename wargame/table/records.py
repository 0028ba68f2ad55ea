"""What a shared table stores: its opening document and its records, and the ways an append
or a join can be refused."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from wargame.errors import WargameError

RecordKind = Literal["action", "undo", "redo", "clock", "notes"]
"""`action`: an engine action (`{"action": ..., "by": ...}`); `undo`/`redo`:
`{"steps": N}`; `clock`: the phase timer (`{"op": "pause"|"resume"|"extend"|"set",
"seconds": S}`), shared so every screen shows the same time; `notes`: the facilitator's
debrief notes (`{"text": ...}`)."""

RECORD_KINDS: tuple[RecordKind, ...] = ("action", "undo", "redo", "clock", "notes")

OBSERVER_SEAT = "observer"
UMPIRE_SEAT = "umpire"
HOST_SEAT = "host"
"""Seat names besides the actors' ids: the projector view, the umpire and facilitator, and
the host process (which appends bot moves when no seat is connected)."""


@dataclass(frozen=True, slots=True)
class TableRecord:
    """One entry of a table's append-only log."""

    seq: int
    """0-based position in the log: an append names the position it expects to fill."""
    kind: RecordKind
    payload: dict[str, Any]
    seat: str
    """The seat that appended it: an actor id, `umpire`, `host`, or `bot:ACTOR`."""
    at: float
    """Unix time the store accepted it."""


@dataclass(frozen=True, slots=True)
class TableInfo:
    """A table as created: everything a seat needs to rebuild the game before any record."""

    id: str
    document: dict[str, Any]
    """A save document (`wargame.session.session_to_dict`): scenario text and hash, seed,
    seating, umpire, masking and any log the game already had when it was hosted."""
    created: float
    settings: dict[str, Any]
    """Table options that are not part of the game (e.g. `phase_seconds`)."""


class StoreError(WargameError):
    """The database cannot be opened or used (missing file, wrong format, unreachable)."""


class Conflict(WargameError):
    """An append named a log position that another seat has filled first.

    Nothing was written: the seat refreshes its replica and decides again.
    """

    def __init__(self, expected: int, length: int) -> None:
        super().__init__(
            f"another seat acted first (the log moved from position {expected} to {length}); "
            "the screen has been refreshed: decide again"
        )
        self.expected = expected
        self.length = length


class SeatTaken(WargameError):
    """This seat was opened on another screen since this one joined (the newest join wins)."""


class JoinRefused(WargameError):
    """A join code did not open a seat. The message never says why beyond that."""
