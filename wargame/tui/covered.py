"""Getting a covered screen ready while a person reads the dialog over it.

Textual lays out and paints only the screen on top. When a dialog over the game closes, the
game screen is laid out again and every widget that changed while it was covered is
rendered, all inside that key press: 40-70 ms on Greenland, most of the press. Done in the
pause while the dialog is read, closing the dialog costs one repaint from cached lines.

It reaches Textual internals (Textual 8.2): `Screen._refresh_layout` and `_layout_required`,
`Compositor._get_renders` and `_full_map`, and the widgets' message queues. Getting ready is
only ever a head start: when they are missing, or the screen comes back on top first,
nothing is done here and the screen is drawn as it comes back. It runs as a task of its
own (a worker), not in the screen's message handler, so that the screen takes its widgets'
messages about their new sizes meanwhile.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Generator
from typing import Any, TypeVar

from textual.screen import Screen

SETTLE_SECONDS = 0.02
"""The least pause for widgets to take their messages (a `Resize` may change what they
show) before the screen is laid out or rendered; see `_settled`."""

SETTLE_LIMIT = 0.25
"""The most `_settled` waits for a screen whose widgets keep busy."""

R = TypeVar("R")


class Later(Awaitable[R]):
    """`work(*args)` for a worker, its coroutine made only when the worker awaits it: one
    made for a worker that a closing app never starts is reported as never awaited."""

    def __init__(self, work: Callable[..., Awaitable[R]], *args: Any, **kwargs: Any) -> None:
        self._call = (work, args, kwargs)

    def __await__(self) -> Generator[Any, None, R]:
        work, args, kwargs = self._call
        return work(*args, **kwargs).__await__()


MOUNT_LIMIT = 2.0
"""The most `get_ready` waits for a screen pushed under a dialog to be composed (the debrief
takes 60-400 ms)."""

ROUNDS = 4
"""Rounds of layout and rendering at most (see `get_ready`); two are usual."""


async def get_ready(screen: Screen[Any], *, offstage: bool = False) -> bool:
    """Lay `screen` out and render its widgets' lines into their caches, a widget at a time
    (the event loop answers keys in between). False when it did not (back on top, gone, or
    Textual's internals are not the ones known here).

    `offstage`: `screen` is composed but not on the stack (the app composes the screens a
    game needs ahead of it): got ready the same way, until it is pushed.
    """
    layout = getattr(screen, "_refresh_layout", None)
    compositor: Any = getattr(screen, "_compositor", None)
    renders = getattr(compositor, "_get_renders", None)
    if layout is None or renders is None:
        return False
    if offstage:
        if not screen.is_mounted:
            return False

        def covered() -> bool:
            return screen.is_mounted and screen not in screen.app.screen_stack

    else:
        if not await _mounted(screen):
            return False

        def covered() -> bool:
            return _covered(screen)

    if not covered():
        return False
    try:
        # Widgets just given new content report it (their sizes may change) when they
        # next run, and take their `Resize` after a layout, which may ask for another
        # (a scrollbar that changed size does). A layout after the lines are rendered
        # throws some of them away, so: wait until the widgets have had their say, lay
        # out, render, and go round again while a layout came after (Textual's own
        # timer may do it: it runs for the screen under a dialog too).
        layout_due = True
        for _ in range(ROUNDS):
            await _settled(screen, offstage)
            if layout_due or screen._layout_required:
                if not covered():
                    return False
                layout(screen.app.size)
                screen._layout_required = False
                await _settled(screen, offstage)
            laid_out = compositor._full_map
            for _ in renders():
                if not covered():
                    return False
                await asyncio.sleep(0)
            await _settled(screen, offstage)
            layout_due = False
            if compositor._full_map is laid_out and not screen._layout_required:
                break
    except (AttributeError, TypeError):  # internals changed shape: skip the head start
        return False
    return True


async def _mounted(screen: Screen[Any]) -> bool:
    """Wait until a screen just pushed is composed and mounted (at most `MOUNT_LIMIT`);
    False when it left the stack first or took longer."""
    waited = 0.0
    while not screen.is_mounted:
        if waited >= MOUNT_LIMIT or screen not in screen.app.screen_stack:
            return False
        await asyncio.sleep(0.005)
        waited += 0.005
    return True


async def _settled(screen: Screen[Any], offstage: bool = False) -> None:
    """Wait until the screen and every widget laid out on it have no message waiting, no
    layout asked for and no timer-driven layout to come (at least `SETTLE_SECONDS`).
    Off the stage Textual never lays the screen out: a layout it asks for is `get_ready`'s
    to do, not to wait for."""
    await asyncio.sleep(SETTLE_SECONDS)
    waited = SETTLE_SECONDS
    while waited < SETTLE_LIMIT and _busy(screen, offstage):
        await asyncio.sleep(0.005)
        waited += 0.005


def _busy(screen: Screen[Any], offstage: bool) -> bool:
    for widget in (screen, *screen._compositor.widgets):
        if not widget._message_queue.empty():
            return True
        if widget._layout_required and not (offstage and widget is screen):
            return True
    return False


def _covered(screen: Screen[Any]) -> bool:
    # Not `is_current`: Textual counts the screen under the top one as current whether or
    # not the top one lets it show through.
    app = screen.app
    return screen.is_mounted and screen in app.screen_stack and app.screen is not screen
