"""`wargame print --msel`: the master scenario events list, time-ordered, with modules,
recipients, expected actions and their capabilities; HTML for print, CSV for a sheet."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.report.test_packets import _text
from wargame.cli import app
from wargame.report.msel import CSV_COLUMNS, msel_csv, msel_html, msel_rows, unplaced_expected
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_scenario, load_text
from wargame.scenario.masking import IDENTITY, Masker
from wargame.scenario.shipped import shipped_named

DRILL = Path(__file__).resolve().parents[1] / "fixtures" / "exercise" / "drill.yaml"
runner = CliRunner()


@pytest.fixture(scope="module")
def cable_cut() -> ScenarioIR:
    path = shipped_named("cable_cut")
    assert path is not None
    return load_scenario(path)


def test_every_inject_once_in_the_order_it_arrives(cable_cut: ScenarioIR) -> None:
    rows = msel_rows(cable_cut, IDENTITY)
    assert sorted(r.inject_id for r in rows) == sorted(i.id for i in cable_cut.injects)
    assert [r.number for r in rows] == list(range(1, len(rows) + 1))
    hours = [int(re.match(r"H\+(\d+)", r.time).group(1)) for r in rows]  # type: ignore[union-attr]
    assert hours == sorted(hours)
    first = rows[0]
    assert (first.time, first.turn, first.module) == (
        "H+0:00",
        "Day 1, 04:00 (H+0)",
        "Module 1: Detection and attribution",
    )
    assert first.recipients == "Everyone"
    assert first.questions[0].startswith("Who in government hears of this first")
    assert first.notes.startswith("Do not say sabotage")


def test_expected_actions_sit_at_the_inject_they_answer_with_their_capability(
    cable_cut: ScenarioIR,
) -> None:
    rows = {r.inject_id: r for r in msel_rows(cable_cut, IDENTITY)}
    outage = rows["outage"].expected
    assert [(e.text, e.capability) for e in outage] == [
        ("Convene the crisis cell", "Operational Coordination"),
        ("Ask the operators for fault data", "Situational Assessment"),
    ]
    assert outage[0].by == "Day 1, 04:00 (H+0)"
    assert outage[0].check == "move: Convene the crisis cell"
    assert rows["operator_report"].expected == ()
    loose = unplaced_expected(cable_cut, IDENTITY)
    assert [e.text for e in loose][:2] == ["Name a lead ministry", "Survey the break sites"]
    assert loose[-1].check == "evaluator" and loose[-1].by == ""
    placed = sum(len(r.expected) for r in rows.values())
    assert placed + len(loose) == sum(len(c.expected) for c in cable_cut.exercise.capabilities)  # type: ignore[union-attr]
    assert rows["power_warning"].condition.startswith("only when not ")


def test_within_a_turn_the_time_orders_the_list_not_the_file() -> None:
    text = DRILL.read_text(encoding="utf-8").replace(
        "  - {id: flames, at_turn: 3,",
        "  - {id: early, at_turn: 1, at: 'H+0:10', label: Early}\n  - {id: flames, at_turn: 3,",
    )
    drill = load_text(text, "drill.yaml")
    assert [r.inject_id for r in msel_rows(drill, IDENTITY)] == ["early", "smoke", "flames"]


def test_a_plain_scenario_lists_its_injects_without_modules_or_expected_actions() -> None:
    path = shipped_named("tutorial")
    assert path is not None
    tutorial = load_scenario(path)
    rows = msel_rows(tutorial, IDENTITY)
    assert len(rows) == len(tutorial.injects)
    assert all(r.module == "" and r.expected == () for r in rows)
    assert "<tr class=\"module\">" not in msel_html(tutorial, IDENTITY)


def test_the_page_is_self_contained_and_prints_landscape_on_either_paper(
    cable_cut: ScenarioIR,
) -> None:
    page = msel_html(cable_cut, IDENTITY)
    assert page.startswith("<!DOCTYPE html>")
    at_page = re.search(r"@page\s*{([^}]*)}", page)
    assert at_page is not None
    assert re.search(r"size:\s*landscape;", at_page.group(1))  # the printer's paper, turned
    width = re.search(r"max-width:\s*(\d+)mm", page)
    margin = re.search(r"margin:\s*(\d+)mm\s+(\d+)mm", at_page.group(1))
    assert width is not None and margin is not None
    letter_long_side = 279.4
    assert int(width.group(1)) <= letter_long_side - 2 * int(margin.group(2))
    assert "break-inside: avoid" in page and "table-header-group" in page
    assert not re.search(r"(src|href)=|url\(|@import", page)
    words = _text(page)
    for module in cable_cut.modules:
        assert module.title in words
    assert "Controller notes" in words and "Stellar Wake" in words


def test_masked_the_list_names_no_real_place(cable_cut: ScenarioIR) -> None:
    mask = Masker(cable_cut.masking)
    for text in (_text(msel_html(cable_cut, mask)), msel_csv(cable_cut, mask)):
        for real in ("Gotland", "Finnish", "Finland", "EU", "Baltic", "NATO"):
            assert not re.search(rf"\b{real}\b", text), real
    assert "Gotland" in _text(msel_html(cable_cut, IDENTITY))


def test_the_csv_has_a_row_per_inject_then_the_loose_expected_actions(
    cable_cut: ScenarioIR,
) -> None:
    rows = list(csv.reader(io.StringIO(msel_csv(cable_cut, IDENTITY))))
    assert tuple(rows[0]) == CSV_COLUMNS
    body = rows[1:]
    assert len(body) == len(cable_cut.injects) + len(unplaced_expected(cable_cut, IDENTITY))
    first = dict(zip(CSV_COLUMNS, body[0], strict=True))
    assert first["time"] == "H+0:00" and first["inject_id"] == "outage"
    assert "Operational Coordination" in first["capabilities"]
    assert body[-1][0] == "" and body[-1][CSV_COLUMNS.index("expected_actions")]


def test_print_msel_writes_the_list_and_refuses_a_wrong_format(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["print", "--msel", "cable_cut", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["cable_cut-msel.html"]
    assert "Event list: " in result.output
    result = runner.invoke(
        app, ["print", "--msel", "cable_cut", "-o", str(out), "--format", "csv", "--masked"]
    )
    assert result.exit_code == 0, result.output
    assert "Gotland" not in (out / "cable_cut-msel.csv").read_text(encoding="utf-8")
    for args, said in (
        (["print", "cable_cut", "--format", "csv"], "add --msel"),
        (["print", "--msel", "cable_cut", "--format", "pdf"], "use html or csv"),
    ):
        refused = runner.invoke(app, [*args, "-o", str(tmp_path / "no")])
        assert refused.exit_code == 2 and said in refused.output, refused.output
        assert not (tmp_path / "no").exists()
