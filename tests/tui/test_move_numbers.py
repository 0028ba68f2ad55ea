"""A move keeps its number all game: a class learns "2 is the probe" in turn 1 and presses
2 in turn 2. When the numbers counted the open moves, a move that closed shifted the rest
and the press chose another move (a hot-seat playthrough's accidental vote)."""

from __future__ import annotations

from pathlib import Path

from rich.console import Group

from wargame.engine import PlayMove
from wargame.play.views import MoveOption
from wargame.tui.app import WargameApp
from wargame.tui.screens.dialogs import ArgumentDialog
from wargame.tui.screens.game import GameScreen
from wargame.tui.widgets.moves import MoveList, MovePreview

from .conftest import AppFactory, copy_scenario, settle
from .driver import first_move, keys_for, play_until, start_game, to_turn_screen

RED = 1


def option(app: WargameApp, move_id: str) -> MoveOption:
    return next(
        o
        for o in app.turn_view().moves
        if isinstance(o.action, PlayMove) and o.action.move == move_id
    )


def red_blockades(app: WargameApp) -> str:
    """Red blockades in turn 1 (the blockade then closes: `not flags.blockade`)."""
    if app.viewer == RED and app.session is not None and app.session.state.turn == 1:
        return keys_for(app, option(app, "blockade"))
    return first_move(app)


def red_in_turn_2(app: WargameApp) -> bool:
    return (
        isinstance(app.screen, GameScreen)
        and app.viewer == RED
        and app.session is not None
        and app.session.state.turn == 2
        and not app.turn_view().waiting
    )


def armed_label(game: GameScreen) -> str | None:
    view = game.app.turn_view()  # type: ignore[attr-defined]
    return None if game.armed is None else view.moves[game.armed].label


def list_text(game: GameScreen) -> str:
    """The list's lines as shown (a closed move's first line: its number and label)."""
    moves = game.query_one(MoveList)
    lines = []
    for index in range(moves.option_count):
        prompt = moves.get_option_at_index(index).prompt
        if isinstance(prompt, Group):
            prompt = prompt.renderables[0]
        lines.append(str(prompt))
    return "\n".join(lines)


async def test_a_move_keeps_its_number_when_an_earlier_one_closes(
    make_app: AppFactory, strait: Path
) -> None:
    """Red's probe is 2 while the blockade (1) is open and still 2 once the blockade is in
    force; 1 is listed closed and, pressed, says why and arms nothing."""
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot, all_human=True)
        await play_until(pilot, red_in_turn_2, choose=red_blockades)
        game = app.screen
        assert isinstance(game, GameScreen)
        assert not option(app, "blockade").available
        assert option(app, "probe").key == 2 and option(app, "appeal").key == 3
        await pilot.press("2")
        await settle(pilot)
        assert not isinstance(app.screen, ArgumentDialog)  # 2 was the appeal's, once
        assert armed_label(game) == "Probe Blue's defences"
        assert "Enter (or 2 again) sends it" in game.query_one(MovePreview).plain
        await pilot.press("escape", "1")
        await settle(pilot)
        assert game.armed is None
        closed = [n for n in app._notifications if n.title == "Not available"]
        assert closed, "pressing a closed move's number says why"
        assert " 1 ✗ Blockade the Strait" in list_text(game)
        await pilot.press("0")
        await settle(pilot)
        assert armed_label(game) == "Pass"


async def test_two_digit_numbers_and_pass_on_a_long_list(
    make_app: AppFactory, tmp_path: Path
) -> None:
    """Greenland's President has 13 moves in the White House phase: "1" then "2" is move
    12 (closed in turn 1: it says why), "1" then "1" is 11, never a send of move 1, and 0
    is Pass."""
    app = make_app(copy_scenario("greenland", tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await to_turn_screen(pilot)
        game = app.screen
        assert isinstance(game, GameScreen) and app.session is not None
        moves = app.turn_view().moves
        assert sorted(o.key for o in moves) == list(range(14))  # 1..13 as filed, Pass 0
        assert [o.key for o in moves if o.available] == [1, 2, 3, 0]
        steps = app.session.step_index

        def notices() -> list[str]:
            return [n.message for n in app._notifications if n.title == "Not available"]

        await pilot.press("1", "2")
        await settle(pilot)
        assert game.armed is None and "turn 5 or later" in notices()[-1]
        await pilot.press("1")
        await settle(pilot)
        assert armed_label(game) == "Order JSOC to draw up contingency plans"
        preview = game.query_one(MovePreview).plain
        assert "Enter sends it" in preview and "1 again" not in preview
        await pilot.press("1")  # 11, closed until turn 3: move 1 is not sent, nor armed
        await settle(pilot)
        assert game.armed is None and "turn 3 or later" in notices()[-1]
        assert app.session.step_index == steps
        await pilot.press("3")
        await settle(pilot)
        assert armed_label(game) == "Offer Copenhagen talks on a deal"
        assert "Enter (or 3 again) sends it" in game.query_one(MovePreview).plain
        await pilot.press("0")
        await settle(pilot)
        assert armed_label(game) == "Pass"
        assert " 0 Pass" in list_text(game) and "13 ✗ Make the summit" in list_text(game)


async def test_a_preview_taller_than_its_panel_says_so_and_scrolls_to_its_end(
    make_app: AppFactory, strait: Path
) -> None:
    """At 120x40 the armed "Sign the access agreement" showed its question, its text and
    half of its first outcome: the second outcome's odds were cut off, with nothing to say
    so and no key to reach them. The preview now says there is more, Tab takes the focus
    to it, ↓ reads on, and Enter still sends the armed move."""
    app = make_app(strait)
    async with app.run_test(size=(100, 40)) as pilot:  # one column: a 6-row preview
        await start_game(pilot)
        await to_turn_screen(pilot)
        game = app.screen
        assert isinstance(game, GameScreen) and app.session is not None
        steps = app.session.step_index
        await pilot.press(keys_for(app, option(app, "talks")))
        await settle(pilot)
        preview = game.query_one(MovePreview)
        assert preview.max_scroll_y > 0, "the test needs a preview taller than its panel"
        assert "Tab, ↓: more below" in str(preview.border_subtitle)
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused is preview
        for _ in range(preview.max_scroll_y):
            await pilot.press("down")
        await settle(pilot)
        assert preview.scroll_y == preview.max_scroll_y
        assert "more below" not in str(preview.border_subtitle)
        await pilot.press("enter")
        await settle(pilot)
        assert app.session.step_index > steps
        first = app.session.log_entries[steps].action
        assert isinstance(first, PlayMove) and first.move == "talks"
