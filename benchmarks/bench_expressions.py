"""How fast do compiled expressions evaluate, next to a hand-written lambda?

Run by hand: `python benchmarks/bench_expressions.py`. Prints nanoseconds per evaluation for
a few typical conditions and numbers, compiled by `wargame.scenario.expressions`, beside the
lambda a programmer would write for the same thing. Takes a few seconds.
"""

from __future__ import annotations

import timeit
from collections.abc import Callable
from dataclasses import dataclass

from wargame.scenario.expressions import compile_expr
from wargame.scenario.ir import NameTable, StateLike, Value


@dataclass(frozen=True, slots=True)
class State:
    """A stand-in with the same shape as the engine's GameState."""

    turn: int
    vars: tuple[float, ...]
    flags: tuple[bool, ...]
    trust: tuple[tuple[float, ...], ...]
    commitment: tuple[tuple[float, ...], ...]
    active: tuple[tuple[bool, ...], ...]
    cohesion: tuple[float, ...]
    collapsed: tuple[bool, ...]
    played: tuple[int, ...]
    fired: tuple[int, ...]


NAMES = NameTable(
    variables={"a": 0, "b": 1, "c": 2, "escalation": 3, "leaks": 4},
    flags={
        "x": 0,
        "y": 1,
        "z": 2,
        "plans_ordered": 3,
        "leaked": 4,
        "access_agreement": 5,
        "talks": 6,
        "summit": 7,
    },
    actors={"us": 0, "denmark": 1},
    alliances={"nato": 0},
    members={"nato": {"us": 0, "denmark": 1}},
    moves={"invade": 0},
    injects={"cable": 0},
    turns=6,
)
STATE = State(
    turn=3,
    vars=(1.0, 2.0, 3.0, 3.0, 2.0),
    flags=(False, True, False, False, True, True, False, False),
    trust=((100.0, 40.0), (35.0, 100.0)),
    commitment=((80.0, 55.0),),
    active=((True, True),),
    cohesion=(62.0,),
    collapsed=(False,),
    played=(1,),
    fired=(0,),
)

CASES: list[tuple[str, Callable[[StateLike], Value]]] = [
    ("escalation >= 5 and not flags.talks", lambda s: s.vars[3] >= 5 and not s.flags[6]),
    ("not flags.plans_ordered and escalation < 6", lambda s: not s.flags[3] and s.vars[3] < 6),
    ("turn >= 2", lambda s: s.turn >= 2),
    ("0.4 + 0.1 * leaks", lambda s: 0.4 + 0.1 * s.vars[4]),
    (
        "flags.access_agreement and cohesion(nato) >= 40",
        lambda s: s.flags[5] and s.cohesion[0] >= 40,
    ),
    ("trust[denmark][us] < 20 or collapsed(nato)", lambda s: s.trust[1][0] < 20 or s.collapsed[0]),
    (
        "clamp(escalation * 2 - trust(denmark, us) / 10, 0, 10)",
        lambda s: min(max(s.vars[3] * 2 - s.trust[1][0] / 10, 0), 10),
    ),
]


def per_call_ns(fn: Callable[[StateLike], Value], number: int = 200_000) -> float:
    """Best of several runs of `fn(state)`, in nanoseconds per call (the call included)."""
    runs = timeit.repeat("f(s)", globals={"f": fn, "s": STATE}, number=number, repeat=7)
    return min(runs) / number * 1e9


def main() -> None:
    print(f"{'expression':56} {'compiled':>9} {'by hand':>8}  (ns per evaluation)")
    for source, by_hand in CASES:
        compiled = compile_expr(source, NAMES)
        assert compiled(STATE) == by_hand(STATE), source
        ours = per_call_ns(compiled.fn)
        theirs = per_call_ns(by_hand)
        print(f"{source:56} {ours:9.0f} {theirs:8.0f}")


if __name__ == "__main__":
    main()
