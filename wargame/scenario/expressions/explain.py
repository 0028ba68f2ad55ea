"""Explanations: why does a condition not hold? (For "why is this move unavailable".)"""

from __future__ import annotations

from wargame.scenario.expressions.compile import closure
from wargame.scenario.expressions.tree import Compare, Const, IfElse, Logic, Node, Not, Read
from wargame.scenario.expressions.vocabulary import LogicOp, Quantity
from wargame.scenario.expressions.vocabulary import written as fmt
from wargame.scenario.ir import Expr, StateLike

__all__ = ["explain_false"]


def explain_false(expr: Expr, state: StateLike) -> str:
    """Say in words why a true/false expression is false in `state`.

    For `a and b` it names the first false part; for a comparison it shows the value and
    what it needs (``escalation is 3, needs >= 5``); for a flag, ``flags.talks is false``.
    Meant for "why is this move unavailable" in the UI; it compiles the parts it looks at,
    so call it only when a person asks, never in a hot loop. Returns a sentence even when
    the expression holds.
    """
    return _explain(expr.tree, state, expr.source, want=True)


def _explain(node: Node, state: StateLike, text: str, *, want: bool) -> str:
    """Why `node` is not `want` (its value is `not want`)."""
    src = text[node.start : node.end]
    value = closure(node)(state)
    if bool(value) == want:
        return f"`{src}` is {fmt(want)}"
    if isinstance(node, Const):
        return f"`{src}` is always {fmt(bool(value))}"
    if isinstance(node, Not):
        return _explain(node.operand, state, text, want=not want)
    if isinstance(node, Logic):
        # `a and b` is false when one part is false; `a or b` is false when every part is.
        decisive = (node.op is LogicOp.AND) == want
        if decisive:
            for child in node.operands:
                if bool(closure(child)(state)) != want:
                    return _explain(child, state, text, want=want)
        parts = [_explain(c, state, text, want=want) for c in node.operands]
        return "; and ".join(parts)
    if isinstance(node, IfElse):
        branch = node.body if closure(node.test)(state) else node.orelse
        return _explain(branch, state, text, want=want)
    if isinstance(node, Compare):
        return _explain_compare(node, state, text, want=want)
    if isinstance(node, Read):
        if node.quantity is Quantity.MEMBER:
            return f"`{src}` is {fmt(bool(value))}" + (" (no longer a member)" if not value else "")
        if node.quantity is Quantity.COLLAPSED:
            return f"`{src}` is {fmt(bool(value))}"
        return f"{src} is {fmt(value)}"
    return f"`{src}` is {fmt(value)}"


def _explain_compare(node: Compare, state: StateLike, text: str, *, want: bool) -> str:
    operands = node.operands
    for index, op in enumerate(node.ops):
        left, right = operands[index], operands[index + 1]
        lv, rv = closure(left)(state), closure(right)(state)
        if op.holds(lv, rv) == want:
            continue
        needed = op if want else op.negated
        lsrc = text[left.start : left.end]
        rsrc = text[right.start : right.end]
        if isinstance(left, Const) and not isinstance(right, Const):
            return f"{rsrc} is {fmt(rv)}, needs {needed.mirrored} {fmt(lv)}"
        left_words = f"{lsrc} is {fmt(lv)}"
        if isinstance(right, Const):
            return f"{left_words}, needs {needed} {fmt(rv)}"
        return f"{left_words}, needs {needed} {rsrc} ({fmt(rv)})"
    src = text[node.start : node.end]
    return f"`{src}` is {fmt(not want)}"
