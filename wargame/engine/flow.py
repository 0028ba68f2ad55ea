"""The turn structure: phases in order, then the end-of-turn rules, then the next turn.

`settle` runs the automatic part of the game after every action (resolving simultaneous
orders, closing phases, the end-of-turn rules, injects, endings) until a seat must act, an
adjudication waits for the umpire, or the game is over.
"""

from __future__ import annotations

from wargame.engine import adjudication, cohesion, freeplay, injects
from wargame.engine.actions import Pass, PlayMove
from wargame.engine.endings import check_endings, time_out
from wargame.engine.limits import available, limit_reason, move_reason
from wargame.engine.view import reads_visibility
from wargame.engine.work import Work, apply_effects, apply_quietly, poss
from wargame.scenario.plain import mid

__all__ = ["open_game", "play", "resume", "settle", "start_phase"]


def play(w: Work, m: int, argument: str) -> None:
    """Play move `m` for its actor: count it, announce it, apply effects, adjudicate."""
    move = w.s.moves[m]
    turn = w.turn
    played = w.played
    last = w.last_played
    tp = w.turn_played
    after = m + 1
    w.played = played[:m] + (played[m] + 1,) + played[after:]  # noqa: RUF005 (see `put`)
    w.turn_played = tp[:m] + ((tp[m] if last[m] == turn else 0) + 1,) + tp[after:]  # noqa: RUF005
    w.last_played = last[:m] + (turn,) + last[after:]  # noqa: RUF005
    actor = move.actor
    if w.events is not None:
        who = w.t.actor_names[actor]
        secret = (actor,) if move.secret else None
        text = f"{who} played '{move.label}'"
        if move.argued is not None and argument:
            text += f", arguing: “{argument}”"
        if move.text:
            text += f". {move.text}"
        w.emit("move", text, f"move:{move.id}", visible_to=secret, target=move.id)
        because = f"because {mid(who)} played '{move.label}'"
        apply_effects(w, move.effects, f"move:{move.id}", because, secret)
    elif move.effects:
        apply_quietly(w, move.effects)
    if move.resolution is not None:
        if w.events is None and not w.umpire:
            adjudication.resolve_quietly(w, move, argument)
        else:
            adjudication.begin(w, move, actor, argument)


def start_phase(w: Work) -> None:
    """Enter phase `w.phase`: reset the cursor (and the order sheet of a simultaneous one)."""
    t = w.t
    p = w.phase
    w.cursor = 0
    w.orders = (None,) * len(t.phase_actors[p]) if t.simultaneous[p] else ()
    if w.events is not None:
        phase = w.s.phases[p]
        mode = " (orders are given in secret and revealed together)" if t.simultaneous[p] else ""
        w.emit(
            "phase",
            f"Turn {w.turn}, phase '{phase.label or phase.id}' begins{mode}",
            "rules",
            target=phase.id,
        )


def _begin_turn(w: Work) -> None:
    s = w.s
    if w.events is not None:
        labels = s.calendar.labels
        label = labels[w.turn - 1] if w.turn - 1 < len(labels) else ""
        w.emit(
            "turn",
            f"Turn {w.turn} of {s.calendar.turns}" + (f" ({label})" if label else "") + " begins",
            "rules",
            target=str(w.turn),
        )
    freeplay.release_news(w)
    injects.start_of_turn(w)
    _after_news(w)


def _after_news(w: Work) -> None:
    if check_endings(w, w.t.ending_checks, "begin"):
        return
    w.phase = 0
    if w.s.phases:
        start_phase(w)


def open_game(w: Work) -> None:
    """The opening of a game: turn 1 begins (injects considered), the histories start."""
    _begin_turn(w)
    w.cohesion_history = (w.cohesion,)
    w.var_history = (w.vars,)
    settle(w)


def _end_turn(w: Work) -> None:
    cohesion.end_of_turn(w)
    w.cohesion_history = (*w.cohesion_history, w.cohesion)
    w.var_history = (*w.var_history, w.vars)
    _after_turn_rules(w)


def _after_turn_rules(w: Work) -> None:
    if check_endings(w, w.t.turn_checks, "turn"):
        return
    if w.turn >= w.s.calendar.turns:
        time_out(w)
        return
    w.turn += 1
    hold = w.ending_hold
    if hold is not None and hold.set_aside:
        w.ending_hold = hold._replace(set_aside=())
    _begin_turn(w)


def resume(w: Work, at: str) -> None:
    """Take the rules up again where they stopped to propose an ending (`EndingHold.at`)
    that the umpire played on past; `settle` does the rest."""
    if at == "begin":
        _after_news(w)
    elif at == "turn":
        _after_turn_rules(w)
    elif at == "end":
        time_out(w)
    # `phase`: the phase is still over, so `settle` ends it again (the ending set aside).


def _end_phase(w: Work) -> None:
    if check_endings(w, w.t.ending_checks, "phase"):
        return
    if w.phase + 1 < len(w.s.phases):
        w.phase += 1
        start_phase(w)
    else:
        _end_turn(w)


def _reveal(w: Work) -> None:
    names = w.t.actor_names
    actors = w.t.phase_actors[w.phase]
    for i, order in enumerate(w.orders):
        who = names[actors[i]]
        if isinstance(order, PlayMove):
            move = w.s.move(order.move)
            vis = (move.actor,) if move.secret else None
            w.emit(
                "reveal",
                f"{poss(who)} order revealed: '{move.label}'",
                "rules",
                visible_to=vis,
                target=move.id,
            )
        elif isinstance(order, Pass):
            w.emit("reveal", f"{poss(who)} order revealed: pass", "rules")
        else:
            w.emit("reveal", f"{who} gave no orders", "rules")


def _resolve_order(w: Work, i: int) -> None:
    order = w.orders[i]
    if not isinstance(order, PlayMove):
        return
    m = w.s.names.moves[order.move]
    move = w.s.moves[m]
    if not available(move, w):
        if w.events is not None:
            reason = move_reason(w.s, move, w)
            who = w.t.actor_names[move.actor]
            text = f"{poss(who)} order '{move.label}' fizzles: {reason}"
            # A condition on hidden values is explained only to who may see them.
            secret = None
            if limit_reason(move, w) is None and move.when is not None:
                secret = reads_visibility(w.s, move.when.reads)
            w.emit(
                "fizzle",
                text,
                "rules",
                visible_to=(move.actor,) if move.secret else None,
                target=move.id,
                secret_to=secret,
                public_text=(
                    f"{poss(who)} order '{move.label}' fizzles: its condition no longer holds"
                    if secret is not None
                    else ""
                ),
            )
        return
    play(w, m, order.argument)


def settle(w: Work) -> None:
    """Run the automatic rules until a seat must act or the game ends."""
    s = w.s
    t = w.t
    while w.ending is None and w.pending is None:
        hold = w.ending_hold
        if hold is not None and hold.proposed >= 0:
            return
        if not s.phases:
            _end_turn(w)
            continue
        n = len(t.phase_actors[w.phase])
        cursor = w.cursor
        if cursor < n:
            return
        if t.simultaneous[w.phase] and cursor < 2 * n:
            if cursor == n and w.events is not None:
                _reveal(w)
            w.cursor = cursor + 1
            _resolve_order(w, cursor - n)
            continue
        free = w.free
        if free is not None and free.open and freeplay.close_phase(w):
            return
        _end_phase(w)
