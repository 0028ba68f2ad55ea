"""Compiling a checked tree into the closure the engine calls.

Each shape gets the smallest closure that computes it (see `closures`): a comparison of a
state cell with a constant is one lambda (`lambda s: s.vars[3] >= 5`), a leading flag of
`and`/`or` is read inline, and constants are built in.
"""

from __future__ import annotations

from collections.abc import Sequence

from wargame.scenario.expressions.closures import (
    FlagShape,
    Fn,
    all_fn,
    any_fn,
    arith,
    arith_const_fn,
    arith_fn_const,
    arith_fn_fn,
    cmp_fn_const,
    cmp_fn_fn,
    cmp_read_const,
    const_fn,
    reader,
)
from wargame.scenario.expressions.tree import (
    Arith,
    Call,
    Compare,
    Const,
    Logic,
    Negate,
    Node,
    Not,
    Read,
)
from wargame.scenario.expressions.vocabulary import (
    FUNCTIONS,
    CompareOp,
    LogicOp,
    Quantity,
)
from wargame.scenario.ir import StateLike, Value

__all__ = ["NO_STATE", "closure"]


class _NoState:
    """Stands in for the state when folding constants; any read is a compiler bug."""


NO_STATE: StateLike = _NoState()  # type: ignore[assignment]
"""The 'state' a constant is evaluated in."""


def closure(node: Node) -> Fn:
    """The closure computing `node` from a state."""
    if isinstance(node, Const):
        return const_fn(node.value)
    if isinstance(node, Read):
        return _read(node)
    if isinstance(node, Compare):
        pairs = [
            _compare(op, node.operands[i], node.operands[i + 1]) for i, op in enumerate(node.ops)
        ]
        return pairs[0] if len(pairs) == 1 else all_fn(pairs)
    if isinstance(node, Logic):
        return _logic(node.op, node.operands)
    if isinstance(node, Not):
        shape = _flag_shape(node.operand)
        if shape is not None and not shape[1]:
            i = shape[0]
            return lambda s: not s.flags[i]
        f = closure(node.operand)
        return lambda s: not f(s)
    if isinstance(node, Arith):
        left, right = node.left, node.right
        op = node.op.value  # a plain str in the closures the engine runs
        if isinstance(left, Const) and isinstance(right, Const):
            return const_fn(arith(op, left.value, right.value))
        if isinstance(right, Const):
            return arith_fn_const(op, closure(left), right.value)
        if isinstance(left, Const):
            return arith_const_fn(op, left.value, closure(right))
        return arith_fn_fn(op, closure(left), closure(right))
    if isinstance(node, Negate):
        g = closure(node.operand)
        return lambda s: -g(s)
    if isinstance(node, Call):
        return _call(node)
    t, b, o = closure(node.test), closure(node.body), closure(node.orelse)
    return lambda s: b(s) if t(s) else o(s)


def _read(node: Read) -> Fn:
    reading = node.reading
    return reader(reading.field, len(reading.spaces), node.index, node.other)


def _call(node: Call) -> Fn:
    function = FUNCTIONS[node.function]
    fns = [closure(a) for a in node.args]
    if function.closure is not None:
        constants = [a.value if isinstance(a, Const) else None for a in node.args]
        return function.closure(fns, constants)
    apply = function.apply
    if len(fns) == 1:
        f0 = fns[0]
        return lambda s: apply(f0(s))
    items = tuple(fns)
    return lambda s: apply(*[f(s) for f in items])


def _flag_shape(node: Node) -> FlagShape:
    """(flag index, negated) when the node is `flags.X` or `not flags.X`."""
    if isinstance(node, Read) and node.quantity is Quantity.FLAG:
        return node.index, False
    if isinstance(node, Not):
        inner = node.operand
        if isinstance(inner, Read) and inner.quantity is Quantity.FLAG:
            return inner.index, True
    return None


def _logic(op: LogicOp, operands: Sequence[Node]) -> Fn:
    if len(operands) == 1:
        return closure(operands[0])
    fns = [closure(o) for o in operands]
    first, last = _flag_shape(operands[0]), _flag_shape(operands[-1])
    return all_fn(fns, first, last) if op is LogicOp.AND else any_fn(fns, first, last)


def _compare(op: CompareOp, left: Node, right: Node) -> Fn:
    if isinstance(left, Const) and not isinstance(right, Const):
        return _compare(op.mirrored, right, left)
    if isinstance(right, Const):
        c: Value = right.value
        if isinstance(left, Const):
            return const_fn(op.holds(left.value, c))
        if isinstance(left, Read):
            special = cmp_read_const(op, left.reading.field, left.index, left.other, c)
            if special is not None:
                return special
        return cmp_fn_const(op, closure(left), c)
    return cmp_fn_fn(op, closure(left), closure(right))
