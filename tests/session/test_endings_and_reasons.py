"""Sessions keep an umpire's ending confirmations and the bots' reasons, and saves keep both."""

from __future__ import annotations

import json
from pathlib import Path

from wargame.engine import UMPIRE, Confirm, Pass, PlayMove, PlayOn, ending_id, proposed_ending
from wargame.scenario.loader import load_scenario, load_text
from wargame.session import Seat, Session, load_session, save_session

ROOT = Path(__file__).parents[2]
PACING = (ROOT / "tests" / "engine" / "fixtures" / "pacing.yaml").read_text(encoding="utf-8")


def test_an_umpire_who_confirms_endings_plays_on_and_the_save_round_trips(tmp_path: Path) -> None:
    s = load_text(PACING, "pacing.yaml")
    session = Session(s, seed=3, umpire=Seat("umpire", kind="human"), confirm_endings=True)
    session.submit(PlayMove("hawk", "raise"), by="team:Hawks")
    assert session.to_act == UMPIRE and proposed_ending(session.state) == 0
    session.submit(PlayOn("the Dove must answer"), by="umpire")
    session.submit(PlayMove("dove", "defuse"), by="team:Doves")
    path = save_session(session, tmp_path / "g.wgsave.json")
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["confirm_endings"] is True
    assert {"action": {"type": "play_on", "reason": "the Dove must answer"}, "by": "umpire"} in raw[
        "log"
    ]
    loaded = load_session(path)
    assert loaded.confirm_endings and loaded.state == session.state
    assert loaded.fork(1).confirm_endings


def test_a_save_without_the_key_plays_endings_at_once(tmp_path: Path) -> None:
    s = load_text(PACING, "pacing.yaml")
    session = Session(s, seed=3, umpire=Seat("umpire", kind="human"))
    session.submit(PlayMove("hawk", "raise"))
    path = save_session(session, tmp_path / "g.wgsave.json")
    assert "confirm_endings" not in json.loads(path.read_text(encoding="utf-8"))
    loaded = load_session(path)
    assert ending_id(s, loaded.state) == "war" and not loaded.confirm_endings


def test_bot_seats_log_why_they_chose_and_replay_ignores_it(tmp_path: Path) -> None:
    s = load_scenario(ROOT / "scenarios" / "tutorial.yaml")
    seats = {a.id: Seat(a.id, kind="bot", policy="goal") for a in s.actors}
    session = Session(s, seed=1, seats=seats)
    session.run_bots()
    assert session.state.ending is not None
    whys = [entry.why for entry in session.log_entries]
    assert whys and all(why.startswith("goal:") for why in whys)
    path = save_session(session, tmp_path / "g.wgsave.json")
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["log"][0]["why"] == whys[0]
    loaded = load_session(path)
    assert [e.why for e in loaded.log_entries] == whys
    for entry in raw["log"]:
        entry["why"] = "edited by hand"
    path.write_text(json.dumps(raw), encoding="utf-8")
    assert load_session(path).state == session.state


def test_the_accepting_bot_umpire_confirms_a_proposed_ending() -> None:
    s = load_text(PACING, "pacing.yaml")
    session = Session(
        s, seed=0, umpire=Seat("umpire", kind="bot", policy="accept"), confirm_endings=True
    )
    session.submit(PlayMove("hawk", "raise"))
    session.run_bots()
    assert ending_id(s, session.state) == "war"
    last = session.log_entries[-1]
    assert last.action == Confirm() and last.by == "bot:accept"
    assert last.why == "accepting umpire: confirms the ending the rules propose"
    assert session.log_entries[0].action == PlayMove("hawk", "raise")
    assert Pass("dove") not in [e.action for e in session.log_entries]
