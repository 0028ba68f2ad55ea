"""Head-to-head duels: paired games on one seed, the difference in the actor's own score."""

from __future__ import annotations

import pytest

from wargame.analysis.headtohead import head_to_head, render_duels

PATIENCE = """
wargame: 1
id: patience
title: Patience pays
calendar: {start: "Day 1", turns: 2}
actors:
  player:
    name: Player
    objectives:
      - {text: Win big, score: "prize / 10"}
variables:
  prize: {start: 0, min: 0, max: 10}
flags:
  ready: {}
  spent: {}
moves:
  - {id: grab, actor: player, label: Grab what is there, when: "not flags.spent",
     effects: ["prize += 2", "flags.spent = true"]}
  - {id: prepare, actor: player, label: Prepare, when: "not flags.spent",
     effects: ["flags.ready = true", "flags.spent = true"]}
  - {id: strike, actor: player, label: Strike, when: "flags.ready", limit: {per_game: 1},
     effects: ["prize += 10"]}
endings:
  - {id: over, title: Over, default: true}
"""


def test_a_duel_counts_the_runs_the_candidate_scored_the_same_and_the_gain() -> None:
    # The goal bot grabs (0.2); the search against goal players prepares and strikes (1.0).
    # Goal against goal plays the very same game on every seed: every run the same.
    same = head_to_head(
        PATIENCE, "patience.yaml", actors=["player"], candidate="goal", baselines=["goal"],
        runs=3, seed="t",
    )
    better = head_to_head(
        PATIENCE, "patience.yaml", actors=["player"], candidate="search:20:goal",
        baselines=["goal"], runs=3, seed="t",
    )
    assert (same[0].same, same[0].difference, same[0].beats) == (3, 0.0, False)
    assert better[0].same == 0 and better[0].difference == pytest.approx(0.8) and better[0].beats
    table = render_duels(better, "search:20:goal")
    assert "same" in table.splitlines()[0] and "beats the baseline in 1 of 1" in table
