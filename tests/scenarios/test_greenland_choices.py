"""Greenland's seats keep real choices to the summit (issue 20: at least three in most turns).

Version 2.2 left a President with nothing but Pass once a deal was signed, and a hawk whose
threat was cooling down with "talks" or Pass; `python -m benchmarks.balance --choices`
gives the full table (docs/scenarios/greenland.md).
"""

from __future__ import annotations

from random import Random

from benchmarks import balance
from wargame.analysis.play import build_policies
from wargame.engine import PlayMove, initial_state, legal_actions, step, to_act


def test_every_listed_seat_has_three_moves_in_most_turns() -> None:
    rows = {row.actor: row for row in balance.choices("greenland", 60, policy="weighted")}
    for actor in ("president", "denmark", "greenland", "uk", "secretary_general"):
        assert rows[actor].three_or_more >= 0.9, rows[actor]
    assert rows["generals"].three_or_more >= 0.7, rows["generals"]


def test_a_president_with_a_signed_deal_still_has_choices() -> None:
    # Goal bots sign deals in about half their games: the President's turns after a signing.
    sc = balance.scenario("greenland")
    president = next(i for i, a in enumerate(sc.actors) if a.id == "president")
    signed = next(i for i, f in enumerate(sc.flags) if f.id == "access_agreement")
    policies = build_policies(sc, {}, "goal")
    after_deal: list[int] = []
    for game in range(30):
        rng = Random(f"choices:{game}")
        state = initial_state(sc, rng=rng, record=False)
        while (seat := to_act(sc, state)) is not None:
            if seat == president and state.flags[signed]:
                actions = legal_actions(sc, state, seat)
                after_deal.append(sum(isinstance(a, PlayMove) for a in actions))
            action = policies[seat].choose(sc, state, seat, rng)
            state, _ = step(sc, state, action, rng, record=False)
    assert len(after_deal) >= 5, after_deal
    assert min(after_deal) >= 2, after_deal
