"""What a batch shows: ending shares, trajectories by turn, decisive moves, objective scores.

`BatchSummary` folds run results one at a time in constant memory (counts and fixed-bin
histograms), so a summary of 100,000 runs costs what a summary of 1,000 does. It is pure
data; the command line and reports render it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import repeat

from wargame.analysis.blocksum import BlockSum, block_of
from wargame.analysis.play import RunFigures, RunResult, Scalar
from wargame.analysis.stats import Histogram, difference_interval, wilson_interval


@dataclass(frozen=True, slots=True)
class Spread:
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

    def add(self, values: list[float], block: int) -> None:
        """One game's values (the start of each turn it reached, then its end), of a run of
        `block`."""
        if not values:
            return
        starts = len(values) - 1
        for histogram, value in zip(self._turns(starts), values[:starts], strict=False):
            histogram.add(value, block)
        self.histogram(0).add(values[starts], block)

    def histogram(self, h: int) -> Histogram:
        """Histogram `h`: the end of the game (0) or the start of turn h (made if new)."""
        if h == 0:
            if self.end is None:
                self.end = Histogram(self.lo, self.hi)
            return self.end
        return self._turns(h)[h - 1]

    def _turns(self, reached: int) -> list[Histogram]:
        """The turns' histograms, at least `reached` of them."""
        turns = self.turns
        while len(turns) < reached:
            turns.append(Histogram(self.lo, self.hi))
        return turns

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


@dataclass(frozen=True, slots=True)
class MoveRow:
    """How often a move was available and played, and how its games ended."""

    move: str
    games: int
    available: int
    """Games in which it was legal for its actor at least once."""
    played: int
    """Games in which it was played (every one of them among `available`)."""
    endings: dict[str, int]
    """Ending -> games in which the move was played and that ended so."""

    @property
    def available_share(self) -> float:
        return self.available / self.games if self.games else math.nan

    @property
    def played_when_available(self) -> float:
        return self.played / self.available if self.available else math.nan

    def ending_shares(self) -> list[tuple[str, float]]:
        """Each ending's share of the games where the move was played, most frequent first."""
        ranked = sorted(self.endings.items(), key=lambda kv: (-kv[1], kv[0]))
        return [(e, c / self.played) for e, c in ranked] if self.played else []


def _setting_key(params: tuple[tuple[str, Scalar], ...]) -> list[tuple[int, float, str]]:
    """Sort settings by value: numbers numerically, then text."""
    key = []
    for _, value in params:
        if isinstance(value, int | float):
            key.append((0, float(value), ""))
        else:
            key.append((1, 0.0, str(value)))
    return key


@dataclass
class BatchSummary:
    """Streaming summary of a batch (add results in run order for identical floats: see
    `blocksum`; a parallel batch folds in its workers' parts instead: `parts.Gathering`)."""

    n: int = 0
    endings: Counter[str] = field(default_factory=Counter)
    cohesion: dict[str, SeriesByTurn] = field(default_factory=dict)
    variables: dict[str, SeriesByTurn] = field(default_factory=dict)
    variable_bounds: dict[str, tuple[float, float]] = field(default_factory=dict)
    score_totals: dict[str, BlockSum] = field(default_factory=dict)
    """Actor -> the total of its objective scores (`mean_scores`)."""
    move_played: Counter[str] = field(default_factory=Counter)
    """Move -> games in which it was played."""
    move_available: Counter[str] = field(default_factory=Counter)
    """Move -> games in which it was legal for its actor at least once."""
    move_ending: Counter[tuple[str, str]] = field(default_factory=Counter)
    """(move, ending) -> games in which the move was played and that ended so."""
    by_param: dict[tuple[tuple[str, Scalar], ...], Counter[str]] = field(default_factory=dict)

    def add(self, result: RunResult) -> None:
        self.add_figures(RunFigures.of(result))

    def add_figures(self, run: RunFigures) -> None:
        """Fold in one run (what `add` does with what it reads of a `RunResult`)."""
        self.n += 1
        ending = run.ending
        self.endings[ending] += 1
        block = block_of(run.run_index)
        for alliance, values in run.cohesion.items():
            series = self.cohesion.get(alliance)
            if series is None:
                series = self.cohesion[alliance] = SeriesByTurn()
            series.add(values, block)
        for variable, values in run.variables.items():
            series = self.variables.get(variable)
            if series is None:
                lo, hi = self.variable_bounds.get(variable, (0.0, 100.0))
                series = self.variables[variable] = SeriesByTurn(lo, hi)
            series.add(values, block)
        sums = self.score_totals
        for actor, score in run.scores.items():
            total = sums.get(actor)
            if total is None:
                total = sums[actor] = BlockSum()
            total.add(score, block)
        self.move_played.update(run.played)  # each once per game, in order
        self.move_ending.update(zip(run.played, repeat(ending)))
        self.move_available.update(run.available)
        counts = self.by_param.get(run.params)
        if counts is None:
            counts = self.by_param[run.params] = Counter()
        counts[ending] += 1

    def ending_shares(self) -> list[EndingShare]:
        """Each ending's share with a 95 % Wilson interval, most frequent first."""
        rows = []
        for ending, count in sorted(self.endings.items(), key=lambda kv: (-kv[1], kv[0])):
            low, high = wilson_interval(count, self.n)
            rows.append(EndingShare(ending, count, count / self.n, low, high))
        return rows

    def mean_scores(self) -> dict[str, float]:
        if not self.n:
            return {}
        return {actor: sums.total / self.n for actor, sums in self.score_totals.items()}

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

    def move_table(self, moves: Sequence[str] = ()) -> list[MoveRow]:
        """Per move (`moves` first, in their order, then any other played): how often it
        was available and played, and how the games where it was played ended."""
        order = list(dict.fromkeys([*moves, *self.move_available, *self.move_played]))
        rows = []
        for move in order:
            played = self.move_played[move]
            endings = {
                ending: self.move_ending[(move, ending)]
                for ending in self.endings
                if self.move_ending[(move, ending)]
            }
            rows.append(MoveRow(move, self.n, self.move_available[move], played, endings))
        return rows

    def sweep_table(
        self,
    ) -> list[tuple[tuple[tuple[str, Scalar], ...], int, dict[str, tuple[float, float, float]]]]:
        """Per parameter combination (in value order): runs and each ending's (share, low,
        high)."""
        table = []
        for params, counts in sorted(self.by_param.items(), key=lambda kv: _setting_key(kv[0])):
            n = sum(counts.values())
            shares = {}
            for ending in sorted(self.endings):
                low, high = wilson_interval(counts[ending], n)
                shares[ending] = (counts[ending] / n if n else 0.0, low, high)
            table.append((params, n, shares))
        return table
