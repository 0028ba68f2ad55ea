"""Who acts now, what they may do, and why a move is not available."""

from __future__ import annotations

from typing import Literal

from wargame.engine.actions import RATINGS, UMPIRE, Action, Confirm, Override, PlayOn, Rate
from wargame.engine.limits import available, explain_condition, limit_reason
from wargame.engine.state import GameState
from wargame.engine.tables import tables
from wargame.engine.view import Viewer, can_see, reads_visibility
from wargame.engine.work import poss
from wargame.scenario.ir import ScenarioIR

__all__ = [
    "OVERRIDE_REASON",
    "PLAY_ON_REASON",
    "awaited",
    "legal_actions",
    "to_act",
    "unavailable_reason",
]

OVERRIDE_REASON = "the umpire's ruling"
"""The reason carried by the Override actions `legal_actions` lists (a bot umpire's)."""
PLAY_ON_REASON = "the umpire played on"
"""The reason carried by the PlayOn action `legal_actions` lists (a person gives their own)."""


def to_act(scenario: ScenarioIR, state: GameState) -> int | Literal["umpire"] | None:
    """The actor index who must act, UMPIRE when an adjudication waits, None when over."""
    if state.ending is not None:
        return None
    if state.pending is not None:
        return UMPIRE
    hold = state.ending_hold
    if hold is not None and hold.proposed >= 0:
        return UMPIRE
    free = state.free
    if free is not None and free.waiting:
        return UMPIRE
    actors = scenario.phases[state.phase].actors
    return actors[state.cursor]


def legal_actions(
    scenario: ScenarioIR, state: GameState, seat: int | Literal["umpire"] | None
) -> list[Action]:
    """Every action `seat` may take now ([] unless it is the seat that must act).

    For the actor to act: each available move (argument-less; an argued move accepts any
    argument) and Pass. For the umpire with a pending adjudication: Rate per rating, or
    Confirm and an Override per other outcome. For the umpire with an ending proposed (a game
    whose umpire confirms endings): Confirm (the game ends) and PlayOn (it goes on);
    `wargame.engine.outlook.ending_choices` says each in words. For the umpire when a free
    action waits for a ruling: Confirm (what the argument rule gives; `RuleFree` rules
    otherwise). The umpire's Inject, Adjust, EndPhase and WriteInject, and the teams'
    ProposeFree and ArgueFree, are accepted by `step` when the rules allow them, but are
    not listed: bots never write free actions.
    """
    if state.ending is not None or seat is None:
        return []
    hold = state.ending_hold
    if hold is not None and hold.proposed >= 0:
        return [Confirm(), PlayOn(PLAY_ON_REASON)] if seat == UMPIRE else []
    pending = state.pending
    if pending is not None:
        if seat != UMPIRE:
            return []
        if pending.stage == "rate":
            return [Rate(r) for r in RATINGS]
        resolution = scenario.moves[pending.move].resolution
        assert resolution is not None
        out: list[Action] = [Confirm()]
        for index, outcome in enumerate(resolution.outcomes):
            if index != pending.proposed:
                out.append(Override(outcome.id, OVERRIDE_REASON))
        return out
    free = state.free
    if free is not None and free.waiting:
        return [Confirm()] if seat == UMPIRE else []
    if seat == UMPIRE:
        return []
    phase = state.phase
    actor = scenario.phases[phase].actors[state.cursor]
    if seat != actor:
        return []
    t = tables(scenario)
    result: list[Action] = []
    for play, move, limited, when in t.menus.get((phase, actor), ()):
        if limited and not available(move, state):
            continue
        if when is None or when(state):
            result.append(play)
    result.append(t.pass_actions[actor])
    return result


def awaited(scenario: ScenarioIR, state: GameState, viewer: Viewer) -> str:
    """The adjudication the umpire has yet to make, as `viewer` may know it: a secret
    move of another actor is not named."""
    assert state.pending is not None
    move = scenario.moves[state.pending.move]
    if move.secret and viewer not in (move.actor, UMPIRE):
        return "a move"
    return f"'{move.label}'"


def unavailable_reason(
    scenario: ScenarioIR, state: GameState, actor: int, move: int, viewer: Viewer | None = None
) -> str | None:
    """None if `actor` may play `move` now; otherwise the rule that stops it, in words.

    The words are for `viewer` (default: the actor): a condition on values hidden from
    them is not spelled out (`view.reads_visibility`).
    """
    if not 0 <= move < len(scenario.moves):
        return f"there is no move number {move}"
    mv = scenario.moves[move]
    names = tables(scenario).actor_names
    seat = actor if viewer is None else viewer
    if state.ending is not None:
        return "the game is over"
    if mv.actor != actor:
        return f"'{mv.label}' is {poss(names[mv.actor])} move, not {poss(names[actor])}"
    if state.pending is not None:
        return f"waiting for the umpire to adjudicate {awaited(scenario, state, seat)}"
    hold = state.ending_hold
    if hold is not None and hold.proposed >= 0:
        return "waiting for the umpire to confirm the ending or play on"
    if state.free is not None and state.free.waiting:
        return "waiting for the umpire to rule on the phase's free actions"
    if mv.phase != state.phase:
        phases = scenario.phases
        return (
            f"belongs to the '{phases[mv.phase].label or phases[mv.phase].id}' phase "
            f"(now: '{phases[state.phase].label or phases[state.phase].id}')"
        )
    now = scenario.phases[state.phase].actors[state.cursor]
    if now != actor:
        order = scenario.phases[state.phase].actors
        if actor not in order:
            return f"{names[actor]} does not act in this phase"
        if all(pos < state.cursor for pos, a in enumerate(order) if a == actor):
            return f"{names[actor]} has already acted this phase"
        return f"not {poss(names[actor])} turn: waiting for {names[now]}"
    limit = limit_reason(mv, state)
    if limit is not None or mv.when is None or mv.when.fn(state):
        return limit
    if not can_see(reads_visibility(scenario, mv.when.reads), seat):
        return "its condition does not hold now"
    return explain_condition(scenario, state, mv.when)
