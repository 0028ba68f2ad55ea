"""The Python source written from a checked tree computes what its closure computes.

`pysource` is the second back end of the expression language (the engine's generated
playout inlines it); on random expressions and random states, including values that
overflow a float, it must give the closure's value, of the closure's type.
"""

from __future__ import annotations

import dataclasses
import math

import pytest
from hypothesis import given

from tests.scenario.expr_fixtures import NAMES, STATE, State
from tests.scenario.test_expression_properties import SETTINGS, same, sources, states
from wargame.scenario.expressions import ExpressionError, compile_expr
from wargame.scenario.expressions.pysource import RUNTIME, Number, PySource, literal, number_class
from wargame.scenario.expressions.tree import Read
from wargame.scenario.expressions.vocabulary import Quantity
from wargame.scenario.ir import Expr, Value


def _read(node: Read) -> str:
    if node.quantity is Quantity.TURN:
        return "S.turn"
    field = node.reading.field
    if node.other >= 0:
        return f"S.{field}[{node.index}][{node.other}]"
    return f"S.{field}[{node.index}]"


def generated(expr: Expr) -> Value:
    text = PySource(_read).expr(expr.tree)
    function = eval(compile(f"lambda S: {text}", "<test>", "eval"), dict(RUNTIME))
    return function  # type: ignore[no-any-return]


def engine_state(state: State) -> State:
    """The state as the engine keeps it: every variable a float."""
    return dataclasses.replace(state, vars=tuple(float(v) for v in state.vars))


@SETTINGS
@given(sources(bad=False), states())
def test_the_source_computes_what_the_closure_computes(source: str, state: State) -> None:
    try:
        expr = compile_expr(source, NAMES)
    except ExpressionError:
        return  # a type mismatch between random parts
    state = engine_state(state)
    assert same(generated(expr)(state), expr(state)), (source, state)


HUGE = " * ".join(["999999999999999"] * 22)


@pytest.mark.parametrize(
    "source",
    [
        f"played(invade) * {HUGE} + escalation",
        f"escalation - played(invade) * {HUGE}",
        f"played(invade) * {HUGE} / 3",
        f"played(invade) * {HUGE} // 0.5",
        f"min(played(invade) * {HUGE}, escalation) + 1.5",
        f"round(budget * 1e15 * 1e15) + played(invade) * {HUGE}",
        "round(budget) * played(invade) + 0.5",
        "escalation / 0 + leaks % 0 + budget // 0",
        "clamp(escalation, 5, 1) + clamp(leaks, 0, budget)",
        f"(played(invade) * {HUGE} if flags.talks else escalation) * 2.5",
    ],
)
@pytest.mark.parametrize("played", [0, 1, 7])
def test_overflowing_arithmetic_takes_the_closures_rules(source: str, played: int) -> None:
    expr = compile_expr(source, NAMES)
    state = engine_state(dataclasses.replace(STATE, played=(played, 0), vars=(3.0, -0.0, 1e300)))
    assert same(generated(expr)(state), expr(state))


def test_integers_from_integers_are_not_taken_for_small() -> None:
    expr = compile_expr(f"played(invade) * {HUGE}", NAMES)
    assert number_class(expr.tree) is Number.INT
    assert number_class(compile_expr("escalation * 2", NAMES).tree) is Number.FLOAT


@pytest.mark.parametrize("value", [0, -3, 2.5, -0.0, 1e300, math.inf, -math.inf, True, False])
def test_literals_are_the_very_value(value: Value) -> None:
    again = eval(literal(value), dict(RUNTIME))
    assert same(again, value) and math.copysign(1, again) == math.copysign(1, value)
