"""Head-to-head duels: paired games on one seed, the difference in the actor's own score."""

from __future__ import annotations

import pytest

from tests.helpers.patience import PATIENCE
from wargame.analysis.headtohead import head_to_head, render_duels


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
