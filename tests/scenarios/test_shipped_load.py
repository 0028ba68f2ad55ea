"""Every shipped scenario loads cleanly, follows the house layout and masks real names."""

from __future__ import annotations

import re

import pytest

from tests.scenarios.shipped import SCENARIOS, SHIPPED, shipped
from wargame.scenario.masking import Masker


@pytest.mark.parametrize("name", SHIPPED)
def test_loads_without_diagnostics(name: str) -> None:
    scenario = shipped(name)
    assert scenario.id == name
    assert scenario.default_ending is not None
    assert len(scenario.endings) >= 3


@pytest.mark.parametrize("name", SHIPPED)
def test_file_starts_with_schema_line_and_version(name: str) -> None:
    lines = (SCENARIOS / f"{name}.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../schema/scenario.schema.json"
    assert lines[1] == "wargame: 1"


@pytest.mark.parametrize("name", SHIPPED)
def test_every_ending_has_text_and_debrief(name: str) -> None:
    for ending in shipped(name).endings:
        assert ending.text.strip(), ending.id
        assert ending.debrief, ending.id


@pytest.mark.parametrize("name", ["greenland", "cuba1962", "cable_cut"])
def test_real_world_scenarios_carry_a_content_note_and_sources(name: str) -> None:
    scenario = shipped(name)
    assert scenario.content_note
    assert scenario.sources
    assert scenario.masking


def test_greenland_names_no_living_person_in_play_text() -> None:
    text = (SCENARIOS / "greenland.yaml").read_text(encoding="utf-8")
    body = text.split("\nmasking:", 1)[0] + text.split("\n# Calendar", 1)[1]
    for name in ("Trump", "Miller", "Maduro", "Frederiksen", "Rutte", "Putin", "Xi "):
        assert name not in body, name


def _all_text(name: str) -> list[str]:
    s = shipped(name)
    texts = [s.title, s.summary, *s.debrief]
    for actor in s.actors:
        texts += [actor.name, actor.briefing, actor.private_briefing]
        texts += [o.text for o in actor.objectives]
    for move in s.moves:
        texts += [move.label, move.text]
        if move.resolution is not None:
            texts += [t for o in move.resolution.outcomes for t in (o.label, o.text)]
    for inject in s.injects:
        texts += [inject.label, inject.text]
    for ending in s.endings:
        texts += [ending.title, ending.text, *ending.debrief]
    texts += [a.name for a in s.alliances]
    texts += [v.label + " " + v.description for v in s.variables]
    texts += [f.label for f in s.flags]
    return texts


def test_greenland_play_text_speaks_of_offices_not_persons() -> None:
    # Roles are offices ("No living person is named; roles are described by office"): no
    # he or she stands for the President, and no command-line flag or id in backticks
    # reaches a player (the content note says in words what the facilitator can do).
    s = shipped("greenland")
    for text in [*_all_text("greenland"), s.content_note or ""]:
        assert not re.search(r"\b(he|his|him|himself|she|her|hers|herself)\b", text, re.I), text
        assert "`" not in text and "--" not in text, text


def _mask(text: str, table: tuple[tuple[str, str], ...]) -> str:
    """Mask as play and exports do: whole words, longest first (wargame.scenario.masking)."""
    return Masker(table)(text)


@pytest.mark.parametrize(
    ("name", "real_names"),
    [
        (
            "greenland",
            [
                "Greenland",
                "Denmark",
                "Danish",
                "NATO",
                "Russia",
                "China",
                "Chinese",
                "Europe",
                "Copenhagen",
                "Nuuk",
                "Washington",
                "Iran",
                "Venezuela",
                "United States",
                "JSOC",
                "Britain",
                "British",
                "London",
            ],
        ),
        (
            "cuba1962",
            [
                "Cuba",
                "Soviet",
                "Moscow",
                "Turkey",
                "NATO",
                "United States",
                "Washington",
                "Guantanamo",
            ],
        ),
        ("cable_cut", ["Baltic", "Gotland", "Finnish", "Finland", "Sweden", "NATO", "EU"]),
    ],
)
def test_masking_covers_the_real_names_used(name: str, real_names: list[str]) -> None:
    table = shipped(name).masking
    masked = "\n".join(_mask(t, table) for t in _all_text(name))
    for real in real_names:
        assert not re.search(rf"\b{re.escape(real)}", masked), f"{real!r} survives masking"
