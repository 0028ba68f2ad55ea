"""What each seat may see: variables, flags, events and hidden orders.

Seats are an actor index, `"umpire"` (sees everything) or `"observer"` (the public: a
projector in the room; sees only what everyone may see). Visibility `None` means everyone,
`()` the umpire only, otherwise those actors and the umpire.

`event_for` is the one filter: every surface that shows a player something that happened
(news flashes, results, the log, reports, hosted seats) passes the events through it (or
`seat_events`, `effects_of`), never reads `Event.text` unfiltered. The rules tag each event
with who may see it; values computed from hidden ones are hidden with them
(`reads_visibility`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from wargame.engine.events import Event
from wargame.engine.state import GameState
from wargame.scenario.ir import ScenarioIR, TrustRow, Visibility

__all__ = [
    "OBSERVER",
    "SeatView",
    "Viewer",
    "both",
    "can_see",
    "effects_of",
    "event_for",
    "readable_by",
    "reads_visibility",
    "seat_events",
    "seat_view",
    "visible",
    "visible_flags",
    "visible_variables",
]

OBSERVER: Final = "observer"
Viewer = int | Literal["umpire", "observer"]


def can_see(visibility: Visibility, seat: Viewer) -> bool:
    """Whether `seat` may see something with this visibility."""
    if seat == "umpire" or visibility is None:
        return True
    if seat == OBSERVER:
        return False
    return seat in visibility


def both(a: Visibility, b: Visibility) -> Visibility:
    """Who may see two things at once (None: everyone; (): the umpire alone)."""
    if a is None:
        return b
    if b is None:
        return a
    return tuple(x for x in a if x in b)


def reads_visibility(scenario: ScenarioIR, reads: Iterable[str]) -> Visibility:
    """Who may see every value in `reads` (an `Expr.reads`): a variable's or flag's
    `visible_to`, a secret move's play count (its actor), a restricted inject's firing.

    What an expression computes from them (a condition's truth, a modifier, a probability)
    is hidden with them: the rules show it only to these seats.
    """
    names = scenario.names
    vis: Visibility = None
    for read in reads:
        kind, _, ident = read.partition(":")
        if kind == "var" and ident in names.variables:
            vis = both(vis, scenario.variables[names.variables[ident]].visible_to)
        elif kind == "flag" and ident in names.flags:
            vis = both(vis, scenario.flags[names.flags[ident]].visible_to)
        elif kind == "played" and ident in names.moves:
            move = scenario.moves[names.moves[ident]]
            vis = both(vis, (move.actor,) if move.secret else None)
        elif kind == "fired" and ident in names.injects:
            vis = both(vis, scenario.injects[names.injects[ident]].visible_to)
    return vis


def readable_by(scenario: ScenarioIR, seat: Viewer) -> Callable[[Iterable[str]], bool]:
    """Whether `seat` may see every value some `Expr.reads` keys name: what the plain-language
    writer (`scenario.plain`) asks before it puts a condition, an amount or a current value
    into words for that seat."""
    if seat == "umpire":
        return lambda reads: True
    return lambda reads: can_see(reads_visibility(scenario, reads), seat)


def visible(scenario: ScenarioIR, event: Event, seat: Viewer) -> bool:
    """Whether `seat` may see `event` at all (perhaps without its cause; see `event_for`)."""
    return can_see(event.visible_to, seat)


def event_for(event: Event, seat: Viewer) -> Event | None:
    """The event as `seat` sees it: None when hidden; its public form (its `public_text`,
    no cause, no modifiers) when its cause or its detail is secret from `seat`."""
    if not can_see(event.visible_to, seat):
        return None
    if event.secret_to is None or can_see(event.secret_to, seat):
        return event
    return event._replace(
        text=event.public_text, cause="", secret_to=None, public_text="", modifiers=()
    )


def seat_events(events: Iterable[Event], seat: Viewer) -> tuple[Event, ...]:
    """The events `seat` may see, each in the form it may see."""
    out: list[Event] = []
    for event in events:
        seen = event_for(event, seat)
        if seen is not None:
            out.append(seen)
    return tuple(out)


_CAUSES: Final = ("effect", "cohesion")
"""Kinds of the events a move, an outcome or a piece of news causes at once."""


def effects_of(events: Sequence[Event], index: int, seat: Viewer) -> tuple[Event, ...]:
    """What `events[index]` (news, a move or an outcome) changed, as `seat` may see it.

    The changes are the effect and cohesion events right after it with its cause (an
    outcome's are its move's), matched before filtering, so a change whose cause `seat`
    may not learn still shows in its public form, and a change `seat` may not see at all
    (a hidden variable) does not show. For a news flash or a result dialog.
    """
    trigger = events[index]
    cause = trigger.cause
    if trigger.kind == "outcome":
        cause = "move:" + trigger.target.split(":", 1)[0]
    found: list[Event] = []
    for event in events[index + 1 :]:
        if event.kind not in _CAUSES or event.cause != cause:
            break
        found.append(event)
    return seat_events(found, seat)


def visible_variables(scenario: ScenarioIR, seat: Viewer) -> tuple[int, ...]:
    """Indexes of the variables `seat` may see."""
    return tuple(i for i, v in enumerate(scenario.variables) if can_see(v.visible_to, seat))


def visible_flags(scenario: ScenarioIR, seat: Viewer) -> tuple[int, ...]:
    """Indexes of the flags `seat` may see."""
    return tuple(i for i, f in enumerate(scenario.flags) if can_see(f.visible_to, seat))


@dataclass(frozen=True, slots=True)
class SeatView:
    """A state as one seat may see it (what a screen for that seat shows)."""

    seat: Viewer
    turn: int
    phase: int
    variables: tuple[tuple[str, float], ...]
    """(variable id, value) of the visible variables."""
    flags: tuple[tuple[str, bool], ...]
    cohesion: tuple[float, ...]
    collapsed: tuple[bool, ...]
    trust: tuple[TrustRow, ...]
    events: tuple[Event, ...]
    own_order: str | None
    """This actor's hidden order in the current simultaneous phase (move id or `pass`)."""
    orders_in: tuple[bool, ...]
    """Per position of the current simultaneous phase: whether that order is in."""
    waiting_for_umpire: bool
    ending: int | None


def seat_view(scenario: ScenarioIR, state: GameState, seat: Viewer) -> SeatView:
    """What `seat` may see of `state` (events: the whole history, filtered)."""
    own: str | None = None
    if isinstance(seat, int) and state.orders:
        actors = scenario.phases[state.phase].actors
        for position, order in enumerate(state.orders):
            if order is not None and actors[position] == seat:
                own = getattr(order, "move", "pass")
    return SeatView(
        seat=seat,
        turn=state.turn,
        phase=state.phase,
        variables=tuple(
            (scenario.variables[i].id, state.vars[i]) for i in visible_variables(scenario, seat)
        ),
        flags=tuple((scenario.flags[i].id, state.flags[i]) for i in visible_flags(scenario, seat)),
        cohesion=state.cohesion,
        collapsed=state.collapsed,
        trust=state.trust,
        events=seat_events(state.log.all(), seat),
        own_order=own,
        orders_in=tuple(order is not None for order in state.orders),
        waiting_for_umpire=state.pending is not None,
        ending=state.ending,
    )
