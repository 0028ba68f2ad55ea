"""Screens where moving the focus repaints only what it restyles.

Textual's `Screen.focused` is a reactive that repaints the whole screen whenever the focus
moves. Nothing on our screens draws the focus except through CSS (`:focus` borders and
highlights), and Textual repaints each widget whose styles a focus change alters. So the
whole-screen repaint drew every widget again for nothing: on the game screen Tab took
15-18 ms to draw 40 rows instead of the two boxes whose borders changed, and missed the
next frame. A `QuietFocus` screen declares the same reactive without the repaint; its
watcher (`Screen._watch_focused`, which refreshes the key bindings) still runs.
"""

from __future__ import annotations

from textual.reactive import Reactive
from textual.widget import Widget


class QuietFocus:
    """A screen mixin (before `Screen` in the bases): a focus change repaints only the
    widgets whose styles it changes."""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
