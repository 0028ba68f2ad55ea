"""Injects: scheduled, conditional, random, repeating, once, the cascade bound, the umpire's."""

from __future__ import annotations

from random import Random

import pytest

from wargame.engine import (
    CASCADE_ROUNDS,
    Inject,
    Pass,
    PlayMove,
    events,
    initial_state,
    step,
)
from wargame.errors import IllegalActionError
from wargame.scenario.ir import ScenarioIR

from .helpers import ScriptedRandom, load, play


@pytest.fixture(scope="module")
def injects() -> ScenarioIR:
    return load("injects")


def _var(s: ScenarioIR, state: object, name: str) -> float:
    return state.vars[s.names.variables[name]]  # type: ignore[attr-defined, no-any-return]


def _fired(s: ScenarioIR, state: object, name: str) -> int:
    return state.fired[s.names.injects[name]]  # type: ignore[attr-defined, no-any-return]


def test_scheduled_and_repeating(injects: ScenarioIR) -> None:
    state = initial_state(injects, rng=ScriptedRandom([0.9]))  # the coin misses
    assert _var(injects, state, "counter") == 10  # every_turn fired, scheduled (turn 2) not
    state = play(injects, state, Pass("us"), rng=ScriptedRandom([0.9]))
    assert state.turn == 2
    assert _var(injects, state, "counter") == 21  # scheduled +1, every_turn +10 again
    assert _fired(injects, state, "every_turn") == 2 and _fired(injects, state, "scheduled") == 1


def test_random_inject_rolls_its_chance(injects: ScenarioIR) -> None:
    state = initial_state(injects, rng=ScriptedRandom([0.4]))
    assert _var(injects, state, "noise") == 1
    state = initial_state(injects, rng=ScriptedRandom([0.6]))
    assert _var(injects, state, "noise") == 0
    notice = [e for e in events(state) if e.kind == "notice"]
    assert notice and notice[0].visible_to == () and "did not fire" in notice[0].text


def test_conditional_inject_fires_once_per_turn_when_its_condition_holds(
    injects: ScenarioIR,
) -> None:
    state = initial_state(injects, rng=ScriptedRandom([0.9]))
    state = play(injects, state, PlayMove("us", "raise_alarm"), rng=ScriptedRandom([0.9]))
    assert _var(injects, state, "alarm_level") == 1  # at most once a turn, despite re-checks
    state = play(injects, state, Pass("us"), rng=ScriptedRandom([0.9]))
    assert _var(injects, state, "alarm_level") == 2


def test_once_injects_fire_once_a_game(injects: ScenarioIR) -> None:
    state = initial_state(injects, rng=ScriptedRandom([0.9]))
    state = play(injects, state, PlayMove("us", "start"), rng=ScriptedRandom([0.9]))
    state = play(injects, state, Pass("us"), Pass("us"), rng=Random(1))
    assert all(_fired(injects, state, f"c{i}") == 1 for i in range(1, 8))


def test_cascade_stops_after_the_bound(injects: ScenarioIR) -> None:
    assert CASCADE_ROUNDS == 5
    state = initial_state(injects, rng=ScriptedRandom([0.9]))
    state, batch = step(injects, state, PlayMove("us", "start"), ScriptedRandom([0.9]))
    assert state.turn == 2
    # c1 fires in round 1, c2 in round 2 ... c5 in round 5; c6 must wait for a new turn.
    assert _var(injects, state, "links") == 5
    assert [_fired(injects, state, f"c{i}") for i in range(1, 8)] == [1, 1, 1, 1, 1, 0, 0]
    notice = [e for e in batch if e.kind == "notice" and "cascade" in e.text]
    assert notice and "Link 6" in notice[0].text and notice[0].visible_to == ()
    state = play(injects, state, Pass("us"), rng=ScriptedRandom([0.9]))
    assert _var(injects, state, "links") == 7  # c6 then c7 at the start of turn 3


def test_umpire_fires_an_inject_now(injects: ScenarioIR) -> None:
    state = initial_state(injects, rng=ScriptedRandom([0.9]))
    state, batch = step(injects, state, Inject("scheduled", "early news"), Random(0))
    assert _var(injects, state, "counter") == 11
    assert "fired by the umpire: early news" in batch[0].text
    with pytest.raises(IllegalActionError, match="already fired"):
        step(injects, state, Inject("scheduled", "again"), Random(0))
    with pytest.raises(IllegalActionError, match="no inject 'nope'"):
        step(injects, state, Inject("nope", ""), Random(0))
