"""The setup screen with keys and clicks: who plays each role, the umpire, the seed."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Markdown, OptionList, Static

from wargame.bots import DEFAULT_BOT
from wargame.session import EVERY_DRAW, UmpireRules, load_session
from wargame.tui.screens.notice import ContentNoteScreen, HandoverScreen
from wargame.tui.screens.setup import SetupHelpScreen, SetupScreen, TextPrompt
from wargame.tui.widgets.lines import CellLine

from .conftest import AppFactory, settle
from .driver import start_game


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
        assert choice.seats["blue"].is_human and choice.seats["blue"].team == "Blue"
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
        for _ in range(4):
            await pilot.press("u")
            choice = screen.choice()
            umpire = choice.umpire
            umpires.append((None if umpire is None else umpire.kind, choice.every_draw))
        assert umpires == [("human", False), ("human", True), ("bot", False), (None, False)]

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
        assert screen.choice().seats["blue"].team == "Blue"


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


async def test_help_on_the_setup_screen_lists_the_setup_keys(
    make_app: AppFactory, strait: Path
) -> None:
    """`?` here lists this screen's keys, not the turn screen's; Esc comes back."""
    app = make_app(strait)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        setup = app.screen
        assert isinstance(setup, SetupScreen)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, SetupHelpScreen)
        shown = app.screen.query_one(Markdown).source
        assert "Keys on the setup screen" in shown and "a human team or a bot" in shown
        assert "every draw" in shown
        assert "choose a move" not in shown and "Inject" not in shown
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is setup


async def test_the_umpire_who_rules_every_draw_is_kept_with_the_game(
    make_app: AppFactory, strait: Path
) -> None:
    """The umpire row's third choice gives the session `EVERY_DRAW`, and its save keeps it;
    the second rules what needs a person (draws resolve by themselves)."""
    for presses, rules in ((2, EVERY_DRAW), (1, UmpireRules())):
        app = make_app(strait)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, SetupScreen)
            await pilot.press(*["u"] * presses)
            row = app.screen.query_one("#seats", OptionList).get_option("umpire").prompt
            assert ("every draw" in str(row.cells[1])) == (rules == EVERY_DRAW)
            await pilot.press("enter")
            await settle(pilot)
            session = app.session
            assert session is not None and session.umpire_rules == rules
            assert session.umpire is not None and session.umpire.is_human
            app.saver.save_now()  # `s`: the game as it would resume
            await settle(pilot)
            assert app.saver.path is not None
            assert load_session(app.saver.path).umpire_rules == rules


async def test_a_team_is_called_by_its_roles_label(make_app: AppFactory, strait: Path) -> None:
    """"Blue", not "Team Blue"; the hand-over names it once."""
    app = make_app(strait)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_game(pilot, all_human=True)
        assert isinstance(app.screen, HandoverScreen)
        assert str(app.screen.query_one("#handover-to", Static).render()).strip() == (
            "Pass to Blue"
        )
        assert not app.screen.query_one("#handover-who", Static).render().plain.strip()


DRILL = Path(__file__).resolve().parents[1] / "fixtures" / "exercise" / "drill.yaml"


async def test_non_player_actors_are_listed_with_their_bot_which_the_facilitator_may_change(
    make_app: AppFactory,
) -> None:
    app = make_app(DRILL)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        line = screen.query_one("#seats", OptionList).get_option("rival").prompt
        assert isinstance(line, CellLine)
        arsonist = " | ".join(cell.plain for cell in line.cells)
        assert arsonist.startswith("Arsonist")
        assert "Bot: weighted" in arsonist and "the author's weights" in arsonist
        assert screen.choice().seats["rival"].policy == "weighted"
        await pilot.press("down", "space")  # a person cannot play a non-player actor
        assert screen.choice().seats["rival"].is_bot
        await pilot.press("right")
        changed = screen.choice().seats["rival"]
        assert changed.is_bot and changed.policy != "weighted"
        await pilot.press("enter")
        await settle(pilot)
        assert app.session is not None
        assert app.session.seats["rival"] == changed
