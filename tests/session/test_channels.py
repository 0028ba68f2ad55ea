"""Channels (issue 24): private messages between the teams and the umpire, a side log of the
session. Who may write to whom, who may read what, the game time they carry, and that they
survive saves and forks, stay through undo, and never touch the game."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

import pytest

from wargame.engine import OBSERVER, UMPIRE
from wargame.engine.freetext import MAX_MESSAGE
from wargame.errors import IllegalActionError, SaveFormatError
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_scenario
from wargame.session import (
    ALL,
    Channels,
    Message,
    Seat,
    Session,
    channel_words,
    load_session,
    save_session,
    session_from_dict,
    session_to_dict,
)
from wargame.session.channels import MAX_MESSAGES

ROOT = Path(__file__).resolve().parents[2]


@functools.cache
def greenland() -> ScenarioIR:
    return load_scenario(ROOT / "scenarios" / "greenland.yaml")


def game(seed: int = 3) -> Session:
    s = greenland()
    seats = {a.id: Seat(a.id, "bot", policy="random") for a in s.actors}
    seats["denmark"] = Seat("denmark", "human", team="Danes")
    seats["uk"] = Seat("uk", "human", team="Britons")
    return Session(s, seed=seed, seats=seats, umpire=Seat("umpire", "human"))


def index(actor: str) -> int:
    return greenland().names.actors[actor]


def test_who_writes_to_whom() -> None:
    session = game()
    for sender, to in (("denmark", "uk"), ("denmark", UMPIRE), (UMPIRE, ALL), (UMPIRE, "uk")):
        assert session.check_message(sender, to, "hello") is None
    for sender, to, words in (
        ("denmark", ALL, "only the umpire writes to all"),
        ("denmark", "denmark", "goes to someone else"),
        ("denmark", "atlantis", "no one called 'atlantis'"),
        ("observer", "uk", "not a seat that writes"),
        ("denmark", "uk", "the message is empty"),
    ):
        text = "" if "empty" in words else "hi"
        assert words in str(session.check_message(sender, to, text))
        with pytest.raises(IllegalActionError, match=re.escape(words)):
            session.send(sender, to, text)
    assert session.messages == ()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("x" * (MAX_MESSAGE + 1), f"at most {MAX_MESSAGE:,} are allowed"),
        ("\x1b]8;;http://evil\x07click", "control character U+001B"),
        ("rtl \u202e trick", "U+202E"),
        ("nul\x00", "U+0000"),
        ("lone \ud800 surrogate", "U+D800"),
    ],
)
def test_a_message_is_plain_text_of_bounded_length(text: str, words: str) -> None:
    with pytest.raises(IllegalActionError, match=re.escape(words)):
        game().send("denmark", "uk", text)


def test_a_message_may_have_several_lines_and_any_script() -> None:
    text = "Two lines:\nمرحبا · 你好 · 👩‍👩‍👧 <b>not bold</b> [red]not red[/red]"
    assert game().send("denmark", "uk", text).text == text


def test_a_message_carries_the_game_time() -> None:
    session = game()
    session.run_bots()
    sent = session.send("denmark", "uk", "now")
    state = session.state
    assert (sent.turn, sent.phase, sent.step) == (state.turn, state.phase, session.step_index)
    uk = greenland().actor("uk").name
    assert channel_words(greenland(), sent) == f"Denmark → {uk}"


def test_who_reads_what() -> None:
    session = game()
    team_to_team = session.send("denmark", "uk", "between us")
    to_umpire = session.send("denmark", UMPIRE, "for the umpire")
    reply = session.send(UMPIRE, "denmark", "noted")
    to_all = session.send(UMPIRE, ALL, "five minutes")
    assert session.messages_for(UMPIRE) == (team_to_team, to_umpire, reply, to_all)
    assert session.messages_for(index("denmark")) == (team_to_team, to_umpire, reply, to_all)
    assert session.messages_for(index("uk")) == (team_to_team, to_all)
    assert session.messages_for(index("russia")) == (to_all,)
    assert session.messages_for(OBSERVER) == (to_all,)


def test_the_facilitator_closes_the_channels_and_opens_them_for_the_debrief() -> None:
    session = game()
    session.send("denmark", "uk", "before")
    session.set_channels(open=False)
    with pytest.raises(IllegalActionError, match="closed the channels"):
        session.send("denmark", "uk", "after")
    session.send(UMPIRE, ALL, "the umpire still may")
    session.set_channels(debrief=True)
    assert len(session.messages_for(OBSERVER)) == 1  # the game is not over yet
    while not session.is_over:
        who = session.to_act
        session.submit(session.legal_actions()[-1 if who == UMPIRE else 0])
    assert len(session.messages_for(OBSERVER)) == 2
    session.set_channels(debrief=False)
    assert len(session.messages_for(OBSERVER)) == 1


def test_messages_never_touch_the_game() -> None:
    quiet, talking = game(), game()
    for session in (quiet, talking):
        while not session.is_over:
            if session is talking:
                session.send("denmark", "uk", f"step {session.step_index}")
                session.send(UMPIRE, ALL, "go on")
            session.submit(session.legal_actions()[0])
    assert talking.log == quiet.log
    assert talking.state == quiet.state
    assert len(talking.messages) == 2 * talking.step_index


def test_undo_keeps_what_was_said_and_a_fork_what_was_said_before_it() -> None:
    session = game()
    session.run_bots()
    session.submit(session.legal_actions()[0])
    first = session.send("denmark", "uk", "first")
    session.submit(session.legal_actions()[0])
    second = session.send("uk", "denmark", "second")
    session.undo(2)
    assert session.messages == (first, second)
    session.redo(2)
    fork = session.fork(first.step)
    assert fork.messages == (first,)
    assert fork.channels == session.channels


def test_messages_and_settings_are_saved_and_read_back(tmp_path: Path) -> None:
    session = game()
    session.send("denmark", "uk", "a line\nand another “quoted”")
    session.send(UMPIRE, ALL, "hello")
    session.set_channels(open=False, debrief=True)
    path = save_session(session, tmp_path / "g.wgsave.json")
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["format_version"] == 3
    assert raw["messages"][0] == {
        "from": "denmark",
        "to": "uk",
        "text": "a line\nand another “quoted”",
        "turn": 1,
        "phase": 0,
        "step": 0,
    }
    loaded = load_session(path)
    assert loaded.messages == session.messages
    assert loaded.channels == Channels(open=False, debrief=True)
    assert session_to_dict(game())["format_version"] == 2  # no talk: as before


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"messages": "hello"}, "messages must be a list"),
        ({"messages": [{"from": "denmark"}]}, "'to' must be text"),
        ({"messages": [{"from": "denmark", "to": "uk", "text": "x", "turn": -1, "phase": 0,
                        "step": 0}]}, "whole number from 0"),
        ({"messages": [{"from": "denmark", "to": "uk", "text": "\x00", "turn": 1, "phase": 0,
                        "step": 0}]}, "message 1 cannot be kept"),
        ({"messages": [{"from": "denmark", "to": "all", "text": "x", "turn": 1, "phase": 0,
                        "step": 0}]}, "only the umpire writes to all"),
        ({"messages": [{"from": "denmark", "to": "uk", "text": "x", "turn": 1, "phase": 0,
                        "step": 0, "html": "<b>"}]}, "unknown keys: html"),
        ({"channels": {"open": "yes"}}, "true or false"),
        ({"channels": []}, "channels must be an object"),
    ],
)
def test_damaged_messages_are_refused_with_the_reason(change: dict[str, Any], words: str) -> None:
    raw = {**session_to_dict(game()), **change}
    with pytest.raises(SaveFormatError, match=re.escape(words)):
        session_from_dict(raw)


def test_a_game_keeps_a_bounded_number_of_messages() -> None:
    session = game()
    session._messages = [Message("denmark", "uk", "x", 1, 0, 0)] * MAX_MESSAGES
    assert "no more are kept" in str(session.check_message(UMPIRE, ALL, "one more"))
