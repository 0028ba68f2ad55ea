"""Checking a parsed expression against a scenario's names and types, into a typed tree.

Only an allow-list of syntax is accepted; every name is resolved against the scenario's
declared names (unknown names get a did-you-mean hint), types are checked and constants are
folded. The result is a `tree.Node` in which every read of the game state is resolved to
indexes; nothing is compiled or evaluated here except folding constants. No attribute of any
Python object is ever looked up by a name the author wrote.
"""

from __future__ import annotations

import ast
import math
import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import Final

from wargame.scenario.expressions.compile import NO_STATE, closure
from wargame.scenario.expressions.errors import ExpressionError
from wargame.scenario.expressions.parse import parse
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
from wargame.scenario.expressions.vocabulary import (
    ARITH_OPS,
    COMPARE_OPS,
    FUNCTIONS,
    READINGS,
    CompareOp,
    LogicOp,
    Quantity,
    callable_docs,
    reading_called,
)
from wargame.scenario.ir import NameTable, Value, ValueKind

__all__ = ["MAX_DEPTH", "MAX_NODES", "Checker", "check"]

MAX_NODES: Final = 200
"""Most syntax-tree nodes in one expression."""
MAX_DEPTH: Final = 32
"""Deepest nesting of one expression's syntax tree."""
MAX_INT_DIGITS: Final = 15
MAX_FLOAT: Final = 1e15
_LARGEST: Final = sys.float_info.max
"""The largest float: a constant beyond it (or NaN) is an overflow (E305)."""

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


def nearest(name: str, candidates: Iterator[str] | Sequence[str]) -> str | None:
    import difflib  # only when a message needs a suggestion

    found = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return found[0] if found else None


def did_you_mean(name: str, candidates: Sequence[str], what: str) -> str | None:
    best = nearest(name, candidates)
    if best is not None:
        return f"did you mean `{best}`?"
    if not candidates:
        return f"this scenario declares no {what}"
    shown = ", ".join(f"`{c}`" for c in list(candidates)[:8])
    more = ", ..." if len(candidates) > 8 else ""
    return f"declared {what}: {shown}{more}"


class Checker:
    """Checks one parsed expression against a scenario's names, building its typed tree."""

    def __init__(self, text: str, shift: int, names: NameTable) -> None:
        self.text = text
        self.shift = shift
        self.names = names
        self.reads: set[str] = set()
        """Every state quantity the text names, as `Expr.reads` keys (parts that folding
        removes, such as `flags.x` in `flags.x or true`, included)."""
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

    def expr(self, node: ast.expr) -> Node:
        """Check one node, enforcing the size and depth limits on the way down
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

    def _expr(self, node: ast.expr) -> Node:
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

    def span(self, node: ast.AST) -> tuple[int, int]:
        """(start, end) of an ast node, as offsets into the expression's source."""
        return self.offset(node), self.end(node)

    def const_node(self, ast_node: ast.AST, value: Value) -> Const:
        """A constant at `ast_node`: every constant of the tree (literal, `turns`, folded
        part) is made here, so here a folded part that overflows is refused."""
        kind: ValueKind = "bool" if isinstance(value, bool) else "number"
        if kind == "number" and not -_LARGEST <= value <= _LARGEST:  # NaN too
            raise self._overflow(ast_node)
        return Const(kind, *self.span(ast_node), value)

    def _overflow(self, ast_node: ast.AST) -> ExpressionError:
        """Arithmetic on constants that leaves a float's range is a sure mistake: refused
        where it is written (E305), not left for the engine to hold at a bound in play."""
        shown = " ".join(self.segment(ast_node).split())
        if len(shown) > 40:
            shown = shown[:39] + "…"
        return self.fail(
            ast_node,
            f"`{shown}` overflows: its value is too large for a number (beyond 1.8e308)",
            "E305",
            "use smaller numbers: a value is held within its bounds anyway (0-100 for trust "
            "and commitment)",
        )

    def read(
        self,
        ast_node: ast.AST,
        quantity: Quantity,
        ids: tuple[str, ...] = (),
        index: int = 0,
        other: int = -1,
        kind: ValueKind | None = None,
    ) -> Read:
        """A resolved read of the state, recorded in `reads`."""
        node = Read(
            kind or READINGS[quantity].kind,
            *self.span(ast_node),
            quantity,
            index,
            other,
            ids,
        )
        self.reads.add(node.key)
        return node

    def constant(self, node: ast.Constant) -> Node:
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

    def name(self, node: ast.Name) -> Node:
        ident = node.id
        n = self.names
        if ident in ("true", "True"):
            return self.const_node(node, True)
        if ident in ("false", "False"):
            return self.const_node(node, False)
        if ident == "turn":
            return self.read(node, Quantity.TURN)
        if ident == "turns":
            return self.const_node(node, n.turns)
        if ident in n.variables:
            kind = n.variable_kinds.get(ident, "number")
            return self.read(node, Quantity.VAR, (ident,), n.variables[ident], kind=kind)
        if ident == "flags":
            raise self.fail(node, "`flags` needs a flag name", "E304", "write `flags.NAME`")
        docs = callable_docs()
        if ident in docs:
            raise self.fail(node, f"`{ident}` is a function", "E304", f"call it: {docs[ident]}")
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
        hint = did_you_mean(ident, candidates, "variables")
        flag = nearest(ident, list(n.flags))
        if flag is not None and nearest(ident, candidates) is None:
            hint = f"did you mean `flags.{flag}`?"
        raise self.fail(node, f"unknown variable `{ident}`", "E302", hint)

    def attribute(self, node: ast.Attribute) -> Node:
        base = node.value
        if isinstance(base, ast.Name) and base.id == "flags":
            ident = node.attr
            if ident in self.names.flags:
                return self.read(node, Quantity.FLAG, (ident,), self.names.flags[ident])
            hint = did_you_mean(ident, list(self.names.flags), "flags")
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

    def ident_arg(self, node: ast.expr, space: str, alliance: str | None = None) -> tuple[str, int]:
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
                did_you_mean(ident, list(members), f"members of `{alliance}`"),
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
            did_you_mean(ident, list(table), plural[space]),
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

    def subscript(self, node: ast.Subscript) -> Node:
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

    def table_cell(self, node: ast.AST, table: str, first: ast.expr, second: ast.expr) -> Read:
        if table == "trust":
            a_id, a = self.ident_arg(first, "actor")
            b_id, b = self.ident_arg(second, "actor")
            if a == b:
                raise self.fail(
                    second,
                    f"`{a_id}` cannot trust itself: trust is between two different actors",
                    "E302",
                    None,
                )
            return self.read(node, Quantity.TRUST, (a_id, b_id), a, b)
        k_id, k = self.ident_arg(first, "alliance")
        m_id, m = self.ident_arg(second, "member", k_id)
        return self.read(node, Quantity.COMMITMENT, (k_id, m_id), k, m)

    def call(self, node: ast.Call) -> Node:
        func = node.func
        if not isinstance(func, ast.Name):
            raise self.fail(
                node,
                "only the built-in functions can be called",
                "E304",
                "functions are called by bare name, e.g. `cohesion(nato)`; methods are not allowed",
            )
        fname = func.id
        docs = callable_docs()
        if fname not in docs:
            known = nearest(fname, list(docs))
            hint = f"did you mean `{known}`?" if known else "functions: " + ", ".join(docs)
            raise self.fail(func, f"unknown function `{fname}`", "E302", hint)
        if node.keywords:
            raise self.fail(
                node.keywords[0], "keyword arguments are not allowed", "E304", docs[fname]
            )
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise self.fail(arg, "`*` unpacking is not allowed", "E304", docs[fname])
        args = node.args
        reading = reading_called(fname)
        if reading is not None:
            spaces = reading.spaces
            self._arity(node, fname, len(spaces), len(spaces))
            if reading.quantity in (Quantity.TRUST, Quantity.COMMITMENT):
                return self.table_cell(node, fname, args[0], args[1])
            first_id, first = self.ident_arg(args[0], spaces[0])
            if len(spaces) == 1:
                return self.read(node, reading.quantity, (first_id,), first)
            second_id, second = self.ident_arg(args[1], spaces[1], first_id)
            return self.read(node, reading.quantity, (first_id, second_id), first, second)
        function = FUNCTIONS[fname]
        self._arity(node, fname, function.least, function.most)
        children = tuple(self.expect(arg, "number", f"`{fname}` takes numbers") for arg in args)
        result = Call("number", *self.span(node), fname, children)
        return self.fold(node, result, children)

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
        raise self.fail(
            node, f"`{fname}` takes {wanted}, got {count}", "E303", callable_docs()[fname]
        )

    def expect(self, node: ast.expr, kind: ValueKind, why: str) -> Node:
        checked = self.expr(node)
        if checked.kind != kind:
            raise ExpressionError(
                f"{why}, but `{self.segment(node)}` is {kind_words(checked.kind)}",
                checked.start,
                kind_hint(kind),
                "E303",
            )
        return checked

    def fold(self, ast_node: ast.AST, node: Node, children: Sequence[Node]) -> Node:
        """`node` as a constant when every operand is one, computed by the same closure the
        engine would run (so folding never changes a value)."""
        if all(isinstance(c, Const) for c in children):
            return self.const_node(ast_node, closure(node)(NO_STATE))
        return node

    def boolop(self, node: ast.BoolOp) -> Node:
        op = LogicOp.AND if isinstance(node.op, ast.And) else LogicOp.OR
        children = tuple(
            self.expect(v, "bool", f"`{op}` needs true/false on both sides") for v in node.values
        )
        # Fold constants: `x and true` is x, `x and false` is false (nothing has side effects).
        absorbing = op is LogicOp.OR
        kept: list[Node] = []
        for child in children:
            if isinstance(child, Const):
                if bool(child.value) == absorbing:
                    return self.const_node(node, absorbing)
                continue
            kept.append(child)
        if not kept:
            return self.const_node(node, not absorbing)
        if len(kept) == 1:
            return kept[0]
        return Logic("bool", *self.span(node), op, tuple(kept))

    def unaryop(self, node: ast.UnaryOp) -> Node:
        op = node.op
        if isinstance(op, ast.Not):
            child = self.expect(node.operand, "bool", "`not` needs true/false")
            if isinstance(child, Const):
                return self.const_node(node, not child.value)
            return Not("bool", *self.span(node), child)
        if isinstance(op, ast.USub | ast.UAdd):
            sign = "-" if isinstance(op, ast.USub) else "+"
            child = self.expect(node.operand, "number", f"unary `{sign}` needs a number")
            if isinstance(child, Const):
                value = child.value
                return self.const_node(node, -value if sign == "-" else +value)
            if sign == "+":
                return child
            return Negate("number", *self.span(node), child)
        message, hint = _FORBIDDEN_OPS.get(type(op), ("operator not allowed", None))
        raise self.fail(node, message, "E304", hint)

    def binop(self, node: ast.BinOp) -> Node:
        op_type = type(node.op)
        if op_type not in ARITH_OPS:
            message, hint = _FORBIDDEN_OPS.get(op_type, ("operator not allowed", None))
            raise ExpressionError(message, self._operator_offset(node), hint, "E304")
        op = ARITH_OPS[op_type]
        why = f"`{op}` needs numbers on both sides"
        left = self.expect(node.left, "number", why)
        right = self.expect(node.right, "number", why)
        return self.fold(node, Arith("number", *self.span(node), op, left, right), (left, right))

    def _operator_offset(self, node: ast.BinOp) -> int:
        """Offset of the operator itself, between the two operands."""
        start = self.end(node.left) - self.shift
        stop = self.offset(node.right) - self.shift
        gap = self.text[start:stop]
        stripped = gap.lstrip(" \t()")
        return start + (len(gap) - len(stripped)) + self.shift

    def compare(self, node: ast.Compare) -> Node:
        for op_node in node.ops:
            if type(op_node) not in COMPARE_OPS:
                message, hint = _FORBIDDEN_OPS.get(type(op_node), ("operator not allowed", None))
                raise self.fail(node, message, "E304", hint)
        operands = (self.expr(node.left), *(self.expr(c) for c in node.comparators))
        ops = tuple(COMPARE_OPS[type(o)] for o in node.ops)
        for index, op in enumerate(ops):
            left, right = operands[index], operands[index + 1]
            if left.kind != right.kind:
                raise ExpressionError(
                    f"`{op}` compares {kind_words(left.kind)} with {kind_words(right.kind)}",
                    right.start,
                    "compare numbers with numbers, or true/false with true/false",
                    "E303",
                )
            if left.kind == "bool" and op not in (CompareOp.EQ, CompareOp.NE):
                raise ExpressionError(
                    f"`{op}` needs numbers; true/false can only be compared with `==` or `!=`",
                    left.start,
                    None,
                    "E303",
                )
        return self.fold(node, Compare("bool", *self.span(node), ops, operands), operands)

    def ifexp(self, node: ast.IfExp) -> Node:
        test = self.expect(node.test, "bool", "the condition after `if` must be true/false")
        body = self.expr(node.body)
        orelse = self.expr(node.orelse)
        if body.kind != orelse.kind:
            raise ExpressionError(
                f"both branches of `if ... else` must be the same kind, but one is "
                f"{kind_words(body.kind)} and the other {kind_words(orelse.kind)}",
                orelse.start,
                None,
                "E303",
            )
        if isinstance(test, Const):
            return body if test.value else orelse
        return IfElse(body.kind, *self.span(node), test, body, orelse)


def kind_words(kind: ValueKind) -> str:
    return "a number" if kind == "number" else "true/false"


def kind_hint(kind: ValueKind) -> str:
    if kind == "bool":
        return "compare it to get true/false, e.g. `escalation >= 5`"
    return "use a number here, e.g. `1 if flags.x else 0`"


def _article(space: str) -> str:
    return f"an {space}" if space[0] in "aeiou" else f"a {space}"


def check(source: str, names: NameTable) -> tuple[Node, Checker]:
    """Parse and check a condition or value: its tree, and the checker (for its reads)."""
    tree, text, shift = parse(source, "eval")
    assert isinstance(tree, ast.Expression)
    checker = Checker(text, shift, names)
    return checker.expr(tree.body), checker
