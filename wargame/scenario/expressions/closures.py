"""Closure factories: each shape of expression becomes its own small lambda.

The engine evaluates conditions millions of times, so a compiled expression is a handful of
tuple indexings and as few Python-level calls as possible (`escalation >= 5` becomes
`lambda s: s.vars[3] >= 5`). The arithmetic rules of the language live here too:
x/0 == x//0 == x%0 == 0, and numbers too large for a float saturate to +-infinity.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Final

from wargame.scenario.ir import StateLike, Value

Fn = Callable[[StateLike], Value]
"""A compiled expression: reads the state, returns a number or true/false."""


def const_fn(value: Value) -> Fn:
    return lambda s: value


def reader(attr: str, dims: int, i: int, j: int) -> Fn:
    """A closure reading one cell of the state: `s.ATTR`, `s.ATTR[i]` or `s.ATTR[i][j]` for
    `dims` 0, 1 or 2 (attr comes from the vocabulary, never from the author's text)."""
    if attr == "vars":
        return lambda s: s.vars[i]
    if attr == "flags":
        return lambda s: s.flags[i]
    if attr == "turn":
        return lambda s: s.turn
    if attr == "cohesion":
        return lambda s: s.cohesion[i]
    if attr == "collapsed":
        return lambda s: s.collapsed[i]
    if attr == "played":
        return lambda s: s.played[i]
    if attr == "fired":
        return lambda s: s.fired[i]
    if attr == "trust":
        return lambda s: s.trust[i][j]
    if attr == "commitment":
        return lambda s: s.commitment[i][j]
    if attr == "active":
        return lambda s: s.active[i][j]
    # A state field without a fast path of its own above.
    get = operator.attrgetter(attr)
    if dims == 0:
        return get
    if dims == 1:
        return lambda s: get(s)[i]
    return lambda s: get(s)[i][j]


def cmp_read_const(op: str, attr: str, i: int, j: int, c: Value) -> Fn | None:
    """`READ OP constant` as one lambda, for the reads conditions use most."""
    table: dict[str, Fn]
    if attr == "vars":
        table = {
            "<": lambda s: s.vars[i] < c,
            "<=": lambda s: s.vars[i] <= c,
            ">": lambda s: s.vars[i] > c,
            ">=": lambda s: s.vars[i] >= c,
            "==": lambda s: s.vars[i] == c,
            "!=": lambda s: s.vars[i] != c,
        }
    elif attr == "turn":
        table = {
            "<": lambda s: s.turn < c,
            "<=": lambda s: s.turn <= c,
            ">": lambda s: s.turn > c,
            ">=": lambda s: s.turn >= c,
            "==": lambda s: s.turn == c,
            "!=": lambda s: s.turn != c,
        }
    elif attr == "cohesion":
        table = {
            "<": lambda s: s.cohesion[i] < c,
            "<=": lambda s: s.cohesion[i] <= c,
            ">": lambda s: s.cohesion[i] > c,
            ">=": lambda s: s.cohesion[i] >= c,
            "==": lambda s: s.cohesion[i] == c,
            "!=": lambda s: s.cohesion[i] != c,
        }
    elif attr == "played":
        table = {
            "<": lambda s: s.played[i] < c,
            "<=": lambda s: s.played[i] <= c,
            ">": lambda s: s.played[i] > c,
            ">=": lambda s: s.played[i] >= c,
            "==": lambda s: s.played[i] == c,
            "!=": lambda s: s.played[i] != c,
        }
    elif attr == "fired":
        table = {
            "<": lambda s: s.fired[i] < c,
            "<=": lambda s: s.fired[i] <= c,
            ">": lambda s: s.fired[i] > c,
            ">=": lambda s: s.fired[i] >= c,
            "==": lambda s: s.fired[i] == c,
            "!=": lambda s: s.fired[i] != c,
        }
    elif attr == "trust":
        table = {
            "<": lambda s: s.trust[i][j] < c,
            "<=": lambda s: s.trust[i][j] <= c,
            ">": lambda s: s.trust[i][j] > c,
            ">=": lambda s: s.trust[i][j] >= c,
            "==": lambda s: s.trust[i][j] == c,
            "!=": lambda s: s.trust[i][j] != c,
        }
    elif attr == "commitment":
        table = {
            "<": lambda s: s.commitment[i][j] < c,
            "<=": lambda s: s.commitment[i][j] <= c,
            ">": lambda s: s.commitment[i][j] > c,
            ">=": lambda s: s.commitment[i][j] >= c,
            "==": lambda s: s.commitment[i][j] == c,
            "!=": lambda s: s.commitment[i][j] != c,
        }
    else:
        return None
    return table[op]


def cmp_fn_const(op: str, f: Fn, c: Value) -> Fn:
    if op == "<":
        return lambda s: f(s) < c
    if op == "<=":
        return lambda s: f(s) <= c
    if op == ">":
        return lambda s: f(s) > c
    if op == ">=":
        return lambda s: f(s) >= c
    if op == "==":
        return lambda s: f(s) == c
    return lambda s: f(s) != c


def cmp_fn_fn(op: str, f: Fn, g: Fn) -> Fn:
    if op == "<":
        return lambda s: f(s) < g(s)
    if op == "<=":
        return lambda s: f(s) <= g(s)
    if op == ">":
        return lambda s: f(s) > g(s)
    if op == ">=":
        return lambda s: f(s) >= g(s)
    if op == "==":
        return lambda s: f(s) == g(s)
    return lambda s: f(s) != g(s)


FLIPPED: Final[Mapping[str, str]] = {
    "<": ">",
    "<=": ">=",
    ">": "<",
    ">=": "<=",
    "==": "==",
    "!=": "!=",
}


def _saturate(x: Value) -> float:
    """A float for any number, with ints too large for a float turned into +-infinity."""
    try:
        return float(x)
    except OverflowError:
        return math.inf if x > 0 else -math.inf


def arith(op: str, a: Value, b: Value) -> Value:
    """Apply an arithmetic operator with the language's rules: x/0 == x//0 == x%0 == 0,
    and numbers too large for a float saturate to +-infinity instead of raising."""
    if op in ("/", "//", "%") and b == 0:
        return 0
    try:
        return _apply(op, a, b)
    except (OverflowError, ZeroDivisionError, ValueError):
        try:
            return _apply(op, _saturate(a), _saturate(b))
        except (OverflowError, ZeroDivisionError, ValueError):
            return math.nan


def _apply(op: str, a: Value, b: Value) -> Value:
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        return a / b
    if op == "//":
        return a // b
    return a % b


def arith_fn_const(op: str, f: Fn, c: Value) -> Fn:
    # Python 3.11 exceptions are zero-cost until raised: the `try` costs nothing per call.
    if op == "+":

        def add(s: StateLike) -> Value:
            try:
                return f(s) + c
            except OverflowError:
                return arith("+", f(s), c)

        return add
    if op == "-":

        def sub(s: StateLike) -> Value:
            try:
                return f(s) - c
            except OverflowError:
                return arith("-", f(s), c)

        return sub
    if op == "*":

        def mul(s: StateLike) -> Value:
            try:
                return f(s) * c
            except OverflowError:
                return arith("*", f(s), c)

        return mul
    if c == 0:
        return const_fn(0)
    if op == "/":

        def div(s: StateLike) -> Value:
            try:
                return f(s) / c
            except OverflowError:
                return arith("/", f(s), c)

        return div
    return lambda s: arith(op, f(s), c)


def arith_const_fn(op: str, c: Value, g: Fn) -> Fn:
    if op == "+":
        return arith_fn_const("+", g, c)
    if op == "*":
        return arith_fn_const("*", g, c)
    if op == "-":

        def sub(s: StateLike) -> Value:
            try:
                return c - g(s)
            except OverflowError:
                return arith("-", c, g(s))

        return sub
    return lambda s: arith(op, c, g(s))


def arith_fn_fn(op: str, f: Fn, g: Fn) -> Fn:
    if op == "+":

        def add(s: StateLike) -> Value:
            try:
                return f(s) + g(s)
            except OverflowError:
                return arith("+", f(s), g(s))

        return add
    if op == "-":

        def sub(s: StateLike) -> Value:
            try:
                return f(s) - g(s)
            except OverflowError:
                return arith("-", f(s), g(s))

        return sub
    if op == "*":

        def mul(s: StateLike) -> Value:
            try:
                return f(s) * g(s)
            except OverflowError:
                return arith("*", f(s), g(s))

        return mul
    return lambda s: arith(op, f(s), g(s))


FlagShape = tuple[int, bool] | None
"""(flag index, negated) of an operand that is `flags.X` or `not flags.X`."""


def all_fn(fns: Sequence[Fn], first: FlagShape = None, last: FlagShape = None) -> Fn:
    """`a and b and ...`, with a leading or trailing flag read inlined for two operands."""
    if len(fns) == 2 and first is not None:
        i, negated = first
        g = fns[1]
        if negated:
            return lambda s: not s.flags[i] and g(s)
        return lambda s: s.flags[i] and g(s)
    if len(fns) == 2 and last is not None:
        f = fns[0]
        i, negated = last
        if negated:
            return lambda s: f(s) and not s.flags[i]
        return lambda s: f(s) and s.flags[i]
    if len(fns) == 2:
        f, g = fns
        return lambda s: f(s) and g(s)
    if len(fns) == 3:
        f, g, h = fns
        return lambda s: f(s) and g(s) and h(s)
    if len(fns) == 4:
        f, g, h, k = fns
        return lambda s: f(s) and g(s) and h(s) and k(s)
    items = tuple(fns)

    def all_of(s: StateLike) -> Value:
        for item in items:  # noqa: SIM110 - a plain loop is faster than all(<genexpr>)
            if not item(s):
                return False
        return True

    return all_of


def any_fn(fns: Sequence[Fn], first: FlagShape = None, last: FlagShape = None) -> Fn:
    """`a or b or ...`, with a leading or trailing flag read inlined for two operands."""
    if len(fns) == 2 and first is not None:
        i, negated = first
        g = fns[1]
        if negated:
            return lambda s: not s.flags[i] or g(s)
        return lambda s: s.flags[i] or g(s)
    if len(fns) == 2 and last is not None:
        f = fns[0]
        i, negated = last
        if negated:
            return lambda s: f(s) or not s.flags[i]
        return lambda s: f(s) or s.flags[i]
    if len(fns) == 2:
        f, g = fns
        return lambda s: f(s) or g(s)
    if len(fns) == 3:
        f, g, h = fns
        return lambda s: f(s) or g(s) or h(s)
    items = tuple(fns)

    def any_of(s: StateLike) -> Value:
        for item in items:  # noqa: SIM110 - a plain loop is faster than any(<genexpr>)
            if item(s):
                return True
        return False

    return any_of


def round_half_up(x: Value) -> Value:
    """Round halves up: floor(x + 0.5); infinities and NaN come back unchanged."""
    try:
        return math.floor(x + 0.5)
    except (OverflowError, ValueError):
        return x


def clamp_value(x: Value, lo: Value, hi: Value) -> Value:
    """`clamp(x, lo, hi)` is `min(max(x, lo), hi)`: `hi` wins when `lo > hi`."""
    return min(max(x, lo), hi)


def clamp_fn(fx: Fn, flo: Fn, fhi: Fn, bounds: tuple[Value, Value] | None) -> Fn:
    """`clamp(x, lo, hi)`; `bounds` holds (lo, hi) when both are constants."""
    if bounds is not None:
        lo, hi = bounds

        def clamp_const(s: StateLike) -> Value:
            x = fx(s)
            if x < lo:
                return hi if lo > hi else lo
            return hi if x > hi else x

        return clamp_const
    return lambda s: clamp_value(fx(s), flo(s), fhi(s))


def min_fn(fns: Sequence[Fn]) -> Fn:
    if len(fns) == 2:
        f, g = fns

        def min2(s: StateLike) -> Value:
            a = f(s)
            b = g(s)
            return a if a <= b else b

        return min2
    items = tuple(fns)
    return lambda s: min(item(s) for item in items)


def max_fn(fns: Sequence[Fn]) -> Fn:
    if len(fns) == 2:
        f, g = fns

        def max2(s: StateLike) -> Value:
            a = f(s)
            b = g(s)
            return a if a >= b else b

        return max2
    items = tuple(fns)
    return lambda s: max(item(s) for item in items)
