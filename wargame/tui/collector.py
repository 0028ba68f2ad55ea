"""Keeping the cycle collector's full passes out of key presses.

CPython collects its oldest generation when enough objects have survived into it. In a game
that is every few key presses: the session's states, the screens and Textual's caches all
live there, and a full pass over them took 45-125 ms, inside whichever press set it off
(measured on Greenland: 21 full passes in a classroom game of 64 presses, 1.3 s in all).

While the app runs, full passes are left to it: when no key or click has come for
`IDLE_AFTER` seconds and nothing is being drawn or computed, it collects and then freezes
what survived (`gc.freeze`), so the next pass looks only at what is newer and stays short
(a few ms) however long the game. The young generations are still collected as usual;
they cost well under a millisecond a time.

What is frozen is not looked at by those short passes. An object frozen while alive and
later dropped is still freed by reference counting; one that ends up in a reference cycle
(a closed dialog's widgets, say) waits for a thaw: about 77,000 such objects in a 65-press
classroom game. A thaw looks at everything again (100-200 ms, too long for the 0.3 s
pause, where a person's next key can land in it), so it waits for a long pause
(`LONG_PAUSE`) once enough has been frozen since the last (`THAW_GROWTH`).

The young generation is collected less often than CPython's default (`YOUNG`): a press
allocates tens of thousands of short-lived containers (Rich segments, strips, layout
maps), and at the default 700 it set off 40 young and 3 middle passes per press, 11 ms of
a press's 20 (measured over a classroom game: 757 ms in all). Most of those objects are
freed by reference counting before a larger threshold is reached, so fewer, larger passes
look at less: 65 ms in all for the same game.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

IDLE_AFTER = 0.3
"""Seconds without input after which a full pass may run: well after a press is answered
(the slowest settle in 0.3 s), well before most people press the next key."""

IDLE_POLL = 0.1
"""Seconds between the app's looks at whether the input paused (`IdleCollector.in_pause`)."""

LONG_PAUSE = 5.0
"""Seconds without input that make a long pause: a long read, a discussion at the table.
Work too long for the short pause waits for one (a thaw; the other theme's stylesheet)."""

THAW_GROWTH = 100_000
"""Objects frozen since the last thaw before another is worth its time."""

YOUNG = 20_000
"""Allocations between two young passes while the app runs (CPython's default is 700)."""

NEVER = 1 << 30
"""A third-generation threshold CPython never reaches: no automatic full passes."""


class IdleCollector:
    """Full collections between key presses instead of during them (see the module)."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        idle_after: float = IDLE_AFTER,
    ) -> None:
        self._clock = clock
        self._idle_after = idle_after
        self._last_input = clock()
        self._since_input = False
        """Whether input came since the last full pass (nothing new to collect, else)."""
        self._passes = 0
        self._thaws = 0
        self._frozen_since_thaw = 0
        """Objects frozen by the short passes since the last thaw, counted as they are frozen:
        `gc.get_freeze_count()` walks everything frozen, and the idle poll asks often."""
        self._saved: tuple[int, int, int] | None = None

    @property
    def running(self) -> bool:
        return self._saved is not None

    @property
    def passes(self) -> int:
        """Short full passes made so far."""
        return self._passes

    @property
    def thaws(self) -> int:
        """Thaws made so far."""
        return self._thaws

    def start(self) -> None:
        """Collect and freeze what is loaded, and stop automatic full passes."""
        if self._saved is not None:
            return
        gc.collect()
        gc.freeze()
        self._frozen_since_thaw = 0
        _, middle, _ = self._saved = gc.get_threshold()
        gc.set_threshold(YOUNG, middle, NEVER)

    def stop(self) -> None:
        """Give the collector back its own thresholds (an app may run in a longer process:
        the tests run hundreds)."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None
            # What was frozen is the collector's again: in a longer process (the tests run
            # hundreds of apps) a closed app's cycles can then be freed.
            gc.unfreeze()

    def touch(self) -> None:
        """Input came: no full pass for the next `idle_after` seconds."""
        self._last_input = self._clock()
        self._since_input = True

    def grew(self) -> None:
        """Work done in a pause (composing a screen ahead) made objects: a full pass is
        worth making in the next pause, as after input."""
        self._since_input = True

    def idle(self) -> bool:
        """Whether no input came for `idle_after` seconds."""
        return self._clock() - self._last_input >= self._idle_after

    def due(self) -> bool:
        """Whether a short pass is worth making: running, input came since the last, and
        the input paused."""
        return self._saved is not None and self._since_input and self.idle()

    def long_pause(self) -> bool:
        """Whether no input came for `LONG_PAUSE` seconds."""
        return self._clock() - self._last_input >= LONG_PAUSE

    def thaw_due(self) -> bool:
        """Whether a long pause came and enough was frozen since the last thaw."""
        return (
            self._saved is not None
            and self.long_pause()
            and self._frozen_since_thaw >= THAW_GROWTH
        )

    def thaw(self) -> None:
        """A full pass over everything, frozen or not; what survives is frozen again."""
        self._thaws += 1
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self._frozen_since_thaw = 0

    def collect(self) -> None:
        """A full pass over what is not frozen yet; what survives is frozen."""
        self._passes += 1
        self._since_input = False
        gc.collect()
        self._frozen_since_thaw += len(gc.get_objects())  # the survivors, not yet frozen
        gc.freeze()

    def in_pause(self, working: bool) -> None:
        """The app's look, every `IDLE_POLL`: in a pause in the input with nothing
        `working` (no worker running), collect, or in a long pause thaw."""
        if working or not self.idle():
            return
        if self.due():
            self.collect()
        elif self.thaw_due():
            self.thaw()
