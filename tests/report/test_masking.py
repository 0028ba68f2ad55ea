"""Masked reports: none of the real names of the scenario's masking table survive."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wargame.analysis.simulate import BatchOutcome
from wargame.report import build_report, write_report
from wargame.scenario.loader import load_scenario
from wargame.session import Session, load_session, save_session

from .conftest import GREENLAND

TABLE = load_scenario(GREENLAND).masking


def _real_names_in(text: str) -> list[str]:
    """Real names found as words (the masking table's own rule: whole words only)."""
    return [real for real, _ in TABLE if re.search(rf"(?<!\w){re.escape(real)}(?!\w)", text)]


def _written(tmp_path: Path, source: Path, name: str, masked: bool) -> str:
    written = write_report(build_report(source, masked=masked), tmp_path / name)
    return written[0].read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["aar.html", "aar.md"])
def test_a_masked_session_report_names_no_real_name(
    tmp_path: Path, greenland_save: Path, name: str
) -> None:
    plain = _written(tmp_path, greenland_save, "plain-" + name, masked=False)
    assert len(_real_names_in(plain)) > 10, "the unmasked report must name them (test sanity)"
    masked = _written(tmp_path, greenland_save, name, masked=True)
    assert _real_names_in(masked) == []
    assert "Valdmark" in masked and "Nordland" in masked
    assert "Masked edition" in masked


def test_a_game_played_masked_is_reported_masked(
    tmp_path: Path, greenland_session: Session
) -> None:
    path = tmp_path / "masked.wgsave.json"
    fork = greenland_session.fork(greenland_session.step_index)
    fork.masked = True
    fork.notes = "Denmark held firm; Washington blinked."
    save_session(fork, path)
    assert load_session(path).masked
    report = build_report(path)
    assert report.masked
    text = _written(tmp_path, path, "m.html", masked=False)
    assert _real_names_in(text) == []
    assert "Valdmark held firm; Federal City blinked." in text


def test_masked_reports_leave_out_the_sources(greenland_save: Path) -> None:
    def about(masked: bool) -> list[str]:
        section = build_report(greenland_save, masked=masked).section("about")
        return [getattr(b, "text", "") for b in section.blocks]

    assert "The scenario's sources:" in about(False)
    assert "The scenario's sources:" not in about(True)


@pytest.mark.parametrize("name", ["study.html", "study.md"])
def test_a_masked_batch_report_names_no_real_name(
    tmp_path: Path, greenland_batch: tuple[Path, BatchOutcome], name: str
) -> None:
    path, _ = greenland_batch
    plain = _written(tmp_path, path, "plain-" + name, masked=False)
    assert _real_names_in(plain)
    masked = _written(tmp_path, path, name, masked=True)
    assert _real_names_in(masked) == []
    assert "Nordland" in masked
