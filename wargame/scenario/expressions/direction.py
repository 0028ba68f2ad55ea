"""Which way an expression moves with each value it reads: what raises a chance and what
lowers it, told from the checked tree alone.

A player who sees "Signed 5%" should also read what would make it likelier. The odds are an
author's expression, `clamp(-0.2 + (48 - approval) / 100 + (0.25 if flags.uk_vouches else 0)
- escalation / 30, 0.05, 0.85)`, and its shape says the direction of each value: the checked
tree (the one `check` builds from Python's `ast`) is walked once, and each read gets a sign
that holds in every state, or none.

What keeps a direction: sums and differences; a product or quotient with a constant (its
sign flips the direction, zero removes the value); `-x`; `min`, `max`, `clamp` and `round`
(never decreasing in any argument); `x if test else y` (the branches' values keep theirs;
the test's values get the sign of `x - y` when both branches are constants); comparisons
(`a >= b` is likelier as `a` grows and as `b` falls); `and`, `or` and `not`. Anything else
(a product of two values, `abs`, `%`, `==`, a test choosing between two computed branches)
makes every value under it undirected, and a value read with both signs is undirected too:
`direction` says nothing it cannot prove, it never guesses.

A stated direction is weak: "never lower when this value grows, everything else the same"
(`x if flag else 0` does not move with `x` while the flag is down), which the property tests
check by nudging each value of random states.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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
from wargame.scenario.expressions.vocabulary import ArithOp, CompareOp

__all__ = ["Bound", "Direction", "Factor", "bounds", "factors"]

Direction = Literal[1, -1]
"""+1: the expression never falls as the value grows (or as the flag is set); -1: never rises."""

_MONOTONE_CALLS = frozenset({"min", "max", "clamp", "round"})
"""Functions that never decrease when any argument grows."""


@dataclass(frozen=True, slots=True)
class Factor:
    """One value an expression reads, and the way it moves the expression."""

    read: Read
    direction: Direction


_Signs = dict[str, tuple[Read, int]]
"""By `Read.key`: the read, and +1, -1, or 0 (read with both signs, or where no sign holds)."""


def factors(node: Node) -> tuple[Factor, ...]:
    """Every value `node` reads whose direction holds in every state, in the order the
    author wrote them; values with no provable direction are left out."""
    return tuple(
        Factor(read, 1 if sign > 0 else -1) for read, sign in _signs(node).values() if sign
    )


@dataclass(frozen=True, slots=True)
class Bound:
    """An expression held between constants: `clamp(x, lo, hi)`, `min(x, hi)`, `max(x, lo)`."""

    inner: Node
    """The value being held (`x`)."""
    lowest: float | None
    highest: float | None


def bounds(node: Node) -> Bound | None:
    """The constant floor and ceiling the outermost call holds `node` to, or None when it
    is not held (so a screen can say "at its lowest" when `inner` is below the floor)."""
    if not isinstance(node, Call) or node.function not in ("clamp", "min", "max"):
        return None
    args = node.args
    if node.function == "clamp":
        lo, hi = (_number(a) for a in args[1:])
        if lo is None and hi is None:
            return None
        return Bound(args[0], lo, hi)
    computed = [a for a in args if _number(a) is None]
    constants = [v for a in args if (v := _number(a)) is not None]
    if len(computed) != 1 or not constants:
        return None
    if node.function == "min":
        return Bound(computed[0], None, min(constants))
    return Bound(computed[0], max(constants), None)


def _number(node: Node) -> float | None:
    if isinstance(node, Const) and not isinstance(node.value, bool):
        return float(node.value)
    return None


def _value(node: Node) -> float | None:
    """A constant as a number (true is 1, false is 0), else None."""
    return float(node.value) if isinstance(node, Const) else None


def _signs(node: Node) -> _Signs:
    if isinstance(node, Const):
        return {}
    if isinstance(node, Read):
        return {node.key: (node, 1)}
    if isinstance(node, Negate | Not):
        return _scaled(_signs(node.operand), -1)
    if isinstance(node, Arith):
        return _arith(node)
    if isinstance(node, Call):
        parts = [_signs(a) for a in node.args]
        if node.function in _MONOTONE_CALLS:
            return _merged(*parts)
        return _undirected(*parts)
    if isinstance(node, Compare):
        links: list[_Signs] = []
        for i, op in enumerate(node.ops):
            left, right = _signs(node.operands[i]), _signs(node.operands[i + 1])
            if op in (CompareOp.GE, CompareOp.GT):
                links.append(_merged(left, _scaled(right, -1)))
            elif op in (CompareOp.LE, CompareOp.LT):
                links.append(_merged(_scaled(left, -1), right))
            else:
                links.append(_undirected(left, right))
        return _merged(*links)
    if isinstance(node, Logic):
        return _merged(*(_signs(o) for o in node.operands))
    return _if_else(node)


def _arith(node: Arith) -> _Signs:
    left, right = _signs(node.left), _signs(node.right)
    if node.op is ArithOp.ADD:
        return _merged(left, right)
    if node.op is ArithOp.SUB:
        return _merged(left, _scaled(right, -1))
    if node.op is ArithOp.MUL:
        for constant, other in ((node.left, right), (node.right, left)):
            c = _number(constant)
            if c is not None:
                return _scaled(other, _sign(c))
    if node.op in (ArithOp.DIV, ArithOp.FLOORDIV):
        c = _number(node.right)
        if c is not None:
            return _scaled(left, _sign(c))
    return _undirected(left, right)


def _if_else(node: IfElse) -> _Signs:
    test = _signs(node.test)
    body, orelse = _value(node.body), _value(node.orelse)
    if body is not None and orelse is not None:
        test = _scaled(test, _sign(body - orelse))
    else:
        test = _undirected(test)
    return _merged(test, _signs(node.body), _signs(node.orelse))


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def _scaled(signs: _Signs, by: int) -> _Signs:
    """Each direction times `by` (0: the values no longer move the expression at all)."""
    if by == 0:
        return {}
    return {key: (read, sign * by) for key, (read, sign) in signs.items()}


def _undirected(*parts: _Signs) -> _Signs:
    return {key: (read, 0) for part in parts for key, (read, _) in part.items()}


def _merged(*parts: _Signs) -> _Signs:
    """The directions of a sum of parts: a value keeps its sign where every part agrees."""
    out: _Signs = {}
    for part in parts:
        for key, (read, sign) in part.items():
            if key in out and out[key][1] != sign:
                out[key] = (read, 0)
            elif key not in out:
                out[key] = (read, sign)
    return out
