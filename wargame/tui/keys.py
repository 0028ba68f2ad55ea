"""The game's keys: what each is bound to, when it works, and how the key bar shows it.

The apps' `check_action` and `key_hint` ask here, so the rules for one key sit together:
a hot-seat screen holds every control (`game_key_works`); a shared table's seat holds only
its own seat's keys (`seat_key_allowed`), then the same rules apply.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from wargame.play import OBSERVER, Viewer
from wargame.session import Session
from wargame.tui.clock import PhaseTimer
from wargame.tui.widgets.keybar import Hint

GAME_BINDINGS: list[BindingType] = [
    Binding("question_mark", "help", "Help"),
    Binding("u", "undo", "Undo"),
    Binding("U", "redo", "Redo", show=False),
    Binding("i", "inject", "Inject"),
    Binding("a", "adjust", "Adjust", show=False),
    Binding("e", "end_phase", "End phase", show=False),
    Binding("space", "pause", "Pause timer", show=False),
    Binding("plus", "extend", "+2 min", show=False),
    Binding("s", "save", "Save", show=False),
    Binding("d", "debrief", "Debrief"),
    Binding("A", "answer", "Answer", show=False),
    Binding("R", "rate", "Rate", show=False),
    Binding("O", "observe", "Observation", show=False),
    Binding("T", "take_over", "Take an actor", show=False),
    Binding("X", "exercise_details", "Exercise details", show=False),
    Binding("b", "briefing", "Briefing", show=False),
    Binding("f", "free_play", "Free action"),
    Binding("c", "channels", "Messages"),
    Binding("w", "write_news", "Write news"),
    Binding("t", "toggle_theme", "Theme", show=False),
    Binding("q", "quit", "Quit"),
]
"""The apps' bindings: the game's keys, the help, the theme and quitting."""

GAME_ACTIONS = frozenset(
    {
        "undo",
        "redo",
        "inject",
        "adjust",
        "end_phase",
        "pause",
        "extend",
        "set_timer",
        "save",
        "export",
        "debrief",
        "briefing",
        "free_play",
        "channels",
        "write_news",
        "take_over",
        "exercise_details",
    }
)
"""Actions that work only over a game (the turn screen or the debrief)."""
FREE_PLAY_KEYS = frozenset({"free_play", "channels", "write_news"})
"""Shown in the key bar when it has room beside the other keys (`key_hint`)."""
TEAM_ACTIONS = frozenset({"briefing", "free_play", "channels"})
"""Game actions a team's screen has; the rest are the umpire's (facilitator controls)."""
EVALUATOR_ACTIONS = frozenset({"briefing"})
"""What the evaluator's screen may open of the game actions: it sees as the umpire and
records (answers, ratings, observations: keys outside `GAME_ACTIONS`), but acts on nothing,
so it has no free action, no messages to write and none of the facilitator's controls."""
OBSERVER_ACTIONS = frozenset({"channels"})
"""What the projector may open: the messages sent to all (every channel, after the game,
once the facilitator opens them for the debrief)."""


def game_key_works(
    action: str, session: Session, viewer: Viewer | None, timer: PhaseTimer
) -> bool:
    """Whether game action `action` works now, over a game on screen: undo and redo when
    there is a step to take back or replay, the game's changes until it is over, free
    actions for a team, the timer's keys when it runs, taking an actor when a person
    umpires."""
    if action == "undo":
        return session.can_undo
    if action == "redo":
        return session.can_redo
    if action == "free_play":
        return not session.is_over and isinstance(viewer, int)  # a team's key
    if action in ("inject", "adjust", "end_phase", "write_news"):
        return not session.is_over
    if action in ("pause", "extend"):
        return timer.enabled or action == "extend"
    if action == "take_over":
        return session.umpire is not None and session.umpire.is_human
    return True


def seat_key_allowed(
    action: str, *, evaluator: bool, viewer: Viewer, facilitator: bool, game_over: bool
) -> bool:
    """Whether a shared table's seat has game action `action` at all: the umpire has every
    one but saving (the table's database keeps every action already); the evaluator, the
    projector and a team have theirs, and the debrief once the game is over (not the
    projector: the room reads the ending on its board, the debrief's notes and keys are
    the facilitator's)."""
    if action == "save":
        return False
    if facilitator:
        return True
    if action == "debrief":
        return game_over and viewer != OBSERVER
    if evaluator:
        return action in EVALUATOR_ACTIONS
    if viewer == OBSERVER:
        return action in OBSERVER_ACTIONS
    return action in TEAM_ACTIONS


def key_hint(action: str, viewer: Viewer | None, session: Session | None) -> Hint:
    """How the key bar shows `action`'s key (`KeyHints`): free play's keys are extras,
    shown when the bar has room beside the others; writing news is the umpire's, so it is
    not shown while a team holds the keyboard (a hot-seat facilitator may still press it);
    the projector shows `c` only once the channels are open to it."""
    if action == "write_news" and isinstance(viewer, int):
        return "hidden"
    if action == "channels" and viewer == OBSERVER:
        # The projector's board needs no key; `c` there reads the channels only once the
        # facilitator opens them for the debrief.
        return "extra" if session is not None and session.channels.debrief else "hidden"
    return "extra" if action in FREE_PLAY_KEYS else "key"


__all__ = [
    "EVALUATOR_ACTIONS",
    "FREE_PLAY_KEYS",
    "GAME_ACTIONS",
    "GAME_BINDINGS",
    "OBSERVER_ACTIONS",
    "TEAM_ACTIONS",
    "game_key_works",
    "key_hint",
    "seat_key_allowed",
]
