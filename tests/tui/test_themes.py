"""The theme key swaps in a stylesheet parsed in a pause and restyles only what shows;
every other screen is in the new theme's colours when it comes back."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.css.stylesheet import Stylesheet
from textual.pilot import Pilot

import wargame.tui.collector as collector_module
from wargame.tui.app import WargameApp
from wargame.tui.screens.game import GameScreen
from wargame.tui.screens.help import HelpScreen
from wargame.tui.themes import ThemeSheets

from .conftest import AppFactory, settle
from .driver import start_game
from .test_covered import until_screen

CSS = "Screen { background: $background; } Label { color: $accent; }"


def sheet(css: str = CSS, variables: dict[str, str] | None = None) -> Stylesheet:
    stylesheet = Stylesheet(variables=variables or {"background": "red", "accent": "blue"})
    stylesheet.add_source(css, read_from=("test", "CSS"))
    stylesheet.parse()
    return stylesheet


def test_a_sheet_parsed_ahead_is_swapped_in_and_the_one_left_is_kept() -> None:
    live = sheet()
    sheets = ThemeSheets()
    light = {"background": "white", "accent": "green"}
    dark = {"background": "red", "accent": "blue"}
    assert sheets.swap(live, dark, light) is None  # nothing parsed ahead: Textual parses
    sheets.prepare(live, light)
    assert sheets.ready(live, light)
    swapped = sheets.swap(live, dark, light)
    assert swapped is not None and swapped is not live
    assert "#FFFFFF" in swapped.css and "#FF0000" not in swapped.css
    assert sheets.ready(swapped, dark)  # the sheet left is kept for the way back
    assert sheets.swap(swapped, light, dark) is live


def test_a_sheet_parsed_before_a_new_source_came_is_not_used() -> None:
    live = sheet()
    sheets = ThemeSheets()
    light = {"background": "white", "accent": "green"}
    sheets.prepare(live, light)
    live.add_source("Button { color: $accent; }", read_from=("test", "Button"))
    live.parse()
    assert not sheets.ready(live, light)
    assert sheets.swap(live, {"background": "red", "accent": "blue"}, light) is None


def test_a_sheet_catches_up_with_new_sources_without_parsing_the_old_again() -> None:
    live = sheet()
    sheets = ThemeSheets()
    light = {"background": "white", "accent": "green"}
    sheets.prepare(live, light)
    prepared = sheets._sheets[frozenset(light.items())]
    old_rules = list(prepared.rules)
    live.add_source("Button { color: $accent; }", read_from=("test", "Button"))
    live.parse()
    assert not sheets.ready(live, light)
    assert sheets.catch_up(live, light) and sheets.ready(live, light)
    caught_up = sheets.swap(live, {}, light)
    assert caught_up is prepared and len(caught_up.rules) == len(old_rules) + 1
    assert all(a is b for a, b in zip(caught_up.rules, old_rules, strict=False))  # cached
    assert "#008000" in caught_up.rules[-1].css  # the new source, in this theme's colours


def test_sources_in_another_order_are_not_caught_up() -> None:
    first, second = ("test", "A"), ("test", "B")
    live = Stylesheet(variables={"accent": "blue"})
    live.add_source("Label { color: $accent; }", read_from=first)
    live.add_source("Label { color: red; }", read_from=second)
    live.parse()
    sheets = ThemeSheets()
    sheets.prepare(live, {"accent": "green"})
    reordered = Stylesheet(variables={"accent": "blue"})
    reordered.add_source("Label { color: red; }", read_from=second)
    reordered.add_source("Label { color: $accent; }", read_from=first)
    reordered.parse()
    assert not sheets.ready(reordered, {"accent": "green"})  # a later rule wins a tie
    assert not sheets.catch_up(reordered, {"accent": "green"})


def test_css_that_does_not_parse_is_left_to_textual() -> None:
    live = sheet("Label { color: $accent; }", {"accent": "blue"})
    sheets = ThemeSheets()
    sheets.prepare(live, {"background": "white"})  # no $accent: no exception in a pause
    assert not sheets.ready(live, {"background": "white"})


async def theme_ready(pilot: Pilot[int]) -> None:
    """Wait for the long pause that parses the other theme's stylesheet."""
    app = pilot.app
    assert isinstance(app, WargameApp)
    for _ in range(100):
        other = app._themes.variables(app, app._toggled_theme())
        if other is not None and app._themes.ready(app.stylesheet, other):
            return
        await pilot.pause(0.05)
    raise AssertionError("the other theme's stylesheet was not parsed in a pause")


async def test_the_theme_key_swaps_sheets_and_screens_that_come_back_are_restyled(
    make_app: AppFactory, strait: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(collector_module, "LONG_PAUSE", 0.5)  # a long pause, sooner
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot)
        await until_screen(pilot, GameScreen)
        await settle(pilot)
        game = app.screen
        await pilot.press("question_mark")  # the kept help: styled dark, then put away
        await settle(pilot)
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        await theme_ready(pilot)
        parses: list[object] = []
        original = Stylesheet.reparse

        def reparse(self: Stylesheet) -> None:
            parses.append(self)
            original(self)

        monkeypatch.setattr(Stylesheet, "reparse", reparse)
        dark_background = game.styles.background
        await pilot.press("t")
        await settle(pilot)
        assert not app.current_theme.dark and parses == []  # swapped, not parsed
        light = app.get_theme("textual-light")
        assert light is not None and light.background is not None
        assert game.styles.background != dark_background
        assert game.styles.background.hex.lower() == light.background.lower()
        await pilot.press("question_mark")
        await settle(pilot)
        assert app.screen is help_screen
        assert help_screen.styles.background == game.styles.background  # restyled on the way
        await pilot.press("escape")
        await settle(pilot)
        await theme_ready(pilot)  # the dark sheet was kept: ready at once
        await pilot.press("t")
        await settle(pilot)
        assert app.current_theme.dark and parses == []
        assert game.styles.background == dark_background


async def test_the_other_theme_is_parsed_only_in_a_long_pause(
    make_app: AppFactory, strait: Path
) -> None:
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot)
        await until_screen(pilot, GameScreen)
        await settle(pilot)
        while app._prewarm:  # short pauses: the screens composed ahead (about 1.5 s)
            await pilot.pause(0.1)
        passes = app._collector.passes
        await pilot.pause(1.5)  # more short pauses, less than a long one in all
        assert app._collector.passes > passes  # the short pauses' work went on
        toggled = app._themes.variables(app, app._toggled_theme())
        assert toggled is not None
        assert not app._themes.ready(app.stylesheet, toggled)  # 50-100 ms: not in these
