"""Benchmark 4: TUI latency, key press to refreshed screen, over a played Greenland game.

One Greenland game (seed 7, the setup screen's defaults: one human team, the rest bots) is
played headless with keys only, the way tests/tui/driver.py plays: on the game screen the
first available move ("1"), on an argument dialog a short argument and Enter, on the
umpire's screens a neutral rating or Enter, elsewhere Enter. A press on the game screen
includes the bot seats playing up to the next human decision, as a player experiences it.
The phase clock is a `ManualClock`, as in the TUI tests. It is played twice:

* **Key to frame** (the figure the target is about). Each key is handed to the app the way
  a terminal driver hands it over (`Driver.send_message`, the call the input thread makes),
  and the clock starts there. Every frame the app writes is timestamped by wrapping
  `App._display`, the one place a compositor update becomes terminal output. A headless app
  skips turning the update into escape sequences, so the wrapper does that work
  (`CompositorUpdate.render_segments`) to count what a terminal would cost. The press is
  answered at the last frame written before the app is quiet again: no worker running, no
  message waiting in any queue, no refresh pending, nothing drawn for 60 ms. Also
  measured: the first frame after the press (the player sees the press land) and the
  longest the event loop went without running a 2 ms heartbeat (a stall: the screen cannot
  answer anything then; the issue asks that long work go to a worker).
* **Pilot** (the figure this benchmark reported before, kept for comparison): wall time
  from just before `pilot.press` until `pilot.pause()`, `workers.wait_for_complete()`,
  `pilot.pause()` return. `pilot.press` and `pilot.pause` each wait for a 20 ms window in
  which the process is idle, so a press that does nothing measures 110-120 ms here.

Wall time: the app runs in this process's event loop, and the bots in its worker thread.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, Row, median, percentile

__all__ = ["run"]

QUIET = 0.06
"""Seconds without a frame, a message or a worker after which a press counts as answered."""
HEARTBEAT = 0.002


@dataclass
class Press:
    """One key press: what was on screen and how long the answer took (seconds)."""

    screen: str
    key: str
    last_frame: float | None
    first_frame: float | None
    stall: float
    frames: int


@dataclass
class _Frames:
    """Timestamps of every frame the app writes (see the module docstring)."""

    times: list[float] = field(default_factory=list)

    def install(self, app: Any) -> None:
        from textual._compositor import CompositorUpdate

        original: Callable[[Any, Any], None] = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is None or app._batch_count:
                return
            if app.is_headless:  # the work `_display` skips without a terminal
                if isinstance(renderable, CompositorUpdate):
                    renderable.render_segments(app.console)
                else:
                    app.console._render_buffer(app.console.render(renderable))
            self.times.append(time.perf_counter())

        app._display = display


def _key_event(key: str) -> Any:
    """The `events.Key` a terminal driver would send for `key` (as `App._press_keys` does)."""
    from textual import events
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    char: str | None
    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


def _busy(app: Any) -> bool:
    """Whether anything is left to do: a worker, a queued message, a pending refresh."""
    if any(not worker.is_finished for worker in app.workers):
        return True
    screen = app.screen
    if (
        screen._layout_required
        or screen._repaint_required
        or screen._scroll_required
        or screen._recompose_required
        or screen._dirty_widgets
    ):
        return True
    for node in (app, *app.screen_stack, *screen.walk_children()):
        if not node._message_queue.empty() or node._next_callbacks:
            return True
    return False


async def _answer(app: Any, frames: _Frames, key: str, screen: str) -> Press:
    """Send `key` as a terminal would and wait until the app is quiet again."""
    event = _key_event(key)
    event.set_sender(app)
    before = len(frames.times)
    start = time.perf_counter()
    app._driver.send_message(event)
    stall = 0.0
    tick = start
    quiet_since = start
    while True:
        await asyncio.sleep(HEARTBEAT)
        now = time.perf_counter()
        stall = max(stall, now - tick)
        tick = now
        last = frames.times[-1] if len(frames.times) > before else start
        if _busy(app):
            quiet_since = now
        elif now - max(quiet_since, last) >= QUIET:
            break
    new = frames.times[before:]
    return Press(
        screen,
        key,
        last_frame=new[-1] - start if new else None,
        first_frame=new[0] - start if new else None,
        stall=stall,
        frames=len(new),
    )


def _keys_for(app: Any) -> tuple[str, ...]:
    from wargame.tui.screens.adjudication import AdjudicationScreen
    from wargame.tui.screens.dialogs import ArgumentDialog
    from wargame.tui.screens.game import GameScreen

    screen = app.screen
    if isinstance(screen, GameScreen):
        return ("1",)
    if isinstance(screen, ArgumentDialog):
        return (*"We hold firm", "enter")
    if isinstance(screen, AdjudicationScreen):
        pending = app.session.state.pending if app.session else None
        return ("n",) if pending is not None and pending.stage == "rate" else ("enter",)
    return ("enter",)


def _app(tmp: str) -> Any:
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    from wargame.tui.app import PlayOptions, WargameApp
    from wargame.tui.clock import ManualClock

    return WargameApp(
        PlayOptions(
            path=ROOT / "scenarios" / "greenland.yaml",
            seed=7,
            cwd=Path(tmp),
            autosave=False,
            include_shipped=False,
            clock=ManualClock(),
        )
    )


async def _play_frames(limit: int) -> list[Press]:
    from wargame.tui.screens.debrief import DebriefScreen

    presses: list[Press] = []
    with tempfile.TemporaryDirectory() as tmp:
        app = _app(tmp)
        async with app.run_test(size=(120, 40)) as pilot:
            frames = _Frames()
            frames.install(app)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            for _ in range(limit):
                if isinstance(app.screen, DebriefScreen):
                    break
                for key in _keys_for(app):
                    presses.append(await _answer(app, frames, key, type(app.screen).__name__))
            app.exit(0)
    return presses


async def _play_pilot(limit: int) -> tuple[list[float], list[float], int]:
    from wargame.tui.screens.debrief import DebriefScreen
    from wargame.tui.screens.game import GameScreen

    game: list[float] = []
    other: list[float] = []
    presses = 0
    with tempfile.TemporaryDirectory() as tmp:
        app = _app(tmp)
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(limit):
                screen = app.screen
                if isinstance(screen, DebriefScreen):
                    break
                keys = _keys_for(app)
                start = time.perf_counter()
                await pilot.press(*keys)
                await pilot.pause()
                await app.workers.wait_for_complete()
                await pilot.pause()
                elapsed = time.perf_counter() - start
                (game if isinstance(screen, GameScreen) else other).append(elapsed / len(keys))
                presses += len(keys)
            app.exit(0)
    return game, other, presses


def _ms(seconds: float) -> float:
    return seconds * 1000


def run(limit: int = 400) -> list[Row]:
    presses = asyncio.run(_play_frames(limit))
    answered = [p for p in presses if p.last_frame is not None]
    lasts = [p.last_frame for p in answered if p.last_frame is not None]
    firsts = [p.first_frame for p in answered if p.first_frame is not None]
    stalls = [p.stall for p in presses]
    silent = len(presses) - len(answered)
    slowest = max(answered, key=lambda p: p.last_frame or 0.0, default=None)
    rows = [
        Row(
            "tui latency",
            "key to frame: key press to screen written, median",
            _ms(median(lasts)),
            "ms",
            "< 50 ms",
            median(lasts) < 0.05,
            f"{len(presses)} presses over one Greenland game"
            + (f" ({silent} drew nothing)" if silent else ""),
        ),
        Row(
            "tui latency",
            "key to frame: key press to screen written, p95",
            _ms(percentile(lasts, 95)),
            "ms",
            note=(
                f"slowest {_ms(slowest.last_frame or 0):.0f} ms on {slowest.screen}"
                if slowest
                else ""
            ),
        ),
        Row(
            "tui latency",
            "key to first frame, median",
            _ms(median(firsts)),
            "ms",
            note=f"p95 {_ms(percentile(firsts, 95)):.0f} ms",
        ),
        Row(
            "tui latency",
            "longest event-loop stall per press, median",
            _ms(median(stalls)),
            "ms",
            note=f"p95 {_ms(percentile(stalls, 95)):.0f} ms, max {_ms(max(stalls)):.0f} ms",
        ),
    ]
    game_presses = [p.last_frame for p in answered if p.screen == "GameScreen" and p.last_frame]
    if game_presses:
        rows.append(
            Row(
                "tui latency",
                "key to frame: move chosen on the game screen, median",
                _ms(median(game_presses)),
                "ms",
                note=f"p95 {_ms(percentile(game_presses, 95)):.0f} ms; {len(game_presses)} moves",
            )
        )
    game, other, count = asyncio.run(_play_pilot(limit))
    everything = game + other
    rows += [
        Row(
            "tui latency",
            "Pilot wall clock: press to settled, median",
            _ms(median(everything)),
            "ms",
            note=f"{count} presses; a press that does nothing measures 110-120 ms",
        ),
        Row(
            "tui latency",
            "Pilot wall clock: press to settled, p95",
            _ms(percentile(everything, 95)),
            "ms",
        ),
    ]
    return rows


def detail(limit: int = 400) -> list[Press]:
    """Every press of one played game (for profiling: `python -m benchmarks.tui_latency`)."""
    return asyncio.run(_play_frames(limit))


if __name__ == "__main__":
    for press in detail():
        last = "-" if press.last_frame is None else f"{_ms(press.last_frame):7.1f}"
        first = "-" if press.first_frame is None else f"{_ms(press.first_frame):7.1f}"
        print(
            f"{press.screen:22} {press.key:8} last {last} ms  first {first} ms  "
            f"stall {_ms(press.stall):6.1f} ms  frames {press.frames}"
        )
