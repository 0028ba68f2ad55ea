"""Per-scenario look-up tables the hot loop reads, computed once per `ScenarioIR`.

The IR is frozen and slotted, so the tables live in a small cache keyed by the scenario's
identity (holding a reference, so the identity stays valid).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from wargame.engine.actions import Pass, PlayMove
from wargame.scenario.ir import ScenarioIR

__all__ = ["Tables", "tables"]

_CACHE_SIZE: Final = 64


@dataclass(frozen=True, slots=True)
class Tables:
    scenario: ScenarioIR
    moves_by: dict[tuple[int, int], tuple[int, ...]]
    """(phase, actor) -> move indexes in file order."""
    play_actions: tuple[PlayMove, ...]
    """The argument-less PlayMove of each move (shared: actions are immutable)."""
    pass_actions: tuple[Pass, ...]
    actor_names: tuple[str, ...]
    var_labels: tuple[str, ...]
    var_min: tuple[float, ...]
    var_max: tuple[float, ...]
    flag_labels: tuple[str, ...]
    slot_of: tuple[dict[int, int], ...]
    """Per alliance: actor index -> member slot."""
    total_weight: tuple[float, ...]
    simultaneous: tuple[bool, ...]
    phase_actors: tuple[tuple[int, ...], ...]


_cache: dict[int, Tables] = {}


def tables(scenario: ScenarioIR) -> Tables:
    """The tables of `scenario` (built on first use)."""
    found = _cache.get(id(scenario))
    if found is not None and found.scenario is scenario:
        return found
    built = _build(scenario)
    if len(_cache) >= _CACHE_SIZE:
        del _cache[next(iter(_cache))]
    _cache[id(scenario)] = built
    return built


def _build(s: ScenarioIR) -> Tables:
    moves_by: dict[tuple[int, int], list[int]] = {}
    for move in s.moves:
        moves_by.setdefault((move.phase, move.actor), []).append(move.index)
    actor_ids = [a.id for a in s.actors]
    return Tables(
        scenario=s,
        moves_by={k: tuple(v) for k, v in moves_by.items()},
        play_actions=tuple(PlayMove(actor_ids[m.actor], m.id) for m in s.moves),
        pass_actions=tuple(Pass(a) for a in actor_ids),
        actor_names=tuple(a.name or a.id for a in s.actors),
        var_labels=tuple(v.label or v.id for v in s.variables),
        var_min=tuple(v.min for v in s.variables),
        var_max=tuple(v.max for v in s.variables),
        flag_labels=tuple(f.label or f.id for f in s.flags),
        slot_of=tuple({actor: slot for slot, actor in enumerate(a.members)} for a in s.alliances),
        total_weight=tuple(sum(a.weights) for a in s.alliances),
        simultaneous=tuple(p.mode == "simultaneous" for p in s.phases),
        phase_actors=tuple(p.actors for p in s.phases),
    )
