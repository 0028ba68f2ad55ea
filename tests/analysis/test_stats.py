"""Statistics: intervals checked against known values and against simulation."""

from __future__ import annotations

import math
from random import Random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wargame.analysis.stats import (
    BINS,
    Histogram,
    bin_index,
    difference_interval,
    wilson_interval,
)


def test_wilson_interval_matches_published_value() -> None:
    # Newcombe (1998), table I: 81/263 -> 0.2553 to 0.3662 (Wilson without correction).
    low, high = wilson_interval(81, 263)
    assert low == pytest.approx(0.2553, abs=5e-4)
    assert high == pytest.approx(0.3662, abs=5e-4)


def test_wilson_interval_at_the_edges_stays_inside_unit_interval() -> None:
    assert wilson_interval(0, 10)[0] == 0.0
    assert wilson_interval(10, 10)[1] == 1.0
    assert 0 < wilson_interval(0, 10)[1] < 0.35


@given(st.integers(0, 500), st.integers(1, 500))
def test_wilson_interval_contains_the_share(k: int, n: int) -> None:
    k = min(k, n)
    low, high = wilson_interval(k, n)
    assert 0.0 <= low <= k / n <= high <= 1.0


def test_wilson_coverage_is_close_to_95_percent() -> None:
    rng = Random(7)
    p, n, trials = 0.3, 200, 2000
    covered = 0
    for _ in range(trials):
        k = sum(rng.random() < p for _ in range(n))
        low, high = wilson_interval(k, n)
        covered += low <= p <= high
    assert 0.93 <= covered / trials <= 0.97


def test_histogram_mean_is_exact_and_percentiles_are_within_a_bin() -> None:
    h = Histogram(0, 100, 400)
    values = [float(v) for v in range(101)]
    for v in values:
        h.add(v, 0)
    assert h.mean == pytest.approx(50.0)
    assert h.percentile(50) == pytest.approx(50, abs=0.25)
    assert h.percentile(10) == pytest.approx(10, abs=0.25)
    assert math.isnan(Histogram().percentile(50))


def test_a_value_beyond_the_range_counts_in_the_first_or_last_bin() -> None:
    width = 100.0 / BINS
    assert [bin_index(v, 0.0, width) for v in (-5.0, 0.0, 0.24, 0.25, 99.99, 100.0, 1e9)] == [
        0,
        0,
        0,
        1,
        BINS - 1,
        BINS - 1,
        BINS - 1,
    ]
    assert bin_index(7.0, 3.0, 0.0) == 0  # an empty range: one bin


def test_difference_interval_excludes_zero_only_for_a_real_difference() -> None:
    d, low, high = difference_interval(60, 100, 30, 100)
    assert d == pytest.approx(0.3)
    assert low > 0
    d, low, high = difference_interval(50, 100, 48, 100)
    assert low < 0 < high
