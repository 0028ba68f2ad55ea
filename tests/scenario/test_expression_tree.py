"""The checked tree: what the checker resolved, as every later stage reads it.

Lint, the graph and explanations read `Expr.tree` instead of parsing `Expr.source` again,
and everything the language knows about a function is in its vocabulary entry: a function
added there is checked, compiled and understood by lint with no other change.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.scenario.expr_fixtures import NAMES, STATE
from wargame.scenario.expressions import compile_effect, compile_expr, constant_value
from wargame.scenario.expressions.compile import closure
from wargame.scenario.expressions.tree import (
    Arith,
    Call,
    Compare,
    Const,
    IfElse,
    Logic,
    Negate,
    Not,
    Read,
    children,
    walk,
)
from wargame.scenario.expressions.vocabulary import (
    FUNCTIONS,
    READINGS,
    ArithOp,
    CompareOp,
    Function,
    Interval,
    LogicOp,
    Quantity,
    callable_docs,
)
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.lint import lint_scenario
from wargame.scenario.loader import load_text

DOCS = Path(__file__).resolve().parents[2] / "docs" / "expressions.md"


def test_reads_are_resolved_to_indexes_with_their_ids() -> None:
    tree = compile_expr("commitment[nato][denmark] < trust(us, russia)", NAMES).tree
    assert isinstance(tree, Compare)
    assert tree.ops == (CompareOp.LT,)
    left, right = tree.operands
    assert left == Read("number", 0, 0, Quantity.COMMITMENT, 0, 1, ("nato", "denmark"))
    assert right == Read("number", 0, 0, Quantity.TRUST, 0, 2, ("us", "russia"))
    assert left.refs() == (("alliance", 0), ("member", 1))
    assert right.key == "trust:us:russia"
    flag = compile_expr("flags.plans_ordered", NAMES).tree
    assert flag == Read("bool", 0, 0, Quantity.FLAG, 1, -1, ("plans_ordered",))
    assert flag.refs() == (("flag", 1),)
    turn = compile_expr("turn", NAMES).tree
    assert isinstance(turn, Read) and turn.key == "turn" and turn.refs() == ()


def test_the_keys_of_the_reads_are_what_expr_reads_lists() -> None:
    expr = compile_expr(
        "escalation + cohesion(nato) + played(invade) + fired(leak) + turn > 0 "
        "and member(nato, us) and not collapsed(nato) and flags.talks",
        NAMES,
    )
    keys = {n.key for n in walk(expr.tree) if isinstance(n, Read)}
    assert keys == set(expr.reads)


def test_positions_are_offsets_into_the_source() -> None:
    source = "  escalation >= 5 and not flags.talks"
    tree = compile_expr(source, NAMES).tree
    assert isinstance(tree, Logic) and tree.op is LogicOp.AND
    texts = [source[n.start : n.end] for n in walk(tree)]
    assert texts == [
        "escalation >= 5 and not flags.talks",
        "escalation >= 5",
        "escalation",
        "5",
        "not flags.talks",
        "flags.talks",
    ]


def test_an_effect_value_is_positioned_in_its_own_source() -> None:
    effect = compile_effect("trust[denmark][us] -= 5 * leaks", NAMES)
    value = effect.value
    assert value.source == "5 * leaks"
    assert isinstance(value.tree, Arith) and value.tree.op is ArithOp.MUL
    assert [value.source[n.start : n.end] for n in walk(value.tree)] == ["5 * leaks", "5", "leaks"]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("turns - 1", Const("number", 0, 0, 5)),
        ("escalation > 1 and true", compile_expr("escalation > 1", NAMES).tree),
        ("escalation > 1 or true", Const("bool", 0, 0, True)),
        ("+escalation", compile_expr("escalation", NAMES).tree),
        ("leaks if 1 > 2 else budget", compile_expr("budget", NAMES).tree),
        ("min(2, 3) + abs(-4)", Const("number", 0, 0, 6)),
    ],
)
def test_constant_parts_are_folded(source: str, expected: object) -> None:
    assert compile_expr(source, NAMES).tree == expected


def test_every_node_type_and_its_children() -> None:
    tree = compile_expr(
        "(-escalation if not flags.talks else min(leaks, 2) * 3) <= budget < 4", NAMES
    ).tree
    kinds = [type(n).__name__ for n in walk(tree)]
    assert kinds == [
        "Compare", "IfElse", "Not", "Read", "Negate", "Read", "Arith", "Call", "Read",
        "Const", "Const", "Read", "Const",
    ]  # fmt: skip
    assert isinstance(tree, Compare) and tree.ops == (CompareOp.LE, CompareOp.LT)
    branch = tree.operands[0]
    assert isinstance(branch, IfElse) and children(branch) == (
        branch.test,
        branch.body,
        branch.orelse,
    )
    assert isinstance(branch.test, Not) and isinstance(branch.body, Negate)
    assert isinstance(branch.orelse, Arith) and isinstance(branch.orelse.left, Call)
    assert branch.orelse.left.function == "min"


def test_trees_compare_by_structure_not_position() -> None:
    assert compile_expr("escalation>1", NAMES).tree == compile_expr(" escalation  >  1", NAMES).tree
    assert compile_expr("escalation > 1", NAMES).tree != compile_expr("escalation > 2", NAMES).tree


def test_operators_are_written_as_authors_write_them() -> None:
    assert [str(op) for op in CompareOp] == ["<", "<=", ">", ">=", "==", "!="]
    assert CompareOp.GE.negated is CompareOp.LT and CompareOp.GE.mirrored is CompareOp.LE
    assert CompareOp.NE.holds(1, 2) and not CompareOp.LT.holds(2, 2)
    assert [str(op) for op in ArithOp] == ["+", "-", "*", "/", "//", "%"]


def _needs(ir: ScenarioIR, source: str, state: object) -> str:
    """What a sentence writer for players does with the tree: labels from the scenario."""
    expr = compile_expr(source, ir.names)
    tree = expr.tree
    assert isinstance(tree, Compare) and len(tree.ops) == 1
    read, const = tree.operands
    assert isinstance(read, Read) and isinstance(const, Const)
    ((space, index),) = read.refs()
    assert space == "variable"
    label = ir.variables[index].label
    words = {CompareOp.GE: "at least", CompareOp.LE: "at most"}[tree.ops[0]]
    now = closure(read)(state)  # type: ignore[arg-type]
    return f"Needs: {label} of {words} {const.value} (now {now:g})"


def test_the_tree_is_enough_to_put_a_condition_in_players_words() -> None:
    from wargame.engine import initial_state
    from wargame.scenario.loader import load_scenario

    ir = load_scenario(Path(__file__).resolve().parents[2] / "scenarios" / "greenland.yaml")
    state = initial_state(ir, umpire=False)
    assert _needs(ir, "escalation >= 5", state) == "Needs: Escalation of at least 5 (now 2)"


# ---- the vocabulary: each word once --------------------------------------------------------


def test_docs_list_every_function_and_quantity() -> None:
    text = DOCS.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(\w+)\(", text, flags=re.MULTILINE))
    assert documented == set(callable_docs())
    assert set(callable_docs()) == set(FUNCTIONS) | {
        r.function for r in READINGS.values() if r.function is not None
    }


_LINTED = """\
wargame: 1
id: sign
title: Sign
calendar: {{start: Day 1, turns: 3}}
actors:
  a: {{name: A}}
variables:
  x: {{start: 0, min: -5, max: 5}}
moves:
  - {{id: up, actor: a, label: Up, effects: ["x += 1"]}}
  - {{id: down, actor: a, label: Down, effects: ["x -= 1"]}}
  - {{id: probe, actor: a, label: Probe, when: "{cond}"}}
endings:
  - {{id: end, title: End, default: true}}
"""


def _sign_bounds(ranges: Sequence[Interval]) -> Interval:
    lo, hi = ranges[0]
    return (-1.0 if lo < 0 else float(lo > 0), 1.0 if hi > 0 else -float(hi < 0))


def _w104(text: str) -> list[str]:
    return [d.message for d in lint_scenario(load_text(text, "f.yaml")) if d.code == "W104"]


def test_a_function_added_to_the_table_is_checked_compiled_and_linted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sign = Function(
        "sign",
        "sign(x): -1, 0 or 1, the sign of x",
        1,
        1,
        lambda x: (x > 0) - (x < 0),
        _sign_bounds,
    )
    monkeypatch.setitem(FUNCTIONS, "sign", sign)

    expr = compile_expr("sign(escalation - 5) + sign(2)", NAMES)
    assert expr(STATE) == 0  # sign(3 - 5) + sign(2) == -1 + 1
    assert isinstance(expr.tree, Arith) and expr.tree.right == Const("number", 0, 0, 1)
    with pytest.raises(Exception, match="takes 1 argument"):
        compile_expr("sign(1, 2)", NAMES)

    never = _w104(_LINTED.format(cond="sign(x) > 1"))
    assert len(never) == 1 and "`sign(x) > 1` can never hold" in never[0]
    assert _w104(_LINTED.format(cond="sign(x) >= 1")) == []


def test_a_function_without_bounds_keeps_lint_silent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(FUNCTIONS, "twice", Function("twice", "twice(x)", 1, 1, lambda x: 2 * x))
    # It can never hold, but lint cannot know: it stays silent.
    assert _w104(_LINTED.format(cond="twice(x) > 100")) == []


def test_folding_runs_the_same_closure_as_the_engine() -> None:
    assert constant_value(compile_expr("round(2.5) + round(-2.5)", NAMES)) == 1
    assert constant_value(compile_expr("7 // 0 + 7 % 0 + 7 / 0", NAMES)) == 0


def test_an_unknown_condition_written_twice_is_the_same_unknown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Lint cannot know `twice(x) > 3`, but it knows it cannot both hold and not hold."""
    monkeypatch.setitem(FUNCTIONS, "twice", Function("twice", "twice(x)", 1, 1, lambda x: 2 * x))
    cond = "twice(x) > 3 and not (twice(x)  >  3)"
    assert _w104(_LINTED.format(cond=cond)) != []


def test_every_quantity_is_one_reading_of_a_state_field() -> None:
    """A state quantity is one `READINGS` entry: the field it reads must exist on the
    engine's state and the `StateLike` protocol expressions see."""
    from wargame.engine.state import GameState
    from wargame.scenario.ir import StateLike

    assert set(READINGS) == set(Quantity)
    for quantity, reading in READINGS.items():
        assert reading.quantity is quantity
        assert reading.field in GameState._fields
        assert hasattr(StateLike, reading.field)


def test_a_state_field_without_a_fast_path_is_read_generically() -> None:
    from wargame.scenario.expressions.closures import reader

    class Morale:
        morale = ((1.0, 2.0), (3.0, 4.0))
        level = 7

    assert reader("morale", 2, 1, 0)(Morale()) == 3.0  # type: ignore[arg-type]
    assert reader("level", 0, 0, -1)(Morale()) == 7  # type: ignore[arg-type]
