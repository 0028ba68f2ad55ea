"""Per-scenario look-up tables the hot loop reads, computed once per `ScenarioIR`.

The IR is frozen and slotted, so the tables live in a small cache keyed by the scenario's
identity (holding a reference, so the identity stays valid).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from wargame.engine.actions import Pass, PlayMove
from wargame.scenario.ir import Effect, MoveIR, ScenarioIR, StateLike, Value

__all__ = ["Tables", "tables"]

_CACHE_SIZE: Final = 64

QuietEffect = tuple[int, int, int, int, Callable[[StateLike], Value], float, float]
"""(target code 0 var / 1 flag / 2 trust / 3 commitment, a, b, op code 0 = / 1 += / 2 -= /
3 *=, value function, lower bound, upper bound): an effect digested for the fast path."""
_TARGET_CODES: Final = {"var": 0, "flag": 1, "trust": 2, "commitment": 3}
_OP_CODES: Final = {"=": 0, "+=": 1, "-=": 2, "*=": 3}

MenuEntry = tuple[PlayMove, MoveIR, bool, Callable[[StateLike], Value] | None]
PositionEntry = tuple[int, MoveIR, bool, Callable[[StateLike], Value] | None]


@dataclass(frozen=True, slots=True)
class Tables:
    scenario: ScenarioIR
    moves_by: dict[tuple[int, int], tuple[int, ...]]
    """(phase, actor) -> move indexes in file order."""
    quiet: dict[int, tuple[QuietEffect, ...]]
    """id(effects tuple of a move, outcome or inject) -> its digested effects."""
    menus: dict[tuple[int, int], tuple[MenuEntry, ...]]
    """(phase, actor) -> (PlayMove, move, has limits, condition) for `legal_actions`."""
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
    position_menus: tuple[tuple[tuple[PositionEntry, ...], ...], ...]
    """[phase][position] -> (move index, move, has limits, condition) of the actor there."""
    move_ids: tuple[str, ...]
    move_weights: tuple[float, ...]
    """Each move's `weight`, for playouts in which actors choose as the weighted bot does."""
    ending_checks: tuple[tuple[int, Callable[[StateLike], Value]], ...]
    """(ending index, condition) of the endings judged after every phase (and after a
    turn's injects), in the order they are checked."""
    turn_checks: tuple[tuple[int, Callable[[StateLike], Value]], ...]
    """(ending index, condition) of the endings judged at the end of a turn: those judged
    after every phase and those judged at the end of each turn, in priority order."""


_cache: dict[int, Tables] = {}
_last: list[Tables] = []


def tables(scenario: ScenarioIR) -> Tables:
    """The tables of `scenario` (built on first use)."""
    if _last and _last[0].scenario is scenario:
        return _last[0]
    found = _cache.get(id(scenario))
    if found is not None and found.scenario is scenario:
        _last[:] = [found]
        return found
    built = _build(scenario)
    if len(_cache) >= _CACHE_SIZE:
        del _cache[next(iter(_cache))]
    _cache[id(scenario)] = built
    _last[:] = [built]
    return built


def _build(s: ScenarioIR) -> Tables:
    moves_by: dict[tuple[int, int], list[int]] = {}
    for move in s.moves:
        moves_by.setdefault((move.phase, move.actor), []).append(move.index)
    actor_ids = [a.id for a in s.actors]
    plays = tuple(PlayMove(actor_ids[m.actor], m.id) for m in s.moves)
    menus = {
        k: tuple(
            (
                plays[m],
                s.moves[m],
                s.moves[m].per_game is not None
                or s.moves[m].per_turn is not None
                or s.moves[m].cooldown is not None,
                _when_fn(s.moves[m]),
            )
            for m in v
        )
        for k, v in moves_by.items()
    }
    return Tables(
        scenario=s,
        moves_by={k: tuple(v) for k, v in moves_by.items()},
        quiet=_digest(s),
        menus=menus,
        position_menus=tuple(
            tuple(
                tuple((move.index, move, limited, when) for _, move, limited, when in entries)
                for entries in (menus.get((phase, actor), ()) for actor in p.actors)
            )
            for phase, p in enumerate(s.phases)
        ),
        move_ids=tuple(m.id for m in s.moves),
        move_weights=tuple(float(m.weight) for m in s.moves),
        play_actions=plays,
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
        ending_checks=tuple(
            (i, when.fn)
            for i in s.ending_order
            if (when := s.endings[i].when) is not None and s.endings[i].checked == "every_phase"
        ),
        turn_checks=tuple(
            (i, when.fn) for i in s.ending_order if (when := s.endings[i].when) is not None
        ),
    )


def _digest(s: ScenarioIR) -> dict[int, tuple[QuietEffect, ...]]:
    lists: list[tuple[Effect, ...]] = [()]
    for move in s.moves:
        lists.append(move.effects)
        if move.resolution is not None:
            lists.extend(o.effects for o in move.resolution.outcomes)
    lists.extend(i.effects for i in s.injects)
    out: dict[int, tuple[QuietEffect, ...]] = {}
    for effects in lists:
        digested: list[QuietEffect] = []
        for e in effects:
            t = e.target
            lo, hi = (0.0, 100.0)
            if t.kind == "var":
                lo, hi = s.variables[t.a].min, s.variables[t.a].max
            digested.append((_TARGET_CODES[t.kind], t.a, t.b, _OP_CODES[e.op], e.value.fn, lo, hi))
        out[id(effects)] = tuple(digested)
    return out


def _when_fn(move: MoveIR) -> Callable[[StateLike], Value] | None:
    return move.when.fn if move.when is not None else None
