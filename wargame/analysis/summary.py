"""What a batch shows: ending shares, trajectories by turn, decisive moves, objective scores.

`BatchSummary` folds run results one at a time in constant memory (counts and fixed-bin
histograms), so a summary of 100,000 runs costs what a summary of 1,000 does. It is pure
data; the command line and reports render it.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from wargame.analysis.play import RunResult
from wargame.analysis.stats import Histogram, difference_interval, wilson_interval


class Spread(NamedTuple):
    """A quantity's distribution at one point of the game over the games that reached it."""

    mean: float
    p10: float
    p25: float
    p75: float
    p90: float
    n: int
    """Games behind the figures."""


def _spread(h: Histogram) -> Spread:
    return Spread(
        h.mean, h.percentile(10), h.percentile(25), h.percentile(75), h.percentile(90), h.n
    )


@dataclass
class SeriesByTurn:
    """A trajectory's distribution at the start of each turn and at the end of the game.

    A run that ended in turn T records T + 1 values: the start of turns 1 to T, then its end.
    The start of turn t gathers exactly the games that reached turn t, and `end` gathers every
    game, so a game that ended early never lends its end value to a later turn.
    """

    lo: float = 0.0
    hi: float = 100.0
    turns: list[Histogram] = field(default_factory=list)
    """Index t - 1: the start of turn t."""
    end: Histogram | None = None

    def add(self, values: list[float]) -> None:
        if not values:
            return
        *starts, last = values
        while len(self.turns) < len(starts):
            self.turns.append(Histogram(self.lo, self.hi))
        for index, value in enumerate(starts):
            self.turns[index].add(value)
        if self.end is None:
            self.end = Histogram(self.lo, self.hi)
        self.end.add(last)

    def bands(self) -> list[Spread]:
        """Per turn from turn 1: the distribution at its start."""
        return [_spread(h) for h in self.turns]

    def end_band(self) -> Spread:
        """The distribution at the end of every game."""
        return _spread(self.end if self.end is not None else Histogram(self.lo, self.hi))


@dataclass(frozen=True, slots=True)
class EndingShare:
    ending: str
    count: int
    share: float
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class DecisiveMove:
    """How an ending's share differs between games where a move was played and not."""

    move: str
    ending: str
    played_n: int
    share_played: float
    share_not: float
    difference: float
    low: float
    high: float


@dataclass
class BatchSummary:
    """Streaming summary of a batch (add results in run order for identical floats)."""

    n: int = 0
    endings: Counter[str] = field(default_factory=Counter)
    cohesion: dict[str, SeriesByTurn] = field(default_factory=dict)
    variables: dict[str, SeriesByTurn] = field(default_factory=dict)
    variable_bounds: dict[str, tuple[float, float]] = field(default_factory=dict)
    score_totals: dict[str, float] = field(default_factory=dict)
    move_played: Counter[str] = field(default_factory=Counter)
    move_ending: Counter[tuple[str, str]] = field(default_factory=Counter)
    by_param: dict[tuple[tuple[str, str], ...], Counter[str]] = field(default_factory=dict)

    def add(self, result: RunResult) -> None:
        self.n += 1
        self.endings[result.ending] += 1
        for alliance, values in result.cohesion.items():
            self.cohesion.setdefault(alliance, SeriesByTurn()).add(values)
        for variable, values in result.variables.items():
            lo, hi = self.variable_bounds.get(variable, (0.0, 100.0))
            self.variables.setdefault(variable, SeriesByTurn(lo, hi)).add(values)
        for actor, score in result.scores.items():
            self.score_totals[actor] = self.score_totals.get(actor, 0.0) + score
        for move in dict.fromkeys(result.moves):  # each move once per game, in order
            self.move_played[move] += 1
            self.move_ending[(move, result.ending)] += 1
        key = tuple(sorted(result.params.items()))
        self.by_param.setdefault(key, Counter())[result.ending] += 1

    def ending_shares(self) -> list[EndingShare]:
        """Each ending's share with a 95 % Wilson interval, most frequent first."""
        rows = []
        for ending, count in sorted(self.endings.items(), key=lambda kv: (-kv[1], kv[0])):
            low, high = wilson_interval(count, self.n)
            rows.append(EndingShare(ending, count, count / self.n, low, high))
        return rows

    def mean_scores(self) -> dict[str, float]:
        return {a: total / self.n for a, total in self.score_totals.items()} if self.n else {}

    def decisive_moves(self, top: int = 10, min_games: int = 20) -> list[DecisiveMove]:
        """Moves whose playing shifts an ending's share the most (interval excluding 0 first)."""
        rows: list[DecisiveMove] = []
        for move, played in self.move_played.items():
            not_played = self.n - played
            if played < min_games or not_played < min_games:
                continue
            for ending, total in self.endings.items():
                hits_played = self.move_ending[(move, ending)]
                hits_not = total - hits_played
                d, low, high = difference_interval(hits_played, played, hits_not, not_played)
                if math.isnan(d):
                    continue
                rows.append(
                    DecisiveMove(
                        move,
                        ending,
                        played,
                        hits_played / played,
                        hits_not / not_played,
                        d,
                        low,
                        high,
                    )
                )
        rows.sort(key=lambda r: (-(r.low > 0 or r.high < 0), -abs(r.difference), r.move, r.ending))
        return rows[:top]

    def sweep_table(
        self,
    ) -> list[tuple[tuple[tuple[str, str], ...], int, dict[str, tuple[float, float, float]]]]:
        """Per parameter combination: runs and each ending's (share, low, high)."""
        table = []
        for params, counts in sorted(self.by_param.items()):
            n = sum(counts.values())
            shares = {}
            for ending in sorted(self.endings):
                low, high = wilson_interval(counts[ending], n)
                shares[ending] = (counts[ending] / n if n else 0.0, low, high)
            table.append((params, n, shares))
        return table
