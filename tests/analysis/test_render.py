"""The summary as printed: figures aligned by turn, and every table readable at 80 columns."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from wargame.analysis.render import print_summary, summary_json
from wargame.analysis.results import read_results
from wargame.analysis.simulate import BatchOptions, BatchOutcome, run_simulation

ROOT = Path(__file__).resolve().parents[2]
CLOCKWORK = ROOT / "tests" / "analysis" / "fixtures" / "clockwork.yaml"
GREENLAND = ROOT / "scenarios" / "greenland.yaml"
CUBA = ROOT / "scenarios" / "cuba1962.yaml"


def _printed(outcome: BatchOutcome, width: int = 80) -> str:
    out = io.StringIO()
    console = Console(file=out, width=width, color_system=None, legacy_windows=False)
    print_summary(
        outcome.summary,
        outcome.scenario,
        console,
        header=outcome.header,
        effects=outcome.effects,
        association=True,
        moves=True,
    )
    return out.getvalue()


def test_by_turn_figures_line_up_by_turn_not_by_position(tmp_path: Path) -> None:
    # The clock reads 10 x (turn - 1) at the start of each turn; stopping it sets it to 100
    # and ends the game. Lined up by position, a game stopped in turn 1 would put its 100
    # under T2.
    out = tmp_path / "clockwork.jsonl"
    outcome = run_simulation(BatchOptions(CLOCKWORK, runs=400, seed=3, out=out))
    clock = outcome.summary.variables["clock"]
    ended = [result.turn for result in read_results(out)]
    reached = [sum(1 for t in ended if t >= turn) for turn in (1, 2, 3, 4)]
    bands = clock.bands()
    assert [b.mean for b in bands] == [0.0, 10.0, 20.0, 30.0]
    assert [b.n for b in bands] == reached
    assert reached[1] < reached[0]  # some games did end early
    end = clock.end_band()
    assert end.n == 400
    stopped = outcome.summary.endings["stopped"]
    assert end.mean == pytest.approx((100 * stopped + 30 * (400 - stopped)) / 400)
    document = summary_json(outcome.summary, outcome.scenario, header=outcome.header)
    series = document["variables"]["clock"]
    assert [(t["turn"], t["mean"], t["n"]) for t in series["turns"]] == [
        (1, 0.0, reached[0]),
        (2, 10.0, reached[1]),
        (3, 20.0, reached[2]),
        (4, 30.0, reached[3]),
    ]
    assert series["end"]["n"] == 400
    text = _printed(outcome)
    assert "games" in text and f"{reached[3]:,}" in text


def _assert_fits(text: str, width: int = 80) -> None:
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width, max(lines, key=len)
    assert "…" not in text


def test_a_sweep_grid_prints_every_setting_and_title_at_80_columns() -> None:
    outcome = run_simulation(
        BatchOptions(
            GREENLAND,
            runs=15,
            seed=1,
            settings=["relations.trust.denmark.us=20,50,80", "variables.escalation.start=1,3"],
        )
    )
    text = _printed(outcome)
    _assert_fits(text)
    for head in ("20 · 1", "20 · 3", "50 · 1", "50 · 3", "80 · 1", "80 · 3"):
        assert head in text
    for table in ("Decisive moves", "Moves: how often", "Association, not cause"):
        assert table in text
    assert "relations.trust.denmark.us · variables.escalation.start" in text
    words = set(text.split())
    for ending in outcome.scenario.endings:
        if ending.id in outcome.summary.endings:
            assert set(ending.title.split()) <= words, ending.title


def test_cuba_by_turn_table_is_readable_at_80_columns() -> None:
    outcome = run_simulation(BatchOptions(CUBA, runs=60, seed=2))
    text = _printed(outcome)
    _assert_fits(text)
    turns = max(len(s.turns) for s in outcome.summary.variables.values())
    for turn in range(1, turns + 1):
        assert f" T{turn} " in text or text.count(f"T{turn}\n")
    assert " end" in text
    assert "(1 of " in text  # split into tables that fit rather than squeezed


def test_the_header_says_how_to_reproduce_the_tables() -> None:
    outcome = run_simulation(BatchOptions(GREENLAND, runs=10, seed=7, policies=["denmark=goal"]))
    text = _printed(outcome, width=200)
    assert "seed 7" in text and "10 runs" in text
    assert "denmark=goal; random for the 11 others" in text
    assert f"scenario greenland {outcome.scenario.version}" in text and "wargame " in text
    assert "wargame simulate" in text and "--seed 7" in text and "-p denmark=goal" in text
    header = summary_json(outcome.summary, outcome.scenario, header=outcome.header)["header"]
    assert header["seed"] == 7 and header["runs"] == 10
    assert header["policies"]["denmark"] == "goal" and header["policies"]["uk"] == "random"


def test_a_share_in_the_per_move_table_never_wraps_apart_from_its_ending() -> None:
    # At 80 columns "Compromise at the summit 51 %" used to break as "... 51" / "%".
    outcome = run_simulation(BatchOptions(GREENLAND, runs=300, seed=1))
    text = _printed(outcome)
    _assert_fits(text)
    table = text[text.index("Moves: how often") : text.index("available: share of")]
    cells = [line[line.rindex("%  ") + 3 :] for line in table.splitlines() if "%  " in line]
    assert cells
    for line in table.splitlines():
        assert not line.rstrip().endswith(tuple("0123456789")), line
        assert not line.split("│")[-1].strip().startswith("%"), line
    assert any(cell.strip()[:1].isdigit() for cell in cells)  # each ending led by its share
