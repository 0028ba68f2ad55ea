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
    "ArgueFree",
    "Change",
    "Confirm",
    "EndPhase",
    "Inject",
    "Override",
    "Pass",
    "PlayMove",
    "PlayOn",
    "ProposeFree",
    "Rate",
    "Rating",
    "RuleFree",
    "Seat",
    "WriteInject",
    "action_from_dict",
    "action_to_dict",
    "confirmed_how",
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
    by: str = "umpire"
    """`umpire`, or `rules`: a draw no person needed to rule, which the session confirmed
    for the umpire (its outcome reads "resolved by the rules"). Saves from before this
    field read as `umpire`, the text they always had."""


def confirmed_how(by: str, reason: str) -> str:
    """How a confirmed outcome came about, for its event: by the umpire, or (`by` the
    rules) by the rules with no person asked."""
    how = "resolved by the rules" if by == "rules" else "confirmed by the umpire"
    return how + (f": {reason}" if reason else "")


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


Change = tuple[str, float]
"""A change a free action or written news makes: a target as `Adjust` names it (a variable
id, `trust[A][B]`, `commitment[K][A]`) and the amount added (negative: taken away)."""


@dataclass(frozen=True, slots=True)
class ProposeFree:
    """A team proposes an action of its own, beside the scenario's moves (docs/rules.md,
    Free play): what it does in its own words, its arguments for it, and the changes it
    asks for (within the scenario's levers)."""

    actor: str
    text: str
    arguments: tuple[str, ...] = ()
    effects: tuple[Change, ...] = ()


@dataclass(frozen=True, slots=True)
class ArgueFree:
    """Another team adds its argument, `for` or `against`, to open free action `free`."""

    actor: str
    free: int
    text: str
    side: Literal["for", "against"] = "against"


@dataclass(frozen=True, slots=True)
class RuleFree:
    """The umpire rules on the free action that waits: a rating per argument, in order;
    the verdict (`dice`: as the total says, or `success`/`failure`, against the dice only
    with a reason); and the changes it makes, within the levers, whatever the verdict."""

    free: int
    ratings: tuple[Rating, ...]
    verdict: Literal["dice", "success", "failure"] = "dice"
    effects: tuple[Change, ...] = ()
    reason: str = ""


@dataclass(frozen=True, slots=True)
class WriteInject:
    """The umpire writes news: a headline, a text, who sees it (None: everyone; (): the
    umpire alone; else those actor ids), changes within the levers, now or at the start
    of the next turn."""

    headline: str
    text: str = ""
    to: tuple[str, ...] | None = None
    effects: tuple[Change, ...] = ()
    at: Literal["now", "next_turn"] = "now"


Action = (
    PlayMove
    | Pass
    | Confirm
    | Override
    | Rate
    | Inject
    | Adjust
    | EndPhase
    | PlayOn
    | ProposeFree
    | ArgueFree
    | RuleFree
    | WriteInject
)

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
    "propose": ProposeFree,
    "argue": ArgueFree,
    "rule": RuleFree,
    "write_inject": WriteInject,
}
_NAMES: Final[Mapping[type[Any], str]] = {cls: name for name, cls in _TYPES.items()}
_STRINGS: Final = "strings"
_CHANGES: Final = "changes"
_SEATS: Final = "seats"
"""Field shapes beyond str and float: a list of texts, of [target, amount] pairs, and
null or a list of actor ids."""
_FIELDS: Final[Mapping[str, tuple[tuple[str, Any, bool], ...]]] = {
    # type -> (field, python type or shape, required)
    "play": (("actor", str, True), ("move", str, True), ("argument", str, False)),
    "pass": (("actor", str, True),),
    "confirm": (("reason", str, False), ("by", str, False)),
    "override": (("outcome", str, True), ("reason", str, True)),
    "rate": (("rating", str, True), ("reason", str, False)),
    "inject": (("inject", str, True), ("reason", str, True)),
    "adjust": (("variable", str, True), ("value", float, True), ("reason", str, True)),
    "end_phase": (("reason", str, False),),
    "play_on": (("reason", str, True),),
    "propose": (
        ("actor", str, True),
        ("text", str, True),
        ("arguments", _STRINGS, False),
        ("effects", _CHANGES, False),
    ),
    "argue": (("actor", str, True), ("free", int, True), ("text", str, True), ("side", str, False)),
    "rule": (
        ("free", int, True),
        ("ratings", _STRINGS, True),
        ("verdict", str, False),
        ("effects", _CHANGES, False),
        ("reason", str, False),
    ),
    "write_inject": (
        ("headline", str, True),
        ("text", str, False),
        ("to", _SEATS, False),
        ("effects", _CHANGES, False),
        ("at", str, False),
    ),
}
_CHOICES: Final[Mapping[tuple[str, str], tuple[str, ...]]] = {
    ("rate", "rating"): RATINGS,
    ("confirm", "by"): ("umpire", "rules"),
    ("rule", "verdict"): ("dice", "success", "failure"),
    ("argue", "side"): ("for", "against"),
    ("write_inject", "at"): ("now", "next_turn"),
}
_MOST_ITEMS: Final = 64
"""The longest list a field of an action may hold when read (the rules allow far fewer)."""


def action_to_dict(action: Action) -> dict[str, Any]:
    """A JSON-ready dict with a `type` key (`play`, `pass`, `confirm`, ...)."""
    kind = _NAMES[type(action)]
    out: dict[str, Any] = {"type": kind}
    for name, shape, _ in _FIELDS[kind]:
        value = getattr(action, name)
        if shape == _CHANGES:
            value = [[target, amount] for target, amount in value]
        elif shape in (_STRINGS, _SEATS) and value is not None:
            value = list(value)
        out[name] = value
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
    for name, shape, required in fields:
        if name not in raw:
            if required:
                raise SaveFormatError(f"action {kind!r} lacks {name!r}")
            continue
        values[name] = _field(kind, name, shape, raw[name])
        choices = _CHOICES.get((kind, name))
        if choices is not None and values[name] not in choices:
            raise SaveFormatError(
                f"{name} must be one of {', '.join(choices)}, not {values[name]!r}"
            )
    action: Action = _TYPES[kind](**values)
    return action


def _number(kind: str, name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SaveFormatError(f"action {kind!r}: {name!r} must be a number")
    if not -_LARGEST <= value <= _LARGEST:  # also NaN, and ints beyond a float
        raise SaveFormatError(f"action {kind!r}: {name!r} must be a finite number")
    return float(value)


def _items(kind: str, name: str, value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise SaveFormatError(f"action {kind!r}: {name!r} must be a list")
    if len(value) > _MOST_ITEMS:
        raise SaveFormatError(f"action {kind!r}: {name!r} holds more than {_MOST_ITEMS} items")
    return value


def _field(kind: str, name: str, shape: Any, value: Any) -> Any:
    """One field of a stored action, checked for its shape."""
    if shape is float:
        return _number(kind, name, value)
    if shape is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SaveFormatError(f"action {kind!r}: {name!r} must be a whole number")
        return value
    if shape == _SEATS and value is None:
        return None
    if shape in (_STRINGS, _SEATS):
        items = _items(kind, name, value)
        if not all(isinstance(item, str) for item in items):
            raise SaveFormatError(f"action {kind!r}: {name!r} must be a list of strings")
        return tuple(items)
    if shape == _CHANGES:
        changes = []
        for item in _items(kind, name, value):
            if not isinstance(item, list) or len(item) != 2 or not isinstance(item[0], str):
                raise SaveFormatError(
                    f"action {kind!r}: each of {name!r} must be a [target, amount] pair"
                )
            changes.append((item[0], _number(kind, name, item[1])))
        return tuple(changes)
    if not isinstance(value, str):
        raise SaveFormatError(f"action {kind!r}: {name!r} must be a string")
    return value
