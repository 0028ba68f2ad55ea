"""What the facilitator and the evaluators record beside the moves: the room's answers to
discussion questions, capability ratings, observations, and the umpire taking a non-player
actor by hand.

These are session records, not engine actions: they change no state the rules read and
draw no dice, so a game replays the same with or without them (`wargame.session.dice`).
They are kept in the order they were made, each with the log position and turn it was made
at, in saves and at a shared table (`wargame.table`), and they survive undo: what a room
said is not taken back with a move. Reports and the debrief read the latest answer to each
question and the latest rating of each capability.

A save is untrusted input: `record_from_dict` checks every field and names the one that is
wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from wargame.errors import SaveFormatError

__all__ = [
    "MAX_RECORD_TEXT",
    "RATINGS",
    "RATING_WORDS",
    "Answer",
    "ExerciseDetails",
    "Observation",
    "Participant",
    "Rating",
    "RatingCode",
    "RecordBody",
    "SeatChange",
    "SessionRecord",
    "body_from_dict",
    "clean_text",
    "details_from_dict",
    "details_to_dict",
    "participant_from_dict",
    "participant_to_dict",
    "record_from_dict",
    "record_to_dict",
]

RatingCode = Literal["P", "S", "M", "U"]
RATINGS: Final[tuple[RatingCode, ...]] = ("P", "S", "M", "U")
RATING_WORDS: Final[Mapping[str, str]] = {
    "P": "Performed without challenges",
    "S": "Performed with some challenges",
    "M": "Performed with major challenges",
    "U": "Unable to be performed",
}
"""The HSEEP ratings of a capability, as the after-action report spells them."""

MAX_RECORD_TEXT: Final = 20_000
"""Longest text one record field holds (a long answer is a few hundred words)."""

ObservationKind = Literal["strength", "improvement"]


@dataclass(frozen=True, slots=True)
class Answer:
    """The room's answer to a discussion question, as the facilitator took it down."""

    question: str
    """The question's id (`QuestionIR.id`: `INJECT.q1`, `MODULE.picture`)."""
    text: str = ""
    discussed: bool = False
    """Marked discussed: the room took the question up; nothing was typed (or more was said)."""


@dataclass(frozen=True, slots=True)
class Rating:
    """An evaluator's rating of a capability, P/S/M/U, and why."""

    capability: str
    rating: RatingCode
    observation: str = ""


@dataclass(frozen=True, slots=True)
class Observation:
    """A strength or an area for improvement an evaluator saw, with its root cause and the
    recommendation for the improvement plan."""

    kind: ObservationKind
    text: str
    capability: str = ""
    """The capability it bears on ("" for the exercise as a whole)."""
    root_cause: str = ""
    recommendation: str = ""


@dataclass(frozen=True, slots=True)
class SeatChange:
    """Who plays an actor from now on: `umpire` (the umpire chooses its moves by hand), or
    `bot` again with `policy`."""

    actor: str
    kind: Literal["umpire", "bot"]
    policy: str = ""


RecordBody = Answer | Rating | Observation | SeatChange


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One record, with where in the game it was made and by whom."""

    body: RecordBody
    at: int
    """How many actions the log held when it was made."""
    turn: int
    by: str = ""
    """`umpire`, `facilitator` or `evaluator` (a seat at a shared table)."""


@dataclass(frozen=True, slots=True)
class Participant:
    """One person in the room: the team (an actor id, or `umpire`, `evaluator`,
    `observer`) and their role there, typed at setup for the report's roster."""

    name: str
    team: str
    role: str = ""
    organisation: str = ""


@dataclass(frozen=True, slots=True)
class ExerciseDetails:
    """The exercise's details only the session knows (typed at setup): the report's cover."""

    date: str = ""
    location: str = ""
    point_of_contact: str = ""
    """Overrides the scenario's when given."""
    sponsor: str = ""
    """Overrides the scenario's `exercise.sponsor` when given."""
    handling: str = ""
    """A handling caveat the report's cover carries (e.g. `For official use only`)."""

    @property
    def empty(self) -> bool:
        return not (
            self.date or self.location or self.point_of_contact or self.handling or self.sponsor
        )


# -- checking text ------------------------------------------------------------------------------


def clean_text(value: object, where: str, *, limit: int = MAX_RECORD_TEXT) -> str:
    """`value` as record text: a string of at most `limit` characters, without control
    characters other than tab and newline (ValueError naming `where` otherwise)."""
    if not isinstance(value, str):
        raise ValueError(f"{where} must be text, not {type(value).__name__}")
    if len(value) > limit:
        raise ValueError(f"{where} is {len(value):,} characters long; at most {limit:,}")
    bad = next((ch for ch in value if (ord(ch) < 32 and ch not in "\t\n") or ord(ch) == 127), None)
    if bad is not None:
        raise ValueError(f"{where} holds the control character {bad!r}")
    return value


# -- to and from JSON ---------------------------------------------------------------------------

_FIELDS: Final[Mapping[str, tuple[tuple[str, type, bool], ...]]] = {
    # kind -> (field, type, required)
    "answer": (("question", str, True), ("text", str, False), ("discussed", bool, False)),
    "rating": (("capability", str, True), ("rating", str, True), ("observation", str, False)),
    "observation": (
        ("kind", str, True),
        ("text", str, True),
        ("capability", str, False),
        ("root_cause", str, False),
        ("recommendation", str, False),
    ),
    "seat": (("actor", str, True), ("kind", str, True), ("policy", str, False)),
}
_KINDS: Final[Mapping[type, str]] = {
    Answer: "answer",
    Rating: "rating",
    Observation: "observation",
    SeatChange: "seat",
}
_CLASSES: Final[Mapping[str, Any]] = {name: cls for cls, name in _KINDS.items()}


def record_to_dict(record: SessionRecord) -> dict[str, Any]:
    """A JSON-ready dict: the body's fields under `type`, then `at`, `turn`, `by`."""
    kind = _KINDS[type(record.body)]
    out: dict[str, Any] = {"type": kind}
    for name, _, _ in _FIELDS[kind]:
        out[name] = getattr(record.body, name)
    out.update(at=record.at, turn=record.turn, by=record.by)
    return out


def body_from_dict(raw: Mapping[str, Any], where: str = "record") -> RecordBody:
    """A record body from its dict (`type` and fields); ValueError naming the problem."""
    if not isinstance(raw, Mapping):
        raise ValueError(f"{where} must be an object")
    kind = raw.get("type")
    if not isinstance(kind, str) or kind not in _FIELDS:
        raise ValueError(f"{where}: unknown record type {kind!r} (known: {', '.join(_FIELDS)})")
    values: dict[str, Any] = {}
    for name, typ, required in _FIELDS[kind]:
        if name not in raw:
            if required:
                raise ValueError(f"{where} ({kind}) lacks {name!r}")
            continue
        value = raw[name]
        if typ is bool:
            if not isinstance(value, bool):
                raise ValueError(f"{where}.{name} must be true or false")
        else:
            value = clean_text(value, f"{where}.{name}")
        values[name] = value
    if kind == "rating" and values["rating"] not in RATINGS:
        raise ValueError(f"{where}.rating must be one of {', '.join(RATINGS)}")
    if kind == "observation" and values["kind"] not in ("strength", "improvement"):
        raise ValueError(f"{where}.kind must be `strength` or `improvement`")
    if kind == "seat" and values["kind"] not in ("umpire", "bot"):
        raise ValueError(f"{where}.kind must be `umpire` or `bot`")
    body: RecordBody = _CLASSES[kind](**values)
    return body


def record_from_dict(raw: Any, where: str = "record") -> SessionRecord:
    """The record `record_to_dict` wrote; SaveFormatError naming the problem otherwise."""
    try:
        if not isinstance(raw, Mapping):
            raise ValueError(f"{where} must be an object")
        body = body_from_dict(raw, where)
        numbers = []
        for name in ("at", "turn"):
            value = raw.get(name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{where}.{name} must be a whole number from 0")
            numbers.append(value)
        by = clean_text(raw.get("by", ""), f"{where}.by", limit=200)
    except ValueError as exc:
        raise SaveFormatError(str(exc)) from None
    return SessionRecord(body, numbers[0], numbers[1], by)


def participant_to_dict(person: Participant) -> dict[str, str]:
    return {
        "name": person.name,
        "team": person.team,
        "role": person.role,
        "organisation": person.organisation,
    }


def participant_from_dict(raw: Any, where: str = "participant") -> Participant:
    """A roster line from its dict; ValueError naming the field otherwise."""
    if not isinstance(raw, Mapping):
        raise ValueError(f"{where} must be an object")
    values = {
        key: clean_text(raw.get(key, ""), f"{where}.{key}", limit=500)
        for key in ("name", "team", "role", "organisation")
    }
    if not values["name"].strip():
        raise ValueError(f"{where} needs a name")
    return Participant(**values)


_DETAIL_KEYS: Final = ("date", "location", "point_of_contact", "handling", "sponsor")


def details_to_dict(details: ExerciseDetails) -> dict[str, str]:
    return {
        "date": details.date,
        "location": details.location,
        "point_of_contact": details.point_of_contact,
        "handling": details.handling,
        "sponsor": details.sponsor,
    }


def details_from_dict(raw: Any, where: str = "details") -> ExerciseDetails:
    """The exercise details from their dict; ValueError naming the field otherwise."""
    if not isinstance(raw, Mapping):
        raise ValueError(f"{where} must be an object")
    unknown = sorted(str(k) for k in raw if k not in _DETAIL_KEYS)
    if unknown:
        raise ValueError(f"{where} has unknown keys: {', '.join(unknown)}")
    return ExerciseDetails(
        **{key: clean_text(value, f"{where}.{key}", limit=500) for key, value in raw.items()}
    )
