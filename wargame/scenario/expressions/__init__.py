"""The expression language of scenario files: text in, a checked tree and a closure out.

Scenario files are untrusted, and the Monte Carlo engine evaluates their conditions millions
of times. So each expression goes through four stages once, at load time:

* `parse`: the text, within its limits, read by Python's own `ast` module;
* `check`: the syntax tree checked against an allow-list of constructs, every name resolved
  against the scenario's declared names (unknown names get a did-you-mean hint), types
  checked and constants folded, giving the typed tree of `tree` (public: lint, the graph
  and explanations read it instead of parsing the text again);
* `compile`: the tree turned into a closure that indexes the state's tuples directly
  (`escalation >= 5` becomes `lambda s: s.vars[3] >= 5`);
* `effects`: an assignment's target resolved, and its value taken through the same stages.

Nothing from a file ever reaches `eval`, `exec` or `compile`, and no attribute of any Python
object is ever looked up by a name the author wrote. (The engine's generated playout is
Python that `pysource` writes from the checked tree: operators, numbers and indexes, never
the author's text.) What the language knows (functions,
state quantities, operators) is in `vocabulary`, each word once.

The vocabulary is documented for authors in docs/expressions.md.
"""

from __future__ import annotations

from wargame.scenario.expressions.check import (
    MAX_DEPTH,
    MAX_NODES,
    check,
    kind_hint,
    kind_words,
)
from wargame.scenario.expressions.compile import closure
from wargame.scenario.expressions.effects import compile_effect
from wargame.scenario.expressions.errors import ExpressionError
from wargame.scenario.expressions.explain import explain_false
from wargame.scenario.expressions.parse import MAX_LENGTH
from wargame.scenario.expressions.tree import Const
from wargame.scenario.expressions.vocabulary import FUNCTIONS, RESERVED_NAMES, written
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
    reads = tuple(sorted(checker.reads))
    return Expr(source=source, kind=root.kind, fn=closure(root), tree=root, reads=reads)


def constant_expr(value: Value) -> Expr:
    """An `Expr` for a number or bool written directly in the file (e.g. `p: 0.4`)."""
    kind: ValueKind = "bool" if isinstance(value, bool) else "number"
    source = written(value)
    tree = Const(kind, 0, len(source), value)
    return Expr(source=source, kind=kind, fn=closure(tree), tree=tree)


def constant_value(expr: Expr) -> Value | None:
    """The value of an expression that is the same in every state (folded to a constant when
    it was checked), else None."""
    tree = expr.tree
    return tree.value if isinstance(tree, Const) else None
