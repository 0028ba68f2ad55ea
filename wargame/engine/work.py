"""The working copy a step mutates, and the one place effects are applied.

`step` copies the state's fields into a `Work` (a plain slotted object: attribute writes are
cheap), applies the rules to it, and freezes it into a new `GameState`. Expressions read the
Work directly: it has the `StateLike` attributes, so conditions see every change made
earlier in the same step. Values are replaced tuple by tuple (a changed variable rebuilds
`vars`), so the input state is never touched and a refused action changes nothing.
"""

from __future__ import annotations

import math
from random import Random
from typing import TypeVar

from wargame.engine.events import Event
from wargame.engine.state import EndingHold, FreePlay, GameState, Order, Pending
from wargame.engine.tables import Tables
from wargame.scenario.ir import Effect, ScenarioIR, TrustRow, Value, Visibility
from wargame.scenario.numbers import as_number
from wargame.scenario.plain import mid, possessive, whole

T = TypeVar("T")

__all__ = [
    "Work",
    "apply_effects",
    "apply_quietly",
    "flag_change",
    "fmt",
    "put",
    "recompute_cohesion",
    "set_commitment",
    "set_flag",
    "set_trust",
    "set_var",
    "whole",
    "whole_change",
]


class Work:
    """A mutable copy of a `GameState` plus what the step needs (scenario, rng, events)."""

    __slots__ = (
        "active",
        "cohesion",
        "cohesion_history",
        "collapsed",
        "commitment",
        "cursor",
        "ending",
        "ending_hold",
        "events",
        "fired",
        "flags",
        "free",
        "last_played",
        "log",
        "orders",
        "pending",
        "phase",
        "played",
        "rng",
        "s",
        "steps",
        "t",
        "trust",
        "turn",
        "turn_played",
        "umpire",
        "var_history",
        "vars",
    )

    turn: int
    phase: int
    vars: tuple[float, ...]
    flags: tuple[bool, ...]
    trust: tuple[TrustRow, ...]
    commitment: tuple[tuple[float, ...], ...]
    active: tuple[tuple[bool, ...], ...]
    cohesion: tuple[float, ...]
    collapsed: tuple[bool, ...]
    played: tuple[int, ...]
    fired: tuple[int, ...]
    last_played: tuple[int, ...]
    turn_played: tuple[int, ...]
    cursor: int
    orders: tuple[Order, ...]
    pending: Pending | None
    umpire: bool
    cohesion_history: tuple[tuple[float, ...], ...]
    var_history: tuple[tuple[float, ...], ...]
    log: object
    ending: int | None
    steps: int
    ending_hold: EndingHold | None
    free: FreePlay | None
    s: ScenarioIR
    t: Tables
    rng: Random
    events: list[Event] | None
    """Events of this step; None when the caller asked not to record (fast batch runs)."""

    def __init__(self, state: GameState, t: Tables, rng: Random, record: bool) -> None:
        (
            self.turn,
            self.phase,
            self.vars,
            self.flags,
            self.trust,
            self.commitment,
            self.active,
            self.cohesion,
            self.collapsed,
            self.played,
            self.fired,
            self.last_played,
            self.turn_played,
            self.cursor,
            self.orders,
            self.pending,
            self.umpire,
            self.cohesion_history,
            self.var_history,
            self.log,
            self.ending,
            self.steps,
            self.ending_hold,
            self.free,
        ) = state
        self.s = t.scenario
        self.t = t
        self.rng = rng
        self.events = [] if record else None

    def copy(self) -> Work:
        """An independent copy (the values are immutable, so sharing them is safe; the
        generator and the event list, if any, are shared)."""
        twin = Work.__new__(Work)
        twin.active = self.active
        twin.cohesion = self.cohesion
        twin.cohesion_history = self.cohesion_history
        twin.collapsed = self.collapsed
        twin.commitment = self.commitment
        twin.cursor = self.cursor
        twin.ending = self.ending
        twin.ending_hold = self.ending_hold
        twin.events = self.events
        twin.fired = self.fired
        twin.flags = self.flags
        twin.free = self.free
        twin.last_played = self.last_played
        twin.log = self.log
        twin.orders = self.orders
        twin.pending = self.pending
        twin.phase = self.phase
        twin.played = self.played
        twin.rng = self.rng
        twin.s = self.s
        twin.steps = self.steps
        twin.t = self.t
        twin.trust = self.trust
        twin.turn = self.turn
        twin.turn_played = self.turn_played
        twin.umpire = self.umpire
        twin.var_history = self.var_history
        twin.vars = self.vars
        return twin

    def freeze(self, log: object) -> GameState:
        return GameState(
            self.turn,
            self.phase,
            self.vars,
            self.flags,
            self.trust,
            self.commitment,
            self.active,
            self.cohesion,
            self.collapsed,
            self.played,
            self.fired,
            self.last_played,
            self.turn_played,
            self.cursor,
            self.orders,
            self.pending,
            self.umpire,
            self.cohesion_history,
            self.var_history,
            log,  # type: ignore[arg-type]
            self.ending,
            self.steps,
            self.ending_hold,
            self.free,
        )

    def emit(
        self,
        kind: str,
        text: str,
        cause: str = "",
        *,
        visible_to: Visibility = None,
        target: str = "",
        before: Value | None = None,
        after: Value | None = None,
        secret_to: Visibility = None,
        public_text: str = "",
        dice: tuple[int, ...] = (),
        modifiers: tuple[tuple[str, float], ...] = (),
    ) -> None:
        events = self.events
        if events is not None:
            events.append(
                Event(
                    kind,
                    text,
                    cause,
                    self.turn,
                    self.phase,
                    visible_to,
                    target,
                    before,
                    after,
                    secret_to,
                    public_text,
                    dice,
                    modifiers,
                )
            )


def fmt(x: Value) -> str:
    """A number as people write it: 45, 45.5, 45.33 (at most two decimals)."""
    if isinstance(x, bool):
        return "true" if x else "false"
    if not -math.inf < x < math.inf:
        return "not a number" if x != x else "infinity" if x > 0 else "minus infinity"
    if x == int(x):
        return str(int(x))
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return text


def put(values: tuple[T, ...], index: int, value: T) -> tuple[T, ...]:
    """`values` with `values[index]` replaced (concatenation: faster than unpacking)."""
    return values[:index] + (value,) + values[index + 1 :]  # noqa: RUF005


def poss(name: str) -> str:
    """The possessive of a name: Denmark's, the United States', Congress's."""
    return possessive(name)


def _moved(old: float, new: float) -> str:
    return "rose" if new > old else "fell"


def whole_change(old: float, new: float) -> str:
    """A trust or commitment change in whole numbers, as players read those 0-100 scales:
    `rose from 53 to 58`, or `fell a little (still about 53)` when both round alike."""
    moved = _moved(old, new)
    before, after = whole(old), whole(new)
    if before == after:
        return f"{moved} a little (still about {before})"
    return f"{moved} from {before} to {after}"


def _clamped(new: float, hi: float) -> str:
    """Why a change stopped short: the value reached the end of its scale."""
    return f" (its highest, {fmt(new)})" if new == hi else f" (its lowest, {fmt(new)})"


def flag_change(label: str, value: bool) -> str:
    """A fact as players read it when it changes: the flag's label says what is now so;
    `… : no longer so` when it stops being so (never `now true`)."""
    return label if value else f"{label}: no longer so"


def _combine(op: str, old: float, value: float) -> float:
    if op == "=":
        return value
    if op == "+=":
        return old + value
    if op == "-=":
        return old - value
    return old * value


def apply_effects(
    w: Work,
    effects: tuple[Effect, ...],
    cause: str,
    because: str,
    secret_to: Visibility = None,
) -> None:
    """Apply `effects` in order; each sees the ones before it. Emits one event per change.

    `because` completes the sentence ("because Denmark played 'Protest'"); when `secret_to`
    is set, seats outside it see the change but not its cause.
    """
    if w.events is None:
        apply_quietly(w, effects)
        return
    for effect in effects:
        target = effect.target
        value = effect.value.fn(w)
        kind = target.kind
        if kind == "var":
            i = target.a
            old = w.vars[i]
            set_var(w, i, _combine(effect.op, old, as_number(value)), cause, because, secret_to)
        elif kind == "flag":
            set_flag(w, target.a, bool(value), cause, because, secret_to)
        elif kind == "trust":
            old = w.trust[target.a][target.b]
            new = _combine(effect.op, old, as_number(value))
            set_trust(w, target.a, target.b, new, cause, because, secret_to)
        else:
            old = w.commitment[target.a][target.b]
            new = _combine(effect.op, old, as_number(value))
            set_commitment(w, target.a, target.b, new, cause, because, secret_to)


def apply_quietly(w: Work, effects: tuple[Effect, ...]) -> None:
    """`apply_effects` without events: the batch-run fast path (same results).

    Reads the effects pre-digested into plain tuples (see `tables.QuietEffect`).
    """
    for code, a, b, op, fn, lo, hi in w.t.quiet[id(effects)]:
        value = fn(w)
        if code == 0:
            vs = w.vars
            old = vs[a]
            try:  # free unless raised: a whole number too large for a float
                if op == 1:
                    new = old + value
                elif op == 2:
                    new = old - value
                elif op == 0:
                    new = float(value)
                else:
                    new = old * value
            except OverflowError:
                new = _combine(_OPS[op], old, as_number(value))
            # In bounds, the value; out of them, the bound; not a number, unchanged.
            new = float(new) if lo <= new <= hi else lo if new < lo else hi if new > hi else old
            if new != old:
                w.vars = put(vs, a, new)
        elif code == 1:
            set_flag(w, a, bool(value), "", "")
        elif code == 2:
            tr = w.trust
            row = tr[a]
            old = row[b]
            try:
                if op == 1:
                    new = old + value
                elif op == 2:
                    new = old - value
                elif op == 0:
                    new = float(value)
                else:
                    new = old * value
            except OverflowError:
                new = _combine(_OPS[op], old, as_number(value))
            new = (
                float(new) if 0.0 <= new <= 100.0 else 0.0 if new < 0.0 else 100.0 if new > 100.0
                else old
            )
            if new != old:
                w.trust = tr[:a] + (row[:b] + (new,) + row[b + 1 :],) + tr[a + 1 :]  # noqa: RUF005
        else:
            old = w.commitment[a][b]
            set_commitment(w, a, b, _combine(_OPS[op], old, as_number(value)), "", "")


_OPS = ("=", "+=", "-=", "*=")


def _no_number(w: Work, what: str, old: float, target: str, because: str) -> None:
    """The notice that an effect's arithmetic gave no number, so its target kept `old`
    (docs/rules.md, Arithmetic that overflows): for the umpire and the report only."""
    if w.events is None:
        return
    w.emit(
        "notice",
        f"{' '.join((what, 'stays at', fmt(old), because)).rstrip()}: the effect's "
        "arithmetic gave no number (infinity minus infinity, or zero times infinity)",
        "rules",
        visible_to=(),
        target=target,
    )


def set_var(
    w: Work, i: int, value: float, cause: str, because: str, secret_to: Visibility = None
) -> None:
    t = w.t
    old = w.vars[i]
    lo = t.var_min[i]
    hi = t.var_max[i]
    if lo <= value <= hi:
        new = value
    elif value != value:
        variable = w.s.variables[i]
        _no_number(w, t.var_labels[i], old, f"var:{variable.id}", because)
        return
    else:
        new = lo if value < lo else hi
    if new == old:
        return
    vs = w.vars
    w.vars = put(vs, i, new)
    if w.events is not None:
        label = t.var_labels[i]
        note = _clamped(new, hi) if new != value else ""
        change = f"{label} {_moved(old, new)} from {fmt(old)} to {fmt(new)}{note}"
        w.emit(
            "effect",
            f"{change} {because}".rstrip(),
            cause,
            visible_to=w.s.variables[i].visible_to,
            target=f"var:{w.s.variables[i].id}",
            before=old,
            after=new,
            secret_to=secret_to,
            public_text=change if secret_to is not None else "",
        )


def set_flag(
    w: Work, i: int, value: bool, cause: str, because: str, secret_to: Visibility = None
) -> None:
    old = w.flags[i]
    if old == value:
        return
    fs = w.flags
    w.flags = put(fs, i, value)
    if w.events is not None:
        change = flag_change(w.t.flag_labels[i], value)
        w.emit(
            "effect",
            f"{change} {because}".rstrip(),
            cause,
            visible_to=w.s.flags[i].visible_to,
            target=f"flag:{w.s.flags[i].id}",
            before=old,
            after=value,
            secret_to=secret_to,
            public_text=change if secret_to is not None else "",
        )


def set_trust(
    w: Work,
    a: int,
    b: int,
    value: float,
    cause: str,
    because: str,
    secret_to: Visibility = None,
    kind: str = "effect",
) -> None:
    row = w.trust[a]
    old = row[b]
    if 0.0 <= value <= 100.0:
        new = value
    elif value != value:
        names = w.t.actor_names
        target = f"trust:{w.s.actors[a].id}:{w.s.actors[b].id}"
        _no_number(w, f"{poss(names[a])} trust in {mid(names[b])}", old, target, because)
        return
    else:
        new = 0.0 if value < 0.0 else 100.0
    if new == old:
        return
    tr = w.trust
    w.trust = put(tr, a, (*row[:b], new, *row[b + 1 :]))
    if w.events is not None:
        names = w.t.actor_names
        change = (
            f"{poss(names[a])} trust in {mid(names[b])} {whole_change(old, new)}"
        )
        w.emit(
            kind,
            f"{change} {because}".rstrip(),
            cause,
            target=f"trust:{w.s.actors[a].id}:{w.s.actors[b].id}",
            before=old,
            after=new,
            secret_to=secret_to,
            public_text=change if secret_to is not None else "",
        )


def set_commitment(
    w: Work,
    k: int,
    m: int,
    value: float,
    cause: str,
    because: str,
    secret_to: Visibility = None,
    kind: str = "effect",
) -> None:
    row = w.commitment[k]
    old = row[m]
    if 0.0 <= value <= 100.0:
        new = value
    elif value != value:
        alliance = w.s.alliances[k]
        actor = alliance.members[m]
        what = f"{poss(w.t.actor_names[actor])} commitment to {alliance.name}"
        target = f"commitment:{alliance.id}:{w.s.actors[actor].id}"
        _no_number(w, what, old, target, because)
        return
    else:
        new = 0.0 if value < 0.0 else 100.0
    if new == old:
        return
    cm = w.commitment
    w.commitment = put(cm, k, (*row[:m], new, *row[m + 1 :]))
    change = ""
    if w.events is not None:
        alliance = w.s.alliances[k]
        actor = alliance.members[m]
        change = (
            f"{poss(w.t.actor_names[actor])} commitment to {alliance.name} "
            f"{whole_change(old, new)}"
        )
        w.emit(
            kind,
            f"{change} {because}".rstrip(),
            cause,
            target=f"commitment:{alliance.id}:{w.s.actors[actor].id}",
            before=old,
            after=new,
            secret_to=secret_to,
            public_text=change if secret_to is not None else "",
        )
    if kind == "effect":
        recompute_cohesion(w, k, cause, change, secret_to)


def cohesion_of(
    weights: tuple[float, ...], commitment: tuple[float, ...], active: tuple[bool, ...]
) -> float:
    """Σ w·c over active members / Σ w over all members (a departed member counts 0)."""
    total = 0.0
    num = 0.0
    for wt, c, on in zip(weights, commitment, active, strict=True):
        total += wt
        if on:
            num += wt * c
    return num / total if total > 0 else 0.0


def recompute_cohesion(
    w: Work, k: int, cause: str, why: str, secret_to: Visibility = None
) -> None:
    """Recompute alliance k's cohesion after its commitments or membership changed.

    Cohesion is public; when the change's cause is secret (`secret_to`, as for the
    commitment change behind it), the others see the change without the cause."""
    alliance = w.s.alliances[k]
    old = w.cohesion[k]
    new = cohesion_of(alliance.weights, w.commitment[k], w.active[k])
    if new == old:
        return
    co = w.cohesion
    w.cohesion = put(co, k, new)
    if w.events is not None:
        text = f"{alliance.name} cohesion {whole_change(old, new)}"
        if why:
            text += f": {why}"
        w.emit(
            "cohesion",
            text,
            cause,
            target=f"cohesion:{alliance.id}",
            before=old,
            after=new,
            secret_to=secret_to,
            public_text=text if secret_to is not None else "",
        )
