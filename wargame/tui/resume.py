"""Screens that come back on top in the next frame.

The app's screens come back every few keys: the game under each dialog, and the kept
hand-over, briefing, news, result and ruling screens. Textual made each of them wait twice:

* It applies the whole stylesheet again to every widget of a screen that comes back
  (`ScreenResume.refresh_styles`), in case the theme changed while it was away: 3-12 ms of
  the key that brings it back (12 ms for the game screen), for nothing when it did not.
  A `QuickResume` screen remembers what its styles were applied under (the app's CSS
  generation, which a theme change moves on, and the app's classes and pseudo classes
  such as `:dark` and `:focus`) and lets Textual restyle it only when that changed.
* A screen is laid out and painted by its own update timer, which Textual starts the first
  time the screen has something to paint; a timer's first tick comes a whole frame period
  after it starts. So the first time a screen was shown (the first hand-over, the first
  ruling) the key waited 17 ms before anything was laid out. A `QuickResume` screen starts
  its timer when it is mounted, so that by the time the screen is shown the timer's first
  frame is behind it and it ticks as soon as it is asked.

It reads Textual internals (Textual 8.2): `App._css_update_count` and `Screen._update_timer`.
When they are missing the screen is restyled and painted as Textual does.
"""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.screen import Screen

Stamp = tuple[object, frozenset[str], frozenset[str]]


def style_stamp(app: App[object]) -> Stamp | None:
    """What a screen's styles depend on outside the screen; None when unknown."""
    generation = getattr(app, "_css_update_count", None)
    if generation is None:
        return None
    return (generation, app.pseudo_classes, frozenset(app.classes))


class QuickResume:
    """A screen mixin (before `Screen` in the bases): no restyle on coming back unless the
    theme, the stylesheet or the app's classes changed since the screen was last styled,
    and an update timer already running when it first comes on top.

    Textual calls each class's own `_on_mount` and `_on_screen_resume` in turn, this one's
    first: they add to `Screen`'s handlers, and the resume one only clears the event's
    `refresh_styles` before `Screen`'s handler reads it.
    """

    _styled_under: Stamp | None = None

    def _on_mount(self, event: events.Mount) -> None:
        assert isinstance(self, Screen)
        # Mounting applied the stylesheet to every widget, under the app as it is now.
        self._styled_under = style_stamp(self.app)
        timer = getattr(self, "_update_timer", None)
        if timer is not None and hasattr(timer, "resume"):
            # The timer's clock starts now; it ticks once a frame later (pausing itself,
            # and painting only if the screen is on top and asked), and from then on it
            # ticks as soon as the screen asks.
            timer.resume()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        assert isinstance(self, Screen)
        stamp = style_stamp(self.app)
        if stamp is not None and stamp == self._styled_under:
            event.refresh_styles = False
        elif event.refresh_styles:
            self._styled_under = stamp  # `Screen`'s handler restyles next
