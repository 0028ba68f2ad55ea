"""Turn structure: sequential and simultaneous phases, hidden orders, fizzles, refusals."""

from __future__ import annotations

from random import Random

import pytest

from wargame.engine import (
    UMPIRE,
    Action,
    Adjust,
    EndPhase,
    Pass,
    PlayMove,
    events,
    initial_state,
    legal_actions,
    seat_events,
    step,
    to_act,
)
from wargame.errors import IllegalActionError
from wargame.scenario.ir import ScenarioIR

from .helpers import play

US, DENMARK, UK = 0, 1, 2


def test_sequential_phase_goes_in_order_then_next_phase(rules: ScenarioIR) -> None:
    state = initial_state(rules)
    assert (state.turn, state.phase, to_act(rules, state)) == (1, 0, US)
    state = play(rules, state, Pass("us"))
    assert to_act(rules, state) == DENMARK
    state = play(rules, state, Pass("denmark"))
    assert to_act(rules, state) == UK
    state = play(rules, state, Pass("uk"))
    assert (state.phase, to_act(rules, state)) == (1, US)


def test_every_actor_gets_pass_explicitly(rules: ScenarioIR) -> None:
    state = initial_state(rules)
    assert legal_actions(rules, state, US)[-1] == Pass("us")
    assert legal_actions(rules, state, DENMARK) == []  # not Denmark's turn
    assert legal_actions(rules, state, UMPIRE) == []  # nothing pending


def test_a_turn_runs_all_phases_then_the_next_turn_begins(rules: ScenarioIR) -> None:
    state = initial_state(rules)
    for actor in ("us", "denmark", "uk", "us", "denmark", "uk"):
        state = play(rules, state, Pass(actor))
    assert (state.turn, state.phase, state.cursor) == (2, 0, 0)
    assert len(state.cohesion_history) == 2  # the start, then the end of turn 1


def test_last_turn_ends_with_the_default_ending(rules: ScenarioIR) -> None:
    state = initial_state(rules)
    while to_act(rules, state) is not None:
        seat = to_act(rules, state)
        assert isinstance(seat, int)
        state = play(rules, state, Pass(rules.actors[seat].id))
    assert state.turn == 4
    assert state.ending == 2  # drift_on, the default ending
    assert events(state)[-1].kind == "ending"


def test_simultaneous_orders_are_hidden_until_all_are_in(rules: ScenarioIR) -> None:
    state = initial_state(rules)
    state = play(rules, state, Pass("us"), Pass("denmark"), Pass("uk"))
    assert rules.phases[state.phase].mode == "simultaneous"
    state, batch = step(rules, state, PlayMove("us", "mobilize"), Random(0))
    (order,) = [e for e in batch if e.kind == "order"]
    # Denmark sees that the US ordered something, not what.
    (seen,) = seat_events((order,), DENMARK)
    assert "Mobilize" not in seen.text and "orders are in" in seen.text
    assert "Mobilize" in seat_events((order,), US)[0].text
    assert "Mobilize" in seat_events((order,), "umpire")[0].text
    # The order has not taken effect yet.
    assert state.vars[0] == 2
    assert to_act(rules, state) == DENMARK
    state = play(rules, state, PlayMove("denmark", "summit"))
    state, batch = step(rules, state, Pass("uk"), Random(0))
    kinds = [e.kind for e in batch]
    assert kinds.index("reveal") < kinds.index("move")
    assert state.turn == 2
    assert state.vars[0] == 6  # 2 + 4 from mobilize
    assert state.flags[0] is True  # the summit still held: escalation 6 < 8


def test_an_order_whose_condition_fails_at_resolution_fizzles(rules: ScenarioIR) -> None:
    state = initial_state(rules)
    # Escalation 2 -> 4 by threatening; then mobilize (+4) is resolved before the summit.
    state = play(rules, state, PlayMove("us", "threaten"), Pass("denmark"), Pass("uk"))
    state = play(rules, state, PlayMove("us", "mobilize"), PlayMove("denmark", "summit"))
    state, batch = step(rules, state, Pass("uk"), Random(0))
    (fizzle,) = [e for e in batch if e.kind == "fizzle"]
    assert "summit" in fizzle.text.lower() and "fizzles" in fizzle.text
    assert "escalation < 8" in fizzle.text and "escalation is 8" in fizzle.text
    assert state.flags[0] is False
    assert state.vars[0] == 8


def test_illegal_actions_are_refused_with_a_reason_and_change_nothing(rules: ScenarioIR) -> None:
    state = initial_state(rules)
    rng = Random(5)
    before = rng.getstate()
    cases: list[tuple[Action, str]] = [
        (Pass("denmark"), "not Denmark's turn"),
        (PlayMove("denmark", "gamble"), "not Denmark's turn"),
        (PlayMove("us", "big_stick"), "needs: escalation >= 5"),
        (PlayMove("us", "covert"), "belongs to the 'Orders' phase"),
        (PlayMove("us", "gamble"), "Denmark's move"),
        (PlayMove("us", "nonsense"), "no move 'nonsense'"),
        (Pass("russia"), "no actor 'russia'"),
        (Adjust("nonsense", 1, ""), "no variable 'nonsense'"),
        (Adjust("escalation", float("nan"), ""), "finite"),
    ]
    for action, words in cases:
        with pytest.raises(IllegalActionError, match=words):
            step(rules, state, action, rng)
    assert rng.getstate() == before
    assert state == initial_state(rules)


def test_umpire_controls_are_accepted_while_an_actor_is_to_act(rules: ScenarioIR) -> None:
    state = initial_state(rules)
    state, batch = step(rules, state, Adjust("escalation", 42, "drama"), Random(0))
    assert state.vars[0] == 10  # clamped to max
    assert batch[0].cause == "umpire" and "drama" in batch[0].text
    assert to_act(rules, state) == US  # still the US's turn
    state = play(rules, state, Adjust("trust[denmark][us]", 5, "x"), Adjust("flags.talks", 1, ""))
    assert state.trust[DENMARK][US] == 5 and state.flags[0] is True
    state = play(rules, state, Adjust("commitment[nato][denmark]", 20, "x"))
    assert state.cohesion[0] == pytest.approx((3 * 80 + 20 + 75) / 5)


def test_end_phase_skips_the_actors_left(rules: ScenarioIR) -> None:
    state = initial_state(rules)
    state = play(rules, state, Pass("us"))
    state, batch = step(rules, state, EndPhase("out of time"), Random(0))
    assert "Denmark" in batch[0].text and "out of time" in batch[0].text
    assert (state.phase, to_act(rules, state)) == (1, US)
    # In a simultaneous phase the orders in hand are resolved.
    state = play(rules, state, PlayMove("us", "mobilize"), EndPhase())
    assert state.vars[0] == 6 and state.turn == 2


def test_the_game_over_refuses_everything(rules: ScenarioIR) -> None:
    state = initial_state(rules)
    state = play(rules, state, Adjust("escalation", 10, "boom"), Pass("us"), Pass("denmark"),
                 Pass("uk"))
    assert state.ending == 0  # war, checked at the end of the phase
    assert to_act(rules, state) is None and legal_actions(rules, state, US) == []
    with pytest.raises(IllegalActionError, match="game is over"):
        step(rules, state, Adjust("escalation", 1, ""), Random(0))
