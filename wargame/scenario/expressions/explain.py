"""Explanations: why does a condition not hold? (For "why is this move unavailable".)"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from wargame.scenario.expressions.check import NO_STATE, Node, check, compare_fn, fmt
from wargame.scenario.expressions.closures import FLIPPED, const_fn
from wargame.scenario.expressions.errors import ExpressionError
from wargame.scenario.ir import Expr, NameTable, StateLike, Value

__all__ = ["explain_false"]


def explain_false(expr: Expr, state: StateLike, names: NameTable) -> str:
    """Say in words why a true/false expression is false in `state`.

    For `a and b` it names the first false part; for a comparison it shows the value and
    what it needs (``escalation is 3, needs >= 5``); for a flag, ``flags.talks is false``.
    Meant for "why is this move unavailable" in the UI; it re-checks the source, so call it
    only when a person asks, never in a hot loop. Returns a sentence even when the
    expression holds.
    """
    try:
        root, checker = check(expr.source, names)
    except ExpressionError as error:  # the names changed since compiling
        return f"`{expr.source}` cannot be explained: {error.message}"
    return _explain(root, state, checker.text, checker.shift, want=True)


def _explain(node: Node, state: StateLike, text: str, shift: int, *, want: bool) -> str:
    """Why `node` is not `want` (its value is `not want`)."""
    src = text[node.start - shift : node.end - shift]
    value = node.fn(state)
    if bool(value) == want:
        return f"`{src}` is {fmt(want)}"
    if node.shape == "const":
        return f"`{src}` is always {fmt(bool(value))}"
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
            return f"`{src}` is {fmt(bool(value))}" + (" (no longer a member)" if not value else "")
        if attr == "collapsed":
            return f"`{src}` is {fmt(bool(value))}"
        return f"{src} is {fmt(value)}"
    return f"`{src}` is {fmt(value)}"


_NEGATED: Final[Mapping[str, str]] = {
    "<": ">=",
    "<=": ">",
    ">": "<=",
    ">=": "<",
    "==": "!=",
    "!=": "==",
}


def _explain_compare(node: Node, state: StateLike, text: str, shift: int, *, want: bool) -> str:
    children = node.children
    for index, op in enumerate(node.ops):
        left, right = children[index], children[index + 1]
        lv, rv = left.fn(state), right.fn(state)
        holds = bool(compare_fn(op, _as_const(left, lv), _as_const(right, rv))(NO_STATE))
        if holds == want:
            continue
        needed = op if want else _NEGATED[op]
        lsrc = text[left.start - shift : left.end - shift]
        rsrc = text[right.start - shift : right.end - shift]
        if left.is_const and not right.is_const:
            return f"{rsrc} is {fmt(rv)}, needs {FLIPPED[needed]} {fmt(lv)}"
        left_words = f"{lsrc} is {fmt(lv)}"
        if right.is_const:
            return f"{left_words}, needs {needed} {fmt(rv)}"
        return f"{left_words}, needs {needed} {rsrc} ({fmt(rv)})"
    src = text[node.start - shift : node.end - shift]
    return f"`{src}` is {fmt(not want)}"


def _as_const(node: Node, value: Value) -> Node:
    return Node(node.kind, const_fn(value), node.start, node.end, "const", const=value)
