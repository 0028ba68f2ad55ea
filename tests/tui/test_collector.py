"""What waits for a pause in the input: full collections (`IdleCollector`, on its own and in
the app)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from wargame.tui.collector import NEVER, YOUNG, IdleCollector

from .conftest import AppFactory, copy_scenario, settle, until
from .driver import step


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def thresholds() -> Iterator[tuple[int, int, int]]:
    saved = gc.get_threshold()
    yield saved
    gc.set_threshold(*saved)


def test_no_automatic_full_passes_while_it_runs_and_its_own_thresholds_after(
    thresholds: tuple[int, int, int],
) -> None:
    collector = IdleCollector(FakeClock())
    collector.start()
    assert collector.running
    young, middle, old = gc.get_threshold()
    assert (young, middle, old) == (YOUNG, thresholds[1], NEVER)
    assert young > thresholds[0]  # fewer young passes than CPython's default
    collector.stop()
    assert gc.get_threshold() == thresholds and not collector.running


def test_a_full_pass_is_due_only_after_input_and_a_pause(
    thresholds: tuple[int, int, int],
) -> None:
    clock = FakeClock()
    collector = IdleCollector(clock, idle_after=0.3)
    assert not collector.due()  # not started
    collector.start()
    try:
        assert not collector.due()  # nothing happened since the start
        collector.touch()
        clock.now += 0.2
        assert not collector.due()  # too soon after the key
        clock.now += 0.2
        assert collector.due()
        frozen = gc.get_freeze_count()
        garbage: list[object] = []
        garbage.append(garbage)  # a cycle only the collector frees
        del garbage
        collector.collect()
        assert collector.passes == 1 and not collector.due()  # nothing new since
        assert gc.get_freeze_count() >= frozen  # what survived is frozen
        collector.touch()
        clock.now += 1
        assert collector.due()
        collector.collect()
        collector.grew()  # work in a pause made objects: due again, without a key
        assert collector.due()
    finally:
        collector.stop()


def test_a_long_pause_thaws_what_was_frozen_and_frees_its_cycles(
    thresholds: tuple[int, int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    import wargame.tui.collector as collector_module

    monkeypatch.setattr(collector_module, "THAW_GROWTH", 1_000)
    clock = FakeClock()
    collector = IdleCollector(clock, idle_after=0.3)
    collector.start()
    try:

        class Node:
            def __init__(self) -> None:
                self.me = self

        kept = [Node() for _ in range(2_000)]  # alive at a short pass: frozen
        collector.touch()
        clock.now += 1
        collector.collect()
        del kept  # now garbage, in cycles, and frozen: a short pass never sees them
        collector.touch()
        clock.now += 1
        assert not collector.thaw_due()  # a short pause
        collector.collect()  # a short pass: the frozen cycles stay
        clock.now += collector_module.LONG_PAUSE
        assert collector.thaw_due()
        before = gc.get_freeze_count()
        collector.thaw()
        assert collector.thaws == 1 and not collector.thaw_due()
        assert gc.get_freeze_count() <= before - 2_000  # freed by the thaw
    finally:
        collector.stop()
    assert gc.get_freeze_count() == 0  # stopping gives everything back to the collector


async def test_the_app_collects_in_pauses_and_gives_the_thresholds_back(
    make_app: AppFactory, tmp_path: Path, thresholds: tuple[int, int, int]
) -> None:
    app = make_app(copy_scenario("greenland", tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        assert gc.get_threshold()[2] == NEVER
        await step(pilot)
        await settle(pilot)
        # a reader's pause: the full pass runs in it
        await until(pilot, lambda: app._collector.passes >= 1, "no full collection")
    assert gc.get_threshold() == thresholds


def test_asking_whether_a_thaw_is_due_never_walks_what_is_frozen(
    thresholds: tuple[int, int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app asks every `IDLE_POLL` in a long pause, and `gc.get_freeze_count()` walks
    every frozen object: in a long process (the test suite) that starved the event loop."""
    import wargame.tui.collector as collector_module

    monkeypatch.setattr(collector_module, "THAW_GROWTH", 1_000)
    clock = FakeClock()
    collector = IdleCollector(clock, idle_after=0.3)
    collector.start()
    try:
        walks: list[int] = []
        monkeypatch.setattr(gc, "get_freeze_count", lambda: walks.append(1) or 0)
        kept = [[n] for n in range(2_000)]  # alive at a short pass: frozen
        collector.touch()
        clock.now += 1
        collector.collect()
        clock.now += collector_module.LONG_PAUSE
        assert collector.thaw_due()  # counted as they were frozen
        collector.thaw()
        assert not collector.thaw_due()
        assert walks == []
        del kept
    finally:
        monkeypatch.undo()
        collector.stop()
