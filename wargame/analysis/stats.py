"""Statistics for Monte Carlo batches, in constant memory.

Shares use the Wilson score interval, which stays inside [0, 1] and behaves at shares near
0 and 1, where the normal approximation claims impossible certainty. Percentile bands come
from fixed-width histograms, so 100,000 runs cost the same memory as 1,000.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from wargame.analysis.blocksum import BlockSum

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


BINS = 400
"""Bins of a histogram: a percentile is read to within 1/400 of the range."""


def bin_index(value: float, lo: float, width: float, bins: int = BINS) -> int:
    """The bin of `value` in bins of `width` from `lo` (the first or last bin beyond them)."""
    index = int((value - lo) / width) if width > 0 else 0
    return 0 if index < 0 else bins - 1 if index >= bins else index


@dataclass
class Histogram:
    """Counts of values in fixed bins over [lo, hi]; exact mean, binned percentiles."""

    lo: float = 0.0
    hi: float = 100.0
    bins: int = BINS
    counts: list[int] = field(default_factory=list)
    """Values per bin."""
    sum: BlockSum = field(default_factory=BlockSum)
    """The values' total, added in blocks of runs (`blocksum`)."""
    n: int = 0
    _width: float = field(default=0.0, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.counts:
            self.counts = [0] * self.bins
        self._width = (self.hi - self.lo) / self.bins

    @property
    def total(self) -> float:
        return self.sum.total

    def add(self, value: float, block: int) -> None:
        """`value`, of a run of `block` (`blocksum.block_of`)."""
        self.counts[bin_index(value, self.lo, self._width, self.bins)] += 1
        self.sum.add(value, block)
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


_T975 = (
    12.706204736,
    4.302652730,
    3.182446305,
    2.776445105,
    2.570581836,
    2.446911851,
    2.364624252,
)
"""Student's t 97.5 % quantiles for 1 to 7 degrees of freedom (exact to 9 decimals)."""


def t_quantile_975(df: int) -> float:
    """Student's t 97.5 % quantile (two-sided 95 %) for `df` degrees of freedom.

    Tabulated for 1-7 degrees of freedom; beyond, the Cornish-Fisher expansion around the
    normal quantile, within 3e-5 of the true value from 8 on.
    """
    if df < 1:
        return math.nan
    if df <= len(_T975):
        return _T975[df - 1]
    z = Z95
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4


@dataclass
class PairedMean:
    """The mean of paired differences with a 95 % t interval, kept as running sums."""

    n: int = 0
    total: float = 0.0
    squares: float = 0.0

    def add(self, difference: float) -> None:
        self.n += 1
        self.total += difference
        self.squares += difference * difference

    def add_zeros(self, count: int) -> None:
        """`count` differences of exactly zero (points where nothing changed)."""
        self.n += count

    @property
    def mean(self) -> float:
        return self.total / self.n if self.n else math.nan

    def interval(self) -> tuple[float, float]:
        """The 95 % interval of the mean (NaN below two differences)."""
        if self.n < 2:
            return (math.nan, math.nan)
        mean = self.total / self.n
        variance = max(0.0, (self.squares - self.n * mean * mean) / (self.n - 1))
        half = t_quantile_975(self.n - 1) * math.sqrt(variance / self.n)
        return (mean - half, mean + half)
