"""The facilitator's dialogs say what the dashboard says and list their keys."""

from __future__ import annotations

from pathlib import Path

from textual.widget import Widget
from textual.widgets import Input

from wargame.tui.screens.dialogs import AdjustDialog
from wargame.tui.screens.game import GameScreen

from .conftest import AppFactory, settle, until
from .driver import start_game, to_turn_screen


def shown_text(screen: Widget) -> str:
    """Every line the widgets of `screen` draw now."""
    lines: list[str] = []
    for widget in screen.query("*"):
        if widget.display and widget.size.height:
            lines += [widget.render_line(y).text for y in range(widget.size.height)]
    return "\n".join(lines)


async def test_the_adjust_dialog_shows_the_value_the_dashboard_shows(
    make_app: AppFactory, strait: Path
) -> None:
    """Opened again after a change, the kept dialog showed the value of its first opening
    ("Tension (now 3)" with 9 on the dashboard): it shows the value now."""
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot)
        await to_turn_screen(pilot)
        await pilot.press("a")
        await settle(pilot)
        adjust = app.screen
        assert isinstance(adjust, AdjustDialog)
        assert "Now 3" in shown_text(adjust)
        adjust.query_one("#value", Input).value = "9"
        adjust.query_one("#reason", Input).value = "the crisis deepens"
        adjust.query_one("#reason", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.session is not None and app.session.state.vars[0] == 9
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "back to the game")
        await pilot.press("a")
        await settle(pilot)
        assert app.screen is adjust  # the kept dialog, refilled
        text = shown_text(adjust)
        assert "3" not in text, text  # nothing of the first opening's value
        assert "Now 9" in text
        assert adjust.query_one("#value", Input).value == "9"
