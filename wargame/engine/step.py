"""`initial_state` and `step`: the only ways a game moves on.

`step` checks the action completely before anything is drawn or changed, so an illegal
action raises `IllegalActionError` (saying which rule) and leaves the state, and the
caller's generator, untouched. It is pure: the same state, action and generator state
always give the same new state and events.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from random import Random

from wargame.engine import adjudication, endings, flow, freeplay, injects
from wargame.engine.actions import (
    RATINGS,
    UMPIRE,
    Action,
    Adjust,
    ArgueFree,
    Confirm,
    EndPhase,
    Inject,
    Override,
    Pass,
    PlayMove,
    PlayOn,
    ProposeFree,
    Rate,
    RuleFree,
    WriteInject,
)
from wargame.engine.events import EMPTY_LOG, Event
from wargame.engine.legal import awaited, unavailable_reason
from wargame.engine.limits import available
from wargame.engine.rng import derive
from wargame.engine.state import EndingHold, GameState, proposed_ending
from wargame.engine.tables import Tables, tables
from wargame.engine.targets import parse_target
from wargame.engine.work import (
    Work,
    cohesion_of,
    poss,
    put,
    set_commitment,
    set_flag,
    set_trust,
    set_var,
)
from wargame.errors import IllegalActionError
from wargame.scenario.ir import ScenarioIR

__all__ = ["initial_state", "step"]


def initial_state(
    scenario: ScenarioIR,
    *,
    umpire: bool = False,
    rng: Random | None = None,
    record: bool = True,
    confirm_endings: bool = False,
) -> GameState:
    """The state at the start of turn 1, after the opening injects.

    `confirm_endings`: an ending that holds is proposed to the umpire (Confirm or PlayOn)
    instead of closing the game at once.

    Turn 1's injects may roll chances: pass `rng` (a session passes `derive(seed, -1)`, a
    batch run its game's generator) so they vary with the seed; without it the opening is
    drawn from `derive(0, -1)`, the same for every game. `record=False` skips the opening
    events, as `step(..., record=False)` does.
    """
    t = tables(scenario)
    base = _base_state(scenario, t)
    if umpire:
        base = base._replace(umpire=True)
    if confirm_endings:
        base = base._replace(ending_hold=EndingHold())
    w = Work(base, t, rng if rng is not None else derive(0, -1), record)
    flow.open_game(w)
    return w.freeze(EMPTY_LOG.append(tuple(w.events)) if w.events is not None else EMPTY_LOG)


_bases: dict[int, tuple[ScenarioIR, GameState]] = {}


def _base_state(s: ScenarioIR, t: Tables) -> GameState:
    """The scenario's starting values before anything happens (cached per scenario)."""
    cached = _bases.get(id(s))
    if cached is not None and cached[0] is s:
        return cached[1]
    base = GameState(
        turn=1,
        phase=0,
        vars=tuple(float(v.start) for v in s.variables),
        flags=tuple(bool(f.start) for f in s.flags),
        trust=s.trust,  # floats already; rows of defaults stay `DefaultRow`s
        commitment=tuple(tuple(float(c) for c in a.start_commitment) for a in s.alliances),
        active=tuple(tuple(True for _ in a.members) for a in s.alliances),
        cohesion=tuple(
            cohesion_of(a.weights, a.start_commitment, tuple(True for _ in a.members))
            for a in s.alliances
        ),
        collapsed=tuple(False for _ in s.alliances),
        played=tuple(0 for _ in s.moves),
        fired=tuple(0 for _ in s.injects),
        last_played=tuple(0 for _ in s.moves),
        turn_played=tuple(0 for _ in s.moves),
        cursor=0,
        orders=(),
        pending=None,
        umpire=False,
        cohesion_history=(),
        var_history=(),
        log=EMPTY_LOG,
        ending=None,
        steps=0,
    )
    if len(_bases) >= 64:
        del _bases[next(iter(_bases))]
    _bases[id(s)] = (s, base)
    return base


def _refuse(message: str) -> IllegalActionError:
    return IllegalActionError(message)


def step(
    scenario: ScenarioIR,
    state: GameState,
    action: Action,
    rng: Random,
    *,
    record: bool = True,
) -> tuple[GameState, tuple[Event, ...]]:
    """Apply `action`; return the new state and the events it caused.

    `record=False` skips building events and the history (for batch runs that only read
    the final state); the states are otherwise identical.
    """
    s = scenario
    t = tables(s)
    if state.ending is not None:
        raise _refuse("the game is over; no more actions are accepted")
    kind = type(action)
    if state.ending_hold is not None and state.ending_hold.proposed >= 0:
        apply = _check_ending_ruling(s, state, action)
    elif kind is PlayMove or kind is Pass:
        apply = _check_actor_action(s, t, state, action)
    elif kind is Confirm or kind is Override or kind is Rate:
        apply = _check_adjudication(s, state, action)
    elif kind is PlayOn:
        raise _refuse("there is no ending waiting for the umpire to confirm or play on past")
    elif kind is Inject or kind is Adjust or kind is EndPhase:
        apply = _check_control(s, t, state, action)
    elif kind is ProposeFree:
        apply = freeplay.check_propose(s, t, state, action)  # type: ignore[arg-type]
    elif kind is ArgueFree:
        apply = freeplay.check_argue(s, t, state, action)  # type: ignore[arg-type]
    elif kind is RuleFree:
        apply = freeplay.check_ruling(s, state, action)  # type: ignore[arg-type]
    elif kind is WriteInject:
        apply = freeplay.check_news(s, state, action)  # type: ignore[arg-type]
    else:
        raise _refuse(f"{action!r} is not an action")
    w = Work(state, t, rng, record)
    apply(w)
    w.steps += 1
    flow.settle(w)
    if record:
        assert w.events is not None
        batch = tuple(w.events)
        return w.freeze(state.log.append(batch)), batch
    return w.freeze(state.log), ()


# -- checks: each returns the function that applies the (now known legal) action ---------

Apply = Callable[[Work], None]


def _actor_index(s: ScenarioIR, actor: str) -> int:
    index = s.names.actors.get(actor)
    if index is None:
        raise _refuse(f"there is no actor {actor!r} in this scenario")
    return index


def _check_turn(s: ScenarioIR, t: Tables, state: GameState, actor: int) -> None:
    names = t.actor_names
    if state.pending is not None:
        waiting = awaited(s, state, actor)
        raise _refuse(f"{names[actor]} must wait: the umpire has yet to adjudicate {waiting}")
    now = s.phases[state.phase].actors[state.cursor]
    if now != actor:
        raise _refuse(f"it is not {poss(names[actor])} turn to act: waiting for {names[now]}")


def _check_actor_action(s: ScenarioIR, t: Tables, state: GameState, action: Action) -> Apply:
    assert isinstance(action, PlayMove | Pass)
    if freeplay.awaiting_ruling(state) is not None:
        actor = _actor_index(s, action.actor)
        raise _refuse(
            f"{t.actor_names[actor]} must wait: the umpire has yet to rule on the phase's "
            "free actions"
        )
    if isinstance(action, Pass):
        actor = _actor_index(s, action.actor)
        _check_turn(s, t, state, actor)
        return lambda w: _pass(w, action)
    assert isinstance(action, PlayMove)
    actor = _actor_index(s, action.actor)
    m = s.names.moves.get(action.move)
    if m is None:
        raise _refuse(f"there is no move {action.move!r} in this scenario")
    if not isinstance(action.argument, str):
        raise _refuse("a move's argument must be text")
    move = s.moves[m]
    if (
        state.pending is not None
        or move.actor != actor
        or move.phase != state.phase
        or s.phases[state.phase].actors[state.cursor] != actor
        or not available(move, state)
    ):
        _check_turn(s, t, state, actor)
        why = unavailable_reason(s, state, actor, m) or "not available now"
        raise _refuse(f"{t.actor_names[actor]} cannot play '{move.label}' now: {why}")
    return lambda w: _play(w, m, action)


def _pass(w: Work, action: Pass) -> None:
    names = w.t.actor_names
    actor = w.s.names.actors[action.actor]
    if w.t.simultaneous[w.phase]:
        _submit(w, action, actor)
        return
    w.cursor += 1
    w.emit("pass", f"{names[actor]} passed", f"actor:{action.actor}")


def _play(w: Work, m: int, action: PlayMove) -> None:
    if w.t.simultaneous[w.phase]:
        _submit(w, action, w.s.moves[m].actor)
        return
    w.cursor += 1
    flow.play(w, m, action.argument)


def _submit(w: Work, order: PlayMove | Pass, actor: int) -> None:
    """Record a hidden order of a simultaneous phase."""
    i = w.cursor
    orders = w.orders
    w.orders = put(orders, i, order)
    w.cursor = i + 1
    if w.events is not None:
        who = w.t.actor_names[actor]
        if isinstance(order, PlayMove):
            label = w.s.move(order.move).label
            secret = f"{who} ordered '{label}' (hidden until all orders are in)"
        else:
            secret = f"{who} ordered: pass (hidden until all orders are in)"
        w.emit(
            "order",
            secret,
            f"actor:{w.s.actors[actor].id}",
            secret_to=(actor,),
            public_text=f"{poss(who)} orders are in",
        )


def _check_adjudication(s: ScenarioIR, state: GameState, action: Action) -> Apply:
    pending = state.pending
    if pending is None and freeplay.awaiting_ruling(state) is not None:
        if isinstance(action, Confirm):
            confirmed = freeplay.check_confirm(s, state, action.reason, action.by)
            assert confirmed is not None
            return confirmed
        raise _refuse("a free action waits for the umpire's ruling: rule on it or confirm")
    if pending is None:
        raise _refuse("there is no adjudication waiting for the umpire")
    move = s.moves[pending.move]
    if isinstance(action, Rate):
        if pending.stage != "rate":
            raise _refuse(f"'{move.label}' is not an argued move waiting for a rating")
        if action.rating not in RATINGS:
            raise _refuse(f"a rating is strong, neutral or weak, not {action.rating!r}")
        return lambda w: adjudication.rate(w, action.rating, action.reason)
    if pending.stage == "rate":
        raise _refuse(f"rate the argument for '{move.label}' first (strong, neutral or weak)")
    if isinstance(action, Confirm):
        return lambda w: adjudication.confirm(w, action.reason, action.by)
    assert isinstance(action, Override)
    resolution = move.resolution
    assert resolution is not None
    ids = [o.id for o in resolution.outcomes]
    if action.outcome not in ids:
        raise _refuse(
            f"'{move.label}' has no outcome {action.outcome!r} (outcomes: {', '.join(ids)})"
        )
    index = ids.index(action.outcome)
    if index == pending.proposed:
        raise _refuse(f"{action.outcome!r} is the proposed outcome: confirm it instead")
    if not action.reason.strip():
        raise _refuse("an override needs a reason (it goes into the debrief)")
    return lambda w: adjudication.override(w, index, action.reason)


def _check_ending_ruling(s: ScenarioIR, state: GameState, action: Action) -> Apply:
    """While an ending waits for the umpire, only Confirm and PlayOn are accepted."""
    index = proposed_ending(state)
    assert index is not None
    title = s.endings[index].title
    if isinstance(action, Confirm):
        return lambda w: endings.confirm(w, action.reason)
    if isinstance(action, PlayOn):
        if not isinstance(action.reason, str) or not action.reason.strip():
            raise _refuse("playing on needs a reason (it goes into the debrief)")
        return lambda w: flow.resume(w, endings.play_on(w, action.reason))
    raise _refuse(
        f"the rules say the game ends ('{title}'): the umpire confirms it or plays on first"
    )


def _check_control(s: ScenarioIR, t: Tables, state: GameState, action: Action) -> Apply:
    if isinstance(action, Inject):
        index = s.names.injects.get(action.inject)
        if index is None:
            raise _refuse(f"there is no inject {action.inject!r} in this scenario")
        inject = s.injects[index]
        if inject.once and state.fired[index] > 0:
            raise _refuse(f"'{inject.label}' fires once a game and has already fired")
        how = "fired by the umpire" + (f": {action.reason}" if action.reason else "")
        return lambda w: injects.fire(w, inject, how)
    if isinstance(action, Adjust):
        return _check_adjust(s, state, action)
    assert isinstance(action, EndPhase)
    if state.pending is not None:
        raise _refuse("an adjudication is waiting: confirm or override it before ending the phase")
    if freeplay.awaiting_ruling(state) is not None:
        raise _refuse("the phase is over: rule on its free actions to go on")
    return lambda w: _end_phase(w, action.reason)


def _end_phase(w: Work, reason: str) -> None:
    actors = w.t.phase_actors[w.phase]
    n = len(actors)
    skipped = [w.t.actor_names[a] for a in actors[w.cursor : n]]
    phase = w.s.phases[w.phase]
    text = f"The umpire ended the phase '{phase.label or phase.id}'"
    if skipped:
        text += f" ({', '.join(skipped)} did not act)"
    if reason:
        text += f": {reason}"
    w.emit("umpire", text, UMPIRE, target=phase.id)
    w.cursor = max(w.cursor, n)


def _check_adjust(s: ScenarioIR, state: GameState, action: Adjust) -> Apply:
    target = parse_target(s, action.variable)
    if isinstance(target, str):
        raise _refuse(target)
    value = action.value
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _refuse(f"the value must be a finite number, not {value!r}")
    kind, a, b = target
    why = "because the umpire set it" + (f": {action.reason}" if action.reason else "")
    value = float(value)
    if kind == "var":
        return lambda w: set_var(w, a, value, UMPIRE, why)
    if kind == "flag":
        return lambda w: set_flag(w, a, bool(value), UMPIRE, why)
    if kind == "trust":
        if a == b:
            raise _refuse("an actor's trust in itself is fixed")
        return lambda w: set_trust(w, a, b, value, UMPIRE, why)
    return lambda w: set_commitment(w, a, b, value, UMPIRE, why)
