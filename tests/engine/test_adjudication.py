"""Adjudication: chance, dice with modifiers, rulings, argued moves, and the umpire."""

from __future__ import annotations

from random import Random

import pytest

from wargame.engine import (
    OVERRIDE_REASON,
    UMPIRE,
    Action,
    Confirm,
    GameState,
    Override,
    Pass,
    PlayMove,
    Rate,
    initial_state,
    legal_actions,
    step,
    to_act,
)
from wargame.errors import IllegalActionError
from wargame.scenario.ir import ScenarioIR

from .helpers import ScriptedRandom, die, load, play

US, DENMARK, UK = 0, 1, 2
ESCALATION = 0
TALKS = 0


def _denmark_to_act(scenario: ScenarioIR, *, umpire: bool = False) -> GameState:
    return play(scenario, initial_state(scenario, umpire=umpire), Pass("us"))


def _uk_to_act(scenario: ScenarioIR, *, umpire: bool = False, threaten: bool = False) -> GameState:
    first = PlayMove("us", "threaten") if threaten else Pass("us")
    return play(scenario, initial_state(scenario, umpire=umpire), first, Pass("denmark"))


@pytest.mark.parametrize(("draw", "talks", "escalation"), [(0.3, True, 2), (0.7, False, 3)])
def test_chance_picks_by_one_draw(rules: ScenarioIR, draw: float, talks: bool,
                                  escalation: float) -> None:
    state = _denmark_to_act(rules)
    rng = ScriptedRandom([draw])
    state, batch = step(rules, state, PlayMove("denmark", "gamble"), rng)
    assert rng.drawn == 1
    assert state.flags[TALKS] is talks and state.vars[ESCALATION] == escalation
    (roll,) = [e for e in batch if e.kind == "roll"]
    assert roll.cause == "rules" and f"drew {draw:.3f}" in roll.text and "50%" in roll.text


def test_chance_probabilities_are_clamped_and_may_leave_no_outcome() -> None:
    clamped = load("rules", {"p: 0.5, effects": "p: \"escalation\", effects"})
    state = _denmark_to_act(clamped)
    state = play(clamped, state, PlayMove("denmark", "gamble"), rng=ScriptedRandom([0.99]))
    assert state.flags[TALKS] is True  # p = escalation = 2, clamped to 1
    short = load("rules", {"{id: lose, label: Rebuffed, effects":
                           "{id: lose, label: Rebuffed, p: 0.25, effects"})
    state = _denmark_to_act(short)
    state, batch = step(short, state, PlayMove("denmark", "gamble"), ScriptedRandom([0.9]))
    assert state.flags[TALKS] is False and state.vars[ESCALATION] == 2
    assert any(e.kind == "outcome" and "no outcome" in e.text for e in batch)


@pytest.mark.parametrize(
    ("faces", "threaten", "outcome", "escalation"),
    [
        ((5, 4), False, "Great", 0),  # 9 + 1 (base) = 10
        ((3, 2), False, "Fair", 1),  # 5 + 1 = 6
        ((1, 1), False, "Poor", 3),  # 2 + 1 = 3
        ((5, 4), True, "Fair", 3),  # escalation 4: 9 + 1 - 1 (tension) = 9
    ],
)
def test_dice_with_modifiers(rules: ScenarioIR, faces: tuple[int, int], threaten: bool,
                             outcome: str, escalation: float) -> None:
    state = _uk_to_act(rules, threaten=threaten)
    rng = ScriptedRandom([die(f) for f in faces])
    state, batch = step(rules, state, PlayMove("uk", "roll_dice"), rng)
    (roll,) = [e for e in batch if e.kind == "roll"]
    assert roll.cause == "dice"
    assert f"{faces[0]} + {faces[1]}" in roll.text and f"'{outcome}'" in roll.text
    assert ("tension" in roll.text) is threaten
    assert state.vars[ESCALATION] == escalation


def test_ruling_proposes_the_first_outcome_without_p(rules: ScenarioIR) -> None:
    state = _denmark_to_act(rules)
    rng = ScriptedRandom([])
    state = play(rules, state, PlayMove("denmark", "ask_umpire"), rng=rng)
    assert rng.drawn == 0
    assert state.commitment[0][DENMARK] == 80  # 'yes': +10
    assert state.cohesion[0] == pytest.approx((3 * 80 + 80 + 75) / 5)


def test_ruling_with_p_proposes_by_chance() -> None:
    scenario = load("rules", {"{id: yes, label: Granted,": "{id: yes, label: Granted, p: 0.2,"})
    state = _denmark_to_act(scenario)
    state = play(scenario, state, PlayMove("denmark", "ask_umpire"), rng=ScriptedRandom([0.5]))
    assert state.commitment[0][DENMARK] == 60  # 'no': -10


@pytest.mark.parametrize(("rating", "talks"), [("strong", True), ("neutral", False),
                                               ("weak", False)])
def test_argued_move_rated_by_the_umpire(rules: ScenarioIR, rating: str, talks: bool) -> None:
    state = _uk_to_act(rules, umpire=True)
    rng = ScriptedRandom([die(3), die(3)])  # 6: strong +3 -> 9 >= 8
    state, batch = step(rules, state, PlayMove("uk", "argue", "Shared values"), rng)
    assert to_act(rules, state) == UMPIRE
    assert state.pending is not None and state.pending.stage == "rate"
    assert legal_actions(rules, state, UMPIRE) == [Rate("strong"), Rate("neutral"), Rate("weak")]
    assert any("Shared values" in e.text for e in batch)
    with pytest.raises(IllegalActionError, match="rate the argument"):
        step(rules, state, Confirm(), Random(0))
    state, batch = step(rules, state, Rate(rating, "because"), Random(0))  # type: ignore[arg-type]
    assert state.pending is not None and state.pending.stage == "confirm"
    assert state.pending.total == {"strong": 9, "neutral": 6, "weak": 3}[rating]
    state = play(rules, state, Confirm())
    assert state.flags[TALKS] is talks


def test_argued_move_without_umpire_is_neutral(rules: ScenarioIR) -> None:
    state = _uk_to_act(rules)
    state = play(rules, state, PlayMove("uk", "argue", "x"), rng=ScriptedRandom([die(4), die(4)]))
    assert state.flags[TALKS] is True  # 8 + 0 >= 8
    state = _uk_to_act(rules)
    state = play(rules, state, PlayMove("uk", "argue"), rng=ScriptedRandom([die(3), die(4)]))
    assert state.flags[TALKS] is False  # 7 < 8


def test_umpire_confirm_gives_what_the_rules_give(rules: ScenarioIR) -> None:
    plain = _denmark_to_act(rules)
    plain, _ = step(rules, plain, PlayMove("denmark", "gamble"), ScriptedRandom([0.3]))
    umpired = _denmark_to_act(rules, umpire=True)
    umpired, batch = step(rules, umpired, PlayMove("denmark", "gamble"), ScriptedRandom([0.3]))
    assert to_act(rules, umpired) == UMPIRE
    assert umpired.flags[TALKS] is False  # not applied yet
    assert legal_actions(rules, umpired, UMPIRE) == [Confirm(), Override("lose", OVERRIDE_REASON)]
    assert legal_actions(rules, umpired, UK) == []
    (pending,) = [e for e in batch if e.kind == "pending"]
    assert pending.secret_to == () and "Awaiting the umpire" in pending.public_text
    with pytest.raises(IllegalActionError, match="must wait"):
        step(rules, umpired, Pass("uk"), Random(0))
    umpired, batch = step(rules, umpired, Confirm("fair"), Random(0))
    assert any(e.kind == "outcome" and "confirmed by the umpire: fair" in e.text for e in batch)
    for field in ("vars", "flags", "trust", "commitment", "cohesion", "turn", "phase", "cursor"):
        assert getattr(umpired, field) == getattr(plain, field)


def test_umpire_override_needs_a_reason_and_another_outcome(rules: ScenarioIR) -> None:
    state = _denmark_to_act(rules, umpire=True)
    state = play(rules, state, PlayMove("denmark", "gamble"), rng=ScriptedRandom([0.3]))
    cases: list[tuple[Action, str]] = [
        (Override("lose", " "), "needs a reason"),
        (Override("win", "x"), "proposed outcome"),
        (Override("draw", "x"), "no outcome 'draw'"),
        (Rate("strong"), "not an argued move"),
    ]
    for action, words in cases:
        with pytest.raises(IllegalActionError, match=words):
            step(rules, state, action, Random(0))
    state, batch = step(rules, state, Override("lose", "the room was not convinced"), Random(0))
    assert state.flags[TALKS] is False and state.vars[ESCALATION] == 3
    (outcome,) = [e for e in batch if e.kind == "outcome"]
    assert outcome.cause == "umpire"
    assert "overrode 'Talks open'" in outcome.text and "not convinced" in outcome.text
    assert to_act(rules, state) == UK


def test_confirm_without_pending_is_refused(rules: ScenarioIR) -> None:
    with pytest.raises(IllegalActionError, match="no adjudication"):
        step(rules, initial_state(rules, umpire=True), Confirm(), Random(0))
