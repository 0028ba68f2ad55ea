"""Monte Carlo batches: right answers, the same answers on any number of workers, resumable."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest

from wargame.analysis.batch import BackendError, make_specs, open_executor, run_batch
from wargame.analysis.play import RunResult, run_one
from wargame.analysis.results import ResultsError, read_results
from wargame.analysis.simulate import BatchOptions, BatchOptionsError, meta_path, run_simulation
from wargame.analysis.sweep import SweepError, apply_override, parse_setting
from wargame.errors import ScenarioError

ROOT = Path(__file__).resolve().parents[2]
COIN = ROOT / "tests" / "bots" / "fixtures" / "coin.yaml"
GREENLAND = ROOT / "scenarios" / "greenland.yaml"


def test_shares_and_intervals_match_a_scenario_with_known_odds() -> None:
    # Random play flips half the time and the coin lands heads 30 % of flips: 15 % heads.
    outcome = run_simulation(BatchOptions(COIN, runs=4000, seed=5))
    shares = {row.ending: row for row in outcome.summary.ending_shares()}
    heads = shares["heads"]
    assert heads.low <= 0.15 <= heads.high
    assert heads.high - heads.low < 0.025
    assert shares["tails"].count + heads.count == 4000


def test_results_do_not_depend_on_the_number_of_jobs(tmp_path: Path) -> None:
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    a = run_simulation(BatchOptions(GREENLAND, runs=60, seed=3, jobs=1, out=one, chunk=7))
    b = run_simulation(BatchOptions(GREENLAND, runs=60, seed=3, jobs=2, out=two, chunk=7))
    assert one.read_bytes() == two.read_bytes()
    assert a.summary.ending_shares() == b.summary.ending_shares()


def test_a_run_is_a_pure_function_of_its_spec() -> None:
    text = GREENLAND.read_text(encoding="utf-8")
    specs = list(make_specs(text=text, name="g.yaml", runs=5, seed="s"))
    assert [run_one(s) for s in specs] == [run_one(s) for s in reversed(specs)][::-1]
    import pickle

    assert pickle.loads(pickle.dumps(specs[0])) == specs[0]


def test_an_interrupted_batch_resumes_to_the_same_results(tmp_path: Path) -> None:
    whole, broken = tmp_path / "whole.jsonl", tmp_path / "broken.jsonl"
    full = run_simulation(BatchOptions(GREENLAND, runs=50, seed=8, out=whole))
    run_simulation(BatchOptions(GREENLAND, runs=50, seed=8, out=broken))
    lines = broken.read_text(encoding="utf-8").splitlines(keepends=True)
    broken.write_text("".join(lines[:23]) + lines[23][:40], encoding="utf-8")  # killed mid-write
    resumed = run_simulation(BatchOptions(GREENLAND, runs=50, seed=8, out=broken, resume=True))
    assert resumed.resumed == 23
    assert resumed.ran == 27
    assert broken.read_bytes() == whole.read_bytes()
    assert resumed.summary.ending_shares() == full.summary.ending_shares()
    assert resumed.summary.decisive_moves() == full.summary.decisive_moves()
    assert resumed.summary == full.summary  # the means' sums too, to the bit
    assert resumed.effects is not None and full.effects is not None
    # A move seen once has no interval (NaN), and NaN equals nothing: from Python 3.13 a
    # dataclass compares field by field, so two equal rows with NaN are not ==. Their reprs
    # are the same exactly when every value is.
    assert repr(resumed.effects.ending_effects()) == repr(full.effects.ending_effects())


def test_resume_refuses_a_batch_made_with_other_options(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    run_simulation(BatchOptions(GREENLAND, runs=10, seed=1, out=out))
    with pytest.raises(BatchOptionsError, match=r"different options.*seed"):
        run_simulation(BatchOptions(GREENLAND, runs=10, seed=2, out=out, resume=True))
    with pytest.raises(BatchOptionsError, match="nothing to resume"):
        run_simulation(BatchOptions(GREENLAND, runs=10, out=tmp_path / "none.jsonl", resume=True))


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".sqlite"])
def test_every_results_format_holds_one_record_per_run(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"runs{suffix}"
    outcome = run_simulation(BatchOptions(GREENLAND, runs=12, seed=4, out=out))
    records = list(read_results(out))
    assert [r.run_index for r in records] == list(range(12))
    assert sum(1 for r in records if r.ending) == 12
    assert {r.ending for r in records} == set(outcome.summary.endings)
    assert meta_path(out).exists()
    if suffix == ".csv":
        with out.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == 12 and json.loads(rows[0]["moves"])
    if suffix == ".sqlite":
        db = sqlite3.connect(out)
        assert db.execute("select count(*) from runs").fetchone()[0] == 12
        db.close()


def test_unknown_results_suffix_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ResultsError, match="unknown results format"):
        run_simulation(BatchOptions(GREENLAND, runs=2, out=tmp_path / "x.parquet"))


def test_sweeps_run_every_combination_and_tabulate_endings() -> None:
    outcome = run_simulation(
        BatchOptions(
            COIN, runs=300, seed=2, settings=["variables.bonus.start=0,2", "moves.flip.weight=1"]
        )
    )
    table = outcome.summary.sweep_table()
    assert [dict(params) for params, _, _ in table] == [
        {"moves.flip.weight": 1, "variables.bonus.start": 0},
        {"moves.flip.weight": 1, "variables.bonus.start": 2},
    ]
    heads = [shares["heads"][0] for _, _, shares in table]
    assert heads[1] > heads[0]  # with a bonus the dice add a second way to win


def test_sweep_paths_and_values_are_checked_with_hints() -> None:
    data = {"variables": {"escalation": {"start": 1}}, "moves": [{"id": "flip", "weight": 1}]}
    assert apply_override(data, "moves.flip.weight", "2")["moves"][0]["weight"] == 2
    with pytest.raises(SweepError, match="did you mean 'escalation'"):
        apply_override(data, "variables.escalaton.start", "2")
    with pytest.raises(SweepError, match="no item with id 'flop'"):
        apply_override(data, "moves.flop.weight", "2")
    with pytest.raises(SweepError, match="PATH=VALUE"):
        parse_setting("variables.escalation.start")
    with pytest.raises(BatchOptionsError, match=r"no .escalaton.|did you mean"):
        run_simulation(BatchOptions(GREENLAND, runs=2, settings=["variables.escalaton.start=1"]))


def test_a_swept_value_the_format_rejects_is_a_positioned_error() -> None:
    with pytest.raises(ScenarioError) as error:
        run_simulation(BatchOptions(COIN, runs=2, settings=["variables.bonus.start=9"]))
    assert "coin.yaml" in str(error.value)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"runs": 0}, "--runs must be at least 1"),
        ({"policies": ["denmak=goal"]}, "no actor 'denmak'.*did you mean 'denmark'"),
        ({"policies": ["denmark=clever"]}, "unknown policy 'clever'"),
        ({"policies": ["denmark"]}, "expected ACTOR=POLICY"),
        ({"jobs": 0}, "--jobs must be at least 1"),
    ],
)
def test_bad_options_are_refused_before_any_run(options: dict[str, object], message: str) -> None:
    with pytest.raises(BatchOptionsError, match=message):
        run_simulation(BatchOptions(GREENLAND, **options))  # type: ignore[arg-type]


def test_unknown_backends_are_refused() -> None:
    with pytest.raises(BackendError, match="unknown backend"), open_executor("ray", 2):
        pass


def test_a_batch_without_executor_yields_results_in_order() -> None:
    text = COIN.read_text(encoding="utf-8")
    results = list(run_batch(make_specs(text=text, name="coin.yaml", runs=30, seed=1), chunk=4))
    assert [r.run_index for r in results] == list(range(30))
    assert all(isinstance(r, RunResult) for r in results)


def test_without_marked_variables_the_first_twenty_are_key() -> None:
    """'All of them' made a batch of 20,000 unmarked variables record and print 20,000
    series (70 s for 3 runs)."""
    from wargame.analysis.play import IMPLICIT_KEYS, key_variables
    from wargame.scenario.loader import load_text

    variables = "\n".join(f"  v{i}: {{start: 1}}" for i in range(50))
    text = (
        "wargame: 1\nid: v\ntitle: V\ncalendar: {start: Day 1, step: day, turns: 2}\n"
        "actors:\n  a: {name: A}\nvariables:\n" + variables + "\nmoves:\n"
        '  - {id: m, actor: a, label: M, effects: ["v0 += 1"]}\n'
        "endings:\n  - {id: e, title: E, default: true}\n"
    )
    assert key_variables(load_text(text)) == list(range(IMPLICIT_KEYS))
    marked = load_text(text.replace("v7: {start: 1}", "v7: {start: 1, key: true}"))
    assert key_variables(marked) == [7]


def test_batches_of_one_file_compile_it_once_per_process() -> None:
    first = run_simulation(BatchOptions(COIN, runs=1, interventions=0))
    again = run_simulation(BatchOptions(COIN, runs=1, interventions=0))
    assert again.scenario is first.scenario  # the runs' compile cache, not a second load


def test_an_invalid_file_still_fails_with_its_positions(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(COIN.read_text(encoding="utf-8").replace("actors:", "actorz:", 1))
    with pytest.raises(ScenarioError) as caught:
        run_simulation(BatchOptions(bad, runs=1, interventions=0))
    assert str(bad) in str(caught.value)
