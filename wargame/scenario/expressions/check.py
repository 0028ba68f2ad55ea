"""Checking a parsed expression against a scenario's names and types.

Only an allow-list of syntax is accepted; every name is resolved against the scenario's
declared names (unknown names get a did-you-mean hint), types are checked, constants are
folded, and each sub-expression gets its closure. No attribute of any Python object is ever
looked up by a name the author wrote.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from wargame.scenario.expressions.closures import (
    FLIPPED,
    Fn,
    all_fn,
    any_fn,
    arith,
    arith_const_fn,
    arith_fn_const,
    arith_fn_fn,
    clamp_fn,
    cmp_fn_const,
    cmp_fn_fn,
    cmp_read_const,
    const_fn,
    max_fn,
    min_fn,
    reader,
    round_half_up,
)
from wargame.scenario.expressions.errors import ExpressionError
from wargame.scenario.expressions.parse import parse
from wargame.scenario.expressions.vocabulary import (
    ARGUMENT_SPACES,
    ARITH_OPS,
    COMPARE_OPS,
    FUNCTIONS,
)
from wargame.scenario.ir import NameTable, StateLike, Value, ValueKind

MAX_NODES: Final = 200
"""Most syntax-tree nodes in one expression."""
MAX_DEPTH: Final = 32
"""Deepest nesting of one expression's syntax tree."""
MAX_INT_DIGITS: Final = 15
MAX_FLOAT: Final = 1e15

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


@dataclass(slots=True)
class Node:
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
    children: tuple[Node, ...] = ()
    ops: tuple[str, ...] = ()
    label: str = ""
    """Function name for calls, e.g. `member`."""

    @property
    def is_const(self) -> bool:
        return self.shape == "const"


def fmt(value: Value) -> str:
    """A value the way an author would write it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.6g}"
    return str(value)


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

    def expr(self, node: ast.expr) -> Node:
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

    def node(
        self,
        ast_node: ast.AST,
        kind: ValueKind,
        fn: Fn,
        shape: str,
        **extra: object,
    ) -> Node:
        return Node(
            kind,
            fn,
            self.offset(ast_node),
            self.end(ast_node),
            shape,
            **extra,  # type: ignore[arg-type]
        )

    def const_node(self, ast_node: ast.AST, value: Value) -> Node:
        kind: ValueKind = "bool" if isinstance(value, bool) else "number"
        return self.node(ast_node, kind, const_fn(value), "const", const=value)

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
            self.reads.add("turn")
            return self.node(node, "number", reader("turn", 0, 0), "read", read=("turn", 0, 0))
        if ident == "turns":
            return self.const_node(node, n.turns)
        if ident in n.variables:
            index = n.variables[ident]
            self.reads.add(f"var:{ident}")
            kind = n.variable_kinds.get(ident, "number")
            return self.node(node, kind, reader("vars", index, 0), "read", read=("vars", index, 0))
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
                index = self.names.flags[ident]
                self.reads.add(f"flag:{ident}")
                return self.node(
                    node, "bool", reader("flags", index, 0), "read", read=("flags", index, 0)
                )
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

    def table_cell(self, node: ast.AST, table: str, first: ast.expr, second: ast.expr) -> Node:
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
            self.reads.add(f"trust:{a_id}:{b_id}")
            return self.node(node, "number", reader("trust", a, b), "read", read=("trust", a, b))
        k_id, k = self.ident_arg(first, "alliance")
        m_id, m = self.ident_arg(second, "member", k_id)
        self.reads.add(f"commitment:{k_id}:{m_id}")
        return self.node(
            node, "number", reader("commitment", k, m), "read", read=("commitment", k, m)
        )

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
        if fname not in FUNCTIONS:
            known = nearest(fname, list(FUNCTIONS))
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
        spaces = ARGUMENT_SPACES.get(fname)
        if spaces is not None:
            self._arity(node, fname, len(spaces), len(spaces))
            if fname == "trust":
                return self.table_cell(node, "trust", args[0], args[1])
            if fname == "commitment":
                return self.table_cell(node, "commitment", args[0], args[1])
            if fname == "member":
                k_id, k = self.ident_arg(args[0], "alliance")
                m_id, m = self.ident_arg(args[1], "member", k_id)
                self.reads.add(f"member:{k_id}:{m_id}")
                return self.node(
                    node,
                    "bool",
                    reader("active", k, m),
                    "read",
                    read=("active", k, m),
                    label=fname,
                )
            space = spaces[0]
            ident, index = self.ident_arg(args[0], space)
            self.reads.add(f"{fname}:{ident}")
            attr = fname
            kind: ValueKind = "bool" if fname == "collapsed" else "number"
            return self.node(
                node, kind, reader(attr, index, 0), "read", read=(attr, index, 0), label=fname
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
            fn = min_fn(fns)
        elif fname == "max":
            fn = max_fn(fns)
        elif fname == "abs":
            f0 = fns[0]
            fn = lambda s: abs(f0(s))  # noqa: E731
        elif fname == "round":
            f0 = fns[0]
            fn = lambda s: round_half_up(f0(s))  # noqa: E731
        else:
            low, high = children[1], children[2]
            bounds = (low.const, high.const) if low.is_const and high.is_const else None
            fn = clamp_fn(fns[0], fns[1], fns[2], bounds)
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

    def fold(self, node: Node) -> Node:
        """Replace a node whose children are all constants by its value."""
        if node.children and all(c.is_const for c in node.children):
            value = node.fn(NO_STATE)
            return Node(node.kind, const_fn(value), node.start, node.end, "const", const=value)
        return node

    def boolop(self, node: ast.BoolOp) -> Node:
        word = "and" if isinstance(node.op, ast.And) else "or"
        children = tuple(
            self.expect(v, "bool", f"`{word}` needs true/false on both sides") for v in node.values
        )
        # Fold constants: `x and true` is x, `x and false` is false (nothing has side effects).
        absorbing = word == "or"
        kept: list[Node] = []
        for child in children:
            if child.is_const:
                if bool(child.const) == absorbing:
                    return self.node(node, "bool", const_fn(absorbing), "const", const=absorbing)
                continue
            kept.append(child)
        if not kept:
            return self.node(node, "bool", const_fn(not absorbing), "const", const=not absorbing)
        if len(kept) == 1:
            return self.node(node, "bool", kept[0].fn, word, children=children)
        first, last = _flag_shape(kept[0]), _flag_shape(kept[-1])
        fns = [c.fn for c in kept]
        fn = all_fn(fns, first, last) if word == "and" else any_fn(fns, first, last)
        return self.node(node, "bool", fn, word, children=children)

    def unaryop(self, node: ast.UnaryOp) -> Node:
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

    def binop(self, node: ast.BinOp) -> Node:
        op_type = type(node.op)
        if op_type not in ARITH_OPS:
            message, hint = _FORBIDDEN_OPS.get(op_type, ("operator not allowed", None))
            raise ExpressionError(message, self._operator_offset(node), hint, "E304")
        op = ARITH_OPS[op_type]
        why = f"`{op}` needs numbers on both sides"
        left = self.expect(node.left, "number", why)
        right = self.expect(node.right, "number", why)
        if left.is_const and right.is_const:
            return self.const_node(node, arith(op, left.const, right.const))
        if right.is_const:
            fn = arith_fn_const(op, left.fn, right.const)
        elif left.is_const:
            fn = arith_const_fn(op, left.const, right.fn)
        else:
            fn = arith_fn_fn(op, left.fn, right.fn)
        return self.node(node, "number", fn, "arith", children=(left, right), ops=(op,))

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
        operands = [self.expr(node.left)] + [self.expr(c) for c in node.comparators]
        ops = tuple(COMPARE_OPS[type(o)] for o in node.ops)
        pairs: list[Fn] = []
        for index, op in enumerate(ops):
            left, right = operands[index], operands[index + 1]
            if left.kind != right.kind:
                raise ExpressionError(
                    f"`{op}` compares {kind_words(left.kind)} with {kind_words(right.kind)}",
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
            pairs.append(compare_fn(op, left, right))
        children = tuple(operands)
        if all(c.is_const for c in children):
            value = all(p(NO_STATE) for p in pairs)
            return self.const_node(node, value)
        fn = pairs[0] if len(pairs) == 1 else all_fn(pairs, None)
        return self.node(node, "bool", fn, "compare", children=children, ops=ops)

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
        if test.is_const:
            return body if test.const else orelse
        t, b, o = test.fn, body.fn, orelse.fn
        fn: Fn = lambda s: b(s) if t(s) else o(s)  # noqa: E731
        return self.node(node, body.kind, fn, "if", children=(test, body, orelse))


class NoState:
    """Stands in for the state when folding constants; any read is a compiler bug."""


NO_STATE: StateLike = NoState()  # type: ignore[assignment]


def _flag_shape(node: Node) -> tuple[int, bool] | None:
    """(flag index, negated) when the node is `flags.X` or `not flags.X`."""
    if node.read is not None and node.read[0] == "flags":
        return node.read[1], False
    if node.shape == "not":
        child = node.children[0]
        if child.read is not None and child.read[0] == "flags":
            return child.read[1], True
    return None


def compare_fn(op: str, left: Node, right: Node) -> Fn:
    if left.is_const and not right.is_const:
        return compare_fn(FLIPPED[op], right, left)
    if right.is_const:
        c = right.const
        if left.read is not None:
            attr, i, j = left.read
            special = cmp_read_const(op, attr, i, j, c)
            if special is not None:
                return special
        if left.is_const:
            value = cmp_fn_const(op, left.fn, c)(NO_STATE)
            return const_fn(value)
        return cmp_fn_const(op, left.fn, c)
    return cmp_fn_fn(op, left.fn, right.fn)


def kind_words(kind: ValueKind) -> str:
    return "a number" if kind == "number" else "true/false"


def kind_hint(kind: ValueKind) -> str:
    if kind == "bool":
        return "compare it to get true/false, e.g. `escalation >= 5`"
    return "use a number here, e.g. `1 if flags.x else 0`"


def _article(space: str) -> str:
    return f"an {space}" if space[0] in "aeiou" else f"a {space}"


def check(source: str, names: NameTable) -> tuple[Node, Checker]:
    """Parse and check a condition or value; the checked root and the checker (its reads)."""
    tree, text, shift = parse(source, "eval")
    assert isinstance(tree, ast.Expression)
    checker = Checker(text, shift, names)
    return checker.expr(tree.body), checker
