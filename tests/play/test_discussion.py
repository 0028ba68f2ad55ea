"""Discussion mode: a team sees only the moves open to it now, by label and text, with no
condition, effect, odds or limit; moves not yet open stay hidden; each move keeps its number
key while the list changes; the umpire still sees the rules."""

from __future__ import annotations

from pathlib import Path

from wargame.engine import PlayMove
from wargame.play import UMPIRE, GameFlow
from wargame.scenario.loader import load_scenario
from wargame.scenario.masking import IDENTITY
from wargame.session import Seat, Session

DRILL = load_scenario(Path(__file__).resolve().parents[1] / "fixtures" / "exercise" / "drill.yaml")


def game(discussion: bool) -> tuple[Session, GameFlow]:
    session = Session(
        DRILL,
        seed=1,
        seats={"cell": Seat("cell", "human", team="Cell"), "rival": Seat("rival", "human")},
        discussion=discussion,
    )
    session.run_bots()
    return session, GameFlow(session, IDENTITY, seat=DRILL.names.actors["cell"])


def test_players_see_only_open_moves_without_rules_and_keep_their_keys() -> None:
    session, flow = game(discussion=True)
    first = flow.table().moves
    assert [(o.label, o.key) for o in first] == [
        ("Convene the cell", 1),
        ("Warn the public", 2),
        ("Pass", 0),
    ]  # "Evacuate the district" needs a fire: hidden, not listed as unavailable
    assert all(o.available and not (o.effects or o.needs or o.summary or o.odds) for o in first)
    assert "Evacuate" not in repr(first) and "lit" not in repr(first)
    session.submit(PlayMove("cell", "convene"), by="team:Cell")
    lit = DRILL.names.flags["lit"]
    for _ in range(30):  # the arsonist lights a fire: the evacuation opens
        if session.to_act == DRILL.names.actors["cell"] and session.state.flags[lit]:
            break
        actor = "cell" if session.to_act == DRILL.names.actors["cell"] else "rival"
        session.submit(PlayMove(actor, "warn" if actor == "cell" else "light"), by="test")
    assert session.to_act == DRILL.names.actors["cell"] and session.state.flags[lit]
    later = {o.label: o.key for o in flow.table().moves}
    assert later["Warn the public"] == 2 and later["Pass"] == 0
    assert later["Evacuate the district"] == 3  # new: the next number, none reused


def test_without_discussion_mode_and_for_the_umpire_the_rules_show() -> None:
    _, flow = game(discussion=False)
    moves = flow.table().moves
    assert [o.label for o in moves][:4] == [
        "Convene the cell",
        "Warn the public",
        "Pass",
        "Evacuate the district",
    ]
    assert not moves[3].available and moves[3].reason
    assert [o.key for o in moves] == [1, 2, 0, 3]  # open ones as filed, Pass 0, then closed
    session, _ = game(discussion=True)
    umpire = GameFlow(session, IDENTITY, seat=UMPIRE)
    assert "Waiting" in umpire.table().waiting  # the umpire watches; no list to hide
