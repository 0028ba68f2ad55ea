"""What each seat may see: variables, flags, events and hidden orders.

Seats are an actor index, `"umpire"` (sees everything) or `"observer"` (the public: a
projector in the room; sees only what everyone may see). Visibility `None` means everyone,
`()` the umpire only, otherwise those actors and the umpire.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from wargame.engine.events import Event
from wargame.engine.state import GameState
from wargame.scenario.ir import ScenarioIR, Visibility

__all__ = [
    "OBSERVER",
    "SeatView",
    "Viewer",
    "can_see",
    "event_for",
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


def visible(scenario: ScenarioIR, event: Event, seat: Viewer) -> bool:
    """Whether `seat` may see `event` at all (perhaps without its cause; see `event_for`)."""
    return can_see(event.visible_to, seat)


def event_for(event: Event, seat: Viewer) -> Event | None:
    """The event as `seat` sees it: None when hidden; its public form when the cause is secret."""
    if not can_see(event.visible_to, seat):
        return None
    if event.secret_to is None or can_see(event.secret_to, seat):
        return event
    return event._replace(text=event.public_text, cause="", secret_to=None, public_text="")


def seat_events(events: tuple[Event, ...], seat: Viewer) -> tuple[Event, ...]:
    """The events `seat` may see, each in the form it may see."""
    out: list[Event] = []
    for event in events:
        seen = event_for(event, seat)
        if seen is not None:
            out.append(seen)
    return tuple(out)


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
    trust: tuple[tuple[float, ...], ...]
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
