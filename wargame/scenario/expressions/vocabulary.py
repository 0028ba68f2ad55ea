"""The expression language's vocabulary: its functions, reserved names and operators."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import Final

__all__ = [
    "ARGUMENT_SPACES",
    "ARITH_OPS",
    "COMPARE_OPS",
    "FUNCTIONS",
    "RESERVED_NAMES",
]

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

COMPARE_OPS: Final[Mapping[type[ast.cmpop], str]] = {
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
}
ARITH_OPS: Final[Mapping[type[ast.operator], str]] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
}

ARGUMENT_SPACES: Final[Mapping[str, tuple[str, ...]]] = {
    "cohesion": ("alliance",),
    "collapsed": ("alliance",),
    "trust": ("actor", "actor"),
    "commitment": ("alliance", "member"),
    "member": ("alliance", "member"),
    "played": ("move",),
    "fired": ("inject",),
}
"""What each state-reading function takes: the kind of id of each argument."""
