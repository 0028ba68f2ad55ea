"""What seats can do: actors play moves or pass; the umpire decides and steers.

Actions name scenario things by id (not index) so that a saved action log stays readable
and survives re-ordering of a scenario file's sections.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from wargame.errors import SaveFormatError

__all__ = [
    "UMPIRE",
    "Action",
    "Adjust",
    "Confirm",
    "EndPhase",
    "Inject",
    "Override",
    "Pass",
    "PlayMove",
    "PlayOn",
    "Rate",
    "Rating",
    "Seat",
    "action_from_dict",
    "action_to_dict",
]

UMPIRE: Final = "umpire"
"""The umpire's seat, as `to_act` names it."""

Seat = int | Literal["umpire"]
"""An actor index or the umpire."""

Rating = Literal["strong", "neutral", "weak"]
RATINGS: Final[tuple[Rating, ...]] = ("strong", "neutral", "weak")
_LARGEST: Final = sys.float_info.max


@dataclass(frozen=True, slots=True)
class PlayMove:
    """An actor plays one of its moves; `argument` is the case made for an argued move."""

    actor: str
    move: str
    argument: str = ""


@dataclass(frozen=True, slots=True)
class Pass:
    """An actor does nothing this phase."""

    actor: str


@dataclass(frozen=True, slots=True)
class Confirm:
    """The umpire accepts the engine's proposal: the outcome of the pending adjudication,
    or the ending the rules propose (in a game whose umpire confirms endings)."""

    reason: str = ""


@dataclass(frozen=True, slots=True)
class Override:
    """The umpire imposes another outcome on the pending adjudication, saying why."""

    outcome: str
    reason: str


@dataclass(frozen=True, slots=True)
class Rate:
    """The umpire rates the argument of a pending argued move; the rating shifts the roll."""

    rating: Rating
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Inject:
    """The umpire fires an inject now, whatever its schedule, condition and chance."""

    inject: str
    reason: str


@dataclass(frozen=True, slots=True)
class Adjust:
    """The umpire sets a value by hand (clamped to its bounds).

    `variable` is a variable id, or `flags.NAME` (value 0 or 1), `trust[A][B]` or
    `commitment[K][A]`.
    """

    variable: str
    value: float
    reason: str


@dataclass(frozen=True, slots=True)
class EndPhase:
    """The umpire closes the current phase now (actors who have not acted pass)."""

    reason: str = ""


@dataclass(frozen=True, slots=True)
class PlayOn:
    """The umpire declines the ending the rules propose and the game goes on, saying why.

    The ending is set aside for the rest of the turn; if its condition still holds when it
    is judged in a later turn, it is proposed again.
    """

    reason: str


Action = PlayMove | Pass | Confirm | Override | Rate | Inject | Adjust | EndPhase | PlayOn

_TYPES: Final[Mapping[str, type[Any]]] = {
    "play": PlayMove,
    "pass": Pass,
    "confirm": Confirm,
    "override": Override,
    "rate": Rate,
    "inject": Inject,
    "adjust": Adjust,
    "end_phase": EndPhase,
    "play_on": PlayOn,
}
_NAMES: Final[Mapping[type[Any], str]] = {cls: name for name, cls in _TYPES.items()}
_FIELDS: Final[Mapping[str, tuple[tuple[str, type[Any], bool], ...]]] = {
    # type -> (field, python type, required)
    "play": (("actor", str, True), ("move", str, True), ("argument", str, False)),
    "pass": (("actor", str, True),),
    "confirm": (("reason", str, False),),
    "override": (("outcome", str, True), ("reason", str, True)),
    "rate": (("rating", str, True), ("reason", str, False)),
    "inject": (("inject", str, True), ("reason", str, True)),
    "adjust": (("variable", str, True), ("value", float, True), ("reason", str, True)),
    "end_phase": (("reason", str, False),),
    "play_on": (("reason", str, True),),
}


def action_to_dict(action: Action) -> dict[str, Any]:
    """A JSON-ready dict with a `type` key (`play`, `pass`, `confirm`, ...)."""
    kind = _NAMES[type(action)]
    out: dict[str, Any] = {"type": kind}
    for name, _, _ in _FIELDS[kind]:
        out[name] = getattr(action, name)
    return out


def action_from_dict(raw: Mapping[str, Any]) -> Action:
    """The action `action_to_dict` wrote; SaveFormatError naming the problem otherwise."""
    if not isinstance(raw, Mapping):
        raise SaveFormatError(f"an action must be an object, not {type(raw).__name__}")
    kind = raw.get("type")
    if not isinstance(kind, str) or kind not in _TYPES:
        known = ", ".join(_TYPES)
        raise SaveFormatError(f"unknown action type {kind!r} (known: {known})")
    fields = _FIELDS[kind]
    allowed = {"type"} | {name for name, _, _ in fields}
    extra = sorted(str(k) for k in raw if k not in allowed)
    if extra:
        raise SaveFormatError(f"action {kind!r} has unknown keys: {', '.join(extra)}")
    values: dict[str, Any] = {}
    for name, typ, required in fields:
        if name not in raw:
            if required:
                raise SaveFormatError(f"action {kind!r} lacks {name!r}")
            continue
        value = raw[name]
        if typ is float:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise SaveFormatError(f"action {kind!r}: {name!r} must be a number")
            if not -_LARGEST <= value <= _LARGEST:  # also NaN, and ints beyond a float
                raise SaveFormatError(f"action {kind!r}: {name!r} must be a finite number")
            value = float(value)
        elif not isinstance(value, str):
            raise SaveFormatError(f"action {kind!r}: {name!r} must be a string")
        values[name] = value
    if kind == "rate" and values["rating"] not in RATINGS:
        raise SaveFormatError(
            f"rating must be one of {', '.join(RATINGS)}, not {values['rating']!r}"
        )
    action: Action = _TYPES[kind](**values)
    return action
