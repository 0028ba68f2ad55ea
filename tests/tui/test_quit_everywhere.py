"""`q` asks the quit question from every screen of a game, and every dialog lists its keys:
the umpire's ruling, free play, the messages, and setup's name prompt (issue 23).

Where a text field has the keyboard, `q` is typing (a reason, a message, a team name may
hold a q): the key bar then shows `^q Quit`, which asks the same question.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from wargame.session import EVERY_DRAW
from wargame.tui.app import WargameApp
from wargame.tui.screens.adjudication import AdjudicationScreen
from wargame.tui.screens.channels import ChannelsScreen
from wargame.tui.screens.dialogs import QuitDialog
from wargame.tui.screens.freeplay import (
    FreePlayScreen,
    ProposeDialog,
    TextDialog,
    WriteNewsDialog,
)
from wargame.tui.screens.game import GameScreen
from wargame.tui.screens.setup import SetupScreen, TextPrompt
from wargame.tui.widgets.keybar import KeyBar

from .conftest import AppFactory, no_blink, settle, until
from .driver import play_until, start_game
from .test_snapshots import SIZES, build, quiet

SIZE = (120, 40)


def key_line(screen: Screen[object]) -> str:
    return screen.query_one(KeyBar).markup_line()


async def asks_and_comes_back(pilot: Pilot[int], key: str) -> None:
    """`key` brings up the quit question over the screen; Esc goes back to that screen."""
    app = pilot.app
    screen = app.screen
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(app.screen, QuitDialog), f"{key} on {type(screen).__name__}"
    await pilot.press("escape")
    await settle(pilot)
    assert app.screen is screen and app.is_running


async def test_free_play_lists_its_keys_and_q_asks(make_app: AppFactory, strait: Path) -> None:
    app = make_app(strait)
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        await play_until(pilot, lambda a: isinstance(a.screen, GameScreen))
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FreePlayScreen)
        line = key_line(app.screen)
        assert "Propose" in line and "Close" in line and "Quit" in line
        # What the dialog does comes first, then how to leave it, as on every screen.
        assert line.index("Propose") < line.index("Argue") < line.index("Close")
        assert line.index("Close") < line.index("Quit")
        await asks_and_comes_back(pilot, "q")


@pytest.mark.parametrize("dialog", [FreePlayScreen, TextDialog, ProposeDialog, WriteNewsDialog])
def test_free_play_dialogs_list_their_actions_before_esc_and_quit(
    dialog: type[Screen[object]],
) -> None:
    keys = [b.key for b in dialog.BINDINGS if isinstance(b, Binding)]
    assert keys[-3:] == ["escape", "q", "ctrl+q"], keys


async def test_messages_take_q_as_typing_and_ctrl_q_asks(
    make_app: AppFactory, strait: Path
) -> None:
    app = make_app(strait)
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot, all_human=True)
        await play_until(pilot, lambda a: isinstance(a.screen, GameScreen))
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ChannelsScreen)
        assert "^q" in key_line(screen) and "Quit" in key_line(screen)
        await pilot.press("q")
        await settle(pilot)
        assert app.screen is screen and screen.query_one("#message", Input).value == "q"
        await asks_and_comes_back(pilot, "ctrl+q")


async def test_the_ruling_lists_quit_and_ctrl_q_asks(make_app: AppFactory, strait: Path) -> None:
    app = make_app(strait, umpire=True)
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot, all_human=True)
        assert app.session is not None
        app.session.umpire_rules = EVERY_DRAW
        await play_until(
            pilot,
            lambda a: isinstance(a.screen, AdjudicationScreen),
            choose=lambda a: "2" if a.viewer == 1 else "1",
        )
        screen = app.screen
        line = key_line(screen)
        assert "Confirm" in line and "^q" in line and "Quit" in line
        await pilot.press("q")  # typed into the reason
        await settle(pilot)
        assert screen.query_one("#reason", Input).value == "q"
        await asks_and_comes_back(pilot, "ctrl+q")


async def test_setups_name_prompt_lists_its_keys_and_ctrl_q_quits(
    make_app: AppFactory, strait: Path
) -> None:
    app = make_app(strait)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # past the content note
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        await pilot.press("t")
        await settle(pilot)
        prompt = app.screen
        assert isinstance(prompt, TextPrompt)
        line = key_line(prompt)
        assert "Keep" in line and "Cancel" in line and "Quit" in line
        await pilot.press("ctrl+u", *"Quiet ones")  # q is typing here
        await settle(pilot)
        assert prompt.query_one(Input).value == "Quiet ones"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("ctrl+q")  # before a game, quit as setup's q does
        await until(pilot, lambda: not app.is_running, "ctrl+q did not quit")


def _at(key: str, *, all_human: bool) -> Callable[[Pilot[int]], Awaitable[None]]:
    """A snapshot's set-up: to the first turn screen, then `key` (f free play, c messages)."""

    async def run_before(pilot: Pilot[int]) -> None:
        await start_game(pilot, all_human=all_human)
        await play_until(pilot, lambda a: isinstance(a.screen, GameScreen))
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(pilot.app, WargameApp)
        no_blink(pilot.app)
        quiet(pilot.app)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("screen", ["free_play", "messages"])
def test_snapshot_of_the_dialogs_key_lines(
    snap_compare: Callable[..., bool], tmp_path: Path, size: str, screen: str
) -> None:
    run_before = {"free_play": _at("f", all_human=False), "messages": _at("c", all_human=True)}[
        screen
    ]
    assert snap_compare(build(tmp_path), terminal_size=SIZES[size], run_before=run_before)
