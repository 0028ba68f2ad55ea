"""Free play in the game flow (issue 24), without a screen: the umpire's ruling on a free
action comes after the hand-over to the umpire; a team's new messages come right after its
own hand-over and briefing, and never before another team; the views say it in words."""

from __future__ import annotations

from pathlib import Path

from wargame.engine import UMPIRE, Pass, ProposeFree
from wargame.play import FreeRuling, GameFlow, HandOver, Letters
from wargame.play.freeplay import levers_for, recipients_for
from wargame.scenario.loader import load_text
from wargame.scenario.masking import IDENTITY
from wargame.session import ALL, Seat, Session

FIXTURES = Path(__file__).resolve().parents[1] / "tui" / "fixtures"
STRAIT = load_text(
    (FIXTURES / "strait.yaml").read_text(encoding="utf-8") + "\nlevers: {tension: 2, trust: 5}\n",
    "strait.yaml",
)


def _session(umpire: bool) -> Session:
    seats = {a.id: Seat(a.id, "human", team=a.name) for a in STRAIT.actors}
    return Session(STRAIT, seed=7, seats=seats, umpire=Seat("umpire", "human") if umpire else None)


def test_the_umpire_rules_on_a_free_action_after_taking_the_keyboard() -> None:
    session = _session(umpire=True)
    flow = GameFlow(session, IDENTITY)
    flow.after_steps(0)
    start = session.step_index
    session.submit(ProposeFree("blue", "We escort the freighters", (), (("tension", -1.0),)))
    for actor in ("blue", "red", "green"):
        session.submit(Pass(actor))
    shown = flow.after_steps(start)
    assert session.to_act == UMPIRE
    hand = [item for item in shown if isinstance(item, HandOver)]
    assert hand and hand[-1].detail == "A free action is waiting for a ruling."
    ruling = shown[-1]
    assert isinstance(ruling, FreeRuling)
    view = ruling.view
    assert view.text == "We escort the freighters" and view.asked_words == "Tension −1"
    words, total, success = view.total(())
    assert total == sum(view.dice) and success == (total >= 7) and "needs 7" in words


def test_a_teams_letters_wait_behind_its_own_curtain() -> None:
    session = _session(umpire=False)
    flow = GameFlow(session, IDENTITY)
    flow.after_steps(0)
    assert flow.viewer == 0
    session.send("blue", "green", "Stay with us")
    start = session.step_index
    session.submit(Pass("blue"))
    to_red = flow.after_steps(start)
    assert flow.viewer == 1 and not any(isinstance(item, Letters) for item in to_red)
    start = session.step_index
    session.submit(Pass("red"))
    to_green = flow.after_steps(start)
    assert flow.viewer == 2
    kinds = [type(item).__name__ for item in to_green]
    assert kinds.index("HandOver") < kinds.index("Letters")
    letters = next(item for item in to_green if isinstance(item, Letters))
    assert [(m.sender, m.to, m.text) for m in letters.messages] == [
        ("Blue", "Green", "Stay with us")
    ]
    assert flow.next_up() == []  # read once
    assert [m.text for m in flow.messages()] == ["Stay with us"]


def test_who_writes_to_whom_and_which_levers_a_team_may_name() -> None:
    session = _session(umpire=True)
    assert recipients_for(session, "blue", IDENTITY) == (
        ("red", "Red"),
        ("green", "Green"),
        (UMPIRE, "Umpire"),
    )
    assert recipients_for(session, UMPIRE, IDENTITY)[0] == (ALL, "Everyone")
    assert recipients_for(session, None, IDENTITY) == ()
    blue = {lever.target for lever in levers_for(STRAIT, 0, IDENTITY)}
    assert "tension" in blue and "trust[red][blue]" in blue
    assert all(not target.startswith("red_resolve") for target in blue)  # hidden from Blue
