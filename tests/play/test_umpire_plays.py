"""The umpire plays a non-player actor by hand: the flow hands the keyboard to the umpire
when that actor is to act (it is no bot's turn), the umpire's turn screen lists the
actor's moves, and a hand-back lets the bot play it again."""

from __future__ import annotations

from pathlib import Path

from wargame.engine import UMPIRE, PlayMove
from wargame.play import Briefing, GameFlow, HandOver
from wargame.scenario.loader import load_scenario
from wargame.scenario.masking import IDENTITY
from wargame.session import Seat, Session

DRILL = load_scenario(Path(__file__).resolve().parents[1] / "fixtures" / "exercise" / "drill.yaml")
RIVAL = DRILL.names.actors["rival"]


def umpired(seat: object = None) -> tuple[Session, GameFlow]:
    """The drill with the cell's team, a human umpire holding the arsonist, at the
    arsonist's first decision."""
    session = Session(
        DRILL,
        seed=3,
        seats={"cell": Seat("cell", "human", team="Cell"), "rival": Seat("rival", "bot")},
        umpire=Seat("umpire", "human"),
    )
    session.take_over("rival")
    flow = GameFlow(session, IDENTITY, seat=seat)  # type: ignore[arg-type]
    session.run_bots()
    flow.after_steps(0)
    while session.to_act != RIVAL:
        assert session.to_act is not None, "the arsonist never came to act"
        session.submit(session.legal_actions()[0], by="team:Cell")
        session.run_bots()
    return session, flow


def test_an_actor_the_umpire_holds_is_no_bot_to_act() -> None:
    session, flow = umpired()
    assert not flow.bots_to_act
    assert session.run_bots() == 0  # nothing for a bot to decide: the game waits


def test_the_hot_seat_hands_the_keyboard_to_the_umpire_who_sees_the_actors_moves() -> None:
    _, flow = umpired()
    shown = flow.next_up()
    assert any(isinstance(item, HandOver) and item.viewer == UMPIRE for item in shown)
    assert flow.viewer == UMPIRE
    table = flow.table()
    assert {m.label for m in table.moves} >= {"Light another fire", "Lie low"}
    assert "Arsonist" in table.moves_title and "umpire" in table.moves_title
    assert "umpire" in flow.acting()


def test_the_umpires_seat_sees_the_held_actors_moves_and_a_team_waits() -> None:
    _, umpire_flow = umpired(UMPIRE)
    assert umpire_flow.next_up() == [] or all(
        not isinstance(item, HandOver) for item in umpire_flow.next_up()
    )
    assert {m.label for m in umpire_flow.table().moves} >= {"Light another fire", "Lie low"}
    _, team_flow = umpired(DRILL.names.actors["cell"])
    assert team_flow.table().moves == ()
    assert "Arsonist" in team_flow.table().waiting


def test_an_evaluators_flow_sees_as_the_umpire_and_is_offered_nothing_to_act_on() -> None:
    session = Session(
        DRILL,
        seed=3,
        seats={"cell": Seat("cell", "human", team="Cell"), "rival": Seat("rival", "bot")},
        umpire=Seat("umpire", "human"),
    )
    session.take_over("rival")
    flow = GameFlow(session, IDENTITY, seat=UMPIRE, acts=False)
    while session.to_act != RIVAL:
        session.submit(session.legal_actions()[0], by="team:Cell")
    assert flow.table().moves == ()
    assert all(isinstance(item, Briefing) for item in flow.next_up())


def test_the_umpire_moves_by_hand_logged_as_the_umpire_then_hands_back() -> None:
    session, flow = umpired()
    flow.next_up()
    session.submit(PlayMove("rival", "lie_low"), by=flow.audience(UMPIRE))
    assert session.log[-1].by == "umpire"
    session.hand_back("rival", "weighted")
    while session.to_act is not None and session.to_act != RIVAL:
        session.submit(session.legal_actions()[0], by="team:Cell")
    if session.to_act == RIVAL:
        assert flow.bots_to_act
        session.run_bots(max_steps=1)
        assert session.log[-1].by == "bot:weighted"
