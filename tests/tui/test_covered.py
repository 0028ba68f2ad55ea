"""Screens over the game: a batch of news is one dialog that steps through its flashes, the
game screen gets the coming view ready under a dialog without ever showing it, and the
debrief opens on the last decision."""

from __future__ import annotations

import html
import re
from pathlib import Path

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Button, Input, OptionList

from wargame.play.debrief import DebriefView, debrief_view
from wargame.scenario.loader import load_scenario
from wargame.scenario.masking import IDENTITY
from wargame.session import EVERY_DRAW, Seat, Session
from wargame.tui.app import WargameApp
from wargame.tui.screens.adjudication import AdjudicationScreen
from wargame.tui.screens.debrief import DebriefScreen
from wargame.tui.screens.dialogs import Flash, NewsFlash, ResultDialog
from wargame.tui.screens.game import GameScreen
from wargame.tui.screens.notice import ContentNoteScreen, HandoverScreen
from wargame.tui.screens.setup import SetupScreen

from .conftest import REPO, AppFactory, copy_scenario, settle, until
from .driver import at_debrief, play_until, prefer_adjudicated, start_game, step, to_turn_screen


def shown_text(app: WargameApp) -> str:
    """The characters the terminal shows now (from Textual's screenshot)."""
    svg = app.export_screenshot()
    text = re.sub(r"<[^>]+>", "", svg.split("</style>", 1)[-1])
    return html.unescape(text).replace("\xa0", " ")


async def drawn_under_cover(pilot: Pilot[int], game: GameScreen) -> None:
    """Wait until the game screen under a dialog shows its latest view (it draws
    `READY_AFTER` (screens/game.py) seconds after the dialog came up, later on a loaded machine)."""
    await until(pilot, lambda: game._view is game._shown, "the game drawn under the dialog")


async def under_a_hand_over(pilot: Pilot[int]) -> GameScreen:
    """A hot-seat game of the strait: Blue moves, the keyboard passes to Red, and the game
    screen has had the time to get Red's view ready under the hand-over."""
    await start_game(pilot, all_human=True)
    await to_turn_screen(pilot)
    game = pilot.app.screen
    assert isinstance(game, GameScreen)
    await pilot.press("1", "enter")  # choose, then send
    await settle(pilot)
    assert isinstance(pilot.app.screen, HandoverScreen)
    await drawn_under_cover(pilot, game)
    return game


async def test_a_batch_of_injects_is_one_dialog_that_steps_through_its_flashes(
    make_app: AppFactory, tmp_path: Path
) -> None:
    app = make_app(copy_scenario("greenland", tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        news: NewsFlash | None = None
        for _ in range(80):  # Greenland's first move (seed 7) brings several injects at once
            screen = app.screen
            if isinstance(screen, NewsFlash) and len(screen.flashes) > 1:
                news = screen
                break
            await step(pilot)
        assert news is not None, "no step brought more than one inject"
        assert app.session is not None
        labels = {inject.label for inject in app.session.scenario.injects}
        count = len(news.flashes)
        for index, flash in enumerate(news.flashes):
            assert app.screen is news
            assert news.index == index
            assert f"{index + 1} of {count}" in str(news.query_one("#kicker").render())
            assert flash.headline in labels
            assert flash.headline in str(news.query_one("#headline").render())
            assert flash.headline in shown_text(app)
            await pilot.press("enter")
            await settle(pilot)
        assert app.screen is not news  # the last Enter closes the dialog
        # The next batch is shown in a kept dialog, from its first flash.
        built = len(app.presenter.kept_screens[NewsFlash])
        for _ in range(80):
            if isinstance(app.screen, NewsFlash):
                break
            await step(pilot)
        # A kept dialog (`news` itself, or one kept earlier when news came over news being
        # read) is refilled: no new dialog is built for it.
        kept = app.presenter.kept_screens[NewsFlash]
        assert app.screen in kept and news in kept and len(kept) == built
        assert isinstance(app.screen, NewsFlash) and app.screen.index == 0


async def test_the_game_screen_draws_under_a_flash_while_it_is_read(
    make_app: AppFactory, tmp_path: Path
) -> None:
    app = make_app(copy_scenario("greenland", tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await to_turn_screen(pilot)
        game = app.screen
        assert isinstance(game, GameScreen)
        await pilot.press("1", "enter")  # choose, then send
        await settle(pilot)
        assert isinstance(app.screen, NewsFlash)
        await drawn_under_cover(pilot, game)  # drawn under the flash while it is read
        assert "NEWS FLASH" in shown_text(app)
        while isinstance(app.screen, NewsFlash):
            await pilot.press("enter")
            await settle(pilot)
        assert app.screen is game and game._view is game._shown
        assert app.turn_view().header.turn == 2
        assert "Turn 2/" in shown_text(app)


async def test_a_hand_over_hides_the_next_team_s_moves_drawn_under_it(
    make_app: AppFactory, strait: Path
) -> None:
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        game = await under_a_hand_over(pilot)
        # Red's view is ready under the hand-over, and none of it shows.
        assert game._shown is not None and app.viewer == 1
        red_moves = {option.label for option in game._shown.moves}
        secret = {"Probe Blue's defences", "Blockade the Strait"}
        assert secret <= red_moves
        shown = shown_text(app)
        assert "Pass to Red" in shown
        assert not [label for label in secret if label in shown], shown


async def test_the_debrief_opens_with_the_last_decision_in_view(
    make_app: AppFactory, strait: Path
) -> None:
    app = make_app(strait)
    async with app.run_test(size=(120, 26)) as pilot:
        await play_until(pilot, at_debrief)
        await settle(pilot)
        timeline = app.screen.query_one("#timeline", OptionList)
        assert timeline.highlighted is not None and timeline.option_count > 1
        top = timeline.scroll_offset.y
        height = timeline.scrollable_content_region.height
        assert height < timeline.option_count  # the list scrolls at this size
        assert top <= timeline.highlighted < top + height  # one line a decision


def _game_over(app: WargameApp) -> bool:
    return app.session is not None and app.session.to_act is None


async def test_the_ending_shows_on_a_card_with_the_debrief_built_under_it(
    make_app: AppFactory, strait: Path
) -> None:
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await play_until(pilot, _game_over)
        card = app.screen
        assert isinstance(card, ResultDialog)
        assert "The game has ended" in shown_text(app)
        await until(
            pilot,
            lambda: isinstance(app.screen_stack[-2], DebriefScreen)
            and app.screen_stack[-2].is_mounted,
            "the debrief composed under the card",
        )
        debrief = app.screen_stack[-2]
        assert app.screen is card
        assert "Debrief" not in shown_text(app).split("The game has ended")[0]
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is debrief


async def test_closing_the_ending_card_at_once_still_opens_the_debrief(
    make_app: AppFactory, strait: Path
) -> None:
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await play_until(pilot, _game_over)
        assert isinstance(app.screen, ResultDialog)
        app.action_debrief()  # the facilitator's key: the debrief is on its way already
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DebriefScreen)
        assert sum(isinstance(s, DebriefScreen) for s in app.screen_stack) == 1


async def test_news_arriving_over_news_gets_its_own_dialog(
    make_app: AppFactory, strait: Path
) -> None:
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await to_turn_screen(pilot)
        read: list[str] = []
        app.presenter.news([Flash("First"), Flash("Second")], lambda: read.append("one"))
        await settle(pilot)
        first = app.screen
        assert isinstance(first, NewsFlash) and first.index == 0
        app.presenter.news([Flash("Over it")], lambda: read.append("two"))
        await settle(pilot)
        second = app.screen
        assert isinstance(second, NewsFlash) and second is not first
        assert second.flashes == (Flash("Over it"),)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is first and first.flashes[first.index].headline == "First"
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert read == ["two", "one"] and isinstance(app.screen, GameScreen)


async def test_the_umpire_s_kept_ruling_screen_starts_each_ruling_afresh(
    make_app: AppFactory, strait: Path
) -> None:
    app = make_app(strait, umpire="human")
    async with app.run_test(size=(120, 40)) as pilot:
        rulings: list[tuple[AdjudicationScreen, str, set[str]]] = []
        for _ in range(120):
            if app.session is not None and app.session.umpire_rules != EVERY_DRAW:
                app.session.umpire_rules = EVERY_DRAW  # every draw comes to the umpire
            screen = app.screen
            if isinstance(screen, AdjudicationScreen):
                assert screen.query_one("#reason", Input).value == ""  # nothing left over
                shown = {b.id or "" for b in screen.query(Button) if b.display}
                title = str(screen.query_one("#adjudication-title").render())
                rulings.append((screen, title, shown))
                assert app.session is not None and app.session.state.pending is not None
                screen.query_one("#reason", Input).value = "as the table saw it"
                if app.session.state.pending.stage == "rate":
                    assert shown and all(name.startswith("rate-") for name in shown)
                    await pilot.press("f3")  # neutral
                else:
                    assert shown == {"confirm", "override"}
                    await pilot.press("enter")
                await settle(pilot)
                if len(rulings) >= 3:
                    break
                continue
            await step(pilot, prefer_adjudicated)  # Blue's draws come to the umpire too
        assert len(rulings) >= 2
        assert all(screen is rulings[0][0] for screen, _, _ in rulings)  # one kept screen
        assert app.session is not None
        reasons = [e.action.reason for e in app.session.log_entries if e.by == "umpire"]
        assert reasons and set(reasons) == {"as the table saw it"}


async def test_the_setup_waits_under_the_content_note(make_app: AppFactory, strait: Path) -> None:
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        note = app.screen
        assert isinstance(note, ContentNoteScreen)
        setup = app.screen_stack[-2]
        assert isinstance(setup, SetupScreen) and setup.is_mounted  # composed, not shown
        assert "Content note" in shown_text(app) and "Start the game" not in shown_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is setup and "Start the game" in shown_text(app)


async def test_turning_back_at_the_content_note_leaves_without_a_game(
    make_app: AppFactory, strait: Path
) -> None:
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
    assert app.session is None and app.return_code == 0  # set only when the app exits


async def test_turning_back_at_the_content_note_returns_to_the_list(
    make_app: AppFactory, strait: Path
) -> None:
    app = make_app(None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the first scenario in the list
        await settle(pilot)
        assert isinstance(app.screen, ContentNoteScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "StartScreen"
        assert not any(isinstance(s, SetupScreen) for s in app.screen_stack)
        assert app.is_running and app.session is None


class _Debriefed(App[None]):
    """Just a debrief screen, for a game played elsewhere."""

    def __init__(self, view: DebriefView) -> None:
        super().__init__()
        self._view = view

    def on_mount(self) -> None:
        self.push_screen(DebriefScreen(self._view, ""))


async def test_the_debrief_timeline_says_who_decided_at_160_columns() -> None:
    """Greenland's timeline at 160x50 gave the decision every cell but 6 of the "Who"
    column: "The h…", "The g…", "The P…" and "The G…" (the President and Greenland alike).
    The column keeps a share of the row now; the highlighted decision is still told whole
    beneath the list."""
    scenario = load_scenario(REPO / "scenarios" / "greenland.yaml")
    seats = {a.id: Seat(a.id, "bot", policy="weighted") for a in scenario.actors if a.playable}
    session = Session(scenario, seed=11, seats=seats)
    session.run_bots()
    app = _Debriefed(debrief_view(session, IDENTITY))
    async with app.run_test(size=(160, 50)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, DebriefScreen), "the debrief")
        shown = shown_text(app)
        assert "The President " in shown, shown
        assert "The Government o" in shown, shown
        assert "The hardline Whi" in shown, shown
