"""The setup screen with keys and clicks: who plays each role, the umpire, the seed."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from wargame.bots import DEFAULT_BOT
from wargame.tui.screens.notice import ContentNoteScreen
from wargame.tui.screens.setup import SetupScreen, TextPrompt

from .conftest import AppFactory, settle


def is_prompt(screen: object) -> bool:
    return isinstance(screen, TextPrompt)


async def test_keys_change_every_part_of_the_seating(make_app: AppFactory, strait: Path) -> None:
    app = make_app(strait)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ContentNoteScreen)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        choice = screen.choice()
        assert choice.seats["blue"].is_human and choice.seats["blue"].team == "Team Blue"
        assert choice.seats["red"].policy == DEFAULT_BOT
        assert choice.umpire is None and choice.seed == 7

        await pilot.press("down", "space")  # Red becomes a human team
        assert screen.choice().seats["red"].is_human
        await pilot.press("right")  # and then the first bot policy after human: the default
        assert screen.choice().seats["red"].policy == DEFAULT_BOT
        await pilot.press("right")
        assert screen.choice().seats["red"].policy not in (None, DEFAULT_BOT)
        await pilot.press("left", "left")
        assert screen.choice().seats["red"].is_human

        await pilot.press("t")
        await settle(pilot)
        assert is_prompt(app.screen)
        await pilot.press(*"Crimson", "enter")  # the old name is selected: typing replaces it
        await settle(pilot)
        assert screen.is_active
        assert screen.choice().seats["red"].team == "Crimson"

        umpires = []
        for _ in range(3):
            await pilot.press("u")
            umpire = screen.choice().umpire
            umpires.append(None if umpire is None else umpire.kind)
        assert umpires == ["human", "bot", None]

        await pilot.press("s")
        await settle(pilot)
        assert is_prompt(app.screen)
        await pilot.press(*"42", "enter")
        await settle(pilot)
        assert screen.choice().seed == 42

        await pilot.press("h")
        assert all(seat.is_human for seat in screen.choice().seats.values())


async def test_escape_in_a_prompt_keeps_the_old_value(make_app: AppFactory, strait: Path) -> None:
    app = make_app(strait)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        await pilot.press("t", *"Nobody", "escape")
        await settle(pilot)
        assert screen.is_active
        assert screen.choice().seats["blue"].team == "Team Blue"


async def test_clicking_a_role_makes_it_human_or_a_bot(make_app: AppFactory, strait: Path) -> None:
    app = make_app(strait)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        seats = screen.query_one("#seats", OptionList)
        red_row = seats.get_option_index("red")
        # the list's first content row is the heading; rows start under the top border
        await pilot.click("#seats", offset=(4, 1 + red_row))
        await settle(pilot)
        assert screen.choice().seats["red"].is_human
        await pilot.click("#start")
        await settle(pilot)
        assert not is_prompt(app.screen) and app.screen is not screen
        assert app.session is not None and app.session.seats["red"].is_human
