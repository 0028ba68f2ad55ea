"""What a key that brings a screen back costs: no restyle unless the theme changed, bots
that answer at once decide in the key itself, the next screens wait under the one on top,
and a hand-over repaints its lines without a layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.color import Color
from textual.widgets import Static

import wargame.tui.app as app_module
import wargame.tui.screens.briefing as briefing_module
from wargame.tui.app import WargameApp
from wargame.tui.screens.briefing import BriefingScreen
from wargame.tui.screens.dialogs import ResultDialog
from wargame.tui.screens.game import GameScreen
from wargame.tui.screens.notice import HandoverScreen

from .conftest import AppFactory, settle
from .driver import start_game, step
from .test_covered import shown_text, until_screen


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


async def test_a_kept_screen_comes_back_without_a_restyle_unless_the_theme_changed(
    make_app: AppFactory, strait: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await until_screen(pilot, GameScreen)
        app._push_result("First", ["one"], (), 6, lambda: None)
        await settle(pilot)
        card = app.screen
        assert isinstance(card, ResultDialog)
        await pilot.press("enter")
        await settle(pilot)
        restyles = count_restyles(monkeypatch, card)
        app._push_result("Second", ["two"], (), 6, lambda: None)
        await settle(pilot)
        assert app.screen is card and "Second" in shown_text(app)
        assert restyles == []  # nothing it is styled by changed
        await pilot.press("enter")
        await settle(pilot)
        before = card.styles.background
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await settle(pilot)
        app._push_result("Third", ["three"], (), 6, lambda: None)
        await settle(pilot)
        assert app.screen is card and restyles == [card]  # away through a theme change
        now = Color.parse(app.get_css_variables()["background"])
        assert card.styles.background == now != before  # in the new theme's colours


async def test_bots_that_answer_at_once_decide_in_the_key_the_rest_in_a_worker(
    make_app: AppFactory, strait: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same game either way: inline for as long as `BOTS_INLINE` allows, then a worker
    thread, or all in the worker."""
    logs: list[list[tuple[str, str]]] = []
    workers: list[int] = []
    original = WargameApp._run_bots
    for budget in (1.0, 0.0):
        monkeypatch.setattr(app_module, "BOTS_INLINE", budget)
        app = make_app(strait)
        started = 0

        def counting(self: WargameApp, start: int) -> object:
            nonlocal started
            started += 1
            return original(self, start)

        monkeypatch.setattr(WargameApp, "_run_bots", counting)
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


async def test_the_next_team_s_briefing_waits_under_the_hand_over_written_and_drawn(
    make_app: AppFactory, strait: Path
) -> None:
    from .test_covered import stale_lines, under_a_hand_over, wait_ready

    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await under_a_hand_over(pilot)
        await wait_ready(pilot)
        briefing = app.screen_stack[-2]
        assert isinstance(briefing, BriefingScreen) and briefing._actor == 1  # Red's
        assert not stale_lines(briefing)  # every line in view drawn under the hand-over
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
        await until_screen(pilot, GameScreen)
        assert app.session is not None
        app._push_briefing(1, lambda: None)
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
        await until_screen(pilot, GameScreen)
        handover = app._kept(HandoverScreen, lambda: HandoverScreen("", "", ""), lambda _: None)
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
        await until_screen(pilot, GameScreen)
        closed: list[str] = []
        for round_ in range(2):
            queue = [
                lambda done, title=title: app._push_result(title, [title], (), 6, done)
                for title in ("First", "Second")
            ]
            app._run_queue(queue, lambda: closed.append("both"))
            await settle(pilot)
            assert "First" in shown_text(app)
            await pilot.press("enter")
            await settle(pilot)
            assert "Second" in shown_text(app) and len(closed) == round_
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, GameScreen)
        assert closed == ["both", "both"]
        assert len(app._kept_screens[ResultDialog]) == 2  # built once, kept
