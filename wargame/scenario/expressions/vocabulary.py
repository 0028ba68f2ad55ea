"""The expression language's vocabulary, each word once: what the state offers, what can be
called, and the operators.

Everything the front end knows about a word lives in its table entry, and every stage reads
it from there: the checker (arity, argument kinds, result kind), the closure compiler (how to
read or compute it), lint's interval analysis (the range it can take) and docs/expressions.md
(the one-line documentation, checked by a test). A function added to `FUNCTIONS` with its
`bounds` is therefore understood by lint too; one without `bounds` is compiled and run, and
lint stays silent about it (it only ever warns when it is certain).
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final, Literal

from wargame.scenario.expressions.closures import (
    Fn,
    clamp_fn,
    clamp_value,
    max_fn,
    min_fn,
    round_half_up,
)
from wargame.scenario.ir import Value, ValueKind

__all__ = [
    "ARITH_OPS",
    "COMPARE_OPS",
    "FUNCTIONS",
    "READINGS",
    "RESERVED_NAMES",
    "ArithOp",
    "CompareOp",
    "Function",
    "Interval",
    "LogicOp",
    "Quantity",
    "Reading",
    "Space",
    "reading_called",
    "written",
]

Interval = tuple[float, float]
"""The closed range of values a number can take, lowest first; +-inf for unbounded."""

Space = Literal["variable", "flag", "actor", "alliance", "member", "move", "inject"]
"""What an index in a resolved read names. A `member` index is a slot of the alliance named
by the index before it (`commitment[nato][denmark]`: alliance `nato`, member slot of
`denmark`)."""


class CompareOp(StrEnum):
    """A comparison operator; its value is how an author writes it."""

    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="
    EQ = "=="
    NE = "!="

    @property
    def mirrored(self) -> CompareOp:
        """The operator with its operands swapped: `a < b` is `b > a`."""
        return _MIRRORED[self]

    @property
    def negated(self) -> CompareOp:
        """The operator that holds exactly when this one does not: `not a < b` is `a >= b`."""
        return _NEGATED[self]

    def holds(self, a: Value, b: Value) -> bool:
        """`a OP b` on two values."""
        return bool(_COMPARE_FUNCTIONS[self](a, b))


_MIRRORED: Final = {
    CompareOp.LT: CompareOp.GT,
    CompareOp.LE: CompareOp.GE,
    CompareOp.GT: CompareOp.LT,
    CompareOp.GE: CompareOp.LE,
    CompareOp.EQ: CompareOp.EQ,
    CompareOp.NE: CompareOp.NE,
}
_NEGATED: Final = {
    CompareOp.LT: CompareOp.GE,
    CompareOp.LE: CompareOp.GT,
    CompareOp.GT: CompareOp.LE,
    CompareOp.GE: CompareOp.LT,
    CompareOp.EQ: CompareOp.NE,
    CompareOp.NE: CompareOp.EQ,
}
_COMPARE_FUNCTIONS: Final[Mapping[CompareOp, Callable[[Value, Value], object]]] = {
    CompareOp.LT: operator.lt,
    CompareOp.LE: operator.le,
    CompareOp.GT: operator.gt,
    CompareOp.GE: operator.ge,
    CompareOp.EQ: operator.eq,
    CompareOp.NE: operator.ne,
}


class ArithOp(StrEnum):
    """An arithmetic operator; its value is how an author writes it."""

    ADD = "+"
    SUB = "-"
    MUL = "*"
    DIV = "/"
    FLOORDIV = "//"
    MOD = "%"


class LogicOp(StrEnum):
    """`and` / `or`."""

    AND = "and"
    OR = "or"


COMPARE_OPS: Final[Mapping[type[ast.cmpop], CompareOp]] = {
    ast.Lt: CompareOp.LT,
    ast.LtE: CompareOp.LE,
    ast.Gt: CompareOp.GT,
    ast.GtE: CompareOp.GE,
    ast.Eq: CompareOp.EQ,
    ast.NotEq: CompareOp.NE,
}
"""Python's comparison nodes the language accepts."""
ARITH_OPS: Final[Mapping[type[ast.operator], ArithOp]] = {
    ast.Add: ArithOp.ADD,
    ast.Sub: ArithOp.SUB,
    ast.Mult: ArithOp.MUL,
    ast.Div: ArithOp.DIV,
    ast.FloorDiv: ArithOp.FLOORDIV,
    ast.Mod: ArithOp.MOD,
}
"""Python's arithmetic nodes the language accepts."""


# --------------------------------------------------------------------------------------------
# What an expression may read from the state.
# --------------------------------------------------------------------------------------------


class Quantity(StrEnum):
    """A quantity of the game state; the value is the prefix of its `Expr.reads` key."""

    VAR = "var"
    FLAG = "flag"
    TURN = "turn"
    TRUST = "trust"
    COMMITMENT = "commitment"
    COHESION = "cohesion"
    MEMBER = "member"
    COLLAPSED = "collapsed"
    PLAYED = "played"
    FIRED = "fired"


@dataclass(frozen=True, slots=True)
class Reading:
    """How expressions read one quantity of the state."""

    quantity: Quantity
    kind: ValueKind
    field: str
    """The `StateLike` attribute holding it (ours, never an author's text)."""
    spaces: tuple[Space, ...]
    """What each index of a read names: `("alliance", "member")` for `commitment`."""
    doc: str
    """One line for authors."""
    range: Interval | None = None
    """The values the rules keep it within (trust: 0..100); None when the scenario decides
    (a variable's bounds, the calendar)."""
    function: str | None = None
    """The name authors call it by (`cohesion(K)`), or None for the names written bare
    (`escalation`, `flags.talks`, `turn`)."""


_PERCENT: Final[Interval] = (0.0, 100.0)
_COUNT: Final[Interval] = (0.0, math.inf)

READINGS: Final[dict[Quantity, Reading]] = {
    r.quantity: r
    for r in (
        Reading(Quantity.VAR, "number", "vars", ("variable",), "a variable, by its id"),
        Reading(Quantity.FLAG, "bool", "flags", ("flag",), "flags.NAME: a flag"),
        Reading(Quantity.TURN, "number", "turn", (), "turn: the current turn, from 1"),
        Reading(
            Quantity.TRUST,
            "number",
            "trust",
            ("actor", "actor"),
            "trust(A, B): how much actor A trusts actor B, 0-100",
            _PERCENT,
            "trust",
        ),
        Reading(
            Quantity.COMMITMENT,
            "number",
            "commitment",
            ("alliance", "member"),
            "commitment(K, A): actor A's commitment to alliance K, 0-100",
            _PERCENT,
            "commitment",
        ),
        Reading(
            Quantity.COHESION,
            "number",
            "cohesion",
            ("alliance",),
            "cohesion(K): cohesion of alliance K, 0-100",
            _PERCENT,
            "cohesion",
        ),
        Reading(
            Quantity.MEMBER,
            "bool",
            "active",
            ("alliance", "member"),
            "member(K, A): true while actor A is still a member of alliance K",
            None,
            "member",
        ),
        Reading(
            Quantity.COLLAPSED,
            "bool",
            "collapsed",
            ("alliance",),
            "collapsed(K): true once alliance K has collapsed",
            None,
            "collapsed",
        ),
        Reading(
            Quantity.PLAYED,
            "number",
            "played",
            ("move",),
            "played(MOVE): how many times the move was played this game",
            _COUNT,
            "played",
        ),
        Reading(
            Quantity.FIRED,
            "number",
            "fired",
            ("inject",),
            "fired(INJECT): how many times the inject fired this game",
            _COUNT,
            "fired",
        ),
    )
}
"""Every quantity an expression may read, by quantity."""


def written(value: Value) -> str:
    """A value the way an author would write it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.6g}"
    return str(value)


def reading_called(name: str) -> Reading | None:
    """The state reading authors call `name(...)`, if any."""
    for reading in READINGS.values():
        if reading.function == name:
            return reading
    return None


# --------------------------------------------------------------------------------------------
# Numeric functions.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Function:
    """A function of numbers, such as `min(x, y)`."""

    name: str
    doc: str
    """One line for authors: `min(x, y, ...): the smallest of two or more numbers`."""
    least: int
    """Fewest arguments."""
    most: int | None
    """Most arguments (None: no limit)."""
    apply: Callable[..., Value]
    """The result from the argument values: what runs, unless `closure` is given."""
    bounds: Callable[[Sequence[Interval]], Interval] | None = None
    """The range of the result from the ranges of the arguments, for lint (None: unknown,
    so lint never warns about a condition that depends on it)."""
    closure: Callable[[Sequence[Fn], Sequence[Value | None]], Fn] | None = None
    """A faster closure than calling `apply`, from the arguments' closures and their values
    where they are constants (None where they are not)."""


def _lowest(ranges: Sequence[Interval]) -> Interval:
    return (min(r[0] for r in ranges), min(r[1] for r in ranges))


def _highest(ranges: Sequence[Interval]) -> Interval:
    return (max(r[0] for r in ranges), max(r[1] for r in ranges))


def _abs_bounds(ranges: Sequence[Interval]) -> Interval:
    lo, hi = ranges[0]
    if lo >= 0:
        return (lo, hi)
    if hi <= 0:
        return (-hi, -lo)
    return (0.0, max(-lo, hi))


def _round_bounds(ranges: Sequence[Interval]) -> Interval:
    lo, hi = ranges[0]
    return (float(round_half_up(lo)), float(round_half_up(hi)))


def _clamp_bounds(ranges: Sequence[Interval]) -> Interval:
    x, low, high = ranges
    lo = min(max(x[0], low[0]), high[0])
    hi = min(max(x[1], low[1]), high[1])
    return (min(lo, hi), max(lo, hi))


def _clamp_closure(fns: Sequence[Fn], constants: Sequence[Value | None]) -> Fn:
    lo, hi = constants[1], constants[2]
    return clamp_fn(fns[0], fns[1], fns[2], None if lo is None or hi is None else (lo, hi))


FUNCTIONS: Final[dict[str, Function]] = {
    f.name: f
    for f in (
        Function(
            "min",
            "min(x, y, ...): the smallest of two or more numbers",
            2,
            None,
            min,
            _lowest,
            lambda fns, _: min_fn(fns),
        ),
        Function(
            "max",
            "max(x, y, ...): the largest of two or more numbers",
            2,
            None,
            max,
            _highest,
            lambda fns, _: max_fn(fns),
        ),
        Function("abs", "abs(x): x without its sign", 1, 1, abs, _abs_bounds),
        Function(
            "clamp",
            "clamp(x, lo, hi): x limited to [lo, hi]",
            3,
            3,
            clamp_value,
            _clamp_bounds,
            _clamp_closure,
        ),
        Function(
            "round",
            "round(x): x rounded to the nearest whole number, halves up (floor(x + 0.5))",
            1,
            1,
            round_half_up,
            _round_bounds,
        ),
    )
}
"""Every function of numbers an expression may call, by name."""


def callable_docs() -> dict[str, str]:
    """Every name an expression may call, with its one-line documentation."""
    docs = {r.function: r.doc for r in READINGS.values() if r.function is not None}
    docs.update((name, f.doc) for name, f in FUNCTIONS.items())
    return docs


RESERVED_NAMES: Final[frozenset[str]] = frozenset(
    {"turn", "turns", "flags", "true", "false", "True", "False", *callable_docs()}
)
"""Names with a fixed meaning in expressions: no variable may be called this."""
