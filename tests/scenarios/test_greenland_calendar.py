"""Greenland's calendar in what the players see: what is offered when, and which flash says what.

A class tripped over "Go home to campaign for the primaries" in July (the summit's month,
which ends the game) and over the same "Voters weigh the Greenland crisis" flash every
turn; these tests keep each text to the months where it makes sense.
"""

from __future__ import annotations

from collections import defaultdict
from random import Random

from tests.scenarios.shipped import shipped
from wargame.engine import PlayMove, initial_state, legal_actions, step, to_act

POLLS = ("quiet_month_at_home", "force_worries_voters")


def _random_games(runs: int) -> tuple[dict[int, set[bool]], list[tuple[int, int, str]]]:
    """Random games: per turn whether Congress was offered campaigning, and each poll
    flash fired as (game, turn, inject id)."""
    s = shipped("greenland")
    congress = next(i for i, a in enumerate(s.actors) if a.id == "congress")
    offered: dict[int, set[bool]] = defaultdict(set)
    polls: list[tuple[int, int, str]] = []
    for seed in range(runs):
        rng = Random(seed)
        state = initial_state(s, rng=rng)
        while (seat := to_act(s, state)) is not None:
            actions = legal_actions(s, state, seat)
            if seat == congress:
                moves = {a.move for a in actions if isinstance(a, PlayMove)}
                offered[state.turn].add("campaign_at_home" in moves)
            state, events = step(s, state, rng.choice(actions), rng)
            for e in events:
                if e.kind == "inject" and e.target in POLLS:
                    polls.append((seed, e.turn, e.target))
    return offered, polls


def test_campaigning_is_offered_from_the_first_primaries_to_june_only() -> None:
    offered, _ = _random_games(30)
    assert offered[1] == {False}  # February: no primary yet
    for turn in (2, 3, 4, 5):  # March to June
        assert True in offered[turn], turn
    assert offered[6] == {False}  # July: the summit's month ends the game


def test_the_district_polls_say_which_way_voters_moved() -> None:
    _, polls = _random_games(30)
    assert {inject for *_, inject in polls} == set(POLLS)  # both directions happen
    assert all(turn >= 2 for _, turn, _ in polls), "no polls before the first primaries"
    fired = [(game, turn) for game, turn, _ in polls]
    assert len(fired) == len(set(fired)), "one district-polls flash a month, not two"
    labels = {i.id: i.label for i in shipped("greenland").injects if i.id in POLLS}
    assert labels["quiet_month_at_home"] != labels["force_worries_voters"]
    assert "Voters weigh" not in " ".join(labels.values())
