"""The theme key draws the screen from lines drawn ahead in a pause, and what it shows is
what drawing every widget afresh in the new theme shows; a widget that changed since its
lines were drawn is drawn on the key instead."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyte
import pytest
from rich.segment import Segment
from textual._compositor import CompositorUpdate
from textual._styles_cache import StylesCache
from textual.css.stylesheet import Stylesheet
from textual.geometry import Region
from textual.pilot import Pilot
from textual.strip import Strip

import wargame.tui.collector as collector_module
from wargame.tui.app import WargameApp
from wargame.tui.lines_ahead import LinesAhead
from wargame.tui.screens.game import GameScreen
from wargame.tui.widgets.textview import TextView

from .conftest import AppFactory, settle
from .driver import start_game
from .test_covered import until_screen
from .test_focus import Cells, Mirror, _cells, escapes
from .test_themes import theme_ready


def drawn_from_scratch(app: WargameApp) -> Cells:
    """What the terminal shows once every widget on the screen has forgotten what it drew
    and draws again (no line cache, no content cache)."""
    screen = app.screen
    for widget in [*screen._compositor.visible_widgets, *screen.walk_children(with_self=True)]:
        widget.notify_style_update()
        widget.refresh()
    update = screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    assert isinstance(update, CompositorUpdate)
    terminal = pyte.Screen(*app.size)
    pyte.Stream(terminal).feed(escapes(update, app))
    return _cells(terminal)


def toggled_sheet(app: WargameApp) -> Stylesheet:
    """The stylesheet parsed ahead for the theme `t` switches to."""
    toggled = app._themes.variables(app, app._toggled_theme())
    assert toggled is not None
    sheet = app._themes.sheet(app.stylesheet, toggled)
    assert sheet is not None
    return sheet


async def lines_ready(pilot: Pilot[int]) -> int:
    """Wait for the pauses that draw every widget on show in the other theme; returns how
    many widgets show."""
    app = pilot.app
    assert isinstance(app, WargameApp)
    await theme_ready(pilot)
    for _ in range(100):
        if not app._ahead.stale(app.screen, toggled_sheet(app)):
            return len(app.screen._compositor.visible_widgets)
        await pilot.pause(0.05)
    raise AssertionError("the widgets on show were not drawn ahead in the pauses")


async def game_drawn_ahead(pilot: Pilot[int]) -> int:
    """Start the game and wait for its screen to be drawn in the other theme (see
    `lines_ready`)."""
    await start_game(pilot)
    await until_screen(pilot, GameScreen)
    await settle(pilot)
    return await lines_ready(pilot)


class Spy:
    """What the theme key did: the widgets served from lines drawn ahead, the lines
    rendered on the key."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.served: list[int] = []
        self.rendered = 0
        switch = LinesAhead.switch
        render_line = StylesCache.render_line

        def spy_switch(ahead: LinesAhead, *args: Any) -> int:
            served = switch(ahead, *args)
            self.served.append(served)
            return served

        def spy_render_line(cache: StylesCache, *args: Any) -> Strip:
            self.rendered += 1
            return render_line(cache, *args)

        monkeypatch.setattr(LinesAhead, "switch", spy_switch)
        monkeypatch.setattr(StylesCache, "render_line", spy_render_line)

    async def press(self, pilot: Pilot[int], key: str) -> None:
        self.served.clear()
        self.rendered = 0
        await pilot.press(key)
        await settle(pilot)
        await pilot.pause(0.05)


@pytest.fixture
def long_pause_soon(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(collector_module, "LONG_PAUSE", 0.5)


@pytest.mark.usefixtures("long_pause_soon")
@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_theme_key_shows_the_lines_drawn_ahead_and_they_are_right(
    make_app: AppFactory, strait: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    app = make_app(strait)
    async with app.run_test(size=size) as pilot:
        await game_drawn_ahead(pilot)
        mirror = Mirror(app)
        # Drawing ahead put every style, line and cache back: the dark screen is as it
        # was, and a text's first row drawn again (from what the text keeps of what it
        # drew) is dark too
        assert app.current_theme.dark
        views = list(app.screen.query(TextView))
        assert views
        for view in views:
            view.refresh(Region(0, 0, view.size.width, 1))
        await settle(pilot)
        await pilot.pause(0.05)
        assert mirror.shown() == drawn_from_scratch(app)
        await settle(pilot)
        await lines_ready(pilot)
        # The highlight moved and back: the list and the preview are drawn again in part
        for key in ("down", "up"):
            await pilot.press(key)
            await settle(pilot)
            await pilot.pause(0.05)
            assert mirror.shown() == drawn_from_scratch(app)
            await settle(pilot)
        dark = mirror.shown()
        showing = await lines_ready(pilot)
        monkeypatch.setattr(app, "_draw_toggled_ahead", lambda: None)  # no pause draws again
        spy = Spy(monkeypatch)
        await spy.press(pilot, "t")
        assert not app.current_theme.dark
        assert spy.served == [showing]  # every widget on show, from its lines drawn ahead
        assert spy.rendered == 0
        light = mirror.shown()
        assert light != dark
        # The way back and forth again: the lines each key replaced are the lines ahead
        await spy.press(pilot, "t")
        assert app.current_theme.dark
        assert spy.served == [showing] and spy.rendered == 0
        assert mirror.shown() == dark
        await spy.press(pilot, "t")
        assert spy.served == [showing] and spy.rendered == 0
        assert mirror.shown() == light == drawn_from_scratch(app)


@pytest.mark.usefixtures("long_pause_soon")
async def test_a_widget_that_changed_since_its_lines_were_drawn_is_drawn_on_the_key(
    make_app: AppFactory, strait: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        showing = await game_drawn_ahead(pilot)
        monkeypatch.setattr(app, "_draw_toggled_ahead", lambda: None)  # no pause draws again
        mirror = Mirror(app)
        await pilot.press("down")  # another move highlighted: the list and its preview
        await settle(pilot)
        spy = Spy(monkeypatch)
        await spy.press(pilot, "t")
        assert not app.current_theme.dark
        assert spy.served and 0 < spy.served[0] < showing
        assert spy.rendered > 0
        assert mirror.shown() == drawn_from_scratch(app)


@pytest.mark.usefixtures("long_pause_soon")
async def test_lines_are_stale_once_the_widget_shows_or_is_styled_otherwise(
    make_app: AppFactory, strait: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await game_drawn_ahead(pilot)
        monkeypatch.setattr(app, "_draw_toggled_ahead", lambda: None)
        sheet = toggled_sheet(app)
        log, header = app.screen.query_one("#event-log"), app.screen.query_one("#game-header")
        assert app._ahead.stale(app.screen, sheet) == []
        # A line marked to be drawn again, not drawn yet (a key may land before the frame)
        log._styles_cache.set_dirty(Region(0, 1, log.size.width, 1))
        assert app._ahead.stale(app.screen, sheet) == [log]
        # A line drawn again the same (a screen back from under a dialog): still good
        cache = header._styles_cache._cache
        cache[0] = Strip(list(cache[0]))
        assert app._ahead.stale(app.screen, sheet) == [log]
        # A line drawn again differently
        cache[1] = Strip([Segment("changed")])
        assert set(app._ahead.stale(app.screen, sheet)) == {log, header}
        # A class that may style a widget differently in the other theme
        moves = app.screen.query_one("#moves")
        moves.add_class("-test")
        assert moves in app._ahead.stale(app.screen, sheet)
