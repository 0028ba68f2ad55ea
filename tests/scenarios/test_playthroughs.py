"""Seeded scripted playthroughs of the shipped scenarios, each to a named ending.

Each actor plays the first legal move of its preference list (others pass), through the
engine's public API. The seeded game must reach the named ending, and so must most other
seeds: the path is a strategy, not a lucky roll.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest

from tests.scenarios.shipped import play_preferences, shipped
from wargame.engine import GameState

Prefs = Mapping[str, Sequence[str]]

GREENLAND_DEAL: Prefs = {
    "president": ["sign_access_deal", "pivot_to_deal"],
    "generals": ["reassure_allied_militaries"],
    "congress": ["fund_arctic_security", "hold_hearings"],
    "denmark": [
        "offer_formal_access", "include_nuuk", "arctic_defence_package", "invest_in_greenland"
    ],
    "greenland": ["stand_with_copenhagen"],
    "uk": ["vouch_for_deal", "uk_mediation"],
    "europe": ["reassure_washington"],
    "secretary_general": ["argue_at_summit", "shuttle_diplomacy"],
}
"""Talks from the start, no threats: the cable's compromise without its 'threaten first'."""

GREENLAND_BREAKUP: Prefs = {
    "advisers": ["brief_against_allies"],
    "president": ["threaten_denmark", "order_contingency_plans"],
    "denmark": ["invest_in_greenland"],
    "greenland": ["stand_with_copenhagen"],
    "europe": ["plan_without_america"],
    "russia": ["disinformation"],
    "china": ["condemn_coercion"],
}
"""Coercion of Denmark, contempt for Europe and a Europe planning its own way: the worst case."""

TUTORIAL_COOPERATION: Prefs = {
    "northport": ["share_patrols", "launch_rescue", "raid_gull_rock"],
    "southhaven": ["light_the_beacon"],
}

CUBA_HISTORICAL: Prefs = {
    "president": ["jupiter_undertaking", "no_invasion_pledge", "back_channel"],
    "premier": ["agree_withdrawal", "offer_letter"],
    "joint_chiefs": ["restrain_forces"],
    "soviet_forces": ["strict_discipline"],
}
"""Back channel, letter, public pledge, secret Jupiter undertaking: roughly what happened."""

CASES = [
    ("greenland", GREENLAND_DEAL, "compromise"),
    ("greenland", GREENLAND_BREAKUP, "nato_destroyed_from_within"),
    ("tutorial", TUTORIAL_COOPERATION, "pact_renewed"),
    ("cuba1962", CUBA_HISTORICAL, "negotiated_settlement"),
]


@pytest.mark.parametrize(("name", "prefs", "ending"), CASES, ids=[c[2] for c in CASES])
def test_seeded_playthrough_reaches_its_ending(name: str, prefs: Prefs, ending: str) -> None:
    reached, _, played = play_preferences(shipped(name), prefs, seed=1)
    assert reached == ending, played


@pytest.mark.parametrize(("name", "prefs", "ending"), CASES, ids=[c[2] for c in CASES])
def test_the_strategy_not_the_seed_decides(name: str, prefs: Prefs, ending: str) -> None:
    hits = sum(play_preferences(shipped(name), prefs, seed)[0] == ending for seed in range(2, 22))
    assert hits >= 16


def _var(name: str, state: GameState, var: str) -> float:
    return state.vars[shipped(name).names.variables[var]]


def test_greenland_deal_shuts_out_russia_and_china() -> None:
    _, state, played = play_preferences(shipped("greenland"), GREENLAND_DEAL, seed=1)
    assert "president.sign_access_deal" in played
    assert _var("greenland", state, "russia_influence") < 25
    assert _var("greenland", state, "china_influence") < 20


def test_cuba_settlement_needs_the_secret_trade() -> None:
    without_trade = {**CUBA_HISTORICAL, "president": ["no_invasion_pledge", "back_channel"]}
    reached, _, _ = play_preferences(shipped("cuba1962"), without_trade, seed=1)
    assert reached == "soviet_climb_down"


def test_tutorial_breaks_when_both_towns_turn_selfish() -> None:
    selfish = {"northport": ["keep_catch"], "southhaven": ["demand_fair_share"]}
    reached, _, _ = play_preferences(shipped("tutorial"), selfish, seed=1)
    assert reached == "pact_broken"
