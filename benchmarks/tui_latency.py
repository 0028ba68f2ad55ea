"""Benchmark 4: TUI latency, key press to refreshed screen, over a played Greenland game.

One Greenland game (seed 7, the setup screen's defaults: one human team, the rest bots) is
played headless with keys only, the way tests/tui/driver.py plays: on the game screen the
first available move ("1"), on an argument dialog a short argument and Enter, on the
umpire's screens a neutral rating or Enter, elsewhere Enter. A press on the game screen
includes the bot seats playing up to the next human decision, as a player experiences it.
The phase clock is a `ManualClock`, as in the TUI tests. A second game is the classroom
issue 6 is done by (`CLASS_SETUP`: four human teams and a human umpire, hot seat: hand-overs,
briefings and rulings between the moves), measured the same way. A third reaches the game
screen and presses the facilitator's keys and the player's other keys (`CONTROLS`: help,
briefing, inject, adjust, end phase, debrief, the command palette, focus, theme), each
closed again. Measured two ways:

* **Key to frame** (the figure the target is about). Each key is handed to the app the way
  a terminal driver hands it over (`Driver.send_message`, the call the input thread makes),
  and the clock starts there. The next key comes `READING` seconds after a press is
  answered, as a person reads what appeared; the app uses that pause (it draws the game
  screen under a dialog while the dialog is read). A second game without the pause, each
  key as soon as the app is quiet, is reported beside it. Every frame the app writes is
  timestamped by wrapping `App._display`, the one place a compositor update becomes
  terminal output. A headless app skips turning the update into escape sequences, so the
  wrapper does that work (`CompositorUpdate.render_segments`) to count what a terminal
  would cost. A press is over
  when the app is quiet again: no worker running, no message waiting in any queue, no
  refresh pending, nothing drawn for 60 ms. Then, outside the timing, the frames' escape
  sequences are played into a terminal emulator (`pyte`) to tell which frames changed what
  the terminal shows: Textual often lays a screen out again a frame or two later (a
  scrollbar appears, a closed dialog is pruned) and rewrites cells with what they already
  show. The headline is the press to the last frame that changed the screen ("settled");
  the press to the last frame written, the first visible change, and the longest the event
  loop went without running a 2 ms heartbeat (a stall: the screen cannot answer anything
  then; the issue asks that long work go to a worker) are reported beside it.
* **Pilot** (the figure this benchmark reported before, kept for comparison): wall time
  from just before `pilot.press` until `pilot.pause()`, `workers.wait_for_complete()`,
  `pilot.pause()` return. `pilot.press` and `pilot.pause` each wait for a 20 ms window in
  which the process is idle, so a press that does nothing measures 110-120 ms here.

Wall time: the app runs in this process's event loop, and the bots in its worker thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
import time
import unicodedata
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, Row, median, percentile

__all__ = ["run"]

QUIET = 0.06
"""Seconds without a frame, a message or a worker after which a press counts as answered."""
READING = 0.5
"""Seconds between a press being answered and the next key: a fast reader's pause. The app
uses such pauses (it draws the game screen under a dialog while the dialog is read), so the
headline is measured with it; a row without it shows the cost when keys come faster."""
FRAME = 1 / 60
"""A frame period at Textual's default 60 frames a second (`TEXTUAL_FPS`)."""
HEARTBEAT = 0.002
BUSY_EVERY = 5
"""Heartbeats between two looks at whether the app is quiet (every 10 ms)."""


@dataclass
class Press:
    """One key press: what was on screen and how long the answer took (seconds)."""

    screen: str
    key: str
    last_frame: float | None
    first_frame: float | None
    stall: float
    frames: int
    settled: float | None = None
    """The last frame that changed what the terminal shows (None: nothing changed)."""
    first_change: float | None = None


@dataclass
class _Frames:
    """Every frame the app writes: when, and the terminal output (see the module docstring)."""

    times: list[float] = field(default_factory=list)
    output: list[str] = field(default_factory=list)
    changed: list[bool] = field(default_factory=list)
    """Per frame played into the emulator so far: whether it changed the display."""
    _terminal: Any = None

    def install(self, app: Any) -> None:
        from textual._compositor import CompositorUpdate

        original: Callable[[Any, Any], None] = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is None or app._batch_count:
                return
            if app.is_headless:  # the work `_display` skips without a terminal
                if isinstance(renderable, CompositorUpdate):
                    data = renderable.render_segments(app.console)
                else:
                    data = app.console._render_buffer(app.console.render(renderable))
            self.times.append(time.perf_counter())
            self.output.append(data)

        app._display = display
        width, height = app.size
        self._terminal = _terminal(width, height)

    def play(self) -> None:
        """Play the frames not yet seen into the terminal emulator; note which changed it."""
        import pyte

        screen = self._terminal
        stream = pyte.Stream(screen)
        before = _display(screen)
        for data in self.output[len(self.changed) :]:
            stream.feed(data)
            after = _display(screen)
            self.changed.append(after != before)
            before = after


def _terminal(width: int, height: int) -> Any:
    """A `pyte.Screen` that also keeps "dim" (SGR 2), which pyte drops: Textual never
    blinks, so the blink attribute carries it."""
    import pyte

    class Terminal(pyte.Screen):  # type: ignore[misc]
        def select_graphic_rendition(self, *attrs: int) -> None:
            mapped: list[int] = []
            index = 0
            while index < len(attrs):
                attr = attrs[index]
                if attr in (38, 48) and index + 1 < len(attrs):  # a colour and its numbers
                    size = {5: 3, 2: 5}.get(attrs[index + 1], 2)
                    mapped += attrs[index : index + size]
                    index += size
                    continue
                mapped.append(5 if attr == 2 else attr)
                index += 1
            super().select_graphic_rendition(*mapped)
            if 22 in mapped:  # normal intensity: neither bold nor dim
                self.cursor.attrs = self.cursor.attrs._replace(blink=False)

    return Terminal(width, height)


def _display(screen: Any) -> tuple[tuple[Any, ...], ...]:
    """What a `pyte.Screen` shows, characters and their attributes."""
    return tuple(
        tuple(line[x] for x in range(screen.columns))
        for line in (screen.buffer[y] for y in range(screen.lines))
    )


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
    beats = 0
    while True:
        await asyncio.sleep(HEARTBEAT)
        now = time.perf_counter()
        stall = max(stall, now - tick)
        tick = now
        beats += 1
        if beats % BUSY_EVERY:  # looking into every widget's queue costs the app time too
            continue
        last = frames.times[-1] if len(frames.times) > before else start
        if _busy(app):
            quiet_since = now
        elif now - max(quiet_since, last) >= QUIET:
            break
    new = frames.times[before:]
    frames.play()
    visible = [t for t, changed in zip(new, frames.changed[before:], strict=True) if changed]
    return Press(
        screen,
        key,
        last_frame=new[-1] - start if new else None,
        first_frame=new[0] - start if new else None,
        stall=stall,
        frames=len(new),
        settled=visible[-1] - start if visible else None,
        first_change=visible[0] - start if visible else None,
    )


CLASS_SETUP = ("down", "space", "down", "space", "down", "space", "u", "enter")
"""Setup keys for the classroom game issue 6 is done by: the President's team is human
already; three more roles made human, and a human umpire."""


def _keys_for(app: Any, setup: tuple[str, ...] = ("enter",)) -> tuple[str, ...]:
    from wargame.tui.screens.adjudication import AdjudicationScreen
    from wargame.tui.screens.dialogs import ArgumentDialog
    from wargame.tui.screens.game import GameScreen
    from wargame.tui.screens.setup import SetupScreen

    screen = app.screen
    if isinstance(screen, SetupScreen):
        return setup
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


@contextlib.asynccontextmanager
async def _measured_app() -> AsyncIterator[tuple[Any, _Frames]]:
    """The Greenland app at 120x40, its frames timestamped, started and quiet."""
    with tempfile.TemporaryDirectory() as tmp:
        app = _app(tmp)
        async with app.run_test(size=(120, 40)) as pilot:
            frames = _Frames()
            frames.install(app)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            yield app, frames
            app.exit(0)


async def _play(
    app: Any,
    frames: _Frames,
    done: Callable[[Any], bool],
    limit: int,
    reading: float = READING,
    setup: tuple[str, ...] = ("enter",),
) -> list[Press]:
    """Answer each screen with its keys (`_keys_for`) until `done(app)`."""
    presses: list[Press] = []
    for _ in range(limit):
        if done(app):
            break
        for key in _keys_for(app, setup):
            presses.append(await _answer(app, frames, key, type(app.screen).__name__))
        if reading:  # after the answer (a typed argument is typed without pauses)
            await asyncio.sleep(reading)
    return presses


async def _play_frames(
    limit: int, reading: float = READING, setup: tuple[str, ...] = ("enter",)
) -> list[Press]:
    from wargame.tui.screens.debrief import DebriefScreen

    async with _measured_app() as (app, frames):
        return await _play(
            app, frames, lambda app: isinstance(app.screen, DebriefScreen), limit, reading, setup
        )


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


CONTROLS = (
    ("question_mark", "help"),
    ("escape", ""),
    ("b", "briefing"),
    ("escape", ""),
    ("i", "inject"),
    ("escape", ""),
    ("a", "adjust"),
    ("escape", ""),
    ("e", "end phase"),
    ("escape", ""),
    ("d", "debrief"),
    ("escape", ""),
    ("ctrl+p", "command palette"),
    ("escape", ""),
    ("tab", "focus"),
    ("t", "theme"),
)
"""The facilitator's keys and the player's other keys on the game screen, each followed by
the key that closes what it opened (`escape`, labelled "")."""


async def _play_controls() -> list[tuple[str, Press]]:
    """Reach the game screen of the default game, pause as a table discussing would, then
    press each of `CONTROLS` with a reading pause after each (the debrief key's card gives
    way to the debrief in that pause)."""
    from wargame.tui.collector import LONG_PAUSE
    from wargame.tui.screens.game import GameScreen

    pressed: list[tuple[str, Press]] = []
    async with _measured_app() as (app, frames):
        await _play(app, frames, lambda app: isinstance(app.screen, GameScreen), 40)
        # A discussion at the table first: the app's long-pause work (a thaw, the other
        # theme's stylesheet) runs in it, as it would in a class.
        await asyncio.sleep(LONG_PAUSE + READING)
        for key, label in CONTROLS:
            press = await _answer(app, frames, key, type(app.screen).__name__)
            pressed.append((label or f"close ({type(app.screen).__name__})", press))
            await asyncio.sleep(2 * READING)
    return pressed


def _ms(seconds: float) -> float:
    return seconds * 1000


def run(limit: int = 400) -> list[Row]:
    presses = asyncio.run(_play_frames(limit))
    settled = [p.settled for p in presses if p.settled is not None]
    written = [p.last_frame for p in presses if p.last_frame is not None]
    firsts = [p.first_change for p in presses if p.first_change is not None]
    stalls = [p.stall for p in presses]
    silent = len(presses) - len(settled)
    slowest = max(presses, key=lambda p: p.settled or 0.0)
    rows = [
        Row(
            "tui latency",
            "key to screen settled (last visible change), median",
            _ms(median(settled)),
            "ms",
            "< 50 ms",
            median(settled) < 0.05,
            f"{len(presses)} presses over one Greenland game"
            + (f" ({silent} changed nothing)" if silent else ""),
        ),
        Row(
            "tui latency",
            "key to screen settled, p95",
            _ms(percentile(settled, 95)),
            "ms",
            note=f"slowest {_ms(slowest.settled or 0):.0f} ms, a {slowest.key} on {slowest.screen}",
        ),
        Row(
            "tui latency",
            "key to last frame written, median",
            _ms(median(written)),
            "ms",
            note=f"p95 {_ms(percentile(written, 95)):.0f} ms (frames that repaint what is shown)",
        ),
        Row(
            "tui latency",
            "key to first visible change, median",
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
    rows.append(
        Row(
            "tui latency",
            "presses answered in the next frame (first visible change <= 33.3 ms)",
            100 * sum(1 for p in presses if (p.first_change or 0) <= 2 * FRAME) / len(presses),
            "%",
            note=f"within one frame period (16.7 ms): "
            f"{sum(1 for p in presses if (p.first_change or 0) <= FRAME)} of {len(presses)}; "
            "a key lands at any point of a frame period and its answer is drawn at a frame "
            "tick, so the next frame is at most two periods away",
        )
    )
    hurried = [p.settled for p in asyncio.run(_play_frames(limit, reading=0.0)) if p.settled]
    rows.append(
        Row(
            "tui latency",
            "key to screen settled, no reading pause, median",
            _ms(median(hurried)),
            "ms",
            note=f"p95 {_ms(percentile(hurried, 95)):.0f} ms; each key as soon as the last "
            "press is answered, before the app can use a pause",
        )
    )
    taught = asyncio.run(_play_frames(2_000, setup=CLASS_SETUP))
    classroom = [p.settled for p in taught if p.settled is not None]
    slowest_class = max(taught, key=lambda p: p.settled or 0.0)
    class_firsts = [p.first_change or 0.0 for p in taught]
    class_stalls = [p.stall for p in taught]
    rows.append(
        Row(
            "tui latency",
            "a class: four human teams and a human umpire (hot seat), settled median",
            _ms(median(classroom)),
            "ms",
            note=f"p90 {_ms(percentile(classroom, 90)):.0f} ms, p95 "
            f"{_ms(percentile(classroom, 95)):.0f} ms; {len(taught)} presses; slowest "
            f"{_ms(slowest_class.settled or 0):.0f} ms, a {slowest_class.key} on "
            f"{slowest_class.screen}",
        )
    )
    rows.append(
        Row(
            "tui latency",
            "a class: key to first visible change, median",
            _ms(median(class_firsts)),
            "ms",
            note=f"p90 {_ms(percentile(class_firsts, 90)):.0f} ms, max "
            f"{_ms(max(class_firsts)):.0f} ms; in the next frame (<= 33.3 ms): "
            f"{sum(1 for f in class_firsts if f <= 2 * FRAME)} of {len(taught)}; longest "
            f"stall median {_ms(median(class_stalls)):.0f} ms, p90 "
            f"{_ms(percentile(class_stalls, 90)):.0f} ms",
        )
    )
    labels = {label for _, label in CONTROLS if label}
    opened = [(label, p.first_change or 0.0) for label, p in asyncio.run(_play_controls())]
    opened = [(label, first) for label, first in opened if label in labels]
    on_time = [f"{label} {_ms(first):.0f}" for label, first in opened if first <= 2 * FRAME]
    late = [f"{label} {_ms(first):.0f}" for label, first in opened if first > 2 * FRAME]
    rows.append(
        Row(
            "tui latency",
            "facilitator and other keys on the game screen, first visible change, median",
            _ms(median([first for _, first in opened])),
            "ms",
            note=f"{len(on_time)} of {len(opened)} keys in the next frame (ms): "
            + ", ".join(on_time)
            + (f"; later: {', '.join(late)}" if late else ""),
        )
    )
    moves = [p.settled for p in presses if p.screen == "GameScreen" and p.settled is not None]
    if moves:
        rows.append(
            Row(
                "tui latency",
                "key to screen settled: move chosen on the game screen, median",
                _ms(median(moves)),
                "ms",
                note=f"p95 {_ms(percentile(moves, 95)):.0f} ms; {len(moves)} moves",
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


def _cell(seconds: float | None) -> str:
    return "      -" if seconds is None else f"{_ms(seconds):7.1f}"


if __name__ == "__main__":
    for press in detail():
        print(
            f"{press.screen:22} {press.key:8} settled {_cell(press.settled)} ms  "
            f"written {_cell(press.last_frame)} ms  first change {_cell(press.first_change)} ms"
            f"  stall {_ms(press.stall):6.1f} ms  frames {press.frames}"
        )
