"""Moving the focus repaints only the widgets it restyles (`QuietFocus`), and the terminal
still shows what a drawing of the whole screen would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyte
from textual._compositor import ChopsUpdate, CompositorUpdate, LayoutUpdate
from textual.app import App
from textual.pilot import Pilot
from textual.strip import Strip

from wargame.tui.screens.dialogs import AdjustDialog
from wargame.tui.screens.setup import SetupScreen

from .conftest import AppFactory, settle
from .driver import start_game, to_turn_screen

Cells = tuple[tuple[Any, ...], ...]


class Mirror:
    """A terminal (pyte) fed every frame the app writes, as a real one would be."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.updates: list[CompositorUpdate] = []
        width, height = app.size
        self.terminal = pyte.Screen(width, height)
        self.stream = pyte.Stream(self.terminal)
        self._write(app.screen._compositor.render_update(full=True))
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if isinstance(renderable, CompositorUpdate) and not app._batch_count:
                self.updates.append(renderable)
                self._write(renderable)

        app._display = display  # type: ignore[method-assign]

    def _write(self, update: object) -> None:
        assert isinstance(update, CompositorUpdate)
        self.stream.feed(escapes(update, self.app))

    def shown(self) -> Cells:
        return _cells(self.terminal)

    def drawn_afresh(self) -> Cells:
        """What the terminal would show if the screen were drawn whole now."""
        terminal = pyte.Screen(*self.app.size)
        update = self.app.screen._compositor.render_update(
            full=True, screen_stack=self.app._background_screens
        )
        assert isinstance(update, CompositorUpdate)
        pyte.Stream(terminal).feed(escapes(update, self.app))
        return _cells(terminal)


def escapes(update: CompositorUpdate, app: App[Any]) -> str:
    """`update` as the app's console writes it. Rich keeps a style's escape codes on the
    style, worked out for the colour system of the first console to use it, and Textual
    shares styles between apps: a test's app may get codes made for another test's."""
    strips: list[Strip] = []
    if isinstance(update, LayoutUpdate):
        strips = [strip for line in update.strips for strip in line]
    elif isinstance(update, ChopsUpdate):
        strips = [strip for line in update.chops for strip in line.values() if strip is not None]
    for strip in strips:
        for segment in strip:
            if segment.style is not None:
                segment.style._ansi = None
    return update.render_segments(app.console)


def _cells(terminal: pyte.Screen) -> Cells:
    return tuple(
        tuple(terminal.buffer[y][x] for x in range(terminal.columns))
        for y in range(terminal.lines)
    )


async def press_and_draw(pilot: Pilot[int], mirror: Mirror, key: str) -> list[CompositorUpdate]:
    """Press `key`, let the app draw, and return the frames it wrote."""
    seen = len(mirror.updates)
    await pilot.press(key)
    await settle(pilot)
    await pilot.pause(0.05)
    return mirror.updates[seen:]


async def moving_the_focus_leaves_nothing_stale(
    pilot: Pilot[int], keys: tuple[str, ...]
) -> None:
    """Press each of `keys`: no frame redraws the whole screen, and the terminal then
    shows what a drawing of the whole screen would."""
    mirror = Mirror(pilot.app)
    for key in keys:
        frames = await press_and_draw(pilot, mirror, key)
        assert not any(isinstance(f, LayoutUpdate) for f in frames), key
        assert mirror.shown() == mirror.drawn_afresh(), key


async def test_tab_on_the_game_screen_repaints_the_two_boxes_not_the_screen(
    make_app: AppFactory, strait: Path
) -> None:
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot)
        await to_turn_screen(pilot)
        await settle(pilot)
        await pilot.pause(0.05)
        mirror = Mirror(app)
        moves, log = app.screen.query_one("#moves"), app.screen.query_one("#event-log")
        for key, focused in (("tab", log), ("tab", moves), ("l", log), ("m", moves)):
            frames = await press_and_draw(pilot, mirror, key)
            assert app.screen.focused is focused
            assert frames and not any(isinstance(f, LayoutUpdate) for f in frames), key
            assert all(isinstance(f, ChopsUpdate) for f in frames)
            assert mirror.shown() == mirror.drawn_afresh(), key


async def test_tab_through_the_setup_leaves_nothing_stale(
    make_app: AppFactory, strait: Path
) -> None:
    app = make_app(strait)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # past the content note
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        await moving_the_focus_leaves_nothing_stale(pilot, ("tab", "tab", "tab", "shift+tab"))


async def test_tab_through_a_dialog_leaves_nothing_stale(
    make_app: AppFactory, strait: Path
) -> None:
    app = make_app(strait)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_game(pilot)
        await to_turn_screen(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AdjustDialog)
        await pilot.pause(0.05)
        await moving_the_focus_leaves_nothing_stale(pilot, ("tab", "tab", "shift+tab"))
