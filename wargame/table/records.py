"""What a shared table stores: its opening document and its records, and the ways an append
or a join can be refused."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal, cast

from wargame.errors import WargameError

RecordKind = Literal[
    "action", "undo", "redo", "clock", "notes", "record", "exercise", "message", "channels"
]
"""`action`: an engine action (`{"action": ..., "by": ...}`); `undo`/`redo`:
`{"steps": N}`; `clock`: the phase timer (`{"op": "pause"|"resume"|"extend"|"set",
"seconds": S}`), shared so every screen shows the same time; `notes`: the facilitator's
debrief notes (`{"text": ...}`); `record`: a session record, an answer, rating, observation
or seat change (`{"record": {"type": ...}, "by": ...}`, `wargame.session.records`);
`exercise`: the exercise's details and roster as the facilitator amended them
(`{"details": {...}, "roster": [...]}`); `message`: a message in a channel (`{"from": ACTOR
or "umpire", "to": ACTOR, "umpire" or "all", "text": ...}`), delivered to every replica and
read by those it is for; `channels`: the facilitator's channel settings (`{"open": bool,
"debrief": bool}`)."""

RECORD_KINDS: tuple[RecordKind, ...] = (
    "action", "undo", "redo", "clock", "notes", "record", "exercise", "message", "channels",
)

Admission = Literal["admitted", "refused", "throttled"]
"""What the store decided about one join: the code opened its seat, it opened none (and was
remembered), or this client must wait before any code of it is checked."""

JOIN_WINDOW = 60.0
"""Seconds over which wrong join codes are counted."""
JOIN_TRIES_PER_CLIENT = 10
"""Distinct wrong codes one client (one browser's address, or this machine's terminals) may
try per window; then that client waits, and no code of it is checked."""
JOIN_TRIES_PER_TABLE = 30
"""Distinct wrong codes tried at one table per window, from every client, after which any
client that has tried a wrong code waits too. A client with no wrong code in the window is
still checked: the team with the right code joins during a guessing attack."""
JOIN_TRIES_KEPT = 3600.0
"""Seconds a wrong code is remembered (only the last window counts)."""

OBSERVER_SEAT = "observer"
UMPIRE_SEAT = "umpire"
HOST_SEAT = "host"
EVALUATOR_SEAT = "evaluator"
"""Seat names besides the actors' ids: the projector view, the umpire and facilitator, the
host process (which appends bot moves when no seat is connected), and an exercise's
evaluator (sees what the umpire sees, records ratings, observations and answers, acts on
nothing)."""


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


DAMAGED_HINT = (
    "the database was edited or corrupted: restore it from a backup, or host the game again "
    "from a save file"
)


def load_object(text: object, where: str, what: str) -> dict[str, Any]:
    """A stored JSON object, or StoreError naming what is damaged and where."""
    try:
        value = json.loads(text)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise StoreError(f"{where}: {what} is damaged ({exc}); {DAMAGED_HINT}") from None
    if not isinstance(value, dict):
        raise StoreError(f"{where}: {what} is damaged (not a JSON object); {DAMAGED_HINT}")
    return value


def load_number(value: object, where: str, what: str) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise StoreError(f"{where}: {what} is damaged (not a number); {DAMAGED_HINT}") from None


def record_from_row(row: tuple[Any, ...], where: str, table_id: str) -> TableRecord:
    """A stored row as a record; StoreError with the record's position when it is damaged.

    Shared by every backend, so a damaged record reads the same from SQLite and PostgreSQL.
    """
    seq, kind, payload, seat, at = row
    what = f"record {seq} of table {table_id!r}"
    if kind not in RECORD_KINDS:
        raise StoreError(
            f"{where}: {what} has an unknown kind {kind!r}; it was written by a newer wargame "
            "or edited: open it with the wargame that created it"
        )
    return TableRecord(
        int(seq), cast(RecordKind, kind), load_object(payload, where, what), str(seat),
        load_number(at, where, what),
    )


def table_info_from_row(row: tuple[object, ...], where: str, table_id: str) -> TableInfo:
    """A `tables` row (id, document, created, settings) as read back from either store."""
    return TableInfo(
        id=str(row[0]),
        document=load_object(row[1], where, f"the opening document of table {table_id!r}"),
        created=load_number(row[2], where, f"the creation time of table {table_id!r}"),
        settings=load_object(row[3], where, f"the settings of table {table_id!r}"),
    )
