"""`at_end` endings: checked when the calendar runs out, not after every phase."""

from __future__ import annotations

from random import Random

import pytest

from wargame.engine import Pass, PlayMove, ending_id, initial_state, step
from wargame.errors import ScenarioError
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_text

PACT = """
wargame: 1
id: pact
title: Pact
calendar: {start: "Week 1", turns: 2}
actors:
  north: {name: North}
flags:
  renewed: {}
  broken: {}
moves:
  - {id: renew, actor: north, label: Renew the pact, effects: ["flags.renewed = true"]}
  - {id: break, actor: north, label: Break the pact, effects: ["flags.broken = true"]}
endings:
  - {id: broken, title: Broken, when: "flags.broken", priority: 1}
  - {id: renewed, title: Renewed at the deadline, when: "flags.renewed", at_end: true}
  - {id: lapsed, title: Lapsed, default: true}
"""


def play(scenario: ScenarioIR, moves: list[str]) -> tuple[str | None, int]:
    state = initial_state(scenario, rng=Random(0))
    for move in moves:
        action = Pass("north") if move == "pass" else PlayMove("north", move)
        state, _ = step(scenario, state, action, Random(0))
    return ending_id(scenario, state), state.turn


def test_an_at_end_ending_waits_for_the_calendar_to_run_out() -> None:
    scenario = load_text(PACT, "pact.yaml")
    assert scenario.end_order == (1,)
    assert 1 not in scenario.ending_order
    assert play(scenario, ["renew"]) == (None, 2)  # met in turn 1, but the game goes on
    assert play(scenario, ["renew", "pass"])[0] == "renewed"


def test_ordinary_endings_still_end_the_game_at_once_and_the_default_closes_it() -> None:
    scenario = load_text(PACT, "pact.yaml")
    assert play(scenario, ["renew", "break"])[0] == "broken"
    assert play(scenario, ["pass", "pass"])[0] == "lapsed"


def test_an_at_end_ending_needs_a_condition() -> None:
    text = PACT.replace('when: "flags.renewed", at_end: true', "at_end: true")
    with pytest.raises(ScenarioError, match="`at_end` ending needs `when`"):
        load_text(text, "pact.yaml")
