"""Statistics for Monte Carlo batches, in constant memory.

Shares use the Wilson score interval, which stays inside [0, 1] and behaves at shares near
0 and 1, where the normal approximation claims impossible certainty. Percentile bands come
from fixed-width histograms, so 100,000 runs cost the same memory as 1,000.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

Z95 = 1.959963984540054


def wilson_interval(successes: int, trials: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for a binomial share (95 % by default)."""
    if trials <= 0:
        return (0.0, 1.0)
    p = successes / trials
    denom = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denom
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denom
    low = 0.0 if successes <= 0 else max(0.0, min(p, centre - half))
    high = 1.0 if successes >= trials else min(1.0, max(p, centre + half))
    return (low, high)


@dataclass
class Histogram:
    """Counts of values in fixed bins over [lo, hi]; exact mean, binned percentiles."""

    lo: float = 0.0
    hi: float = 100.0
    bins: int = 400
    counts: list[int] = field(default_factory=list)
    total: float = 0.0
    n: int = 0

    def __post_init__(self) -> None:
        if not self.counts:
            self.counts = [0] * self.bins

    def add(self, value: float) -> None:
        width = (self.hi - self.lo) / self.bins
        index = int((value - self.lo) / width) if width > 0 else 0
        self.counts[min(max(index, 0), self.bins - 1)] += 1
        self.total += value
        self.n += 1

    @property
    def mean(self) -> float:
        return self.total / self.n if self.n else math.nan

    def percentile(self, q: float) -> float:
        """The q-th percentile (0-100), at the midpoint of the bin that holds it."""
        if not self.n:
            return math.nan
        rank = q / 100 * (self.n - 1)
        running = 0
        width = (self.hi - self.lo) / self.bins
        for index, count in enumerate(self.counts):
            running += count
            if running > rank:
                return self.lo + (index + 0.5) * width
        return self.hi


def difference_interval(
    a_hits: int, a_n: int, b_hits: int, b_n: int, z: float = Z95
) -> tuple[float, float, float]:
    """Difference of two shares (a - b) with a Newcombe (Wilson-based) 95 % interval."""
    if a_n == 0 or b_n == 0:
        return (math.nan, math.nan, math.nan)
    p1, p2 = a_hits / a_n, b_hits / b_n
    l1, u1 = wilson_interval(a_hits, a_n, z)
    l2, u2 = wilson_interval(b_hits, b_n, z)
    d = p1 - p2
    lower = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    upper = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return (d, lower, upper)
