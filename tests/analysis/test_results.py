"""Results files an analyst loads in one line: flat, typed, long tables, exact floats."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest

from wargame.analysis.play import MovePlayed, RunResult
from wargame.analysis.results import read_results, side_paths
from wargame.analysis.simulate import BatchOptions, BatchOutcome, run_simulation
from wargame.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[2]
GREENLAND = ROOT / "scenarios" / "greenland.yaml"
LEVERS = ROOT / "tests" / "analysis" / "fixtures" / "levers.yaml"
SWEEP = ["relations.trust.denmark.us=20,50", "alliances.nato.members.denmark.commitment=40.5"]


def _batch(out: Path, **extra: object) -> BatchOutcome:
    options = BatchOptions(GREENLAND, runs=12, seed=6, settings=SWEEP, interventions=0, out=out)
    for key, value in extra.items():
        setattr(options, key, value)
    return run_simulation(options)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> list[RunResult]:
    out = tmp_path_factory.mktemp("ref") / "runs.jsonl"
    _batch(out)
    return list(read_results(out))


@pytest.mark.parametrize("suffix", [".csv", ".sqlite"])
def test_every_format_reads_back_the_same_runs_exactly(
    tmp_path: Path, suffix: str, reference: list[RunResult]
) -> None:
    out = tmp_path / f"runs{suffix}"
    _batch(out, tidy=suffix == ".csv")
    assert list(read_results(out)) == reference  # floats included, to the last bit
    assert any(v != round(v, 6) for r in reference for v in r.cohesion["nato"])


def test_moves_carry_their_turn_phase_and_actor(reference: list[RunResult]) -> None:
    scenario = load_scenario(GREENLAND)
    for result in reference:
        turns = [m.turn for m in result.moves]
        assert turns == sorted(turns) and all(1 <= t <= result.turn for t in turns)
        for m in result.moves:
            move = scenario.move(m.move)
            assert m.phase == scenario.phases[move.phase].id
            assert m.actor == scenario.actors[move.actor].id
        assert {m.move for m in result.moves} <= set(result.available)


def test_swept_values_stay_typed(tmp_path: Path, reference: list[RunResult]) -> None:
    assert {r.params["relations.trust.denmark.us"] for r in reference} == {20, 50}
    assert all(r.params["alliances.nato.members.denmark.commitment"] == 40.5 for r in reference)
    out = tmp_path / "runs.sqlite"
    _batch(out)
    db = sqlite3.connect(out)
    values = db.execute('select distinct "relations.trust.denmark.us" from runs').fetchall()
    assert sorted(v for (v,) in values) == [20, 50]
    assert {type(v) for (v,) in values} == {int}
    db.close()


def test_sqlite_answers_the_two_questions_in_one_query_each(tmp_path: Path) -> None:
    out = tmp_path / "runs.sqlite"
    outcome = _batch(out)
    db = sqlite3.connect(out)
    # Mean cohesion by turn (pandas: df.query("at == 'start'").groupby("turn").value.mean()).
    by_turn = db.execute(
        "select turn, avg(value), count(*) from series "
        "where quantity = 'cohesion(nato)' and at = 'start' group by turn order by turn"
    ).fetchall()
    bands = outcome.summary.cohesion["nato"].bands()
    assert [t for t, _, _ in by_turn] == list(range(1, len(bands) + 1))
    assert [m for _, m, _ in by_turn] == pytest.approx([b.mean for b in bands])
    assert [n for _, _, n in by_turn] == [b.n for b in bands]
    # Ending share by sweep setting.
    shares = db.execute(
        'select "relations.trust.denmark.us", ending, count(*) * 1.0 / '
        '(select count(*) from runs r where r."relations.trust.denmark.us" = '
        'runs."relations.trust.denmark.us") from runs group by 1, 2'
    ).fetchall()
    table = {dict(p)["relations.trust.denmark.us"]: s for p, _, s in outcome.summary.sweep_table()}
    for setting, ending, share in shares:
        assert share == pytest.approx(table[setting][ending][0])
    moves = db.execute("select turn, phase, actor, move from moves where run = 0").fetchall()
    assert moves and all(isinstance(t, int) for t, *_ in moves)
    db.close()


def test_csv_has_flat_columns_and_tidy_long_tables(tmp_path: Path) -> None:
    out = tmp_path / "runs.csv"
    _batch(out, tidy=True)
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 24
    assert rows[0]["relations.trust.denmark.us"] in ("20", "50")
    assert float(rows[0]["score_denmark"]) == pytest.approx(float(rows[0]["score_denmark"]))
    assert "scores" not in rows[0] and "params" not in rows[0]
    series_path, moves_path = side_paths(out)
    with series_path.open(newline="", encoding="utf-8") as handle:
        series = list(csv.DictReader(handle))
    assert list(series[0]) == ["run", "turn", "at", "quantity", "value"]
    runs = list(read_results(out))
    expected = sum(len(v) for r in runs for v in [*r.cohesion.values(), *r.variables.values()])
    assert len(series) == expected
    ends = [s for s in series if s["at"] == "end" and s["quantity"] == "cohesion(nato)"]
    assert [int(s["turn"]) for s in ends] == [r.turn for r in runs]
    with moves_path.open(newline="", encoding="utf-8") as handle:
        moves = list(csv.DictReader(handle))
    assert len(moves) == sum(len(r.moves) for r in runs)
    assert list(moves[0]) == ["run", "seq", "turn", "phase", "actor", "move"]


def test_an_interrupted_tidy_csv_resumes_to_the_same_files(tmp_path: Path) -> None:
    whole, broken = tmp_path / "whole.csv", tmp_path / "broken.csv"
    _batch(whole, tidy=True)
    _batch(broken, tidy=True)
    lines = broken.read_text(encoding="utf-8").splitlines(keepends=True)
    broken.write_text("".join(lines[:10]) + lines[10][:30], encoding="utf-8")
    for side in side_paths(broken):  # their rows run ahead of the main file's, torn too
        text = side.read_text(encoding="utf-8")
        side.write_text(text[: len(text) * 3 // 4], encoding="utf-8")
    resumed = _batch(broken, tidy=True, resume=True)
    assert resumed.resumed == 9
    assert broken.read_bytes() == whole.read_bytes()
    for mine, theirs in zip(side_paths(broken), side_paths(whole), strict=True):
        assert mine.read_bytes() == theirs.read_bytes()


def test_an_interrupted_sqlite_batch_resumes_to_the_same_runs(tmp_path: Path) -> None:
    whole, broken = tmp_path / "whole.sqlite", tmp_path / "broken.sqlite"
    _batch(whole)
    _batch(broken)
    db = sqlite3.connect(broken)
    for table in ("runs", "series", "moves", "available"):
        db.execute(f"delete from {table} where run >= 7")
    db.commit()
    db.close()
    resumed = _batch(broken, resume=True)
    assert resumed.resumed == 7
    assert list(read_results(broken)) == list(read_results(whole))


def test_records_from_before_moves_had_turns_still_read(tmp_path: Path) -> None:
    old = {
        "run": 0,
        "seed": "0:0",
        "ending": "peace",
        "turn": 2,
        "steps": 4,
        "moves": ["raid"],
        "cohesion": {"pact": [50.0, 48.5]},
        "variables": {},
        "scores": {},
        "params": {"variables.tension.start": "2"},
    }
    path = tmp_path / "old.jsonl"
    path.write_text(json.dumps(old) + "\n", encoding="utf-8")
    (result,) = read_results(path)
    assert result.moves == (MovePlayed(0, "", "", "raid"),)
    assert result.available == ()


def test_the_move_table_says_how_often_a_move_was_available_and_chosen() -> None:
    outcome = run_simulation(BatchOptions(LEVERS, runs=2000, seed=9, interventions=0))
    rows = {row.move: row for row in outcome.summary.move_table()}
    survived = outcome.summary.n - outcome.summary.endings["sunk"]
    whistle = rows["whistle"]  # only in the last turn, so only on ships that survived
    assert whistle.available == survived
    assert whistle.played_when_available == pytest.approx(0.2, abs=0.04)  # 1 of 5 choices
    assert set(whistle.endings) <= {"arrived", "adrift"}
    assert rows["check_charts"].available_share == 1.0
