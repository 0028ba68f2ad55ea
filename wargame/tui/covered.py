"""Getting a covered screen ready while a person reads the dialog over it.

Textual lays out and paints only the screen on top. When a dialog over the game closes, the
game screen is laid out again and every widget that changed while it was covered is
rendered, all inside that key press: 40-70 ms on Greenland, most of the press. Done in the
pause while the dialog is read, closing the dialog costs one repaint from cached lines.

It reaches two Textual internals (`Screen._refresh_layout` and `Compositor._get_renders`,
Textual 8.2). Getting ready is only ever a head start: when they are missing, or the screen
comes back on top first, nothing is done here and the screen is drawn as it comes back.
"""

from __future__ import annotations

import asyncio
from typing import Any

from textual.screen import Screen

SETTLE_SECONDS = 0.02
"""A pause after the layout for widgets to take their `Resize` events (which may change
what they show) before their lines are rendered."""


async def get_ready(screen: Screen[Any]) -> bool:
    """Lay `screen` out and render its widgets' lines into their caches, a widget at a time
    (the event loop answers keys in between). False when it did not (back on top, gone, or
    Textual's internals are not the ones known here)."""
    layout = getattr(screen, "_refresh_layout", None)
    compositor = getattr(screen, "_compositor", None)
    renders = getattr(compositor, "_get_renders", None)
    if layout is None or renders is None or not _covered(screen):
        return False
    try:
        layout(screen.app.size)
        await asyncio.sleep(SETTLE_SECONDS)
        for _ in renders():
            if not _covered(screen):
                return False
            await asyncio.sleep(0)
    except (AttributeError, TypeError):  # internals changed shape: skip the head start
        return False
    return True


def _covered(screen: Screen[Any]) -> bool:
    # Not `is_current`: Textual counts the screen under the top one as current whether or
    # not the top one lets it show through.
    app = screen.app
    return screen.is_mounted and screen in app.screen_stack and app.screen is not screen
