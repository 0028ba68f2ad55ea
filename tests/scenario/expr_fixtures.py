"""A small name table and state shared by the expression tests."""

from __future__ import annotations

from dataclasses import dataclass, replace

from wargame.scenario.ir import NameTable


@dataclass(frozen=True, slots=True)
class State:
    """Has the shape of `StateLike` (the engine's GameState)."""

    turn: int = 2
    vars: tuple[float, ...] = (3.0, 1.0, 0.0)
    flags: tuple[bool, ...] = (False, True)
    trust: tuple[tuple[float, ...], ...] = (
        (100.0, 40.0, 10.0),
        (30.0, 100.0, 5.0),
        (0.0, 0.0, 100.0),
    )
    commitment: tuple[tuple[float, ...], ...] = ((70.0, 60.0),)
    active: tuple[tuple[bool, ...], ...] = ((True, True),)
    cohesion: tuple[float, ...] = (55.0,)
    collapsed: tuple[bool, ...] = (False,)
    played: tuple[int, ...] = (1, 0)
    fired: tuple[int, ...] = (0,)


NAMES = NameTable(
    variables={"escalation": 0, "leaks": 1, "budget": 2},
    flags={"talks": 0, "plans_ordered": 1},
    actors={"us": 0, "denmark": 1, "russia": 2},
    alliances={"nato": 0},
    members={"nato": {"us": 0, "denmark": 1}},
    moves={"invade": 0, "negotiate": 1},
    injects={"leak": 0},
    turns=6,
)

STATE = State()


def state(**changes: object) -> State:
    """STATE with some fields replaced."""
    return replace(STATE, **changes)  # type: ignore[arg-type]
