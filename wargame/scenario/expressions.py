"""Compile the expressions in scenario files into fast, safe closures.

Scenario files are untrusted, and the Monte Carlo engine evaluates their conditions millions
of times. So each expression is parsed once, at load time, with Python's own `ast` module,
checked against an allow-list of node types, resolved against the scenario's declared names
(unknown names get a did-you-mean hint), type-checked, constant-folded, and turned into a
closure that indexes the state's tuples directly (`escalation >= 5` becomes
`lambda s: s.vars[3] >= 5`). Nothing from a file ever reaches `eval`, `exec` or `compile`,
and no attribute of any Python object is ever looked up by a name the author wrote.

The vocabulary is documented for authors in docs/expressions.md.
"""

from __future__ import annotations

import ast
import math
import re
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from wargame.scenario.ir import (
    Effect,
    EffectOp,
    Expr,
    NameTable,
    StateLike,
    Target,
    Value,
    ValueKind,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_LENGTH",
    "MAX_NODES",
    "RESERVED_NAMES",
    "ExpressionError",
    "compile_effect",
    "compile_expr",
    "constant_expr",
    "constant_value",
    "explain_false",
]

MAX_LENGTH: Final = 500
"""Longest expression source, in characters (checked before parsing)."""
MAX_NODES: Final = 200
"""Most syntax-tree nodes in one expression."""
MAX_DEPTH: Final = 32
"""Deepest nesting of one expression's syntax tree."""
MAX_INT_DIGITS: Final = 15
MAX_FLOAT: Final = 1e15

Fn = Callable[[StateLike], Value]

FUNCTIONS: Final[Mapping[str, str]] = {
    "cohesion": "cohesion(K): cohesion of alliance K, 0-100",
    "trust": "trust(A, B): how much actor A trusts actor B, 0-100",
    "commitment": "commitment(K, A): actor A's commitment to alliance K, 0-100",
    "member": "member(K, A): true while actor A is still a member of alliance K",
    "collapsed": "collapsed(K): true once alliance K has collapsed",
    "played": "played(MOVE): how many times the move was played this game",
    "fired": "fired(INJECT): how many times the inject fired this game",
    "min": "min(x, y, ...): the smallest of two or more numbers",
    "max": "max(x, y, ...): the largest of two or more numbers",
    "abs": "abs(x): x without its sign",
    "clamp": "clamp(x, lo, hi): x limited to [lo, hi]",
    "round": "round(x): x rounded to the nearest whole number, halves up (floor(x + 0.5))",
}
"""Every function an expression may call, with its one-line documentation."""

RESERVED_NAMES: Final[frozenset[str]] = frozenset(
    {"turn", "turns", "flags", "true", "false", "True", "False", *FUNCTIONS}
)
"""Names with a fixed meaning in expressions: no variable may be called this."""

_COMPARE_OPS: Final[Mapping[type[ast.cmpop], str]] = {
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
}
_ARITH_OPS: Final[Mapping[type[ast.operator], str]] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
}
_FORBIDDEN_OPS: Final[Mapping[type[ast.AST], tuple[str, str | None]]] = {
    ast.Pow: ("`**` (power) is not allowed", "multiply instead, e.g. `x * x`"),
    ast.BitAnd: ("`&` is not allowed", "write `and`"),
    ast.BitOr: ("`|` is not allowed", "write `or`"),
    ast.BitXor: ("`^` is not allowed", "`^` is not a power; multiply instead, e.g. `x * x`"),
    ast.LShift: ("`<<` is not allowed", None),
    ast.RShift: ("`>>` is not allowed", None),
    ast.MatMult: ("`@` is not allowed", None),
    ast.Invert: ("`~` is not allowed", "write `not` for true/false or `-` for numbers"),
    ast.In: ("`in` is not allowed", "compare with `==` and combine with `or`"),
    ast.NotIn: ("`not in` is not allowed", "compare with `!=` and combine with `and`"),
    ast.Is: ("`is` is not allowed", "write `==`"),
    ast.IsNot: ("`is not` is not allowed", "write `!=`"),
}
_FORBIDDEN_NODES: Final[Mapping[type[ast.AST], tuple[str, str | None]]] = {
    ast.Lambda: ("lambda is not allowed", None),
    ast.ListComp: ("comprehensions are not allowed", None),
    ast.SetComp: ("comprehensions are not allowed", None),
    ast.DictComp: ("comprehensions are not allowed", None),
    ast.GeneratorExp: ("generator expressions are not allowed", None),
    ast.JoinedStr: ("f-strings are not allowed", "expressions hold numbers and true/false only"),
    ast.FormattedValue: ("f-strings are not allowed", None),
    ast.NamedExpr: ("`:=` is not allowed", "to compare, write `==`"),
    ast.Starred: ("`*` unpacking is not allowed", None),
    ast.Await: ("`await` is not allowed", None),
    ast.Yield: ("`yield` is not allowed", None),
    ast.YieldFrom: ("`yield` is not allowed", None),
    ast.List: ("lists are not values in expressions", "compare one value at a time"),
    ast.Tuple: ("tuples are not values in expressions", "remove the comma"),
    ast.Set: ("sets are not values in expressions", None),
    ast.Dict: ("dictionaries are not values in expressions", None),
    ast.Slice: ("slices are not allowed", None),
}
_LONE_EQUALS: Final = re.compile(r"(?<![=!<>+\-*/%&|^:@])=(?![=<>])")
_SYNTAX_HINTS: Final[tuple[tuple[str, str], ...]] = (
    ("&&", "write `and` instead of `&&`"),
    ("||", "write `or` instead of `||`"),
    ("===", "write `==` to compare"),
    ("<>", "write `!=` for 'not equal'"),
    ("=<", "write `<=`"),
    ("=>", "write `>=`"),
)


class ExpressionError(Exception):
    """An expression could not be compiled: what, where (0-based offset) and how to fix it.

    Codes: E301 syntax, E302 unknown name, E303 type mismatch, E304 construct not allowed,
    E305 too long/deep/large, E306 bad effect target or read-only target.
    """

    def __init__(
        self, message: str, offset: int = 0, hint: str | None = None, code: str = "E301"
    ) -> None:
        super().__init__(message, offset, hint, code)
        self.message = message
        self.offset = offset
        self.hint = hint
        self.code = code

    def __str__(self) -> str:
        text = f"{self.code} at {self.offset}: {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text


# --------------------------------------------------------------------------------------------
# Closure factories. Each shape gets its own small lambda so that evaluation is a handful of
# tuple indexings and as few Python-level calls as possible.
# --------------------------------------------------------------------------------------------


def _const_fn(value: Value) -> Fn:
    return lambda s: value


def _reader(attr: str, i: int, j: int) -> Fn:
    """A closure reading one cell of the state (attr is ours, never the author's text)."""
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
    raise AssertionError(attr)  # pragma: no cover - the compiler only passes the above


def _cmp_read_const(op: str, attr: str, i: int, j: int, c: Value) -> Fn | None:
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


def _cmp_fn_const(op: str, f: Fn, c: Value) -> Fn:
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


def _cmp_fn_fn(op: str, f: Fn, g: Fn) -> Fn:
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


_FLIPPED: Final[Mapping[str, str]] = {
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


def _arith(op: str, a: Value, b: Value) -> Value:
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


def _arith_fn_const(op: str, f: Fn, c: Value) -> Fn:
    # Python 3.11 exceptions are zero-cost until raised: the `try` costs nothing per call.
    if op == "+":

        def add(s: StateLike) -> Value:
            try:
                return f(s) + c
            except OverflowError:
                return _arith("+", f(s), c)

        return add
    if op == "-":

        def sub(s: StateLike) -> Value:
            try:
                return f(s) - c
            except OverflowError:
                return _arith("-", f(s), c)

        return sub
    if op == "*":

        def mul(s: StateLike) -> Value:
            try:
                return f(s) * c
            except OverflowError:
                return _arith("*", f(s), c)

        return mul
    if c == 0:
        return _const_fn(0)
    if op == "/":

        def div(s: StateLike) -> Value:
            try:
                return f(s) / c
            except OverflowError:
                return _arith("/", f(s), c)

        return div
    return lambda s: _arith(op, f(s), c)


def _arith_const_fn(op: str, c: Value, g: Fn) -> Fn:
    if op == "+":
        return _arith_fn_const("+", g, c)
    if op == "*":
        return _arith_fn_const("*", g, c)
    if op == "-":

        def sub(s: StateLike) -> Value:
            try:
                return c - g(s)
            except OverflowError:
                return _arith("-", c, g(s))

        return sub
    return lambda s: _arith(op, c, g(s))


def _arith_fn_fn(op: str, f: Fn, g: Fn) -> Fn:
    if op == "+":

        def add(s: StateLike) -> Value:
            try:
                return f(s) + g(s)
            except OverflowError:
                return _arith("+", f(s), g(s))

        return add
    if op == "-":

        def sub(s: StateLike) -> Value:
            try:
                return f(s) - g(s)
            except OverflowError:
                return _arith("-", f(s), g(s))

        return sub
    if op == "*":

        def mul(s: StateLike) -> Value:
            try:
                return f(s) * g(s)
            except OverflowError:
                return _arith("*", f(s), g(s))

        return mul
    return lambda s: _arith(op, f(s), g(s))


_FlagShape = tuple[int, bool] | None
"""(flag index, negated) of an operand that is `flags.X` or `not flags.X`."""


def _and(fns: Sequence[Fn], first: _FlagShape = None, last: _FlagShape = None) -> Fn:
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


def _or(fns: Sequence[Fn], first: _FlagShape = None, last: _FlagShape = None) -> Fn:
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


def _round(x: Value) -> Value:
    """Round halves up: floor(x + 0.5); infinities and NaN come back unchanged."""
    try:
        return math.floor(x + 0.5)
    except (OverflowError, ValueError):
        return x


def _clamp(x: Value, lo: Value, hi: Value) -> Value:
    return min(max(x, lo), hi)


def _clamp_fn(children: Sequence[_Node]) -> Fn:
    fx, flo, fhi = (c.fn for c in children)
    low, high = children[1], children[2]
    if low.is_const and high.is_const:
        lo, hi = low.const, high.const

        def clamp_const(s: StateLike) -> Value:
            x = fx(s)
            if x < lo:
                return hi if lo > hi else lo
            return hi if x > hi else x

        return clamp_const
    return lambda s: _clamp(fx(s), flo(s), fhi(s))


def _min_fn(fns: Sequence[Fn]) -> Fn:
    if len(fns) == 2:
        f, g = fns

        def min2(s: StateLike) -> Value:
            a = f(s)
            b = g(s)
            return a if a <= b else b

        return min2
    items = tuple(fns)
    return lambda s: min(item(s) for item in items)


def _max_fn(fns: Sequence[Fn]) -> Fn:
    if len(fns) == 2:
        f, g = fns

        def max2(s: StateLike) -> Value:
            a = f(s)
            b = g(s)
            return a if a >= b else b

        return max2
    items = tuple(fns)
    return lambda s: max(item(s) for item in items)


# --------------------------------------------------------------------------------------------
# The typed tree: what the checker produced, kept for constant folding and explanations.
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Node:
    """One checked sub-expression: its kind, closure, source range and shape."""

    kind: ValueKind
    fn: Fn
    start: int
    end: int
    shape: str
    """const, read, not, and, or, compare, arith, neg, call, if."""
    const: Value = False
    """The value, when shape is `const`."""
    read: tuple[str, int, int] | None = None
    """(state field, i, j) when shape is `read`."""
    children: tuple[_Node, ...] = ()
    ops: tuple[str, ...] = ()
    label: str = ""
    """Function name for calls, e.g. `member`."""

    @property
    def is_const(self) -> bool:
        return self.shape == "const"


def _fmt(value: Value) -> str:
    """A value the way an author would write it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.6g}"
    return str(value)


def _nearest(name: str, candidates: Iterator[str] | Sequence[str]) -> str | None:
    import difflib  # only when a message needs a suggestion

    found = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return found[0] if found else None


def _did_you_mean(name: str, candidates: Sequence[str], what: str) -> str | None:
    best = _nearest(name, candidates)
    if best is not None:
        return f"did you mean `{best}`?"
    if not candidates:
        return f"this scenario declares no {what}"
    shown = ", ".join(f"`{c}`" for c in list(candidates)[:8])
    more = ", ..." if len(candidates) > 8 else ""
    return f"declared {what}: {shown}{more}"


_ARGUMENT_SPACES: Final[Mapping[str, tuple[str, ...]]] = {
    "cohesion": ("alliance",),
    "collapsed": ("alliance",),
    "trust": ("actor", "actor"),
    "commitment": ("alliance", "member"),
    "member": ("alliance", "member"),
    "played": ("move",),
    "fired": ("inject",),
}


class _Checker:
    """Checks and compiles one parsed expression against a scenario's names."""

    def __init__(self, text: str, shift: int, names: NameTable) -> None:
        self.text = text
        self.shift = shift
        self.names = names
        self.reads: set[str] = set()
        self._ascii = text.isascii()
        self._count = 0
        self._depth = 0

    # ---- positions and errors --------------------------------------------------------------

    def offset(self, node: ast.AST) -> int:
        col: int = getattr(node, "col_offset", 0)
        if self._ascii:
            return col + self.shift
        return self._char(col) + self.shift

    def end(self, node: ast.AST) -> int:
        col = getattr(node, "end_col_offset", None)
        if col is None:
            return self.offset(node)
        return self._char(col) + self.shift

    def _char(self, col: int) -> int:
        if self._ascii:
            return col
        return len(self.text.encode("utf-8")[:col].decode("utf-8", "ignore"))

    def fail(
        self, node: ast.AST, message: str, code: str, hint: str | None = None
    ) -> ExpressionError:
        return ExpressionError(message, self.offset(node), hint, code)

    def segment(self, node: ast.AST) -> str:
        return self.text[self.offset(node) - self.shift : self.end(node) - self.shift]

    # ---- the walk ----------------------------------------------------------------------------

    def expr(self, node: ast.expr) -> _Node:
        """Check and compile one node, enforcing the size and depth limits on the way down
        (so the recursion itself never goes deeper than MAX_DEPTH)."""
        self._count += 1
        if self._count > MAX_NODES:
            raise self.fail(
                node,
                f"expression is too large (more than {MAX_NODES} parts)",
                "E305",
                "split it: move parts into a variable or a flag set by effects",
            )
        if self._depth >= MAX_DEPTH:
            raise self.fail(
                node,
                f"expression is nested too deeply (more than {MAX_DEPTH} levels)",
                "E305",
                "simplify it",
            )
        self._depth += 1
        try:
            return self._expr(node)
        finally:
            self._depth -= 1

    def _expr(self, node: ast.expr) -> _Node:
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.Attribute):
            return self.attribute(node)
        if isinstance(node, ast.Subscript):
            return self.subscript(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        if isinstance(node, ast.BoolOp):
            return self.boolop(node)
        if isinstance(node, ast.UnaryOp):
            return self.unaryop(node)
        if isinstance(node, ast.BinOp):
            return self.binop(node)
        if isinstance(node, ast.Compare):
            return self.compare(node)
        if isinstance(node, ast.IfExp):
            return self.ifexp(node)
        message, hint = _FORBIDDEN_NODES.get(
            type(node), (f"`{self.segment(node)}` is not allowed in expressions", None)
        )
        raise self.fail(node, message, "E304", hint)

    def node(
        self,
        ast_node: ast.AST,
        kind: ValueKind,
        fn: Fn,
        shape: str,
        **extra: object,
    ) -> _Node:
        return _Node(
            kind,
            fn,
            self.offset(ast_node),
            self.end(ast_node),
            shape,
            **extra,  # type: ignore[arg-type]
        )

    def const_node(self, ast_node: ast.AST, value: Value) -> _Node:
        kind: ValueKind = "bool" if isinstance(value, bool) else "number"
        return self.node(ast_node, kind, _const_fn(value), "const", const=value)

    def constant(self, node: ast.Constant) -> _Node:
        value = node.value
        if isinstance(value, bool):
            return self.const_node(node, value)
        if isinstance(value, int):
            if len(str(abs(value))) > MAX_INT_DIGITS:
                raise self.fail(
                    node,
                    f"integer literals have at most {MAX_INT_DIGITS} digits",
                    "E305",
                    "use a smaller number",
                )
            return self.const_node(node, value)
        if isinstance(value, float):
            if not math.isfinite(value) or abs(value) > MAX_FLOAT:
                raise self.fail(
                    node,
                    "number literal is too large (the limit is 1e15)",
                    "E305",
                    "use a smaller number",
                )
            return self.const_node(node, value)
        if isinstance(value, str):
            hint = "expressions hold numbers and true/false; ids are written without quotes"
            if value in self._all_ids():
                hint = f"write `{value}` without quotes"
            raise self.fail(node, "text in quotes is not a value in expressions", "E304", hint)
        if value is None:
            raise self.fail(node, "`None` is not a value", "E304", "write `false` or `0`")
        if value is Ellipsis:
            raise self.fail(node, "`...` is not a value", "E304")
        raise self.fail(node, f"`{self.segment(node)}` is not a number or true/false", "E304")

    def _all_ids(self) -> set[str]:
        n = self.names
        return {*n.variables, *n.flags, *n.actors, *n.alliances, *n.moves, *n.injects}

    def name(self, node: ast.Name) -> _Node:
        ident = node.id
        n = self.names
        if ident in ("true", "True"):
            return self.const_node(node, True)
        if ident in ("false", "False"):
            return self.const_node(node, False)
        if ident == "turn":
            self.reads.add("turn")
            return self.node(node, "number", _reader("turn", 0, 0), "read", read=("turn", 0, 0))
        if ident == "turns":
            return self.const_node(node, n.turns)
        if ident in n.variables:
            index = n.variables[ident]
            self.reads.add(f"var:{ident}")
            kind = n.variable_kinds.get(ident, "number")
            return self.node(node, kind, _reader("vars", index, 0), "read", read=("vars", index, 0))
        if ident == "flags":
            raise self.fail(node, "`flags` needs a flag name", "E304", "write `flags.NAME`")
        if ident in FUNCTIONS:
            raise self.fail(
                node, f"`{ident}` is a function", "E304", f"call it: {FUNCTIONS[ident]}"
            )
        if ident in n.flags:
            raise self.fail(
                node,
                f"unknown variable `{ident}`",
                "E302",
                f"`{ident}` is a flag: write `flags.{ident}`",
            )
        for space, what, example in (
            (n.actors, "an actor", f"e.g. `trust({ident}, OTHER)`"),
            (n.alliances, "an alliance", f"e.g. `cohesion({ident})`"),
            (n.moves, "a move", f"e.g. `played({ident}) > 0`"),
            (n.injects, "an inject", f"e.g. `fired({ident}) > 0`"),
        ):
            if ident in space:
                raise self.fail(
                    node,
                    f"`{ident}` is {what}, not a number or true/false",
                    "E303",
                    f"use it inside a function, {example}",
                )
        candidates = [*n.variables, "turn", "turns", "true", "false"]
        hint = _did_you_mean(ident, candidates, "variables")
        flag = _nearest(ident, list(n.flags))
        if flag is not None and _nearest(ident, candidates) is None:
            hint = f"did you mean `flags.{flag}`?"
        raise self.fail(node, f"unknown variable `{ident}`", "E302", hint)

    def attribute(self, node: ast.Attribute) -> _Node:
        base = node.value
        if isinstance(base, ast.Name) and base.id == "flags":
            ident = node.attr
            if ident in self.names.flags:
                index = self.names.flags[ident]
                self.reads.add(f"flag:{ident}")
                return self.node(
                    node, "bool", _reader("flags", index, 0), "read", read=("flags", index, 0)
                )
            hint = _did_you_mean(ident, list(self.names.flags), "flags")
            if ident in self.names.variables:
                hint = f"`{ident}` is a variable: write `{ident}`"
            # Point at the flag's name, after `flags.`.
            error = self.fail(node, f"unknown flag `{ident}`", "E302", hint)
            error.offset = self.end(node) - len(ident)
            raise error
        hint = "only `flags.NAME` may use a dot"
        if isinstance(base, ast.Name):
            if base.id in self.names.alliances and node.attr in ("cohesion", "collapsed"):
                hint = f"write `{node.attr}({base.id})`"
            elif base.id in self.names.actors and node.attr == "trust":
                hint = f"write `trust({base.id}, OTHER)`"
        raise self.fail(node, "attribute access is not allowed", "E304", hint)

    def _ident_arg(
        self, node: ast.expr, space: str, alliance: str | None = None
    ) -> tuple[str, int]:
        """Resolve a bare identifier naming an actor, alliance, member, move or inject."""
        if not isinstance(node, ast.Name):
            raise self.fail(
                node,
                f"expected the id of {_article(space)} here, not an expression",
                "E303",
                f"write a bare {space} id, e.g. {self._example(space, alliance)}",
            )
        ident = node.id
        n = self.names
        if space == "member":
            assert alliance is not None
            members = n.members.get(alliance, {})
            if ident in members:
                return ident, members[ident]
            if ident in n.actors:
                raise self.fail(
                    node,
                    f"`{ident}` is not a member of alliance `{alliance}`",
                    "E302",
                    "members: " + ", ".join(f"`{m}`" for m in members),
                )
            raise self.fail(
                node,
                f"unknown actor `{ident}`",
                "E302",
                _did_you_mean(ident, list(members), f"members of `{alliance}`"),
            )
        table: Mapping[str, int] = {
            "actor": n.actors,
            "alliance": n.alliances,
            "move": n.moves,
            "inject": n.injects,
        }[space]
        if ident in table:
            return ident, table[ident]
        plural = {"alliance": "alliances", "actor": "actors", "move": "moves", "inject": "injects"}
        raise self.fail(
            node,
            f"unknown {space} `{ident}`",
            "E302",
            _did_you_mean(ident, list(table), plural[space]),
        )

    def _example(self, space: str, alliance: str | None) -> str:
        n = self.names
        pool: Sequence[str] = {
            "actor": list(n.actors),
            "alliance": list(n.alliances),
            "move": list(n.moves),
            "inject": list(n.injects),
            "member": list(n.members.get(alliance or "", {})),
        }[space]
        return f"`{pool[0]}`" if pool else f"`my_{space}`"

    def subscript(self, node: ast.Subscript) -> _Node:
        inner = node.value
        if (
            isinstance(inner, ast.Subscript)
            and isinstance(inner.value, ast.Name)
            and inner.value.id in ("trust", "commitment")
        ):
            return self.table_cell(node, inner.value.id, inner.slice, node.slice)
        hint = "only `trust[A][B]` and `commitment[K][A]` may use brackets"
        if isinstance(inner, ast.Name) and inner.id in ("trust", "commitment"):
            hint = (
                "write `trust[A][B]` (two actors)"
                if inner.id == "trust"
                else "write `commitment[K][A]` (alliance, then member)"
            )
        raise self.fail(node, "subscript is not allowed here", "E304", hint)

    def table_cell(self, node: ast.AST, table: str, first: ast.expr, second: ast.expr) -> _Node:
        if table == "trust":
            a_id, a = self._ident_arg(first, "actor")
            b_id, b = self._ident_arg(second, "actor")
            if a == b:
                raise self.fail(
                    second,
                    f"`{a_id}` cannot trust itself: trust is between two different actors",
                    "E302",
                    None,
                )
            self.reads.add(f"trust:{a_id}:{b_id}")
            return self.node(node, "number", _reader("trust", a, b), "read", read=("trust", a, b))
        k_id, k = self._ident_arg(first, "alliance")
        m_id, m = self._ident_arg(second, "member", k_id)
        self.reads.add(f"commitment:{k_id}:{m_id}")
        return self.node(
            node, "number", _reader("commitment", k, m), "read", read=("commitment", k, m)
        )

    def call(self, node: ast.Call) -> _Node:
        func = node.func
        if not isinstance(func, ast.Name):
            raise self.fail(
                node,
                "only the built-in functions can be called",
                "E304",
                "functions are called by bare name, e.g. `cohesion(nato)`; methods are not allowed",
            )
        fname = func.id
        if fname not in FUNCTIONS:
            known = _nearest(fname, list(FUNCTIONS))
            hint = f"did you mean `{known}`?" if known else "functions: " + ", ".join(FUNCTIONS)
            raise self.fail(func, f"unknown function `{fname}`", "E302", hint)
        if node.keywords:
            raise self.fail(
                node.keywords[0], "keyword arguments are not allowed", "E304", FUNCTIONS[fname]
            )
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise self.fail(arg, "`*` unpacking is not allowed", "E304", FUNCTIONS[fname])
        args = node.args
        spaces = _ARGUMENT_SPACES.get(fname)
        if spaces is not None:
            self._arity(node, fname, len(spaces), len(spaces))
            if fname == "trust":
                return self.table_cell(node, "trust", args[0], args[1])
            if fname == "commitment":
                return self.table_cell(node, "commitment", args[0], args[1])
            if fname == "member":
                k_id, k = self._ident_arg(args[0], "alliance")
                m_id, m = self._ident_arg(args[1], "member", k_id)
                self.reads.add(f"member:{k_id}:{m_id}")
                return self.node(
                    node,
                    "bool",
                    _reader("active", k, m),
                    "read",
                    read=("active", k, m),
                    label=fname,
                )
            space = spaces[0]
            ident, index = self._ident_arg(args[0], space)
            self.reads.add(f"{fname}:{ident}")
            attr = fname
            kind: ValueKind = "bool" if fname == "collapsed" else "number"
            return self.node(
                node, kind, _reader(attr, index, 0), "read", read=(attr, index, 0), label=fname
            )
        # Numeric functions.
        if fname in ("min", "max"):
            self._arity(node, fname, 2, None)
        elif fname == "clamp":
            self._arity(node, fname, 3, 3)
        else:
            self._arity(node, fname, 1, 1)
        children = tuple(self.expect(arg, "number", f"`{fname}` takes numbers") for arg in args)
        fns = [c.fn for c in children]
        fn: Fn
        if fname == "min":
            fn = _min_fn(fns)
        elif fname == "max":
            fn = _max_fn(fns)
        elif fname == "abs":
            f0 = fns[0]
            fn = lambda s: abs(f0(s))  # noqa: E731
        elif fname == "round":
            f0 = fns[0]
            fn = lambda s: _round(f0(s))  # noqa: E731
        else:
            fn = _clamp_fn(children)
        result = self.node(node, "number", fn, "call", children=children, label=fname)
        return self.fold(result)

    def _arity(self, node: ast.Call, fname: str, low: int, high: int | None) -> None:
        count = len(node.args)
        if count >= low and (high is None or count <= high):
            return
        if high is None:
            wanted = f"at least {low} arguments"
        elif low == high:
            wanted = f"{low} argument" + ("s" if low != 1 else "")
        else:
            wanted = f"{low} to {high} arguments"
        raise self.fail(node, f"`{fname}` takes {wanted}, got {count}", "E303", FUNCTIONS[fname])

    def expect(self, node: ast.expr, kind: ValueKind, why: str) -> _Node:
        checked = self.expr(node)
        if checked.kind != kind:
            raise ExpressionError(
                f"{why}, but `{self.segment(node)}` is {_kind_words(checked.kind)}",
                checked.start,
                _kind_hint(kind),
                "E303",
            )
        return checked

    def fold(self, node: _Node) -> _Node:
        """Replace a node whose children are all constants by its value."""
        if node.children and all(c.is_const for c in node.children):
            value = node.fn(_NO_STATE)
            return _Node(node.kind, _const_fn(value), node.start, node.end, "const", const=value)
        return node

    def boolop(self, node: ast.BoolOp) -> _Node:
        word = "and" if isinstance(node.op, ast.And) else "or"
        children = tuple(
            self.expect(v, "bool", f"`{word}` needs true/false on both sides") for v in node.values
        )
        # Fold constants: `x and true` is x, `x and false` is false (nothing has side effects).
        absorbing = word == "or"
        kept: list[_Node] = []
        for child in children:
            if child.is_const:
                if bool(child.const) == absorbing:
                    return self.node(node, "bool", _const_fn(absorbing), "const", const=absorbing)
                continue
            kept.append(child)
        if not kept:
            return self.node(node, "bool", _const_fn(not absorbing), "const", const=not absorbing)
        if len(kept) == 1:
            return self.node(node, "bool", kept[0].fn, word, children=children)
        first, last = _flag_shape(kept[0]), _flag_shape(kept[-1])
        fns = [c.fn for c in kept]
        fn = _and(fns, first, last) if word == "and" else _or(fns, first, last)
        return self.node(node, "bool", fn, word, children=children)

    def unaryop(self, node: ast.UnaryOp) -> _Node:
        op = node.op
        if isinstance(op, ast.Not):
            child = self.expect(node.operand, "bool", "`not` needs true/false")
            if child.is_const:
                return self.const_node(node, not child.const)
            if child.read is not None and child.read[0] == "flags":
                i = child.read[1]
                fn: Fn = lambda s: not s.flags[i]  # noqa: E731
            else:
                f = child.fn
                fn = lambda s: not f(s)  # noqa: E731
            return self.node(node, "bool", fn, "not", children=(child,))
        if isinstance(op, ast.USub | ast.UAdd):
            sign = "-" if isinstance(op, ast.USub) else "+"
            child = self.expect(node.operand, "number", f"unary `{sign}` needs a number")
            if child.is_const:
                value = child.const
                return self.const_node(node, -value if sign == "-" else +value)
            if sign == "+":
                return child
            g = child.fn
            return self.node(node, "number", lambda s: -g(s), "neg", children=(child,))
        message, hint = _FORBIDDEN_OPS.get(type(op), ("operator not allowed", None))
        raise self.fail(node, message, "E304", hint)

    def binop(self, node: ast.BinOp) -> _Node:
        op_type = type(node.op)
        if op_type not in _ARITH_OPS:
            message, hint = _FORBIDDEN_OPS.get(op_type, ("operator not allowed", None))
            raise ExpressionError(message, self._operator_offset(node), hint, "E304")
        op = _ARITH_OPS[op_type]
        why = f"`{op}` needs numbers on both sides"
        left = self.expect(node.left, "number", why)
        right = self.expect(node.right, "number", why)
        if left.is_const and right.is_const:
            return self.const_node(node, _arith(op, left.const, right.const))
        if right.is_const:
            fn = _arith_fn_const(op, left.fn, right.const)
        elif left.is_const:
            fn = _arith_const_fn(op, left.const, right.fn)
        else:
            fn = _arith_fn_fn(op, left.fn, right.fn)
        return self.node(node, "number", fn, "arith", children=(left, right), ops=(op,))

    def _operator_offset(self, node: ast.BinOp) -> int:
        """Offset of the operator itself, between the two operands."""
        start = self.end(node.left) - self.shift
        stop = self.offset(node.right) - self.shift
        gap = self.text[start:stop]
        stripped = gap.lstrip(" \t()")
        return start + (len(gap) - len(stripped)) + self.shift

    def compare(self, node: ast.Compare) -> _Node:
        for op_node in node.ops:
            if type(op_node) not in _COMPARE_OPS:
                message, hint = _FORBIDDEN_OPS.get(type(op_node), ("operator not allowed", None))
                raise self.fail(node, message, "E304", hint)
        operands = [self.expr(node.left)] + [self.expr(c) for c in node.comparators]
        ops = tuple(_COMPARE_OPS[type(o)] for o in node.ops)
        pairs: list[Fn] = []
        for index, op in enumerate(ops):
            left, right = operands[index], operands[index + 1]
            if left.kind != right.kind:
                raise ExpressionError(
                    f"`{op}` compares {_kind_words(left.kind)} with {_kind_words(right.kind)}",
                    right.start,
                    "compare numbers with numbers, or true/false with true/false",
                    "E303",
                )
            if left.kind == "bool" and op not in ("==", "!="):
                raise ExpressionError(
                    f"`{op}` needs numbers; true/false can only be compared with `==` or `!=`",
                    left.start,
                    None,
                    "E303",
                )
            pairs.append(_compare_fn(op, left, right))
        children = tuple(operands)
        if all(c.is_const for c in children):
            value = all(p(_NO_STATE) for p in pairs)
            return self.const_node(node, value)
        fn = pairs[0] if len(pairs) == 1 else _and(pairs, None)
        return self.node(node, "bool", fn, "compare", children=children, ops=ops)

    def ifexp(self, node: ast.IfExp) -> _Node:
        test = self.expect(node.test, "bool", "the condition after `if` must be true/false")
        body = self.expr(node.body)
        orelse = self.expr(node.orelse)
        if body.kind != orelse.kind:
            raise ExpressionError(
                f"both branches of `if ... else` must be the same kind, but one is "
                f"{_kind_words(body.kind)} and the other {_kind_words(orelse.kind)}",
                orelse.start,
                None,
                "E303",
            )
        if test.is_const:
            return body if test.const else orelse
        t, b, o = test.fn, body.fn, orelse.fn
        fn: Fn = lambda s: b(s) if t(s) else o(s)  # noqa: E731
        return self.node(node, body.kind, fn, "if", children=(test, body, orelse))


class _NoState:
    """Stands in for the state when folding constants; any read is a compiler bug."""


_NO_STATE: StateLike = _NoState()  # type: ignore[assignment]


def _flag_shape(node: _Node) -> tuple[int, bool] | None:
    """(flag index, negated) when the node is `flags.X` or `not flags.X`."""
    if node.read is not None and node.read[0] == "flags":
        return node.read[1], False
    if node.shape == "not":
        child = node.children[0]
        if child.read is not None and child.read[0] == "flags":
            return child.read[1], True
    return None


def _compare_fn(op: str, left: _Node, right: _Node) -> Fn:
    if left.is_const and not right.is_const:
        return _compare_fn(_FLIPPED[op], right, left)
    if right.is_const:
        c = right.const
        if left.read is not None:
            attr, i, j = left.read
            special = _cmp_read_const(op, attr, i, j, c)
            if special is not None:
                return special
        if left.is_const:
            value = _cmp_fn_const(op, left.fn, c)(_NO_STATE)
            return _const_fn(value)
        return _cmp_fn_const(op, left.fn, c)
    return _cmp_fn_fn(op, left.fn, right.fn)


def _kind_words(kind: ValueKind) -> str:
    return "a number" if kind == "number" else "true/false"


def _kind_hint(kind: ValueKind) -> str:
    if kind == "bool":
        return "compare it to get true/false, e.g. `escalation >= 5`"
    return "use a number here, e.g. `1 if flags.x else 0`"


def _article(space: str) -> str:
    return f"an {space}" if space[0] in "aeiou" else f"a {space}"


# --------------------------------------------------------------------------------------------
# Parsing: limits before and after ast.parse.
# --------------------------------------------------------------------------------------------


def _prepare(source: str) -> tuple[str, int]:
    """Check the raw text; return it as one line (same length) and its left-strip shift."""
    if len(source) > MAX_LENGTH:
        raise ExpressionError(
            f"expression is {len(source)} characters long; the limit is {MAX_LENGTH}",
            MAX_LENGTH,
            "split it: move parts into a variable or a flag set by effects",
            "E305",
        )
    if "\x00" in source:
        raise ExpressionError(
            "expression contains a NUL character", source.index("\x00"), None, "E301"
        )
    if "#" in source:
        raise ExpressionError(
            "`#` is not allowed inside an expression",
            source.index("#"),
            "put comments on their own YAML line, outside the quotes",
            "E304",
        )
    one_line = source.replace("\r", " ").replace("\n", " ")
    stripped = one_line.lstrip(" \t\f")
    shift = len(one_line) - len(stripped)
    if not stripped.strip():
        raise ExpressionError(
            "expression is empty", 0, "write a condition, e.g. `turn >= 2`", "E301"
        )
    return stripped, shift


def _parse(source: str, mode: str) -> tuple[ast.AST, str, int]:
    text, shift = _prepare(source)
    try:
        # Python warns (on stderr) about text like `1if x else 2`; an author should get our
        # positioned errors or nothing, never an interpreter warning.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(text, mode=mode)
    except SyntaxError as error:
        raise _syntax_error(error, text, shift, mode) from None
    except (MemoryError, RecursionError):
        raise ExpressionError(
            "expression is too deeply nested", shift, "simplify it", "E305"
        ) from None
    except ValueError as error:
        raise ExpressionError(f"cannot read expression: {error}", shift, None, "E301") from None
    return tree, text, shift


def _syntax_error(error: SyntaxError, text: str, shift: int, mode: str) -> ExpressionError:
    message = error.msg or "invalid syntax"
    offset = (error.offset or 0) - 1
    if offset < 0 or (error.lineno or 1) > 1:
        offset = len(text.rstrip())
    offset = min(offset, len(text))
    hint: str | None = None
    if "Maybe you meant '==' or ':='" in message or message.startswith("invalid syntax. Maybe"):
        message = "invalid syntax: `=` assigns a value"
        hint = "to compare, write `==`"
    elif "unexpected indent" in message:
        message = "invalid syntax: unexpected indent"
    if message.startswith("cannot assign to"):
        what = message.split(" here")[0].removeprefix("cannot assign to ")
        return ExpressionError(
            f"cannot assign to {what}: it is read-only",
            shift,
            "effects assign to a variable, `flags.NAME`, `trust[A][B]` or `commitment[K][A]`",
            "E306",
        )
    lone_equals = _LONE_EQUALS.search(text)
    if lone_equals is not None and message == "invalid syntax" and mode == "eval":
        message = "invalid syntax: `=` assigns a value"
        hint = "to compare, write `==`"
        offset = lone_equals.start()
    for token, token_hint in _SYNTAX_HINTS:
        if token in text:
            hint = token_hint
            offset = text.index(token)
            break
    else:
        bang = text.find("!")
        if bang >= 0 and text[bang + 1 : bang + 2] != "=":
            hint = "write `not` instead of `!`"
            offset = bang
    if message == "invalid syntax" and hint is None and offset >= len(text.rstrip()):
        message = "invalid syntax: the expression ends too early"
        hint = "check for a missing operand or closing bracket"
    return ExpressionError(message, offset + shift, hint, "E301")


# --------------------------------------------------------------------------------------------
# Public API.
# --------------------------------------------------------------------------------------------


def _check(source: str, names: NameTable) -> tuple[_Node, _Checker]:
    tree, text, shift = _parse(source, "eval")
    assert isinstance(tree, ast.Expression)
    checker = _Checker(text, shift, names)
    return checker.expr(tree.body), checker


def compile_expr(source: str, names: NameTable, *, expect: ValueKind | None = None) -> Expr:
    """Compile an expression; `expect` is the kind it must produce (None accepts either).

    Raises `ExpressionError` with a 0-based offset into `source`.
    """
    root, checker = _check(source, names)
    if expect is not None and root.kind != expect:
        raise ExpressionError(
            f"expected {_kind_words(expect)}, but this is {_kind_words(root.kind)}",
            root.start,
            _kind_hint(expect),
            "E303",
        )
    return Expr(source=source, kind=root.kind, fn=root.fn, reads=tuple(sorted(checker.reads)))


def constant_expr(value: Value) -> Expr:
    """An `Expr` for a number or bool written directly in the file (e.g. `p: 0.4`)."""
    kind: ValueKind = "bool" if isinstance(value, bool) else "number"
    return Expr(source=_fmt(value), kind=kind, fn=_const_fn(value))


def constant_value(expr: Expr) -> Value | None:
    """The value of an expression that reads nothing from the state, else None.

    Every such expression is folded to a constant at compile time, so calling it with no
    state is safe.
    """
    if expr.reads:
        return None
    return expr.fn(_NO_STATE)


_AUG_OPS: Final[Mapping[type[ast.operator], EffectOp]] = {
    ast.Add: "+=",
    ast.Sub: "-=",
    ast.Mult: "*=",
}


def compile_effect(source: str, names: NameTable) -> Effect:
    """Compile an effect such as `escalation += 2` or `flags.talks = true`.

    Raises `ExpressionError` with a 0-based offset into `source`.
    """
    tree, text, shift = _parse(source, "exec")
    assert isinstance(tree, ast.Module)
    checker = _Checker(text, shift, names)
    if len(tree.body) != 1:
        second = tree.body[1] if len(tree.body) > 1 else None
        raise ExpressionError(
            "an effect is one assignment",
            checker.offset(second) if second is not None else shift,
            "put each assignment in its own list item",
            "E304",
        )
    stmt = tree.body[0]
    op: EffectOp
    if isinstance(stmt, ast.Assign):
        if len(stmt.targets) != 1:
            raise checker.fail(
                stmt.targets[1],
                "an effect assigns to one target",
                "E306",
                "put each assignment in its own list item",
            )
        target_node = stmt.targets[0]
        value_node = stmt.value
        op = "="
        _check_typo_assign(checker, stmt)
    elif isinstance(stmt, ast.AugAssign):
        if type(stmt.op) not in _AUG_OPS:
            symbol = _ARITH_OPS.get(type(stmt.op), "?")
            raise checker.fail(
                stmt,
                f"`{symbol}=` is not allowed in effects"
                if symbol != "?"
                else "operator not allowed",
                "E304",
                "effects use `=`, `+=`, `-=` or `*=`",
            )
        target_node = stmt.target
        value_node = stmt.value
        op = _AUG_OPS[type(stmt.op)]
    elif isinstance(stmt, ast.Expr):
        hint = "write `TARGET = VALUE`, `TARGET += VALUE`, `TARGET -= VALUE` or `TARGET *= VALUE`"
        if (
            isinstance(stmt.value, ast.Compare)
            and len(stmt.value.ops) == 1
            and isinstance(stmt.value.ops[0], ast.Eq)
        ):
            hint = "`==` compares; to assign, write `=`"
        raise checker.fail(stmt, "an effect must be an assignment", "E304", hint)
    else:
        raise checker.fail(
            stmt,
            "an effect must be an assignment",
            "E304",
            "write `TARGET = VALUE`, `TARGET += VALUE`, `TARGET -= VALUE` or `TARGET *= VALUE`",
        )
    target = _target(checker, target_node)
    want: ValueKind = "bool" if target.kind == "flag" else "number"
    if target.kind == "flag" and op != "=":
        raise checker.fail(
            stmt,
            f"a flag can only be set with `=`, not `{op}`",
            "E306",
            f"write `{target.name} = true` or `{target.name} = false`",
        )
    target_reads = set(checker.reads)
    checker.reads.clear()
    value = checker.expr(value_node)
    if value.kind != want:
        raise ExpressionError(
            f"`{target.name}` holds {_kind_words(want)}, but `{checker.segment(value_node)}` "
            f"is {_kind_words(value.kind)}",
            value.start,
            _kind_hint(want),
            "E303",
        )
    del target_reads
    value_source = source[value.start : value.end] if value.end > value.start else source
    expr = Expr(
        source=value_source, kind=value.kind, fn=value.fn, reads=tuple(sorted(checker.reads))
    )
    return Effect(source=source, target=target, op=op, value=expr)


def _check_typo_assign(checker: _Checker, stmt: ast.Assign) -> None:
    """Reject `x =+ 2` / `x =- 2`: almost always a typo for `+=` / `-=`."""
    value = stmt.value
    if isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.UAdd | ast.USub):
        start = checker.offset(value) - checker.shift
        text = checker.text
        before = text[:start].rstrip()
        after = text[start + 1 : start + 2]
        if before.endswith("=") and start > 0 and text[start - 1] == "=" and after in (" ", "\t"):
            sign = "+" if isinstance(value.op, ast.UAdd) else "-"
            raise ExpressionError(
                f"`={sign}` looks like a typo",
                start - 1 + checker.shift,
                f"to add or subtract write `{sign}=`; to assign a signed number write `= {sign}N`",
                "E304",
            )


def _target(checker: _Checker, node: ast.expr) -> Target:
    n = checker.names
    if isinstance(node, ast.Name):
        ident = node.id
        if ident in n.variables:
            return Target("var", n.variables[ident], name=ident)
        if ident == "flags":
            raise checker.fail(
                node, "`flags` needs a flag name", "E306", "write `flags.NAME = true`"
            )
        if ident in ("turn", "turns", "true", "false", "True", "False") or ident in FUNCTIONS:
            raise checker.fail(
                node,
                f"`{ident}` is read-only",
                "E306",
                "effects assign to a variable, `flags.NAME`, `trust[A][B]` or `commitment[K][A]`",
            )
        if ident in n.flags:
            raise checker.fail(
                node,
                f"unknown variable `{ident}`",
                "E302",
                f"`{ident}` is a flag: write `flags.{ident}`",
            )
        raise checker.fail(
            node,
            f"unknown variable `{ident}`",
            "E302",
            _did_you_mean(ident, list(n.variables), "variables"),
        )
    if isinstance(node, ast.Attribute):
        if isinstance(node.value, ast.Name) and node.value.id == "flags":
            ident = node.attr
            if ident in n.flags:
                return Target("flag", n.flags[ident], name=f"flags.{ident}")
            error = checker.fail(
                node,
                f"unknown flag `{ident}`",
                "E302",
                _did_you_mean(ident, list(n.flags), "flags"),
            )
            error.offset = checker.end(node) - len(ident)
            raise error
        raise checker.fail(
            node,
            "cannot assign to this",
            "E306",
            "effects assign to a variable, `flags.NAME`, `trust[A][B]` or `commitment[K][A]`",
        )
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Subscript)
        and isinstance(node.value.value, ast.Name)
        and node.value.value.id in ("trust", "commitment")
    ):
        table = node.value.value.id
        first, second = node.value.slice, node.slice
        if table == "trust":
            a_id, a = checker._ident_arg(first, "actor")
            b_id, b = checker._ident_arg(second, "actor")
            if a == b:
                raise checker.fail(
                    second,
                    f"`{a_id}` cannot trust itself",
                    "E306",
                    "trust is between two different actors",
                )
            return Target("trust", a, b, name=f"trust[{a_id}][{b_id}]")
        k_id, k = checker._ident_arg(first, "alliance")
        if (
            isinstance(second, ast.Name)
            and second.id in n.actors
            and second.id not in n.members.get(k_id, {})
        ):
            members = ", ".join(f"`{m}`" for m in n.members.get(k_id, {}))
            raise checker.fail(
                second,
                f"`{second.id}` is not a member of alliance `{k_id}`",
                "E306",
                f"members: {members}",
            )
        m_id, m = checker._ident_arg(second, "member", k_id)
        return Target("commitment", k, m, name=f"commitment[{k_id}][{m_id}]")
    raise checker.fail(
        node,
        f"cannot assign to `{checker.segment(node)}`",
        "E306",
        "effects assign to a variable, `flags.NAME`, `trust[A][B]` or `commitment[K][A]`",
    )


# --------------------------------------------------------------------------------------------
# Explanations: why does a condition not hold?
# --------------------------------------------------------------------------------------------


def explain_false(expr: Expr, state: StateLike, names: NameTable) -> str:
    """Say in words why a true/false expression is false in `state`.

    For `a and b` it names the first false part; for a comparison it shows the value and
    what it needs (``escalation is 3, needs >= 5``); for a flag, ``flags.talks is false``.
    Meant for "why is this move unavailable" in the UI; it re-checks the source, so call it
    only when a person asks, never in a hot loop. Returns a sentence even when the
    expression holds.
    """
    try:
        root, checker = _check(expr.source, names)
    except ExpressionError as error:  # the names changed since compiling
        return f"`{expr.source}` cannot be explained: {error.message}"
    return _explain(root, state, checker.text, checker.shift, want=True)


def _explain(node: _Node, state: StateLike, text: str, shift: int, *, want: bool) -> str:
    """Why `node` is not `want` (its value is `not want`)."""
    src = text[node.start - shift : node.end - shift]
    value = node.fn(state)
    if bool(value) == want:
        return f"`{src}` is {_fmt(want)}"
    if node.shape == "const":
        return f"`{src}` is always {_fmt(bool(value))}"
    if node.shape == "not":
        return _explain(node.children[0], state, text, shift, want=not want)
    if node.shape in ("and", "or"):
        # `a and b` is false when one part is false; `a or b` is false when every part is.
        decisive = (node.shape == "and") == want
        if decisive:
            for child in node.children:
                if bool(child.fn(state)) != want:
                    return _explain(child, state, text, shift, want=want)
        parts = [_explain(c, state, text, shift, want=want) for c in node.children]
        return "; and ".join(parts)
    if node.shape == "if":
        test, body, orelse = node.children
        branch = body if test.fn(state) else orelse
        return _explain(branch, state, text, shift, want=want)
    if node.shape == "compare":
        return _explain_compare(node, state, text, shift, want=want)
    if node.shape == "read" and node.read is not None:
        attr = node.read[0]
        if attr == "active":
            return f"`{src}` is {_fmt(bool(value))}" + (
                " (no longer a member)" if not value else ""
            )
        if attr == "collapsed":
            return f"`{src}` is {_fmt(bool(value))}"
        return f"{src} is {_fmt(value)}"
    return f"`{src}` is {_fmt(value)}"


_NEGATED: Final[Mapping[str, str]] = {
    "<": ">=",
    "<=": ">",
    ">": "<=",
    ">=": "<",
    "==": "!=",
    "!=": "==",
}


def _explain_compare(node: _Node, state: StateLike, text: str, shift: int, *, want: bool) -> str:
    children = node.children
    for index, op in enumerate(node.ops):
        left, right = children[index], children[index + 1]
        lv, rv = left.fn(state), right.fn(state)
        holds = bool(_compare_fn(op, _as_const(left, lv), _as_const(right, rv))(_NO_STATE))
        if holds == want:
            continue
        needed = op if want else _NEGATED[op]
        lsrc = text[left.start - shift : left.end - shift]
        rsrc = text[right.start - shift : right.end - shift]
        if left.is_const and not right.is_const:
            return f"{rsrc} is {_fmt(rv)}, needs {_FLIPPED[needed]} {_fmt(lv)}"
        left_words = f"{lsrc} is {_fmt(lv)}"
        if right.is_const:
            return f"{left_words}, needs {needed} {_fmt(rv)}"
        return f"{left_words}, needs {needed} {rsrc} ({_fmt(rv)})"
    src = text[node.start - shift : node.end - shift]
    return f"`{src}` is {_fmt(not want)}"


def _as_const(node: _Node, value: Value) -> _Node:
    return _Node(node.kind, _const_fn(value), node.start, node.end, "const", const=value)
