"""Shared fixtures for the TUI tests: deterministic apps and a keys-only game driver.

Animations are off and cursors do not blink, the clock is a `ManualClock`, saves go to a
temporary folder, and the seed is fixed, so every run of a test sees the same screens.
"""

from __future__ import annotations

import os

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

import asyncio
import contextlib
import inspect
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea
from textual.worker import WorkerCancelled

from wargame.tui.app import PlayOptions, WargameApp
from wargame.tui.clock import ManualClock


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests in a fresh event loop (no asyncio plugin needed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    kwargs = {name: pyfuncitem.funcargs[name] for name in names}
    asyncio.run(pyfuncitem.obj(**kwargs))
    return True


FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]
SCENARIOS = REPO / "scenarios"


@pytest.fixture
def strait(tmp_path: Path) -> Path:
    """The small fixture scenario, copied so autosaves land in the test's folder."""
    target = tmp_path / "strait.yaml"
    shutil.copy(FIXTURES / "strait.yaml", target)
    return target


DRILL = REPO / "tests" / "fixtures" / "exercise" / "drill.yaml"
"""The small exercise fixture: two modules, questions, notes, a non-player actor."""


@pytest.fixture
def drill(tmp_path: Path) -> Path:
    """The exercise fixture, copied so autosaves land in the test's folder."""
    target = tmp_path / "drill.yaml"
    shutil.copy(DRILL, target)
    return target


def copy_scenario(name: str, folder: Path) -> Path:
    """A shipped scenario copied into `folder` (skips the test when it is not there yet)."""
    source = SCENARIOS / f"{name}.yaml"
    if not source.exists():
        pytest.skip(f"scenarios/{name}.yaml is not in the repository yet")
    target = folder / source.name
    shutil.copy(source, target)
    return target


AppFactory = Callable[..., WargameApp]


@pytest.fixture
def make_app(tmp_path: Path) -> AppFactory:
    """Build a deterministic app: fixed seed, manual clock, saves under tmp_path."""

    def build(path: Path | None = None, **overrides: object) -> WargameApp:
        options: dict[str, object] = {
            "path": path,
            "seed": 7,
            "cwd": tmp_path,
            "clock": ManualClock(),
            "include_shipped": False,
        }
        options.update(overrides)
        return WargameApp(PlayOptions(**options))  # type: ignore[arg-type]

    return build


async def settle(pilot: Pilot[int]) -> None:
    """Wait until every message and worker (bots, saves) is done. A worker cancelled
    because a newer one of its exclusive group replaced it is done too (waiting on it
    raises `WorkerCancelled`, which failed a test now and then, depending on timing)."""
    await pilot.pause()
    while running := [w for w in pilot.app.workers if not w.is_finished]:
        for worker in running:
            with contextlib.suppress(WorkerCancelled):
                await worker.wait()
    await pilot.pause()


async def until(pilot: Pilot[int], ready: Callable[[], bool], what: str) -> None:
    """Wait until `ready()` holds, however slow the machine: a condition, not a clock (the
    app's own timers fire later under load). The deadline only stops a hang."""
    deadline = time.monotonic() + UNTIL_SECONDS
    while not ready():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not after {UNTIL_SECONDS} s")
        await pilot.pause(0.02)
    await settle(pilot)


UNTIL_SECONDS = 60.0


def no_blink(app: WargameApp) -> None:
    """Stop every cursor blinking (snapshots must not catch a blink phase)."""
    for widget in app.screen.query(Input):
        widget.cursor_blink = False
    for area in app.screen.query(TextArea):
        area.cursor_blink = False
