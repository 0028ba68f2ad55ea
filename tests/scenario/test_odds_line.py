"""What moves a chance: each value's direction from the expression's shape, and the line
players read beside the odds ("Better when ... Worse when ...").

The directions are checked against evaluation: nudge one value of a random state up (a
number by one, a flag from false to true) and the expression must not move against the
stated direction, on random expressions and on every computed chance of the shipped
scenarios."""

from __future__ import annotations

import dataclasses
import itertools
import math
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.scenario.expr_fixtures import NAMES, State
from tests.scenario.test_expression_properties import states
from wargame.engine import GameState, initial_state
from wargame.engine.view import readable_by
from wargame.scenario.expressions import ExpressionError, compile_expr
from wargame.scenario.expressions.direction import bounds, factors
from wargame.scenario.expressions.tree import Read
from wargame.scenario.expressions.vocabulary import Quantity
from wargame.scenario.ir import Expr, ScenarioIR
from wargame.scenario.loader import load_scenario, load_text
from wargame.scenario.plain import odds_line
from wargame.scenario.shipped import shipped_scenarios

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- nudging one value -----------------------------------------------------------------------


def _set(state: Any, name: str, value: object) -> Any:
    if isinstance(state, tuple):  # the engine's GameState, a NamedTuple
        return state._replace(**{name: value})
    return dataclasses.replace(state, **{name: value})


def _cell(rows: tuple[tuple[Any, ...], ...], i: int, j: int, value: object) -> tuple[Any, ...]:
    row = list(rows[i])
    row[j] = value
    return (*rows[:i], tuple(row), *rows[i + 1 :])


def _item(values: tuple[Any, ...], i: int, value: object) -> tuple[Any, ...]:
    return (*values[:i], value, *values[i + 1 :])


_FIELDS = {
    Quantity.VAR: "vars",
    Quantity.COHESION: "cohesion",
    Quantity.PLAYED: "played",
    Quantity.FIRED: "fired",
    Quantity.FLAG: "flags",
    Quantity.COLLAPSED: "collapsed",
    Quantity.TRUST: "trust",
    Quantity.COMMITMENT: "commitment",
    Quantity.MEMBER: "active",
}


def current(state: Any, read: Read) -> Any:
    """The value `read` names in `state`."""
    if read.quantity is Quantity.TURN:
        return state.turn
    values = getattr(state, _FIELDS[read.quantity])
    return values[read.index] if read.other < 0 else values[read.index][read.other]


def with_value(state: Any, read: Read, value: Any) -> Any:
    """`state` with the one value `read` names set to `value`."""
    if read.quantity is Quantity.TURN:
        return _set(state, "turn", value)
    name = _FIELDS[read.quantity]
    values = getattr(state, name)
    if read.other < 0:
        return _set(state, name, _item(values, read.index, value))
    return _set(state, name, _cell(values, read.index, read.other, value))


def _number(value: object) -> float:
    return float(value)  # type: ignore[arg-type]


def assert_directions_hold(expr: Expr, state: Any, sweep: tuple[float, ...] = (1,)) -> int:
    """Every stated direction agrees with evaluating `expr` with that one value changed:
    a flag (membership, collapse) false then true, a number at its value, then that plus
    each of `sweep`'s steps, in rising order (whole steps for counts and the turn); the
    expression must never move against the direction. Returns how many values moved it."""
    moved = 0
    for factor in factors(expr.tree):
        read = factor.read
        if read.kind == "bool":
            values: list[Any] = [False, True]
        else:
            whole = read.quantity in (Quantity.TURN, Quantity.PLAYED, Quantity.FIRED)
            here = current(state, read)
            values = sorted({here, *(here + (math.ceil(d) if whole else d) for d in sweep)})
        results = [_number(expr(with_value(state, read, v))) for v in values]
        results = [r for r in results if not math.isnan(r)]
        for before, after in itertools.pairwise(results):
            change = (after - before) * factor.direction
            assert change >= 0, (expr.source, read.key, factor.direction, values, results)
            moved += change > 0
    return moved


# -- on random expressions -------------------------------------------------------------------


@st.composite
def plain_states(draw: st.DrawFn) -> State:
    """States of small whole numbers, mostly: a nudge by one then often crosses a
    comparison's threshold, and no number comes near overflow (inf - inf is NaN)."""
    base = draw(states())
    number = st.one_of(st.integers(-4, 4).map(float), st.floats(-1000, 1000, allow_nan=False))

    def rows(shape: tuple[tuple[float, ...], ...]) -> tuple[tuple[float, ...], ...]:
        return tuple(tuple(draw(number) for _ in row) for row in shape)

    return dataclasses.replace(
        base,
        turn=draw(st.integers(-3, 8)),
        vars=tuple(draw(number) for _ in range(3)),
        trust=rows(base.trust),
        commitment=rows(base.commitment),
        cohesion=(draw(number),),
        played=tuple(draw(st.integers(0, 5)) for _ in range(2)),
        fired=(draw(st.integers(0, 5)),),
    )


NUMBER_READS = [
    "escalation",
    "leaks",
    "budget",
    "turn",
    "trust[us][denmark]",
    "commitment[nato][us]",
    "cohesion(nato)",
    "played(invade)",
    "fired(leak)",
]
BOOL_READS = ["flags.talks", "flags.plans_ordered", "member(nato, us)", "collapsed(nato)"]
constants = st.sampled_from(["0", "1", "-2", "0.25", "3", "-0.5"])


def _joined(template: str, *parts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(*parts).map(lambda values: template.format(*values))


def _typed(depth: int) -> tuple[st.SearchStrategy[str], st.SearchStrategy[str]]:
    """Numbers and conditions built by kind, at most `depth` operators deep, so that every
    example compiles and most keep a direction to check (random text mostly mixes the
    kinds, and a deep tree reads most values with both signs)."""
    if depth == 0:
        return st.one_of(st.sampled_from(NUMBER_READS), constants), st.sampled_from(BOOL_READS)
    num, cond = _typed(depth - 1)
    ops = st.sampled_from
    numbers = st.one_of(
        num,
        _joined("({} {} {})", num, ops(["+", "-", "*"]), num),
        _joined("({} {} {})", num, ops(["*", "/", "//", "%"]), constants),
        _joined("({} * {})", constants, num),
        _joined("-{}", num),
        _joined("{}({}, {})", ops(["min", "max"]), num, num),
        _joined("clamp({}, {}, 0.85)", num, ops(["0.05", "-1"])),
        _joined("{}({})", ops(["round", "abs"]), num),
        _joined("({} if {} else {})", num, cond, num),
        _joined("({} if {} else {})", constants, cond, constants),
    )
    conditions = st.one_of(
        cond,
        _joined("({} {} {})", num, ops(["<", "<=", ">", ">=", "==", "!="]), num),
        _joined("({} {} {})", num, ops(["<", "<=", ">", ">="]), constants),
        _joined("(not {})", cond),
        _joined("({} {} {})", cond, ops(["and", "or"]), cond),
    )
    return numbers, conditions


TYPED_NUMBERS, TYPED_CONDITIONS = _typed(3)


@settings(SETTINGS, max_examples=600)
@given(
    st.one_of(TYPED_NUMBERS, TYPED_CONDITIONS),
    plain_states(),
    st.lists(st.one_of(st.integers(-8, 8), st.floats(-50, 50)), max_size=4),
)
def test_a_stated_direction_holds_when_the_value_is_nudged(
    source: str, state: State, steps: list[float]
) -> None:
    try:
        expr = compile_expr(source, NAMES)
    except ExpressionError:  # beyond the language's size limits
        return
    assert_directions_hold(expr, state, (*range(-4, 5), *steps))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("escalation / 30", {"var:escalation": 1}),
        ("-escalation / 30", {"var:escalation": -1}),
        ("(48 - escalation) / 100", {"var:escalation": -1}),
        ("escalation * -2 + leaks", {"var:escalation": -1, "var:leaks": 1}),
        ("0.25 if flags.talks else 0", {"flag:talks": 1}),
        ("0 if flags.talks else 0.25", {"flag:talks": -1}),
        ("0.1 if not flags.talks else 0", {"flag:talks": -1}),
        ("clamp(0.2 - turn / 30, 0.05, 0.85)", {"turn": -1}),
        ("min(escalation, leaks)", {"var:escalation": 1, "var:leaks": 1}),
        ("0.1 if escalation >= 3 else 0.4", {"var:escalation": -1}),
        ("0.1 if escalation >= leaks else 0", {"var:escalation": 1, "var:leaks": -1}),
        ("0.1 if escalation < leaks else 0", {"var:escalation": -1, "var:leaks": 1}),
        ("0.2 if 3 <= turn else 0.1", {"turn": 1}),
        ("0.5 if flags.talks and escalation <= 2 else 0", {"flag:talks": 1, "var:escalation": -1}),
        ("escalation - escalation / 2", {}),  # read with both signs: no direction is sure
        ("escalation * leaks", {}),  # the sign of a product of two values depends on both
        ("abs(escalation)", {}),
        ("escalation % 3", {}),
        ("0.3 if escalation == 2 else 0", {}),
        ("leaks if flags.talks else budget", {"var:leaks": 1, "var:budget": 1}),
        ("0.5 - 0.1 * played(invade)", {"played:invade": -1}),
        ("(cohesion(nato) - 40) / 60", {"cohesion:nato": 1}),
    ],
)
def test_directions_of_shapes(source: str, expected: dict[str, int]) -> None:
    found = {f.read.key: f.direction for f in factors(compile_expr(source, NAMES).tree)}
    assert found == expected


# -- on the shipped scenarios ----------------------------------------------------------------


@cache
def shipped() -> tuple[tuple[ScenarioIR, tuple[Expr, ...]], ...]:
    """Each shipped scenario with its computed chances."""
    out = []
    for entry in shipped_scenarios():
        s = load_scenario(entry.path)
        chances = tuple(
            o.p
            for m in s.moves
            if m.resolution is not None
            for o in m.resolution.outcomes
            if o.p is not None and o.p.reads
        )
        out.append((s, chances))
    return tuple(out)


@st.composite
def shipped_states(draw: st.DrawFn) -> tuple[ScenarioIR, Expr, GameState]:
    """A computed chance of a shipped scenario and a random state of that scenario: every
    value anywhere in its range."""
    s, chances = draw(st.sampled_from([sc for sc in shipped() if sc[1]]))
    expr = draw(st.sampled_from(chances))
    start = initial_state(s)
    percent = st.floats(0, 100, allow_nan=False)
    state = start._replace(
        turn=draw(st.integers(1, s.calendar.turns)),
        vars=tuple(draw(st.floats(v.min, v.max, allow_nan=False)) for v in s.variables),
        flags=tuple(draw(st.booleans()) for _ in s.flags),
        trust=tuple(tuple(draw(percent) for _ in row) for row in start.trust),
        commitment=tuple(tuple(draw(percent) for _ in row) for row in start.commitment),
        cohesion=tuple(draw(percent) for _ in start.cohesion),
        played=tuple(draw(st.integers(0, 3)) for _ in start.played),
        fired=tuple(draw(st.integers(0, 3)) for _ in start.fired),
    )
    return s, expr, state


def _away_from_the_clamp(expr: Expr, state: GameState) -> bool:
    bound = bounds(expr.tree)
    if bound is None:
        return True
    value = _number(expr(state))
    return all(b is None or abs(value - b) > 1e-9 for b in (bound.lowest, bound.highest))


def test_the_shipped_scenarios_have_computed_chances_to_check() -> None:
    assert sum(len(chances) for _, chances in shipped()) >= 10


@SETTINGS
@given(shipped_states())
def test_shipped_chances_move_the_way_their_line_says(
    case: tuple[ScenarioIR, Expr, GameState],
) -> None:
    _, expr, state = case
    assume(_away_from_the_clamp(expr, state))
    assert factors(expr.tree), expr.source  # every shipped chance has something to say
    assert_directions_hold(expr, state)


# -- the access agreement (Greenland) --------------------------------------------------------


@pytest.fixture(scope="module")
def greenland() -> ScenarioIR:
    return next(s for s, _ in shipped() if s.id == "greenland")


def _signed(s: ScenarioIR) -> Expr:
    move = s.moves[s.names.moves["sign_access_deal"]]
    assert move.resolution is not None
    p = move.resolution.outcomes[0].p
    assert p is not None
    return p


ACCESS_LINE = (
    "Better when it is later in the game, Denmark trusts the United States more, the "
    "United States trusts the United Kingdom more, London vouches for the access deal in "
    "Washington, and London has offered to watch Greenland's approaches with Washington. "
    "Worse when the President's approval is higher, the President trusts the hardline White "
    "House advisers more, and Escalation is higher."
)


def test_the_access_agreement_says_what_raises_and_lowers_it(greenland: ScenarioIR) -> None:
    assert odds_line(greenland, _signed(greenland)) == ACCESS_LINE


def test_the_access_agreement_at_its_floor_says_so(greenland: ScenarioIR) -> None:
    """Greenland's opening: -0.2 + (48 - 42)/100 + (65 - 70)/100 + ... is below 0.05."""
    p = _signed(greenland)
    state = initial_state(greenland)
    assert p(state) == pytest.approx(0.05)
    line = odds_line(greenland, p, state=state)
    assert line == "At its lowest (5%). " + ACCESS_LINE


def test_the_access_agreement_at_its_ceiling_and_between(greenland: ScenarioIR) -> None:
    p = _signed(greenland)
    flags = greenland.names.flags
    start = initial_state(greenland)
    vouched = start.flags
    for name in ("uk_vouches", "uk_watch"):
        vouched = (*vouched[: flags[name]], True, *vouched[flags[name] + 1 :])
    # July, both British flags, approval 20 and the President's trust in the advisers 40.
    president, advisers = (greenland.names.actors[a] for a in ("president", "advisers"))
    approval = greenland.names.variables["approval"]
    late = start._replace(
        turn=6,
        flags=vouched,
        vars=(*start.vars[:approval], 20.0, *start.vars[approval + 1 :]),
        trust=_cell(start.trust, president, advisers, 40.0),
    )
    assert p(late) == pytest.approx(0.85)
    assert odds_line(greenland, p, state=late) == "At its highest (85%). " + ACCESS_LINE
    middle = start._replace(turn=4, flags=vouched)
    assert 0.05 < p(middle) < 0.85
    assert odds_line(greenland, p, state=middle) == ACCESS_LINE
    # Away from the clamp each stated value moves the odds, and the way the line says.
    assert assert_directions_hold(p, middle) == len(factors(p.tree)) == 8


# -- what a viewer may not see ---------------------------------------------------------------

SECRET = """
wargame: 1
id: secret_odds
title: Secret odds
calendar: {start: "1", step: turn, turns: 4}
actors:
  president: {name: The President}
  advisers: {name: The advisers}
variables:
  escalation: {label: Escalation, start: 2, max: 10}
  war_chest: {label: The advisers' war chest, start: 50, visible_to: [advisers]}
flags:
  plan_ready: {label: "An invasion plan is ready", visible_to: [advisers]}
phases:
  - {id: act, actors: [president, advisers]}
moves:
  - id: deal
    actor: president
    label: Make a deal
    chance:
      - id: done
        label: Done
        p: "clamp(0.9 - war_chest / 100 - escalation / 30
           + (0.2 if flags.plan_ready else 0), 0.1, 0.9)"
      - {id: failed, label: Failed}
endings:
  - {id: over, title: Over, default: true}
"""


def test_a_hidden_value_is_never_named() -> None:
    s = load_text(SECRET, "secret.yaml")
    p = s.moves[0].resolution.outcomes[0].p  # type: ignore[union-attr]
    assert p is not None
    state = initial_state(s)
    president = odds_line(s, p, readable=readable_by(s, s.names.actors["president"]), state=state)
    assert president == "Worse when Escalation is higher."  # no floor: the value is hidden
    for word in ("war chest", "invasion plan", "lowest", "highest"):
        assert word not in president
    advisers = odds_line(s, p, readable=readable_by(s, s.names.actors["advisers"]), state=state)
    assert advisers == (
        "Better when an invasion plan is ready. Worse when the advisers' war chest is "
        "higher and Escalation is higher."
    )
