"""Full collections wait for a pause in the input: `IdleCollector` on its own, and in the app."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from wargame.tui.collector import NEVER, IdleCollector

from .conftest import AppFactory, copy_scenario, settle
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
    assert (young, middle) == thresholds[:2] and old == NEVER
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
    finally:
        collector.stop()


async def test_the_app_collects_in_pauses_and_gives_the_thresholds_back(
    make_app: AppFactory, tmp_path: Path, thresholds: tuple[int, int, int]
) -> None:
    app = make_app(copy_scenario("greenland", tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        assert gc.get_threshold()[2] == NEVER
        await step(pilot)
        await settle(pilot)
        await pilot.pause(0.6)  # a reader's pause: the full pass runs in it
        assert app._collector.passes >= 1
    assert gc.get_threshold() == thresholds
