"""`wargame print`: a packet per team and the umpire's, self-contained, plain, masked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wargame.cli import app
from wargame.report.packets import Packet, packets
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_scenario, load_text
from wargame.scenario.masking import IDENTITY, Masker
from wargame.scenario.shipped import shipped_named

RULES_TOKENS = ("+=", "-=", "flags.", ">=", "<=", "==", "trust[", "commitment[")


@pytest.fixture(scope="module")
def greenland() -> ScenarioIR:
    path = shipped_named("greenland")
    assert path is not None
    return load_scenario(path)


def _by_stem(found: list[Packet]) -> dict[str, str]:
    return {p.stem: p.html for p in found}


def test_one_packet_per_team_then_the_umpire_s(greenland: ScenarioIR) -> None:
    found = packets(greenland, IDENTITY)
    teams = [a for a in greenland.actors if a.playable]
    assert [p.stem for p in found] == [*(a.id for a in teams), "umpire"]
    pages = _by_stem(found)
    for actor in teams:
        page = pages[actor.id]
        assert _text(actor.private_briefing) in _text(page)
        for objective in actor.objectives:
            assert _text(objective.text) in _text(page)
        index = greenland.names.actors[actor.id]
        for move in greenland.moves:
            if move.actor == index:
                assert f"<h3>{_escaped(move.label)}</h3>" in page
            else:
                assert f"<h3>{_escaped(move.label)}</h3>" not in page
        others = [a for a in teams if a.id != actor.id and a.private_briefing]
        assert not any(_text(o.private_briefing) in _text(page) for o in others)
    umpire = _text(pages["umpire"])
    assert all(_text(i.label) in umpire for i in greenland.injects)
    assert all(_text(e.title) in umpire for e in greenland.endings)
    assert all(_text(a.private_briefing) in umpire for a in greenland.actors)


def test_cards_read_in_plain_words_with_their_odds(greenland: ScenarioIR) -> None:
    pages = _by_stem(packets(greenland, IDENTITY))
    for page in pages.values():
        for token in RULES_TOKENS:
            assert token not in _text(page), token
    president = _text(pages["president"])
    assert "Escalation +2" in president
    assert "The generals trust the President less (−10)" in president
    assert "Needs: Denmark has offered formal access, Access talks at least 50, " in president
    advisers = _text(pages["advisers"])
    assert re.search(r"50% The President is convinced", advisers), advisers[:2000]


def test_a_packet_is_self_contained_and_prints_on_a4_and_letter(greenland: ScenarioIR) -> None:
    for packet in packets(greenland, IDENTITY):
        page = packet.html
        assert page.startswith("<!DOCTYPE html>")
        at_page = re.search(r"@page\s*{([^}]*)}", page)
        assert at_page is not None and "size" not in at_page.group(1)  # the printer's paper
        margin = re.search(r"margin:\s*(\d+)mm\s+(\d+)mm", at_page.group(1))
        width = re.search(r"max-width:\s*(\d+)mm", page)
        assert margin is not None and width is not None
        a4_width, letter_width = 210.0, 215.9
        assert int(width.group(1)) <= min(a4_width, letter_width) - 2 * int(margin.group(2))
        assert "break-inside: avoid" in page
        assert not re.search(r"(src|href)=|url\(|@import", page)


def test_masked_packets_name_no_real_place(greenland: ScenarioIR) -> None:
    for packet in packets(greenland, Masker(greenland.masking)):
        text = _text(packet.html) + packet.reader
        for real in ("Denmark", "Greenland", "NATO", "Russia", "Copenhagen"):
            assert not re.search(rf"\b{real}\b", text), (packet.stem, real)


HIDDEN = """
wargame: 1
id: hush
title: Hush
calendar: {start: "1", step: turn, turns: 2}
actors:
  north: {name: North}
  south: {name: South}
variables:
  stockpile: {label: Secret stockpile, start: 5, visible_to: [north]}
  tension: {label: Tension, start: 1}
moves:
  - {id: build, actor: north, label: Build up, effects: ["stockpile += 2", "tension += 1"]}
  - id: probe
    actor: south
    label: Probe
    when: "stockpile < 8"
    chance:
      - {id: found, label: Found out, p: "stockpile / 10", effects: ["tension += 2"]}
      - {id: quiet, label: Quiet}
endings:
  - {id: over, title: Over, default: true}
"""


def test_a_team_s_packet_keeps_what_it_may_not_see() -> None:
    ir = load_text(HIDDEN, "hush.yaml")
    pages = {p.stem: _text(p.html) for p in packets(ir, IDENTITY)}
    assert "Secret stockpile +2" not in pages["south"] and "Tension +1" not in pages["south"]
    assert "Secret stockpile" not in pages["south"]
    assert "a condition hidden from you" in pages["south"]
    assert "50%" not in pages["south"]  # odds computed from the hidden stockpile
    assert "Secret stockpile" in pages["umpire"] and "50%" in pages["umpire"]


def _escaped(text: str) -> str:
    import html

    return html.escape(text, quote=True)


def _text(page: str) -> str:
    """The words of a page as a reader sees them (tags dropped, entities read)."""
    import html

    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page))).strip()


runner = CliRunner()


def test_print_writes_a_file_per_packet(tmp_path: Path) -> None:
    result = runner.invoke(app, ["print", "tutorial", "-o", str(tmp_path / "out"), "--masked"])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == [f"tutorial-{stem}.html" for stem in ("northport", "southhaven", "umpire")]
    assert "Umpire: " in result.output


def test_print_of_a_broken_scenario_says_where(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("wargame: 1\nid: x\n", encoding="utf-8")
    result = runner.invoke(app, ["print", str(broken), "-o", str(tmp_path)])
    assert result.exit_code != 0
    assert "broken.yaml:" in result.output and "Traceback" not in result.output
    missing = runner.invoke(app, ["print", "atlantis"])
    assert missing.exit_code == 2 and "no such scenario file" in missing.output
