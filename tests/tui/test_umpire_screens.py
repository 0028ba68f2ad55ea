"""The umpire rules beside the state it rules on, types a reason without pressing the
dialog's keys, and every dialog lists its keys on its bottom line."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Button, Input, Static

from wargame.play.views import PendingView
from wargame.tui.screens.adjudication import AdjudicationScreen, outcome_lines, pending_body
from wargame.tui.screens.dialogs import AdjustDialog, ChoiceDialog, NewsFlash, ReasonDialog
from wargame.tui.screens.game import GameScreen
from wargame.tui.widgets.dashboard import Dashboard
from wargame.tui.widgets.keybar import KeyBar

from .conftest import AppFactory, settle, until
from .driver import play_until, prefer_adjudicated, start_game
from .rulings import SEIZURE


def keys_listed(screen: object) -> str:
    """The key line at the bottom of `screen`, as text."""
    from textual.screen import Screen

    assert isinstance(screen, Screen)
    return screen.query_one(KeyBar).markup_line()


async def test_the_ruling_shows_the_state_and_its_reason_takes_typing_at_once(
    make_app: AppFactory, strait: Path
) -> None:
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot, all_human=True, umpire="human-draws")
        await play_until(
            pilot, lambda a: isinstance(a.screen, AdjudicationScreen), choose=prefer_adjudicated
        )
        ruling = app.screen
        assert isinstance(ruling, AdjudicationScreen)
        reason = ruling.query_one("#reason", Input)
        assert ruling.focused is reason
        state = ruling.query_one("#ruling-state", Dashboard)
        assert state.display and state.region.width > 20
        assert ruling.query_one("#adjudication").region.x >= state.region.right
        shown = "\n".join(
            strip.text for rows in state.query("Rows") for strip in rows._lines_at(40)
        )
        assert "Tension" in shown  # the gauges the umpire rules on, beside the ruling
        await pilot.press(*"on second thoughts, overruled", "s", "n", "w")
        await settle(pilot)
        assert app.screen is ruling  # no letter pressed a key of the dialog
        assert reason.value == "on second thoughts, overruledsnw"
        listed = keys_listed(ruling)
        assert "Confirm" in listed and "Override" in listed and "Back" in listed
        await pilot.press("ctrl+o")
        await settle(pilot)
        override = app.screen
        assert isinstance(override, ChoiceDialog)
        assert "OK" in keys_listed(override) and "Cancel" in keys_listed(override)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is ruling
        await pilot.press("enter")
        await settle(pilot)
        entry = app.session.log_entries[-1] if app.session else None
        assert entry is not None and type(entry.action).__name__ == "Confirm"
        assert entry.action.reason == "on second thoughts, overruledsnw"  # type: ignore[union-attr]


async def test_every_dialog_lists_its_keys(make_app: AppFactory, strait: Path) -> None:
    """The adjust, confirm (end the phase), inject and news dialogs each end in a key line."""
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot)
        for key, kind, expected in (
            ("a", AdjustDialog, ("Next / OK", "Cancel")),
            ("e", ReasonDialog, ("OK", "Cancel")),
            ("i", ChoiceDialog, ("OK", "Cancel")),
        ):
            if not isinstance(app.screen, GameScreen):
                await pilot.press("enter")  # the briefing
                await settle(pilot)
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, kind)
            listed = keys_listed(app.screen)
            assert all(word in listed for word in expected), listed
            if kind is ChoiceDialog:
                await pilot.press("enter", *"a drill", "enter")  # inject the first event
                await settle(pilot)
                await until(pilot, lambda: isinstance(app.screen, NewsFlash), "no news flash")
                assert "Continue" in keys_listed(app.screen)
            else:
                await pilot.press("escape")
                await settle(pilot)


def test_only_the_proposed_outcome_is_marked_and_each_says_what_it_does() -> None:
    view = PendingView(
        move="Raid the cove",
        actor="Northport",
        kind="dice",
        stage="confirm",
        argument="",
        argued_prompt="",
        dice=(4, 5),
        modifiers=(),
        total=9,
        outcomes=(("cleared", "Cove cleared", None), ("arrests", "Some arrests", None)),
        proposed=0,
        draw=-1,
        outcome_summaries=("Smuggling in the bay −4", "Smuggling in the bay −2 · Trust +5"),
    )
    lines = outcome_lines(view)
    texts = [line if isinstance(line, Text) else line.renderable for line in lines]
    assert [t.plain for t in texts if isinstance(t, Text)] == [
        "▶ Cove cleared",
        "• Smuggling in the bay −4",
        "  Some arrests",
        "• Smuggling in the bay −2",
        "• Trust +5",
    ]
    other = texts[2]
    assert isinstance(other, Text) and not other.style
    assert not [span for span in other.spans if "green" in str(span.style) and span.end > 2]


def test_each_change_under_an_outcome_starts_with_a_capital() -> None:
    """Greenland's Article 4 ruling listed "• European allies trust Denmark more (+10)"
    and then "• the United Kingdom trusts Denmark more (+10)": the summary's sentence is
    split into bullets, each a line of its own (the move preview capitalises them too)."""
    view = PendingView(
        move="Ask NATO for Article 4 consultations",
        actor="Denmark",
        kind="chance",
        stage="confirm",
        argument="",
        argued_prompt="",
        dice=(),
        modifiers=(),
        total=0,
        outcomes=(("ranks", "Allies close ranks", 0.5),),
        proposed=0,
        draw=0.449,
        outcome_summaries=(
            "European allies trust Denmark more (+10) · the United Kingdom trusts Denmark "
            "more (+10)",
        ),
    )
    texts = [line.renderable for line in outcome_lines(view)[1:]]
    assert [t.plain for t in texts if isinstance(t, Text)] == [
        "• European allies trust Denmark more (+10)",
        "• The United Kingdom trusts Denmark more (+10)",
    ]


def test_the_rating_line_names_the_keys_the_buttons_name() -> None:
    """The line read "[s] strong +2 [n] neutral +0 [w] weak -2" while the buttons (and the
    keys that work: letters go into the reason) are F2, F3, F4 (issue 20's playthrough)."""
    view = PendingView(
        move="Mediate",
        actor="The United Kingdom",
        kind="dice",
        stage="rate",
        argument="",
        argued_prompt="Why would Washington listen?",
        dice=(),
        modifiers=(),
        total=0,
        outcomes=(),
        proposed=-1,
        draw=-1,
        rating_mods=(("strong", 2), ("neutral", 0), ("weak", -2)),
    )
    said = " ".join(part.plain for part in pending_body(view, 6) if isinstance(part, Text))
    assert "F2 strong +2" in said and "F3 neutral +0" in said and "F4 weak -2" in said
    assert "[s]" not in said


async def test_at_80_by_24_the_buttons_show_and_every_outcome_scrolls_into_view(
    make_app: AppFactory, strait: Path
) -> None:
    """Issue 20's hot-seat playthrough: on a laptop's 80x24 the ruling cut off its
    buttons and the last outcome's effects, while the key line still said Enter and ^o."""
    app = make_app(strait)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot, all_human=True, umpire="human-draws")
        await play_until(
            pilot, lambda a: isinstance(a.screen, AdjudicationScreen), choose=prefer_adjudicated
        )
        ruling = app.screen
        assert isinstance(ruling, AdjudicationScreen)
        ruling.show(SEIZURE, 6, app.turn_view().dashboard)
        await settle(pilot)
        screen = ruling.region
        for button_id in ("#confirm", "#override"):
            button = ruling.query_one(button_id, Button)
            assert button.region.height > 0, button_id  # on screen, without scrolling
            assert screen.contains_region(button.region), (button_id, button.region)
        keybar = ruling.query_one(KeyBar).region
        for button_id in ("#confirm", "#override"):
            assert ruling.query_one(button_id, Button).region.bottom <= keybar.y
        # The last outcome's last effect scrolls into view, above the buttons, by keys.
        body = ruling.query_one("#adjudication-body", Static)
        scroll = body.parent
        assert isinstance(scroll, VerticalScroll)
        await pilot.press("shift+tab")
        await settle(pilot)
        assert ruling.focused is scroll and scroll.max_scroll_y > 0
        await pilot.press("end")
        await settle(pilot)
        await until(pilot, lambda: scroll.scroll_y == scroll.max_scroll_y, "not scrolled")
        last_line = body.region.bottom - 1
        assert scroll.region.y <= last_line < scroll.region.bottom, (body.region, scroll.region)
        assert last_line < ruling.query_one("#confirm", Button).region.y
