"""Properties of the expression compiler over random input.

Whatever the text, compiling either succeeds or raises `ExpressionError` (never anything
else), and a compiled expression is pure and deterministic, never raises, and returns the
kind it declares.
"""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.scenario.expr_fixtures import NAMES, State
from wargame.scenario.expressions import ExpressionError, compile_effect, compile_expr
from wargame.scenario.ir import Expr, Value

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

numbers = st.one_of(
    st.integers(-1000, 1000),
    st.floats(-1e6, 1e6, allow_nan=False),
    st.sampled_from([0, 0.0, -0.0, 1e300, -1e300, math.inf, -math.inf]),
)
percent = st.floats(0, 100, allow_nan=False)


@st.composite
def states(draw: st.DrawFn) -> State:
    return State(
        turn=draw(st.integers(1, 1000)),
        vars=tuple(draw(numbers) for _ in range(3)),
        flags=tuple(draw(st.booleans()) for _ in range(2)),
        trust=tuple(tuple(draw(percent) for _ in range(3)) for _ in range(3)),
        commitment=(tuple(draw(percent) for _ in range(2)),),
        active=(tuple(draw(st.booleans()) for _ in range(2)),),
        cohesion=(draw(percent),),
        collapsed=(draw(st.booleans()),),
        played=tuple(draw(st.integers(0, 10**6)) for _ in range(2)),
        fired=(draw(st.integers(0, 1000)),),
    )


GOOD_ATOMS = [
    "escalation",
    "leaks",
    "budget",
    "turn",
    "turns",
    "flags.talks",
    "flags.plans_ordered",
    "trust[us][denmark]",
    "trust(denmark, russia)",
    "commitment[nato][us]",
    "commitment(nato, denmark)",
    "cohesion(nato)",
    "member(nato, us)",
    "collapsed(nato)",
    "played(invade)",
    "fired(leak)",
    "true",
    "false",
    "0",
    "1",
    "2.5",
    "999999999999999",
    "0.001",
]
BAD_ATOMS = ["x", "'s'", "None", "foo.bar", "flags", "trust", "[1]", "us", "nato.cohesion", "1e999"]
UNARY = ["not ", "-", "+", "~"]
BINARY = [
    " and ",
    " or ",
    " + ",
    " - ",
    " * ",
    " / ",
    " // ",
    " % ",
    " < ",
    " <= ",
    " > ",
    " >= ",
    " == ",
    " != ",
    " ** ",
    " & ",
    " in ",
]


def sources(bad: bool) -> st.SearchStrategy[str]:
    atoms = GOOD_ATOMS + (BAD_ATOMS if bad else [])
    unary = UNARY if bad else UNARY[:3]
    binary = BINARY if bad else BINARY[:14]

    def extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.builds(lambda op, a: f"{op}{a}", st.sampled_from(unary), children),
            st.builds(
                lambda a, op, b: f"({a}{op}{b})", children, st.sampled_from(binary), children
            ),
            st.builds(lambda a, c, b: f"({a} if {c} else {b})", children, children, children),
            st.builds(
                lambda f, args: f"{f}({', '.join(args)})",
                st.sampled_from(["min", "max", "abs", "round", "clamp"]),
                st.lists(children, min_size=1, max_size=3),
            ),
        )

    return st.recursive(st.sampled_from(atoms), extend, max_leaves=12)


def check_value(expr: Expr, result: Value) -> None:
    if expr.kind == "bool":
        assert isinstance(result, bool), (expr.source, result)
    else:
        assert isinstance(result, int | float) and not isinstance(result, bool), (
            expr.source,
            result,
        )


def same(a: Value, b: Value) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b and type(a) is type(b)


@SETTINGS
@given(st.text(max_size=80))
def test_any_text_compiles_or_raises_expression_error(text: str) -> None:
    try:
        compile_expr(text, NAMES)
    except ExpressionError as error:
        assert 0 <= error.offset <= len(text)
        assert error.code in {"E301", "E302", "E303", "E304", "E305", "E306", "E307"}
    try:
        compile_effect(text, NAMES)
    except ExpressionError as error:
        assert 0 <= error.offset <= len(text)


@SETTINGS
@given(
    st.text(
        alphabet="escalation flags.talk()[]<>=!+-*/%&|^~.,:'\"0123456789 andornotif", max_size=60
    )
)
def test_expression_like_text_compiles_or_raises_expression_error(text: str) -> None:
    try:
        compile_expr(text, NAMES)
    except ExpressionError as error:
        assert 0 <= error.offset <= len(text)


@SETTINGS
@given(sources(bad=True), st.sampled_from([None, "bool", "number"]), states())
def test_random_trees_compile_or_raise_and_evaluate_safely(
    source: str, expect: str | None, state: State
) -> None:
    try:
        expr = compile_expr(source, NAMES, expect=expect)  # type: ignore[arg-type]
    except ExpressionError as error:
        assert 0 <= error.offset <= len(source)
        return
    if expect is not None:
        assert expr.kind == expect
    first = expr(state)
    check_value(expr, first)
    assert same(expr(state), first)


@SETTINGS
@given(sources(bad=False), states(), states())
def test_evaluation_is_pure_and_deterministic(source: str, one: State, two: State) -> None:
    try:
        expr = compile_expr(source, NAMES)
    except ExpressionError:
        return  # a type mismatch between random parts
    recompiled = compile_expr(source, NAMES)
    a1, b1 = expr(one), expr(two)
    check_value(expr, a1)
    check_value(expr, b1)
    assert same(expr(one), a1)
    assert same(recompiled(one), a1)
    assert same(expr(two), b1)


@SETTINGS
@given(
    st.sampled_from(["escalation", "trust[us][denmark]", "commitment[nato][us]", "flags.talks"]),
    st.sampled_from([" = ", " += ", " -= ", " *= "]),
    sources(bad=False),
    states(),
)
def test_random_effects_compile_or_raise(
    target: str, op: str, value_source: str, state: State
) -> None:
    source = f"{target}{op}{value_source}"
    try:
        effect = compile_effect(source, NAMES)
    except ExpressionError as error:
        assert 0 <= error.offset <= len(source)
        return
    assert effect.op == op.strip()
    result = effect.value(state)
    check_value(effect.value, result)
    assert (effect.target.kind == "flag") == (effect.value.kind == "bool")
