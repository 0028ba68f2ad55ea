"""Writing a checked tree as Python source: the second back end, beside the closures.

The engine's specialiser (`wargame.engine.specialise`) writes a whole random playout of a
scenario as one straight-line Python function whose state lives in local variables; its
conditions and effect values are these expressions, inlined. The source computes exactly
what `compile.closure` computes, node for node, with the same operators in the same order,
so a game played by the generated function is the game the engine plays (a property test
holds the two to that, `tests/scenario/test_pysource.py`).

What reaches the source is only what the checker made: operators from the vocabulary,
numbers written by `literal`, and the names the caller gives each `Read`. Never the
author's text.

Arithmetic is written inline (`v3 + 1`) wherever it cannot raise, which is when no operand
can be an integer too large for a float next to a float; elsewhere it goes through the
same overflow rules as the closures (`RUNTIME`'s `_add`, `_arith`, ...).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Final

from wargame.scenario.expressions.closures import arith, clamp_value, round_half_up
from wargame.scenario.expressions.tree import (
    Arith,
    Call,
    Compare,
    Const,
    IfElse,
    Logic,
    Negate,
    Node,
    Not,
    Read,
)
from wargame.scenario.expressions.vocabulary import Quantity
from wargame.scenario.ir import Value
from wargame.scenario.numbers import as_number, bounded, probability

__all__ = ["RUNTIME", "Number", "PySource", "literal", "number_class"]


class Number(Enum):
    """What a node's value can be, as far as raising goes."""

    FLOAT = "float"
    """Always a float: arithmetic with it never raises."""
    SMALL = "small"
    """A count, the turn, true/false or a literal: an int far inside a float's range."""
    INT = "int"
    """An int computed from ints, which may exceed a float's range (int + int never
    raises, but int + float may)."""
    ANY = "any"


_FLOAT_READS: Final = frozenset(
    {Quantity.VAR, Quantity.TRUST, Quantity.COMMITMENT, Quantity.COHESION}
)
"""State quantities the engine stores as floats (every write goes through `float`)."""


def number_class(node: Node) -> Number:
    """What `node` evaluates to, for deciding where arithmetic may be written inline."""
    if isinstance(node, Const):
        return Number.FLOAT if isinstance(node.value, float) else Number.SMALL
    if isinstance(node, Read):
        return Number.FLOAT if node.quantity in _FLOAT_READS else Number.SMALL
    if isinstance(node, Compare | Logic | Not):
        return Number.SMALL
    if isinstance(node, Negate):
        return number_class(node.operand)
    if isinstance(node, Arith):
        left, right = number_class(node.left), number_class(node.right)
        if node.op.value in ("//", "%"):
            return Number.ANY
        if node.op.value == "/":
            return Number.FLOAT if _inline(left, right) else Number.ANY
        if left is Number.FLOAT and right is Number.FLOAT:
            return Number.FLOAT
        if _ints(left) and _ints(right):
            return Number.INT
        return Number.FLOAT if _inline(left, right) else Number.ANY
    if isinstance(node, IfElse):
        return _join(number_class(node.body), number_class(node.orelse))
    if isinstance(node, Call):
        if node.function == "round":
            return Number.ANY  # an int, or an infinity passed through
        if node.function == "abs":
            return number_class(node.args[0])
        joined = number_class(node.args[0])
        for arg in node.args[1:]:
            joined = _join(joined, number_class(arg))
        return joined
    return Number.ANY


def _ints(c: Number) -> bool:
    return c is Number.SMALL or c is Number.INT


def _inline(left: Number, right: Number) -> bool:
    """Whether `left OP right` (+, -, *, /) can be written as plain Python: it raises only
    for an int beyond a float's range next to a float (or divided)."""
    safe = (Number.FLOAT, Number.SMALL)
    return left in safe and right in safe


def _join(a: Number, b: Number) -> Number:
    if a is b:
        return a
    if _ints(a) and _ints(b):
        return Number.INT
    return Number.ANY


def literal(value: Value) -> str:
    """`value` as Python source that evaluates to the very same value (and type)."""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, int):
        return f"({value})" if value < 0 else str(value)
    if value != value:
        return "_NAN"
    if math.isinf(value):
        return "_INF" if value > 0 else "(-_INF)"
    text = repr(float(value))
    return f"({text})" if text.startswith("-") else text


def _add(a: Value, b: Value) -> Value:
    try:
        return a + b
    except OverflowError:
        return arith("+", a, b)


def _sub(a: Value, b: Value) -> Value:
    try:
        return a - b
    except OverflowError:
        return arith("-", a, b)


def _mul(a: Value, b: Value) -> Value:
    try:
        return a * b
    except OverflowError:
        return arith("*", a, b)


def _div(a: Value, c: Value) -> Value:
    try:
        return a / c
    except OverflowError:
        return arith("/", a, c)


RUNTIME: Final[Mapping[str, object]] = {
    "_INF": math.inf,
    "_NAN": math.nan,
    "_arith": arith,
    "_add": _add,
    "_sub": _sub,
    "_mul": _mul,
    "_div": _div,
    "_round": round_half_up,
    "_clamp": clamp_value,
    "_abs": abs,
    "_min": min,
    "_max": max,
    "_as_number": as_number,
    "_bounded": bounded,
    "_probability": probability,
}
"""The names the generated source may call, and what they are."""

_SAFE_OPS: Final = {"+": "_add", "-": "_sub", "*": "_mul"}


class PySource:
    """Writes checked trees as Python expressions.

    `read(node)` names the local (or subscript) holding a state quantity; temporaries that
    `min`/`max` need are numbered across the whole function, so every name is unique.
    """

    def __init__(self, read: Callable[[Read], str]) -> None:
        self._read = read
        self._temps = 0

    def temp(self) -> str:
        self._temps += 1
        return f"_x{self._temps}"

    def expr(self, node: Node) -> str:
        """Python source computing `node`, as `compile.closure(node)` computes it."""
        if isinstance(node, Const):
            return literal(node.value)
        if isinstance(node, Read):
            return self._read(node)
        if isinstance(node, Compare):
            links = [
                f"({self.expr(node.operands[i])} {op.value} {self.expr(node.operands[i + 1])})"
                for i, op in enumerate(node.ops)
            ]
            return links[0] if len(links) == 1 else "(" + " and ".join(links) + ")"
        if isinstance(node, Logic):
            joined = f" {node.op.value} ".join(self.expr(o) for o in node.operands)
            return f"({joined})"
        if isinstance(node, Not):
            return f"(not {self.expr(node.operand)})"
        if isinstance(node, Negate):
            return f"(-{self.expr(node.operand)})"
        if isinstance(node, Arith):
            return self._arith(node)
        if isinstance(node, Call):
            return self._call(node)
        test, body, orelse = (self.expr(n) for n in (node.test, node.body, node.orelse))
        return f"({body} if {test} else {orelse})"

    def _arith(self, node: Arith) -> str:
        op = node.op.value
        left, right = node.left, node.right
        if isinstance(left, Const) and isinstance(right, Const):
            return literal(arith(op, left.value, right.value))
        a, b = self.expr(left), self.expr(right)
        if isinstance(left, Const) and op in ("+", "*"):
            a, b = b, a  # the closure puts the constant second (`arith_const_fn`)
            left, right = right, left
        inline = _inline(number_class(left), number_class(right))
        if isinstance(right, Const) and op in ("/", "//", "%") and right.value == 0:
            return "0"  # x/0 == x//0 == x%0 == 0, as the closure folds it
        if op in _SAFE_OPS:
            both_int = _ints(number_class(left)) and _ints(number_class(right))
            if inline or both_int:
                return f"({a} {op} {b})"
            return f"{_SAFE_OPS[op]}({a}, {b})"
        if op == "/" and isinstance(right, Const) and not isinstance(left, Const):
            return f"({a} / {b})" if inline else f"_div({a}, {b})"
        return f"_arith({op!r}, {a}, {b})"

    def _call(self, node: Call) -> str:
        args = [self.expr(a) for a in node.args]
        name = node.function
        if name in ("min", "max") and len(args) == 2:
            x, y = self.temp(), self.temp()
            keep = "<=" if name == "min" else ">="
            return f"({x} if ({x} := {args[0]}) {keep} ({y} := {args[1]}) else {y})"
        if name in ("min", "max"):
            return f"_{name}({', '.join(args)})"
        if name == "clamp":
            lo, hi = node.args[1], node.args[2]
            if isinstance(lo, Const) and isinstance(hi, Const):
                x = self.temp()
                low, high = literal(lo.value), literal(hi.value)
                below = high if lo.value > hi.value else low
                held = f"{high} if {x} > {high} else {x}"
                return f"({below} if ({x} := {args[0]}) < {low} else {held})"
            return f"_clamp({', '.join(args)})"
        if name == "round":
            return f"_round({args[0]})"
        if name == "abs":
            return f"_abs({args[0]})"
        raise ValueError(f"no Python source for the function {name!r}")  # pragma: no cover
