"""Compiling effects: one assignment such as `escalation += 2` or `flags.talks = true`,
its target resolved to a state cell and its value checked like any expression."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import Final

from wargame.scenario.expressions.check import Checker, did_you_mean, kind_hint, kind_words
from wargame.scenario.expressions.compile import closure
from wargame.scenario.expressions.errors import ExpressionError
from wargame.scenario.expressions.parse import parse
from wargame.scenario.expressions.tree import shifted
from wargame.scenario.expressions.vocabulary import ARITH_OPS, RESERVED_NAMES
from wargame.scenario.ir import Effect, EffectOp, Expr, NameTable, Target, ValueKind

__all__ = ["compile_effect"]

_AUG_OPS: Final[Mapping[type[ast.operator], EffectOp]] = {
    ast.Add: "+=",
    ast.Sub: "-=",
    ast.Mult: "*=",
}


def compile_effect(source: str, names: NameTable) -> Effect:
    """Compile an effect such as `escalation += 2` or `flags.talks = true`.

    Raises `ExpressionError` with a 0-based offset into `source`.
    """
    tree, text, shift = parse(source, "exec")
    assert isinstance(tree, ast.Module)
    checker = Checker(text, shift, names)
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
            symbol = ARITH_OPS.get(type(stmt.op), "?")
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
    checker.reads.clear()  # the target is written, not read
    value = checker.expr(value_node)
    if value.kind != want:
        raise ExpressionError(
            f"`{target.name}` holds {kind_words(want)}, but `{checker.segment(value_node)}` "
            f"is {kind_words(value.kind)}",
            value.start,
            kind_hint(want),
            "E303",
        )
    start, end = checker.span(value_node)
    expr = Expr(
        source=source[start:end],
        kind=value.kind,
        fn=closure(value),
        tree=shifted(value, -start),
        reads=tuple(sorted(checker.reads)),
    )
    return Effect(source=source, target=target, op=op, value=expr)


def _check_typo_assign(checker: Checker, stmt: ast.Assign) -> None:
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


def _target(checker: Checker, node: ast.expr) -> Target:
    n = checker.names
    if isinstance(node, ast.Name):
        ident = node.id
        if ident in n.variables:
            return Target("var", n.variables[ident], name=ident)
        if ident == "flags":
            raise checker.fail(
                node, "`flags` needs a flag name", "E306", "write `flags.NAME = true`"
            )
        if ident in RESERVED_NAMES:
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
            did_you_mean(ident, list(n.variables), "variables"),
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
                did_you_mean(ident, list(n.flags), "flags"),
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
            a_id, a = checker.ident_arg(first, "actor")
            b_id, b = checker.ident_arg(second, "actor")
            if a == b:
                raise checker.fail(
                    second,
                    f"`{a_id}` cannot trust itself",
                    "E306",
                    "trust is between two different actors",
                )
            return Target("trust", a, b, name=f"trust[{a_id}][{b_id}]")
        k_id, k = checker.ident_arg(first, "alliance")
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
        m_id, m = checker.ident_arg(second, "member", k_id)
        return Target("commitment", k, m, name=f"commitment[{k_id}][{m_id}]")
    raise checker.fail(
        node,
        f"cannot assign to `{checker.segment(node)}`",
        "E306",
        "effects assign to a variable, `flags.NAME`, `trust[A][B]` or `commitment[K][A]`",
    )
