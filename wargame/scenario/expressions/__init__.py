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

from wargame.scenario.expressions.check import (
    MAX_DEPTH,
    MAX_NODES,
    NO_STATE,
    check,
    fmt,
    kind_hint,
    kind_words,
)
from wargame.scenario.expressions.closures import const_fn
from wargame.scenario.expressions.effects import compile_effect
from wargame.scenario.expressions.errors import ExpressionError
from wargame.scenario.expressions.explain import explain_false
from wargame.scenario.expressions.parse import MAX_LENGTH
from wargame.scenario.expressions.vocabulary import FUNCTIONS, RESERVED_NAMES
from wargame.scenario.ir import Expr, NameTable, Value, ValueKind

__all__ = [
    "FUNCTIONS",
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


def compile_expr(source: str, names: NameTable, *, expect: ValueKind | None = None) -> Expr:
    """Compile an expression; `expect` is the kind it must produce (None accepts either).

    Raises `ExpressionError` with a 0-based offset into `source`.
    """
    root, checker = check(source, names)
    if expect is not None and root.kind != expect:
        raise ExpressionError(
            f"expected {kind_words(expect)}, but this is {kind_words(root.kind)}",
            root.start,
            kind_hint(expect),
            "E303",
        )
    return Expr(source=source, kind=root.kind, fn=root.fn, reads=tuple(sorted(checker.reads)))


def constant_expr(value: Value) -> Expr:
    """An `Expr` for a number or bool written directly in the file (e.g. `p: 0.4`)."""
    kind: ValueKind = "bool" if isinstance(value, bool) else "number"
    return Expr(source=fmt(value), kind=kind, fn=const_fn(value))


def constant_value(expr: Expr) -> Value | None:
    """The value of an expression that reads nothing from the state, else None.

    Every such expression is folded to a constant at compile time, so calling it with no
    state is safe.
    """
    if expr.reads:
        return None
    return expr.fn(NO_STATE)
