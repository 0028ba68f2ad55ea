"""The checked expression: a typed tree in which every name is resolved.

The checker turns an author's text into this tree, and every later stage reads it instead
of the text: the closure compiler, lint's interval analysis, the scenario graph,
explanations of why a condition is false, and anything that puts an expression into words
for players. Each node knows its kind (`number` or `bool`) and where it came from
(`start`/`end`, 0-based offsets into `Expr.source`, so `source[node.start:node.end]` is the
author's text for it). Constant parts are already folded (`turns - 1` is a `Const`), `+x`
is `x`, and `x and true` is `x`.

Reads of the game state are one node type, `Read`, whose `quantity` says what is read and
whose indexes say of what, in the scenario's own tables: `Read(quantity=TRUST, index=2,
other=0)` is `trust[ir.actors[2].id][ir.actors[0].id]`. `read.refs()` pairs each index with
what it names (`("actor", 2), ("actor", 0)`), so a label for players comes from the
scenario: an actor's `name`, a variable's or flag's `label`, an alliance's `name`, a move's
or inject's `label` (a `member` index is a slot of the alliance before it:
`ir.alliances[k].members[slot]` is the actor). Operators are enums whose value is how an
author writes them (`CompareOp.GE == ">="`).

Nodes compare (and show in `repr`) by structure and kind, not by position: `escalation > 1`
is equal to itself wherever it is written.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TypeAlias

from wargame.scenario.expressions.vocabulary import (
    READINGS,
    ArithOp,
    CompareOp,
    LogicOp,
    Quantity,
    Reading,
    Space,
)
from wargame.scenario.ir import Value, ValueKind

__all__ = [
    "Arith",
    "Call",
    "Compare",
    "Const",
    "IfElse",
    "Logic",
    "Negate",
    "Node",
    "Not",
    "Read",
    "children",
    "shifted",
    "walk",
]


@dataclass(frozen=True, slots=True)
class _Base:
    kind: ValueKind
    """`number` or `bool`: what the node evaluates to."""
    start: int = field(compare=False, repr=False)
    """Offset of the node's first character in `Expr.source`."""
    end: int = field(compare=False, repr=False)
    """Offset just past its last character."""


@dataclass(frozen=True, slots=True)
class Const(_Base):
    """A number or true/false: a literal, `turns`, or a part folded at compile time."""

    value: Value


@dataclass(frozen=True, slots=True)
class Read(_Base):
    """One quantity of the game state: a variable, a flag, the turn, a trust cell, ..."""

    quantity: Quantity
    index: int = 0
    """The first index (variable, flag, alliance, truster, move or inject); 0 for `turn`."""
    other: int = -1
    """The second index (trusted actor, or member slot of the alliance); -1 when none."""
    ids: tuple[str, ...] = ()
    """The ids as written, in index order: `("nato", "denmark")`; `()` for `turn`."""

    @property
    def reading(self) -> Reading:
        """What the vocabulary says about this quantity (kind, range, documentation)."""
        return READINGS[self.quantity]

    @property
    def key(self) -> str:
        """The name `Expr.reads` lists it under: `var:escalation`, `trust:us:denmark`."""
        if self.quantity is Quantity.TURN:
            return "turn"
        return ":".join((self.quantity.value, *self.ids))

    def refs(self) -> tuple[tuple[Space, int], ...]:
        """Each index with what it names: `(("alliance", 0), ("member", 1))`."""
        indexes = (self.index, self.other)
        return tuple(zip(self.reading.spaces, indexes, strict=False))


@dataclass(frozen=True, slots=True)
class Call(_Base):
    """A function of numbers, such as `min(a, b)`; `FUNCTIONS[function]` describes it."""

    function: str
    args: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Negate(_Base):
    """`-x`."""

    operand: Node


@dataclass(frozen=True, slots=True)
class Not(_Base):
    """`not x`."""

    operand: Node


@dataclass(frozen=True, slots=True)
class Arith(_Base):
    """`left OP right` for `+ - * / // %`."""

    op: ArithOp
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Compare(_Base):
    """`a < b`, or a chain `a <= b < c` (`ops[i]` sits between `operands[i]` and
    `operands[i + 1]`; the chain holds when every link does)."""

    ops: tuple[CompareOp, ...]
    operands: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Logic(_Base):
    """`a and b and ...` or `a or b or ...`: two or more operands, none of them constant."""

    op: LogicOp
    operands: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class IfElse(_Base):
    """`body if test else orelse`."""

    test: Node
    body: Node
    orelse: Node


Node: TypeAlias = Const | Read | Call | Negate | Not | Arith | Compare | Logic | IfElse
"""Any node of a checked expression."""


def children(node: Node) -> tuple[Node, ...]:
    """The node's sub-expressions, left to right."""
    if isinstance(node, Const | Read):
        return ()
    if isinstance(node, Call):
        return node.args
    if isinstance(node, Negate | Not):
        return (node.operand,)
    if isinstance(node, Arith):
        return (node.left, node.right)
    if isinstance(node, Compare | Logic):
        return node.operands
    return (node.test, node.body, node.orelse)


def walk(node: Node) -> Iterator[Node]:
    """The node and everything under it, parents first."""
    yield node
    for child in children(node):
        yield from walk(child)


def shifted(node: Node, delta: int) -> Node:
    """The same tree with every position moved by `delta` (an effect's value is checked
    inside the whole assignment, and its positions are then made relative to itself)."""
    if delta == 0:
        return node
    changes: dict[str, object] = {"start": node.start + delta, "end": node.end + delta}
    for f in dataclasses.fields(node):
        value = getattr(node, f.name)
        if isinstance(value, _Base):
            changes[f.name] = shifted(value, delta)  # type: ignore[arg-type]
        elif isinstance(value, tuple) and value and isinstance(value[0], _Base):
            changes[f.name] = tuple(shifted(v, delta) for v in value)
    return dataclasses.replace(node, **changes)  # type: ignore[arg-type]
