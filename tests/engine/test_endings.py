"""Endings: priority order, ties by file order, the default, the built-in time-out."""

from __future__ import annotations

import pytest

from wargame.engine import (
    TIME_EXPIRED,
    Pass,
    PlayMove,
    ending_id,
    events,
    initial_state,
    to_act,
)

from .helpers import load, play


@pytest.mark.parametrize(
    ("move", "ending"),
    [("to_ten", "nine_up"), ("to_nine", "nine_up"), ("to_five", "five_up")],
)
def test_priority_then_file_order(move: str, ending: str) -> None:
    scenario = load("endings")
    state = play(scenario, initial_state(scenario), PlayMove("us", move))
    assert to_act(scenario, state) is None
    assert ending_id(scenario, state) == ending
    assert events(state)[-1].kind == "ending"


def test_default_ending_when_the_calendar_runs_out() -> None:
    scenario = load("endings")
    state = play(scenario, initial_state(scenario), Pass("us"))
    assert state.turn == 2 and state.ending is None
    state = play(scenario, state, Pass("us"))
    assert ending_id(scenario, state) == "calendar"
    assert "Time runs out" in events(state)[-1].text


def test_built_in_time_out_without_a_default() -> None:
    scenario = load(
        "endings",
        {"  - {id: calendar, title: The calendar ran out, default: true}\n": ""},
    )
    assert scenario.default_ending is None
    state = play(scenario, initial_state(scenario), Pass("us"), Pass("us"))
    assert state.ending == TIME_EXPIRED
    assert ending_id(scenario, state) == "time_expired"
    assert events(state)[-1].target == "time_expired"
