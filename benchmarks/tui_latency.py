"""Benchmark 4: TUI latency, key press to refreshed screen, over a played Greenland game.

Driven through Textual's Pilot (headless), keys only, the way tests/tui/driver.py plays:
on the game screen the first available move ("1"), on an argument dialog a short argument
and Enter, on the umpire's screens a neutral rating or Enter, elsewhere Enter. For each
press the time runs from just before `pilot.press` to the moment every message and worker
has been handled and the screen has been refreshed (`pilot.press` itself waits for the
app to be idle; then `pilot.pause()` twice around `workers.wait_for_complete()`). A press
on the game screen includes the bot seats playing up to the next human decision, as a
player experiences it. The phase clock is a `ManualClock`, as in the TUI tests. Wall time:
the app runs in this process's event loop.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from pathlib import Path

from benchmarks.common import ROOT, Row, median, percentile

__all__ = ["run"]


async def _play(limit: int) -> tuple[list[float], list[float], int]:
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    from wargame.tui.app import PlayOptions, WargameApp
    from wargame.tui.clock import ManualClock
    from wargame.tui.screens.adjudication import AdjudicationScreen
    from wargame.tui.screens.debrief import DebriefScreen
    from wargame.tui.screens.dialogs import ArgumentDialog
    from wargame.tui.screens.game import GameScreen

    game: list[float] = []
    other: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        app = WargameApp(
            PlayOptions(
                path=ROOT / "scenarios" / "greenland.yaml",
                seed=7,
                cwd=Path(tmp),
                autosave=False,
                include_shipped=False,
                clock=ManualClock(),
            )
        )
        presses = 0
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(limit):
                screen = app.screen
                if isinstance(screen, DebriefScreen):
                    break
                if isinstance(screen, GameScreen):
                    keys: tuple[str, ...] = ("1",)
                elif isinstance(screen, ArgumentDialog):
                    keys = (*"We hold firm", "enter")
                elif isinstance(screen, AdjudicationScreen):
                    pending = app.session.state.pending if app.session else None
                    keys = ("n",) if pending is not None and pending.stage == "rate" else ("enter",)
                else:
                    keys = ("enter",)
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


def run(limit: int = 400) -> list[Row]:
    game, other, presses = asyncio.run(_play(limit))
    everything = game + other
    rows = [
        Row(
            "tui latency",
            "key press to refresh, median",
            median(everything) * 1000,
            "ms",
            "< 50 ms",
            median(everything) < 0.05,
            f"{presses} presses over one Greenland game",
        ),
        Row(
            "tui latency",
            "key press to refresh, 95th percentile",
            percentile(everything, 95) * 1000,
            "ms",
        ),
    ]
    if game:
        rows.append(
            Row(
                "tui latency",
                "move chosen on the game screen, median",
                median(game) * 1000,
                "ms",
                note=f"p95 {percentile(game, 95) * 1000:.0f} ms; {len(game)} moves",
            )
        )
    return rows
