"""Channels: private messages between the teams and the umpire, beside the game.

A team writes to another team or to the umpire; the umpire writes to one team or to all.
The umpire reads every channel; a team reads what it sent and what was sent to it (and
what the umpire sent to all); the observer (the projector) reads what was sent to all,
and every channel once the game is over if the facilitator opens them for the debrief.
The facilitator may close the channels to the teams (the umpire may still write).

Messages are a **side log** of the session, not actions in its log: they carry the game
time they were sent at (turn, phase, and how many actions had been played), are saved
with the game and shared through the table's log (so they survive a crash and a resume,
and reach the after-action report), but they change no rule and draw no die, so they can
never move the game's random stream. Undo and redo leave them alone: what was said was
said. A fork keeps the ones sent before its branch point.

Text is untrusted (`wargame.engine.freetext`): a length limit, no control characters, kept
as data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from wargame.engine import OBSERVER, UMPIRE, Viewer
from wargame.engine.freetext import MAX_MESSAGE, text_problem
from wargame.errors import SaveFormatError
from wargame.scenario.ir import ScenarioIR

__all__ = [
    "ALL",
    "MAX_MESSAGES",
    "Channels",
    "Message",
    "can_read",
    "channel_words",
    "channels_from_dict",
    "message_from_dict",
    "message_problem",
    "message_to_dict",
    "readable",
]

ALL: Final = "all"
"""The recipient of the umpire's message to everyone."""
MAX_MESSAGES: Final = 2000
"""Messages one game keeps (a lively class sends a few hundred)."""


@dataclass(frozen=True, slots=True)
class Message:
    """One message: who sent it, to whom, what it says, and when in the game."""

    sender: str
    """An actor id, or `umpire`."""
    to: str
    """An actor id, `umpire`, or `all` (the umpire's message to everyone)."""
    text: str
    turn: int
    phase: int
    """The phase index it was sent in."""
    step: int
    """How many actions of the game's log had been played when it was sent."""


@dataclass(frozen=True, slots=True)
class Channels:
    """What the facilitator allows."""

    open: bool = True
    """The teams may write (the umpire always may)."""
    debrief: bool = False
    """Once the game is over, the observer (the projector) reads every channel."""


def message_problem(
    scenario: ScenarioIR,
    channels: Channels,
    sender: object,
    to: object,
    text: object,
    sent: int,
) -> str | None:
    """None when `sender` may send `text` to `to` now (`sent`: messages so far), else why
    not, in words."""
    actors = scenario.names.actors
    if sender != UMPIRE and sender not in actors:
        return f"{sender!r} is not a seat that writes: an actor id, or the umpire"
    if to != UMPIRE and to != ALL and to not in actors:
        return f"there is no one called {to!r} to write to: an actor id, the umpire, or all"
    if to == sender:
        return "a message goes to someone else"
    if sender != UMPIRE:
        if to == ALL:
            return "a team writes to one team or to the umpire; only the umpire writes to all"
        if not channels.open:
            return "the facilitator has closed the channels: write to no one for now"
    if sent >= MAX_MESSAGES:
        return f"this game has {MAX_MESSAGES:,} messages: no more are kept"
    return text_problem(text, "the message", MAX_MESSAGE, lines=True)


def can_read(
    scenario: ScenarioIR, message: Message, viewer: Viewer, channels: Channels, over: bool
) -> bool:
    """Whether `viewer` may read `message` (`over`: the game has ended)."""
    if viewer == UMPIRE or message.to == ALL:
        return True
    if viewer == OBSERVER:
        return channels.debrief and over
    own = scenario.actors[viewer].id
    return own in (message.sender, message.to)


def readable(
    scenario: ScenarioIR,
    messages: Iterable[Message],
    viewer: Viewer,
    channels: Channels,
    over: bool,
) -> tuple[Message, ...]:
    """The messages `viewer` may read, in the order they were sent."""
    return tuple(m for m in messages if can_read(scenario, m, viewer, channels, over))


def _name(scenario: ScenarioIR, who: str) -> str:
    if who == UMPIRE:
        return "the umpire"
    if who == ALL:
        return "all"
    index = scenario.names.actors.get(who)
    return scenario.actors[index].name if index is not None else who


def channel_words(scenario: ScenarioIR, message: Message) -> str:
    """`Denmark → the United States`, `the umpire → all`: the channel in words."""
    return f"{_name(scenario, message.sender)} → {_name(scenario, message.to)}"


def message_to_dict(message: Message) -> dict[str, Any]:
    """A JSON-ready dict (a save's `messages`)."""
    return {
        "from": message.sender,
        "to": message.to,
        "text": message.text,
        "turn": message.turn,
        "phase": message.phase,
        "step": message.step,
    }


_KEYS: Final = ("from", "to", "text", "turn", "phase", "step")


def message_from_dict(raw: object) -> Message:
    """The message `message_to_dict` wrote; SaveFormatError naming what is wrong."""
    if not isinstance(raw, Mapping):
        raise SaveFormatError("a message must be an object")
    unknown = sorted(str(k) for k in raw if k not in _KEYS)
    if unknown:
        raise SaveFormatError(f"a message has unknown keys: {', '.join(unknown)}")
    for key in ("from", "to", "text"):
        if not isinstance(raw.get(key), str):
            raise SaveFormatError(f"a message's {key!r} must be text")
    for key in ("turn", "phase", "step"):
        value = raw.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise SaveFormatError(f"a message's {key!r} must be a whole number from 0")
    return Message(
        raw["from"], raw["to"], raw["text"], raw["turn"], raw["phase"], raw["step"]
    )


def channels_from_dict(raw: object) -> Channels:
    """The facilitator's channel settings as saved (`{"open": ..., "debrief": ...}`)."""
    if not isinstance(raw, Mapping):
        raise SaveFormatError("channels must be an object")
    values = {key: raw.get(key, default) for key, default in (("open", True), ("debrief", False))}
    if any(not isinstance(value, bool) for value in values.values()):
        raise SaveFormatError("channels.open and channels.debrief must be true or false")
    return Channels(values["open"], values["debrief"])
