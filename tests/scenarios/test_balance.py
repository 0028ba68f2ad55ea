"""Balance of the shipped scenarios under uniformly random play, and each seat's influence.

The full check (10,000 games) is `python benchmarks/balance.py scenarios/greenland.yaml`;
these tests run fewer games with a fixed seed and a tolerance, through the same code.
"""

from __future__ import annotations

import pytest

from tests.scenarios.shipped import balance_module, shipped

GREENLAND_GAMES = 1500


def _shares(name: str, games: int, **forcing: frozenset[str]) -> dict[str, float]:
    balance = balance_module()
    scenario = shipped(name)
    counts = balance.distribution(scenario, games, seed=7, forcing=balance.Forcing(**forcing))
    result: dict[str, float] = balance.shares(counts, balance.ending_ids(scenario))
    return result


def test_greenland_random_play_reaches_many_endings() -> None:
    shares = _shares("greenland", GREENLAND_GAMES)
    common = [e for e, s in shares.items() if s >= 0.05]
    # Target over 10,000 games: at least four endings at 5% or more, none above 60%.
    # Here 1,500 games, so allow 1.5 points of sampling noise on each bound.
    assert sum(s >= 0.035 for s in shares.values()) >= 4, shares
    assert len(common) >= 4, shares
    assert max(shares.values()) <= 0.615, shares
    assert all(s > 0 for s in shares.values()), f"an ending never happens: {shares}"


@pytest.mark.parametrize("name", ["greenland", "tutorial", "cuba1962"])
def test_every_game_ends_in_an_authored_ending(name: str) -> None:
    balance = balance_module()
    scenario = shipped(name)
    counts = balance.distribution(scenario, 200, seed=3)
    assert set(counts) <= set(balance.ending_ids(scenario)), counts
    assert sum(counts.values()) == 200


# Per playable actor: a move whose forcing (always when legal vs never) moves the ending
# distribution, the games per arm, and the least total-variation distance we accept.
# Measured over 2,000 games per arm (benchmarks/balance.py --influence), TV was:
# president 45%, advisers 55%, generals 20%, congress 46%, denmark 45%, greenland 57%,
# uk 8%, europe 52%, secretary_general 16%, russia 15%, china 14%.
INFLUENCE = [
    ("president", "sign_access_deal", 200, 0.25),
    ("advisers", "brief_against_allies", 200, 0.25),
    ("generals", "deliver_plan", 500, 0.08),
    ("congress", "war_powers_vote", 200, 0.25),
    ("denmark", "invest_in_greenland", 200, 0.25),
    ("greenland", "direct_talks", 200, 0.25),
    ("uk", "uk_mediation", 800, 0.04),
    ("europe", "plan_without_america", 200, 0.25),
    ("secretary_general", "flatter_washington", 500, 0.07),
    ("russia", "disinformation", 500, 0.07),
    ("china", "condemn_coercion", 500, 0.06),
]


def test_every_playable_greenland_seat_is_covered() -> None:
    playable = {a.id for a in shipped("greenland").actors if a.playable}
    assert {row[0] for row in INFLUENCE} == playable


@pytest.mark.slow
@pytest.mark.parametrize(
    ("actor", "move", "games", "least"), INFLUENCE, ids=[r[0] for r in INFLUENCE]
)
def test_each_seat_changes_the_ending_distribution(
    actor: str, move: str, games: int, least: float
) -> None:
    assert shipped("greenland").move(move).actor == shipped("greenland").names.actors[actor]
    always = _shares("greenland", games, always=frozenset({move}))
    never = _shares("greenland", games, never=frozenset({move}))
    tv = balance_module().total_variation(always, never)
    assert tv >= least, (tv, always, never)


def test_cuba_random_play_reaches_every_ending() -> None:
    shares = _shares("cuba1962", 400)
    assert all(s > 0 for s in shares.values()), shares
    assert max(shares.values()) <= 0.6, shares


def test_tutorial_random_play_reaches_every_ending() -> None:
    shares = _shares("tutorial", 400)
    assert all(s > 0 for s in shares.values()), shares
