"""Sessions: the log is the truth; undo, redo, fork, save and load keep it so."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from wargame.engine import Pass, PlayMove
from wargame.errors import IllegalActionError, SaveFormatError
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_scenario
from wargame.session import Seat, Session, atomic, load_session, save_session, state_digest

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "scenarios" / "tutorial.yaml"
GREENLAND = ROOT / "scenarios" / "greenland.yaml"


@pytest.fixture(scope="module")
def greenland() -> ScenarioIR:
    return load_scenario(GREENLAND)


@pytest.fixture(scope="module")
def tutorial() -> ScenarioIR:
    return load_scenario(TUTORIAL)


def played(scenario: ScenarioIR, seed: int = 3, *, umpire: bool = False) -> Session:
    session = Session(
        scenario, seed=seed, umpire=Seat("umpire", "bot", policy="accept") if umpire else None
    )
    session.run_bots()
    return session


def test_a_whole_game_plays_to_an_ending_through_the_session(greenland: ScenarioIR) -> None:
    session = played(greenland)
    assert session.is_over
    assert session.state.ending is not None
    assert session.step_index > 10
    assert all(entry.by.startswith("bot:") for entry in session.log)


def test_the_same_seed_gives_the_same_game_and_another_seed_another(greenland: ScenarioIR) -> None:
    a, b, c = played(greenland, 11), played(greenland, 11), played(greenland, 12)
    assert a.log == b.log
    assert a.state == b.state
    assert [e.action for e in a.log] != [e.action for e in c.log]


def test_undo_restores_the_exact_prior_state_and_redo_the_later_one(greenland: ScenarioIR) -> None:
    session = played(greenland)
    states = [session.state_at(i) for i in range(session.step_index + 1)]
    final = session.state
    assert session.undo(7) == 7
    assert session.state == states[-8]
    assert session.can_redo
    assert session.redo(3) == 3
    assert session.state == states[-5]
    session.redo(100)
    assert session.state == final
    assert not session.can_redo


def test_undo_everything_returns_to_the_opening(greenland: ScenarioIR) -> None:
    session = played(greenland)
    opening = Session(greenland, seed=3).state
    session.undo(10_000)
    assert session.step_index == 0
    assert session.state == opening
    assert not session.can_undo


def test_a_new_action_after_undo_clears_redo(tutorial: ScenarioIR) -> None:
    session = Session(tutorial, seed=1)
    who = session.to_act
    assert isinstance(who, int)
    actor = tutorial.actors[who].id
    session.submit(Pass(actor))
    session.undo()
    assert session.can_redo
    session.submit(session.legal_actions()[0])
    assert not session.can_redo


def test_an_illegal_action_is_refused_with_a_reason_and_changes_nothing(
    tutorial: ScenarioIR,
) -> None:
    session = Session(tutorial, seed=1)
    before, steps = session.state, session.step_index
    who = session.to_act
    assert isinstance(who, int)
    other = next(a.id for i, a in enumerate(tutorial.actors) if i != who)
    with pytest.raises(IllegalActionError) as refused:
        session.submit(Pass(other))
    assert str(refused.value)
    with pytest.raises(IllegalActionError):
        session.submit(PlayMove(tutorial.actors[who].id, "no_such_move"))
    assert session.state == before
    assert session.step_index == steps
    assert session.check_legal(Pass(other)) is not None


def test_fork_shares_the_prefix_records_its_parent_and_diverges(greenland: ScenarioIR) -> None:
    session = played(greenland)
    child = session.fork(5, name="original.wgsave.json")
    assert child.step_index == 5
    assert child.state == session.state_at(5)
    assert child.parent is not None and child.parent.step == 5
    assert child.parent.session == "original.wgsave.json"
    child.run_bots()
    assert child.is_over
    assert session.step_index > 5  # the parent is untouched
    with pytest.raises(IndexError):
        session.fork(session.step_index + 1)


def test_replay_from_the_log_reproduces_every_state(greenland: ScenarioIR) -> None:
    session = played(greenland, umpire=True)
    replayed = session.replay()
    assert replayed == [session.state_at(i) for i in range(session.step_index + 1)]


def test_save_then_load_gives_an_equal_session(tmp_path: Path, greenland: ScenarioIR) -> None:
    session = played(greenland, 5, umpire=True)
    session.undo(4)
    session.notes = "Denmark's team argued well."
    path = save_session(session, tmp_path / "game.wgsave.json")
    loaded = load_session(path)
    assert loaded.state == session.state
    assert loaded.log == session.log
    assert loaded.redo_entries == session.redo_entries
    assert loaded.notes == session.notes
    assert loaded.umpire == session.umpire
    loaded.redo(4)
    session.redo(4)
    assert loaded.state == session.state


def test_a_save_opens_without_the_scenario_file(tmp_path: Path) -> None:
    copy = tmp_path / "mine.yaml"
    copy.write_text(TUTORIAL.read_text(encoding="utf-8"), encoding="utf-8")
    session = played(load_scenario(copy))
    path = save_session(session, tmp_path / "t.wgsave.json")
    copy.unlink()
    assert load_session(path).state == session.state


def test_replay_in_a_fresh_process_with_another_hash_seed_is_identical(
    tmp_path: Path, greenland: ScenarioIR
) -> None:
    session = played(greenland, 9)
    path = save_session(session, tmp_path / "g.wgsave.json")
    code = (
        "import sys; from wargame.session import load_session, state_digest;"
        "print(state_digest(load_session(sys.argv[1]).state))"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run(
            [sys.executable, "-c", code, str(path)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        digests.add(out.stdout.strip())
    assert digests == {state_digest(session.state)}


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda raw: raw.replace('"format_version": 2', '"format_version": 99'),
            "format version 99",
        ),
        (lambda raw: raw[: len(raw) // 2], "not a readable save file"),
        (lambda raw: raw.replace('"wargame-save"', '"something-else"'), "not a wargame save file"),
        (
            lambda raw: raw.replace("wargame: 1", "wargame: 1 ", 1),
            "does not match its recorded SHA-256",
        ),
    ],
)
def test_a_damaged_save_is_refused_clearly_and_left_untouched(
    tmp_path: Path, tutorial: ScenarioIR, mutate: object, message: str
) -> None:
    session = played(tutorial)
    path = save_session(session, tmp_path / "t.wgsave.json")
    damaged = mutate(path.read_text(encoding="utf-8"))  # type: ignore[operator]
    path.write_text(damaged, encoding="utf-8")
    with pytest.raises(SaveFormatError, match=message):
        load_session(path)
    assert path.read_text(encoding="utf-8") == damaged


def test_an_edited_log_that_no_longer_replays_is_refused(
    tmp_path: Path, tutorial: ScenarioIR
) -> None:
    session = played(tutorial)
    path = save_session(session, tmp_path / "t.wgsave.json")
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["log"].insert(0, {"action": {"type": "pass", "actor": "nobody"}, "by": ""})
    raw["steps"] += 1  # else the length check refuses it before the replay
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(SaveFormatError, match="action 1 of the log"):
        load_session(path)


def test_a_different_recorded_state_is_refused(tmp_path: Path, tutorial: ScenarioIR) -> None:
    session = played(tutorial)
    path = save_session(session, tmp_path / "t.wgsave.json")
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["state_digest"] = "0" * 16
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(SaveFormatError, match="different game state"):
        load_session(path)


def test_saving_keeps_the_previous_save_as_bak(tmp_path: Path, tutorial: ScenarioIR) -> None:
    session = Session(tutorial, seed=1)
    path = save_session(session, tmp_path / "t.wgsave.json")
    first = path.read_bytes()
    session.run_bots()
    save_session(session, path)
    assert (tmp_path / "t.wgsave.json.bak").read_bytes() == first
    assert load_session(path).state == session.state


def test_a_failed_write_leaves_the_old_save_whole_and_no_temp_files(
    tmp_path: Path, tutorial: ScenarioIR, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = Session(tutorial, seed=1)
    path = save_session(session, tmp_path / "t.wgsave.json")
    before = path.read_bytes()
    session.run_bots()

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    with pytest.raises(OSError):
        save_session(session, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.wgsave.json", "t.wgsave.json.bak"]


def test_seats_must_name_real_actors(tutorial: ScenarioIR) -> None:
    with pytest.raises(ValueError, match="unknown actors"):
        Session(tutorial, seats={"atlantis": Seat("atlantis", "human")})


def test_bots_stop_where_a_human_must_act(greenland: ScenarioIR) -> None:
    human = greenland.actors[3].id
    session = Session(greenland, seed=2, seats={human: Seat(human, "human", team="Blue")})
    session.run_bots()
    if not session.is_over:
        who = session.to_act
        assert isinstance(who, int) and greenland.actors[who].id == human
