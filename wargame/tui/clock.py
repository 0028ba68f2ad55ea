"""The phase timer and the clock it reads, injectable so tests never wait on wall time.

The rules never read a clock: a timer only tells the room how long a phase has left. The
app reads `Clock.now()` once a second; tests pass a `ManualClock` and move it by hand.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Literal, Protocol


class Clock(Protocol):
    """Anything that tells the time in seconds (monotonic)."""

    def now(self) -> float:
        """Seconds since an arbitrary, fixed origin."""
        ...


class SystemClock:
    """The machine's monotonic clock."""

    def now(self) -> float:
        return time.monotonic()


class ManualClock:
    """A clock that moves only when told to: for tests and demonstrations."""

    def __init__(self, start: float = 0.0) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        """Move the clock forward by `seconds`."""
        self._now += seconds


MAX_PHASE_MINUTES = 24 * 60
"""The longest phase timer a facilitator may set: a day (longer is a typing slip)."""


def phase_seconds(minutes: str | float) -> float:
    """Seconds for a phase timer of `minutes` typed by a facilitator (0 switches it off).

    Raises `ValueError` with the words to show when `minutes` is not a finite number of
    minutes between 0 and `MAX_PHASE_MINUTES`: such a value stored in a shared table used to
    crash every seat that joined it.
    """
    try:
        value = float(minutes)
    except (TypeError, ValueError):
        raise ValueError(f"{minutes!r} is not a number of minutes.") from None
    if not math.isfinite(value) or not 0 <= value <= MAX_PHASE_MINUTES:
        raise ValueError(
            f"A phase timer takes 0 to {MAX_PHASE_MINUTES} minutes (0 switches it off), "
            f"not {minutes!r}."
        )
    return value * 60


def stored_seconds(value: object) -> float | None:
    """Seconds read from a save or a table's records, or None when they are not a sane
    timer value (not a number, not finite, negative or over a day): a seat ignores such a
    record instead of crashing on it."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    if not math.isfinite(seconds) or not 0 <= seconds <= MAX_PHASE_MINUTES * 60:
        return None
    return seconds


TimerState = Literal["off", "running", "paused", "warning", "expired"]


@dataclass
class PhaseTimer:
    """A countdown for one phase: start, pause, extend, and read what is left.

    `duration` is in seconds; zero switches the timer off. The warning state begins when
    `warn_at` seconds or less remain.
    """

    duration: float = 0.0
    warn_at: float = 60.0
    _started: float | None = None
    _spent_before_pause: float = 0.0
    _extra: float = 0.0
    _paused: bool = False

    @property
    def enabled(self) -> bool:
        return self.duration > 0

    def restart(self, now: float) -> None:
        """Start a fresh countdown (a new phase began)."""
        self._started = now
        self._spent_before_pause = 0.0
        self._extra = 0.0
        self._paused = False

    def pause(self, now: float) -> None:
        if self._paused or self._started is None:
            return
        self._spent_before_pause += now - self._started
        self._paused = True

    def resume(self, now: float) -> None:
        if not self._paused:
            return
        self._started = now
        self._paused = False

    def toggle(self, now: float) -> None:
        """Pause a running timer or resume a paused one."""
        if self._paused:
            self.resume(now)
        else:
            self.pause(now)

    @property
    def paused(self) -> bool:
        return self._paused

    def extend(self, seconds: float) -> None:
        """Give the phase more time (the umpire's call)."""
        self._extra += seconds

    def elapsed(self, now: float) -> float:
        if self._started is None:
            return 0.0
        running = 0.0 if self._paused else now - self._started
        return self._spent_before_pause + running

    def remaining(self, now: float) -> float:
        """Seconds left, never below zero."""
        return max(0.0, self.duration + self._extra - self.elapsed(now))

    def state(self, now: float) -> TimerState:
        if not self.enabled or self._started is None:
            return "off"
        if self._paused:
            return "paused"
        left = self.remaining(now)
        if left <= 0:
            return "expired"
        if left <= self.warn_at:
            return "warning"
        return "running"


def format_seconds(seconds: float) -> str:
    """`m:ss` (or `h:mm:ss`) for a count of seconds, rounded up so 0:00 means over."""
    if not math.isfinite(seconds):
        return "-:--"
    whole = int(-(-seconds // 1))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


class WallClock:
    """Unix time: what a shared table's screens read, so that timers on several machines
    count from the same store-stamped moment."""

    def now(self) -> float:
        return time.time()
