"""The bots' turns between the humans' decisions: briefly in the key press, the rest on a
worker thread, then what the steps brought goes on screen (`WargameApp.after_steps`).

A bot's move takes 0.1-1 ms on Greenland, so most answer within the press that handed them
the turn; a hop to a thread and back costs 4-8 ms of the press, and its computing slows the
app's drawing meanwhile. While a worker decides, the keys wait (`busy`).
"""

from __future__ import annotations

import time
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual.timer import Timer

from wargame.errors import WargameError

if TYPE_CHECKING:
    from wargame.tui.app import WargameApp

WAITING_AFTER = 0.15
"""Seconds bots may think before the move list says they are deciding."""
BOTS_INLINE = 0.004
"""Seconds bots may decide in the key press itself before the rest goes to a worker
thread."""


class BotTurns:
    """Lets the bots of one app's game act, and says when they could not."""

    IN_PRESS: ClassVar[bool] = True
    """Whether bots may begin deciding in the key press (`briefly`)."""

    def __init__(self, app: WargameApp) -> None:
        self.app = app
        self.busy = False
        """Bots are deciding on a worker thread: the keys wait."""
        self.failed = False
        """A bot could not act: the game waits for the facilitator (undo, a reload)."""
        self._notice: Timer | None = None

    def advance(self, since: int | None = None) -> None:
        """Let bots act, then present what the humans must see next."""
        app = self.app
        session = app.session
        if session is None:
            return
        start = session.step_index if since is None else since
        error = self.briefly()
        self.failed = bool(error)
        if error:
            app.notify(error, title="A bot could not act", severity="error", timeout=10)
        if app.flow is not None and app.flow.bots_to_act and not error:
            self.busy = True
            # Bots usually answer in microseconds: say they are deciding only when they
            # take long enough to notice, rather than redraw the move list twice a press.
            self._notice = app.set_timer(
                WAITING_AFTER, partial(app.refresh_game, waiting="Bots are deciding…")
            )
            self.in_worker(start)
            return
        app.after_steps(start)

    def briefly(self) -> str:
        """Let bots act in this press until a human is to act or `BOTS_INLINE` seconds
        have passed (a move begun is finished); the error of a bot that could not act,
        else ''."""
        session, flow = self.app.session, self.app.flow
        assert session is not None and flow is not None
        if not self.IN_PRESS:
            return ""
        deadline = time.perf_counter() + BOTS_INLINE
        while flow.bots_to_act and time.perf_counter() <= deadline:
            try:
                session.run_bots(max_steps=1)
            except WargameError as exc:
                return str(exc)
        return ""

    def in_worker(self, start: int) -> None:
        """Let the bots finish on a worker thread, then show the steps since `start`."""
        self.app.run_worker(
            partial(self._decide_then_show, start),
            group="bots",
            description="Bots deciding",
            exclusive=True,
            thread=True,
        )

    def _decide_then_show(self, start: int) -> None:
        error = self.decide_rest()
        self.app.call_from_thread(self._done, start, error)

    def decide_rest(self) -> str | None:
        """On the worker thread: play the bots until a human is to act; the error of one
        that could not act, else None."""
        session = self.app.session
        assert session is not None
        try:
            session.run_bots()
        except WargameError as exc:
            return str(exc)
        return None

    def _done(self, start: int, error: str | None) -> None:
        self.busy = False
        if self._notice is not None:
            self._notice.stop()
            self._notice = None
        self.failed = bool(error)
        if error:
            self.app.notify(error, title="A bot could not act", severity="error", timeout=10)
        self.app.after_steps(start)


__all__ = ["BOTS_INLINE", "WAITING_AFTER", "BotTurns"]
