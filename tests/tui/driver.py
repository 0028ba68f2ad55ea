"""A keys-only player: answers whatever screen is up the way a class would.

Used by the playthrough tests; it presses keys only (never calls the app's methods), so a
playthrough proves the game can be played from the keyboard alone.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from wargame.play.views import MoveOption
from wargame.tui.app import WargameApp
from wargame.tui.screens.adjudication import AdjudicationScreen
from wargame.tui.screens.debrief import DebriefScreen
from wargame.tui.screens.dialogs import ArgumentDialog
from wargame.tui.screens.game import GameScreen
from wargame.tui.screens.notice import ContentNoteScreen
from wargame.tui.screens.setup import SetupScreen

from .conftest import settle

Chooser = Callable[[WargameApp], str]
"""Picks the keys to press on the game screen, space-separated ("1 2" types move 12;
default: the first available move's number, then Enter)."""


RATING_KEYS = {"s": "f2", "n": "f3", "w": "f4"}
"""The ruling dialog's keys for strong, neutral and weak (letters go into the reason)."""


def keys_for(app: WargameApp, option: MoveOption) -> str:
    """The keys a class presses next to send `option`: its number (each digit) to choose
    it, then Enter to send it."""
    screen = app.screen
    moves = app.turn_view().moves
    armed = screen.armed if isinstance(screen, GameScreen) else None
    if armed is not None and 0 <= armed < len(moves) and moves[armed] == option:
        return "enter"
    return " ".join(str(option.key))


def first_move(app: WargameApp) -> str:
    """The first available move (the list's highlighted one)."""
    available = [o for o in app.turn_view().moves if o.available]
    return keys_for(app, available[0]) if available else "1"


async def step(pilot: Pilot[int], choose: Chooser = first_move, rating: str = "n") -> str:
    """Answer the screen on display with keys; return the name of the screen answered."""
    app = pilot.app
    assert isinstance(app, WargameApp)
    screen = app.screen
    name = type(screen).__name__
    if isinstance(screen, GameScreen):
        await pilot.press(*choose(app).split(" "))
    elif isinstance(screen, ArgumentDialog):
        await pilot.press(*"We hold firm", "enter")
    elif isinstance(screen, AdjudicationScreen):
        pending = app.session.state.pending if app.session else None
        if pending is not None and pending.stage == "rate":
            await pilot.press(RATING_KEYS[rating])
        else:
            await pilot.press("enter")
    else:
        await pilot.press("enter")
    await settle(pilot)
    return name


async def play_until(
    pilot: Pilot[int],
    done: Callable[[WargameApp], bool],
    *,
    choose: Chooser = first_move,
    limit: int = 400,
) -> list[str]:
    """Press keys until `done(app)`; return the screens answered (fails after `limit`)."""
    app = pilot.app
    assert isinstance(app, WargameApp)
    seen: list[str] = []
    for _ in range(limit):
        if done(app):
            return seen
        seen.append(await step(pilot, choose))
    raise AssertionError(f"not done after {limit} key presses; screens: {seen[-20:]}")


def at_debrief(app: WargameApp) -> bool:
    return isinstance(app.screen, DebriefScreen)


def at_turn_screen(app: WargameApp) -> bool:
    return isinstance(app.screen, GameScreen)


async def to_turn_screen(
    pilot: Pilot[int], ready: Callable[[WargameApp], bool] = at_turn_screen, limit: int = 60
) -> None:
    """Answer the opening's screens (briefings, cards, hand-overs) with keys until the turn
    screen is up (or `ready(app)`): what most tests do before their own keys."""
    await play_until(pilot, ready, limit=limit)


def prefer_adjudicated(app: WargameApp) -> str:
    """The first available move that needs dice, chance or a ruling (else the first)."""
    available = [o for o in app.turn_view().moves if o.available]
    for option in available:
        if option.resolution:
            return keys_for(app, option)
    return first_move(app)


async def start_game(
    pilot: Pilot[int], *, all_human: bool = False, umpire: str | None = None
) -> None:
    """Content note and setup with keys: Enter, (h for all human, u for the umpire), Enter."""
    app = pilot.app
    await settle(pilot)
    if isinstance(app.screen, ContentNoteScreen):
        await pilot.press("enter")
        await settle(pilot)
    assert isinstance(app.screen, SetupScreen)
    if all_human:
        await pilot.press("h")
    if umpire is not None:
        for _ in range({"none": 0, "human": 1, "human-draws": 2, "bot": 3}[umpire]):
            await pilot.press("u")
    await pilot.press("enter")
    await settle(pilot)
