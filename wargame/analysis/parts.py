"""A worker's part of a batch summary, laid out flat for the process that gathers it.

A batch without `--out` has its workers send back parts of the summary (`batch.summarise_chunk`)
and the command fold them in, in run order (`Gathering`), on a core the workers share: every
CPU second it spends there is taken from the playing. So a part is a handful of objects
whatever its size (one string, a few bytes and arrays), unpickled as blocks of bytes, and
folding it in is a few operations in C: its counts are one integer added to another.

The layout of a `Part` (the names of what it counts: `PartLayout`, E endings, M moves, S
series: the alliances' cohesion then the key variables, A actors):

* `fields`: 32-bit unsigned little-endian counters, sent zlib-compressed (`FIELDS_LEVEL`).
  First the counts (`PartLayout.counted` of them): E ending counts; M moves played; M moves
  available; M x E (move, ending) counts, move-major. Then the histograms' bins (`BINS`
  each), histogram-major: histogram h (0 the end of the game, t the start of turn t) of
  series s is at `counted + (h * S + s) * BINS`, so a part with more turns only adds fields
  at the top.
* `params` and `param_counts`: each setting of the grid the part's runs had (in the order
  met) and its E ending counts.
* the float totals by blocks of runs (`blocksum`): a slot per histogram (h, s) for h below
  `histograms`, then per actor its score; slot k's block sums are `sums[sum_ends[k - 1]:
  sum_ends[k]]`, of the blocks `blocks[...]` (same range); `continued`: entry -> the values
  of a block the part did not play from its first run (a chunk cut inside a block only).
* where the decisions were (`decisions`): `runs`, `steps`, and `available`: per move in
  the layout's order, a bitmap of `(len(runs) + 7) // 8` bytes, bit i for `runs[i]`.

Every counter of a part is at most its number of runs (a run counts once in each), so the
gatherer adds parts' fields as one Python integer while fewer than 2**32 runs are in it: no
field carries into the next. It spills them into the summary's counters and histograms at the
end (`Gathering.settle`) or before that limit.
"""

from __future__ import annotations

import json
import operator
import sys
import zlib
from array import array
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import zip_longest

from wargame.analysis.blocksum import BLOCK_RUNS, BlockSum, BlockValues, block_of
from wargame.analysis.decisions import Decisions, bitmaps, compact_runs, smallest_array
from wargame.analysis.play import RunFigures, Scalar, key_variables
from wargame.analysis.stats import BINS, bin_index
from wargame.analysis.summary import BatchSummary, SeriesByTurn
from wargame.engine import TIME_EXPIRED_ID
from wargame.scenario.ir import ScenarioIR

FIELD = "I"
"""The array type of a field: 32-bit unsigned."""
assert array(FIELD).itemsize == 4
FIELD_RUNS = 1 << 32
"""Runs the gatherer's fields hold before a field could overflow into the next."""
FIELDS_LEVEL = 1
"""The zlib level a part's fields are sent at. They are dense (every histogram's 400 bins,
82 KB for Greenland whatever the part's runs) and mostly empty bins: level 1 makes them
~6 KB in ~0.25 ms, and a 1,024-run part ~37 KB instead of ~112 KB, under a pipe's 64 KB.
So a worker's send of a part returns at once rather than waiting, its core idle, until
the gathering process's result thread is scheduled and has read it."""


def _little(fields: array[int]) -> array[int]:
    """`fields` in little-endian order (the wire's), in place: an array is in the machine's."""
    if sys.byteorder == "big":
        fields.byteswap()
    return fields


Params = tuple[tuple[str, Scalar], ...]


@dataclass(frozen=True, slots=True)
class PartLayout:
    """The names of what a part counts, in the order of its fields."""

    endings: tuple[str, ...]
    moves: tuple[str, ...]
    cohesion: tuple[str, ...]
    """Alliances: the first series."""
    variables: tuple[str, ...]
    """Key variables: the series after the alliances."""
    actors: tuple[str, ...]

    @staticmethod
    def of(scenario: ScenarioIR) -> PartLayout:
        """What a run of `scenario` can record, in the order its figures have it."""
        return _layout_of(scenario)

    @staticmethod
    def read(keys: str) -> PartLayout:
        """The layout a part's `keys` string names."""
        endings, moves, cohesion, variables, actors = json.loads(keys)
        return PartLayout(
            tuple(endings), tuple(moves), tuple(cohesion), tuple(variables), tuple(actors)
        )

    @property
    def keys(self) -> str:
        """The layout as one string: what a part carries of it."""
        return _keys_of(self)

    @property
    def series_count(self) -> int:
        return len(self.cohesion) + len(self.variables)

    @property
    def counted(self) -> int:
        """Fields before the bins."""
        endings, moves = len(self.endings), len(self.moves)
        return endings + 2 * moves + moves * endings

    def with_names(
        self,
        endings: Sequence[str],
        moves: Sequence[str],
        cohesion: Sequence[str],
        variables: Sequence[str],
        actors: Sequence[str],
    ) -> PartLayout:
        """This layout with any of these names it lacks added at the end of their kind."""

        def more(known: tuple[str, ...], seen: Sequence[str]) -> tuple[str, ...]:
            new = set(seen).difference(known)
            if not new:
                return known
            return known + tuple(name for name in dict.fromkeys(seen) if name in new)

        return PartLayout(
            more(self.endings, endings),
            more(self.moves, moves),
            more(self.cohesion, cohesion),
            more(self.variables, variables),
            more(self.actors, actors),
        )


@cache
def _keys_of(layout: PartLayout) -> str:
    return json.dumps(
        [layout.endings, layout.moves, layout.cohesion, layout.variables, layout.actors]
    )


_layouts: dict[int, tuple[ScenarioIR, PartLayout]] = {}


def _layout_of(scenario: ScenarioIR) -> PartLayout:
    found = _layouts.get(id(scenario))
    if found is not None and found[0] is scenario:
        return found[1]
    layout = PartLayout(
        (*(e.id for e in scenario.endings), TIME_EXPIRED_ID, "unfinished"),
        tuple(m.id for m in scenario.moves),
        tuple(a.id for a in scenario.alliances),
        tuple(scenario.variables[i].id for i in key_variables(scenario)),
        tuple(a.id for a in scenario.actors),
    )
    if len(_layouts) >= 16:
        del _layouts[next(iter(_layouts))]
    _layouts[id(scenario)] = (scenario, layout)
    return layout


@dataclass(frozen=True, slots=True)
class Part:
    """A worker's part of a batch: its summary and where its decisions were (see above)."""

    keys: str
    n: int
    histograms: int
    """Histograms per series (the end, then turns 1 to `histograms` - 1)."""
    fields: bytes
    params: tuple[Params, ...]
    param_counts: array[int]
    sums: array[float]
    blocks: array[int]
    sum_ends: array[int]
    continued: dict[int, array[float]]
    runs: range | array[int]
    steps: array[int]
    available: bytes


class _Series:
    """A series' values in a worker: this block's games, then by histogram (the end, then
    the start of each turn) its blocks (`BlockValues`) and its values by value."""

    __slots__ = ("games", "kept", "lo", "tallies", "width")

    def __init__(self, lo: float, hi: float) -> None:
        self.games: list[list[float]] = []
        """The values of each game of the block being played (cut into histograms at its
        end: a list a game here, one pass a histogram there)."""
        self.kept: list[BlockValues] = []
        self.tallies: list[Counter[float]] = []
        """Per histogram, its values already cut, by value (binned once, at the end)."""
        self.lo, self.width = lo, (hi - lo) / BINS

    def cut(self, block: int, first: bool) -> None:
        """The block's games into their histograms, in run order (`BlockValues.cut`)."""
        games, self.games = self.games, []
        if not games:
            return
        columns = [[game[-1] for game in games]]  # the end, then each turn's start
        turns = zip_longest(*_turn_values(games))  # None where a game had ended
        columns += ([v for v in turn if v is not None] for turn in turns)
        kept, tallies = self.kept, self.tallies
        for h, values in enumerate(columns):
            if h == len(kept):
                kept.append(BlockValues())
                tallies.append(Counter())
            if values:
                tallies[h].update(values)
                kept[h].values.extend(values)
                kept[h].cut(block, first)


def _turn_values(games: list[list[float]]) -> list[list[float]]:
    """Each game's values at the start of its turns (all but its end)."""
    return [game[:-1] for game in games]


class PartBuilder:
    """A part in the making, a run at a time (`add`), then sealed flat (`part`)."""

    def __init__(self, layout: PartLayout, bounds: Mapping[str, tuple[float, float]]) -> None:
        self.layout = layout
        self.bounds = bounds
        self.n = 0
        self.endings: Counter[str] = Counter()
        self.played: dict[str, Counter[str]] = {}
        """Ending -> the moves played in its games, each once a game: a move's (move,
        ending) counts, and summed its plays (one count a move and run, not two)."""
        self.by_param: dict[Params, Counter[str]] = {}
        self.cohesion: dict[str, _Series] = {}
        self.variables: dict[str, _Series] = {}
        self.scores: dict[str, BlockValues] = {}
        self.games: list[dict[str, float]] = []
        """The scores of each game of the block being played (cut at its end)."""
        self.runs: list[int] = []
        self.steps: list[int] = []
        self.available: list[tuple[str, ...]] = []
        """The moves available in each run (a bitmap a move at the end)."""
        self._block = -1
        self._played_first_run = False

    def add(self, run: RunFigures) -> None:
        """Fold in the next run (runs come in run order). A run's values are kept as they
        come and sorted out by histogram once a block (`_cut`), in a pass each."""
        self.n += 1
        ending = run.ending
        self.endings[ending] += 1
        block = block_of(run.run_index)
        if block != self._block:
            self._cut()
            self._block = block
            self._played_first_run = run.run_index % BLOCK_RUNS == 0
        cohesion = self.cohesion
        for key, values in run.cohesion.items():
            series = cohesion.get(key)
            if series is None:
                series = cohesion[key] = _Series(0.0, 100.0)
            if values:
                series.games.append(values)
        variables = self.variables
        for key, values in run.variables.items():
            series = variables.get(key)
            if series is None:
                series = variables[key] = _Series(*self.bounds.get(key, (0.0, 100.0)))
            if values:
                series.games.append(values)
        self.games.append(run.scores)
        played = self.played.get(ending)
        if played is None:
            played = self.played[ending] = Counter()
        played.update(run.played)  # each once per game
        counts = self.by_param.get(run.params)
        if counts is None:
            counts = self.by_param[run.params] = Counter()
        counts[ending] += 1
        self.runs.append(run.run_index)
        self.steps.append(run.steps)
        self.available.append(run.available)

    def _cut(self) -> None:
        """The values since the last cut are the block's (`BlockValues.cut`)."""
        if self._block < 0:
            return
        block, first = self._block, self._played_first_run
        for group in (self.cohesion, self.variables):
            for series in group.values():
                series.cut(block, first)
        games, self.games = self.games, []
        scores = self.scores
        for actor in dict.fromkeys(actor for game in games for actor in game):
            kept = scores.get(actor)
            if kept is None:
                kept = scores[actor] = BlockValues()
            kept.values.extend([score for game in games if (score := game.get(actor)) is not None])
            kept.cut(block, first)

    def _flags(self) -> dict[str, bytearray]:
        """Move -> a byte a run, 1 where it was available."""
        flags: dict[str, bytearray] = {}
        runs = self.n
        for position, moves in enumerate(self.available):
            for move in moves:
                where = flags.get(move)
                if where is None:
                    where = flags[move] = bytearray(runs)
                where[position] = 1
        return flags

    def part(self) -> Part:
        """The part, flat (this builder is done with)."""
        self._cut()
        flags = self._flags()
        played: Counter[str] = Counter()
        for counts in self.played.values():
            played.update(counts)
        layout = self.layout.with_names(
            list(self.endings),
            [*played, *flags],
            list(self.cohesion),
            list(self.variables),
            list(self.scores),
        )
        series = [self.cohesion.get(key) for key in layout.cohesion] + [
            self.variables.get(key) for key in layout.variables
        ]
        histograms = max((len(s.kept) for s in series if s is not None), default=0)
        counted, width = layout.counted, layout.series_count * BINS
        fields = array(FIELD, bytes(4 * (counted + histograms * width)))
        self._counts(layout, fields, played, flags)
        sums, blocks, ends = array("d"), array("q"), array("q")
        continued: dict[int, array[float]] = {}

        def slot(kept: BlockValues) -> None:
            for block, values in kept.continued.items():
                continued[len(sums) + kept.blocks.index(block)] = values
            sums.extend(kept.sums)
            blocks.extend(kept.blocks)
            ends.append(len(sums))

        for h in range(histograms):
            for s, found in enumerate(series):
                if found is None or h >= len(found.kept):
                    ends.append(len(sums))
                    continue
                slot(found.kept[h])
                base, lo, step = counted + h * width + s * BINS, found.lo, found.width
                for value, times in found.tallies[h].items():
                    fields[base + bin_index(value, lo, step)] += times
        for actor in layout.actors:
            kept = self.scores.get(actor)
            if kept is None:
                ends.append(len(sums))
            else:
                slot(kept)
        params = tuple(self.by_param)
        param_counts = array(
            FIELD,
            [self.by_param[p][e] for p in params for e in layout.endings],
        )
        return Part(
            layout.keys,
            self.n,
            histograms,
            zlib.compress(_little(fields).tobytes(), FIELDS_LEVEL),
            params,
            param_counts,
            sums,
            blocks,
            ends,
            continued,
            compact_runs(self.runs),
            smallest_array(self.steps),
            bitmaps(flags, layout.moves, self.n),
        )

    def _counts(
        self,
        layout: PartLayout,
        fields: array[int],
        played: Counter[str],
        flags: Mapping[str, bytearray],
    ) -> None:
        """The counts into their fields (`counted` of them, at the start); `played`: the
        games each move was played in; `flags`: where each move was available (`_flags`)."""
        endings, moves = len(layout.endings), len(layout.moves)
        ending_at = {e: i for i, e in enumerate(layout.endings)}
        for i, ending in enumerate(layout.endings):
            fields[i] = self.endings[ending]
        for m, move in enumerate(layout.moves):
            fields[endings + m] = played[move]
            where = flags.get(move)
            fields[endings + moves + m] = where.count(1) if where is not None else 0
        move_at = {m: i for i, m in enumerate(layout.moves)}
        base = endings + 2 * moves
        for ending, counts in self.played.items():
            e = ending_at[ending]
            for move, count in counts.items():
                fields[base + move_at[move] * endings + e] = count


@dataclass
class Gathering:
    """Parts folded into a batch's summary and decisions, in run order: the summary is then
    exactly what adding their runs one by one would have made, once `settle` has spilled the
    counts (at the end of the batch)."""

    summary: BatchSummary
    decisions: Decisions
    _keys: str = ""
    _layout: PartLayout | None = None
    _fields: int = 0
    """The parts' fields since the last spill, added as one integer (see above)."""
    _pending: int = 0
    """Runs in `_fields`."""
    _histograms: int = 0
    _series: list[SeriesByTurn] = field(default_factory=list)
    """The summary's series, in the layout's order."""
    _totals: dict[int, list[BlockSum | None]] = field(default_factory=dict)
    """By a part's histograms a series: the summary's total each of its slots adds to
    (found on first use)."""

    def absorb(self, part: Part) -> None:
        """Fold in the part of the runs that come next."""
        if part.keys != self._keys or self._pending + part.n >= FIELD_RUNS:
            self.settle()
            if part.keys != self._keys:
                self._start(part.keys)
        layout = self._layout
        assert layout is not None
        summary = self.summary
        summary.n += part.n
        self._fields += int.from_bytes(zlib.decompress(part.fields), "little")
        self._pending += part.n
        self._histograms = max(self._histograms, part.histograms)
        endings = layout.endings
        for p, params in enumerate(part.params):
            counts = summary.by_param.get(params)
            if counts is None:
                counts = summary.by_param[params] = Counter()
            for e, count in enumerate(part.param_counts[p * len(endings) : (p + 1) * len(endings)]):
                if count:
                    counts[endings[e]] += count
        self._sums(part, layout)
        self.decisions.add_part(part.runs, part.steps, part.available, layout.moves)

    def _start(self, keys: str) -> None:
        """Parts laid out by `keys` from now on."""
        layout = self._layout = PartLayout.read(keys)
        self._keys = keys
        summary = self.summary
        self._series = []
        self._totals = {}
        for group, names, bounds in (
            (summary.cohesion, layout.cohesion, {}),
            (summary.variables, layout.variables, summary.variable_bounds),
        ):
            for name in names:
                series = group.get(name)
                if series is None:
                    lo, hi = bounds.get(name, (0.0, 100.0))
                    series = group[name] = SeriesByTurn(lo, hi)
                self._series.append(series)

    def _sums(self, part: Part, layout: PartLayout) -> None:
        """The part's float totals, slot by slot (a slot is a histogram's or a score's)."""
        sums, blocks = memoryview(part.sums), memoryview(part.blocks)
        totals = self._totals.get(part.histograms)
        if totals is None:
            totals = self._totals[part.histograms] = [None] * len(part.sum_ends)
        start = 0
        for slot, stop in enumerate(part.sum_ends):
            if stop == start:
                continue
            continued = part.continued and {
                blocks[e]: values for e, values in part.continued.items() if start <= e < stop
            }
            total = totals[slot]
            if total is None:
                total = totals[slot] = self._total(slot, part.histograms, layout)
            total.absorb(blocks[start:stop], sums[start:stop], continued)
            start = stop

    def _total(self, slot: int, histograms: int, layout: PartLayout) -> BlockSum:
        """The summary's total that `slot` of a part with `histograms` a series adds to."""
        series = len(self._series)
        if slot < histograms * series:
            h, s = divmod(slot, series)
            return self._series[s].histogram(h).sum
        actor = layout.actors[slot - histograms * series]
        total = self.summary.score_totals.get(actor)
        if total is None:
            total = self.summary.score_totals[actor] = BlockSum()
        return total

    def settle(self) -> None:
        """Spill the counts gathered since the last spill into the summary: after it, the
        summary holds every part absorbed."""
        layout = self._layout
        if layout is None or not self._pending:
            return
        summary = self.summary
        counted, width = layout.counted, len(self._series) * BINS
        size = counted + self._histograms * width
        fields = array(FIELD)
        fields.frombytes(self._fields.to_bytes(4 * size, "little"))
        _little(fields)  # back to the machine's order
        endings, moves = layout.endings, layout.moves
        for e, ending in enumerate(endings):
            if fields[e]:
                summary.endings[ending] += fields[e]
        for m, move in enumerate(moves):
            if fields[len(endings) + m]:
                summary.move_played[move] += fields[len(endings) + m]
            if fields[len(endings) + len(moves) + m]:
                summary.move_available[move] += fields[len(endings) + len(moves) + m]
        base = len(endings) + 2 * len(moves)
        for m, move in enumerate(moves):
            for e, ending in enumerate(endings):
                count = fields[base + m * len(endings) + e]
                if count:
                    summary.move_ending[(move, ending)] += count
        for h in range(self._histograms):
            for s, series in enumerate(self._series):
                start = counted + h * width + s * BINS
                bins = fields[start : start + BINS]
                if not any(bins):
                    continue
                histogram = series.histogram(h)
                histogram.counts = list(map(operator.add, histogram.counts, bins))
                histogram.n += sum(bins)
        self._fields = self._pending = self._histograms = 0
