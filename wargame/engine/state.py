"""The game state: an immutable snapshot the rules read and `step` replaces.

`GameState` is a named tuple rather than a frozen dataclass on purpose: a step builds a new
state, and building a 20-field frozen dataclass costs about ten times as much as building a
tuple, which Monte Carlo runs feel. It is still immutable, has `__slots__ = ()`, and exposes
every field by name; compiled expressions read it through `StateLike`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, NamedTuple

from wargame.engine.actions import Pass, PlayMove
from wargame.engine.events import Event, EventLog
from wargame.scenario.ir import ScenarioIR, TrustRow, Visibility

__all__ = [
    "TIME_EXPIRED",
    "TIME_EXPIRED_ID",
    "Argument",
    "EndingHold",
    "FreeAction",
    "FreePlay",
    "GameState",
    "Pending",
    "WrittenNews",
    "ending_id",
    "events",
    "proposed_ending",
]

TIME_EXPIRED: Final = -1
"""`GameState.ending` when the calendar ran out and the scenario has no default ending."""
TIME_EXPIRED_ID: Final = "time_expired"
"""The id reports show for the built-in time-out ending."""

Order = PlayMove | Pass | None


class Pending(NamedTuple):
    """An adjudication waiting for the umpire, with the engine's proposal.

    The randomness was drawn when the move was played, so confirming reproduces exactly
    what the engine would have done without an umpire.
    """

    move: int
    actor: int
    kind: str
    """`chance`, `dice` or `ruling`."""
    stage: str
    """`rate`: an argued move waits for the umpire's rating; `confirm`: Confirm or Override."""
    argument: str = ""
    draw: float = -1.0
    """The uniform draw in [0, 1) for chance and p-weighted rulings; -1 when none."""
    probabilities: tuple[float, ...] = ()
    """Each outcome's probability (chance and p-weighted rulings)."""
    dice: tuple[int, ...] = ()
    modifiers: tuple[tuple[str, float], ...] = ()
    """(label, value) of every modifier that applies, argued rating included once rated."""
    rating: str = ""
    total: float = 0.0
    proposed: int = -1
    """Index of the proposed outcome; -1: no outcome (chances summing below 1)."""


class EndingHold(NamedTuple):
    """Endings wait for the umpire: what the rules propose, and what the umpire set aside.

    A game whose umpire confirms endings carries one (`GameState.ending_hold`); without it
    an ending closes the game the moment it is judged.
    """

    proposed: int = -1
    """Index of the ending waiting for the umpire's Confirm or PlayOn; -1: none."""
    at: str = ""
    """Where the rules stopped to ask: `begin` (after a new turn's news), `phase` (after a
    phase), `turn` (after the end-of-turn rules) or `end` (the calendar ran out)."""
    set_aside: tuple[int, ...] = ()
    """Endings the umpire played on past this turn: not proposed again until the next turn."""


Change = tuple[str, float]
"""A change a free action or written news makes: (target as the author names it, amount)."""


@dataclass(frozen=True, slots=True)
class Argument:
    """One argument about a free action: who made it, what they said, for or against."""

    actor: int
    text: str
    side: str
    """`for` or `against`."""


@dataclass(frozen=True, slots=True)
class FreeAction:
    """A team's own proposal, open until its phase closes and it is ruled on."""

    number: int
    """1 for the game's first free action, and so on: how actions refer to it."""
    actor: int
    text: str
    arguments: tuple[Argument, ...]
    """The proposer's arguments first, then those others added, in order."""
    effects: tuple[Change, ...]
    """What the proposer asks for, within the levers: what a success under the rule does."""
    turn: int
    phase: int
    dice: tuple[int, ...] = ()
    """Rolled when it was proposed; shown to the seats when its phase closes."""


@dataclass(frozen=True, slots=True)
class WrittenNews:
    """News the umpire wrote for the start of the next turn."""

    number: int
    headline: str
    text: str
    visible_to: Visibility
    effects: tuple[Change, ...]


@dataclass(frozen=True, slots=True)
class FreePlay:
    """Play beside the scenario's moves: open free actions and written news to come.

    None in a game that has had none (the state of every batch run), so the rules' hot
    path pays nothing for it.
    """

    open: tuple[FreeAction, ...] = ()
    """Free actions of the current phase not yet ruled on, in the order proposed."""
    waiting: bool = False
    """The phase has closed: the umpire rules on `open[0]`."""
    proposed: int = 0
    """Free actions proposed this game (numbers the next one)."""
    written: int = 0
    """Pieces of news the umpire wrote this game (numbers the next one)."""
    scheduled: tuple[WrittenNews, ...] = ()
    """Written news that appears at the start of the next turn."""


class GameState(NamedTuple):
    """Everything the rules need to continue a game (see docs/rules.md)."""

    turn: int
    """Current turn, 1-based."""
    phase: int
    """Index of the current phase."""
    vars: tuple[float, ...]
    flags: tuple[bool, ...]
    trust: tuple[TrustRow, ...]
    commitment: tuple[tuple[float, ...], ...]
    active: tuple[tuple[bool, ...], ...]
    cohesion: tuple[float, ...]
    collapsed: tuple[bool, ...]
    played: tuple[int, ...]
    """Times each move was played this game."""
    fired: tuple[int, ...]
    """Times each inject fired this game."""
    last_played: tuple[int, ...]
    """Turn each move was last played (0: never)."""
    turn_played: tuple[int, ...]
    """Times each move was played in turn `last_played` (so: this turn, when that is now)."""
    cursor: int
    """Sequential phase: position of the actor to act. Simultaneous phase: positions below
    the number of actors collect orders; from there on, `cursor - n` orders are resolved."""
    orders: tuple[Order, ...]
    """Hidden orders of the current simultaneous phase by position (None: not yet given)."""
    pending: Pending | None
    umpire: bool
    """Umpire mode: every adjudication waits for the umpire."""
    cohesion_history: tuple[tuple[float, ...], ...]
    """Cohesion at the start of the game, then at the end of each turn."""
    var_history: tuple[tuple[float, ...], ...]
    """Variables at the start of the game, then at the end of each turn."""
    log: EventLog
    ending: int | None
    """Index of the ending reached, TIME_EXPIRED, or None while the game goes on."""
    steps: int
    """Actions applied so far."""
    ending_hold: EndingHold | None = None
    """Set when the umpire confirms endings (`initial_state(confirm_endings=True)`)."""
    free: FreePlay | None = None
    """Free actions and written news (docs/rules.md, Free play); None until the first."""

    @property
    def over(self) -> bool:
        """Whether the game has ended."""
        return self.ending is not None


def events(state: GameState) -> tuple[Event, ...]:
    """Every event of the game so far, oldest first."""
    return state.log.all()


def proposed_ending(state: GameState) -> int | None:
    """Index of the ending the rules propose and the umpire has yet to confirm, or None."""
    hold = state.ending_hold
    if hold is None or hold.proposed < 0 or state.ending is not None:
        return None
    return hold.proposed


def ending_id(scenario: ScenarioIR, state: GameState) -> str | None:
    """The id of the ending reached (`time_expired` for the built-in one), None while on."""
    if state.ending is None:
        return None
    if state.ending == TIME_EXPIRED:
        return TIME_EXPIRED_ID
    return scenario.endings[state.ending].id
