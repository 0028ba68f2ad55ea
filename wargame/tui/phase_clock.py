"""The phase timer of a game on screen: it counts each phase down from the moment the phase
begins, warns once when time runs low and once when it is up, and says how it stands in
the header. The rules never read it (see `wargame.tui.clock`)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.notifications import SeverityLevel

from wargame.session import Session
from wargame.tui.clock import Clock, PhaseTimer, format_seconds

DEFAULT_REALTIME_SECONDS = 600.0
"""A phase's length in a realtime scenario when nobody chose one."""

STYLES = {
    "running": "bold green",
    "warning": "bold black on yellow",
    "expired": "bold white on red",
    "paused": "bold dim",
    "off": "dim",
}


def phase_length(session: Session, chosen: float | None) -> float:
    """Seconds a phase of `session` lasts: as chosen (at setup, `--phase-seconds`, the
    umpire's timer), else `DEFAULT_REALTIME_SECONDS` in a realtime scenario; 0 is no timer."""
    if chosen is not None:
        return chosen
    realtime = session.scenario.calendar.clock == "realtime"
    return DEFAULT_REALTIME_SECONDS if realtime else 0.0


@dataclass(frozen=True, slots=True)
class Notice:
    """What to tell the room about the timer."""

    message: str
    severity: SeverityLevel
    timeout: float | None = None


class PhaseClock:
    """A `PhaseTimer` that follows the game's phases (`follow`), read by `clock`."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.timer = PhaseTimer()
        self.phase: tuple[int, int] | None = None
        """The (turn, phase) being counted down."""
        self.warned = ""
        """The last state warned of ("warning", "expired"), so each is said once."""

    def use(self, timer: PhaseTimer) -> None:
        """Count down with `timer`, from the next `follow`."""
        self.timer = timer
        self.phase = None

    def follow(self, phase: tuple[int, int]) -> None:
        """The game is at (turn, phase): a new phase restarts the countdown."""
        if self.timer.enabled and phase != self.phase:
            self.phase = phase
            self.timer.restart(self.clock.now())
            self.warned = ""

    def extend(self, seconds: float) -> None:
        now = self.clock.now()
        self.timer.extend(seconds)
        self.warned = "warning" if self.timer.state(now) == "warning" else ""

    def notice(self) -> Notice | None:
        """What to say now that time runs low or is up (once each), or None."""
        if not self.timer.enabled:
            return None
        now = self.clock.now()
        state = self.timer.state(now)
        if state not in ("warning", "expired") or self.warned == state:
            return None
        self.warned = state
        if state == "warning":
            left = format_seconds(self.timer.remaining(now))
            return Notice(f"{left} left in this phase.", "warning")
        return Notice(
            "Time is up for this phase. The umpire may end it (e) or extend it (+).",
            "error",
            10,
        )

    def left(self) -> str:
        return format_seconds(self.timer.remaining(self.clock.now()))

    def text(self) -> Text | None:
        """The header's clock: time left, paused, or time is up (None without a timer)."""
        if not self.timer.enabled:
            return None
        state = self.timer.state(self.clock.now())
        left = self.left()
        label = {"paused": f"⏸ {left}", "expired": "⏰ time is up"}.get(state, f"⏱ {left}")
        return Text(f" {label} ", style=STYLES[state])
