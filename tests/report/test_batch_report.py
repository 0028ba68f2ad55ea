"""The study report of a batch: its numbers are the summary's, titles come from the scenario."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from wargame.analysis.simulate import BatchOutcome
from wargame.report import ReportError, build_report
from wargame.report.from_batch import pct
from wargame.report.model import Callout, FanChart, IntervalChart, Report, SweepChart, Table


def _table(report: Report, section: str) -> Table:
    return next(b for b in report.section(section).blocks if isinstance(b, Table))


def test_ending_shares_are_the_summarys(greenland_batch: tuple[Path, BatchOutcome]) -> None:
    path, outcome = greenland_batch
    report = build_report(path)
    shares = outcome.summary.ending_shares()
    table = _table(report, "endings")
    titles = {e.id: e.title for e in outcome.scenario.endings}
    assert [row[0] for row in table.rows] == [titles.get(s.ending, s.ending) for s in shares]
    assert [row[1] for row in table.rows] == [f"{s.count:,}" for s in shares]
    assert [row[2] for row in table.rows] == [pct(s.share) for s in shares]
    assert [row[3] for row in table.rows] == [f"{pct(s.low)} – {pct(s.high)}" for s in shares]
    chart = report.figures()[0].chart
    assert isinstance(chart, IntervalChart)
    assert [(r.value, r.low, r.high) for r in chart.rows] == [
        (s.share, s.low, s.high) for s in shares
    ]
    assert dict(report.facts)["Runs"] == "120"


def test_fan_charts_hold_the_percentile_bands(greenland_batch: tuple[Path, BatchOutcome]) -> None:
    path, outcome = greenland_batch
    report = build_report(path)
    fans = [f.chart for f in report.figures() if isinstance(f.chart, FanChart)]
    assert [f.id for f in fans] == ["cohesion-fan", "variables-fan"]
    nato = outcome.summary.cohesion["nato"]
    assert [(b.mean, b.p10, b.p25, b.p75, b.p90) for b in fans[0].panels[0].bands] == [
        (s.mean, s.p10, s.p25, s.p75, s.p90) for s in [*nato.bands(), nato.end_band()]
    ]
    assert fans[0].x_labels[0] == "T1"
    assert fans[0].x_labels[-1].startswith("end")


def test_decisive_moves_are_measured_by_intervention(
    levers_batch: tuple[Path, BatchOutcome],
) -> None:
    path, outcome = levers_batch
    assert outcome.effects is not None
    report = build_report(path)
    table = _table(report, "decisive-moves")
    assert table.columns == ("Move", "Ending", "n", "Change (95 % interval)")
    rows = {(r[0], r[1]): r for r in table.rows}
    trim = next(
        r
        for r in outcome.effects.ending_effects()
        if (r.move, r.ending) == ("trim_sails", "arrived")
    )
    assert rows[("The captain: Trim the sails", "Arrived")][2] == f"{trim.n:,}"
    assert rows[("The captain: Trim the sails", "Arrived")][3].startswith(
        f"{100 * trim.difference:+.1f} pts"
    )
    assert not any("Whistle" in move for move, _ in rows)  # a move that changes nothing
    (finding,) = [b for b in report.section("overview").blocks if isinstance(b, Callout)]
    assert "most decisive move is “Trim the sails” (The captain)" in finding.text
    assert "associated" not in finding.text


def test_the_association_is_kept_apart_and_labelled(
    greenland_batch: tuple[Path, BatchOutcome],
) -> None:
    path, outcome = greenland_batch
    report = build_report(path)
    moves = outcome.summary.decisive_moves(top=10)
    assert moves, "120 random Greenland games always have comparable moves"
    section = report.section("association")
    assert section.heading == "Association, not cause"
    table = _table(report, "association")
    assert len(table.rows) == len(moves)
    first = moves[0]
    move = outcome.scenario.move(first.move)
    assert table.rows[0][0] == f"{outcome.scenario.actors[move.actor].name}: {move.label}"
    assert table.rows[0][2] == pct(first.share_played)
    assert table.rows[0][3] == pct(first.share_not)
    assert any(s.id == "association" for s in report.section("decisive-moves").subsections)


def test_effects_from_another_batch_are_left_out_with_a_note(
    tmp_path: Path, levers_batch: tuple[Path, BatchOutcome]
) -> None:
    path, _ = levers_batch
    copy = tmp_path / "levers.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    copy.write_text("".join(lines[:100]), encoding="utf-8")  # fewer runs than it explains
    shutil.copy(f"{path}.meta.json", f"{copy}.meta.json")
    shutil.copy(f"{path}.effects.json", f"{copy}.effects.json")
    report = build_report(copy)
    notes = [b.text for b in report.section("overview").blocks if isinstance(b, Callout)]
    assert any("explains another batch" in n for n in notes)
    with pytest.raises(StopIteration):
        _table(report, "decisive-moves")


def test_the_cover_names_the_versions(greenland_batch: tuple[Path, BatchOutcome]) -> None:
    facts = dict(build_report(greenland_batch[0]).facts)
    version = greenland_batch[1].scenario.version
    assert facts["Versions"].startswith("wargame ")
    assert f"scenario greenland {version}" in facts["Versions"]


def test_the_moves_section_says_how_often_each_was_available_and_played(
    levers_batch: tuple[Path, BatchOutcome],
) -> None:
    path, outcome = levers_batch
    rows = {r[0]: r for r in _table(build_report(path), "moves").rows}
    whistle = next(r for r in outcome.summary.move_table() if r.move == "whistle")
    assert rows["The crew: Whistle for wind"][1] == pct(whistle.available_share)
    assert rows["The crew: Whistle for wind"][2] == pct(whistle.played_when_available)


def test_a_sweep_gets_charts_of_endings_against_the_parameter(
    tutorial_sweep: tuple[Path, BatchOutcome],
) -> None:
    path, outcome = tutorial_sweep
    report = build_report(path)
    sweep = next(f.chart for f in report.figures() if isinstance(f.chart, SweepChart))
    assert sweep.x_label == "variables.smuggling.start"
    assert sweep.x_values == ("2", "4", "6")
    by_setting = {
        dict(k)["variables.smuggling.start"]: s for k, _, s in outcome.summary.sweep_table()
    }
    panel = sweep.panels[0]
    titles = {e.title: e.id for e in outcome.scenario.endings}
    for series in panel.series:
        ending = titles[series.label]
        assert series.values == tuple(by_setting[x][ending][0] for x in (2, 4, 6))
    assert [row[0] for row in _table(report, "sweep").rows] == ["2", "4", "6"]
    assert "Swept" in dict(report.facts)


def test_a_batch_without_a_sweep_has_no_sweep_section(
    greenland_batch: tuple[Path, BatchOutcome],
) -> None:
    with pytest.raises(KeyError):
        build_report(greenland_batch[0]).section("sweep")


def test_a_moved_scenario_gives_ids_and_says_so(
    tmp_path: Path, greenland_batch: tuple[Path, BatchOutcome]
) -> None:
    path, outcome = greenland_batch
    copy = tmp_path / "runs.jsonl"
    shutil.copy(path, copy)
    meta = json.loads(Path(f"{path}.meta.json").read_text(encoding="utf-8"))
    meta["scenario"] = str(tmp_path / "moved" / "greenland.yaml")
    Path(f"{copy}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    report = build_report(copy)
    notes = [b for b in report.section("overview").blocks if isinstance(b, Callout)]
    assert any("was not found" in n.text and n.tone == "warning" for n in notes)
    ids = [row[0] for row in _table(report, "endings").rows]
    assert ids == [s.ending for s in outcome.summary.ending_shares()]
    with pytest.raises(ReportError, match="masking table"):
        build_report(copy, masked=True)


def test_results_without_a_sidecar_still_report_by_id(
    tmp_path: Path, greenland_batch: tuple[Path, BatchOutcome]
) -> None:
    copy = tmp_path / "bare.jsonl"
    shutil.copy(greenland_batch[0], copy)
    report = build_report(copy)
    assert report.title == "Batch"
    fan = next(f.chart for f in report.figures() if f.chart.id == "variables-fan")
    assert isinstance(fan, FanChart)
    assert all(p.y_min is not None and p.y_max is not None for p in fan.panels)


def test_the_sidecar_itself_may_be_named(greenland_batch: tuple[Path, BatchOutcome]) -> None:
    path, _ = greenland_batch
    assert build_report(Path(f"{path}.meta.json")).title == build_report(path).title


def test_an_empty_results_file_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "none.jsonl"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ReportError, match="no complete run"):
        build_report(empty)


def test_a_damaged_results_file_is_refused_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"run": 0}\n{"oops"\n', encoding="utf-8")
    with pytest.raises(ReportError, match=r"bad.jsonl:1"):
        build_report(bad)


def test_an_unknown_kind_of_file_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("hello", encoding="utf-8")
    with pytest.raises(ReportError, match="saved session"):
        build_report(other)
