"""Visibility: restricted variables, secret moves, the observer, the umpire."""

from __future__ import annotations

from wargame.engine import (
    Pass,
    PlayMove,
    can_see,
    event_for,
    events,
    initial_state,
    seat_view,
    visible,
    visible_variables,
)
from wargame.scenario.ir import ScenarioIR

from .helpers import play

US, DENMARK, UK = 0, 1, 2


def test_can_see() -> None:
    assert can_see(None, "observer") and can_see(None, DENMARK)
    assert can_see((), "umpire") and not can_see((), US) and not can_see((), "observer")
    assert can_see((US,), US) and not can_see((US,), DENMARK) and can_see((US,), "umpire")


def test_restricted_variables(rules: ScenarioIR) -> None:
    assert visible_variables(rules, US) == (0, 1)  # escalation, secret_plans
    assert visible_variables(rules, DENMARK) == (0,)
    assert visible_variables(rules, "umpire") == (0, 1, 2)
    assert visible_variables(rules, "observer") == (0,)


def test_secret_move_hides_its_name_but_not_its_public_effects(rules: ScenarioIR) -> None:
    state = initial_state(rules)
    state = play(rules, state, Pass("us"), Pass("denmark"), Pass("uk"))
    state = play(rules, state, PlayMove("us", "covert"), Pass("denmark"), Pass("uk"))
    history = events(state)
    played = [e for e in history if e.kind == "move" and e.target == "covert"]
    assert played and visible(rules, played[0], US) and not visible(rules, played[0], DENMARK)
    assert not any("Covert" in (event_for(e, DENMARK) or e._replace(text="")).text
                   for e in history)
    escalation = [e for e in history if e.target == "var:escalation"][-1]
    seen = event_for(escalation, DENMARK)
    assert seen is not None and seen.cause == "" and seen.text == "Escalation rose from 2 to 3"
    assert event_for(escalation, US) == escalation
    plans = [e for e in history if e.target == "var:secret_plans"][-1]
    assert event_for(plans, DENMARK) is None and event_for(plans, US) is not None
    intel = [e for e in history if e.target == "var:intel"][-1]
    assert event_for(intel, US) is None and event_for(intel, "umpire") == intel


def test_seat_view(rules: ScenarioIR) -> None:
    state = initial_state(rules)
    state = play(rules, state, Pass("us"), Pass("denmark"), Pass("uk"))
    state = play(rules, state, PlayMove("us", "mobilize"))
    mine = seat_view(rules, state, US)
    theirs = seat_view(rules, state, DENMARK)
    assert mine.own_order == "mobilize" and theirs.own_order is None
    assert mine.orders_in == (True, False, False) == theirs.orders_in
    assert [name for name, _ in theirs.variables] == ["escalation"]
    assert [name for name, _ in mine.variables] == ["escalation", "secret_plans"]
    assert not any("Mobilize" in e.text for e in theirs.events)
    assert any("Mobilize" in e.text for e in mine.events)
