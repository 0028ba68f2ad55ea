"""Events: everything that happens in a game, each saying what changed, who caused it and why.

An event is a small named tuple (cheap to build in the hot loop) carrying its text in words,
its cause (`move:ID`, `inject:ID`, `rule:drift`, `rule:contagion`, `rule:exit`,
`rule:collapse`, `umpire`, `dice`, `rules`), who may see it, and for changes the target and
the values before and after, so reports can chart them without parsing text.

The history of a game is an `EventLog`: a persistent list of per-step batches with O(1)
append, iterative equality and flat pickling, so long games neither go quadratic nor hit
the recursion limit when two states are compared.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from wargame.errors import SaveFormatError
from wargame.scenario.ir import Value, Visibility

__all__ = ["EMPTY_LOG", "Event", "EventLog", "event_from_dict", "event_to_dict"]


class Event(NamedTuple):
    """One thing that happened.

    `visible_to` says who may see the event at all (None: every seat; (): the umpire only;
    otherwise those actor indexes and the umpire). When `secret_to` is set, only those
    actors (and the umpire) learn the full `text` and `cause`; other seats that may see the
    event get `public_text` instead (a secret move's effects are public, its name is not).
    """

    kind: str
    """`turn`, `phase`, `move`, `pass`, `order`, `reveal`, `fizzle`, `effect`, `cohesion`,
    `roll`, `outcome`, `pending`, `rating`, `inject`, `contagion`, `drift`, `exit`,
    `collapse`, `umpire`, `ending`, `notice`."""
    text: str
    cause: str = ""
    turn: int = 0
    phase: int = -1
    visible_to: Visibility = None
    target: str = ""
    """What changed: `var:ID`, `flag:ID`, `trust:A:B`, `commitment:K:A`, `cohesion:K`,
    `member:K:A`, `collapsed:K`; or the id of what the event is about (move, inject, ending)."""
    before: Value | None = None
    after: Value | None = None
    secret_to: Visibility = None
    public_text: str = ""
    dice: tuple[int, ...] = ()
    """Roll events: the faces rolled, so screens and reports can draw the dice."""
    modifiers: tuple[tuple[str, float], ...] = ()
    """Roll events: (label, value) of each modifier added to the dice."""


class EventLog:
    """An immutable, persistent sequence of event batches (one batch per step)."""

    __slots__ = ("_batch", "_prev", "_size")

    _prev: EventLog | None
    _batch: tuple[Event, ...]
    _size: int

    def __init__(self, prev: EventLog | None, batch: tuple[Event, ...]) -> None:
        object.__setattr__(self, "_prev", prev)
        object.__setattr__(self, "_batch", batch)
        object.__setattr__(self, "_size", (prev._size if prev is not None else 0) + len(batch))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("EventLog is immutable")

    def append(self, batch: tuple[Event, ...]) -> EventLog:
        """A log with `batch` added (self when the batch is empty)."""
        return EventLog(self, batch) if batch else self

    def batches(self) -> list[tuple[Event, ...]]:
        """The batches, oldest first."""
        out: list[tuple[Event, ...]] = []
        node: EventLog | None = self
        while node is not None:
            if node._batch:
                out.append(node._batch)
            node = node._prev
        out.reverse()
        return out

    def all(self) -> tuple[Event, ...]:
        """Every event, oldest first."""
        return tuple(event for batch in self.batches() for event in batch)

    def __iter__(self) -> Iterator[Event]:
        return iter(self.all())

    def __len__(self) -> int:
        return self._size

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, EventLog):
            return NotImplemented
        if self is other:
            return True
        return self._size == other._size and self.all() == other.all()

    def __hash__(self) -> int:
        node: EventLog | None = self
        while node is not None and not node._batch:
            node = node._prev
        return hash((self._size, node._batch if node is not None else ()))

    def __repr__(self) -> str:
        return f"EventLog({self._size} events)"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_log_from_batches, (tuple(self.batches()),))


def _log_from_batches(batches: tuple[tuple[Event, ...], ...]) -> EventLog:
    log = EMPTY_LOG
    for batch in batches:
        log = log.append(tuple(Event(*e) for e in batch))
    return log


EMPTY_LOG = EventLog(None, ())


def _vis_to_json(vis: Visibility) -> list[int] | None:
    return None if vis is None else list(vis)


def _vis_from_json(raw: Any) -> Visibility:
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(x, int) for x in raw):
        raise SaveFormatError("an event's visibility must be null or a list of actor indexes")
    return tuple(raw)


def event_to_dict(event: Event) -> dict[str, Any]:
    """A JSON-ready dict of the event."""
    out: dict[str, Any] = event._asdict()
    out["visible_to"] = _vis_to_json(event.visible_to)
    out["secret_to"] = _vis_to_json(event.secret_to)
    return out


def event_from_dict(raw: Mapping[str, Any]) -> Event:
    """The event `event_to_dict` wrote."""
    if not isinstance(raw, Mapping) or "kind" not in raw or "text" not in raw:
        raise SaveFormatError("an event needs at least `kind` and `text`")
    unknown = sorted(str(k) for k in raw if k not in Event._fields)
    if unknown:
        raise SaveFormatError(f"an event has unknown keys: {', '.join(unknown)}")
    values = dict(raw)
    values["visible_to"] = _vis_from_json(values.get("visible_to"))
    values["secret_to"] = _vis_from_json(values.get("secret_to"))
    values["dice"] = tuple(int(d) for d in values.get("dice", ()))
    values["modifiers"] = tuple((str(m[0]), float(m[1])) for m in values.get("modifiers", ()))
    return Event(**values)
