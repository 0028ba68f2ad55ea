"""How the rules take a number from an expression, whatever the arithmetic gave.

Expressions saturate instead of failing (docs/expressions.md, Numbers too large): a result
too large for a float is ±infinity, `infinity - infinity` and `0 * infinity` are not a
number (NaN), and a product of whole numbers can exceed what a float holds at all. The
engine, the bots and the reports take every such value through one of these functions,
so no infinity or NaN is ever stored in a game or summed into a total
(docs/rules.md, Arithmetic that overflows).
"""

from __future__ import annotations

import math
from typing import Final

from wargame.scenario.ir import Value

__all__ = ["MAX_MAGNITUDE", "as_number", "bounded", "probability"]

MAX_MAGNITUDE: Final = 1e15
"""The largest number a dice modifier or a score keeps (the largest literal)."""


def as_number(value: Value) -> float:
    """`float(value)` that never raises: a whole number beyond a float's range is ±infinity."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def bounded(value: Value) -> float:
    """A value the rules add up (a dice modifier, an objective score): not a number counts
    0, and anything beyond ±1e15 is held at ±1e15."""
    x = as_number(value)
    if -MAX_MAGNITUDE <= x <= MAX_MAGNITUDE:
        return x
    return 0.0 if x != x else MAX_MAGNITUDE if x > 0 else -MAX_MAGNITUDE


def probability(value: Value) -> float:
    """A chance in [0, 1]: below 0 is 0, above 1 is 1, and not a number counts 0."""
    p = as_number(value)
    return p if 0.0 <= p <= 1.0 else 1.0 if p > 1.0 else 0.0
