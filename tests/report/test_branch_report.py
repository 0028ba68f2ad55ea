"""A branched ("what if") game's report compares it with the game it branched from."""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.engine import Pass, PlayMove
from wargame.report import build_report
from wargame.report.model import Figure, LineChart, Paragraph, Report, Table
from wargame.scenario.loader import load_scenario
from wargame.session import Seat, Session, save_session

ROOT = Path(__file__).resolve().parents[2]
GREENLAND = ROOT / "scenarios" / "greenland.yaml"


def _presidents_turn_2(session: Session) -> int:
    """The log position of the President's first decision in turn 2."""
    return next(
        i
        for i, e in enumerate(session.log_entries)
        if session.state_at(i).turn >= 2
        and isinstance(e.action, PlayMove | Pass)
        and e.action.actor == "president"
    )


def _games(folder: Path) -> tuple[Path, Path, Session, Session]:
    """The original (bots throughout) and a branch in which the President's first decision
    differs, both played to the end and saved in `folder`."""
    scenario = load_scenario(GREENLAND)
    seats = {a.id: Seat(a.id, "bot", policy="random") for a in scenario.actors}
    original = Session(scenario, seed=21, seats=seats)
    original.run_bots()
    parent_path = folder / "original.wgsave.json"
    save_session(original, parent_path)
    step = _presidents_turn_2(original)
    branch = original.fork(step, name=str(parent_path))
    taken = original.log_entries[step].action
    other = next(a for a in branch.legal_actions() if a != taken)
    branch.submit(other, by="team:Blue")
    branch.run_bots()
    branch_path = folder / "branch.wgsave.json"
    save_session(branch, branch_path)
    return parent_path, branch_path, original, branch


@pytest.fixture(scope="module")
def games(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Session, Session]:
    return _games(tmp_path_factory.mktemp("whatif"))


def _tables(report: Report, section: str) -> list[Table]:
    return [b for b in report.section(section).blocks if isinstance(b, Table)]


def test_the_branch_is_compared_turn_by_turn_and_at_the_end(
    games: tuple[Path, Path, Session, Session],
) -> None:
    _, branch_path, original, branch = games
    report = build_report(branch_path)
    section = report.section("branch")
    (intro,) = [b for b in section.blocks if isinstance(b, Paragraph)]
    assert "original.wgsave.json" in intro.text and "branched" in intro.text
    end, by_turn = _tables(report, "branch")
    rows = {row[0]: row for row in end.rows}
    scenario = original.scenario

    def title(session: Session) -> str:
        index = session.state.ending
        assert index is not None and index >= 0
        return scenario.endings[index].title

    assert rows["Ending"][1:] == (title(original), title(branch))
    assert rows["Turns played"][1:] == (str(original.state.turn), str(branch.state.turn))
    denmark = scenario.names.actors["denmark"]
    before = scenario.objective_score(original.state, denmark)
    assert rows["Denmark: objective score"][1] == f"{before:.2f}"
    # Turn by turn: the games are the same until the turn they part in.
    parted = branch.state_at(branch.parent.step).turn  # type: ignore[union-attr]
    for row in by_turn.rows[:parted]:
        for cell in row[1:]:
            left, right = cell.split(" → ")
            assert left == right, row
    chart = next(b.chart for b in section.blocks if isinstance(b, Figure))
    assert isinstance(chart, LineChart)
    assert [s.label for s in chart.panels[0].series] == ["original", "this game"]


def test_the_comparison_comes_right_after_the_overview(
    games: tuple[Path, Path, Session, Session],
) -> None:
    report = build_report(games[1])
    assert [s.id for s in report.sections][:2] == ["overview", "branch"]


def _fork_saved(original: Session, name: str, path: Path) -> Path:
    branch = original.fork(_presidents_turn_2(original), name=name)
    other = next(
        a for a in branch.legal_actions() if a != original.log_entries[branch.step_index].action
    )
    branch.submit(other)
    branch.run_bots()
    save_session(branch, path)
    return path


def test_an_original_moved_beside_the_branch_is_found(
    tmp_path: Path, games: tuple[Path, Path, Session, Session]
) -> None:
    parent_path, _, original, _ = games
    (tmp_path / "original.wgsave.json").write_bytes(parent_path.read_bytes())
    path = _fork_saved(original, "somewhere/else/original.wgsave.json", tmp_path / "b.wgsave.json")
    assert _tables(build_report(path), "branch")


def test_a_missing_original_is_said_not_guessed(
    tmp_path: Path, games: tuple[Path, Path, Session, Session]
) -> None:
    original = games[2]
    path = _fork_saved(original, "gone.wgsave.json", tmp_path / "b.wgsave.json")
    (text,) = build_report(path).section("branch").blocks
    assert isinstance(text, Paragraph)
    assert "gone.wgsave.json" in text.text and "not compared" in text.text


def test_an_original_overwritten_by_another_game_is_not_compared(
    tmp_path: Path, games: tuple[Path, Path, Session, Session]
) -> None:
    original = games[2]
    other = Session(original.scenario, seed=99, seats=dict(original.seats))
    other.run_bots()
    save_session(other, tmp_path / "original.wgsave.json")
    path = _fork_saved(original, str(tmp_path / "original.wgsave.json"), tmp_path / "b.wgsave.json")
    (text,) = build_report(path).section("branch").blocks
    assert isinstance(text, Paragraph) and "not compared" in text.text


def test_a_seats_copy_leaves_the_comparison_to_the_facilitator(
    games: tuple[Path, Path, Session, Session],
) -> None:
    from wargame.report.sources import report_from_save

    report = report_from_save(games[1], seat="denmark")
    (text,) = report.section("branch").blocks
    assert isinstance(text, Paragraph) and "facilitator's copy" in text.text
    assert not _tables(report, "branch")


def test_a_report_from_the_game_in_memory_says_how_to_compare(
    games: tuple[Path, Path, Session, Session],
) -> None:
    from wargame.report.from_session import session_report

    (text,) = session_report(games[3]).section("branch").blocks
    assert isinstance(text, Paragraph) and "`wargame report` on this game's save" in text.text
