"""A Greenland game in which a bot argues a move before a human umpire, for the tests of
what the debrief and the report say of it (the rules rate it, not the umpire)."""

from __future__ import annotations

from wargame.engine import Rate
from wargame.scenario.loader import load_scenario
from wargame.scenario.shipped import shipped_named
from wargame.session import Seat, Session


def a_bot_argues() -> tuple[Session, list[int]]:
    """The first seeded game (a human Denmark passing, weighted bots, a human umpire) in
    which a bot argues a move, played until the rules rate it; and the log positions of
    the ratings."""
    path = shipped_named("greenland")
    assert path is not None
    ir = load_scenario(path)
    for seed in range(5, 25):  # the first game in which a bot argues (the UK mediates)
        seats = {a.id: Seat(a.id, "bot", policy="weighted") for a in ir.actors}
        seats["denmark"] = Seat("denmark", "human", team="Denmark")
        session = Session(ir, seed=seed, seats=seats, umpire=Seat("umpire", "human"))
        for _ in range(400):
            session.run_bots()
            if session.is_over or any(isinstance(e.action, Rate) for e in session.log):
                break
            session.submit(session.legal_actions()[-1], by="team:Denmark")
        rated = [i for i, e in enumerate(session.log, 1) if isinstance(e.action, Rate)]
        if rated:
            return session, rated
    raise AssertionError("no bot argued a move in these games")
