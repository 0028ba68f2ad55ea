"""Statistics for Monte Carlo batches, in constant memory.

Shares use the Wilson score interval, which stays inside [0, 1] and behaves at shares near
0 and 1, where the normal approximation claims impossible certainty. Percentile bands come
from fixed-width histograms, so 100,000 runs cost the same memory as 1,000.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from wargame.analysis.blocksum import BlockSum, BlockValues

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
    """Values per bin (none in a part: see `filled`)."""
    filled: dict[int, int] = field(default_factory=dict)
    """A part's counts, bin -> values, of the bins it filled (`bin_part`): a part fills few
    of the bins, and what it sends is received on a core the workers share."""
    sum: BlockSum = field(default_factory=BlockSum)
    """The values' total, added in blocks of runs (`blocksum`)."""
    n: int = 0
    kept: BlockValues | None = None
    """A part made in a worker (`absorb`) keeps its values here instead of summing them,
    cut into blocks of runs (`cut`), and counts them into its bins once it is complete
    (`bin_part`)."""
    _tally: Counter[float] | None = field(default=None, repr=False, compare=False)
    """A part's values already cut, by value (binned at the end: a game's quantities take
    few values); None once binned (not sent back)."""
    _width: float = field(default=0.0, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.counts and self.kept is None:
            self.counts = [0] * self.bins
        self._width = (self.hi - self.lo) / self.bins

    @property
    def total(self) -> float:
        return self.sum.total

    def add(self, value: float, block: int) -> None:
        """`value`, of a run of `block` (`blocksum.block_of`)."""
        if self.kept is not None:  # cut into its block by `cut`, binned by `bin_part`
            self.kept.values.append(value)
            return
        width = self._width
        index = int((value - self.lo) / width) if width > 0 else 0
        if index < 0:
            index = 0
        elif index >= self.bins:
            index = self.bins - 1
        self.counts[index] += 1
        self.sum.add(value, block)
        self.n += 1

    def cut(self, block: int, played_first_run: bool) -> None:
        """A part's values since the last cut are `block`'s (`BlockValues.cut`)."""
        assert self.kept is not None
        if self._tally is None:
            self._tally = Counter()
        self._tally.update(self.kept.values)
        self.kept.cut(block, played_first_run)

    def bin_part(self) -> None:
        """Count a complete part's values (cut) into its bins, all at once: a part's `add`
        only keeps the value. Each distinct value is binned once, by the same arithmetic as
        `add`, so the counts are the same."""
        assert self.kept is not None and not self.kept.values, "cut before binned"
        filled: Counter[int] = Counter()
        width, lo, last = self._width, self.lo, self.bins - 1
        for value, times in (self._tally or {}).items():
            index = int((value - lo) / width) if width > 0 else 0
            if index < 0:
                index = 0
            elif index > last:
                index = last
            filled[index] += times
        self.filled = dict(filled)
        self.n = self.kept.cut_values
        self._tally = None

    def absorb(self, part: Histogram) -> None:
        """Fold in `part` (same bins, its values cut and binned): as if its values had been
        added here one by one."""
        assert part.kept is not None and part.bins == self.bins
        assert part.n == part.kept.cut_values, "a part is binned (bin_part) before absorbed"
        counts = self.counts
        for index, times in part.filled.items():
            counts[index] += times
        self.sum.absorb(part.kept)
        self.n += part.n

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
