"""Plain language from the typed tree: what players read instead of the rules."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.engine import initial_state
from wargame.engine.view import readable_by
from wargame.scenario.expressions import ExpressionError, compile_effect, compile_expr
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_text
from wargame.scenario.plain import (
    HIDDEN_CONDITION,
    condition_words,
    effects_line,
    needs_line,
    percents,
    unmet_needs,
)

SCENARIO = """
wargame: 1
id: plain
title: Plain words
calendar: {start: "1", step: turn, turns: 6}
actors:
  generals: {name: The generals}
  president: {name: The President}
  denmark: {name: Denmark}
  congress: {name: Congress}
  us: {name: The United States, playable: false}
alliances:
  nato:
    name: NATO
    members: {denmark: {weight: 1}, us: {weight: 1}}
variables:
  escalation: {label: Escalation, start: 2, max: 10}
  stockpile: {label: Secret stockpile, start: 7, visible_to: [generals]}
flags:
  plan_ready: {label: "An invasion plan is on the desk", visible_to: [president, generals]}
  force_barred: {label: "Force blocked in Washington"}
phases:
  - {id: act, actors: [generals, president, denmark, congress]}
moves:
  - id: order_plans
    actor: president
    label: Order plans
    when: "flags.plan_ready and escalation >= 5 and not flags.force_barred"
    effects:
      - "escalation += 2"
      - "trust[generals][president] -= 10"
  - id: stock_up
    actor: generals
    label: Stock up
    effects: ["stockpile += 3", "escalation += 1"]
  - id: summarised
    actor: denmark
    label: Say it yourself
    summary: "The Danes make a fuss."
    effects: ["escalation += 1"]
injects:
  - {id: leak, label: The cable leaks, at_turn: 2, effects: ["escalation += 1"]}
endings:
  - {id: over, title: Over, default: true}
"""

RULES_TOKENS = ("+=", "-=", "==", ">=", "<=", "flags.", "[", "trust(", "played(", "fired(")


@pytest.fixture(scope="module")
def ir() -> ScenarioIR:
    return load_text(SCENARIO, "plain.yaml")


def _seat(ir: ScenarioIR, actor: str) -> int:
    return ir.names.actors[actor]


def _move(ir: ScenarioIR, move: str) -> int:
    return ir.names.moves[move]


def test_effects_read_as_the_issue_asks(ir: ScenarioIR) -> None:
    move = ir.moves[_move(ir, "order_plans")]
    line = effects_line(ir, move.effects)
    assert line == "Escalation +2 · the generals trust the President less (−10)"


def test_the_condition_reads_with_current_values(ir: ScenarioIR) -> None:
    move = ir.moves[_move(ir, "order_plans")]
    state = initial_state(ir)
    line = needs_line(ir, move.when, state=state)
    assert line == (
        "Needs: an invasion plan is on the desk, Escalation at least 5 (now 2), "
        "and not “Force blocked in Washington”"
    )


def test_unmet_needs_name_only_what_fails(ir: ScenarioIR) -> None:
    move = ir.moves[_move(ir, "order_plans")]
    assert move.when is not None
    state = initial_state(ir)
    readable = readable_by(ir, _seat(ir, "president"))
    assert unmet_needs(ir, move.when, state, readable=readable) == (
        "Needs: an invasion plan is on the desk and Escalation at least 5 (now 2)"
    )


def test_a_hidden_condition_is_not_spelled_out(ir: ScenarioIR) -> None:
    move = ir.moves[_move(ir, "order_plans")]
    assert move.when is not None
    denmark = readable_by(ir, _seat(ir, "denmark"))
    words = condition_words(ir, move.when, readable=denmark, state=initial_state(ir))
    assert HIDDEN_CONDITION in words
    assert "invasion plan" not in words
    assert "Escalation at least 5 (now 2)" in words


def test_an_effect_on_a_hidden_value_is_left_out(ir: ScenarioIR) -> None:
    move = ir.moves[_move(ir, "stock_up")]
    assert effects_line(ir, move.effects, readable=readable_by(ir, "observer")) == "Escalation +1"
    generals = readable_by(ir, _seat(ir, "generals"))
    assert effects_line(ir, move.effects, readable=generals) == (
        "Secret stockpile +3 · Escalation +1"
    )


def test_an_amount_from_hidden_values_says_only_that_it_changes(ir: ScenarioIR) -> None:
    effect = compile_effect("escalation += stockpile / 2", ir.names)
    state = initial_state(ir)
    hidden = effects_line(ir, [effect], readable=readable_by(ir, "observer"), state=state)
    assert hidden == "Escalation changes"
    seen = effects_line(ir, [effect], readable=readable_by(ir, "umpire"), state=state)
    assert seen == "Escalation + (Secret stockpile ÷ 2) (now +3.5)"


def test_a_conditional_step_reads_as_a_change_with_its_value_now(ir: ScenarioIR) -> None:
    state = initial_state(ir)
    up = compile_effect("escalation += (2 if escalation <= 3 else -1)", ir.names)
    assert effects_line(ir, [up], state=state) == (
        "Escalation +2 if Escalation at most 3 (now 2), otherwise −1 (now +2)"
    )
    later = compile_effect("escalation -= (1 if turn >= 2 else 0)", ir.names)
    assert effects_line(ir, [later], state=state) == (
        "Escalation −1 if turn 2 or later (now turn 1), otherwise unchanged (no change now)"
    )


def test_the_authors_summary_wins(ir: ScenarioIR) -> None:
    move = ir.moves[_move(ir, "summarised")]
    assert move.summary == "The Danes make a fuss."
    assert effects_line(ir, move.effects, summary=move.summary) == "The Danes make a fuss."


@pytest.mark.parametrize(
    ("effect", "words"),
    [
        ("trust[congress][us] += 5", "Congress trusts the United States more (+5)"),
        ("trust[us][denmark] -= 5", "The United States trusts Denmark less (−5)"),
        ("trust[generals][president] = 20", "The generals' trust in the President set to 20"),
        ("commitment[nato][denmark] -= 8", "Denmark is less committed to NATO (−8)"),
        ("flags.force_barred = true", "Force blocked in Washington"),
        ("flags.force_barred = false", "No longer: Force blocked in Washington"),
        (
            "flags.force_barred = escalation >= 5",
            "Force blocked in Washington if Escalation at least 5",
        ),
        ("escalation = 10", "Escalation set to 10"),
        ("escalation *= 1.5", "Escalation ×1.5"),
        ("escalation -= -2", "Escalation +2"),
        (
            "escalation += (3 if flags.force_barred else -1)",
            "Escalation +3 if Force blocked in Washington, otherwise −1",
        ),
        (
            "escalation -= (1 if turn >= 2 else 0)",
            "Escalation −1 if turn 2 or later, otherwise unchanged",
        ),
    ],
)
def test_effect_words(ir: ScenarioIR, effect: str, words: str) -> None:
    assert effects_line(ir, [compile_effect(effect, ir.names)]) == words


@pytest.mark.parametrize(
    ("condition", "words"),
    [
        ("turn >= 3", "turn 3 or later (now turn 1)"),
        ("played(order_plans) >= 1", "“Order plans” played"),
        ("played(order_plans) == 0", "“Order plans” not played yet"),
        ("fired(leak) > 0", "“The cable leaks” happened"),
        ("not escalation < 3", "Escalation at least 3 (now 2)"),
        ("5 <= escalation", "Escalation at least 5 (now 2)"),
        ("member(nato, denmark)", "Denmark is still in NATO"),
        ("not member(nato, us)", "the United States has left NATO"),
        ("collapsed(nato)", "NATO has collapsed"),
        (
            "escalation > 3 or flags.force_barred",
            "either Escalation above 3 (now 2) or Force blocked in Washington",
        ),
        (
            "trust[generals][president] < max(40, escalation * 10)",
            "the generals' trust in the President below the higher of 40 and "
            "(Escalation × 10) (now 50 and 40)",
        ),
        # A possessive of a label (issue 20): "The ..." lower-case mid-sentence, a plural or
        # a name ending in s takes an apostrophe alone, a singular in -ss takes 's.
        (
            "trust[president][us] >= 60",
            "the President's trust in the United States at least 60 (now 50)",
        ),
        ("trust[us][denmark] < 30", "the United States' trust in Denmark below 30 (now 50)"),
        ("trust[congress][generals] > 40", "Congress's trust in the generals above 40 (now 50)"),
    ],
)
def test_condition_words(ir: ScenarioIR, condition: str, words: str) -> None:
    expr = compile_expr(condition, ir.names, expect="bool")
    assert condition_words(ir, expr, state=initial_state(ir)) == words


ATOMS = [
    "escalation",
    "stockpile",
    "turn",
    "flags.plan_ready",
    "flags.force_barred",
    "trust[generals][denmark]",
    "commitment(nato, us)",
    "cohesion(nato)",
    "member(nato, denmark)",
    "collapsed(nato)",
    "played(stock_up)",
    "fired(leak)",
    "true",
    "3",
    "0.5",
]


def _sources() -> st.SearchStrategy[str]:
    def extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.builds(lambda op, a: f"{op}{a}", st.sampled_from(["not ", "-"]), children),
            st.builds(
                lambda a, op, b: f"({a}{op}{b})",
                children,
                st.sampled_from([" and ", " or ", " + ", " * ", " // ", " < ", " >= ", " == "]),
                children,
            ),
            st.builds(lambda a, c, b: f"({a} if {c} else {b})", children, children, children),
            st.builds(
                lambda f, args: f"{f}({', '.join(args)})",
                st.sampled_from(["min", "max", "abs", "round", "clamp"]),
                st.lists(children, min_size=1, max_size=3),
            ),
        )

    return st.recursive(st.sampled_from(ATOMS), extend, max_leaves=10)


def _no_rules(words: Iterable[str]) -> None:
    for text in words:
        for token in RULES_TOKENS:
            assert token not in text, (token, text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_sources(), st.sampled_from(["generals", "denmark", "observer", "umpire"]))
def test_any_condition_reads_without_rules_and_keeps_secrets(source: str, seat: str) -> None:
    ir = load_text(SCENARIO, "plain.yaml")
    try:
        expr = compile_expr(source, ir.names, expect="bool")
    except ExpressionError:
        return
    viewer = seat if seat in ("observer", "umpire") else ir.names.actors[seat]
    readable = readable_by(ir, viewer)  # type: ignore[arg-type]
    words = condition_words(ir, expr, readable=readable, state=initial_state(ir))
    _no_rules([words])
    assert words
    if not readable(["var:stockpile"]):
        assert "stockpile" not in words.lower()
    if not readable(["flag:plan_ready"]):
        assert "invasion plan" not in words


@given(st.lists(st.integers(0, 1000), min_size=1, max_size=8).filter(lambda w: sum(w) > 0))
def test_shown_percentages_add_up_to_100_and_each_is_within_a_point(weights: list[int]) -> None:
    """Odds rounded one by one read 101% (issue 20): rounded together they add up to 100."""
    total = sum(weights)
    odds = [w / total for w in weights]
    shown = [int(p.rstrip("%")) for p in percents(odds)]
    assert sum(shown) == 100
    assert all(abs(s - 100 * p) < 1 for s, p in zip(shown, odds, strict=True))


def test_an_unknown_chance_reads_empty_and_the_known_ones_keep_their_sum() -> None:
    assert percents([None, 0.5, None]) == ("", "50%", "")
    assert percents([1 / 6, 1 / 6, 2 / 3]) == ("17%", "17%", "66%")
