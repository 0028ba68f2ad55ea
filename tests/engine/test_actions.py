"""Actions round-trip through JSON-ready dicts; bad save data is refused clearly."""

from __future__ import annotations

import json

import pytest

from wargame.engine import (
    Adjust,
    Confirm,
    EndPhase,
    Event,
    Inject,
    Override,
    Pass,
    PlayMove,
    Rate,
    action_from_dict,
    action_to_dict,
    event_from_dict,
    event_to_dict,
)
from wargame.engine.actions import Action
from wargame.errors import SaveFormatError

ALL: list[Action] = [
    PlayMove("us", "threaten"),
    PlayMove("uk", "argue", "History is on our side"),
    Pass("denmark"),
    Confirm(),
    Confirm("fair roll"),
    Override("no", "the room disagreed"),
    Rate("strong", "well argued"),
    Inject("leak", "to test the players"),
    Adjust("escalation", 7.5, "catch-up"),
    EndPhase("time"),
]


@pytest.mark.parametrize("action", ALL)
def test_round_trip(action: Action) -> None:
    raw = json.loads(json.dumps(action_to_dict(action)))
    assert "type" in raw
    assert action_from_dict(raw) == action


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ({"type": "fly"}, "unknown action type"),
        ({"actor": "us"}, "unknown action type"),
        ({"type": "play", "actor": "us"}, "lacks 'move'"),
        ({"type": "play", "actor": "us", "move": 3}, "must be a string"),
        ({"type": "adjust", "variable": "x", "value": "high", "reason": ""}, "number"),
        ({"type": "rate", "rating": "superb"}, "rating must be"),
        ({"type": "pass", "actor": "us", "extra": 1}, "unknown keys"),
    ],
)
def test_bad_actions_are_refused_with_a_reason(raw: dict[str, object], words: str) -> None:
    with pytest.raises(SaveFormatError, match=words):
        action_from_dict(raw)


def test_adjust_value_integer_becomes_float() -> None:
    action = action_from_dict({"type": "adjust", "variable": "x", "value": 3, "reason": "r"})
    assert action == Adjust("x", 3.0, "r")


def test_event_round_trip() -> None:
    event = Event("effect", "Escalation rose from 2 to 4", "move:threaten", 1, 0, (0,),
                  "var:escalation", 2.0, 4.0, (0,), "Escalation rose from 2 to 4")
    assert event_from_dict(json.loads(json.dumps(event_to_dict(event)))) == event
    with pytest.raises(SaveFormatError):
        event_from_dict({"kind": "x"})
