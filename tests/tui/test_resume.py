"""What a key that brings a screen back costs: no restyle unless the theme changed, bots
that answer at once decide in the key itself, the next screens wait under the one on top,
and a hand-over repaints its lines without a layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

import wargame.tui.bots as bots_module
import wargame.tui.screens.briefing as briefing_module
from wargame.tui.bots import BotTurns
from wargame.tui.screens.briefing import BriefingScreen
from wargame.tui.screens.debrief import DebriefScreen
from wargame.tui.screens.dialogs import AdjustDialog, ChoiceDialog, ResultDialog
from wargame.tui.screens.game import GameScreen
from wargame.tui.screens.help import HelpScreen
from wargame.tui.screens.notice import HandoverScreen
from wargame.tui.widgets.gauges import fmt

from .conftest import AppFactory, settle, until
from .driver import start_game, step, to_turn_screen
from .test_covered import shown_text, under_a_hand_over


def count_restyles(monkeypatch: pytest.MonkeyPatch, screen: object) -> list[object]:
    """Record each time Textual restyles `screen` and everything in it."""
    calls: list[object] = []
    original = type(screen).update_node_styles  # type: ignore[attr-defined]

    def update_node_styles(self: object, animate: bool = True) -> None:
        if self is screen:
            calls.append(self)
        original(self, animate=animate)

    monkeypatch.setattr(type(screen), "update_node_styles", update_node_styles)
    return calls


async def test_bots_that_answer_at_once_decide_in_the_key_the_rest_in_a_worker(
    make_app: AppFactory, strait: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same game either way: inline for as long as `BOTS_INLINE` allows, then a worker
    thread, or all in the worker."""
    logs: list[list[tuple[str, str]]] = []
    workers: list[int] = []
    original = BotTurns.in_worker
    for budget in (1.0, 0.0):
        monkeypatch.setattr(bots_module, "BOTS_INLINE", budget)
        app = make_app(strait)
        started = 0

        def counting(self: BotTurns, start: int) -> object:
            nonlocal started
            started += 1
            return original(self, start)

        monkeypatch.setattr(BotTurns, "in_worker", counting)
        async with app.run_test(size=(120, 40)) as pilot:
            await start_game(pilot)
            for _ in range(6):
                await step(pilot)
            await settle(pilot)
            assert app.session is not None
            logs.append([(entry.by, repr(entry.action)) for entry in app.session.log_entries])
        workers.append(started)
    assert logs[0] == logs[1] and any(by.startswith("bot:") for by, _ in logs[0])
    assert workers[0] == 0 and workers[1] > 0


async def test_the_next_team_s_briefing_waits_under_the_hand_over_composed(
    make_app: AppFactory, strait: Path
) -> None:
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await under_a_hand_over(pilot)
        await until(  # composed under the hand-over while it is read
            pilot,
            lambda: isinstance(app.screen_stack[-2], BriefingScreen)
            and app.screen_stack[-2].is_mounted,
            "the next team's briefing under the hand-over",
        )
        briefing = app.screen_stack[-2]
        assert isinstance(briefing, BriefingScreen) and briefing._actor == 1  # Red's
        await pilot.press("enter")
        await settle(pilot)
        assert app.session is not None
        red = app.session.scenario.actors[1].name
        assert app.screen is briefing and f"Briefing: {red}" in shown_text(app)


async def test_a_briefing_brought_on_top_at_once_shows_its_own_team(
    make_app: AppFactory, strait: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The kept briefing writes the next team's text a moment after it is refilled, or as
    it comes on top if that is sooner."""
    monkeypatch.setattr(briefing_module, "FILL_AFTER", 60.0)
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot, all_human=True)
        await to_turn_screen(pilot)
        assert app.session is not None
        app.presenter.briefing(1, lambda: None)
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen)
        red = app.session.scenario.actors[1].name
        assert f"Briefing: {red}" in shown_text(app)


async def test_a_hand_over_repaints_its_lines_without_a_layout_when_they_fit_as_before(
    make_app: AppFactory, strait: Path
) -> None:
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot, all_human=True)
        await to_turn_screen(pilot)
        handover = app.presenter.kept(
            HandoverScreen, lambda: HandoverScreen("", "", ""), lambda _: None
        )
        app.push_screen(handover)
        await settle(pilot)

        def laid_out_after(who: str, team: str) -> bool:
            handover.show(who, team, "A decision is waiting for your team.")
            return any(widget._layout_required for widget in handover.query(Static))

        laid_out_after("Blue", "Team Blue")
        await settle(pilot)
        assert not laid_out_after("Red", "Team Red")  # the same rows: repainted only
        await settle(pilot)
        assert "Pass to Team Red" in shown_text(app)
        long_team = "Team " + "very " * 14 + "long"  # two rows in the box
        assert laid_out_after("Blue", long_team)
        await settle(pilot)
        assert "long" in shown_text(app)
        assert laid_out_after("Red", "Team Red")  # back to one row
        await settle(pilot)
        assert "Pass to Team Red" in shown_text(app) and "long" not in shown_text(app)


async def test_two_results_at_once_keep_two_dialogs(make_app: AppFactory, strait: Path) -> None:
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await to_turn_screen(pilot)
        closed: list[str] = []
        for round_ in range(2):
            queue = [
                lambda done, title=title: app.presenter.card(title, [title], done)
                for title in ("First", "Second")
            ]
            app.presenter.run(queue, lambda: closed.append("both"))
            await settle(pilot)
            assert "First" in shown_text(app)
            await pilot.press("enter")
            await settle(pilot)
            assert "Second" in shown_text(app) and len(closed) == round_
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, GameScreen)
        assert closed == ["both", "both"]
        assert len(app.presenter.kept_screens[ResultDialog]) == 2  # built once, kept


async def test_help_briefing_inject_and_adjust_keys_show_kept_screens_afresh(
    make_app: AppFactory, strait: Path
) -> None:
    """`?`, `b`, `i` and `a` show the screens kept since their first use (composing them
    on the key took 40-150 ms), each from a clean slate."""
    app = make_app(strait)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await to_turn_screen(pilot)
        kept = app.presenter.kept_screens
        await pilot.press("question_mark")
        await settle(pilot)
        help_screen = kept[HelpScreen][0]
        assert app.screen is help_screen
        box = help_screen.query_one("#help-box", VerticalScroll)
        box.scroll_end(animate=False)
        await settle(pilot)
        assert box.scroll_y > 0  # (the help is longer than 24 rows)
        await pilot.press("escape", "question_mark")
        await settle(pilot)
        assert app.screen is help_screen and box.scroll_y == 0  # from the top again
        await pilot.press("escape", "b")
        await settle(pilot)
        assert app.screen in kept[BriefingScreen]
        await pilot.press("escape", "i", "escape", "i")  # the second time: kept
        await settle(pilot)
        inject = app.screen
        assert isinstance(inject, ChoiceDialog) and inject in kept[ChoiceDialog]
        await pilot.press("down", "enter", *"half", "escape")  # a reason begun, given up
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert app.screen is inject
        assert inject.query_one("#reason", Input).value == ""
        assert inject.query_one("#choices", OptionList).highlighted == 0
        await pilot.press("escape", "a", "escape", "a")
        await settle(pilot)
        adjust = app.screen
        assert isinstance(adjust, AdjustDialog) and adjust in kept[AdjustDialog]
        assert app.session is not None
        now = app.session.state.vars[0]
        assert adjust.query_one("#value", Input).value == fmt(now)  # the value as it is now
        assert adjust.query_one("#reason", Input).value == ""


async def debrief_shown(pilot: Pilot[int]) -> DebriefScreen:
    """Wait for the debrief to come on top by itself."""
    await until(
        pilot, lambda: isinstance(pilot.app.screen, DebriefScreen), "the debrief never came"
    )
    assert isinstance(pilot.app.screen, DebriefScreen)
    return pilot.app.screen


async def test_the_debrief_key_answers_with_a_card_and_the_debrief_follows(
    make_app: AppFactory, strait: Path
) -> None:
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot)
        await to_turn_screen(pilot)
        game = app.screen
        assert app.check_action("debrief", ()) is True  # the `d` key's action
        app.action_debrief()
        card = app.screen  # up at once, in the key's own handler (the debrief follows)
        assert isinstance(card, ResultDialog) and card._title == "Debrief"
        assert "Preparing the debrief" in str(card._lines[0])
        debrief = await debrief_shown(pilot)  # composed under the card, then shown
        assert isinstance(debrief, DebriefScreen)
        assert not any(isinstance(s, ResultDialog) for s in app.screen_stack)
        assert app.check_action("debrief", ()) is False  # already there: not in the key bar
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is game
        # The card was the kept result dialog: a result shown in it later is not a card,
        # and the debrief key over it puts up a card of its own.
        app.presenter.card("A result", ["as it fell"], lambda: None)
        await settle(pilot)
        result = app.screen
        assert result is card
        app.action_debrief()
        assert app.screen is not result and isinstance(app.screen, ResultDialog)
        assert "Preparing the debrief" in str(app.screen._lines[0])
        await debrief_shown(pilot)


async def test_quitting_while_the_debrief_composes_exits_without_an_error(
    make_app: AppFactory, strait: Path
) -> None:
    """The debrief is built after the game-over card; a class may quit (or a test end)
    while it composes: Textual then mounts none of its widgets, and its mount must not look
    for them (it raised NoMatches on #debrief-report, a flaky seat test at the end)."""
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot)
        await to_turn_screen(pilot)
        assert app.session is not None
        app.push_screen(DebriefScreen(app.debrief_view(), app.session.notes))
        app.exit()
    assert app.return_code == 0


async def test_closing_the_preparing_card_opens_the_debrief_at_once(
    make_app: AppFactory, strait: Path
) -> None:
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot)
        await to_turn_screen(pilot)
        app.action_debrief()
        app.action_debrief()  # pressed twice: one card, one debrief
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DebriefScreen)
        await pilot.pause(0.5)  # the card's own build finds it closed and does nothing
        await settle(pilot)
        assert isinstance(app.screen, DebriefScreen)
        assert sum(isinstance(s, DebriefScreen) for s in app.screen_stack) == 1
