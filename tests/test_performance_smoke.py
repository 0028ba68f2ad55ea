"""Non-timed checks behind the performance suite (benchmarks/, docs/performance.md).

* `engine.playout`, the batch fast path, plays exactly the game the public step loop plays
  with the same generator: equal final state, moves, trajectories and generator position.
* The floor (benchmarks/floor.py, the hand-written script the engine is timed against) is
  honest: it plays the benchmark scenario's rules, so the same seed gives the same ending.
* The host's two-core ceiling (benchmarks/two_cores.py) times as many processes as asked,
  each doing the work, does not report a failed one as a time, and reads the hypervisor's
  steal from /proc/stat.
"""

from __future__ import annotations

import os
from pathlib import Path
from random import Random

import pytest

from benchmarks import floor, two_cores
from wargame.engine import ending_id, initial_state, legal_actions, playout, step, to_act
from wargame.engine.actions import PlayMove
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted(
    [
        *(p for p in ROOT.glob("scenarios/*.yaml") if not p.name.endswith(".tests.yaml")),
        ROOT / "benchmarks" / "scenarios" / "bench.yaml",
        ROOT / "tests" / "engine" / "fixtures" / "rules.yaml",
        ROOT / "tests" / "engine" / "fixtures" / "cohesion.yaml",
        ROOT / "tests" / "engine" / "fixtures" / "injects.yaml",
        ROOT / "tests" / "engine" / "fixtures" / "endings.yaml",
        ROOT / "docs" / "examples" / "full.yaml",
    ]
)


def _step_loop(scenario: ScenarioIR, seed: int, max_steps: int) -> tuple[object, ...]:
    rng = Random(seed)
    state = initial_state(scenario, rng=rng, record=False)
    moves: list[str] = []
    move_turns: list[int] = []
    offered: set[int] = set()
    turns = [(state.cohesion, state.vars)]
    turn = state.turn
    steps = 0
    while steps < max_steps and (seat := to_act(scenario, state)) is not None:
        actions = legal_actions(scenario, state, seat)
        offered.update(scenario.names.moves[a.move] for a in actions if isinstance(a, PlayMove))
        action = actions[min(int(rng.random() * len(actions)), len(actions) - 1)]
        if isinstance(action, PlayMove):
            moves.append(action.move)
            move_turns.append(state.turn)
        state, _ = step(scenario, state, action, rng, record=False)
        steps += 1
        if state.turn != turn:
            turn = state.turn
            turns.append((state.cohesion, state.vars))
    return (
        state,
        steps,
        tuple(moves),
        tuple(turns),
        tuple(move_turns),
        frozenset(offered),
        (rng.random()),
    )


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_playout_plays_the_step_loop_game(path: Path) -> None:
    scenario = load_scenario(path)
    for seed in range(40):
        rng = Random(seed)
        result = playout(scenario, rng, max_steps=500)
        got = (
            result.state,
            result.steps,
            result.moves,
            result.turns,
            result.move_turns,
            result.offered,
            rng.random(),
        )
        assert got == _step_loop(scenario, seed, 500), f"seed {seed}"


def test_playout_stops_at_max_steps() -> None:
    scenario = load_scenario(ROOT / "scenarios" / "greenland.yaml")
    result = playout(scenario, Random(3), max_steps=5)
    assert result.steps == 5
    assert result.state.ending is None
    assert result.state == _step_loop(scenario, 3, 5)[0]


def test_floor_plays_the_benchmark_rules() -> None:
    scenario = load_scenario(ROOT / "benchmarks" / "scenarios" / "bench.yaml")
    endings = set()
    for seed in range(300):
        engine = ending_id(scenario, playout(scenario, Random(seed)).state)
        assert floor.play(Random(seed)) == engine, f"seed {seed}"
        endings.add(engine)
    assert endings == set(floor.ENDINGS)  # every ending is reached, so every rule is used


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forks its processes")
def test_side_by_side_runs_each_process_and_counts_its_cpu(tmp_path: Path) -> None:
    marks = tmp_path / "marks"

    def work() -> None:
        two_cores.arithmetic(20_000)
        with marks.open("a") as out:
            out.write(f"{os.getpid()}\n")

    found = two_cores.side_by_side(work, 2)
    assert len(set(marks.read_text().split())) == 2
    assert len(found.cpu) == 2 and all(cpu >= 0 for cpu in found.cpu)
    assert found.wall > 0


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forks its processes")
def test_side_by_side_fails_when_the_work_fails() -> None:
    def work() -> None:
        raise ValueError("broken work")

    with pytest.raises(RuntimeError, match="failed"):
        two_cores.side_by_side(work, 1)


def test_steal_is_the_share_of_every_cpu_tick_given_to_other_guests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stat = tmp_path / "stat"
    monkeypatch.setattr(two_cores.Steal, "STAT", stat)
    stat.write_text("cpu  100 0 50 800 0 0 0 50 0 0\ncpu0 1 2 3\n")
    steal = two_cores.Steal()
    stat.write_text("cpu  160 0 70 900 0 0 0 70 0 0\ncpu0 1 2 3\n")  # 200 ticks, 20 stolen
    assert steal.share() == pytest.approx(0.1)
    stat.write_text("cpu  1 2 3\n")  # a kernel without the steal column
    assert two_cores.Steal().share() is None
